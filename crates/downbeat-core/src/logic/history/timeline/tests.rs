use super::*;
use crate::model::IncidentUpdate;
use chrono::{Offset as _, TimeZone};

fn down() -> Reason {
    Reason::Status {
        name: "Acme".into(),
        status: Status::MajorOutage,
    }
}

/// Merged with our reasons in English.
fn merge_en(
    observed: Vec<ObservedIncident>,
    vendor: Vec<VendorRecord>,
    watched: &[String],
    now: DateTime<Utc>,
) -> Vec<Timeline> {
    merge(observed, vendor, watched, now, Language::En, Utc.fix())
}

fn at(minute: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(1_700_000_000, 0)
        .single()
        .unwrap_or_default()
        + Duration::minutes(minute)
}

fn observed(first: i64, confirmed: i64, resolved: Option<i64>) -> ObservedIncident {
    ObservedIncident {
        id: 1,
        service: "acme".into(),
        first_failure_at: at(first),
        confirmed_at: at(confirmed),
        resolved_at: resolved.map(at),
        worst: Status::MajorOutage,
        cause: Cause::Probe,
        reason: down(),
        changes: vec![(at(confirmed), Status::MajorOutage, down())],
    }
}

fn vendor(id: &str, updates: &[(i64, &str)], components: &[&str], resolved: bool) -> VendorRecord {
    VendorRecord {
        service: "acme".into(),
        incident: VendorIncident {
            id: id.into(),
            title: format!("Incident {id}"),
            status: if resolved {
                "resolved"
            } else {
                "investigating"
            }
            .into(),
            impact: Status::PartialOutage,
            started_at: updates.iter().map(|u| at(u.0)).min(),
            resolved_at: None,
            url: None,
            updates: updates
                .iter()
                .rev()
                .map(|&(minute, status)| IncidentUpdate {
                    status: status.into(),
                    body: format!("{status} at {minute}"),
                    at: at(minute),
                })
                .collect(),
            components: components.iter().map(|c| (*c).to_owned()).collect(),
            scheduled_for: None,
            scheduled_until: None,
        },
        first_seen_at: at(updates.first().map_or(0, |u| u.0) + 1),
    }
}

#[test]
fn our_observations_and_the_vendor_updates_interleave_with_the_lead() {
    let timelines = merge_en(
        vec![observed(0, 2, Some(40))],
        vec![vendor(
            "v1",
            &[(12, "investigating"), (30, "monitoring"), (45, "resolved")],
            &[],
            true,
        )],
        &[],
        at(60),
    );
    assert_eq!(timelines.len(), 1);
    let timeline = &timelines[0];
    assert_eq!(timeline.title, "Incident v1");
    assert_eq!(timeline.started_at, at(0));
    assert_eq!(timeline.ended_at, Some(at(40)));
    assert_eq!(timeline.duration_ms, 40 * 60_000);
    assert_eq!(
        timeline.detection_lead_ms,
        Some(10 * 60_000),
        "we knew at 2, the vendor said so at 12"
    );
    assert_eq!(timeline.worst, Status::MajorOutage);
    let kinds: Vec<(i64, &str)> = timeline
        .entries
        .iter()
        .map(|entry| {
            let minute = (entry.at() - at(0)).num_minutes();
            let kind = match entry {
                Entry::FirstFailure { .. } => "first failure",
                Entry::Verdict { .. } => "verdict",
                Entry::Recovered { .. } => "recovered",
                Entry::Vendor { status, .. } => status.as_str(),
            };
            (minute, kind)
        })
        .collect();
    assert_eq!(
        kinds,
        [
            (0, "first failure"),
            (2, "verdict"),
            (12, "investigating"),
            (30, "monitoring"),
            (40, "recovered"),
            (45, "resolved"),
        ]
    );
}

#[test]
fn a_vendor_first_gives_a_negative_lead() {
    let timelines = merge_en(
        vec![observed(20, 22, None)],
        vec![vendor("v1", &[(5, "investigating")], &[], false)],
        &[],
        at(60),
    );
    assert_eq!(timelines[0].detection_lead_ms, Some(-17 * 60_000));
    assert_eq!(timelines[0].started_at, at(5), "the vendor's start counts");
    assert_eq!(timelines[0].ended_at, None);
    assert_eq!(timelines[0].duration_ms, 55 * 60_000);
}

#[test]
fn far_apart_or_other_components_stay_separate_newest_first() {
    let timelines = merge_en(
        vec![observed(0, 2, Some(10))],
        vec![
            // Three hours later: another incident.
            vendor(
                "later",
                &[(180, "investigating"), (200, "resolved")],
                &[],
                true,
            ),
            // At the same time, but on a component the user does not watch.
            vendor("billing", &[(3, "investigating")], &["Billing"], false),
            // Same time, watched component (case differs).
            vendor("voice", &[(4, "identified")], &["voice"], false),
        ],
        &["Voice".to_owned()],
        at(300),
    );
    let titles: Vec<&str> = timelines.iter().map(|t| t.title.as_str()).collect();
    assert_eq!(titles, ["Incident later", "Incident voice"]);
    assert_eq!(timelines[0].observed, None);
    assert_eq!(timelines[0].detection_lead_ms, None);
    assert_eq!(timelines[0].ended_at, Some(at(200)));
    assert_eq!(timelines[1].detection_lead_ms, Some(2 * 60_000));
}

#[test]
fn our_reasons_are_written_in_the_language_asked_for() {
    let french = merge(
        vec![observed(0, 2, Some(40))],
        Vec::new(),
        &[],
        at(60),
        Language::Fr,
        Utc.fix(),
    );
    assert_eq!(french[0].title, "Acme est en panne.");
    assert!(
        matches!(&french[0].entries[1], Entry::Verdict { reason, .. } if reason == "Acme est en panne."),
        "{:?}",
        french[0].entries
    );
    let english = merge_en(vec![observed(0, 2, Some(40))], Vec::new(), &[], at(60));
    assert_eq!(english[0].title, "Acme is down.");
}
