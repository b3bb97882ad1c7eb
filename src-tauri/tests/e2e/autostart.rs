//! Launch at login: the config says it, the login item follows, the tray's
//! toggle changes both. Runs in the private session, whose HOME is a temp
//! dir, so the XDG autostart entry written here is never the developer's.

use crate::setup::{in_private_session, menu_args, Desk};
use crate::tray::Panel;
use crate::{wait_for, APP};
use downbeat_core::testkit::FakeStatusPage;
use std::path::PathBuf;

#[test]
fn launch_at_login_follows_the_config_and_the_tray_toggle() {
    in_private_session(
        "autostart::launch_at_login_follows_the_config_and_the_tray_toggle",
        launch_at_login,
    );
}

async fn launch_at_login() {
    let home = PathBuf::from(std::env::var_os("HOME").expect("HOME"));
    let entry = home.join(".config/autostart/Downbeat.desktop");
    assert!(!entry.exists(), "a fresh home has no autostart entry");
    let desk = Desk::start().await;
    let panel = &desk.panel;
    let page = FakeStatusPage::start("Acme").await.expect("status page");
    let config = desk.config();
    let args = menu_args(&config, &desk.data());
    let text = format!(
        "# my own comment\n[general]\nlaunch_at_login = true\n\n[connectivity]\nanchors = []\n\n\
         [[services]]\nid = \"acme\"\nname = \"Acme\"\n[[services.sources]]\n\
         kind = \"statuspage\"\nurl = \"{}\"\n",
        page.url()
    );
    std::fs::write(&config, text).expect("write config");

    // Config says yes: the entry is written, starting the app silently.
    let app = desk.launch(&args);
    wait_for("the autostart entry", || async { Ok(entry.exists()) }, true).await;
    let written = std::fs::read_to_string(&entry).expect("read the entry");
    let exe = std::fs::canonicalize(APP).expect("the app binary");
    assert!(
        written.contains(&format!("\nExec={} --autostart\n", exe.display())),
        "{written}"
    );
    wait_for("the toggle ticked", || toggle(panel), Some(true)).await;

    // The toggle turns it off: entry gone, config saved, comments kept.
    panel
        .click("Launch at login")
        .await
        .expect("click the toggle");
    wait_for("the entry removed", || async { Ok(entry.exists()) }, false).await;
    wait_for("the toggle unticked", || toggle(panel), Some(false)).await;
    let saved = std::fs::read_to_string(&config).expect("read config");
    assert!(saved.contains("launch_at_login = false"), "{saved}");
    assert!(saved.starts_with("# my own comment\n"), "{saved}");

    // And on again.
    panel
        .click("Launch at login")
        .await
        .expect("click the toggle");
    wait_for("the entry back", || async { Ok(entry.exists()) }, true).await;
    wait_for("the toggle ticked again", || toggle(panel), Some(true)).await;
    assert!(std::fs::read_to_string(&config)
        .expect("read config")
        .contains("launch_at_login = true"));
    drop(app);

    // The config is the truth: edited to "no" by hand, the next start removes
    // the entry that is there.
    let saved = std::fs::read_to_string(&config).expect("read config");
    let edited = saved.replace("launch_at_login = true", "launch_at_login = false");
    std::fs::write(&config, edited).expect("edit config");
    let _app = desk.launch(&args);
    wait_for(
        "the entry removed at start",
        || async { Ok(entry.exists()) },
        false,
    )
    .await;
}

/// The "Launch at login" item's tick, as the panel shows it.
pub(crate) async fn toggle(panel: &Panel) -> Result<Option<bool>, String> {
    let menu = panel.menu().await?;
    Ok(menu.find("Launch at login").and_then(|entry| entry.checked))
}

/// Whether the "Launch at login" item can be clicked.
pub(crate) async fn toggle_enabled(panel: &Panel) -> Result<bool, String> {
    let menu = panel.menu().await?;
    menu.find("Launch at login")
        .map(|entry| entry.enabled)
        .ok_or_else(|| format!("no \"Launch at login\" in {:?}", menu.labels()))
}
