//! Command hooks with real programs (small shell scripts), and the queue.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use super::*;
use crate::model::clock::SystemClock;
use std::path::Path;

fn script(dir: &Path, name: &str, body: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    path.display().to_string()
}

fn hook(argv: Vec<String>) -> HookSpec {
    HookSpec {
        target: HookTarget::Command(argv),
        events: None,
        services: None,
        line: 7,
    }
}

fn outage_event() -> HookEvent {
    let notification = Notification {
        kind: NotificationKind::Outage,
        services: vec!["acme".into()],
        title: "Acme is down".into(),
        body: "Logins fail.".into(),
        urgent: true,
    };
    HookEvent::new(
        &notification,
        r#"{"type":"notification","kind":"outage","services":["acme"]}"#.into(),
        "major_outage".into(),
    )
}

fn start(spec: HookSpec, options: HookOptions, board: &HookBoard) -> Hooks {
    let mut config = crate::config::Config::parse(
        "",
        Path::new("c.toml"),
        &crate::config::catalog::Catalog::builtin(),
    )
    .unwrap();
    config.hooks = vec![spec];
    Hooks::start(
        &config,
        (crate::model::i18n::Language::En, chrono::Utc.fix()),
        &FetchOptions::default(),
        options,
        Arc::new(SystemClock),
        board,
    )
}

async fn until(what: &str, mut done: impl FnMut() -> bool) {
    for _ in 0..400 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("timed out waiting for {what}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_command_gets_the_event_on_stdin_and_in_its_environment() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().display().to_string();
    let program = script(
        dir.path(),
        "record",
        "cat > \"$1/stdin\"\nprintf '%s|%s|%s|%s\\n' \"$DOWNBEAT_EVENT\" \"$DOWNBEAT_SERVICE\" \"$DOWNBEAT_STATUS\" \"$2\" > \"$1/env\"",
    );
    let board = HookBoard::default();
    let hooks = start(
        hook(vec![program, out.clone(), "two words".into()]),
        HookOptions::default(),
        &board,
    );
    hooks.queue_all(&outage_event());
    until("the hook to run", || board.reports()[0].last_ok.is_some()).await;
    let stdin = std::fs::read_to_string(dir.path().join("stdin")).unwrap();
    assert_eq!(
        stdin,
        "{\"type\":\"notification\",\"kind\":\"outage\",\"services\":[\"acme\"]}\n"
    );
    let env = std::fs::read_to_string(dir.path().join("env")).unwrap();
    // argv, not a shell: "two words" is one argument.
    assert_eq!(env, "outage|acme|major_outage|two words\n");
    assert_eq!(board.reports()[0].last_error, None);
    assert_eq!(board.reports()[0].hook, format!("line 7: {}/record", out));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_command_is_reported_with_what_it_said() {
    let dir = tempfile::tempdir().unwrap();
    let program = script(dir.path(), "fail", "echo 'token expired' >&2\nexit 3");
    let board = HookBoard::default();
    let hooks = start(hook(vec![program]), HookOptions::default(), &board);
    hooks.queue_all(&outage_event());
    until("the failure", || board.reports()[0].last_error.is_some()).await;
    let error = board.reports()[0].last_error.clone().unwrap();
    assert!(
        error.contains("token expired") && error.contains('3'),
        "{error}"
    );
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hanging_command_and_what_it_started_are_killed_at_the_limit() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().display().to_string();
    let program = script(
        dir.path(),
        "hang",
        "sleep 300 &\necho $! > \"$1/child\"\necho $$ > \"$1/self\"\nsleep 300",
    );
    let board = HookBoard::default();
    let hooks = start(
        hook(vec![program, out]),
        HookOptions {
            time_limit: Duration::from_millis(500),
            ..HookOptions::default()
        },
        &board,
    );
    hooks.queue_all(&outage_event());
    until("the kill", || board.reports()[0].last_error.is_some()).await;
    let error = board.reports()[0].last_error.clone().unwrap();
    assert!(error.contains("killed"), "{error}");
    for name in ["self", "child"] {
        let pid = std::fs::read_to_string(dir.path().join(name)).unwrap();
        let stat = format!("/proc/{}/stat", pid.trim());
        // Gone, or a zombie waiting for whoever adopted it: not running.
        let state = std::fs::read_to_string(&stat).unwrap_or_default();
        let running = state
            .rsplit(')')
            .next()
            .and_then(|rest| rest.split_whitespace().next())
            .is_some_and(|s| s != "Z" && s != "X");
        assert!(!running, "{name} still runs: {state}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_hook_drops_its_oldest_events_and_counts_them() {
    let dir = tempfile::tempdir().unwrap();
    let program = script(dir.path(), "slow", "sleep 300");
    let board = HookBoard::default();
    let hooks = start(
        hook(vec![program]),
        HookOptions {
            time_limit: Duration::from_millis(50),
            ..HookOptions::default()
        },
        &board,
    );
    // More events than the queue holds while the first one runs.
    for _ in 0..(QUEUE + 5) {
        hooks.queue_all(&outage_event());
    }
    until("the drop count", || board.reports()[0].dropped > 0).await;
    assert!(board.reports()[0].dropped <= 5, "{:?}", board.reports());
}

#[test]
fn a_grouped_notification_reaches_hooks_that_want_a_change() {
    let mut spec = hook(vec!["x".into()]);
    spec.events = Some(vec![NotificationKind::Outage]);
    let services = vec!["acme".to_owned(), "other".to_owned()];
    assert!(spec.wants(NotificationKind::Grouped, &services));
    assert!(!spec.wants(NotificationKind::Recovery, &services));
    spec.events = Some(vec![NotificationKind::Offline]);
    assert!(!spec.wants(NotificationKind::Grouped, &services));
    spec.events = None;
    spec.services = Some(vec!["other".into()]);
    assert!(spec.wants(NotificationKind::Grouped, &services));
    assert!(!spec.wants(NotificationKind::Outage, &["acme".to_owned()]));
}
