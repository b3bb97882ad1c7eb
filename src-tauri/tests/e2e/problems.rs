//! What the app does with bad input it cannot work with: it still starts,
//! goes grey, says what is wrong and where, and changes nothing.

use crate::desktop::{self, Display, TauriDriver};
use crate::tray::Panel;
use crate::webdriver::WebDriver;
use crate::{tray_colour, tray_lines, wait_for, APP};

#[test]
fn a_broken_config_is_explained_and_left_untouched() {
    if !desktop::enter_private_session("problems::a_broken_config_is_explained_and_left_untouched")
    {
        return;
    }
    let runtime = tokio::runtime::Runtime::new().expect("tokio");
    runtime.block_on(broken_config());
}

async fn broken_config() {
    let display = Display::start();
    let (notifications, _bus) = crate::notifications::serve().await.expect("notifications");
    let panel = Panel::serve().await.expect("tray watcher");
    let home = tempfile::tempdir().expect("temporary directory");
    let config = home.path().join("config.toml");
    let text =
        "[general]\ninterval = \"60s\"\n\n[[services]]\nid = \"acme\"\ninterval = \"soon\"\n";
    std::fs::write(&config, text).expect("write config");
    let args = vec![
        "--open-dashboard".to_owned(),
        format!("--config={}", config.display()),
        format!("--data-dir={}", home.path().join("data").display()),
    ];
    let driver = TauriDriver::start(&display);
    let dashboard = WebDriver::start(driver.port, APP, &args)
        .await
        .expect("WebDriver session");

    let problem = dashboard.find("#problem").await.expect("problem banner");
    wait_for(
        "the problem banner",
        || async { Ok(dashboard.attribute(&problem, "hidden").await?.is_none()) },
        true,
    )
    .await;
    let said = dashboard.text(&problem).await.unwrap();
    let place = format!("{}:6:", config.display());
    assert!(
        said.contains("The config file has a mistake") && said.contains(&place),
        "{said}"
    );
    assert!(
        said.contains("soon"),
        "the reason names the bad value: {said}"
    );
    let headline = dashboard.find("#summary-text").await.unwrap();
    assert_eq!(
        dashboard.text(&headline).await.unwrap(),
        "Downbeat can't watch right now"
    );

    wait_for("a grey tray icon", || tray_colour(&panel), "grey").await;
    let lines = tray_lines(&panel).await.unwrap();
    assert_eq!(lines[0], "Downbeat can't watch right now", "{lines:?}");
    assert!(
        lines[1].starts_with("⚠  The config file has a mistake"),
        "{lines:?}"
    );

    assert_eq!(
        std::fs::read_to_string(&config).unwrap(),
        text,
        "the config was changed"
    );
    assert!(notifications.all().is_empty());
    dashboard.end().await;
}

#[test]
fn a_wrong_hook_is_left_out_and_shown_in_settings() {
    if !desktop::enter_private_session("problems::a_wrong_hook_is_left_out_and_shown_in_settings") {
        return;
    }
    let runtime = tokio::runtime::Runtime::new().expect("tokio");
    runtime.block_on(wrong_hook());
}

/// A typo in a hook is a config error with its line, but the app watches
/// the rest (no grey, no banner) and Settings shows it beside the good hook.
async fn wrong_hook() {
    let display = Display::start();
    let (_notifications, _bus) = crate::notifications::serve().await.expect("notifications");
    let _panel = Panel::serve().await.expect("tray watcher");
    let page = downbeat_core::testkit::FakeStatusPage::start("Acme")
        .await
        .expect("page");
    let home = tempfile::tempdir().expect("temporary directory");
    let config = home.path().join("config.toml");
    let text = format!(
        "[connectivity]\nanchors = []\n\n[[services]]\nid = \"acme\"\nname = \"Acme\"\n\
         [[services.sources]]\nkind = \"statuspage\"\nurl = \"{}\"\n\n\
         [[hooks]]\ncommand = [\"/bin/true\"]\n\n\
         [[hooks]]\nurl = \"https://hooks.example.com/x?key=hidden\"\nevents = [\"outage\", \"sunny\"]\n",
        page.url()
    );
    std::fs::write(&config, &text).expect("write config");
    let args = vec![
        "--open-dashboard".to_owned(),
        format!("--config={}", config.display()),
        format!("--data-dir={}", home.path().join("data").display()),
    ];
    let driver = TauriDriver::start(&display);
    let dashboard = WebDriver::start(driver.port, APP, &args)
        .await
        .expect("WebDriver session");
    wait_for(
        "Acme's card",
        || dashboard.count("li[data-service=acme]"),
        1,
    )
    .await;
    let problem = dashboard.find("#problem").await.expect("problem banner");
    assert!(
        dashboard
            .attribute(&problem, "hidden")
            .await
            .unwrap()
            .is_some(),
        "no banner: the rest of the config is fine"
    );

    crate::dashboard::go(&dashboard, "#/settings").await;
    wait_for("two hooks", || dashboard.count(".settings-hooks li"), 2).await;
    let good = dashboard
        .find(".settings-hooks li:nth-child(1)")
        .await
        .unwrap();
    let said = dashboard.text(&good).await.unwrap();
    assert!(
        said.contains("line 11: /bin/true") && said.contains("Not run yet."),
        "{said}"
    );
    let wrong = dashboard
        .find(".settings-hooks li:nth-child(2)")
        .await
        .unwrap();
    let said = dashboard.text(&wrong).await.unwrap();
    assert!(
        said.contains("line 16") && said.contains("Not run:") && said.contains("\"sunny\""),
        "{said}"
    );
    assert!(!said.contains("hidden"), "no query shown: {said}");
    assert_eq!(std::fs::read_to_string(&config).unwrap(), text);
    dashboard.end().await;
}
