//! `downbeat wait`: the real binary against a loopback status page, by
//! itself and beside a running `downbeat watch`.

use crate::{code, stderr, stdout, Home};
use downbeat_core::testkit::{FakeStatusPage, PageState};
use std::process::Stdio;
use std::time::Duration;

fn config(home: &Home, page: &FakeStatusPage) {
    home.write_config(&format!(
        "[general]\ninterval = \"1s\"\n\n[connectivity]\nanchors = []\n\n[[services]]\nid = \"fake\"\nname = \"Fake\"\n\
         [[services.sources]]\nkind = \"statuspage\"\nurl = \"{}\"\n",
        page.url()
    ));
}

fn outage() -> PageState {
    crate::outage("Logins fail", "We are looking into it.")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wait_exits_0_when_reached_and_124_on_timeout() {
    let page = FakeStatusPage::start("Fake").await.expect("page");
    let home = Home::new();
    config(&home, &page);
    let up = home.run(&["wait", "fake", "--timeout", "20s"]).await;
    assert_eq!(code(&up), Some(0), "{}", stderr(&up));
    assert_eq!(stdout(&up), "fake: operational\n");

    let waited = home
        .run(&["wait", "fake", "--until", "down", "--timeout", "2s"])
        .await;
    assert_eq!(code(&waited), Some(124), "{}", stderr(&waited));
    let err = stderr(&waited);
    assert!(
        err.contains("timed out after 2s waiting for fake to be down; it is operational"),
        "{err}"
    );
    assert_eq!(stdout(&waited), "");
    // Nothing was written beside the config: it checked in memory.
    assert!(!home.database().exists());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wait_sees_a_change_happen() {
    let page = FakeStatusPage::start("Fake").await.expect("page");
    let home = Home::new();
    config(&home, &page);
    let mut command = home.command(&["wait", "fake", "--until", "any-change", "--timeout", "30s"]);
    let waiting = tokio::task::spawn_blocking(move || command.output().expect("run"));
    // Its first check has seen "operational" by then (checks every 1 s).
    tokio::time::sleep(Duration::from_secs(2)).await;
    assert!(page.requests() >= 1);
    page.set(outage());
    let output = waiting.await.expect("join");
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "fake: major_outage\n");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wait_exits_3_when_the_service_cannot_be_observed() {
    let page = FakeStatusPage::start("Fake").await.expect("page");
    page.set(PageState::Raw {
        status: 200,
        body: "this is not a status page".into(),
    });
    let home = Home::new();
    config(&home, &page);
    let output = home.run(&["wait", "fake", "--timeout", "20s"]).await;
    assert_eq!(code(&output), Some(3), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.starts_with("downbeat: fake cannot be observed: "),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn wait_refuses_bad_input_with_64() {
    let home = Home::new();
    home.write_config("[[services]]\nid = \"github\"\n");
    let unknown = home.run_blocking(&["wait", "nope"]);
    crate::assert_usage_error(&unknown, "\"nope\" is not a configured service");
    let duration = home.run_blocking(&["wait", "github", "--timeout", "soon"]);
    crate::assert_usage_error(&duration, "bad --timeout");
    let until = home.run_blocking(&["wait", "github", "--until", "sideways"]);
    crate::assert_usage_error(&until, "sideways");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wait_follows_a_running_watch_through_its_database() {
    let page = FakeStatusPage::start("Fake").await.expect("page");
    let home = Home::new();
    config(&home, &page);
    let mut watch = home
        .command(&["watch", "--no-notify"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start watch");
    // The watch has stored a first state.
    for _ in 0..200 {
        let status = home.run(&["status", "--json"]).await;
        if stdout(&status).contains("\"operational\"") {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let mut command = home.command(&[
        "--log-level",
        "info",
        "wait",
        "fake",
        "--until",
        "down",
        "--timeout",
        "30s",
    ]);
    let waiting = tokio::task::spawn_blocking(move || command.output().expect("run"));
    tokio::time::sleep(Duration::from_secs(1)).await;
    let before = page.requests();
    page.set(outage());
    let output = waiting.await.expect("join");
    let _ = watch.kill();
    let _ = watch.wait();
    assert_eq!(code(&output), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), "fake: major_outage\n");
    let err = stderr(&output);
    assert!(err.contains("following downbeat watch (process"), "{err}");
    assert!(page.requests() > before, "the watch went on checking");
}

#[test]
fn a_wrong_hook_is_a_config_error_with_its_line() {
    let home = Home::new();
    home.write_config(
        "[[services]]\nid = \"github\"\n\n[[hooks]]\nurl = \"https://hooks.example.com/x\"\nevents = [\"outage\", \"sunny\"]\n",
    );
    let output = home.run_blocking(&["status"]);
    assert_eq!(code(&output), Some(78), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(err.contains("config.toml:6:"), "{err}");
    assert!(err.contains("unknown hook event \"sunny\""), "{err}");
}

/// Only the connection checks' settings: no service configured.
fn no_services(home: &Home) {
    home.write_config("[general]\ninterval = \"1s\"\n\n[connectivity]\nanchors = []\n");
}

/// "127.0.0.1:PORT" → "127-0-0-1-PORT", the id `check` gives a page known by URL.
fn slug(page: &FakeStatusPage) -> String {
    page.url()
        .trim_start_matches("http://")
        .replace(['.', ':'], "-")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wait_takes_a_status_page_url_and_detects_its_kind() {
    let page = FakeStatusPage::start("Fake").await.expect("page");
    let home = Home::new();
    no_services(&home);
    let up = home.run(&["wait", &page.url(), "--timeout", "20s"]).await;
    assert_eq!(code(&up), Some(0), "{}", stderr(&up));
    assert_eq!(stdout(&up), format!("{}: operational\n", slug(&page)));

    let url = page.url();
    let mut command = home.command(&["wait", &url, "--until", "down", "--timeout", "60s"]);
    let waiting = tokio::task::spawn_blocking(move || command.output().expect("run"));
    tokio::time::sleep(Duration::from_secs(2)).await;
    page.set(outage());
    let down = waiting.await.expect("join");
    assert_eq!(code(&down), Some(0), "{}", stderr(&down));
    assert_eq!(stdout(&down), format!("{}: major_outage\n", slug(&page)));

    let timed_out = home
        .run(&["wait", &page.url(), "--until", "up", "--timeout", "3s"])
        .await;
    assert_eq!(code(&timed_out), Some(124), "{}", stderr(&timed_out));
    assert!(
        stderr(&timed_out).contains("it is major_outage"),
        "{}",
        stderr(&timed_out)
    );
    assert!(!home.database().exists(), "checked in memory");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wait_on_the_url_of_a_configured_service_is_that_service() {
    let page = FakeStatusPage::start("Fake").await.expect("page");
    let home = Home::new();
    config(&home, &page);
    // The configured source polls /api/v2/summary.json; the page's home is
    // the same page.
    let up = home.run(&["wait", &page.url(), "--timeout", "20s"]).await;
    assert_eq!(code(&up), Some(0), "{}", stderr(&up));
    assert_eq!(stdout(&up), "fake: operational\n");
}

/// A proxy on 127.0.0.1 that notes the first line of each request and
/// answers 502: what a catalog id's HTTPS page is asked for, without the
/// internet.
fn refusing_proxy() -> (String, std::sync::mpsc::Receiver<String>) {
    use std::io::{BufRead as _, BufReader, Write as _};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = format!("http://{}", listener.local_addr().expect("address"));
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { return };
            let mut line = String::new();
            let _ = BufReader::new(&stream).read_line(&mut line);
            let _ = tx.send(line.trim_end().to_owned());
            let _ = stream.write_all(b"HTTP/1.1 502 Bad Gateway\r\ncontent-length: 0\r\n\r\n");
        }
    });
    (address, rx)
}

#[test]
fn wait_checks_a_catalog_id_that_is_not_configured_by_itself() {
    let home = Home::new();
    no_services(&home);
    let (proxy, asked) = refusing_proxy();
    let output = home
        .command(&["wait", "github", "--timeout", "60s"])
        .env("HTTPS_PROXY", &proxy)
        .output()
        .expect("run downbeat");
    // The catalog's page was asked for (through the proxy), and it could
    // not be read: 3, not 64 ("not configured").
    let asked: Vec<String> = asked.try_iter().collect();
    assert!(
        asked
            .iter()
            .any(|line| line.starts_with("CONNECT www.githubstatus.com:443 ")),
        "{asked:?}"
    );
    assert_eq!(code(&output), Some(3), "{}", stderr(&output));
    let err = stderr(&output);
    assert!(
        err.starts_with("downbeat: github cannot be observed: "),
        "{err}"
    );
}

#[test]
fn wait_refuses_what_is_neither_configured_nor_a_catalog_id_nor_a_url() {
    let home = Home::new();
    home.write_config("[[services]]\nid = \"mine\"\n[[services.sources]]\nkind = \"statuspage\"\nurl = \"https://status.example.com\"\n");
    let unknown = home.run_blocking(&["wait", "nope"]);
    crate::assert_usage_error(
        &unknown,
        "\"nope\" is not a configured service (configured: mine); unknown service \"nope\"",
    );
    let scheme = home.run_blocking(&["wait", "ftp://example.com"]);
    crate::assert_usage_error(&scheme, "ftp");
    let path = home.run_blocking(&["wait", "../etc/passwd"]);
    crate::assert_usage_error(&path, "file path");
}
