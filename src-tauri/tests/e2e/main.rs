//! End-to-end tests of the real tray app: built binary, real WebKit webview
//! under Xvfb, notifications read off a private session bus, the dashboard
//! driven through WebDriver, status pages served on 127.0.0.1.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod autostart;
mod dashboard;
mod desktop;
mod first_start;
mod french;
mod history;
mod metrics;
mod notifications;
mod problems;
mod seed;
mod setup;
mod steer;
mod tray;
mod webdriver;
mod words;
mod x11;

use downbeat_core::testkit::{FakeStatusPage, PageState};
use notifications::{Notifications, Shown};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use webdriver::WebDriver;

pub(crate) const APP: &str = env!("CARGO_BIN_EXE_downbeat-desktop");

#[test]
fn outage_and_recovery_are_notified_and_shown_live() {
    setup::in_private_session(
        "outage_and_recovery_are_notified_and_shown_live",
        outage_and_recovery,
    );
}

async fn outage_and_recovery() {
    let desk = setup::Desk::start().await;
    let (notifications, bus, panel) = (&desk.notifications, &desk.bus, &desk.panel);
    let acme = FakeStatusPage::start("Acme").await.expect("status page");
    // Checked once at start and then only when asked: shows "Check now" works.
    let beta = FakeStatusPage::start("Beta").await.expect("status page");
    let args = desk.write_config(&config_text(&acme, &beta));
    let (_driver, dashboard) = desk.open(&args).await;

    // Both services appear and are up.
    wait_for(
        "Acme shown as operational",
        || row_status(&dashboard, "acme"),
        "operational".to_owned(),
    )
    .await;
    wait_for(
        "Beta shown as operational",
        || row_status(&dashboard, "beta"),
        "operational".to_owned(),
    )
    .await;
    let headline = dashboard.find("#summary-text").await.expect("headline");
    assert_eq!(
        dashboard.text(&headline).await.unwrap(),
        "All 2 services are up"
    );

    // The tray: a green icon, and a menu listing the services, then the actions.
    wait_for("a green tray icon", || tray_colour(panel), "green").await;
    wait_for(
        "the services in the tray menu",
        || tray_lines(panel),
        vec![
            "All 2 services are up".to_owned(),
            "●  Acme — Operational".to_owned(),
            "●  Beta — Operational".to_owned(),
            "Open dashboard".to_owned(),
            "Check now".to_owned(),
            "Pause notifications".to_owned(),
            "Launch at login".to_owned(),
            "Quit Downbeat".to_owned(),
        ],
    )
    .await;
    let menu = panel.menu().await.unwrap();
    assert_eq!(
        menu.find("Pause notifications").unwrap().labels(),
        ["For 1 hour", "Until tomorrow", "Resume"]
    );

    // Outage: one notification naming the service, and the dashboard follows.
    acme.set(PageState::MajorOutage {
        title: "Elevated error rates on the Acme API".into(),
        body: "We are investigating.".into(),
    });
    let outage_started = Instant::now();
    let outage = wait_notification(notifications, "Acme is down").await;
    assert_eq!(outage.app_name, "Downbeat");
    assert!(
        outage.body.contains("Acme") && outage.body.contains("Elevated error rates"),
        "{outage:?}"
    );
    wait_for(
        "Acme shown as down",
        || row_status(&dashboard, "acme"),
        "major_outage".to_owned(),
    )
    .await;
    assert_eq!(dashboard.text(&headline).await.unwrap(), "Acme is down");
    wait_for("a red tray icon", || tray_colour(panel), "red").await;
    let lines = tray_lines(panel).await.unwrap();
    assert_eq!(
        lines[..3],
        [
            "Acme is down",
            "✖  Acme — Major outage",
            "●  Beta — Operational"
        ]
    );
    let reason = dashboard
        .find("li[data-service=acme] .reason")
        .await
        .unwrap();
    assert!(dashboard
        .text(&reason)
        .await
        .unwrap()
        .contains("Elevated error rates on the Acme API"));
    save_screenshot(&dashboard, "dashboard-outage.png").await;

    // "Open" on the notification, where the server offers actions, brings
    // the dashboard up on that service.
    assert!(outage.actions.iter().any(|a| a == "default"), "{outage:?}");
    wait_for(
        "Acme focused from its notification",
        || async {
            // Repeated: the app listens for the click once it has shown it.
            notifications::invoke(bus, outage.id, "default")
                .await
                .map_err(|e| e.to_string())?;
            let row = dashboard.find("li[data-service=acme]").await?;
            dashboard.attribute(&row, "data-focused").await
        },
        Some("true".to_owned()),
    )
    .await;
    save_screenshot(&dashboard, "dashboard-focused.png").await;

    // Recovery: a second notification with how long it was down.
    tokio::time::sleep(Duration::from_secs(4)).await;
    acme.set(PageState::Operational);
    let outage_lasted = outage_started.elapsed().as_secs();
    let recovery = wait_notification(notifications, "Acme is back up").await;
    let reported =
        seconds_down(&recovery.body).unwrap_or_else(|| panic!("no duration in {recovery:?}"));
    assert!(
        reported.abs_diff(outage_lasted) <= 3,
        "reported {reported} s down, the page was down {outage_lasted} s: {recovery:?}"
    );
    // An alarm for the outage, calm news for the recovery, which takes the
    // outage notification's place instead of leaving it on screen.
    assert_eq!(
        (outage.urgency, outage.icon.as_str()),
        (Some(2), "dialog-error")
    );
    assert_eq!(
        (recovery.urgency, recovery.icon.as_str()),
        (Some(1), "emblem-ok-symbolic"),
        "{recovery:?}"
    );
    assert_eq!(
        recovery.replaces_id, outage.id,
        "the recovery replaces the outage"
    );
    wait_for(
        "Acme shown as up again",
        || row_status(&dashboard, "acme"),
        "operational".to_owned(),
    )
    .await;
    wait_for("a green tray icon again", || tray_colour(panel), "green").await;
    save_screenshot(&dashboard, "dashboard.png").await;

    // Check now re-checks everything, including Beta whose interval is an hour.
    let before = beta.requests();
    let button = dashboard
        .find("#check-now")
        .await
        .expect("Check now button");
    dashboard.click(&button).await.expect("click Check now");
    wait_for(
        "Beta re-checked",
        || async { Ok(beta.requests() > before) },
        true,
    )
    .await;

    // Pausing from the tray shows in the dashboard; resuming clears it.
    panel.click("For 1 hour").await.expect("click For 1 hour");
    wait_for(
        "the paused banner",
        || banner(&dashboard),
        Some("Notifications paused until".to_owned()),
    )
    .await;
    panel.click("Resume").await.expect("click Resume");
    wait_for("the paused banner gone", || banner(&dashboard), None).await;

    // Nothing more was said: exactly one outage and one recovery.
    tokio::time::sleep(Duration::from_secs(2)).await;
    let said: Vec<String> = notifications.all().into_iter().map(|n| n.summary).collect();
    assert_eq!(said, ["Acme is down", "Acme is back up"]);

    // Closing the dashboard (its × button) leaves the app running in the tray.
    let screen = x11::Screen::connect(&desk.display.name).expect("X display");
    let windows = screen.windows_titled("Downbeat").expect("windows");
    assert_eq!(windows.len(), 1, "one dashboard window on screen");
    screen.close(windows[0]).expect("close the dashboard");
    wait_for(
        "the dashboard gone",
        || async { screen.windows_titled("Downbeat").map(|w| w.len()) },
        0,
    )
    .await;
    let after_close = acme.requests();
    wait_for(
        "the app still checking",
        || async { Ok(acme.requests() >= after_close + 2) },
        true,
    )
    .await;

    // The tray's "Open dashboard" brings it back.
    panel
        .click("Open dashboard")
        .await
        .expect("click Open dashboard");
    wait_for(
        "the dashboard opened from the tray",
        || async { screen.windows_titled("Downbeat").map(|w| w.len()) },
        1,
    )
    .await;
    let windows = screen.windows_titled("Downbeat").expect("windows");
    screen.close(windows[0]).expect("close the dashboard");
    wait_for(
        "the dashboard gone again",
        || async { screen.windows_titled("Downbeat").map(|w| w.len()) },
        0,
    )
    .await;

    // With the dashboard closed, clicking a notification opens it.
    notifications::invoke(bus, recovery.id, "default")
        .await
        .expect("click the notification");
    wait_for(
        "the dashboard opened from a notification",
        || async { screen.windows_titled("Downbeat").map(|w| w.len()) },
        1,
    )
    .await;
    let windows = screen.windows_titled("Downbeat").expect("windows");
    screen.close(windows[0]).expect("close the dashboard");
    wait_for(
        "the dashboard gone a third time",
        || async { screen.windows_titled("Downbeat").map(|w| w.len()) },
        0,
    )
    .await;

    // A second launch hands over to the running app and exits; the running
    // app opens its dashboard again.
    let started = Instant::now();
    let mut second = desk.launch(&args);
    let status = loop {
        if let Some(status) = second.0.try_wait().expect("wait") {
            break status;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the second instance kept running"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert!(status.success(), "second instance: {status}");
    wait_for(
        "the dashboard back on screen",
        || async { screen.windows_titled("Downbeat").map(|w| w.len()) },
        1,
    )
    .await;
    // And nothing was said twice.
    let said: Vec<String> = notifications.all().into_iter().map(|n| n.summary).collect();
    assert_eq!(said, ["Acme is down", "Acme is back up"]);

    // Quit from the tray ends the app: its window goes, and checks stop.
    // The app may exit before it answers the click: that is the click working.
    if let Err(error) = panel.click("Quit Downbeat").await {
        assert!(
            error.contains("NoReply") || error.contains("disconnected"),
            "click Quit: {error}"
        );
    }
    wait_for(
        "the dashboard gone after Quit",
        || async { screen.windows_titled("Downbeat").map(|w| w.len()) },
        0,
    )
    .await;
    tokio::time::sleep(Duration::from_secs(2)).await;
    let after_quit = acme.requests();
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        acme.requests(),
        after_quit,
        "the app kept checking after Quit"
    );

    dashboard.end().await;
}

pub(crate) async fn tray_colour(panel: &tray::Panel) -> Result<&'static str, String> {
    tray::icon_colour(&panel.icon_file().await?)
}

pub(crate) async fn tray_lines(panel: &tray::Panel) -> Result<Vec<String>, String> {
    panel.menu().await.map(|menu| menu.labels())
}

/// The paused banner's text (its first words), if it is shown.
async fn banner(dashboard: &WebDriver) -> Result<Option<String>, String> {
    let banner = dashboard.find("#paused").await?;
    if dashboard.attribute(&banner, "hidden").await?.is_some() {
        return Ok(None);
    }
    let text = dashboard.text(&banner).await?;
    Ok(Some(
        text.split(" until ").next().unwrap_or_default().to_owned() + " until",
    ))
}

pub(crate) fn config_text(acme: &FakeStatusPage, beta: &FakeStatusPage) -> String {
    format!(
        r#"[general]
launch_at_login = false       # set, so the first-run question is not asked

[notifications]
group_window = "1s"

[connectivity]
anchors = []

[[services]]
id = "acme"
name = "Acme"
interval = "1s"
[[services.sources]]
kind = "statuspage"
url = "{}"

[[services]]
id = "beta"
name = "Beta"
interval = "1h"
[[services.sources]]
kind = "statuspage"
url = "{}"
"#,
        acme.url(),
        beta.url()
    )
}

pub(crate) async fn row_status(dashboard: &WebDriver, service: &str) -> Result<String, String> {
    let row = dashboard
        .find(&format!("li[data-service={service}]"))
        .await?;
    dashboard
        .attribute(&row, "data-status")
        .await
        .map(Option::unwrap_or_default)
}

/// Poll until `probe` gives `expected` (30 s at most), failing with the last answer.
pub(crate) async fn wait_for<T, F, Fut>(what: &str, mut probe: F, expected: T)
where
    T: PartialEq + std::fmt::Debug,
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, String>>,
{
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let last = probe().await;
        if last.as_ref() == Ok(&expected) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "waiting for {what}: last saw {last:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

pub(crate) async fn wait_notification(notifications: &Notifications, summary: &str) -> Shown {
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        if let Some(shown) = notifications
            .all()
            .into_iter()
            .find(|n| n.summary == summary)
        {
            return shown;
        }
        assert!(
            Instant::now() < deadline,
            "no notification {summary:?}; got {:?}",
            notifications.all()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// "Acme was down for 5 s." → 5.
fn seconds_down(body: &str) -> Option<u64> {
    let rest = &body[body.find("down for ")? + "down for ".len()..];
    let number: String = rest.chars().take_while(char::is_ascii_digit).collect();
    rest[number.len()..]
        .starts_with(" s")
        .then(|| number.parse().ok())
        .flatten()
}

pub(crate) async fn save_screenshot(dashboard: &WebDriver, name: &str) {
    save_png(&dashboard.screenshot().await.expect("screenshot"), name);
}

/// Keep a PNG with the screenshots (in `DOWNBEAT_SCREENSHOTS` when set).
pub(crate) fn save_png(png: &[u8], name: &str) {
    assert!(png.starts_with(b"\x89PNG"), "not a PNG");
    let dir = std::env::var_os("DOWNBEAT_SCREENSHOTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_TARGET_TMPDIR")).join("screenshots"));
    std::fs::create_dir_all(&dir).expect("screenshot directory");
    std::fs::write(dir.join(name), png).expect("save screenshot");
    eprintln!("screenshot: {}", dir.join(name).display());
}

/// `--help` without a display prints the usage and exits 0: GTK never starts.
#[test]
fn help_needs_no_display() {
    let output = std::process::Command::new(APP)
        .arg("--help")
        .env_remove("DISPLAY")
        .env_remove("WAYLAND_DISPLAY")
        .output()
        .expect("run the app");
    assert_eq!(output.status.code(), Some(0), "{output:?}");
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(text.contains("Usage: downbeat-desktop"), "{text}");
    assert!(
        output.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
}
