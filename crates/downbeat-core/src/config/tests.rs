#![allow(clippy::expect_used, clippy::unwrap_used)]
use super::*;

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::parse(text, Path::new("config.toml"), &Catalog::builtin())
}

#[test]
fn the_default_config_watches_nothing_and_its_examples_resolve() {
    let config = parse(DEFAULT_CONFIG).expect("default config");
    assert!(
        config.services.is_empty(),
        "the first run asks what to watch"
    );
    // The commented examples work once uncommented.
    let examples = ["github", "spotify"]
        .iter()
        .fold(DEFAULT_CONFIG.to_owned(), |text, id| {
            text.replace(
                &format!("# [[services]]\n# id = \"{id}\""),
                &format!("[[services]]\nid = \"{id}\""),
            )
        });
    let config = parse(&examples).expect("the examples");
    assert_eq!(config.services.len(), 2);
    let github = config
        .services
        .iter()
        .find(|s| s.id == "github")
        .expect("github");
    assert_eq!(github.name, "GitHub");
    assert_eq!(
        github.sources[0].url,
        "https://www.githubstatus.com/api/v2/summary.json"
    );
    assert_eq!(github.interval, Duration::from_secs(60));
    assert_eq!(github.confirm, 3);
}

#[test]
fn a_custom_statuspage_service_with_interval_and_components() {
    let config = parse(
        r#"
[general]
interval = "5m"

[[services]]
id = "acme"
name = "Acme"
interval = "2s"
components = ["API"]
[[services.sources]]
kind = "statuspage"
url = "http://127.0.0.1:8080"
"#,
    )
    .expect("valid");
    let acme = &config.services[0];
    assert_eq!(acme.interval, Duration::from_secs(2));
    assert_eq!(acme.components, vec!["API".to_string()]);
    assert_eq!(
        acme.sources[0].url,
        "http://127.0.0.1:8080/api/v2/summary.json"
    );
    assert_eq!(config.general.interval, Duration::from_secs(300));
}

#[test]
fn errors_name_the_file_line_and_reason() {
    let cases = [
        ("[general]\ninterval = \"60\"\n", 2, "needs a unit"),
        ("[general]\nintervall = \"60s\"\n", 2, "unknown field `intervall`"),
        ("[[services]]\nid = \"nope-not-in-catalog\"\n", 2, "not in the catalog"),
        ("[general]\ninterval = \n", 2, ""),
        (
            "[[services]]\nid = \"x\"\n[[services.sources]]\nkind = \"statuspage\"\nurl = \"ftp://example.com\"\n",
            5,
            "bad status page URL",
        ),
        ("[[services]]\nid = \"github\"\n[[services]]\nid = \"github\"\n", 2, "listed twice"),
    ];
    for (text, line, reason) in cases {
        match parse(text) {
            Err(ConfigError::Invalid {
                path,
                line: got,
                message,
                ..
            }) => {
                assert_eq!(path, Path::new("config.toml"));
                assert_eq!(got, line, "line for {text:?}: {message}");
                assert!(
                    message.contains(reason),
                    "{message:?} should mention {reason:?}"
                );
            }
            other => panic!("{text:?} should be invalid, got {other:?}"),
        }
    }
}

#[test]
fn intervals() {
    assert_eq!(parse_interval("90s"), Ok(Duration::from_secs(90)));
    assert_eq!(parse_interval("5m"), Ok(Duration::from_secs(300)));
    assert_eq!(parse_interval("1h30m"), Ok(Duration::from_secs(5400)));
    assert!(parse_interval("5 minutes").is_err());
    assert!(parse_interval("").is_err());
}

#[test]
fn first_run_writes_the_default_and_a_bad_file_is_left_alone() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("sub/config.toml");
    let catalog = Catalog::builtin();
    Config::load_or_create(&path, &catalog).expect("created");
    assert_eq!(
        std::fs::read_to_string(&path).expect("written"),
        DEFAULT_CONFIG
    );

    std::fs::write(&path, "[general\n").expect("write");
    assert!(Config::load_or_create(&path, &catalog).is_err());
    assert_eq!(std::fs::read_to_string(&path).expect("kept"), "[general\n");
}

#[test]
#[allow(clippy::expect_used)]
fn http_sources_resolve_to_a_probe_spec() {
    let config = parse(
        r#"
[[services]]
id = "my-api"
[[services.sources]]
kind = "http"
url = "https://api.example.com/health"
method = "post"
expect_status = [200, 401]
keyword = "ok"
keyword_absent = "maintenance"
degraded_above = "2s"
tls_warning = "7d"
headers = { Authorization = "Bearer abc", "X-Client" = "downbeat" }
max_redirects = 0

[[services]]
id = "plain"
sources = [{ kind = "http", url = "http://127.0.0.1:8080/", expect_status = 204 }]

[[services]]
id = "github"
"#,
    )
    .expect("valid");
    let api = &config.services[0].sources[0];
    assert_eq!(
        (api.kind, api.url.as_str()),
        (SourceKind::Http, "https://api.example.com/health")
    );
    assert_eq!(
        api.probe,
        Some(crate::config::probe::ProbeSpec {
            method: http::Method::POST,
            expect_status: vec![200, 401],
            inconclusive_status: Vec::new(),
            keyword: Some("ok".into()),
            keyword_absent: Some("maintenance".into()),
            degraded_above: Some(Duration::from_secs(2)),
            tls_warning: Duration::from_secs(7 * 86_400),
            headers: crate::sources::plan::Headers::literal(&[
                ("Authorization", "Bearer abc"),
                ("X-Client", "downbeat"),
            ]),
            max_redirects: 0,
        })
    );
    let plain = &config.services[1].sources[0];
    assert_eq!(
        plain.probe,
        Some(crate::config::probe::ProbeSpec {
            expect_status: vec![204],
            ..crate::config::probe::ProbeSpec::default()
        })
    );
    assert_eq!(
        config.services[2].sources[0].probe, None,
        "status pages have no probe"
    );
}

#[test]
fn http_fields_are_checked_and_refused_on_status_pages() {
    let source = |kind: &str, line: &str| {
        format!("[[services]]\nid = \"x\"\n# keyword = \"in a comment\"\n[[services.sources]]\nkind = \"{kind}\"\nurl = \"https://x.example\"\n{line}\n")
    };
    let cases = [
        (source("statuspage", "keyword = \"ok\""), 7, "keyword is for http sources only"),
        // Headers go to status pages too (a key-scoped API), not to detection.
        (source("auto", "headers = { A = \"b\" }"), 7, "headers need the source's kind"),
        (source("hund", "headers = { \"bad name\" = \"x\" }"), 7, "not a valid header name"),
        (source("statuspage", "expect_status = []"), 7, "expect_status is for http sources only"),
        (source("http", "method = \"DELETE\""), 7, "use GET, HEAD or POST"),
        (source("http", "expect_status = [200, 999]"), 7, "999 is not an HTTP status code"),
        (source("http", "expect_status = \"200\""), 7, "a status code or a list of them"),
        (source("http", "keyword = \"\""), 7, "keyword must not be empty"),
        (source("http", "method = \"HEAD\"\nkeyword_absent = \"x\""), 8, "HEAD answers have none"),
        (source("http", "degraded_above = \"0s\""), 7, "at least 1s"),
        (source("http", "degraded_above = \"2\""), 7, "needs a unit"),
        (source("http", "tls_warning = \"2 weeks\""), 7, "unknown unit"),
        (source("http", "headers = { \"bad name\" = \"x\" }"), 7, "not a valid header name"),
        (source("http", "max_redirects = 50"), 7, "at most 20"),
        (source("http", "max_redirect = 5"), 7, "unknown field `max_redirect`"),
        (
            "[[services]]\nid = \"x\"\nsources = [{ kind = \"statuspage\", url = \"https://x.example\", keyword = \"ok\" }]\n".into(),
            3,
            "keyword is for http sources only",
        ),
    ];
    for (text, line, reason) in cases {
        match parse(&text) {
            Err(ConfigError::Invalid {
                line: got, message, ..
            }) => {
                assert_eq!(got, line, "line for {text:?}: {message}");
                assert!(
                    message.contains(reason),
                    "{message:?} should mention {reason:?}"
                );
            }
            other => panic!("{text:?} should be invalid, got {other:?}"),
        }
    }
}

#[test]
fn launch_at_login_is_unset_until_asked_and_must_be_a_bool() {
    assert_eq!(parse(DEFAULT_CONFIG).unwrap().general.launch_at_login, None);
    let on = parse("[general]\nlaunch_at_login = true\n").unwrap();
    assert_eq!(on.general.launch_at_login, Some(true));
    let off = parse("[general]\nlaunch_at_login = false\n").unwrap();
    assert_eq!(off.general.launch_at_login, Some(false));
    let Err(ConfigError::Invalid { line, message, .. }) =
        parse("[general]\nlaunch_at_login = \"yes\"\n")
    else {
        panic!("a string is not a bool");
    };
    assert_eq!(line, 2);
    assert!(message.contains("bool"), "{message}");
}

#[test]
fn a_retired_service_is_left_out_and_said_while_the_rest_loads() {
    let text =
        "[[services]]\nid = \"github\"\n\n[[services]]\nid = \"skype\"\nalerts = \"off\"\n\n\
        [[hooks]]\ncommand = [\"/bin/true\"]\nservices = [\"skype\", \"github\"]\n";
    let config = parse(text).expect("a config naming a retired service still loads");
    assert!(config.hook_errors.is_empty(), "{:?}", config.hook_errors);
    assert_eq!(config.hooks.len(), 1);
    let watched: Vec<&str> = config.services.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(watched, ["github"]);
    let [retired] = config.retired.as_slice() else {
        panic!("one retired service: {:?}", config.retired)
    };
    assert_eq!((retired.id.as_str(), retired.line), ("skype", 5));
    assert_eq!(retired.successor.as_deref(), Some("microsoft-teams"));
    assert_eq!(
        retired.successor_name.as_deref(),
        Some("Microsoft Teams (free)")
    );
    assert!(
        retired.to_string().contains("Microsoft retired Skype"),
        "{retired}"
    );
    // With its own source it is the person's service, not the catalog's.
    let own = "[[services]]\nid = \"skype\"\n[[services.sources]]\nkind = \"http\"\nurl = \"http://127.0.0.1:9/\"\n";
    let config = parse(own).expect("own source");
    assert_eq!(config.services.len(), 1);
    assert!(config.retired.is_empty());
}

#[test]
fn retired_ids_are_not_in_the_catalog_and_their_successors_are() {
    let catalog = Catalog::builtin();
    for (id, _, successor) in retired::RETIRED {
        assert!(
            catalog.get(id).is_none(),
            "{id} is retired but still in the catalog"
        );
        if let Some(successor) = successor {
            assert!(
                catalog.get(successor).is_some(),
                "{successor} is not in the catalog"
            );
        }
    }
}
