//! Hooks against real components: the engine watching a loopback status page,
//! a loopback HTTP receiver, and small shell scripts as command hooks.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use downbeat_core::app::engine::EngineHandle;
use downbeat_core::io::hooks::{HookOptions, HookReport};
use downbeat_core::io::notifier::RecordingNotifier;
use downbeat_core::model::i18n::Language;
use downbeat_core::model::{Event, NotificationKind, Status};
use downbeat_core::testkit::{self, FakeStatusPage, PageState};
use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
use tokio::net::TcpListener;
use tokio::sync::broadcast;

/// A loopback webhook receiver: records each request (head and body) and
/// answers with the next queued status (200 when none), or never answers.
#[derive(Clone, Default)]
struct Receiver {
    requests: Arc<Mutex<Vec<(String, String)>>>,
    statuses: Arc<Mutex<VecDeque<u16>>>,
    hang: bool,
}

impl Receiver {
    async fn start(self) -> (Receiver, String) {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let url = format!(
            "http://{}/hook?token=s3cret",
            listener.local_addr().unwrap()
        );
        let shared = self.clone();
        tokio::spawn(async move {
            loop {
                let Ok((mut stream, _)) = listener.accept().await else {
                    return;
                };
                let me = shared.clone();
                tokio::spawn(async move {
                    let Some(mut request) = testkit::read_head(&mut stream).await else {
                        return;
                    };
                    let split = request.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
                    let head = String::from_utf8_lossy(&request[..split]).to_string();
                    let length: usize = head
                        .lines()
                        .find_map(|l| {
                            l.to_ascii_lowercase()
                                .strip_prefix("content-length:")
                                .map(|v| v.trim().parse().unwrap())
                        })
                        .unwrap_or(0);
                    let mut buffer = [0u8; 4096];
                    while request.len() < split + length {
                        match stream.read(&mut buffer).await {
                            Ok(0) | Err(_) => return,
                            Ok(n) => request.extend_from_slice(&buffer[..n]),
                        }
                    }
                    let body = String::from_utf8_lossy(&request[split..]).to_string();
                    me.requests.lock().unwrap().push((head, body));
                    if me.hang {
                        tokio::time::sleep(Duration::from_secs(3600)).await;
                        return;
                    }
                    let status = me.statuses.lock().unwrap().pop_front().unwrap_or(200);
                    let answer = format!(
                        "HTTP/1.1 {status} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
                    );
                    let _ = stream.write_all(answer.as_bytes()).await;
                });
            }
        });
        (self, url)
    }

    fn bodies(&self) -> Vec<String> {
        self.requests
            .lock()
            .unwrap()
            .iter()
            .map(|(_, body)| body.clone())
            .collect()
    }
}

fn config(page: &FakeStatusPage, hooks: &str) -> downbeat_core::config::Config {
    testkit::config(&format!(
        "[general]\nlanguage = \"en\"\n[notifications]\ngroup_window = \"1s\"\n\n[connectivity]\nanchors = []\n\n\
         [[services]]\nid = \"acme\"\nname = \"Acme\"\ninterval = \"1s\"\n[[services.sources]]\nkind = \"statuspage\"\nurl = \"{}\"\n\n{hooks}",
        page.url()
    ))
}

/// The engine on `page` with `hooks`, after its first state.
async fn started(
    page: &FakeStatusPage,
    hooks: &str,
    dir: &std::path::Path,
    options: HookOptions,
) -> (broadcast::Receiver<Event>, EngineHandle) {
    let engine = testkit::engine(
        config(page, hooks),
        &dir.join("db.sqlite3"),
        Arc::new(RecordingNotifier::default()),
    )
    .with_hook_options(options);
    let mut events = engine.subscribe();
    // The task runs on until the test's runtime ends.
    let (handle, _task) = engine.spawn(std::future::pending());
    next(&mut events, |e| {
        matches!(e, Event::State { .. }).then_some(())
    })
    .await;
    (events, handle)
}

fn fast() -> HookOptions {
    HookOptions {
        time_limit: Duration::from_secs(2),
        retries: 3,
        backoff: Duration::from_millis(20),
    }
}

/// Wait (up to 30 s) for the first event that `pick` accepts.
async fn next<T>(
    events: &mut broadcast::Receiver<Event>,
    pick: impl FnMut(&Event) -> Option<T>,
) -> T {
    testkit::next_event(events, Duration::from_secs(30), pick).await
}

/// The watch --json line of the next notification of `kind`.
async fn notified(events: &mut broadcast::Receiver<Event>, kind: NotificationKind) -> String {
    next(events, |event| match event {
        Event::Notification { notification, .. } if notification.kind == kind => Some(
            event
                .to_json(
                    Language::En,
                    chrono::Utc::now().fixed_offset().offset().to_owned(),
                )
                .to_string(),
        ),
        _ => None,
    })
    .await
}

/// `got` are `want` (watch --json lines) but for `at`, which is within a
/// second of the desktop notification's.
fn same_lines(got: &[String], want: &[&String]) {
    assert_eq!(got.len(), want.len(), "{got:?}");
    for (got, want) in got.iter().zip(want) {
        let mut got: serde_json::Value = serde_json::from_str(got).unwrap();
        let mut want: serde_json::Value = serde_json::from_str(want).unwrap();
        let at = |v: &mut serde_json::Value| {
            let text = v.as_object_mut().unwrap().remove("at").unwrap();
            chrono::DateTime::parse_from_rfc3339(text.as_str().unwrap()).unwrap()
        };
        let apart = at(&mut got) - at(&mut want);
        assert!(apart.num_milliseconds().abs() < 1000, "{apart}");
        assert_eq!(got, want);
    }
}

async fn until(what: &str, mut done: impl FnMut() -> bool) {
    for _ in 0..300 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("timed out waiting for {what}");
}

fn outage() -> PageState {
    PageState::MajorOutage {
        title: "Logins fail".into(),
        body: "We are looking into it.".into(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_url_hook_receives_the_outage_and_the_recovery_as_watch_json_lines() {
    let page = FakeStatusPage::start("Acme").await.expect("page");
    let (receiver, url) = Receiver::default().start().await;
    // A variable cargo sets for every test run (no set_var beside other threads).
    let hooks = format!(
        "[[hooks]]\nurl = \"{url}\"\nheaders = {{ Authorization = {{ env = \"CARGO_PKG_NAME\" }}, X-From = \"downbeat\" }}\n"
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut events, handle) = started(&page, &hooks, dir.path(), fast()).await;

    page.set(outage());
    let down = notified(&mut events, NotificationKind::Outage).await;
    until("the outage POST", || receiver.bodies().len() == 1).await;
    page.set(PageState::Operational);
    let up = notified(&mut events, NotificationKind::Recovery).await;
    until("the recovery POST", || receiver.bodies().len() == 2).await;

    // The lines `watch --json` prints, in order (told by the hook's own
    // policy, a few microseconds apart).
    same_lines(&receiver.bodies(), &[&down, &up]);
    assert_eq!(
        receiver.bodies()[0],
        format!(
            "{{\"at\":{},\"body\":\"Acme is down: its status page reports a major outage (“Logins fail”).\",\
             \"kind\":\"outage\",\"services\":[\"acme\"],\"title\":\"Acme is down\",\"type\":\"notification\",\"urgent\":true}}",
            serde_json::from_str::<serde_json::Value>(&receiver.bodies()[0]).unwrap()["at"]
        )
    );
    let down: serde_json::Value = serde_json::from_str(&down).unwrap();
    assert_eq!(down["type"], "notification");
    assert_eq!(down["kind"], "outage");
    assert_eq!(down["services"], serde_json::json!(["acme"]));
    assert_eq!(down["title"], "Acme is down");
    assert_eq!(down["urgent"], true);
    let up: serde_json::Value = serde_json::from_str(&up).unwrap();
    assert_eq!(up["kind"], "recovery");
    assert_eq!(up["urgent"], false);

    let requests = receiver.requests.lock().unwrap().clone();
    let head = requests[0].0.to_ascii_lowercase();
    assert!(head.starts_with("post /hook?token=s3cret "), "{head}");
    assert!(head.contains("authorization: downbeat-core"), "{head}");
    assert!(head.contains("x-from: downbeat"), "{head}");
    assert!(head.contains("content-type: application/json"), "{head}");
    let report = &handle.hooks.reports()[0];
    assert!(
        report.last_ok.is_some() && report.last_error.is_none(),
        "{report:?}"
    );
    // Settings show the hook without its query (a token).
    assert!(!report.hook.contains("s3cret"), "{}", report.hook);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_receiver_is_retried_then_reported() {
    let page = FakeStatusPage::start("Acme").await.expect("page");
    let flaky = Receiver::default();
    flaky.statuses.lock().unwrap().extend([500, 503]);
    let (flaky, flaky_url) = flaky.start().await;
    let broken = Receiver::default();
    broken.statuses.lock().unwrap().extend([500; 10]);
    let (broken, broken_url) = broken.start().await;
    let hooks = format!("[[hooks]]\nurl = \"{flaky_url}\"\n[[hooks]]\nurl = \"{broken_url}\"\n");
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut events, handle) = started(&page, &hooks, dir.path(), fast()).await;
    page.set(outage());
    let down = notified(&mut events, NotificationKind::Outage).await;

    until("the third try", || flaky.bodies().len() == 3).await;
    until("four tries", || broken.bodies().len() == 4).await;
    until("the reports", || {
        let reports = handle.hooks.reports();
        reports[0].last_ok.is_some() && reports[1].last_error.is_some()
    })
    .await;
    // The same line each time.
    let bodies = flaky.bodies();
    assert!(bodies.iter().all(|body| *body == bodies[0]), "{bodies:?}");
    same_lines(&bodies[..1], &[&down]);
    let reports: Vec<HookReport> = handle.hooks.reports();
    assert!(reports[0].last_error.is_none(), "{reports:?}");
    let error = reports[1].last_error.clone().unwrap();
    assert!(
        error.contains("500") && error.contains("after 4 tries"),
        "{error}"
    );
    assert!(!error.contains("s3cret"), "{error}");
    // No more than 1 + 3 retries.
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(broken.bodies().len(), 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filtered_events_and_other_services_send_nothing() {
    let page = FakeStatusPage::start("Acme").await.expect("page");
    let (recoveries, recoveries_url) = Receiver::default().start().await;
    let (others, others_url) = Receiver::default().start().await;
    let hooks = format!(
        "[[services]]\nid = \"other\"\n[[services.sources]]\nkind = \"http\"\nurl = \"{}\"\n\n\
         [[hooks]]\nurl = \"{recoveries_url}\"\nevents = [\"recovery\"]\n\
         [[hooks]]\nurl = \"{others_url}\"\nservices = [\"other\"]\n",
        page.url()
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut events, _handle) = started(&page, &hooks, dir.path(), fast()).await;
    page.set(outage());
    notified(&mut events, NotificationKind::Outage).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        recoveries.bodies().is_empty(),
        "an outage is not a recovery"
    );
    page.set(PageState::Operational);
    let up = notified(&mut events, NotificationKind::Recovery).await;
    until("the recovery POST", || recoveries.bodies().len() == 1).await;
    same_lines(&recoveries.bodies(), &[&up]);
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(others.bodies().is_empty(), "acme's events are not other's");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hanging_receiver_does_not_delay_checks() {
    let page = FakeStatusPage::start("Acme").await.expect("page");
    let (hanging, url) = Receiver {
        hang: true,
        ..Receiver::default()
    }
    .start()
    .await;
    let dir = tempfile::tempdir().expect("tempdir");
    let (mut events, _handle) = started(
        &page,
        &format!("[[hooks]]\nurl = \"{url}\"\n"),
        dir.path(),
        HookOptions {
            time_limit: Duration::from_secs(600),
            ..fast()
        },
    )
    .await;
    page.set(outage());
    notified(&mut events, NotificationKind::Outage).await;
    until("the POST that hangs", || hanging.bodies().len() == 1).await;
    // The receiver holds the request; checks go on at their pace (1 s), and
    // the recovery is seen and notified while the outage's POST still hangs.
    let before = page.requests();
    until("three more checks", || page.requests() >= before + 3).await;
    page.set(PageState::Operational);
    let recovered = next(&mut events, |e| match e {
        Event::State { to, .. } => Some(*to),
        _ => None,
    })
    .await;
    assert_eq!(recovered, Status::Operational);
    notified(&mut events, NotificationKind::Recovery).await;
    assert_eq!(
        hanging.bodies().len(),
        1,
        "the hook is still on its first event"
    );
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_command_hook_gets_the_engines_outage_with_the_status_now() {
    use std::os::unix::fs::PermissionsExt as _;
    let page = FakeStatusPage::start("Acme").await.expect("page");
    let dir = tempfile::tempdir().expect("tempdir");
    let script = dir.path().join("record.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\nread line\nprintf '%s\\n%s|%s|%s\\n' \"$line\" \"$DOWNBEAT_EVENT\" \"$DOWNBEAT_SERVICE\" \"$DOWNBEAT_STATUS\" >> \"$1\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let out = dir.path().join("seen");
    let hooks = format!(
        "[[hooks]]\ncommand = [\"{}\", \"{}\"]\nevents = [\"outage\"]\n",
        script.display(),
        out.display()
    );
    let (mut events, handle) = started(&page, &hooks, dir.path(), fast()).await;
    page.set(outage());
    let down = notified(&mut events, NotificationKind::Outage).await;
    until("the hook to run", || {
        handle.hooks.reports()[0].last_ok.is_some()
    })
    .await;
    let seen = std::fs::read_to_string(&out).unwrap();
    let (line, env) = seen.split_once('\n').unwrap();
    same_lines(&[line.to_owned()], &[&down]);
    assert_eq!(env, "outage|acme|major_outage\n");
    // The recovery is filtered out: the program runs no second time.
    page.set(PageState::Operational);
    notified(&mut events, NotificationKind::Recovery).await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 2);
}

#[test]
fn a_secret_header_stays_in_the_environment_through_edits_and_exports() {
    // Its value, "downbeat-core", is what must not be written anywhere.
    assert_eq!(
        std::env::var("CARGO_PKG_NAME").as_deref(),
        Ok("downbeat-core")
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("config.toml");
    std::fs::write(
        &path,
        "[[services]]\nid = \"github\"\n\n[[hooks]]\nurl = \"https://hooks.example.com/x\"\n\
         headers = { Authorization = { env = \"CARGO_PKG_NAME\" } }\n",
    )
    .unwrap();
    let catalog = downbeat_core::config::catalog::Catalog::builtin();
    let config = downbeat_core::config::edit::update(&path, &catalog, |edit| {
        edit.set_alerts("github", Some(downbeat_core::config::AlertLevel::Off))
    })
    .expect("edit");
    assert_eq!(config.hooks.len(), 1);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains("{ env = \"CARGO_PKG_NAME\" }"), "{text}");
    let export = downbeat_core::app::transfer::export_config(&text, chrono::Utc::now()).unwrap();
    assert!(export.contains("CARGO_PKG_NAME"), "{export}");
    for shown in [&text, &export, &format!("{config:?}")] {
        assert!(!shown.contains("downbeat-core"), "{shown}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hooks_speak_while_desktop_notifications_are_off() {
    let page = FakeStatusPage::start("Acme").await.expect("page");
    let (receiver, url) = Receiver::default().start().await;
    let text = format!(
        "[general]\nlanguage = \"en\"\n[notifications]\nenabled = false\nquiet_hours = \"00:00-23:59\"\ngroup_window = \"1s\"\n\n\
         [connectivity]\nanchors = []\n\n[[services]]\nid = \"acme\"\nname = \"Acme\"\ninterval = \"1s\"\n\
         [[services.sources]]\nkind = \"statuspage\"\nurl = \"{}\"\n\n[[hooks]]\nurl = \"{url}\"\n",
        page.url()
    );
    let dir = tempfile::tempdir().expect("tempdir");
    let notifier = RecordingNotifier::default();
    let engine = testkit::engine(
        testkit::config(&text),
        &dir.path().join("db.sqlite3"),
        Arc::new(notifier.clone()),
    )
    .with_hook_options(fast());
    let mut events = engine.subscribe();
    let (_handle, _task) = engine.spawn(std::future::pending());
    page.set(outage());
    next(&mut events, |e| match e {
        Event::State { to, .. } if *to == Status::MajorOutage => Some(()),
        _ => None,
    })
    .await;
    until("the outage POST", || receiver.bodies().len() == 1).await;
    let body: serde_json::Value = serde_json::from_str(&receiver.bodies()[0]).unwrap();
    assert_eq!(body["kind"], "outage");
    assert_eq!(body["title"], "Acme is down");
    assert!(notifier.shown().is_empty(), "the desktop stays silent");
}
