//! One component whose state no reader knows (not monitored, a new word)
//! never makes a readable page `unknown`: in every format with components,
//! a real capture with one component's status word replaced reads as the
//! capture does, and that component is shown as unknown.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use downbeat_core::model::Status;
use downbeat_core::sources::plan::{parse, Format};
use downbeat_core::testkit::fixture;

/// `text` with its first `from` replaced by `to`; panics if absent, so a
/// case whose fixture changed says so instead of passing unchanged.
fn replace_first(bytes: &[u8], from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8(bytes.to_vec()).expect("utf-8 fixture");
    assert!(text.contains(from), "{from} not in fixture");
    text.replacen(from, to, 1).into_bytes()
}

struct Case {
    format: Format,
    file: &'static str,
    companion: Option<&'static str>,
    from: &'static str,
    to: &'static str,
    /// The status the capture reads (with or without the unknown part).
    status: Status,
    /// The part is a component of its own (status.io's is one of a
    /// component's containers, which the others still describe).
    shown: bool,
}

#[test]
fn one_unknown_component_does_not_decide_the_page() {
    let cases = [
        Case {
            format: Format::StatuspageSummary,
            file: "statuspage/github-summary-2026-07-31-all-operational.json",
            companion: None,
            from: r#""status":"operational""#,
            to: r#""status":"not_monitored""#,
            status: Status::Operational,
            shown: true,
        },
        Case {
            format: Format::BetterstackIndex,
            file: "betterstack/together-ai-betterstack-index-2026-09-04-ai-status-fixture.json",
            companion: None,
            from: r#""status": "operational""#,
            to: r#""status": "not_monitored""#,
            status: Status::Operational,
            shown: true,
        },
        Case {
            format: Format::CachetComponents,
            file: "cachet/yoti-cachet-api-v1-components-2020-10-doc-excerpt.json",
            companion: None,
            from: r#""status":1"#,
            to: r#""status":0"#,
            status: Status::Operational,
            shown: true,
        },
        Case {
            format: Format::InstatusSummary,
            file: "instatus/perplexity-instatus-summary-ai-status-fixture.json",
            companion: Some("instatus/perplexity-instatus-v2-components-ai-status-fixture.json"),
            from: r#""status": "OPERATIONAL""#,
            to: r#""status": "NOT_MONITORED""#,
            status: Status::Operational,
            shown: true,
        },
        Case {
            format: Format::HerokuStatus,
            file: "heroku/heroku-current-status-v4-maintenance.json",
            companion: None,
            from: r#""status": "green""#,
            to: r#""status": "grey""#,
            status: Status::Maintenance,
            shown: true,
        },
        Case {
            format: Format::StatusioStatus,
            file: "statusio/gitlab-statusio-2020-09-05-planned-maintenance.json",
            companion: None,
            from: r#""status_code": 100"#,
            to: r#""status_code": 999"#,
            status: Status::Maintenance,
            shown: false,
        },
        Case {
            format: Format::CstateIndex,
            file: "cstate/torproject-cstate-index-2025-05-01.json",
            companion: None,
            from: r#""status": "ok""#,
            to: r#""status": "not-monitored""#,
            status: Status::Degraded,
            shown: true,
        },
    ];
    for case in cases {
        let original = fixture(case.file);
        let companion = case.companion.map(fixture);
        let before = parse(
            case.format,
            &original,
            companion.as_deref(),
            chrono::Utc::now(),
        )
        .expect(case.file);
        assert_eq!(before.status, case.status, "{}", case.file);
        let companion = case
            .companion
            .map(|file| replace_first(&fixture(file), case.from, case.to));
        let edited = if companion.is_some() {
            original.clone()
        } else {
            replace_first(&original, case.from, case.to)
        };
        let after = parse(
            case.format,
            &edited,
            companion.as_deref(),
            chrono::Utc::now(),
        )
        .expect(case.file);
        assert_eq!(after.status, case.status, "{}", case.file);
        let unknown = after
            .components
            .iter()
            .filter(|c| c.status == Status::Unknown)
            .count();
        let unknown_before = before
            .components
            .iter()
            .filter(|c| c.status == Status::Unknown)
            .count();
        assert_eq!(
            unknown,
            unknown_before + usize::from(case.shown),
            "{}: the unmonitored component is shown as unknown",
            case.file
        );
    }
}

#[test]
fn a_page_of_nothing_but_unknown_parts_is_unknown() {
    let text = String::from_utf8(fixture(
        "cachet/yoti-cachet-api-v1-components-2020-10-doc-excerpt.json",
    ))
    .expect("utf-8");
    let all_unknown = text.replace(r#""status":1"#, r#""status":0"#);
    let snapshot = parse(
        Format::CachetComponents,
        all_unknown.as_bytes(),
        None,
        chrono::Utc::now(),
    )
    .expect("cachet");
    assert_eq!(snapshot.status, Status::Unknown);
    assert!(!snapshot.components.is_empty());
}
