//! Quiet hours: a daily span of local time ("22:00-07:00", possibly across
//! midnight) during which nothing is shown. Local time comes from an offset
//! the caller passes in, never from the system, so tests control it.

use chrono::{DateTime, Days, FixedOffset, NaiveTime, TimeZone, Utc};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietHours {
    start: NaiveTime,
    end: NaiveTime,
}

impl QuietHours {
    /// "22:00-07:00": start and end in 24-hour local time. The span may cross
    /// midnight; start and end must differ.
    pub fn parse(text: &str) -> Result<QuietHours, String> {
        let malformed = || {
            format!(
                "quiet_hours must look like \"22:00-07:00\" (start-end, 24-hour local time), not {}",
                super::shown(text)
            )
        };
        let (start, end) = text.split_once('-').ok_or_else(malformed)?;
        let time = |part: &str| {
            let part = part.trim();
            // "7:00" is accepted, "7" or "07:00:00" are not.
            if part.len() < 4 || part.len() > 5 {
                return None;
            }
            NaiveTime::parse_from_str(part, "%H:%M").ok()
        };
        let (Some(start), Some(end)) = (time(start), time(end)) else {
            return Err(malformed());
        };
        if start == end {
            return Err(format!(
                "quiet_hours {} starts and ends at the same time",
                super::shown(text)
            ));
        }
        Ok(QuietHours { start, end })
    }

    /// Whether `at` falls inside the quiet hours, in the local time `offset`.
    pub fn contains(&self, at: DateTime<Utc>, offset: FixedOffset) -> bool {
        let local = at.with_timezone(&offset).time();
        if self.start < self.end {
            self.start <= local && local < self.end
        } else {
            local >= self.start || local < self.end
        }
    }

    /// The first end of quiet hours strictly after `after`.
    pub fn next_end(&self, after: DateTime<Utc>, offset: FixedOffset) -> DateTime<Utc> {
        next_time_of_day(self.end, after, offset)
    }

    /// The first start of quiet hours strictly after `after`.
    pub fn next_start(&self, after: DateTime<Utc>, offset: FixedOffset) -> DateTime<Utc> {
        next_time_of_day(self.start, after, offset)
    }

    /// Whether quiet hours ended somewhere in `(from, to]`.
    pub fn ended_between(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        offset: FixedOffset,
    ) -> bool {
        self.next_end(from, offset) <= to
    }
}

/// The first instant strictly after `after` whose local time is `time`.
fn next_time_of_day(time: NaiveTime, after: DateTime<Utc>, offset: FixedOffset) -> DateTime<Utc> {
    let today = after.with_timezone(&offset).date_naive();
    [today, today.checked_add_days(Days::new(1)).unwrap_or(today)]
        .into_iter()
        .filter_map(|day| offset.from_local_datetime(&day.and_time(time)).single())
        .map(|local| local.with_timezone(&Utc))
        .find(|at| *at > after)
        // Unreachable with a fixed offset; a day later is a safe answer.
        .unwrap_or(after + chrono::Duration::days(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(hour: u32, minute: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 3, 1, hour, minute, 0)
            .single()
            .unwrap_or_default()
    }

    #[test]
    fn parsing_accepts_start_end_and_says_what_is_wrong() {
        assert!(QuietHours::parse("22:00-07:00").is_ok());
        assert!(QuietHours::parse(" 7:30 - 9:00 ").is_ok());
        for bad in [
            "22-07",
            "22:00",
            "25:00-07:00",
            "22:00-07:00:00",
            "night",
            "",
        ] {
            let error = QuietHours::parse(bad).err().unwrap_or_default();
            assert!(error.contains("\"22:00-07:00\""), "{bad:?}: {error}");
        }
        let same = QuietHours::parse("08:00-08:00").err().unwrap_or_default();
        assert!(same.contains("same time"), "{same}");
    }

    fn quiet(text: &str) -> QuietHours {
        QuietHours::parse(text).unwrap_or_else(|error| panic!("{error}"))
    }

    fn offset(seconds: i32) -> FixedOffset {
        FixedOffset::east_opt(seconds).unwrap_or_else(|| panic!("offset {seconds}"))
    }

    #[test]
    fn spans_across_midnight_in_local_time() {
        let quiet_hours = quiet("22:00-07:00");
        let paris = offset(3600);
        // 20:59 UTC is 21:59 in Paris; 21:00 UTC is 22:00.
        assert!(!quiet_hours.contains(utc(20, 59), paris));
        assert!(quiet_hours.contains(utc(21, 0), paris));
        assert!(quiet_hours.contains(utc(23, 30), paris));
        assert!(quiet_hours.contains(utc(5, 59), paris));
        assert!(!quiet_hours.contains(utc(6, 0), paris));
        assert_eq!(
            quiet_hours.next_end(utc(21, 0), paris),
            utc(6, 0) + chrono::Duration::days(1)
        );
        assert_eq!(quiet_hours.next_end(utc(3, 0), paris), utc(6, 0));
        assert_eq!(quiet_hours.next_start(utc(3, 0), paris), utc(21, 0));
        assert!(quiet_hours.ended_between(utc(3, 0), utc(6, 0), paris));
        assert!(!quiet_hours.ended_between(utc(6, 0), utc(20, 0), paris));

        let day = quiet("12:00-14:00");
        let utc0 = offset(0);
        assert!(day.contains(utc(12, 0), utc0));
        assert!(!day.contains(utc(14, 0), utc0));
        assert!(!day.contains(utc(23, 0), utc0));
    }
}
