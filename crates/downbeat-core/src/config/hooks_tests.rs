//! `[[hooks]]` in the config: what is accepted, and each mistake at its line.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use super::*;
use crate::config::catalog::Catalog;
use crate::config::Config;

const SERVICES: &str = "[[services]]\nid = \"acme\"\n[[services.sources]]\nkind = \"statuspage\"\nurl = \"https://status.acme.example\"\n\n";

fn parse(hooks: &str) -> Config {
    Config::parse(
        &format!("{SERVICES}{hooks}"),
        Path::new("c.toml"),
        &Catalog::builtin(),
    )
    .expect("the rest of the config loads")
}

/// The one problem of `hooks`: (line, message), lines counted in the whole file.
fn problem(hooks: &str) -> (usize, String) {
    let config = parse(hooks);
    assert!(config.hooks.is_empty(), "{:?}", config.hooks);
    assert_eq!(config.services.len(), 1, "the services still load");
    match config.hook_errors.as_slice() {
        [p] => (p.line, p.message.clone()),
        other => panic!("expected one problem, got {other:?}"),
    }
}

#[test]
fn good_hooks_are_read() {
    let config = parse(
        "[[hooks]]\ncommand = [\"sh\", \"-c\", \"true\"]\nevents = [\"outage\", \"recovery\"]\n\n\
         [[hooks]]\nurl = \"https://hooks.example.com/x?key=1\"\nservices = [\"acme\"]\n\
         headers = { Authorization = { env = \"HOOK_TOKEN\" }, X-From = \"downbeat\" }\n",
    );
    assert!(config.hook_errors.is_empty(), "{:?}", config.hook_errors);
    assert_eq!(config.hooks.len(), 2);
    assert_eq!(config.hooks[0].line, 7);
    assert_eq!(
        config.hooks[0].events,
        Some(vec![NotificationKind::Outage, NotificationKind::Recovery])
    );
    assert_eq!(config.hooks[1].line, 11);
    assert_eq!(
        config.hooks[1].label(),
        "line 11: https://hooks.example.com/x"
    );
    match &config.hooks[1].target {
        HookTarget::Url { headers, .. } => {
            assert_eq!(
                headers[0],
                (
                    "Authorization".to_owned(),
                    HeaderSource::Env {
                        env: "HOOK_TOKEN".into()
                    }
                )
            );
            // Never printed, even in Debug.
            assert_eq!(format!("{:?}", headers[1].1), "Literal(***)");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn each_mistake_is_reported_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let plain_file = dir.path().join("notes.txt");
    std::fs::write(&plain_file, "x").unwrap();
    let plain_file = plain_file.display().to_string();
    let cases: Vec<(String, usize, &str)> = vec![
        (
            "[[hooks]]\ncommand = [\"/no/such/program\"]\n".into(),
            8,
            "does not exist",
        ),
        (
            format!("[[hooks]]\ncommand = [\"{plain_file}\"]\n"),
            8,
            "not executable",
        ),
        (
            "[[hooks]]\ncommand = [\"surely-no-such-program-x\"]\n".into(),
            8,
            "not found in PATH",
        ),
        ("[[hooks]]\ncommand = []\n".into(), 8, "must name a program"),
        ("[[hooks]]\nurl = \"not a url\"\n".into(), 8, "not an http"),
        (
            "[[hooks]]\nurl = \"ftp://example.com/x\"\n".into(),
            8,
            "not an http",
        ),
        (
            "[[hooks]]\nurl = \"https://h.example/\"\n\nevents = [\"outage\", \"incident\"]\n".into(),
            10,
            "unknown hook event \"incident\": use outage, degraded, maintenance, recovery, offline, online, grouped, reminder",
        ),
        (
            "[[hooks]]\nurl = \"https://h.example/\"\nservices = [\"github\"]\n".into(),
            9,
            "hook service \"github\" is not one of the [[services]]",
        ),
        (
            "[[hooks]]\nurl = \"https://h.example/\"\ncommand = [\"sh\"]\n".into(),
            8,
            "either command or url",
        ),
        ("[[hooks]]\nevents = [\"outage\"]\n".into(), 7, "needs command"),
        (
            "[[hooks]]\nurl = \"https://h.example/\"\nmethod = \"PUT\"\n".into(),
            7,
            "unknown field `method`",
        ),
        (
            "[[hooks]]\nurl = \"https://h.example/\"\nheaders = { Authorization = { env = \"BAD-NAME\" } }\n".into(),
            9,
            "not an environment variable name",
        ),
    ];
    for (hooks, line, words) in cases {
        let (at, message) = problem(&hooks);
        assert!(message.contains(words), "{hooks}: {message}");
        assert_eq!(at, line, "{hooks}: {message}");
    }
}

#[test]
fn the_cli_refuses_a_file_with_a_wrong_hook_where_the_app_leaves_it_out() {
    let config = parse("[[hooks]]\ncommand = [\"sh\"]\n[[hooks]]\nurl = \"gopher://x\"\n");
    assert_eq!(config.hooks.len(), 1);
    match config.hooks_checked(Path::new("c.toml")) {
        Err(ConfigError::Invalid { line, message, .. }) => {
            assert_eq!(line, 10);
            assert!(message.contains("gopher"), "{message}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn every_event_name_a_hook_can_ask_for_is_the_name_its_kind_is_sent_as() {
    for (name, kind) in EVENT_NAMES {
        assert_eq!(event_name(kind), name);
    }
}
