//! Statuspage history entries: the update trail (see [`html::parse_trail`])
//! as an incident or a maintenance, with UTC times.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};

use super::{entry_id, html, html_to_text, RawEntry};
use crate::model::{IncidentUpdate, Status, VendorIncident};
use crate::sources::payload;

/// A stage label as a stage word: "In progress" → "in_progress".
fn stage_word(label: &str) -> String {
    label
        .split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join("_")
}

pub(super) fn statuspage_entry(
    entry: &RawEntry,
    trail: Vec<html::TrailUpdate>,
    reference: Option<DateTime<Utc>>,
) -> (VendorIncident, bool) {
    let labels: Vec<String> = trail.iter().map(|u| stage_word(&u.label)).collect();
    let maintenance = labels.iter().any(|label| {
        matches!(
            label.as_str(),
            "scheduled" | "in_progress" | "verifying" | "completed"
        )
    });
    // "Update" continues the stage before it.
    let status = labels
        .iter()
        .find(|label| label.as_str() != "update")
        .or(labels.first())
        .cloned()
        .unwrap_or_default();
    let mut updates: Vec<IncidentUpdate> = trail
        .into_iter()
        .zip(labels)
        .filter_map(|(update, label)| {
            Some(IncidentUpdate {
                at: trail_time(&update.when, reference)?,
                status: label,
                body: update.body,
            })
        })
        .collect();
    updates.sort_by_key(|update| std::cmp::Reverse(update.at));

    let closed = matches!(status.as_str(), "resolved" | "completed" | "postmortem");
    let resolved_at = if closed {
        updates
            .iter()
            .find(|u| matches!(u.status.as_str(), "resolved" | "completed"))
            .or(updates.first())
            .map(|u| u.at)
            .or(reference)
    } else {
        None
    };
    let impact = if maintenance {
        Status::Maintenance
    } else {
        inferred_impact(&updates)
    };
    let incident = VendorIncident {
        id: entry_id(entry),
        title: html_to_text(&entry.title),
        status,
        impact,
        started_at: updates.last().map(|u| u.at).or(reference),
        resolved_at,
        url: payload::non_empty(&entry.link),
        updates,
        components: Vec::new(),
        scheduled_for: None,
        scheduled_until: None,
    };
    (incident, maintenance)
}

/// The feed says nothing of impact; Statuspage's own wording does.
fn inferred_impact(updates: &[IncidentUpdate]) -> Status {
    let said = |words: &str| {
        updates
            .iter()
            .any(|u| u.body.to_ascii_lowercase().contains(words))
    };
    if said("major outage") {
        Status::MajorOutage
    } else if said("partial outage") || said("degraded availability") {
        Status::PartialOutage
    } else {
        Status::Degraded
    }
}

/// A trail date line, `Jul 9, 06:01 UTC` or `Dec 30, 2019 - 21:00 UTC`. A
/// line without a year takes the year that puts it at most two days after
/// `reference` (the entry's time).
fn trail_time(when: &str, reference: Option<DateTime<Utc>>) -> Option<DateTime<Utc>> {
    let cleaned = when.replace(',', " ");
    let mut words: Vec<&str> = cleaned.split_whitespace().filter(|w| *w != "-").collect();
    let hours = match words.last() {
        Some(zone) if zone.chars().all(|c| c.is_ascii_alphabetic()) => {
            let hours = payload::zone_offset_hours(zone)?;
            words.pop();
            hours
        }
        _ => 0,
    };
    let (month, day, year, clock) = match words.as_slice() {
        [month, day, clock] => (month, day, None, clock),
        [month, day, year, clock]
            if year.len() == 4 && year.bytes().all(|b| b.is_ascii_digit()) =>
        {
            (month, day, Some(year.parse::<i32>().ok()?), clock)
        }
        _ => return None,
    };
    let month = month_number(month)?;
    let day: u32 = day.parse().ok()?;
    let (hour, minute) = clock.split_once(':')?;
    let (hour, minute): (u32, u32) = (hour.parse().ok()?, minute.parse().ok()?);
    let build = |year: i32| {
        NaiveDate::from_ymd_opt(year, month, day)?
            .and_hms_opt(hour, minute, 0)
            .and_then(|local| local.and_utc().checked_sub_signed(Duration::hours(hours)))
    };
    match year {
        Some(year) => build(year),
        None => {
            let reference = reference?;
            build(reference.year())
                .filter(|time| Some(*time) <= reference.checked_add_signed(Duration::days(2)))
                .or_else(|| build(reference.year() - 1))
        }
    }
}

fn month_number(word: &str) -> Option<u32> {
    const MONTHS: [&str; 12] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ];
    let head = word.get(..3)?.to_ascii_lowercase();
    let index = MONTHS.iter().position(|m| *m == head)?;
    u32::try_from(index + 1).ok()
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::sources::testing::ts;

    #[test]
    fn date_lines_take_the_year_of_their_entry() {
        let entry = Some(ts("2020-01-02T01:00:00Z"));
        assert_eq!(
            trail_time("Jan 2, 00:30 UTC", entry),
            Some(ts("2020-01-02T00:30:00Z"))
        );
        // Before the new year.
        assert_eq!(
            trail_time("Dec 31, 23:59 UTC", entry),
            Some(ts("2019-12-31T23:59:00Z"))
        );
        // Up to two days after the entry (clock skew) stays in its year.
        assert_eq!(
            trail_time("Jan 3, 10:00 UTC", entry),
            Some(ts("2020-01-03T10:00:00Z"))
        );
        // An explicit year, and zones.
        assert_eq!(
            trail_time("Dec 30, 2019 - 21:00 UTC", None),
            Some(ts("2019-12-30T21:00:00Z"))
        );
        assert_eq!(
            trail_time("Jul  9, 06:01 PDT", Some(ts("2026-07-09T20:00:00Z"))),
            Some(ts("2026-07-09T13:01:00Z"))
        );
        assert_eq!(
            trail_time("July 9, 06:01", Some(ts("2026-07-09T20:00:00Z"))),
            Some(ts("2026-07-09T06:01:00Z"))
        );
        // Feb 29 in a year that has none: the leap year before.
        assert_eq!(
            trail_time("Feb 29, 12:00 UTC", Some(ts("2025-01-10T00:00:00Z"))),
            Some(ts("2024-02-29T12:00:00Z"))
        );
        // Unreadable: no reference year, unknown zone, nonsense.
        assert_eq!(trail_time("Jul 9, 06:01 UTC", None), None);
        assert_eq!(
            trail_time("Jul 9, 06:01 CEST", Some(ts("2026-07-09T20:00:00Z"))),
            None
        );
        assert_eq!(
            trail_time("Smarch 9, 06:01 UTC", Some(ts("2026-07-09T20:00:00Z"))),
            None
        );
        assert_eq!(
            trail_time("Jul 9, 25:61 UTC", Some(ts("2026-07-09T20:00:00Z"))),
            None
        );
        assert_eq!(trail_time("", Some(ts("2026-07-09T20:00:00Z"))), None);
        // Years are four digits.
        assert_eq!(trail_time("Dec 31, 262143 - 23:00 EDT", None), None);
        assert_eq!(trail_time("Jan 1, -262143 - 01:00 PDT", None), None);
    }

    #[test]
    fn labels_become_stage_words() {
        assert_eq!(stage_word("In progress"), "in_progress");
        assert_eq!(stage_word(" Investigating "), "investigating");
        assert_eq!(stage_word("Postmortem"), "postmortem");
    }
}
