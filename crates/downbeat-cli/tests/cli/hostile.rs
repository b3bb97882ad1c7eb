//! Hostile and clumsy input against the real binary (issue 17).

use crate::{assert_usage_error, code, json, stderr, stdout, Home};
use downbeat_core::testkit::{self, FakeStatusPage, PageState, SlowServer};
use std::io::Read as _;
use std::process::Stdio;
use std::time::{Duration, Instant};

/// A Statuspage summary whose text tries to take over the terminal.
fn hostile_page() -> PageState {
    let outage = PageState::MajorOutage {
        title: "Title\u{1b}]0;pwned\u{7}\u{1b}[2J".into(),
        body: "Body\u{1b}[31mred\u{9b}0m".into(),
    };
    let mut body = testkit::summary("Evil\u{1b}[5mCorp", &outage, 1);
    body["incidents"][0]["shortlink"] = "javascript:alert(document.cookie)".into();
    PageState::Raw {
        status: 200,
        body: body.to_string(),
    }
}

fn assert_no_controls(text: &str) {
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "control characters in {text:?}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vendor_text_reaches_the_terminal_plain_and_links_are_web_links() {
    let page = FakeStatusPage::start("x").await.unwrap();
    page.set(hostile_page());
    let home = Home::new();
    let output = home.run(&["check", &page.url()]).await;
    let text = stdout(&output);
    assert!(
        text.contains("EvilCorp") || text.contains("Evil[5mCorp"),
        "{text}"
    );
    assert!(text.contains("Title"), "{text}");
    assert_no_controls(&text);

    let output = home.run(&["check", "--json", &page.url()]).await;
    let report = json(&output);
    let incident = &report["incidents"][0];
    assert!(incident["title"].as_str().unwrap().contains("Title"));
    assert!(
        incident["url"].is_null(),
        "javascript: link kept: {incident}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_in_a_url_is_never_printed_nor_in_the_id() {
    let page = FakeStatusPage::start("Acme").await.unwrap();
    let url = page.url().replace("http://", "http://alice:hunter2@");
    let home = Home::new();
    for args in [
        vec!["check", url.as_str()],
        vec!["check", "--json", url.as_str()],
    ] {
        let output = home.run(&args).await;
        let all = format!("{}{}", stdout(&output), stderr(&output));
        assert!(!all.contains("hunter2"), "{all}");
        assert_eq!(code(&output), Some(0), "{all}");
    }
    let report = json(&home.run(&["check", "--json", &url]).await);
    let id = report["service"].as_str().unwrap();
    assert!(!id.contains("alice") && !id.contains("hunter2"), "{id}");
    assert!(
        !report["url"].as_str().unwrap().contains("hunter2"),
        "{report}"
    );
}

#[test]
fn file_paths_are_not_addresses() {
    let home = Home::new();
    for path in ["../../etc/passwd", "/etc/passwd", "./config.toml"] {
        assert_usage_error(&home.run_blocking(&["check", path]), "file path");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_keeps_its_own_timeout() {
    let hung = SlowServer::start(None, 200).await.unwrap();
    let home = Home::new();
    // No "is it me?" anchors: this test is about the check alone.
    home.write_config("[connectivity]\nanchors = []\n");
    let output = home.run(&["check", "--timeout", "1", &hung.url()]).await;
    assert_eq!(code(&output), Some(3), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("no answer within 1 s"),
        "{}",
        stdout(&output)
    );
    assert_usage_error(
        &home.run(&["check", "--timeout", "0", "github"]).await,
        "timeout",
    );
}

#[test]
fn absurd_durations_are_config_errors_and_usage_errors() {
    let home = Home::new();
    home.write_config("[general]\ninterval = \"99999999999d\"\n");
    assert_config_error_on_line_2(&home);
    home.write_config("[[services]]\nid = \"github\"\n");
    for since in ["99999999999d", "1000000d"] {
        let output = home.run_blocking(&["history", "github", "--since", since]);
        assert_usage_error(&output, "--since");
    }
}

#[test]
fn a_non_utf8_config_is_a_config_error_with_its_line() {
    let home = Home::new();
    std::fs::write(home.config(), b"# ok\n# caf\xe9\n").unwrap();
    assert_config_error_on_line_2(&home);
}

#[cfg(unix)]
#[test]
fn only_regular_files_are_read_as_the_config() {
    let home = Home::new();
    let fifo = home.dir.path().join("fifo.toml");
    assert!(std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    for config in [std::path::PathBuf::from("/dev/zero"), fifo] {
        let mut child = std::process::Command::new(crate::BIN)
            .arg("--config")
            .arg(&config)
            .arg("--data-dir")
            .arg(home.data_dir())
            .arg("status")
            .env("HOME", home.dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let started = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().unwrap() {
                break status;
            }
            if started.elapsed() > Duration::from_secs(20) {
                let _ = child.kill();
                panic!("{config:?}: still reading after 20 s");
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        let mut err = String::new();
        child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut err)
            .unwrap();
        assert_ne!(status.code(), Some(0), "{config:?}");
        assert!(err.contains("not a regular file"), "{config:?}: {err}");
    }
}

#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    let home = Home::new();
    let mut text = String::new();
    for n in 0..2000 {
        text.push_str(&format!(
            "[[services]]\nid = \"s{n}\"\n[[services.sources]]\nkind = \"http\"\nurl = \"http://127.0.0.1:9/\"\n"
        ));
    }
    home.write_config(&text);
    let mut child = home
        .command(&["status"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // `| head -1`: read one line, then go away.
    let mut out = child.stdout.take().unwrap();
    let mut first = [0u8; 16];
    let _ = out.read(&mut first).unwrap();
    drop(out);
    let output = child.wait_with_output().unwrap();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    assert_eq!(stderr(&output), "", "nothing said about the pipe");
}

/// The config's backups beside it, oldest first.
pub(crate) fn backups(home: &Home) -> Vec<std::path::PathBuf> {
    let mut found: Vec<_> = std::fs::read_dir(home.dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            name.starts_with("config.toml.") && name.ends_with(".bak")
        })
        .collect();
    found.sort();
    found
}

fn export_of(home: &Home, config: &str, name: &str) -> std::path::PathBuf {
    let source = Home::new();
    source.write_config(config);
    let file = home.dir.path().join(name);
    let output = source.run_blocking(&["export", file.to_str().unwrap()]);
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    file
}

#[cfg(unix)]
#[test]
fn imports_keep_every_earlier_config_and_its_mode() {
    use std::os::unix::fs::PermissionsExt;
    let home = Home::new();
    let hand_written = "# mine\n[[services]]\nid = \"github\"\n[[services.sources]]\nkind = \"http\"\nurl = \"http://127.0.0.1:9/\"\nheaders = { Authorization = \"Bearer t0ken\" }\n";
    // The config lives elsewhere, behind a symlink, owner-only.
    let real = home.dir.path().join("dotfiles.toml");
    std::fs::write(&real, hand_written).unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    std::os::unix::fs::symlink(&real, home.config()).unwrap();

    let same = export_of(&home, hand_written, "same.json");
    let mode = std::fs::metadata(&same).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "an export may hold tokens");

    // Removing services needs a yes, and without it nothing changes.
    let empty = export_of(&home, "[general]\ninterval = \"5m\"\n", "empty.json");
    let output = home.run_blocking(&["import", empty.to_str().unwrap()]);
    assert_usage_error(&output, "replaces 1 service with 0 (removes github)");
    assert!(stderr(&output).contains("--yes"));
    assert_eq!(std::fs::read_to_string(&real).unwrap(), hand_written);
    assert!(backups(&home).is_empty());

    for round in 0..7 {
        let file = if round % 2 == 0 { &empty } else { &same };
        let output = home.run_blocking(&["import", "--yes", file.to_str().unwrap()]);
        assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    }
    // The link is still a link, its target written, its mode kept.
    assert!(std::fs::symlink_metadata(home.config())
        .unwrap()
        .file_type()
        .is_symlink());
    let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let kept = backups(&home);
    assert_eq!(kept.len(), 5, "{kept:?}");
    for backup in &kept {
        let mode = std::fs::metadata(backup).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{backup:?}");
    }
    let all: Vec<String> = kept
        .iter()
        .map(|b| std::fs::read_to_string(b).unwrap())
        .collect();
    assert!(all.iter().all(|text| !text.is_empty()), "no empty backup");

    // Exporting over the live config is refused.
    let output = home.run_blocking(&["export", home.config().to_str().unwrap()]);
    assert_usage_error(&output, "the config itself");
    let output = home.run_blocking(&["export", real.to_str().unwrap()]);
    assert_usage_error(&output, "the config itself");
}

#[cfg(unix)]
#[test]
fn a_full_disk_during_import_loses_nothing() {
    let home = Home::new();
    home.write_config("[[services]]\nid = \"github\"\n");
    let export = export_of(
        &home,
        "[[services]]\nid = \"github\"\n[[services]]\nid = \"slack\"\n",
        "two.json",
    );
    let output = home.run_blocking(&["import", export.to_str().unwrap()]);
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    let before: Vec<(std::path::PathBuf, Vec<u8>)> = backups(&home)
        .into_iter()
        .map(|b| {
            let bytes = std::fs::read(&b).unwrap();
            (b, bytes)
        })
        .collect();
    let config_before = std::fs::read(home.config()).unwrap();
    // No byte may be written: the disk is full (SIGXFSZ or EFBIG).
    let command = home.command(&["import", export.to_str().unwrap()]);
    let program = command.get_program().to_owned();
    let args: Vec<_> = command.get_args().map(|a| a.to_owned()).collect();
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg("ulimit -f 0; exec \"$@\"")
        .arg("sh")
        .arg(program)
        .args(args)
        .env("HOME", home.dir.path())
        .output()
        .unwrap();
    assert_ne!(code(&output), Some(0));
    assert_eq!(std::fs::read(home.config()).unwrap(), config_before);
    for (backup, bytes) in before {
        assert_eq!(std::fs::read(&backup).unwrap(), bytes, "{backup:?} changed");
    }
    assert!(
        backups(&home)
            .iter()
            .all(|b| std::fs::metadata(b).unwrap().len() > 0),
        "no empty backup"
    );
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_disk_keeps_watch_monitoring_and_is_said_once() {
    let page = FakeStatusPage::start("Acme").await.unwrap();
    let home = Home::new();
    watch_one_page(&home, &page);
    // The database exists; from now on, no file may grow (a full disk).
    drop(downbeat_core::store::Store::open(&home.database()).unwrap());
    let command = home.command(&["watch", "--json", "--no-notify"]);
    let program = command.get_program().to_owned();
    let args: Vec<_> = command.get_args().map(|a| a.to_owned()).collect();
    // Room for the writer's lock file and SQLite's 32 KB shared-memory
    // index, not for the history to grow (`ulimit -f` counts 512 bytes).
    let blocks = 80;
    let child = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("trap '' XFSZ; ulimit -f {blocks}; exec \"$@\""))
        .arg("sh")
        .arg(program)
        .args(args)
        .env("HOME", home.dir.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let pid = child.id().to_string();
    tokio::time::sleep(Duration::from_secs(6)).await;
    let killed = std::process::Command::new("kill")
        .args(["-TERM", &pid])
        .status()
        .unwrap();
    assert!(killed.success());
    let output = tokio::task::spawn_blocking(move || child.wait_with_output().unwrap())
        .await
        .unwrap();
    let err = stderr(&output);
    let observations = stdout(&output)
        .lines()
        .filter(|line| line.contains("\"observation\""))
        .count();
    assert!(
        observations >= 3,
        "monitoring went on: {}\n{err}",
        stdout(&output)
    );
    assert_eq!(
        err.matches("history is not being kept").count(),
        1,
        "said once: {err}"
    );
}

fn assert_config_error_on_line_2(home: &Home) {
    let output = home.run_blocking(&["status"]);
    assert_eq!(code(&output), Some(78), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("config.toml:2:"),
        "{}",
        stderr(&output)
    );
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_watch_on_a_data_dir_says_who_holds_it() {
    let page = FakeStatusPage::start("Acme").await.unwrap();
    let home = Home::new();
    watch_one_page(&home, &page);
    let mut first = home
        .command(&["watch", "--json", "--no-notify"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Wait for its first line: it holds the data dir by then.
    let mut out = first.stdout.take().unwrap();
    let mut byte = [0u8; 1];
    let read = tokio::task::spawn_blocking(move || {
        let n = out.read(&mut byte).unwrap();
        (n, out)
    })
    .await
    .unwrap();
    assert_eq!(read.0, 1, "the first watch printed nothing");
    let second = home.run(&["watch", "--json", "--no-notify"]).await;
    let _ = first.kill();
    let _ = first.wait();
    assert_eq!(code(&second), Some(75), "{}", stderr(&second));
    let err = stderr(&second);
    assert!(err.contains("already watching"), "{err}");
    assert!(err.contains("downbeat watch"), "{err}");
    assert!(
        err.contains(&first.id().to_string()),
        "names the process: {err}"
    );
}

/// A config watching `page` every second, with no connectivity anchors.
fn watch_one_page(home: &Home, page: &FakeStatusPage) {
    home.write_config(&format!(
        "[connectivity]\nanchors = []\n[[services]]\nid = \"acme\"\ninterval = \"1s\"\n[[services.sources]]\nkind = \"statuspage\"\nurl = \"{}\"\n",
        page.url()
    ));
}
