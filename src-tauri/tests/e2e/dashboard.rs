//! The dashboard's pages in the real app: the overview with its bars, a
//! service's incident timeline from a seeded history, the incidents list,
//! the keyboard, 200 % zoom, both themes, and hostile vendor text shown as
//! text with nothing run. Screenshots of each page go to docs/screenshots
//! when DOWNBEAT_SCREENSHOTS points there.

use crate::setup::{in_private_session, Desk};
use crate::webdriver::WebDriver;
use crate::{row_status, save_screenshot, wait_for};
use chrono::Utc;
use downbeat_core::model::i18n::{Language, Text};
use downbeat_core::testkit::{FakeStatusPage, PageState};
use std::path::Path;

/// Markup and script a hostile (or broken) status page might post.
// Vendor markup is made plain in the core ("<b>down</b>" reads "down"); what
// the decoded entities spell ("&lt;img …&gt;") must still be shown as text.
const HOSTILE_TITLE: &str = "&lt;img src=x onerror=\"window.__pwned='img'\"&gt; API <b>down</b>";
const HOSTILE_TITLE_SHOWN: &str = "<img src=x onerror=\"window.__pwned='img'\"> API down";
const HOSTILE_BODY: &str = "<script>window.__pwned='script'</script> Details: \
    <a href=\"javascript:window.__pwned='link'\">click here</a> &amp; &lt;script&gt;more";
const HOSTILE_BODY_SHOWN: &str = "Details: click here & <script>more";

#[test]
fn pages_show_history_and_vendor_text_stays_text() {
    in_private_session(
        "dashboard::pages_show_history_and_vendor_text_stays_text",
        pages,
    );
}

async fn pages() {
    let desk = Desk::start().await;
    let panel = &desk.panel;
    let acme = FakeStatusPage::start("Acme").await.expect("status page");
    let evil = FakeStatusPage::start("Evil").await.expect("status page");
    let gamma = FakeStatusPage::start("Gamma").await.expect("status page");
    let anchor = crate::setup::online_anchor().await;
    evil.set(PageState::MajorOutage {
        title: HOSTILE_TITLE.into(),
        body: HOSTILE_BODY.into(),
    });
    crate::seed::seed_history(
        &desk.data().join("downbeat.sqlite3"),
        &acme.url(),
        Utc::now(),
    );
    let args = desk.write_config(&config_text(&acme, &evil, &anchor));
    let config = desk.config();
    let (_driver, dashboard) = desk.open(&args).await;

    // Overview: worst first, each with 90 days of bars, the seeded outage
    // day red, and the live outage from the hostile page.
    wait_for(
        "Evil shown as down",
        || first_row(&dashboard),
        "evil".to_owned(),
    )
    .await;
    wait_for(
        "90 bars per service",
        || dashboard.count("li[data-service=acme] .bar-day"),
        90,
    )
    .await;
    let red_days = dashboard
        .count("li[data-service=acme] .bar-day[data-status=major_outage]")
        .await
        .expect("bars");
    assert_eq!(red_days, 1, "the seeded outage's day");
    wait_for(
        "a sparkline for Acme",
        || dashboard.count("li[data-service=acme] svg.spark polyline"),
        1,
    )
    .await;
    let reason = dashboard
        .find("li[data-service=evil] .reason")
        .await
        .expect("reason");
    let said = dashboard.text(&reason).await.expect("text");
    assert!(
        said.contains(HOSTILE_TITLE_SHOWN),
        "the title as text: {said}"
    );
    assert_nothing_ran(&dashboard).await;

    // The keyboard: the bars are one tab stop; ← reads the day before.
    let bars = dashboard
        .find("li[data-service=acme] .bars")
        .await
        .expect("bars");
    dashboard
        .send_keys(&bars, "\u{E012}")
        .await
        .expect("press ←");
    let caption = dashboard
        .find("li[data-service=acme] .bars-caption")
        .await
        .expect("caption");
    let day = dashboard.text(&caption).await.expect("caption text");
    assert!(
        day.contains("% up") || day.contains("not observed"),
        "{day}"
    );
    save_screenshot(&dashboard, "overview-light.png").await;

    // At 200 % the page reflows: nothing runs off to the side.
    dashboard
        .execute("document.documentElement.style.zoom = '2';")
        .await
        .expect("zoom");
    let overflow = dashboard
        .execute(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;",
        )
        .await
        .expect("measure");
    save_screenshot(&dashboard, "overview-zoom-200.png").await;
    assert!(
        overflow.as_i64().is_some_and(|px| px <= 1),
        "overflows by {overflow} px at 200 %"
    );
    dashboard
        .execute("document.documentElement.style.zoom = '';")
        .await
        .expect("unzoom");

    // Acme's page: the seeded incident as a timeline, ours and the vendor's
    // entries interleaved, with the lead.
    crate::setup::go(&dashboard, "#/service/acme").await;
    wait_for(
        "Acme's timeline",
        || dashboard.count(".incident .timeline li"),
        6,
    )
    .await;
    let kinds = dashboard
        .execute("return [...document.querySelectorAll('.incident .timeline li')].map(li => li.dataset.kind);")
        .await
        .expect("kinds");
    assert_eq!(
        kinds,
        serde_json::json!([
            "first_failure",
            "verdict",
            "vendor",
            "vendor",
            "recovered",
            "vendor"
        ])
    );
    let lead = dashboard.find(".incident .lead").await.expect("lead");
    assert_eq!(
        dashboard.text(&lead).await.expect("lead text"),
        "Detected 6 min before the vendor said so."
    );
    // Thirty days watched: 24 h, 7 d and 30 d; a 90-day figure would only
    // repeat the 30-day one, so it is not shown.
    assert_eq!(
        dashboard.count(".windows .window").await.expect("windows"),
        3
    );
    show_incident(&dashboard).await;
    save_screenshot(&dashboard, "service-light.png").await;

    // "Open status page" goes to the default browser through the opener
    // (here a stand-in xdg-open that writes the URL down), not the webview.
    dashboard
        .execute("document.querySelector('.service-head button.link').scrollIntoView({block: 'center'});")
        .await
        .expect("scroll to the button");
    let open = dashboard
        .find(".service-head button.link")
        .await
        .expect("Open status page");
    dashboard
        .click(&open)
        .await
        .expect("click Open status page");
    wait_for(
        "the status page handed to the browser",
        || async { Ok(crate::desktop::opened_links()) },
        vec![format!("{}/", acme.url())],
    )
    .await;
    assert_eq!(
        dashboard.execute("return location.hash;").await.ok(),
        Some(serde_json::json!("#/service/acme")),
        "the dashboard stayed where it was"
    );

    // Evil's page: the hostile incident shown literally, nothing run.
    crate::setup::go(&dashboard, "#/service/evil").await;
    wait_for("Evil's incident", || dashboard.count(".incident-title"), 1).await;
    let title = dashboard.find(".incident-title").await.expect("title");
    assert_eq!(
        dashboard.text(&title).await.expect("title text"),
        HOSTILE_TITLE_SHOWN
    );
    let body = dashboard.find(".vendor-body").await.expect("body");
    assert_eq!(
        dashboard.text(&body).await.expect("body text"),
        HOSTILE_BODY_SHOWN
    );
    assert_nothing_ran(&dashboard).await;
    save_screenshot(&dashboard, "service-hostile.png").await;

    // Incidents of every service, and the filter.
    crate::setup::go(&dashboard, "#/incidents").await;
    wait_for("both incidents", || dashboard.count("ol.incidents > li"), 2).await;
    let search = dashboard.find("input[name=words]").await.expect("search");
    dashboard
        .send_keys(&search, "elevated")
        .await
        .expect("type");
    wait_for(
        "one incident left",
        || dashboard.count("ol.incidents > li"),
        1,
    )
    .await;
    save_screenshot(&dashboard, "incidents-light.png").await;

    // Settings: the catalog is searched, a pasted URL is detected and shown
    // before it is saved, then added, muted and removed, each written to the
    // config file and followed by the engine at once.
    crate::setup::go(&dashboard, "#/settings").await;
    let search = dashboard
        .find("input[name=catalog]")
        .await
        .expect("catalog search");
    dashboard.send_keys(&search, "spoti").await.expect("type");
    wait_for(
        "Spotify offered",
        || dashboard.count(".catalog-results li[data-id=spotify]"),
        1,
    )
    .await;
    let url = dashboard.find("input[name=url]").await.expect("url field");
    dashboard
        .send_keys(&url, &gamma.url())
        .await
        .expect("paste");
    let detect = dashboard
        .find("form.field button[type=submit]")
        .await
        .expect("detect");
    dashboard.click(&detect).await.expect("click Detect");
    crate::setup::detected(&dashboard).await;
    dashboard
        .execute("document.querySelector('.detection').scrollIntoView({block: 'center'});")
        .await
        .expect("scroll");
    // WebKit's screenshot can lag the last paint by a frame or two.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    save_screenshot(&dashboard, "settings-light.png").await;
    assert!(!read(&config).contains("gamma"), "nothing saved before Add");
    let add = dashboard
        .find(".detection button[type=submit]")
        .await
        .expect("add");
    dashboard.click(&add).await.expect("click Add");
    wait_for(
        "Gamma listed",
        || dashboard.count(".settings-service[data-service=gamma]"),
        1,
    )
    .await;
    // Added: the field is emptied for the next one.
    wait_for("the detection gone", || dashboard.count(".detection"), 0).await;
    assert_eq!(
        dashboard
            .execute("return document.querySelector('input[name=url]').value;")
            .await
            .expect("the URL field"),
        ""
    );
    // Pasted and added again: refused, with the name of the service that
    // watches it, said next to the button in the section where it was pressed.
    crate::setup::detect(&dashboard, &gamma.url()).await;
    dashboard
        .execute("document.querySelector('.detection button[type=submit]').click();")
        .await
        .expect("click Add again");
    wait_for(
        "the refusal next to Add",
        || async {
            let say = dashboard
                .find("section[aria-labelledby=add-title] > .say")
                .await?;
            dashboard.text(&say).await
        },
        format!("Not saved: Gamma already watches {}", gamma.url()),
    )
    .await;
    assert!(
        read(&config).contains("id = \"gamma\""),
        "{}",
        read(&config)
    );
    assert!(
        read(&config).contains("# Downbeat test config"),
        "comments kept"
    );
    choose(&dashboard, "alerts-gamma", "off").await;
    wait_for(
        "Gamma's alerts off in the file",
        || async { Ok(read(&config).contains("alerts = \"off\"")) },
        true,
    )
    .await;
    crate::setup::go(&dashboard, "#/").await;
    wait_for(
        "Gamma watched",
        || row_status(&dashboard, "gamma"),
        "operational".to_owned(),
    )
    .await;
    crate::setup::go(&dashboard, "#/settings").await;
    let remove = dashboard
        .find("button[data-remove=gamma]")
        .await
        .expect("remove");
    dashboard.click(&remove).await.expect("click remove");
    dashboard.click(&remove).await.expect("confirm remove");
    wait_for(
        "Gamma gone",
        || dashboard.count(".settings-service[data-service=gamma]"),
        0,
    )
    .await;
    assert!(!read(&config).contains("gamma"), "{}", read(&config));

    // Muted: Evil Corp is down, but once muted it is marked and colours
    // neither the tray nor the header.
    let headline = dashboard.find("#summary-text").await.expect("headline");
    assert_eq!(
        dashboard.text(&headline).await.as_deref(),
        Ok("Evil Corp is down")
    );
    wait_for("a red tray icon", || crate::tray_colour(panel), "red").await;
    choose(&dashboard, "alerts-evil", "off").await;
    wait_for(
        "a green tray icon once muted",
        || crate::tray_colour(panel),
        "green",
    )
    .await;
    wait_for(
        "the header leaves the muted service out",
        || dashboard.text(&headline),
        "Acme Cloud is up".to_owned(),
    )
    .await;
    let lines = crate::tray_lines(panel).await.expect("tray menu");
    assert_eq!(lines[0], "Acme Cloud is up", "{lines:?}");
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("✖  Evil Corp — Major outage") && l.ends_with("(muted)")),
        "the muted service is marked in the menu: {lines:?}"
    );
    crate::setup::go(&dashboard, "#/").await;
    assert_eq!(
        dashboard
            .count("li[data-service=evil][data-muted=true] .muted-tag")
            .await,
        Ok(1),
        "the muted card is marked"
    );
    assert_eq!(
        panel.title().await.as_deref(),
        Ok("Downbeat"),
        "the tray item's title"
    );
    crate::setup::go(&dashboard, "#/settings").await;

    // Dark: the same pages in the dark palette.
    dashboard
        .execute("document.documentElement.dataset.theme = 'dark';")
        .await
        .expect("dark");
    let background = dashboard
        .execute("return getComputedStyle(document.body).backgroundColor;")
        .await
        .expect("colour");
    assert_eq!(background, "rgb(21, 21, 24)", "the dark background");
    save_screenshot(&dashboard, "settings-dark.png").await;
    crate::setup::go(&dashboard, "#/service/acme").await;
    wait_for(
        "Acme's timeline",
        || dashboard.count(".incident .timeline li"),
        6,
    )
    .await;
    show_incident(&dashboard).await;
    save_screenshot(&dashboard, "service-dark.png").await;
    crate::setup::go(&dashboard, "#/").await;
    wait_for(
        "the overview",
        || dashboard.count("li[data-service=acme] .bar-day"),
        90,
    )
    .await;
    save_screenshot(&dashboard, "overview-dark.png").await;

    // "Is it me?": the user's connection goes (the anchor no longer answers
    // at all; a wrong answer would be a captive portal) and a banner says
    // so; no service is blamed.
    drop(anchor);
    wait_for(
        "the offline banner",
        || async {
            let banner = dashboard.find("#connectivity").await?;
            match dashboard.attribute(&banner, "hidden").await? {
                Some(_) => Ok(String::new()),
                None => dashboard.text(&banner).await,
            }
        },
        "You are offline. Nothing is blamed on your services until you are back.".to_owned(),
    )
    .await;
    // Offline is the top line everywhere: the header and the tray menu say
    // it, the icon is grey, and the cards show their state as last known.
    let headline = dashboard.find("#summary-text").await.expect("headline");
    wait_for(
        "the header says offline",
        || dashboard.text(&headline),
        "You're offline — last known: Acme Cloud is up".to_owned(),
    )
    .await;
    wait_for(
        "a grey tray icon while offline",
        || crate::tray_colour(panel),
        "grey",
    )
    .await;
    let lines = crate::tray_lines(panel).await.expect("tray menu");
    assert_eq!(
        lines[0], "You're offline — last known: Acme Cloud is up",
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("●  Acme Cloud — Operational (last known, ")),
        "{lines:?}"
    );
    assert_eq!(
        row_status(&dashboard, "acme").await.as_deref(),
        Ok("operational")
    );
    let known = dashboard
        .find("li[data-service=acme] .last-known")
        .await
        .expect("the card says last known");
    assert!(
        dashboard
            .text(&known)
            .await
            .unwrap_or_default()
            .starts_with("last known, "),
        "the card's age"
    );
    save_screenshot(&dashboard, "overview-offline-dark.png").await;

    // In French: the setting is saved in the file and every word follows.
    crate::setup::go(&dashboard, "#/settings").await;
    crate::setup::choose_french(&dashboard).await;
    assert!(
        read(&config).contains("language = \"fr\""),
        "{}",
        read(&config)
    );
    crate::setup::go(&dashboard, "#/").await;
    let banner = dashboard.find("#connectivity").await.expect("banner");
    assert!(
        dashboard
            .text(&banner)
            .await
            .expect("text")
            .starts_with("Vous êtes hors ligne"),
        "the banner in French"
    );
    wait_for(
        "the header in French",
        // WebDriver reads a no-break space as a space.
        || dashboard.text(&headline),
        "Vous êtes hors ligne — dernier état connu : Acme Cloud fonctionne".to_owned(),
    )
    .await;
    wait_for(
        "the tray's first line in French",
        || async {
            Ok(crate::tray_lines(panel)
                .await?
                .first()
                .cloned()
                .unwrap_or_default())
        },
        "Vous êtes hors ligne — dernier état connu\u{a0}: Acme Cloud fonctionne".to_owned(),
    )
    .await;
    let menu = panel.menu().await.expect("tray menu");
    assert!(
        menu.find(&Language::Fr.text(Text::TrayOpenDashboard))
            .is_some()
            && menu.find(&Language::Fr.text(Text::TrayQuit)).is_some(),
        "the tray's actions in French: {:?}",
        menu.labels()
    );
    save_screenshot(&dashboard, "overview-french-dark.png").await;

    dashboard.end().await;
}

/// Scroll the first incident's timeline into the window for the picture.
async fn show_incident(dashboard: &WebDriver) {
    dashboard
        .execute("document.querySelector('.incident').scrollIntoView({block: 'start'});")
        .await
        .expect("scroll");
}

/// Pick `value` in the select named `name`, as a user does (a change event).
async fn choose(dashboard: &WebDriver, name: &str, value: &str) {
    let script = format!(
        "const s = document.querySelector('select[name={name}]'); s.value = '{value}'; \
         s.dispatchEvent(new Event('change', {{ bubbles: true }})); return s.value;"
    );
    assert_eq!(
        dashboard.execute(&script).await.expect("choose"),
        serde_json::Value::from(value)
    );
}

/// No element the vendor's markup would have made, no script run.
async fn assert_nothing_ran(dashboard: &WebDriver) {
    assert_eq!(
        dashboard
            .count("#page img, #page script, #page b")
            .await
            .expect("count"),
        0
    );
    assert_eq!(
        dashboard
            .count("a[href^='javascript']")
            .await
            .expect("count"),
        0
    );
    let pwned = dashboard
        .execute("return window.__pwned === undefined ? null : window.__pwned;")
        .await
        .expect("flag");
    assert_eq!(pwned, serde_json::Value::Null, "vendor text ran as code");
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_default()
}

async fn first_row(dashboard: &WebDriver) -> Result<String, String> {
    // Say what is on the page instead, when there are no rows yet.
    let Ok(row) = dashboard.find("ul.services > li").await else {
        let shown = dashboard.execute("return document.body.innerText;").await?;
        return Err(format!("no rows; the page says {shown}"));
    };
    Ok(dashboard
        .attribute(&row, "data-service")
        .await?
        .unwrap_or_default())
}

fn config_text(acme: &FakeStatusPage, evil: &FakeStatusPage, anchor: &FakeStatusPage) -> String {
    crate::setup::statuspage_config(
        &anchor.url(),
        &[
            ("acme", "Acme Cloud", &acme.url()),
            ("evil", "Evil Corp", &evil.url()),
        ],
    )
}
