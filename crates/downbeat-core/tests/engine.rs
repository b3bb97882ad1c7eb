//! The engine against a real status page on 127.0.0.1 and a real SQLite file:
//! operational → major outage → operational.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use chrono::Offset as _;
use downbeat_core::app::engine::Command;
use downbeat_core::config::Config;
use downbeat_core::io::notifier::RecordingNotifier;
use downbeat_core::logic::verdict::freshness::MAX_STALE_IN_A_ROW;
use downbeat_core::model::{Event, NotificationKind, Outcome, Status};
use downbeat_core::store::Store;
use downbeat_core::testkit::{self, FakeStatusPage, PageState};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;

fn config_for(page: &FakeStatusPage) -> Config {
    let text = format!(
        "[notifications]\ngroup_window = \"1s\"\n\n[connectivity]\nanchors = []\n\n[[services]]\nid = \"acme\"\nname = \"Acme\"\ninterval = \"1s\"\n[[services.sources]]\nkind = \"statuspage\"\nurl = \"{}\"\n",
        page.url()
    );
    testkit::config(&text)
}

/// Wait (up to 20 s) for the first event that `pick` accepts.
async fn next<T>(
    events: &mut broadcast::Receiver<Event>,
    pick: impl FnMut(&Event) -> Option<T>,
) -> T {
    testkit::next_event(events, Duration::from_secs(20), pick).await
}

fn state_to(event: &Event) -> Option<Status> {
    match event {
        Event::State { to, .. } => Some(*to),
        _ => None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_outage_and_its_recovery_are_stored_and_notified() {
    let page = FakeStatusPage::start("Acme").await.expect("page");
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("downbeat.sqlite3");
    let notifier = RecordingNotifier::default();
    let engine = testkit::engine(config_for(&page), &db, Arc::new(notifier.clone()));
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let mut events = engine.subscribe();
    let (handle, task) = engine.spawn(async move {
        let _ = stop_rx.await;
    });

    assert_eq!(next(&mut events, state_to).await, Status::Operational);
    // Unchanged page: conditional requests answered 304.
    next(&mut events, |e| {
        matches!(e, Event::Observation { .. }).then_some(())
    })
    .await;
    next(&mut events, |e| {
        matches!(e, Event::Observation { .. }).then_some(())
    })
    .await;
    assert!(
        page.not_modified() >= 1,
        "an unchanged page should cost a 304"
    );

    page.set(PageState::MajorOutage {
        title: "API is failing".into(),
        body: "We are investigating.".into(),
    });
    handle
        .commands
        .send(Command::CheckNow)
        .await
        .expect("check now");
    assert_eq!(next(&mut events, state_to).await, Status::MajorOutage);
    let outage = next(&mut events, |e| match e {
        Event::Notification { notification, .. } => Some(notification.clone()),
        _ => None,
    })
    .await;
    assert_eq!(outage.kind, NotificationKind::Outage);
    assert_eq!(outage.title, "Acme is down");
    assert!(outage.body.contains("API is failing"), "{}", outage.body);

    tokio::time::sleep(Duration::from_millis(1200)).await;
    page.set(PageState::Operational);
    let recovery_at = next(&mut events, |e| match e {
        Event::State {
            to: Status::Operational,
            at,
            ..
        } => Some(*at),
        _ => None,
    })
    .await;
    let recovery = next(&mut events, |e| match e {
        Event::Notification { notification, .. } => Some(notification.clone()),
        _ => None,
    })
    .await;
    assert_eq!(recovery.kind, NotificationKind::Recovery);
    assert!(
        recovery.body.starts_with("Acme was down for "),
        "{}",
        recovery.body
    );
    assert_eq!(notifier.shown(), vec![outage, recovery]);

    let mut overview = handle.overview.clone();
    let overview = overview
        .wait_for(|o| o.services.first().and_then(|s| s.last_check) >= Some(recovery_at))
        .await
        .expect("overview")
        .clone();
    assert_eq!(overview.services.len(), 1);
    assert_eq!(overview.services[0].status, Status::Operational);
    let _ = stop_tx.send(());
    task.await.expect("engine stops");

    // What the SQLite file holds, read back through a fresh connection.
    let store = Store::open(&db).expect("reopen");
    let changes: Vec<(Option<Status>, Status)> = store
        .state_changes("acme")
        .expect("changes")
        .iter()
        .map(|c| (c.from, c.to))
        .collect();
    assert_eq!(
        changes,
        vec![
            (None, Status::Operational),
            (Some(Status::Operational), Status::MajorOutage),
            (Some(Status::MajorOutage), Status::Operational),
        ]
    );
    let observations = store.observations("acme").expect("observations");
    assert!(
        observations.len() >= 4,
        "{} observations",
        observations.len()
    );
    assert!(observations.iter().all(|o| o.outcome == Outcome::Ok));
    let statuses: Vec<Status> = observations.iter().map(|o| o.status).collect();
    let first_down = statuses
        .iter()
        .position(|s| *s == Status::MajorOutage)
        .expect("a down observation");
    assert!(statuses[..first_down]
        .iter()
        .all(|s| *s == Status::Operational));
    assert_eq!(statuses.last(), Some(&Status::Operational));
    let states = store.states().expect("states");
    assert_eq!(states[0].status, Status::Operational);
    assert_eq!(states[0].outage_since, None);
    assert!(store.snapshot("acme").expect("snapshot").is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_resumes_an_outage_without_announcing_it_again() {
    let page = FakeStatusPage::start("Acme").await.expect("page");
    page.set(PageState::MajorOutage {
        title: "Down".into(),
        body: "Down.".into(),
    });
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("downbeat.sqlite3");
    let mut shown = Vec::new();
    for run in 0..2 {
        let notifier = RecordingNotifier::default();
        let engine = testkit::engine(config_for(&page), &db, Arc::new(notifier.clone()));
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let mut events = engine.subscribe();
        let (handle, task) = engine.spawn(async move {
            let _ = stop_rx.await;
        });
        let mut overview = handle.overview.clone();
        overview
            .wait_for(|o| o.services.first().map(|s| s.status) == Some(Status::MajorOutage))
            .await
            .expect("overview");
        if run == 0 {
            next(&mut events, |e| {
                matches!(e, Event::Notification { .. }).then_some(())
            })
            .await;
        }
        next(&mut events, |e| {
            matches!(e, Event::Observation { .. }).then_some(())
        })
        .await;
        let _ = stop_tx.send(());
        task.await.expect("engine stops");
        shown.extend(notifier.shown());
    }
    assert_eq!(shown.len(), 1, "{shown:?}");
    assert_eq!(
        Store::open(&db)
            .expect("reopen")
            .state_changes("acme")
            .expect("changes")
            .len(),
        1
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_cdn_copy_never_moves_the_state_backwards() {
    let page = FakeStatusPage::start("Acme").await.expect("page");
    // Version 5 of the page: an outage, updated at 00:00:05.
    for _ in 0..5 {
        page.set(PageState::MajorOutage {
            title: "Down".into(),
            body: "Down.".into(),
        });
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = testkit::engine(
        config_for(&page),
        &dir.path().join("db.sqlite3"),
        Arc::new(RecordingNotifier::default()),
    );
    let mut events = engine.subscribe();
    let (handle, task) = engine.spawn(std::future::pending());
    assert_eq!(next(&mut events, state_to).await, Status::MajorOutage);

    // A CDN edge serves an older copy (updated at 00:00:01) that says all is well.
    let stale = downbeat_core::testkit::summary("Acme", &PageState::Operational, 1).to_string();
    page.set(PageState::Raw {
        status: 200,
        body: stale,
    });
    let served = page.requests();
    for _ in 0..3 {
        next(&mut events, |e| {
            matches!(e, Event::Observation { .. }).then_some(())
        })
        .await;
    }
    assert!(page.requests() >= served + 3);
    assert_eq!(
        handle.overview.borrow().services.first().map(|s| s.status),
        Some(Status::MajorOutage),
        "an older copy must not undo the outage"
    );
    // But it cannot hold the state for ever against what the page keeps
    // saying (issue 17): after a few checks, it is believed.
    assert_eq!(next(&mut events, state_to).await, Status::Operational);
    assert!(page.requests() > served + MAX_STALE_IN_A_ROW as usize);
    task.abort();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_endpoint_probe_is_confirmed_down_then_up_and_stored() {
    let endpoint = FakeStatusPage::start("Endpoint").await.expect("endpoint");
    let text = format!(
        "[connectivity]\nanchors = []\n\n[[services]]\nid = \"api\"\nname = \"My API\"\ninterval = \"1s\"\nconfirm = 2\n\
         [[services.sources]]\nkind = \"http\"\nurl = \"{}/api/v2/summary.json\"\nkeyword = \"Endpoint\"\n",
        endpoint.url()
    );
    let config = testkit::config(&text);
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("downbeat.sqlite3");
    let engine = testkit::engine(config, &db, Arc::new(RecordingNotifier::default()));
    let mut events = engine.subscribe();
    let (_handle, task) = engine.spawn(std::future::pending());
    assert_eq!(next(&mut events, state_to).await, Status::Operational);

    endpoint.set(PageState::Raw {
        status: 503,
        body: "busy".into(),
    });
    let reason = next(&mut events, |e| match e {
        Event::State {
            to: Status::MajorOutage,
            reason,
            cause,
            ..
        } => Some((
            downbeat_core::model::i18n::Language::En.reason(reason, chrono::Utc.fix()),
            *cause,
        )),
        _ => None,
    })
    .await;
    assert_eq!(reason.1, downbeat_core::model::Cause::Probe);
    assert!(reason.0.contains("HTTP 503"), "{}", reason.0);

    endpoint.set(PageState::Raw {
        status: 200,
        body: "Endpoint says ok".into(),
    });
    assert_eq!(next(&mut events, state_to).await, Status::Operational);
    task.abort();

    let store = Store::open(&db).expect("reopen");
    let observations = store.observations("api").expect("observations");
    let failed: Vec<_> = observations
        .iter()
        .filter(|o| o.outcome == downbeat_core::model::Outcome::Failed)
        .collect();
    assert!(
        failed.len() >= 2,
        "{} failed observations stored",
        failed.len()
    );
    let changes: Vec<&str> = store
        .state_changes("api")
        .expect("changes")
        .iter()
        .map(|c| c.to.as_str())
        .collect();
    assert_eq!(changes, ["operational", "major_outage", "operational"]);
    // One incident, from the first failing check to the recovery.
    let incidents = store
        .observed_incidents("api", chrono::DateTime::<chrono::Utc>::MIN_UTC)
        .expect("incidents");
    assert_eq!(incidents.len(), 1);
    assert_eq!(
        Some(incidents[0].first_failure_at),
        failed.first().map(|o| o.at)
    );
    assert!(incidents[0].first_failure_at < incidents[0].confirmed_at);
    assert!(incidents[0].resolved_at.is_some());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stale_cdn_copy_after_a_restart_does_not_undo_the_stored_page() {
    let page = FakeStatusPage::start("Acme").await.expect("page");
    for _ in 0..5 {
        page.set(PageState::MajorOutage {
            title: "Down".into(),
            body: "Down.".into(),
        });
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db.sqlite3");
    let start = || {
        testkit::engine(
            config_for(&page),
            &db,
            Arc::new(RecordingNotifier::default()),
        )
    };
    let engine = start();
    let mut events = engine.subscribe();
    let (_handle, task) = engine.spawn(std::future::pending());
    assert_eq!(next(&mut events, state_to).await, Status::MajorOutage);
    task.abort();
    let _ = task.await;

    // Restarted, and the first answer is an older copy that says all is well.
    let stale = downbeat_core::testkit::summary("Acme", &PageState::Operational, 1).to_string();
    page.set(PageState::Raw {
        status: 200,
        body: stale,
    });
    let engine = start();
    let mut events = engine.subscribe();
    let (handle, task) = engine.spawn(std::future::pending());
    for _ in 0..3 {
        next(&mut events, |e| {
            matches!(e, Event::Observation { .. }).then_some(())
        })
        .await;
    }
    assert_eq!(
        handle.overview.borrow().services.first().map(|s| s.status),
        Some(Status::MajorOutage),
        "a copy older than the stored one must not undo the outage"
    );
    task.abort();
}

/// Settings changed: the engine watches the new list at once, and a service
/// it already knew keeps its state (no second "operational" news).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reload_watches_the_new_services_and_keeps_known_states() {
    let acme = FakeStatusPage::start("Acme").await.expect("page");
    let beta = FakeStatusPage::start("Beta").await.expect("page");
    let dir = tempfile::tempdir().expect("tempdir");
    let engine = testkit::engine(
        config_for(&acme),
        &dir.path().join("db.sqlite3"),
        Arc::new(RecordingNotifier::default()),
    );
    let mut events = engine.subscribe();
    let (handle, task) = engine.spawn(std::future::pending());
    assert_eq!(next(&mut events, state_to).await, Status::Operational);

    let text = format!(
        "[connectivity]\nanchors = []\n\n[[services]]\nid = \"acme\"\nname = \"Acme\"\ninterval = \"1s\"\n\
         [[services.sources]]\nkind = \"statuspage\"\nurl = \"{}\"\n\n[[services]]\nid = \"beta\"\nname = \"Beta\"\n\
         interval = \"1s\"\n[[services.sources]]\nkind = \"statuspage\"\nurl = \"{}\"\n",
        acme.url(),
        beta.url()
    );
    let config = testkit::config(&text);
    handle
        .commands
        .send(Command::Reload(Box::new(config)))
        .await
        .expect("reload");
    let changed = next(&mut events, |e| match e {
        Event::State { service, to, .. } => Some((service.clone(), *to)),
        _ => None,
    })
    .await;
    assert_eq!(
        changed,
        ("beta".to_owned(), Status::Operational),
        "only Beta is news"
    );
    let mut overview = handle.overview.clone();
    let names = loop {
        let names: Vec<String> = overview
            .borrow()
            .services
            .iter()
            .map(|s| s.service.clone())
            .collect();
        if names.len() == 2 {
            break names;
        }
        overview.changed().await.expect("overview");
    };
    assert_eq!(names, ["acme", "beta"]);
    assert!(beta.requests() >= 1);
    task.abort();
}
