//! A status page dated in the future must not freeze its service (issue 17,
//! item 2): neither while running nor after a restart.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use downbeat_core::io::notifier::RecordingNotifier;
use downbeat_core::model::{Event, Status};
use downbeat_core::testkit::{self, FakeStatusPage, PageState};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;

fn page_dated(state: &PageState, updated_at: &str) -> PageState {
    let mut body = testkit::summary("Acme", state, 1);
    body["page"]["updated_at"] = updated_at.into();
    PageState::Raw {
        status: 200,
        body: body.to_string(),
    }
}

fn future_outage() -> PageState {
    let outage = PageState::MajorOutage {
        title: "Down".into(),
        body: "All down".into(),
    };
    page_dated(&outage, "9999-12-31T23:59:59Z")
}

fn honest_and_fine() -> PageState {
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    page_dated(&PageState::Operational, &now)
}

async fn status_becomes(events: &mut broadcast::Receiver<Event>, wanted: Status) {
    let wait = async {
        loop {
            match events.recv().await {
                Ok(Event::State { to, .. }) if to == wanted => return,
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => panic!("engine stopped"),
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(20), wait)
        .await
        .unwrap_or_else(|_| panic!("never became {wanted:?}"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_future_dated_page_is_clamped_and_honest_answers_win() {
    let page = FakeStatusPage::start("Acme").await.unwrap();
    page.set(future_outage());
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("downbeat.sqlite3");
    let config = testkit::config(&format!(
        "[connectivity]\nanchors = []\n[[services]]\nid = \"acme\"\ninterval = \"1s\"\n[[services.sources]]\nkind = \"statuspage\"\nurl = \"{}\"\n",
        page.url()
    ));

    // Running: the outage page, then honest ones.
    let (stop, mut events) = start(&config, &db);
    status_becomes(&mut events, Status::MajorOutage).await;
    page.set(honest_and_fine());
    status_becomes(&mut events, Status::Operational).await;
    stop.await;

    // A restart with the future page stored.
    page.set(future_outage());
    let (stop, mut events) = start(&config, &db);
    status_becomes(&mut events, Status::MajorOutage).await;
    stop.await;
    page.set(honest_and_fine());
    let (stop, mut events) = start(&config, &db);
    status_becomes(&mut events, Status::Operational).await;
    stop.await;
}

/// Start an engine on `db`; the returned future stops it.
fn start(
    config: &downbeat_core::config::Config,
    db: &std::path::Path,
) -> (
    impl std::future::Future<Output = ()>,
    broadcast::Receiver<Event>,
) {
    let engine = testkit::engine(config.clone(), db, Arc::new(RecordingNotifier::default()));
    let events = engine.subscribe();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (handle, task) = engine.spawn(async move {
        let _ = stopped.await;
    });
    let stop = async move {
        let _ = stop.send(());
        task.await.unwrap();
        drop(handle);
    };
    (stop, events)
}
