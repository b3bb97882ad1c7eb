//! A Hund page through `check`, on loopback: its API answers only with the
//! key, which the config gives as a source header read from the
//! environment. The answers are written from Hund's documented shape
//! (`sources/documented.rs`), not captured: the API is key-scoped.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use downbeat_core::io::checker::Checker;
use downbeat_core::io::fetch::{FetchOptions, Fetcher};
use downbeat_core::model::{Outcome, Status};
use downbeat_core::sources::documented as doc;
use downbeat_core::testkit::{self, answering};
use std::sync::{Arc, Mutex};

const KEY: &str = "hund-test-key-0001";

/// Hund's API on 127.0.0.1: 401 without `Authorization: Bearer KEY`, else
/// the three documents. Returns the base URL and the request heads seen.
async fn hund_api() -> (String, Arc<Mutex<Vec<String>>>) {
    answering(|head| {
        // Heads come lowercased; the key is lowercase too.
        let keyed = head
            .lines()
            .any(|line| line == format!("authorization: bearer {KEY}"));
        let target = head.split_whitespace().nth(1).unwrap_or("/");
        let path = target.split('?').next().unwrap_or("/");
        let (status, body) = match (keyed, path) {
            (false, _) => ("401 Unauthorized", r#"{"message": "no key"}"#),
            (true, "/api/v1/statuses") => ("200 OK", doc::HUND_STATUSES),
            (true, "/api/v1/components") => ("200 OK", doc::HUND_COMPONENTS),
            (true, "/api/v1/issues") => ("200 OK", doc::HUND_ISSUES),
            _ => ("404 Not Found", "{}"),
        };
        format!(
            "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
            body.len()
        )
    })
    .await
}

fn source(base: &str, headers: &str) -> downbeat_core::config::SourceSpec {
    let text = format!(
        "[connectivity]\nanchors = []\n[[services]]\nid = \"acme\"\nname = \"Acme\"\n\
         [[services.sources]]\nkind = \"hund\"\nurl = \"{base}\"\n{headers}"
    );
    let config = testkit::config(&text);
    config.services[0].sources[0].clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hund_page_reads_with_its_key_from_the_environment() {
    let (base, seen) = hund_api().await;
    // Edition 2021: setting a variable is safe; the name is this test's own.
    std::env::set_var("DOWNBEAT_TEST_HUND_KEY", format!("Bearer {KEY}"));
    let spec = source(
        &base,
        "headers = { Authorization = { env = \"DOWNBEAT_TEST_HUND_KEY\" } }",
    );
    // The key never shows in what is printed of the source.
    assert!(!format!("{spec:?}").contains(KEY));
    let checker = Checker::new(Fetcher::new(FetchOptions::default()).unwrap());
    let check = checker.check(&spec, false, chrono::Utc::now()).await;
    assert_eq!(check.outcome, Outcome::Ok, "{:?}", check.error);
    let page = check.snapshot.expect("read");
    let components: Vec<(&str, Status)> = page
        .components
        .iter()
        .map(|c| (c.name.as_str(), c.status))
        .collect();
    assert_eq!(
        components,
        [
            ("API", Status::MajorOutage),
            ("Dashboard", Status::MajorOutage),
            ("Email", Status::Maintenance),
            ("Webhooks", Status::Unknown)
        ]
    );
    assert_eq!(page.status, Status::MajorOutage);
    assert_eq!(page.incidents[0].title, "Dashboard unreachable");
    assert_eq!(page.maintenances[0].title, "Mail relay upgrade");
    // All three documents were asked for, each with its documented query.
    let seen = seen.lock().unwrap().clone();
    for wanted in [
        "/api/v1/statuses?limit=100",
        "/api/v1/components?limit=100&expand[]=data.group",
        "/api/v1/issues?standing=true&limit=100",
    ] {
        let line = format!("get {wanted} http/1.1");
        assert!(
            seen.iter().any(|head| head.starts_with(&line)),
            "{wanted} not in {seen:?}"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_the_key_the_check_fails_and_says_so() {
    let (base, _) = hund_api().await;
    let spec = source(&base, "");
    let checker = Checker::new(Fetcher::new(FetchOptions::default()).unwrap());
    let check = checker.check(&spec, false, chrono::Utc::now()).await;
    assert_eq!(check.outcome, Outcome::Failed);
    assert_eq!(check.http_status, Some(401));
    assert!(check.snapshot.is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unset_variable_fails_the_check_naming_it_not_the_config() {
    // A desktop session may lack a variable the shell has: the config stays
    // valid, and the check says which variable is missing.
    let (base, seen) = hund_api().await;
    let spec = source(
        &base,
        "headers = { Authorization = { env = \"DOWNBEAT_TEST_NO_SUCH_VARIABLE\" } }",
    );
    let checker = Checker::new(Fetcher::new(FetchOptions::default()).unwrap());
    let check = checker.check(&spec, false, chrono::Utc::now()).await;
    assert_eq!(check.outcome, Outcome::Failed);
    let message = check.error.expect("an error").message;
    assert!(
        message.contains("DOWNBEAT_TEST_NO_SUCH_VARIABLE") && message.contains("not set"),
        "{message}"
    );
    // Nothing was sent without the key.
    assert!(seen.lock().unwrap().is_empty());
    // A name that cannot be a variable, and headers on `auto`, are config
    // faults: detection cannot carry a key.
    let catalog = downbeat_core::config::catalog::Catalog::builtin();
    let parse = |text: String| {
        downbeat_core::config::Config::parse(&text, std::path::Path::new("t.toml"), &catalog)
            .map(|_| ())
            .unwrap_err()
            .to_string()
    };
    let text = |kind: &str, env: &str| {
        format!(
            "[[services]]\nid = \"acme\"\n[[services.sources]]\nkind = \"{kind}\"\n\
             url = \"https://status.acme.test\"\nheaders = {{ Authorization = {{ env = \"{env}\" }} }}\n"
        )
    };
    let error = parse(text("hund", "NOT A NAME"));
    assert!(
        error.contains("not an environment variable name"),
        "{error}"
    );
    let error = parse(text("auto", "HUND_KEY"));
    assert!(error.contains("kind"), "{error}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_key_never_follows_a_redirect_to_another_origin() {
    let landing = format!(
        "HTTP/1.1 200 OK\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{}",
        doc::HUND_STATUSES.len(),
        doc::HUND_STATUSES
    );
    let (elsewhere, elsewhere_seen) = answering(move |_| landing.clone()).await;
    let moved = format!(
        "HTTP/1.1 302 Found\r\nlocation: {elsewhere}/api/v1/statuses\r\ncontent-length: 0\r\nconnection: close\r\n\r\n"
    );
    let (origin, origin_seen) = answering(move |_| moved.clone()).await;
    let spec = source(&origin, "headers = { X-Api-Key = \"k3y-of-origin\" }");
    let checker = Checker::new(Fetcher::new(FetchOptions::default()).unwrap());
    let check = checker.check(&spec, false, chrono::Utc::now()).await;
    assert!(origin_seen
        .lock()
        .unwrap()
        .iter()
        .any(|r| r.contains("x-api-key: k3y-of-origin")));
    for request in elsewhere_seen.lock().unwrap().iter() {
        assert!(
            !request.contains("k3y-of-origin"),
            "the key crossed: {request}"
        );
    }
    // Not followed: the page is not read from elsewhere.
    assert!(check.snapshot.is_none(), "{check:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pasted_statuses_address_is_found_as_hund_and_asks_for_the_key() {
    let (base, _) = hund_api().await;
    let checker = Checker::new(Fetcher::new(FetchOptions::default()).unwrap());
    let found = checker
        .detect(&format!("{base}/api/v1/statuses"), chrono::Utc::now())
        .await;
    assert_eq!(found.http_status, Some(401));
    let detected = found.detected.expect("what was looked for");
    assert_eq!(detected.kind, downbeat_core::config::SourceKind::Hund);
    assert!(
        detected.explanation.contains("needs its key"),
        "{}",
        detected.explanation
    );
}
