//! The OS's sleep signals reach the engine: a private D-Bus daemon plays the
//! system bus, the test sends logind's `PrepareForSleep` on it, and the real
//! engine stops checking, then records the time asleep as a gap.
#![cfg(target_os = "linux")]
#![allow(clippy::expect_used, clippy::unwrap_used)]

use downbeat_core::io::notifier::RecordingNotifier;
use downbeat_core::model::{Connectivity, Event};
use downbeat_core::testkit::{self, FakeStatusPage};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast;

struct Bus(std::process::Child, String);

impl Drop for Bus {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A dbus-daemon of our own; its address.
fn private_bus() -> Option<Bus> {
    let mut child = Command::new("dbus-daemon")
        .args(["--session", "--nofork", "--print-address=1"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let mut line = String::new();
    BufReader::new(child.stdout.take()?)
        .read_line(&mut line)
        .ok()?;
    Some(Bus(child, line.trim().to_owned()))
}

async fn connectivity(events: &mut broadcast::Receiver<Event>) -> Connectivity {
    let wait = async {
        loop {
            match events.recv().await {
                Ok(Event::Connectivity { state, .. }) => return state,
                Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) => {}
                Err(broadcast::error::RecvError::Closed) => panic!("engine stopped"),
            }
        }
    };
    tokio::time::timeout(Duration::from_secs(20), wait)
        .await
        .expect("a connectivity event")
}

async fn prepare_for_sleep(bus: &zbus::Connection, going: bool) {
    bus.emit_signal(
        None::<&str>,
        "/org/freedesktop/login1",
        "org.freedesktop.login1.Manager",
        "PrepareForSleep",
        &(going,),
    )
    .await
    .expect("signal");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn logind_sleep_and_wake_pause_checks_and_record_a_gap() {
    let bus = private_bus().expect("dbus-daemon (scripts/install-deps installs dbus)");
    let page = FakeStatusPage::start("Acme").await.expect("page");
    let text = format!(
        "[connectivity]\nanchors = []\n\n[[services]]\nid = \"acme\"\nname = \"Acme\"\ninterval = \"1s\"\n\
         [[services.sources]]\nkind = \"statuspage\"\nurl = \"{}\"\n",
        page.url()
    );
    let config = testkit::config(&text);
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("db.sqlite3");
    let engine = testkit::engine(config, &db, Arc::new(RecordingNotifier::default()));
    let mut events = engine.subscribe();
    let (handle, task) = engine.spawn(std::future::pending());
    downbeat_core::app::os_events::forward(Some(bus.1.clone()), handle.commands.clone());
    let sender = zbus::connection::Builder::address(bus.1.as_str())
        .expect("address")
        .build()
        .await
        .expect("connect");

    // Checking every second; then the OS says it is going to sleep.
    while page.requests() < 2 {
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    // The forwarder subscribes in its own task: say it until it is heard.
    let asleep = async {
        loop {
            prepare_for_sleep(&sender, true).await;
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    };
    tokio::select! {
        state = connectivity(&mut events) => assert_eq!(state, Connectivity::Asleep),
        () = asleep => unreachable!(),
    }
    let during = page.requests();
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert!(
        page.requests() <= during + 1,
        "checks go on while asleep: {} → {}",
        during,
        page.requests()
    );

    prepare_for_sleep(&sender, false).await;
    assert_eq!(connectivity(&mut events).await, Connectivity::Online);
    task.abort();
    let _ = task.await;
    let conn = rusqlite::Connection::open(&db).expect("db");
    let gaps: i64 = conn
        .query_row("SELECT COUNT(*) FROM gaps", [], |r| r.get(0))
        .expect("gaps");
    assert_eq!(gaps, 1);
}
