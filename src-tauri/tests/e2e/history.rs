//! What must be said once: a history database found unreadable is said in
//! the dashboard, the tray and a notification, once, and the old file kept.

use crate::setup::{in_private_session, Desk};
use crate::webdriver::WebDriver;
use crate::{row_status, save_screenshot, tray_lines, wait_for, wait_notification};
use downbeat_core::testkit::FakeStatusPage;

#[test]
fn an_unreadable_history_is_said_once_and_the_old_file_kept() {
    in_private_session(
        "history::an_unreadable_history_is_said_once_and_the_old_file_kept",
        history_restarted,
    );
}

async fn history_restarted() {
    let desk = Desk::start().await;
    let (notifications, panel) = (&desk.notifications, &desk.panel);
    let page = FakeStatusPage::start("Acme").await.expect("status page");
    let data = desk.data();
    std::fs::create_dir_all(&data).expect("data dir");
    // Not a database: what a disk error or a stray copy leaves.
    std::fs::write(data.join("downbeat.sqlite3"), vec![0x5a; 64 * 1024]).expect("corrupt db");
    let args = desk.write_config(&format!(
        "[general]\nlaunch_at_login = false\n\n[connectivity]\nanchors = []\n\n\
         [[services]]\nid = \"acme\"\nname = \"Acme\"\ninterval = \"1s\"\n\
         [[services.sources]]\nkind = \"statuspage\"\nurl = \"{}\"\n",
        page.url()
    ));
    let (driver, dashboard) = desk.open(&args).await;

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
    let shown = wait_notification(notifications, "History restarted").await;
    assert!(shown.body.contains(&kept), "{shown:?}");
    wait_for(
        "the tray's line",
        || async {
            tray_lines(panel)
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
            tray_lines(panel)
                .await
                .map(|l| l.iter().any(|l| l.contains("History restarted")))
        },
        false,
    )
    .await;
    dashboard.end().await;

    // Started again on the new, good file: nothing more is said.
    let dashboard = WebDriver::start(driver.port, crate::APP, &args)
        .await
        .expect("second WebDriver session");
    wait_for(
        "Acme checked again",
        || row_status(&dashboard, "acme"),
        "operational".to_owned(),
    )
    .await;
    assert_eq!(notice_shown(&dashboard).await, Ok(false));
    let lines = tray_lines(panel).await.unwrap();
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
