//! The real `downbeat` binary against status pages served on 127.0.0.1 and
//! real files in a temp dir. Every run gets `--config` and `--data-dir` in
//! its temp dir (and a fake HOME), so nothing touches the user's files, and
//! no test reaches the internet.

// A test that cannot set itself up should stop right there, loudly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use downbeat_core::testkit::{FakeStatusPage, PageState};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tempfile::TempDir;
use tokio::sync::mpsc;

mod basic;
mod catalog;
mod files;
mod first_run;
mod history;
mod hostile;
mod language;
mod serve;
mod wait;

const BIN: &str = env!("CARGO_BIN_EXE_downbeat");

/// A private home for one test: config file, data dir, HOME.
pub(crate) struct Home {
    pub(crate) dir: TempDir,
}

impl Home {
    pub(crate) fn new() -> Home {
        Home {
            dir: tempfile::tempdir().expect("tempdir"),
        }
    }

    pub(crate) fn config(&self) -> PathBuf {
        self.dir.path().join("config.toml")
    }

    pub(crate) fn data_dir(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    pub(crate) fn database(&self) -> PathBuf {
        self.data_dir().join("downbeat.sqlite3")
    }

    pub(crate) fn write_config(&self, text: &str) {
        std::fs::write(self.config(), text).expect("write config");
    }

    /// `downbeat --config … --data-dir … ARGS`, isolated from the caller's
    /// environment (its own HOME, no proxies: 127.0.0.1 must be reached
    /// directly).
    pub(crate) fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new(BIN);
        command
            .arg("--config")
            .arg(self.config())
            .arg("--data-dir")
            .arg(self.data_dir())
            .args(args)
            .env("HOME", self.dir.path())
            .env("XDG_CONFIG_HOME", self.dir.path().join("xdg-config"))
            .env("XDG_DATA_HOME", self.dir.path().join("xdg-data"))
            .env_remove("DOWNBEAT_CONFIG")
            .env_remove("DOWNBEAT_DATA_DIR")
            // Reasons follow the system's language under `auto`: English
            // unless a test's config says otherwise.
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env("LANG", "C");
        for proxy in [
            "HTTP_PROXY",
            "HTTPS_PROXY",
            "ALL_PROXY",
            "http_proxy",
            "https_proxy",
            "all_proxy",
        ] {
            command.env_remove(proxy);
        }
        command
    }

    /// Run to completion off the async runtime, so the fake page (served by
    /// the test's runtime) keeps answering meanwhile.
    pub(crate) async fn run(&self, args: &[&str]) -> Output {
        let mut command = self.command(args);
        tokio::task::spawn_blocking(move || command.output().expect("run downbeat"))
            .await
            .expect("join")
    }

    pub(crate) fn run_blocking(&self, args: &[&str]) -> Output {
        self.command(args).output().expect("run downbeat")
    }
}

pub(crate) fn code(output: &Output) -> Option<i32> {
    output.status.code()
}

pub(crate) fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub(crate) fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// The single JSON object a `--json` command printed.
pub(crate) fn json(output: &Output) -> Value {
    let text = stdout(output);
    assert_eq!(
        text.lines().count(),
        1,
        "expected one line of JSON, got {text:?} (stderr {:?})",
        stderr(output)
    );
    serde_json::from_str(&text).expect("valid JSON")
}

pub(crate) fn assert_rfc3339(value: &Value, what: &str) {
    let text = value
        .as_str()
        .unwrap_or_else(|| panic!("{what} should be a string, got {value}"));
    let parsed = chrono::DateTime::parse_from_rfc3339(text)
        .unwrap_or_else(|error| panic!("{what} {text:?} is not RFC 3339: {error}"));
    assert_eq!(parsed.offset().local_minus_utc(), 0, "{what} is not UTC");
}

/// Bad input: exit 64, exactly one line on stderr, which starts with
/// `downbeat:` and mentions `needle`; nothing on stdout.
pub(crate) fn assert_usage_error(output: &Output, needle: &str) {
    let err = stderr(output);
    assert_eq!(code(output), Some(64), "stderr: {err:?}");
    assert_eq!(err.lines().count(), 1, "one line expected: {err:?}");
    assert!(err.starts_with("downbeat: "), "{err:?}");
    assert!(err.contains(needle), "{err:?} should mention {needle:?}");
    assert_eq!(stdout(output), "", "nothing on stdout");
}

pub(crate) fn outage(title: &str, body: &str) -> PageState {
    PageState::MajorOutage {
        title: title.into(),
        body: body.into(),
    }
}
