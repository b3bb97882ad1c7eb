//! The pure half of a probe: what an answer means. No I/O, no clock.

use super::{ProbeResult, ProbeSpec};
use crate::model::probe_note::ProbeNote;
use crate::model::{CheckError, ErrorKind, Outcome, Status};
use chrono::{DateTime, Utc};
use std::time::Duration;

/// What the endpoint answered, as the I/O half saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// The status of the last response, after redirects.
    pub http_status: u16,
    /// From sending the request to the end of the body.
    pub latency: Duration,
    /// The body, at most the size cap (empty for HEAD).
    pub body: Vec<u8>,
    /// The body went on past the size cap, and was not read further.
    pub truncated: bool,
    /// `notAfter` of the server's certificate, for HTTPS.
    pub certificate_expires: Option<DateTime<Utc>>,
    /// When the answer arrived.
    pub now: DateTime<Utc>,
}

/// Decide what `answer` says about the endpoint, against `spec`.
///
/// Failed (status unknown) when the status code is not expected, the body
/// is too large, or a keyword rule is broken; otherwise up, degraded when it
/// answered slower than `degraded_above` or its certificate expires within
/// `tls_warning`, with the reason in `note`.
pub fn judge(spec: &ProbeSpec, answer: &Answer) -> ProbeResult {
    let latency_ms = u64::try_from(answer.latency.as_millis()).unwrap_or(u64::MAX);
    let result = ProbeResult {
        outcome: Outcome::Ok,
        status: Status::Operational,
        http_status: Some(answer.http_status),
        latency_ms,
        error: None,
        note: None,
        notes: Vec::new(),
        certificate_expires: answer.certificate_expires,
    };
    let fail = |kind, message: String| ProbeResult {
        outcome: Outcome::Failed,
        status: Status::Unknown,
        error: Some(CheckError { kind, message }),
        ..result.clone()
    };

    let code = answer.http_status;
    let expected = if spec.expect_status.is_empty() {
        (200..300).contains(&code)
    } else {
        spec.expect_status.contains(&code)
    };
    if !expected && spec.inconclusive_status.contains(&code) {
        return ProbeResult::degraded(
            vec![ProbeNote::Refused {
                status: status_text(code),
            }],
            result,
        );
    }
    if !expected {
        let kind = if code == 429 {
            ErrorKind::RateLimited
        } else {
            ErrorKind::HttpStatus
        };
        return fail(
            kind,
            format!(
                "HTTP {} (expected {})",
                status_text(code),
                expectation(spec)
            ),
        );
    }
    if answer.truncated {
        return fail(
            ErrorKind::TooLarge,
            "the answer is larger than the size limit".into(),
        );
    }
    if let Some(keyword) = &spec.keyword {
        if !contains(&answer.body, keyword.as_bytes()) {
            return fail(
                ErrorKind::Keyword,
                format!("the answer does not contain {keyword:?}"),
            );
        }
    }
    if let Some(keyword) = &spec.keyword_absent {
        if contains(&answer.body, keyword.as_bytes()) {
            return fail(
                ErrorKind::Keyword,
                format!("the answer contains {keyword:?}"),
            );
        }
    }

    let mut notes = Vec::new();
    if let Some(limit) = spec.degraded_above {
        if answer.latency > limit {
            notes.push(ProbeNote::Slow {
                took: answer.latency,
                limit,
            });
        }
    }
    if let Some(expires) = answer.certificate_expires {
        if let Some(note) = certificate_note(expires, answer.now, spec.tls_warning) {
            notes.push(note);
        }
    }
    if notes.is_empty() {
        result
    } else {
        ProbeResult::degraded(notes, result)
    }
}

/// When the certificate expires sooner than `warning`.
fn certificate_note(
    expires: DateTime<Utc>,
    now: DateTime<Utc>,
    warning: Duration,
) -> Option<ProbeNote> {
    let left = expires - now;
    let warning = chrono::Duration::from_std(warning)
        .unwrap_or(chrono::Duration::MAX)
        .min(chrono::Duration::days(3650));
    (left < warning).then(|| ProbeNote::Certificate {
        seconds_left: left.num_seconds(),
    })
}

/// "850 ms", "2 s", "2.4 s": for the English error messages.
pub(crate) fn human_duration(duration: Duration) -> String {
    crate::model::i18n::Language::En.short_duration(duration)
}

fn status_text(code: u16) -> String {
    match reqwest::StatusCode::from_u16(code)
        .ok()
        .and_then(|s| s.canonical_reason())
    {
        Some(reason) => format!("{code} {reason}"),
        None => code.to_string(),
    }
}

fn expectation(spec: &ProbeSpec) -> String {
    if spec.expect_status.is_empty() {
        "2xx".into()
    } else {
        let codes: Vec<String> = spec.expect_status.iter().map(u16::to_string).collect();
        codes.join(" or ")
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty()
        || haystack
            .windows(needle.len())
            .any(|window| window == needle)
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, 12, 0, 0)
            .single()
            .expect("date")
    }

    fn answer(code: u16, body: &str) -> Answer {
        Answer {
            http_status: code,
            latency: Duration::from_millis(120),
            body: body.as_bytes().to_vec(),
            truncated: false,
            certificate_expires: None,
            now: now(),
        }
    }

    fn kind(result: &ProbeResult) -> Option<ErrorKind> {
        result.error.as_ref().map(|e| e.kind)
    }

    #[test]
    fn any_2xx_is_up_by_default_and_other_codes_fail() {
        let spec = ProbeSpec::default();
        for code in [200, 204, 299] {
            let result = judge(&spec, &answer(code, ""));
            assert_eq!(
                (result.outcome, result.status),
                (Outcome::Ok, Status::Operational),
                "{code}"
            );
            assert_eq!(result.http_status, Some(code));
            assert_eq!(result.latency_ms, 120);
            assert_eq!(result.note, None);
        }
        for code in [301, 401, 404, 500, 503] {
            let result = judge(&spec, &answer(code, ""));
            assert_eq!(
                (result.outcome, result.status),
                (Outcome::Failed, Status::Unknown),
                "{code}"
            );
            assert_eq!(kind(&result), Some(ErrorKind::HttpStatus));
            assert_eq!(result.http_status, Some(code));
        }
        let result = judge(&spec, &answer(503, ""));
        assert_eq!(
            result.error.map(|e| e.message).as_deref(),
            Some("HTTP 503 Service Unavailable (expected 2xx)")
        );
        assert_eq!(
            kind(&judge(&spec, &answer(429, ""))),
            Some(ErrorKind::RateLimited)
        );
    }

    #[test]
    fn expected_codes_replace_the_2xx_rule() {
        let spec = ProbeSpec {
            expect_status: vec![200, 401],
            ..ProbeSpec::default()
        };
        assert_eq!(judge(&spec, &answer(401, "login")).outcome, Outcome::Ok);
        let result = judge(&spec, &answer(204, ""));
        assert_eq!(kind(&result), Some(ErrorKind::HttpStatus));
        assert_eq!(
            result.error.map(|e| e.message).as_deref(),
            Some("HTTP 204 No Content (expected 200 or 401)")
        );
        let spec = ProbeSpec {
            expect_status: vec![429],
            ..ProbeSpec::default()
        };
        assert_eq!(judge(&spec, &answer(429, "")).outcome, Outcome::Ok);
    }

    #[test]
    fn inconclusive_codes_are_degraded_not_failures() {
        let spec = ProbeSpec {
            expect_status: vec![200],
            inconclusive_status: vec![403, 429],
            keyword: Some("ok".into()),
            ..ProbeSpec::default()
        };
        let wall = judge(&spec, &answer(403, "<html>are you a robot?</html>"));
        assert_eq!((wall.outcome, wall.status), (Outcome::Ok, Status::Degraded));
        assert!(wall.note.is_some_and(|n| n.contains("403")));
        let limited = judge(&spec, &answer(429, ""));
        assert_eq!(limited.status, Status::Degraded);
        // Other codes still fail, and a 200 is still held to its keyword.
        assert_eq!(
            kind(&judge(&spec, &answer(503, ""))),
            Some(ErrorKind::HttpStatus)
        );
        assert_eq!(
            kind(&judge(&spec, &answer(200, "no"))),
            Some(ErrorKind::Keyword)
        );
        assert_eq!(judge(&spec, &answer(200, "ok")).status, Status::Operational);
    }

    #[test]
    fn keywords() {
        let spec = ProbeSpec {
            keyword: Some("\"status\":\"ok\"".into()),
            keyword_absent: Some("maintenance".into()),
            ..ProbeSpec::default()
        };
        assert_eq!(
            judge(&spec, &answer(200, "{\"status\":\"ok\"}")).outcome,
            Outcome::Ok
        );
        let missing = judge(&spec, &answer(200, "{\"status\":\"down\"}"));
        assert_eq!(kind(&missing), Some(ErrorKind::Keyword));
        assert_eq!(missing.status, Status::Unknown);
        let present = judge(
            &spec,
            &answer(200, "{\"status\":\"ok\"} maintenance tonight"),
        );
        assert_eq!(kind(&present), Some(ErrorKind::Keyword));
        assert!(present
            .error
            .is_some_and(|e| e.message.contains("maintenance")));
        // The status rule comes first.
        assert_eq!(
            kind(&judge(&spec, &answer(503, "{\"status\":\"ok\"}"))),
            Some(ErrorKind::HttpStatus)
        );
        // Case matters; an empty keyword is always there.
        assert_eq!(
            kind(&judge(&spec, &answer(200, "{\"STATUS\":\"OK\"}"))),
            Some(ErrorKind::Keyword)
        );
        let empty = ProbeSpec {
            keyword: Some(String::new()),
            ..ProbeSpec::default()
        };
        assert_eq!(judge(&empty, &answer(200, "")).outcome, Outcome::Ok);
    }

    #[test]
    fn a_truncated_body_is_too_large() {
        let mut big = answer(200, "ok ok ok");
        big.truncated = true;
        let result = judge(&ProbeSpec::default(), &big);
        assert_eq!(kind(&result), Some(ErrorKind::TooLarge));
        assert_eq!(result.http_status, Some(200));
    }

    #[test]
    fn slow_answers_are_degraded_with_a_note() {
        let spec = ProbeSpec {
            degraded_above: Some(Duration::from_secs(2)),
            ..ProbeSpec::default()
        };
        let mut slow = answer(200, "");
        slow.latency = Duration::from_millis(2400);
        let result = judge(&spec, &slow);
        assert_eq!(
            (result.outcome, result.status),
            (Outcome::Ok, Status::Degraded)
        );
        assert_eq!(
            result.note.as_deref(),
            Some("answered in 2.4 s (limit 2 s)")
        );
        assert_eq!(result.latency_ms, 2400);
        slow.latency = Duration::from_secs(2);
        assert_eq!(
            judge(&spec, &slow).status,
            Status::Operational,
            "at the limit is fine"
        );
        let spec = ProbeSpec {
            degraded_above: Some(Duration::from_millis(500)),
            ..ProbeSpec::default()
        };
        slow.latency = Duration::from_millis(850);
        assert_eq!(
            judge(&spec, &slow).note.as_deref(),
            Some("answered in 850 ms (limit 500 ms)")
        );
        // A person reads the same facts in their language.
        slow.latency = Duration::from_millis(2449);
        slow.certificate_expires = Some(slow.now + chrono::Duration::days(5));
        let notes = judge(&spec, &slow).notes;
        assert_eq!(
            crate::model::i18n::Language::Fr.probe_notes(&notes),
            "a répondu en 2,4\u{a0}s (limite\u{a0}: 500 ms); son certificat TLS expire dans 5 jours"
        );
    }

    #[test]
    fn certificates_expiring_soon_are_degraded_with_a_note() {
        let spec = ProbeSpec::default();
        let mut tls = answer(200, "");
        let in_days = |days: i64, hours: i64| {
            now() + chrono::Duration::days(days) + chrono::Duration::hours(hours)
        };

        tls.certificate_expires = Some(in_days(90, 0));
        let result = judge(&spec, &tls);
        assert_eq!(result.status, Status::Operational);
        assert_eq!(result.certificate_expires, Some(in_days(90, 0)));

        tls.certificate_expires = Some(in_days(5, 3));
        let result = judge(&spec, &tls);
        assert_eq!(
            (result.outcome, result.status),
            (Outcome::Ok, Status::Degraded)
        );
        assert_eq!(
            result.note.as_deref(),
            Some("its TLS certificate expires in 5 days")
        );

        tls.certificate_expires = Some(in_days(1, 0));
        assert_eq!(
            judge(&spec, &tls).note.as_deref(),
            Some("its TLS certificate expires in 1 day")
        );
        tls.certificate_expires = Some(in_days(0, 7));
        assert_eq!(
            judge(&spec, &tls).note.as_deref(),
            Some("its TLS certificate expires in 7 hours")
        );
        tls.certificate_expires = Some(in_days(-2, 0));
        assert_eq!(
            judge(&spec, &tls).note.as_deref(),
            Some("its TLS certificate expired 2 days ago")
        );

        // Exactly 14 days is not "sooner than 14 days"; a zero warning turns it off.
        tls.certificate_expires = Some(in_days(14, 0));
        assert_eq!(judge(&spec, &tls).status, Status::Operational);
        let off = ProbeSpec {
            tls_warning: Duration::ZERO,
            ..ProbeSpec::default()
        };
        tls.certificate_expires = Some(in_days(0, 7));
        assert_eq!(judge(&off, &tls).status, Status::Operational);
    }

    #[test]
    fn both_reasons_are_told() {
        let spec = ProbeSpec {
            degraded_above: Some(Duration::from_secs(1)),
            ..ProbeSpec::default()
        };
        let mut both = answer(200, "");
        both.latency = Duration::from_millis(1500);
        both.certificate_expires =
            Some(now() + chrono::Duration::days(3) + chrono::Duration::hours(1));
        assert_eq!(
            judge(&spec, &both).note.as_deref(),
            Some("answered in 1.5 s (limit 1 s); its TLS certificate expires in 3 days")
        );
    }

    #[test]
    fn durations_read_well() {
        assert_eq!(human_duration(Duration::from_millis(0)), "0 ms");
        assert_eq!(human_duration(Duration::from_millis(999)), "999 ms");
        assert_eq!(human_duration(Duration::from_millis(1000)), "1 s");
        assert_eq!(human_duration(Duration::from_millis(2449)), "2.4 s");
        assert_eq!(human_duration(Duration::from_millis(2960)), "3 s");
        assert_eq!(human_duration(Duration::from_secs(90)), "90 s");
    }
}
