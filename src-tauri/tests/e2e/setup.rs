//! What most end-to-end tests set up the same way: an anchor that says the
//! user is online, a config of status pages, and the app's arguments.

use crate::webdriver::WebDriver;
use downbeat_core::testkit::{FakeStatusPage, PageState};
use std::path::Path;

/// The one connectivity anchor, answering "success": the user is online.
pub async fn online_anchor() -> FakeStatusPage {
    let anchor = FakeStatusPage::start("Anchor").await.expect("anchor");
    anchor.set(PageState::Raw {
        status: 200,
        body: "success".into(),
    });
    anchor
}

/// A config checking every 2 s, asking `anchor` "is it me?" every second,
/// watching each (id, name, url) through its Statuspage.
pub fn statuspage_config(anchor: &str, services: &[(&str, &str, &str)]) -> String {
    let mut text = format!(
        r#"# Downbeat test config
[general]
interval = "2s"
launch_at_login = false

[connectivity]
interval = "1s"
timeout = "1s"
addresses = []
anchors = [{{ url = "{anchor}/anchor", expect_body = "success" }}]
"#
    );
    for (id, name, url) in services {
        text.push_str(&format!(
            "\n[[services]]\nid = \"{id}\"\nname = \"{name}\"\n\
             [[services.sources]]\nkind = \"statuspage\"\nurl = \"{url}\"\n"
        ));
    }
    text
}

/// The app's arguments: the dashboard open, this config and data dir.
pub fn app_args(config: &Path, data: &Path) -> Vec<String> {
    vec![
        "--open-dashboard".to_owned(),
        format!("--config={}", config.display()),
        format!("--data-dir={}", data.display()),
    ]
}

/// On the settings page: choose French and wait until the tabs say it.
pub async fn choose_french(dashboard: &WebDriver) {
    dashboard
        .execute(
            "const select = document.querySelector('select[name=language]'); select.value = 'fr'; \
             select.form.requestSubmit();",
        )
        .await
        .expect("choose French");
    crate::wait_for(
        "the tabs in French",
        || async {
            let tab = dashboard.find(".tabs a[data-route=overview]").await?;
            dashboard.text(&tab).await
        },
        "Aperçu".to_owned(),
    )
    .await;
}
