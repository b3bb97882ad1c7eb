//! Every message in both languages: none missing, none left in English.

use super::{Change, Language, Text};
use crate::model::reason::{Failure, PortalSign, Reason, ReasonCode, VendorSays};
use crate::model::{Connectivity, ErrorKind, Status};
use chrono::{Duration, FixedOffset, TimeZone, Utc};

/// Texts that are the same in both languages on purpose: names, brands, and
/// words French shares with English (as the dashboard writes them).
const SAME_IN_BOTH: &[&str] = &["Downbeat", "Acme", "Maintenance", "notification"];

/// Words that give away an English sentence; none may be in a French one.
const ENGLISH_WORDS: &[&str] = &[
    " is ",
    " has ",
    " the ",
    " its ",
    " was ",
    " and ",
    " not ",
    " yet",
    " your ",
    " are ",
    "You",
    " down",
    " up:",
    "checks",
    " answered",
    " of ",
    " with ",
    " for ",
];

fn offset() -> FixedOffset {
    FixedOffset::east_opt(3600).unwrap_or(FixedOffset::east_opt(0).unwrap())
}

/// One or more reasons of each code, with facts that reach every branch.
/// The match is exhaustive: a new code fails to compile until it has samples.
fn samples(code: ReasonCode) -> Vec<Reason> {
    let name = || "Acme".to_owned();
    let since = Utc.with_ymd_and_hms(2026, 3, 1, 13, 5, 0).unwrap();
    let failures = [
        Failure::new(None, None, ""),
        Failure::new(None, Some(503), ""),
        Failure::new(Some(ErrorKind::HttpStatus), Some(503), "HTTP 503"),
        Failure::new(Some(ErrorKind::HttpStatus), None, ""),
    ]
    .into_iter()
    .chain(
        [
            ErrorKind::Dns,
            ErrorKind::Connect,
            ErrorKind::Tls,
            ErrorKind::Timeout,
            ErrorKind::Keyword,
            ErrorKind::TooLarge,
            ErrorKind::Parse,
            ErrorKind::RateLimited,
            ErrorKind::Redirect,
            ErrorKind::Protocol,
            ErrorKind::Other,
        ]
        .map(|kind| Failure::new(Some(kind), Some(502), "os error 111")),
    )
    .chain(refined_failures());
    match code {
        // Written by an older version: shown as it was, in no language.
        ReasonCode::Text => vec![],
        ReasonCode::NotChecked => failures
            .map(Some)
            .chain([None])
            .map(|failure| Reason::NotChecked {
                name: name(),
                failure,
            })
            .collect(),
        ReasonCode::Up => [0, 1, 2, 3]
            .into_iter()
            .flat_map(|n| {
                let answering: Vec<String> = (0..n).map(|i| format!("api{i}.acme.test")).collect();
                [true, false].map(|status_page| Reason::Up {
                    name: name(),
                    status_page,
                    answering: answering.clone(),
                })
            })
            .collect(),
        ReasonCode::Slow => [Some(2500), None]
            .map(|latency_ms| Reason::Slow {
                name: name(),
                host: "api.acme.test".into(),
                latency_ms,
            })
            .into(),
        ReasonCode::VendorReports => Status::ALL
            .into_iter()
            .flat_map(|status| {
                [Some("Login errors".to_owned()), None].map(|title| Reason::VendorReports {
                    name: name(),
                    status,
                    title,
                })
            })
            .collect(),
        ReasonCode::Failing => [
            VendorSays::NoPage,
            VendorSays::Unreadable,
            VendorSays::NoIncident,
            VendorSays::Headline("Login errors".into()),
        ]
        .into_iter()
        .chain(Status::ALL.map(VendorSays::Reports))
        .flat_map(|vendor| {
            [(true, 1), (false, 3)].map(|(partly, failures)| Reason::Failing {
                name: name(),
                partly,
                host: "api.acme.test".into(),
                failures,
                since,
                failure: Failure::new(Some(ErrorKind::Dns), None, "dns error"),
                vendor: vendor.clone(),
            })
        })
        .collect(),
        ReasonCode::Unreadable => failures
            .map(|failure| Reason::Unreadable {
                name: name(),
                failures: 3,
                failure,
            })
            .collect(),
        ReasonCode::Unclear => vec![Reason::Unclear { name: name() }],
        ReasonCode::Status => Status::ALL
            .map(|status| Reason::Status {
                name: name(),
                status,
            })
            .into(),
        ReasonCode::ChecksOff => vec![Reason::ChecksOff],
        ReasonCode::Online => vec![Reason::Online {
            answered: 2,
            total: 3,
        }],
        ReasonCode::CaptivePortal => [
            PortalSign::Redirect("http://login.hotel.test/".into()),
            PortalSign::Http(511),
            PortalSign::OtherPage,
        ]
        .map(|sign| Reason::CaptivePortal { sign })
        .into(),
        ReasonCode::DnsBroken => vec![Reason::DnsBroken],
        ReasonCode::Offline => vec![Reason::Offline {
            answered: 0,
            total: 3,
        }],
        ReasonCode::GoingToSleep => vec![Reason::GoingToSleep],
        ReasonCode::Woke => vec![Reason::Woke],
    }
}

/// Failures whose technical detail gives a closer phrase.
fn refined_failures() -> impl Iterator<Item = Failure> {
    [
        (
            ErrorKind::Connect,
            "tcp connect error: Connection refused (os error 111)",
        ),
        (ErrorKind::Connect, "connection reset by peer"),
        (ErrorKind::Connect, "Network is unreachable (os error 101)"),
        (ErrorKind::Tls, "invalid peer certificate: Expired"),
        (ErrorKind::Tls, "invalid peer certificate: UnknownIssuer"),
        (ErrorKind::Tls, "invalid peer certificate: NotValidForName"),
    ]
    .into_iter()
    .map(|(kind, detail)| Failure::new(Some(kind), None, detail))
}

/// Every text of `Language`'s other methods, with sample facts.
fn notification_texts(language: Language) -> Vec<String> {
    let name = "Acme";
    let minutes = Duration::minutes(75);
    let changes = [
        Change::Down,
        Change::Degraded,
        Change::Unstable,
        Change::BackUp,
        Change::Normal,
        Change::StillDown,
        Change::Maintenance,
    ];
    let mut texts = vec![
        language.open_action().to_owned(),
        language.outage_title(name, false),
        language.outage_title(name, true),
        language.degraded_title(name),
        language.maintenance_title(name),
        language.recovery_title(name),
        language.recovery_body(name, minutes),
        language.normal_title(name),
        language.unstable_title(name),
        language.unstable_body(name, 4, minutes),
        language.still_down_title(name),
        language.still_down_body(name, minutes),
        language.offline_title(),
        language.online_title(),
        language.online_body(),
        language.entry_partly(name),
        language.entry_down_for(name, minutes),
        language.entry_still_down(name, minutes),
        language.group_title(3, None),
        language.paused_until("12:00"),
        language.snoozed(Some(("12:00", minutes))),
        language.snoozed(None),
        language.last_known_ago(minutes),
        language.found(
            "statuspage",
            "https://status.acme.test",
            "Found a Statuspage.",
        ),
        language.found("http", "https://acme.test", "Checked as an HTTP endpoint."),
        language.cannot_listen(
            "127.0.0.1:9464",
            &std::io::Error::from(std::io::ErrorKind::AddrInUse),
        ),
        language.cannot_listen(
            "127.0.0.1:80",
            &std::io::Error::from(std::io::ErrorKind::PermissionDenied),
        ),
        language.not_in_catalog("acme"),
        language.already_watched(name),
        language.unreachable(
            "status.acme.test",
            &Failure::new(Some(ErrorKind::Dns), None, "dns error"),
        ),
    ];
    texts.extend([
        language.glance_not_watching(),
        language.glance_nothing_watched(),
        language.glance_all_muted(),
        language.glance_checking(),
        language.glance_some_up(2, None, &language.glance_cannot(1, name)),
        language.glance_some_up(1, Some(name), &language.glance_cannot(1, name)),
    ]);
    for count in [1, 3] {
        texts.push(language.glance_down(count, name));
        texts.push(language.glance_troubled(count, name, true));
        texts.push(language.glance_troubled(count, name, false));
        texts.push(language.glance_cannot(count, name));
        texts.push(language.glance_up(count, Some(name)));
    }
    for state in [
        Connectivity::Offline,
        Connectivity::CaptivePortal,
        Connectivity::DnsBroken,
        Connectivity::Asleep,
    ] {
        texts.push(language.glance_not_online(state, Some(name)));
        texts.push(language.glance_not_online(state, None));
    }
    {
        use crate::model::probe_note::ProbeNote;
        use std::time::Duration;
        let slow = ProbeNote::Slow {
            took: Duration::from_millis(2449),
            limit: Duration::from_secs(2),
        };
        for seconds_left in [-90_000, -20, 1800, 3600, 7200, 86_400, 5 * 86_400] {
            texts.push(
                language.probe_notes(&[slow.clone(), ProbeNote::Certificate { seconds_left }]),
            );
        }
        texts.push(language.probe_notes(&[ProbeNote::Refused {
            status: "403 Forbidden".into(),
        }]));
    }
    let failures = [
        ErrorKind::Dns,
        ErrorKind::HttpStatus,
        ErrorKind::Keyword,
        ErrorKind::Parse,
    ]
    .map(|kind| Failure::new(Some(kind), Some(503), ""))
    .into_iter()
    .chain(refined_failures());
    for failure in failures {
        for page in [true, false] {
            texts.push(language.check_failed("status.acme.test", &failure, page));
        }
    }
    texts.extend(
        [
            Connectivity::Offline,
            Connectivity::CaptivePortal,
            Connectivity::DnsBroken,
        ]
        .map(|state| language.offline_body(state)),
    );
    for change in changes {
        texts.push(language.group_title(3, Some(change)));
        texts.push(language.group_line(change, &["A".into(), "B".into()]));
    }
    for status in Status::ALL {
        texts.push(language.status_label(status).to_owned());
        texts.push(language.status_phrase(status).to_owned());
    }
    texts.extend(Text::ALL.iter().map(|key| language.text(*key)));
    texts
}

/// The first English give-away in a text meant to be French.
pub(crate) fn english_word(french: &str) -> Option<&'static str> {
    ENGLISH_WORDS.iter().find(|w| french.contains(*w)).copied()
}

fn check_french(english: &str, french: &str, failures: &mut Vec<String>) {
    if french.trim().is_empty() {
        failures.push(format!("no French for {english:?}"));
    } else if french == english && !SAME_IN_BOTH.contains(&english) {
        failures.push(format!("French is the English: {english:?}"));
    } else if let Some(word) = english_word(french) {
        failures.push(format!("English {word:?} in French {french:?}"));
    }
}

#[test]
fn every_message_has_its_own_french() {
    let mut failures = Vec::new();
    for code in ReasonCode::ALL {
        let reasons = samples(*code);
        if *code != ReasonCode::Text && reasons.is_empty() {
            failures.push(format!("no sample of {code:?}"));
        }
        for reason in reasons {
            assert_eq!(reason.code(), *code, "{reason:?}");
            let english = Language::En.reason(&reason, offset());
            let french = Language::Fr.reason(&reason, offset());
            check_french(&english, &french, &mut failures);
            assert!(english.ends_with('.'), "{english}");
            assert!(french.ends_with('.'), "{french}");
        }
    }
    let english = notification_texts(Language::En);
    let french = notification_texts(Language::Fr);
    assert_eq!(english.len(), french.len());
    for (english, french) in english.iter().zip(&french) {
        check_french(english, french, &mut failures);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_check_finds_english_left_in_french() {
    let mut failures = Vec::new();
    check_french("Acme is up.", "Acme is up.", &mut failures);
    check_french("Acme is up.", "", &mut failures);
    check_french(
        "Acme is up.",
        "Acme fonctionne: its page says so.",
        &mut failures,
    );
    check_french("Downbeat", "Downbeat", &mut failures);
    assert_eq!(failures.len(), 3, "{failures:?}");
}

#[test]
fn a_reason_says_the_same_facts_in_both_languages() {
    let since = Utc.with_ymd_and_hms(2026, 3, 1, 13, 5, 0).unwrap();
    let reason = Reason::Failing {
        name: "Delta Pay".into(),
        partly: false,
        host: "api.deltapay.test".into(),
        failures: 3,
        since,
        failure: Failure::new(Some(ErrorKind::HttpStatus), Some(503), "HTTP 503"),
        vendor: VendorSays::Headline("Card payments failing".into()),
    };
    let english = reason.render(Language::En, offset());
    let french = reason.render(Language::Fr, offset());
    assert_eq!(
        english,
        "Delta Pay is down: api.deltapay.test has failed 3 checks since 14:05 (it answered HTTP 503). \
         Your connection is fine. Its status page reports “Card payments failing”."
    );
    assert_eq!(
        french,
        "Delta Pay est en panne\u{a0}: api.deltapay.test a échoué à 3 vérifications depuis 14 h 05 \
         (réponse HTTP 503). Votre connexion fonctionne. Sa page de statut signale \
         «\u{a0}Card payments failing\u{a0}»."
    );
    // The time is the offset's, not the system's.
    let utc = reason.render(Language::En, FixedOffset::east_opt(0).unwrap());
    assert!(utc.contains("since 13:05"), "{utc}");

    let slow = Reason::Slow {
        name: "Acme".into(),
        host: "api.acme.test".into(),
        latency_ms: Some(2500),
    };
    assert!(slow.render(Language::En, offset()).contains("in 2.5 s"));
    assert!(slow.render(Language::Fr, offset()).contains("en 2,5 s"));
}

#[test]
fn reasons_are_stored_as_codes_and_old_sentences_still_read() {
    for code in ReasonCode::ALL {
        for reason in samples(*code) {
            let stored = reason.to_stored();
            assert!(stored.contains(code.as_str()), "{stored}");
            assert_eq!(Reason::from_stored(&stored), reason, "{stored}");
        }
    }
    let old = "Acme is up: its status page reports no problem.";
    let read = Reason::from_stored(old);
    assert_eq!(read, Reason::Text { text: old.into() });
    // Written by an older version: shown as it was, whatever the language.
    assert_eq!(read.render(Language::Fr, offset()), old);
    assert_eq!(read.code(), ReasonCode::Text);
    // Not our JSON: kept as it is rather than lost.
    assert_eq!(
        Reason::from_stored("{not json"),
        Reason::Text {
            text: "{not json".into()
        }
    );
    assert!(Reason::from_stored("").is_empty());
}
