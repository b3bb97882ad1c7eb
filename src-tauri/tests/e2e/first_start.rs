//! The first start and what must be said once: with no config the app
//! watches nothing and opens on the picker, the tray says "Pick what to
//! watch" until something is picked, and the next start opens nothing. A
//! history database found unreadable is said in the dashboard, the tray and
//! a notification, once.

use crate::desktop::{self, Display, Process, TauriDriver};
use crate::tray::Panel;
use crate::webdriver::WebDriver;
use crate::{row_status, save_screenshot, tray_lines, wait_for, wait_notification, APP};
use downbeat_core::testkit::FakeStatusPage;
use std::time::Duration;

#[test]
fn the_first_start_asks_what_to_watch_and_the_next_does_not() {
    // No config is written by the test: the app's default "is it me?"
    // anchors and the picked GitHub must find only loopback.
    if !desktop::enter_private_offline_session(
        "first_start::the_first_start_asks_what_to_watch_and_the_next_does_not",
    ) {
        return;
    }
    let runtime = tokio::runtime::Runtime::new().expect("tokio");
    runtime.block_on(first_start());
}

async fn first_start() {
    let display = Display::start();
    let (_notifications, _bus) = crate::notifications::serve().await.expect("notifications");
    let panel = Panel::serve().await.expect("tray watcher");
    let home = tempfile::tempdir().expect("temporary directory");
    // Not there yet, nor its folder: a fresh install.
    let config = home.path().join("config/downbeat/config.toml");
    let data = home.path().join("data");
    // No --open-dashboard: the first start opens it by itself.
    let args = vec![
        format!("--config={}", config.display()),
        format!("--data-dir={}", data.display()),
    ];
    let driver = TauriDriver::start(&display);
    let dashboard = WebDriver::start(driver.port, APP, &args)
        .await
        .expect("WebDriver session");
    let screen = crate::x11::Screen::connect(&display.name).expect("X display");

    // The first run's other question (launch at login) is answered first.
    let question = "Start Downbeat when you log in?";
    wait_for(
        "the launch-at-login question",
        || async { screen.windows_titled(question).map(|w| w.len()) },
        1,
    )
    .await;
    let windows = screen.windows_titled(question).expect("windows");
    screen.close(windows[0]).expect("close the question");

    // The picker, and the tray saying what to do.
    wait_for("the picker", || dashboard.count("#pick-title"), 1).await;
    wait_for(
        "the tray's first line",
        || async { tray_lines(&panel).await.map(|l| l.first().cloned()) },
        Some("Pick what to watch".to_owned()),
    )
    .await;
    let headline = dashboard.find("#summary-text").await.expect("headline");
    assert_eq!(
        dashboard.text(&headline).await.unwrap(),
        "Pick what to watch"
    );
    assert!(
        std::fs::read_to_string(&config)
            .expect("the config written")
            .lines()
            .all(|l| l.trim_start().starts_with('#') || !l.contains("[[services]]")),
        "nothing is watched before the person picks"
    );
    wait_for(
        "popular services on shelves",
        || dashboard.count(".shelf[data-category=music] button[data-pick=spotify]"),
        1,
    )
    .await;
    // The namespace has no internet, so the app rightly says "offline"; a
    // person's first run is online: the picture for the docs leaves that out.
    dashboard
        .execute("document.getElementById('connectivity').hidden = true;")
        .await
        .expect("hide the offline banner");
    save_screenshot(&dashboard, "first-run-picker.png").await;

    // The ranked search: "git" puts GitHub first.
    let search = dashboard.find("input[name=catalog]").await.expect("search");
    dashboard.send_keys(&search, "git").await.expect("type");
    wait_for(
        "GitHub first for \"git\"",
        || async {
            let first = dashboard.find(".catalog-results li").await?;
            dashboard.attribute(&first, "data-id").await
        },
        Some("github".to_owned()),
    )
    .await;
    save_screenshot(&dashboard, "first-run-search.png").await;
    let add = dashboard
        .find(".catalog-results li[data-id=github] button")
        .await
        .expect("GitHub's button");
    dashboard.click(&add).await.expect("pick GitHub");

    // Picked: its card, the config, and the tray no longer asks.
    wait_for(
        "GitHub's card",
        || dashboard.count(".picked li[data-service=github]"),
        1,
    )
    .await;
    wait_for(
        "GitHub's shelf button marked",
        || dashboard.count("button.watched[data-pick=github]"),
        2,
    )
    .await;
    let saved = std::fs::read_to_string(&config).expect("config");
    assert!(saved.contains("id = \"github\""), "{saved}");
    assert!(saved.contains("launch_at_login = false"), "{saved}");
    wait_for(
        "the tray listing GitHub",
        || async {
            let lines = tray_lines(&panel).await?;
            Ok(lines[0] != "Pick what to watch" && lines.iter().any(|l| l.contains("GitHub")))
        },
        true,
    )
    .await;
    save_screenshot(&dashboard, "first-run-picked.png").await;
    let done = dashboard.find("a.done").await.expect("done");
    dashboard.click(&done).await.expect("done");
    wait_for(
        "GitHub's card on the overview",
        || dashboard.count("ul.services > li[data-service=github] .reason"),
        1,
    )
    .await;

    // Settings browse the same catalog by category; a shelf adds too.
    dashboard
        .execute("location.hash = '#/settings';")
        .await
        .expect("go to the settings");
    wait_for(
        "GitHub marked on its settings shelf",
        || dashboard.count("details.shelf[data-category=dev] button.watched[data-pick=github]"),
        1,
    )
    .await;
    let music = dashboard
        .find("details.shelf[data-category=music] summary")
        .await
        .expect("the music shelf");
    dashboard.click(&music).await.expect("open the music shelf");
    let spotify = dashboard
        .find("details.shelf[data-category=music] button[data-pick=spotify]")
        .await
        .expect("Spotify on its shelf");
    dashboard.click(&spotify).await.expect("add Spotify");
    wait_for(
        "Spotify listed as watched",
        || dashboard.count(".settings-service[data-service=spotify]"),
        1,
    )
    .await;
    // A cloud's products sit folded under it, not on the shelf beside it.
    let cloud = dashboard
        .find("details.shelf[data-category=cloud] summary")
        .await
        .expect("the cloud shelf");
    dashboard.click(&cloud).await.expect("open the cloud shelf");
    let on_shelf = dashboard
        .count("details.shelf[data-category=cloud] .chips:not(.parts) > .with-parts > button.chip, details.shelf[data-category=cloud] .chips:not(.parts) > button.chip")
        .await
        .expect("count the cloud shelf");
    assert!(
        (10..150).contains(&on_shelf),
        "{on_shelf} buttons on the cloud shelf"
    );
    assert_eq!(
        dashboard
            .count("details.shelf[data-category=cloud] .chips.parts:not([hidden]) button.chip")
            .await
            .expect("count unfolded parts"),
        0,
        "parts start folded"
    );
    let aws_parts = dashboard
        .find("details.shelf[data-category=cloud] button[data-pick=aws] + button.parts-toggle")
        .await
        .expect("AWS's parts button");
    // Below the fold: WebKitWebDriver does not scroll for a click.
    dashboard
        .execute("document.querySelector('details.shelf[data-category=cloud] button[data-pick=aws] + button.parts-toggle').scrollIntoView({block: 'center'});")
        .await
        .expect("scroll to AWS");
    dashboard
        .click(&aws_parts)
        .await
        .expect("unfold AWS's parts");
    let unfolded = dashboard
        .count("details.shelf[data-category=cloud] .chips.parts:not([hidden]) button.chip")
        .await
        .expect("count unfolded parts");
    assert!(unfolded > 100, "{unfolded} AWS parts unfolded");
    dashboard.end().await;
    wait_for(
        "the first app gone",
        || async { screen.windows_titled("Downbeat").map(|w| w.len()) },
        0,
    )
    .await;

    // The next start opens nothing: the app goes to the tray.
    let second = start(&args, &display);
    wait_for(
        "the tray of the second start listing GitHub",
        || async {
            let lines = tray_lines(&panel).await?;
            Ok(lines.iter().any(|l| l.contains("GitHub"))
                && !lines.iter().any(|l| l.contains("Pick what to watch")))
        },
        true,
    )
    .await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(
        screen.windows_titled("Downbeat").expect("windows").len(),
        0,
        "the second start opened a window"
    );
    assert_eq!(
        screen.windows_titled(question).expect("windows").len(),
        0,
        "asked twice"
    );
    drop(second);

    // Everything removed (by hand here): the tray says what is true, and
    // offers the picker, which it opens when asked, not by itself.
    let text = std::fs::read_to_string(&config).expect("config");
    let emptied = ["github", "spotify"].iter().fold(text, |text, id| {
        text.replace(&format!("[[services]]\nid = \"{id}\""), "")
    });
    std::fs::write(&config, emptied).expect("edit");
    let _third = start(&args, &display);
    wait_for(
        "the tray saying nothing is watched",
        || async { tray_lines(&panel).await.map(|l| l.first().cloned()) },
        Some("Nothing is watched".to_owned()),
    )
    .await;
    let lines = tray_lines(&panel).await.expect("tray");
    assert!(
        lines.iter().any(|l| l == "Pick what to watch…"),
        "{lines:?}"
    );
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert_eq!(
        screen.windows_titled("Downbeat").expect("windows").len(),
        0,
        "the picker opened by itself"
    );
    panel
        .click("Pick what to watch…")
        .await
        .expect("click Pick what to watch…");
    wait_for(
        "the dashboard opened from the tray",
        || async { screen.windows_titled("Downbeat").map(|w| w.len()) },
        1,
    )
    .await;
}

fn start(args: &[String], display: &Display) -> Process {
    let mut command = std::process::Command::new(APP);
    command.args(args);
    desktop::desktop_env(&mut command, display);
    Process(command.spawn().expect("start the app"))
}

#[test]
fn an_unreadable_history_is_said_once_and_the_old_file_kept() {
    if !desktop::enter_private_session(
        "first_start::an_unreadable_history_is_said_once_and_the_old_file_kept",
    ) {
        return;
    }
    let runtime = tokio::runtime::Runtime::new().expect("tokio");
    runtime.block_on(history_restarted());
}

async fn history_restarted() {
    let display = Display::start();
    let (notifications, _bus) = crate::notifications::serve().await.expect("notifications");
    let panel = Panel::serve().await.expect("tray watcher");
    let page = FakeStatusPage::start("Acme").await.expect("status page");
    let home = tempfile::tempdir().expect("temporary directory");
    let config = home.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[general]\nlaunch_at_login = false\n\n[connectivity]\nanchors = []\n\n\
             [[services]]\nid = \"acme\"\nname = \"Acme\"\ninterval = \"1s\"\n\
             [[services.sources]]\nkind = \"statuspage\"\nurl = \"{}\"\n",
            page.url()
        ),
    )
    .expect("write config");
    let data = home.path().join("data");
    std::fs::create_dir_all(&data).expect("data dir");
    // Not a database: what a disk error or a stray copy leaves.
    std::fs::write(data.join("downbeat.sqlite3"), vec![0x5a; 64 * 1024]).expect("corrupt db");
    let args = vec![
        "--open-dashboard".to_owned(),
        format!("--config={}", config.display()),
        format!("--data-dir={}", data.display()),
    ];
    let driver = TauriDriver::start(&display);
    let dashboard = WebDriver::start(driver.port, APP, &args)
        .await
        .expect("WebDriver session");

    let kept: Vec<_> = std::fs::read_dir(&data)
        .expect("data dir")
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().contains(".corrupt-"))
        .collect();
    assert_eq!(kept.len(), 1, "the old file kept aside: {kept:?}");
    let kept = kept[0].display().to_string();

    // The dashboard: a banner naming where the old file is.
    wait_for("the history banner", || notice_shown(&dashboard), true).await;
    let banner = dashboard.find("#notice").await.expect("banner");
    let said = dashboard.text(&banner).await.expect("text");
    assert!(
        said.contains("History restarted") && said.contains(&kept),
        "{said}"
    );
    // A notification, and the tray.
    let shown = wait_notification(&notifications, "History restarted").await;
    assert!(shown.body.contains(&kept), "{shown:?}");
    wait_for(
        "the tray's line",
        || async {
            tray_lines(&panel)
                .await
                .map(|l| l.iter().any(|l| l == "⚠  History restarted"))
        },
        true,
    )
    .await;
    // Watching goes on, into the new file.
    wait_for(
        "Acme checked",
        || row_status(&dashboard, "acme"),
        "operational".to_owned(),
    )
    .await;
    save_screenshot(&dashboard, "history-restarted.png").await;

    // Read and dismissed: gone from both.
    let dismiss = dashboard
        .find("#notice button[name=dismiss-notice]")
        .await
        .expect("dismiss");
    dashboard.click(&dismiss).await.expect("dismiss");
    wait_for("the banner gone", || notice_shown(&dashboard), false).await;
    wait_for(
        "the tray's line gone",
        || async {
            tray_lines(&panel)
                .await
                .map(|l| l.iter().any(|l| l.contains("History restarted")))
        },
        false,
    )
    .await;
    dashboard.end().await;

    // Started again on the new, good file: nothing more is said.
    let dashboard = WebDriver::start(driver.port, APP, &args)
        .await
        .expect("second WebDriver session");
    wait_for(
        "Acme checked again",
        || row_status(&dashboard, "acme"),
        "operational".to_owned(),
    )
    .await;
    assert_eq!(notice_shown(&dashboard).await, Ok(false));
    let lines = tray_lines(&panel).await.unwrap();
    assert!(
        !lines.iter().any(|l| l.contains("History restarted")),
        "{lines:?}"
    );
    let told = notifications
        .all()
        .into_iter()
        .filter(|n| n.summary == "History restarted")
        .count();
    assert_eq!(told, 1, "said once");
    dashboard.end().await;
}

/// Whether the "history restarted" banner is on screen.
async fn notice_shown(dashboard: &WebDriver) -> Result<bool, String> {
    let banner = dashboard.find("#notice").await?;
    Ok(dashboard.attribute(&banner, "hidden").await?.is_none())
}
