//! Snoozes and "tell me when it's back" through the running engine, against
//! a status page on 127.0.0.1 and a real SQLite file: held while snoozed,
//! kept across a restart, and the one-shot recovery told through a snooze.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use downbeat_core::app::engine::{Command, EngineHandle};
use downbeat_core::io::notifier::RecordingNotifier;
use downbeat_core::model::alerts::{ServiceAlerts, SnoozeChoice};
use downbeat_core::model::Status;
use downbeat_core::store::Store;
use downbeat_core::testkit::{self, FakeStatusPage, PageState};
use std::sync::Arc;
use std::time::Duration;

fn config_text(page: &FakeStatusPage) -> String {
    format!(
        "[notifications]\ngroup_window = \"1s\"\n\n[connectivity]\nanchors = []\n\n[[services]]\nid = \"acme\"\nname = \"Acme\"\ninterval = \"1s\"\n[[services.sources]]\nkind = \"statuspage\"\nurl = \"{}\"\n",
        page.url()
    )
}

/// Poll the engine's picture (20 s at most) until `pick` accepts it.
async fn until<T>(
    handle: &EngineHandle,
    what: &str,
    pick: impl Fn(&ServiceAlerts, Status) -> Option<T>,
) -> T {
    let wait = async {
        loop {
            {
                let overview = handle.overview.borrow();
                let alerts = overview.alerts_of("acme");
                let status = overview.services.first().map(|s| s.status);
                if let (Some(alerts), Some(status)) = (alerts, status) {
                    if let Some(found) = pick(alerts, status) {
                        return found;
                    }
                }
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(20), wait)
        .await
        .unwrap_or_else(|_| panic!("waiting for {what}: {:?}", handle.overview.borrow().alerts))
}

/// The engine on `db`, running until `stop` is dropped.
fn start(
    page: &FakeStatusPage,
    db: &std::path::Path,
    notifier: &RecordingNotifier,
) -> (
    EngineHandle,
    tokio::task::JoinHandle<()>,
    tokio::sync::oneshot::Sender<()>,
) {
    let config = testkit::config(&config_text(page));
    let engine = testkit::engine(config, db, Arc::new(notifier.clone()));
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let (handle, task) = engine.spawn(async move {
        let _ = stopped.await;
    });
    (handle, task, stop)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_snooze_holds_an_outage_survives_a_restart_and_when_back_is_told_through_it() {
    let page = FakeStatusPage::start("Acme").await.expect("page");
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("downbeat.sqlite3");
    let notifier = RecordingNotifier::default();

    let (handle, task, stop) = start(&page, &db, &notifier);
    until(&handle, "up", |_, s| {
        (s == Status::Operational).then_some(())
    })
    .await;
    let snooze = Command::Snooze {
        service: "acme".into(),
        choice: SnoozeChoice::Hour,
    };
    handle.commands.send(snooze).await.expect("snooze");
    let until_at = until(&handle, "the snooze", |a, _| a.snoozed_until).await;
    page.set(PageState::MajorOutage {
        title: "Errors".into(),
        body: "Investigating.".into(),
    });
    until(&handle, "down", |_, s| {
        (s == Status::MajorOutage).then_some(())
    })
    .await;
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(notifier.shown(), [], "held while snoozed");
    let when_back = Command::WhenBack {
        service: "acme".into(),
        on: true,
    };
    handle.commands.send(when_back).await.expect("when back");
    until(&handle, "'when back' armed", |a, _| {
        a.when_back.then_some(())
    })
    .await;
    drop(stop);
    task.await.expect("engine stopped");

    // What the next run reads.
    let kept = Store::open(&db)
        .expect("store")
        .steering()
        .expect("steering");
    let steer = kept.services.get("acme").expect("acme kept");
    assert!(steer.when_back);
    assert_eq!(
        steer.snooze,
        Some(downbeat_core::model::alerts::Snooze::Until(until_at))
    );

    // A restart: both still in force; the recovery is told through the snooze, once.
    let (handle, task, stop) = start(&page, &db, &notifier);
    let restored = until(&handle, "the snooze restored", |a, _| {
        (a.snoozed_until.is_some() && a.when_back).then_some(a.snoozed_until)
    })
    .await;
    assert_eq!(restored, Some(until_at));
    page.set(PageState::Operational);
    let wait = async {
        while notifier.shown().is_empty() {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    };
    tokio::time::timeout(Duration::from_secs(20), wait)
        .await
        .expect("the recovery told");
    until(&handle, "'when back' spent", |a, _| {
        (!a.when_back).then_some(())
    })
    .await;
    let titles: Vec<String> = notifier.shown().into_iter().map(|n| n.title).collect();
    assert_eq!(titles, ["Acme is back up"]);
    assert_eq!(
        handle
            .overview
            .borrow()
            .alerts_of("acme")
            .and_then(|a| a.snoozed_until),
        Some(until_at),
        "the snooze goes on"
    );
    drop(stop);
    task.await.expect("engine stopped");
    let kept = Store::open(&db)
        .expect("store")
        .steering()
        .expect("steering");
    assert!(!kept.services["acme"].when_back);
}

#[test]
fn kept_wishes_for_services_gone_or_already_back_are_dropped() {
    use chrono::{Duration as Span, Offset as _, Utc};
    use downbeat_core::logic::monitor::Monitor;
    use downbeat_core::model::alerts::{Snooze, Steer, Steering};
    use downbeat_core::model::i18n::Language;
    let service = |id: &str| {
        format!("[[services]]\nid = \"{id}\"\n[[services.sources]]\nkind = \"statuspage\"\nurl = \"http://127.0.0.1:9/{id}\"\n")
    };
    let config = testkit::config(&(service("acme") + &service("beta")));
    let now = Utc::now();
    // Acme came back while Downbeat was not running; Beta is still down.
    let stored = [
        testkit::state("acme", "Acme", Status::Operational, now),
        testkit::state("beta", "Beta", Status::MajorOutage, now),
    ]
    .into_iter()
    .map(|s| (s.service.clone(), s))
    .collect();
    let mut monitor = Monitor::new(&config, &stored, Utc.fix(), Language::En);
    let waiting = Steer {
        snooze: Some(Snooze::UntilBack),
        when_back: true,
    };
    let timed = Steer {
        snooze: Some(Snooze::Until(now + Span::hours(1))),
        when_back: true,
    };
    let mut kept = Steering::default();
    kept.services.insert("acme".into(), timed);
    kept.services.insert("beta".into(), waiting);
    kept.services.insert("gone".into(), timed);
    monitor.restore(&kept, now);
    let mut expected = Steering::default();
    expected.services.insert(
        "acme".into(),
        Steer {
            snooze: timed.snooze,
            when_back: false,
        },
    );
    expected.services.insert("beta".into(), waiting);
    assert_eq!(monitor.steering(now), expected);
}
