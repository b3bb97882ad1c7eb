//! The policy's rules, one at a time, in simulated time.

use super::world::{mins, said, secs, start, World};
use super::*;
use crate::model::Status;
use chrono::TimeZone;

use NotificationKind::{Degraded, Grouped, Outage, Recovery, Reminder};

#[test]
fn an_outage_is_told_when_its_window_closes_and_its_recovery_with_the_duration() {
    let mut world =
        World::new(Notifications::default()).with_states(&[("acme", Status::Operational)]);
    world.wait(mins(2));
    world.set("acme", Status::MajorOutage);
    assert!(world.said.is_empty(), "held for grouping");
    world.wait(mins(28));
    // Worse or better inside the same outage, or lost sight of: quiet.
    world.set("acme", Status::PartialOutage);
    world.wait(mins(10));
    world.set("acme", Status::Unknown);
    world.wait(mins(34));
    world.set("acme", Status::Operational);
    world.wait(mins(5));
    assert_eq!(
        world.said(),
        [
            said(mins(2) + secs(15), Outage, &["acme"], "Acme is down"),
            said(mins(74) + secs(15), Recovery, &["acme"], "Acme is back up"),
        ]
    );
    assert_eq!(world.bodies()[0], "Acme is down.");
    assert_eq!(
        world.bodies()[1],
        "Acme was down for 1 h 12 min. Acme is up."
    );
}

#[test]
fn a_partial_outage_and_degraded_which_is_off_by_default() {
    let mut world = World::new(Notifications::default());
    world.set("acme", Status::Operational);
    world.set("beta", Status::Operational);
    world.set("acme", Status::Degraded);
    world.wait(mins(5));
    assert!(world.said.is_empty(), "degraded is off by default");
    world.set("beta", Status::PartialOutage);
    world.wait(mins(5));
    assert_eq!(
        world.said(),
        [said(
            mins(5) + secs(15),
            Outage,
            &["beta"],
            "Beta is partly down"
        )]
    );

    let mut world = World::new(Notifications {
        degraded: true,
        ..Notifications::default()
    });
    world.set("acme", Status::Operational);
    world.set("acme", Status::Degraded);
    world.wait(mins(30));
    world.set("acme", Status::MajorOutage);
    world.wait(mins(30));
    world.set("acme", Status::Degraded);
    world.wait(mins(30));
    world.set("acme", Status::Operational);
    world.wait(mins(1));
    assert_eq!(
        world.said(),
        [
            said(secs(15), Degraded, &["acme"], "Acme is degraded"),
            said(mins(30) + secs(15), Outage, &["acme"], "Acme is down"),
            said(mins(60) + secs(15), Recovery, &["acme"], "Acme is back up"),
            said(
                mins(90) + secs(15),
                Recovery,
                &["acme"],
                "Acme is back to normal"
            ),
        ]
    );
}

#[test]
fn an_outage_over_before_its_window_closes_is_not_news() {
    let mut world =
        World::new(Notifications::default()).with_states(&[("acme", Status::Operational)]);
    world.set("acme", Status::MajorOutage);
    world.wait(secs(10));
    world.set("acme", Status::Operational);
    world.wait(mins(30));
    assert_eq!(world.said(), []);
    // Unknown is never an alert, nor is seeing it again a recovery.
    world.set("acme", Status::Unknown);
    world.wait(mins(5));
    world.set("acme", Status::Operational);
    world.wait(mins(5));
    assert_eq!(world.said(), []);
}

#[test]
fn five_outages_within_a_minute_are_one_grouped_notification() {
    let ids5 = ["acme", "beta", "gamma", "delta", "omega"];
    let fine: Vec<(&str, Status)> = ids5.iter().map(|id| (*id, Status::Operational)).collect();
    let mut world = World::new(Notifications::default()).with_states(&fine);
    for id in ids5 {
        world.set(id, Status::MajorOutage);
        world.wait(secs(14));
    }
    world.wait(mins(5));
    // The window: 15 s after the first, then 30 s after each further change,
    // at most 60 s after the first.
    assert_eq!(
        world.said(),
        [said(secs(60), Grouped, &ids5, "5 services are down")]
    );
    assert_eq!(
        world.bodies(),
        ["Down: Acme, Beta, Gamma, Delta and Omega."]
    );

    // Changes more than the window apart are told apart.
    let mut world = World::new(Notifications::default()).with_states(&fine);
    world.set("acme", Status::MajorOutage);
    world.wait(secs(20));
    world.set("beta", Status::PartialOutage);
    world.wait(mins(1));
    assert_eq!(
        world.said(),
        [
            said(secs(15), Outage, &["acme"], "Acme is down"),
            said(secs(35), Outage, &["beta"], "Beta is partly down"),
        ]
    );
}

#[test]
fn a_group_of_different_changes_lists_each_kind() {
    let mut world = World::new(Notifications::default()).with_states(&[
        ("acme", Status::MajorOutage),
        ("beta", Status::Operational),
        ("gamma", Status::Operational),
    ]);
    world.set("beta", Status::PartialOutage);
    world.set("gamma", Status::MajorOutage);
    world.wait(secs(5));
    // A service seen first in an outage (from a previous run) recovers.
    world.set("acme", Status::Operational);
    world.wait(mins(1));
    assert_eq!(
        world.said(),
        [said(
            secs(35),
            Grouped,
            &["beta", "gamma", "acme"],
            "3 services changed"
        )]
    );
    assert_eq!(
        world.bodies(),
        ["Down: Beta (partly) and Gamma.\nBack up: Acme (down for 5 s)."]
    );
}

#[test]
fn what_is_held_is_said_before_quitting() {
    let mut world =
        World::new(Notifications::default()).with_states(&[("acme", Status::Operational)]);
    world.set("acme", Status::MajorOutage);
    world.wait(secs(2));
    let out = world.policy.release_held(world.now);
    assert_eq!(
        out.iter().map(|n| n.title.as_str()).collect::<Vec<_>>(),
        ["Acme is down"]
    );
    assert_eq!(world.policy.next_deadline(), None);

    let mut snoozed =
        World::new(Notifications::default()).with_states(&[("acme", Status::Operational)]);
    snoozed.policy.pause(Some(start() + mins(60)));
    snoozed.set("acme", Status::MajorOutage);
    assert_eq!(snoozed.policy.release_held(snoozed.now), []);
}

#[test]
fn a_muted_service_is_never_told_and_joins_no_group() {
    let mut world = World::new(Notifications::default())
        .with_states(&[("acme", Status::Operational), ("beta", Status::Operational)]);
    world.set_muted("acme", Status::MajorOutage);
    world.set("beta", Status::MajorOutage);
    world.wait(mins(10));
    world.set_muted("acme", Status::Operational);
    world.wait(mins(10));
    assert_eq!(
        world.said(),
        [said(secs(15), Outage, &["beta"], "Beta is down")]
    );

    let mut off = World::new(Notifications {
        enabled: false,
        ..Notifications::default()
    });
    off.set("acme", Status::MajorOutage);
    off.connection(Connectivity::Online, Connectivity::Offline);
    off.wait(mins(10));
    assert_eq!(off.said(), []);
    assert_eq!(off.policy.next_deadline(), None);
}

#[test]
fn snoozed_for_an_hour_then_only_what_still_differs() {
    let mut world = World::new(Notifications::default())
        .with_states(&[("acme", Status::Operational), ("beta", Status::Operational)]);
    world.policy.pause(Some(start() + Duration::hours(1)));
    assert_eq!(
        world.policy.paused_until(start()),
        Some(start() + Duration::hours(1))
    );
    // Acme goes down and comes back during the snooze: never mentioned.
    world.wait(mins(5));
    world.set("acme", Status::MajorOutage);
    world.wait(mins(10));
    world.set("acme", Status::Operational);
    // Beta goes down and stays down: told when the snooze ends.
    world.wait(mins(5));
    world.set("beta", Status::MajorOutage);
    world.wait(mins(39));
    assert_eq!(world.said(), []);
    world.wait(mins(2));
    assert_eq!(
        world.said(),
        [said(mins(60), Outage, &["beta"], "Beta is down")]
    );
    assert_eq!(world.policy.paused_until(world.now), None);
}

#[test]
fn resuming_tells_what_differs_at_once() {
    let mut world =
        World::new(Notifications::default()).with_states(&[("acme", Status::Operational)]);
    world.policy.pause(Some(start() + Duration::hours(1)));
    world.set("acme", Status::MajorOutage);
    world.wait(mins(10));
    world.policy.pause(None);
    assert!(
        world
            .policy
            .next_deadline()
            .is_some_and(|at| at <= world.now),
        "tick at once"
    );
    world.wait(secs(1));
    assert_eq!(
        world.said(),
        [said(mins(10), Outage, &["acme"], "Acme is down")]
    );
}

#[test]
fn paused_until_tomorrow_morning_in_local_time() {
    let paris = FixedOffset::east_opt(3600).unwrap_or_else(|| panic!("offset"));
    let mut world =
        World::new(Notifications::default()).with_states(&[("acme", Status::Operational)]);
    // 22:30 in Paris.
    world.wait(Duration::hours(12) + mins(30));
    let until = tomorrow_morning(world.now.with_timezone(&paris));
    assert_eq!(until.to_rfc3339(), "2026-03-03T07:00:00+00:00");
    world.policy.pause(Some(until));
    world.wait(mins(30));
    world.set("acme", Status::MajorOutage);
    world.wait(Duration::hours(8));
    world.set("acme", Status::Operational);
    world.wait(Duration::hours(1));
    assert_eq!(
        world.said(),
        [],
        "down and back up during the night: nothing"
    );
}

#[test]
fn reminders_are_off_by_default() {
    let mut world =
        World::new(Notifications::default()).with_states(&[("acme", Status::Operational)]);
    world.set("acme", Status::MajorOutage);
    world.wait(Duration::hours(10));
    assert_eq!(
        world.said(),
        [said(secs(15), Outage, &["acme"], "Acme is down")]
    );
}

#[test]
fn reminders_repeat_while_a_service_stays_down() {
    let mut world = World::new(Notifications {
        reminders: Some(std::time::Duration::from_secs(2 * 3600)),
        ..Notifications::default()
    })
    .with_states(&[("acme", Status::Operational), ("beta", Status::Operational)]);
    world.set("acme", Status::MajorOutage);
    world.set("beta", Status::MajorOutage);
    world.wait(Duration::hours(3));
    world.set("beta", Status::Operational);
    world.wait(Duration::hours(2));
    world.set("acme", Status::Operational);
    world.wait(Duration::hours(5));
    // Two changes at once: the window is twice as long.
    let start_told = secs(30);
    assert_eq!(
        world.said(),
        [
            said(
                start_told,
                Grouped,
                &["acme", "beta"],
                "2 services are down"
            ),
            said(
                start_told + Duration::hours(2),
                Reminder,
                &["acme", "beta"],
                "2 services are still down"
            ),
            said(
                Duration::hours(3) + secs(15),
                Recovery,
                &["beta"],
                "Beta is back up"
            ),
            said(
                start_told + Duration::hours(4),
                Reminder,
                &["acme"],
                "Acme is still down"
            ),
            said(
                Duration::hours(5) + secs(15),
                Recovery,
                &["acme"],
                "Acme is back up"
            ),
        ]
    );
    let bodies = world.bodies();
    assert_eq!(bodies[1], "Still down: Acme (for 2 h) and Beta (for 2 h).");
    assert_eq!(bodies[3], "Acme has been down for 4 h. Acme is down.");
    assert_eq!(bodies[4], "Acme was down for 5 h. Acme is up.");
}

#[test]
fn a_restart_neither_repeats_an_outage_nor_forgets_it() {
    // The stored state says Acme has been down since the start; a new run
    // sees it recover: that is news, with the whole outage's length.
    let mut world =
        World::new(Notifications::default()).with_states(&[("acme", Status::MajorOutage)]);
    world.wait(mins(90));
    world.set("acme", Status::Unknown);
    world.wait(mins(1));
    assert_eq!(world.said(), []);
    world.set("acme", Status::Operational);
    world.wait(mins(1));
    assert_eq!(
        world.said(),
        [said(
            mins(91) + secs(15),
            Recovery,
            &["acme"],
            "Acme is back up"
        )]
    );
    assert_eq!(
        world.bodies()[0],
        "Acme was down for 1 h 31 min. Acme is up."
    );
}

#[test]
fn the_config_accepts_and_checks_the_notification_settings() {
    use crate::config::catalog::Catalog;
    use crate::config::{Config, ConfigError, DEFAULT_CONFIG};
    use std::path::Path;
    let parse = |text: &str| Config::parse(text, Path::new("config.toml"), &Catalog::builtin());
    let defaults = parse(DEFAULT_CONFIG).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(defaults.notifications.reminders, None);
    assert_eq!(
        defaults.notifications.group_window,
        std::time::Duration::from_secs(15)
    );
    let set = parse("[notifications]\nquiet_hours = \"22:00-07:00\"\nreminders = \"2h\"\ngroup_window = \"30s\"\n")
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(
        set.notifications.reminders,
        Some(std::time::Duration::from_secs(7200))
    );
    assert_eq!(
        set.notifications.group_window,
        std::time::Duration::from_secs(30)
    );
    let cases = [
        (
            "[notifications]\n# quiet_hours = \"22:00-07:00\"\nquiet_hours = \"10pm-7am\"\n",
            3,
            "must look like \"22:00-07:00\"",
        ),
        (
            "[notifications]\nenabled = true\nquiet_hours = \"07:00-07:00\"\n",
            3,
            "same time",
        ),
        ("[notifications]\nreminders = \"0s\"\n", 2, "at least 1s"),
        (
            "[notifications]\nreminders = \"often\"\n",
            2,
            "unknown unit",
        ),
        ("[notifications]\ngroup_window = \"2m\"\n", 2, "at most 60s"),
    ];
    for (text, line, reason) in cases {
        match parse(text) {
            Err(ConfigError::Invalid {
                line: got, message, ..
            }) => {
                assert_eq!(got, line, "{text:?}: {message}");
                assert!(
                    message.contains(reason),
                    "{message:?} should say {reason:?}"
                );
            }
            other => panic!("{text:?} should be invalid, got {other:?}"),
        }
    }
}

#[test]
fn durations_read_like_a_person_wrote_them() {
    assert_eq!(human_duration(secs(45)), "45 s");
    assert_eq!(human_duration(mins(12)), "12 min");
    assert_eq!(human_duration(mins(125)), "2 h 5 min");
    assert_eq!(human_duration(Duration::hours(76)), "3 d 4 h");
}

#[test]
fn tomorrow_morning_is_eight_local_the_next_day() {
    let paris = FixedOffset::east_opt(3600).unwrap_or_else(|| panic!("offset"));
    let late = paris
        .with_ymd_and_hms(2026, 3, 1, 23, 30, 0)
        .single()
        .unwrap_or_else(|| panic!("time"));
    assert_eq!(
        tomorrow_morning(late).to_rfc3339(),
        "2026-03-02T07:00:00+00:00"
    );
}
