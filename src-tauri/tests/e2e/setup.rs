//! What most end-to-end tests set up the same way: the private session and
//! its desktop (display, notification server, tray host, a temp home), the
//! app started on it, an anchor that says the user is online, a config of
//! status pages, and the app's arguments.

use crate::desktop::{self, Display, Process, TauriDriver};
use crate::notifications::Notifications;
use crate::tray::Panel;
use crate::webdriver::WebDriver;
use crate::APP;
use downbeat_core::testkit::{FakeStatusPage, PageState};
use std::future::Future;
use std::path::{Path, PathBuf};

/// Run `body` inside the private desktop session of `test` (its full name,
/// see [`desktop::enter_private_session`]) on a tokio runtime.
pub fn in_private_session<F: Future<Output = ()>>(test: &str, body: impl FnOnce() -> F) {
    if desktop::enter_private_session(test) {
        run(body());
    }
}

/// The same with loopback as the only network (the first run, whose config
/// the test does not write).
pub fn in_private_offline_session<F: Future<Output = ()>>(test: &str, body: impl FnOnce() -> F) {
    if desktop::enter_private_offline_session(test) {
        run(body());
    }
}

fn run(body: impl Future<Output = ()>) {
    tokio::runtime::Runtime::new()
        .expect("tokio")
        .block_on(body);
}

/// What the app runs on in a test: an Xvfb display, a notification server
/// and a tray host on the private bus (the app needs both to start as on a
/// desktop), and a temp home for its config and data.
pub struct Desk {
    pub display: Display,
    pub notifications: Notifications,
    /// The notification server's connection, to click a notification.
    pub bus: zbus::Connection,
    pub panel: Panel,
    pub home: tempfile::TempDir,
}

impl Desk {
    pub async fn start() -> Desk {
        let display = Display::start();
        let (notifications, bus) = crate::notifications::serve()
            .await
            .expect("own org.freedesktop.Notifications");
        let panel = Panel::serve()
            .await
            .expect("own org.kde.StatusNotifierWatcher");
        let home = tempfile::tempdir().expect("temporary directory");
        Desk {
            display,
            notifications,
            bus,
            panel,
            home,
        }
    }

    /// `config.toml` in the temp home (not written).
    pub fn config(&self) -> PathBuf {
        self.home.path().join("config.toml")
    }

    pub fn data(&self) -> PathBuf {
        self.home.path().join("data")
    }

    /// Write `text` as the config, and the arguments that open the
    /// dashboard on it and on the data dir.
    pub fn write_config(&self, text: &str) -> Vec<String> {
        std::fs::write(self.config(), text).expect("write config");
        app_args(&self.config(), &self.data())
    }

    /// tauri-driver, and the app started under it with `args`, its
    /// dashboard driven through WebDriver. Keep the driver for as long as
    /// the session (it stops the app when dropped); it may start another.
    pub async fn open(&self, args: &[String]) -> (TauriDriver, WebDriver) {
        let driver = TauriDriver::start(&self.display);
        let dashboard = WebDriver::start(driver.port, APP, args)
            .await
            .expect("WebDriver session");
        (driver, dashboard)
    }

    /// The app started on its own, as from a menu or at login (no
    /// WebDriver); killed when dropped.
    pub fn launch(&self, args: &[String]) -> Process {
        let mut command = std::process::Command::new(APP);
        command.args(args);
        desktop::desktop_env(&mut command, &self.display);
        Process(command.spawn().expect("start the app"))
    }
}

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
    let mut args = vec!["--open-dashboard".to_owned()];
    args.extend(menu_args(config, data));
    args
}

/// The arguments of a start from the menu: this config and data dir, and
/// no dashboard unless the app opens it by itself.
pub fn menu_args(config: &Path, data: &Path) -> Vec<String> {
    vec![
        format!("--config={}", config.display()),
        format!("--data-dir={}", data.display()),
    ]
}

/// In a catalog browser (the picker, the settings): paste `url` in the
/// URL field, press Enter, and wait until it is detected as a status page.
pub async fn detect(dashboard: &WebDriver, url: &str) {
    let field = dashboard
        .find("input[name=url]")
        .await
        .expect("the URL field");
    dashboard
        .send_keys(&field, &format!("{url}{}", crate::webdriver::ENTER))
        .await
        .expect("paste");
    detected(dashboard).await;
}

/// Wait until the pasted URL reads as a status page ready to add.
pub async fn detected(dashboard: &WebDriver) {
    crate::wait_for(
        "the detection shown",
        || async {
            let found = dashboard.find(".detection strong").await?;
            dashboard.text(&found).await
        },
        "Ready to watch.".to_owned(),
    )
    .await;
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

/// Go to a page of the dashboard (`#/settings`) and wait until it is drawn.
pub async fn go(dashboard: &WebDriver, hash: &str) {
    dashboard
        .execute(&format!(
            "document.getElementById('page').dataset.ready = ''; location.hash = '{hash}';"
        ))
        .await
        .expect("navigate");
    crate::wait_for(
        "the page drawn",
        || async {
            let page = dashboard.find("#page").await?;
            dashboard.attribute(&page, "data-ready").await
        },
        Some("true".to_owned()),
    )
    .await;
}
