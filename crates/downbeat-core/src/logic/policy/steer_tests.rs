//! Alert levels, per-service snoozes and "tell me when it's back" in
//! simulated time, alone and with quiet hours, the global pause, grouping
//! and the connection.

use super::world::{mins, said, secs, start, World};
use super::*;
use crate::model::alerts::{NotificationAction, SnoozeChoice, Steering};
use crate::model::Status;
use NotificationKind::{
    Degraded, Grouped, Maintenance, Offline, Online, Outage, Recovery, Reminder,
};

fn hours(n: i64) -> Duration {
    Duration::hours(n)
}

fn paris() -> FixedOffset {
    FixedOffset::east_opt(3600).unwrap_or_else(|| panic!("offset"))
}

fn up(ids: &[&'static str]) -> Vec<(&'static str, Status)> {
    ids.iter().map(|id| (*id, Status::Operational)).collect()
}

#[test]
fn each_level_says_what_it_promises() {
    // Global degraded off: the default is outages; "all" tells degraded too.
    let mut world =
        World::new(Notifications::default()).with_states(&up(&["acme", "beta", "gamma"]));
    world.policy.set_alert_level("acme", Some(AlertLevel::All));
    world.policy.set_alert_level("gamma", Some(AlertLevel::Off));
    assert_eq!(world.policy.alert_level("beta"), AlertLevel::Outages);
    for id in ["acme", "beta", "gamma"] {
        world.set(id, Status::Degraded);
        world.wait(mins(1));
    }
    for id in ["acme", "beta", "gamma"] {
        world.set(id, Status::Maintenance);
        world.wait(mins(1));
    }
    for id in ["acme", "beta", "gamma"] {
        world.set(id, Status::MajorOutage);
        world.wait(mins(1));
    }
    assert_eq!(
        world.said(),
        [
            said(secs(15), Degraded, &["acme"], "Acme is degraded"),
            // Maintenance is told at "all" only, and never as an alarm.
            said(
                mins(3) + secs(15),
                Maintenance,
                &["acme"],
                "Acme is under maintenance"
            ),
            said(mins(6) + secs(15), Outage, &["acme"], "Acme is down"),
            said(mins(7) + secs(15), Outage, &["beta"], "Beta is down"),
        ]
    );

    // Global degraded on: the default is all; "outages" leaves degraded out.
    let mut world = World::new(Notifications {
        degraded: true,
        ..Notifications::default()
    })
    .with_states(&up(&["acme", "beta"]));
    world
        .policy
        .set_alert_level("beta", Some(AlertLevel::Outages));
    assert_eq!(world.policy.alert_level("acme"), AlertLevel::All);
    world.set("acme", Status::Degraded);
    world.set("beta", Status::Degraded);
    world.wait(mins(5));
    world.set("beta", Status::PartialOutage);
    world.wait(mins(5));
    assert_eq!(
        world.said(),
        [
            said(secs(15), Degraded, &["acme"], "Acme is degraded"),
            said(mins(5) + secs(15), Outage, &["beta"], "Beta is partly down"),
        ]
    );
}

#[test]
fn a_service_with_alerts_off_is_not_counted_unstable_nor_reminded() {
    let mut world = World::new(Notifications {
        reminders: Some(std::time::Duration::from_secs(3600)),
        ..Notifications::default()
    })
    .with_states(&up(&["acme", "beta"]));
    world.policy.set_alert_level("acme", Some(AlertLevel::Off));
    for step in 0..10 {
        let status = if step % 2 == 0 {
            Status::MajorOutage
        } else {
            Status::Operational
        };
        world.set("acme", status);
        world.wait(secs(20));
    }
    world.set("acme", Status::MajorOutage);
    world.set("beta", Status::MajorOutage);
    world.wait(hours(3));
    let titles: Vec<String> = world.said().into_iter().map(|s| s.3).collect();
    assert_eq!(
        titles,
        ["Beta is down", "Beta is still down", "Beta is still down"]
    );
}

#[test]
fn a_snoozed_service_is_held_and_what_differs_is_told_once_when_the_hour_ends() {
    let mut world = World::new(Notifications::default()).with_states(&up(&["acme", "beta"]));
    assert!(world.snooze("acme", SnoozeChoice::Hour));
    assert_eq!(
        world.policy.service_alerts("acme", world.now).snoozed_until,
        Some(start() + hours(1))
    );
    // Down and back during the snooze: never mentioned.
    world.wait(mins(5));
    world.set("acme", Status::MajorOutage);
    world.wait(mins(5));
    world.set("acme", Status::Operational);
    // Beta is not snoozed: told at once. Acme goes down and stays down.
    world.set("beta", Status::MajorOutage);
    world.wait(mins(20));
    world.set("acme", Status::MajorOutage);
    world.wait(mins(60));
    assert_eq!(
        world.said(),
        [
            said(mins(10) + secs(15), Outage, &["beta"], "Beta is down"),
            said(hours(1), Outage, &["acme"], "Acme is down"),
        ]
    );
    assert_eq!(
        world.policy.service_alerts("acme", world.now).snoozed_until,
        None,
        "ended by itself"
    );
    assert_eq!(world.policy.steering(world.now), Steering::default());
}

#[test]
fn snoozed_until_tomorrow_ends_at_eight_local_with_what_is_still_down() {
    let mut world = World::new(Notifications::default()).with_states(&up(&["acme"]));
    world.policy.set_local_offset(paris());
    world.wait(hours(12) + mins(30)); // 22:30 in Paris
    assert!(world.snooze("acme", SnoozeChoice::Tomorrow));
    assert_eq!(
        world
            .policy
            .service_alerts("acme", world.now)
            .snoozed_until
            .map(|at| at.to_rfc3339()),
        Some("2026-03-03T07:00:00+00:00".to_owned())
    );
    world.wait(mins(30));
    world.set("acme", Status::MajorOutage);
    world.wait(hours(12));
    assert_eq!(
        world.said(),
        [said(hours(22), Outage, &["acme"], "Acme is down")]
    );
}

#[test]
fn snoozed_until_back_silences_the_outage_and_ends_with_its_recovery() {
    let mut world = World::new(Notifications {
        reminders: Some(std::time::Duration::from_secs(3600)),
        ..Notifications::default()
    })
    .with_states(&up(&["acme"]));
    assert!(
        !world.snooze("acme", SnoozeChoice::UntilBack),
        "only a service that is down can wait to be back"
    );
    world.set("acme", Status::MajorOutage);
    world.wait(mins(1));
    assert!(world.snooze("acme", SnoozeChoice::UntilBack));
    assert!(
        world
            .policy
            .service_alerts("acme", world.now)
            .snoozed_until_back
    );
    // No reminders, no news of it getting partly better.
    world.set("acme", Status::PartialOutage);
    world.wait(hours(3));
    world.set("acme", Status::Operational);
    world.wait(mins(1));
    assert_eq!(
        world.said(),
        [
            said(secs(15), Outage, &["acme"], "Acme is down"),
            said(
                hours(3) + mins(1) + secs(15),
                Recovery,
                &["acme"],
                "Acme is back up"
            ),
        ]
    );
    assert!(world.policy.steering(world.now).services.is_empty());
    // An ordinary service again.
    world.set("acme", Status::MajorOutage);
    world.wait(mins(1));
    assert_eq!(world.said().len(), 3);
}

#[test]
fn ending_a_snooze_tells_what_differs_at_once() {
    let mut world = World::new(Notifications::default()).with_states(&up(&["acme"]));
    world.snooze("acme", SnoozeChoice::Tomorrow);
    world.set("acme", Status::MajorOutage);
    world.wait(mins(10));
    assert!(world.snooze("acme", SnoozeChoice::End));
    assert!(!world.snooze("acme", SnoozeChoice::End), "nothing to end");
    world.wait(secs(1));
    assert_eq!(
        world.said(),
        [said(mins(10), Outage, &["acme"], "Acme is down")]
    );
}

#[test]
fn tell_me_when_its_back_is_told_once_whatever_the_level() {
    let mut world = World::new(Notifications::default()).with_states(&up(&["acme", "beta"]));
    world.policy.set_alert_level("acme", Some(AlertLevel::Off));
    assert!(!world.when_back("acme"), "it is up");
    world.set("acme", Status::MajorOutage);
    world.wait(mins(30));
    assert!(world.when_back("acme"));
    assert!(world.policy.service_alerts("acme", world.now).when_back);
    world.set("acme", Status::Operational);
    world.wait(mins(1));
    // Once: the next outage and recovery follow its level again (off).
    world.set("acme", Status::MajorOutage);
    world.wait(mins(5));
    world.set("acme", Status::Operational);
    world.wait(mins(5));
    assert_eq!(
        world.said(),
        [said(
            mins(30) + secs(15),
            Recovery,
            &["acme"],
            "Acme is back up"
        )]
    );
    assert_eq!(world.bodies()[0], "Acme was down for 30 min. Acme is up.");
    assert!(!world.policy.service_alerts("acme", world.now).when_back);

    // Down again within the group window: not back yet, still owed.
    let mut world = World::new(Notifications::default()).with_states(&up(&["acme"]));
    world
        .policy
        .set_alert_level("acme", Some(AlertLevel::Outages));
    world.set("acme", Status::MajorOutage);
    world.wait(mins(1));
    world.when_back("acme");
    world.set("acme", Status::Operational);
    world.wait(secs(5));
    world.set("acme", Status::MajorOutage);
    world.wait(mins(5));
    world.set("acme", Status::Degraded);
    world.wait(mins(1));
    let titles: Vec<String> = world.said().into_iter().map(|s| s.3).collect();
    assert_eq!(titles, ["Acme is down", "Acme is back up"]);
}

#[test]
fn tell_me_when_its_back_beats_a_snooze_and_says_nothing_of_the_outage_it_knows() {
    let mut world = World::new(Notifications::default()).with_states(&up(&["acme"]));
    world.snooze("acme", SnoozeChoice::Hour);
    world.set("acme", Status::MajorOutage);
    world.wait(mins(10));
    // From the card: the user sees it is down.
    assert!(world.when_back("acme"));
    world.wait(mins(10));
    world.set("acme", Status::Operational);
    world.wait(hours(2));
    assert_eq!(
        world.said(),
        [said(
            mins(20) + secs(15),
            Recovery,
            &["acme"],
            "Acme is back up"
        )]
    );
}

#[test]
fn tell_me_when_its_back_waits_for_quiet_hours_and_the_global_pause_to_end() {
    let mut world = World::new(Notifications {
        quiet_hours: Some("22:00-07:00".into()),
        ..Notifications::default()
    })
    .with_states(&up(&["acme"]));
    world.policy.set_local_offset(paris());
    world.policy.set_alert_level("acme", Some(AlertLevel::Off));
    world.wait(hours(12)); // 22:00 in Paris
    world.set("acme", Status::MajorOutage);
    world.wait(mins(30));
    world.when_back("acme");
    world.wait(hours(1));
    world.set("acme", Status::Operational);
    world.wait(hours(12));
    // 07:00 in Paris: the morning summary.
    assert_eq!(
        world.said(),
        [said(hours(21), Recovery, &["acme"], "Acme is back up")]
    );

    let mut world = World::new(Notifications::default()).with_states(&up(&["acme"]));
    world.set("acme", Status::MajorOutage);
    world.wait(mins(1));
    world.when_back("acme");
    world.policy.pause(Some(world.now + hours(1)));
    world.set("acme", Status::Operational);
    world.wait(hours(2));
    assert_eq!(
        world.said(),
        [
            said(secs(15), Outage, &["acme"], "Acme is down"),
            said(mins(61), Recovery, &["acme"], "Acme is back up"),
        ]
    );
}

#[test]
fn tell_me_when_its_back_joins_a_group_and_waits_for_the_connection() {
    let mut world = World::new(Notifications::default()).with_states(&up(&["acme", "beta"]));
    world.policy.set_alert_level("acme", Some(AlertLevel::Off));
    world.set("acme", Status::MajorOutage);
    world.set("beta", Status::MajorOutage);
    world.wait(mins(5));
    world.when_back("acme");
    world.set("acme", Status::Operational);
    world.wait(secs(5));
    world.set("beta", Status::Operational);
    world.wait(mins(5));
    assert_eq!(
        world.said(),
        [
            said(secs(15), Outage, &["beta"], "Beta is down"),
            said(
                mins(5) + secs(35),
                Grouped,
                &["acme", "beta"],
                "2 services are back up"
            ),
        ]
    );

    let mut world = World::new(Notifications::default()).with_states(&up(&["acme"]));
    world.policy.set_alert_level("acme", Some(AlertLevel::Off));
    world.set("acme", Status::MajorOutage);
    world.wait(mins(1));
    world.when_back("acme");
    world.connection(Connectivity::Online, Connectivity::Offline);
    world.wait(mins(10));
    world.connection(Connectivity::Offline, Connectivity::Online);
    world.wait(secs(10));
    world.set("acme", Status::Operational);
    world.wait(mins(5));
    // Held while the first checks after the connection came back settle.
    assert_eq!(
        world.said(),
        [
            said(mins(1) + secs(15), Offline, &[], "You're offline"),
            said(mins(11), Online, &[], "Back online"),
            said(mins(12), Recovery, &["acme"], "Acme is back up"),
        ]
    );
}

#[test]
fn snoozes_survive_a_new_policy_and_reminders_skip_a_snooze() {
    let mut world = World::new(Notifications {
        reminders: Some(std::time::Duration::from_secs(3600)),
        ..Notifications::default()
    })
    .with_states(&up(&["acme"]));
    world.set("acme", Status::MajorOutage);
    world.wait(mins(30));
    world.snooze("acme", SnoozeChoice::Hour);
    world.when_back("acme");
    let kept = world.policy.steering(world.now);
    assert_eq!(kept.services.len(), 1);
    // A restart: a new policy takes back what was kept.
    let mut again = Policy::new(Notifications::default(), Language::En);
    again.restore(&kept);
    let shown = again.service_alerts("acme", world.now);
    assert_eq!(shown.snoozed_until, Some(world.now + hours(1)));
    assert!(shown.when_back);
    // The reminder due at 1 h 15 s falls in the snooze: skipped.
    world.wait(hours(3));
    let titles: Vec<String> = world.said().into_iter().map(|s| s.3).collect();
    assert_eq!(
        titles,
        ["Acme is down", "Acme is still down", "Acme is still down"]
    );
    assert_eq!(world.said()[1].0, hours(2) + secs(15));
    assert_eq!(world.said()[1].1, Reminder);
}

#[test]
fn notifications_offer_snooze_and_when_back_for_one_service_in_trouble() {
    let note = |kind, services: &[&str]| Notification {
        kind,
        services: services.iter().map(|s| (*s).to_owned()).collect(),
        title: String::new(),
        body: String::new(),
        urgent: false,
    };
    use NotificationAction::{Open, SnoozeHour, WhenBack};
    assert_eq!(
        actions(&note(Outage, &["acme"])),
        [Open, SnoozeHour, WhenBack]
    );
    assert_eq!(
        actions(&note(Reminder, &["acme"])),
        [Open, SnoozeHour, WhenBack]
    );
    assert_eq!(actions(&note(Degraded, &["acme"])), [Open, SnoozeHour]);
    assert_eq!(actions(&note(Recovery, &["acme"])), [Open]);
    assert_eq!(actions(&note(Grouped, &["acme", "beta"])), [Open]);
    assert_eq!(actions(&note(Offline, &[])), [Open]);
}
