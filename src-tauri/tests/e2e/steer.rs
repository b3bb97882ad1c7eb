//! Notifications steered per service in the real app: each service's tray
//! submenu read and clicked over D-Bus (dbusmenu), a snooze shown on the
//! card and ended there, the outage notification's "Snooze 1 h" pressed as
//! the notification server would say it (ActionInvoked), "Tell me when
//! it's back" from the tray, an alert level from the tray, and "More…".

use crate::notifications;
use crate::setup::{in_private_session, Desk};
use crate::tray::Entry;
use crate::{save_screenshot, tray_lines, wait_for, wait_notification};
use downbeat_core::testkit::{FakeStatusPage, PageState};
use std::time::Duration;

const ACME: &str = "●  Acme — Operational";
const BETA: &str = "●  Beta — Operational";

#[test]
fn a_service_is_snoozed_from_its_tray_submenu_its_card_and_its_notification() {
    in_private_session(
        "steer::a_service_is_snoozed_from_its_tray_submenu_its_card_and_its_notification",
        steer,
    );
}

async fn steer() {
    let desk = Desk::start().await;
    let (notifications, bus, panel) = (&desk.notifications, &desk.bus, &desk.panel);
    let acme = FakeStatusPage::start("Acme").await.expect("status page");
    let beta = FakeStatusPage::start("Beta").await.expect("status page");
    let mut more = Vec::new();
    for n in 1..=15 {
        more.push(
            FakeStatusPage::start(&format!("S{n:02}"))
                .await
                .expect("status page"),
        );
    }
    let args = desk.write_config(&config_text(&acme, &beta, &more));
    let config = desk.config();
    let (_driver, dashboard) = desk.open(&args).await;

    // Seventeen services: fifteen at the top, two under "More…".
    wait_for(
        "the services in the tray menu",
        || async {
            let lines = tray_lines(panel).await?;
            Ok(lines.iter().filter(|l| l.starts_with("●  ")).count())
        },
        15,
    )
    .await;
    let menu = panel.menu().await.expect("menu");
    let lines = menu.labels();
    assert_eq!(lines[1..3], [ACME, BETA], "{lines:?}");
    assert!(lines.contains(&"More…".to_owned()), "{lines:?}");
    assert_eq!(
        menu.at(&["More…"]).expect("More…").labels(),
        ["●  S14 — Operational", "●  S15 — Operational"]
    );
    // Acme's submenu: its reason, then what can be done.
    let submenu = menu.at(&[ACME]).expect("Acme's submenu").labels();
    assert!(submenu[0].contains("Acme"), "the reason first: {submenu:?}");
    assert_eq!(
        submenu[1..],
        ["Open its page", "Check now", "Snooze", "Alerts"],
        "no 'Tell me when it's back' while it is up"
    );
    assert_eq!(
        menu.at(&[ACME, "Snooze"]).expect("Snooze ▸").labels(),
        [
            "Snooze for 1 hour",
            "Snooze until tomorrow 08:00",
            "Snooze until it's back",
            "End snooze"
        ]
    );
    let levels: Vec<(String, Option<bool>)> = menu
        .at(&[ACME, "Alerts"])
        .expect("Alerts ▸")
        .children
        .iter()
        .map(|e| (e.label.clone(), e.checked))
        .collect();
    assert_eq!(
        levels,
        [
            ("All changes".to_owned(), Some(false)),
            ("Outages only".to_owned(), Some(true)),
            ("Off".to_owned(), Some(false)),
        ],
        "the default level (degraded off) is ticked"
    );

    // Checks that change nothing shown leave the menu alone: the panel keeps
    // the same items (a menu handed over again gets new dbusmenu ids).
    let before = ids(&menu);
    let checked = acme.requests();
    wait_for(
        "three more checks of Acme",
        || async { Ok(acme.requests() >= checked + 3) },
        true,
    )
    .await;
    let after = ids(&panel.menu().await.expect("menu"));
    assert!(
        after == before,
        "the menu was rebuilt though nothing it shows changed: items {:?}… became {:?}…",
        before.iter().take(3).collect::<Vec<_>>(),
        after.iter().take(3).collect::<Vec<_>>()
    );

    // Snooze for 1 hour from the tray: the card and the menu say until when.
    panel
        .click_path(&[ACME, "Snooze", "Snooze for 1 hour"])
        .await
        .expect("click Snooze for 1 hour");
    wait_for(
        "the snooze on Acme's card",
        || async {
            let tag = dashboard
                .find("li[data-service=acme] .alert-controls .snoozed")
                .await?;
            let text = dashboard.text(&tag).await?;
            Ok(text.starts_with("Snoozed until") && text.ends_with("min left)"))
        },
        true,
    )
    .await;
    let snoozed_line = format!("{ACME}  (snoozed)");
    wait_for(
        "the snooze in the tray",
        || async {
            let menu = panel.menu().await?;
            let submenu = menu.at(&[&snoozed_line]).ok_or("no snoozed line")?;
            Ok(submenu.labels()[1].starts_with("Snoozed until"))
        },
        true,
    )
    .await;
    save_screenshot(&dashboard, "card-snoozed-up.png").await;

    // Down while snoozed: nothing said.
    acme.set(PageState::MajorOutage {
        title: "Acme API errors".into(),
        body: "Investigating.".into(),
    });
    wait_for(
        "Acme shown as down",
        || async {
            let row = dashboard.find("li[data-service=acme]").await?;
            dashboard.attribute(&row, "data-status").await
        },
        Some("major_outage".to_owned()),
    )
    .await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(notifications.all().is_empty(), "{:?}", notifications.all());

    // End the snooze on the card: the outage is told at once, with buttons.
    let end = dashboard
        .find("li[data-service=acme] button[data-action=snooze-end]")
        .await
        .expect("End snooze on the card");
    dashboard.click(&end).await.expect("click End snooze");
    let outage = wait_notification(notifications, "Acme is down").await;
    wait_for(
        "the snooze gone from the card",
        || dashboard.count("li[data-service=acme] .alert-controls .snoozed"),
        0,
    )
    .await;
    for (key, label) in [
        ("default", "Open"),
        ("snooze-hour", "Snooze 1 h"),
        ("when-back", "Tell me when it's back"),
    ] {
        let at = outage.actions.iter().position(|a| a == key);
        assert_eq!(
            at.and_then(|i| outage.actions.get(i + 1))
                .map(String::as_str),
            Some(label),
            "{:?}",
            outage.actions
        );
    }

    // "Snooze 1 h" pressed on the notification: the card shows the snooze.
    wait_for(
        "Acme snoozed from its notification",
        || async {
            // Repeated: the app listens for the press once it has shown it.
            notifications::invoke(bus, outage.id, "snooze-hour")
                .await
                .map_err(|e| e.to_string())?;
            dashboard
                .count("li[data-service=acme] .alert-controls .snoozed")
                .await
        },
        1,
    )
    .await;
    save_screenshot(&dashboard, "card-snoozed.png").await;

    // "Tell me when it's back" from the tray, while it is down and snoozed.
    let down_line = "✖  Acme — Major outage  (snoozed)";
    wait_for(
        "'Tell me when it's back' ticked",
        || async {
            let menu = panel.menu().await?;
            let item = menu
                .at(&[down_line, "Tell me when it's back"])
                .ok_or_else(|| {
                    let submenu = menu.find(down_line).map(|e| e.labels());
                    format!("not yet: {:?} / {submenu:?}", menu.labels())
                })?;
            if item.checked != Some(true) {
                panel
                    .click_path(&[down_line, "Tell me when it's back"])
                    .await?;
            }
            Ok(item.checked)
        },
        Some(true),
    )
    .await;
    wait_for(
        "the card saying it too",
        || {
            dashboard
                .count("li[data-service=acme] button[data-action=when-back][aria-pressed=true]")
        },
        1,
    )
    .await;
    acme.set(PageState::Operational);
    let back = wait_notification(notifications, "Acme is back up").await;
    assert!(back.body.contains("down for"), "{back:?}");

    // Alerts ▸ Off for Beta from the tray: written to the config, marked.
    panel
        .click_path(&[BETA, "Alerts", "Off"])
        .await
        .expect("click Off");
    wait_for(
        "Beta's alerts off in the file",
        || async {
            let text = std::fs::read_to_string(&config).map_err(|e| e.to_string())?;
            Ok(text.contains("alerts = \"off\""))
        },
        true,
    )
    .await;
    wait_for(
        "Beta marked in the tray, under More… (muted ones go last)",
        || async {
            let menu = panel.menu().await?;
            Ok(menu.at(&["More…", &format!("{BETA}  (muted)")]).is_some())
        },
        true,
    )
    .await;
    // The reload kept Acme's snooze.
    wait_for(
        "Acme still snoozed after the reload",
        || dashboard.count("li[data-service=acme] .alert-controls .snoozed"),
        1,
    )
    .await;

    // "Open its page": the dashboard goes to Acme's page.
    panel
        .click_path(&[&snoozed_line, "Open its page"])
        .await
        .expect("click Open its page");
    wait_for(
        "Acme's page in the dashboard",
        || dashboard.execute("return location.hash"),
        serde_json::Value::from("#/service/acme"),
    )
    .await;

    tokio::time::sleep(Duration::from_secs(2)).await;
    let said: Vec<String> = notifications.all().into_iter().map(|n| n.summary).collect();
    assert_eq!(said, ["Acme is down", "Acme is back up"]);
    dashboard.end().await;
}

/// Every item's dbusmenu id, depth first.
fn ids(entry: &Entry) -> Vec<i32> {
    std::iter::once(entry.id)
        .chain(entry.children.iter().flat_map(ids))
        .collect()
}

fn config_text(acme: &FakeStatusPage, beta: &FakeStatusPage, more: &[FakeStatusPage]) -> String {
    // As the outage test's, and fifteen more.
    let mut text = crate::config_text(acme, beta);
    for (n, page) in (1..).zip(more) {
        text.push_str(&format!(
            "\n[[services]]\nid = \"s{n:02}\"\nname = \"S{n:02}\"\ninterval = \"1h\"\n[[services.sources]]\nkind = \"statuspage\"\nurl = \"{}\"\n",
            page.url()
        ));
    }
    text
}
