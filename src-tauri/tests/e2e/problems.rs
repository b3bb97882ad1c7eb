//! What the app does with bad input it cannot work with: it still starts,
//! goes grey, says what is wrong and where, and changes nothing.

use crate::setup::{in_private_session, Desk};
use crate::{tray_colour, tray_lines, wait_for};

#[test]
fn a_broken_config_is_explained_and_left_untouched() {
    in_private_session(
        "problems::a_broken_config_is_explained_and_left_untouched",
        broken_config,
    );
}

async fn broken_config() {
    let desk = Desk::start().await;
    let (notifications, panel) = (&desk.notifications, &desk.panel);
    let text =
        "[general]\ninterval = \"60s\"\n\n[[services]]\nid = \"acme\"\ninterval = \"soon\"\n";
    let args = desk.write_config(text);
    let config = desk.config();
    let (_driver, dashboard) = desk.open(&args).await;

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

    wait_for("a grey tray icon", || tray_colour(panel), "grey").await;
    let lines = tray_lines(panel).await.unwrap();
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
    in_private_session(
        "problems::a_wrong_hook_is_left_out_and_shown_in_settings",
        wrong_hook,
    );
}

/// A typo in a hook is a config error with its line, but the app watches
/// the rest (no grey, no banner) and Settings shows it beside the good hook.
async fn wrong_hook() {
    let desk = Desk::start().await;
    let page = downbeat_core::testkit::FakeStatusPage::start("Acme")
        .await
        .expect("page");
    let text = format!(
        "[connectivity]\nanchors = []\n\n[[services]]\nid = \"acme\"\nname = \"Acme\"\n\
         [[services.sources]]\nkind = \"statuspage\"\nurl = \"{}\"\n\n\
         [[hooks]]\ncommand = [\"/bin/true\"]\n\n\
         [[hooks]]\nurl = \"https://hooks.example.com/x?key=hidden\"\nevents = [\"outage\", \"sunny\"]\n\n\
         [[services]]\nid = \"skype\"\n",
        page.url()
    );
    let args = desk.write_config(&text);
    let config = desk.config();
    let (_driver, dashboard) = desk.open(&args).await;
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

    crate::setup::go(&dashboard, "#/settings").await;
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
    // A service its vendor shut down is left out and said, not a grey app.
    let retired = dashboard.find(".retired").await.expect("the retired line");
    let said = dashboard.text(&retired).await.unwrap();
    assert!(
        said.contains("skype (line 19 of the config file) is no longer watched")
            && said.contains("Microsoft Teams (free) watches what replaced it"),
        "{said}"
    );
    assert_eq!(dashboard.count("li[data-service=skype]").await.unwrap(), 0);
    assert_eq!(std::fs::read_to_string(&config).unwrap(), text);
    dashboard.end().await;
}
