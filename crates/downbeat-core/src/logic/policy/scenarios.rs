//! Longer stories in simulated time: flapping, a night of quiet hours, the
//! connection lost and found, a night asleep, and the same in French.

use super::world::{mins, said, secs, start, World};
use super::*;
use crate::model::Status;
use NotificationKind::{Grouped, Offline, Online, Outage, Recovery, Reminder};

fn paris() -> FixedOffset {
    FixedOffset::east_opt(3600).unwrap_or_else(|| panic!("offset"))
}

fn night(language: Language) -> World {
    let prefs = Notifications {
        quiet_hours: Some("22:00-07:00".into()),
        ..Notifications::default()
    };
    let mut world = World::in_language(prefs, language).with_states(&[
        ("acme", Status::Operational),
        ("beta", Status::Operational),
        ("gamma", Status::Operational),
        ("delta", Status::Operational),
    ]);
    world.policy.set_local_offset(paris());
    world
}

/// The day starts at 10:00 in Paris (09:00 UTC); quiet hours are 22:00-07:00
/// there, 21:00-06:00 UTC.
fn through_the_night(world: &mut World) {
    let hours = Duration::hours;
    world.wait(hours(9)); // 19:00 in Paris
    world.set("delta", Status::MajorOutage);
    world.wait(hours(1)); // 20:00
    world.set("acme", Status::MajorOutage);
    world.wait(hours(3)); // 23:00, quiet
    world.set("beta", Status::MajorOutage);
    world.wait(hours(2)); // 01:00
    world.set("gamma", Status::MajorOutage);
    world.wait(hours(1));
    world.set("gamma", Status::Operational);
    world.wait(hours(1)); // 03:00
    world.set("delta", Status::Operational);
    world.wait(hours(7)); // 10:00 the next day
}

#[test]
fn a_flapping_service_is_told_at_most_three_times_and_quiet_once_it_settles_up() {
    let mut world =
        World::new(Notifications::default()).with_states(&[("acme", Status::Operational)]);
    for step in 0..30 {
        let status = if step % 2 == 0 {
            Status::MajorOutage
        } else {
            Status::Operational
        };
        world.set("acme", status);
        world.wait(secs(20));
    }
    // Up since 9:40; settled five minutes later.
    world.wait(mins(30));
    assert_eq!(
        world.said(),
        [
            said(secs(15), Outage, &["acme"], "Acme is down"),
            said(secs(35), Recovery, &["acme"], "Acme is back up"),
            said(secs(55), Outage, &["acme"], "Acme is unstable"),
        ]
    );
    assert_eq!(
        world.bodies()[2],
        "Acme went down 2 times in 40 s. Downbeat will not announce every change; it will tell you if Acme stays down."
    );
    // Once settled it is an ordinary service again.
    world.set("acme", Status::MajorOutage);
    world.wait(mins(1));
    assert_eq!(world.said().len(), 4);
    assert_eq!(world.said()[3].3, "Acme is down");
}

#[test]
fn a_flapping_service_that_settles_down_is_told_so() {
    let mut world =
        World::new(Notifications::default()).with_states(&[("acme", Status::Operational)]);
    for step in 0..31 {
        let status = if step % 2 == 0 {
            Status::MajorOutage
        } else {
            Status::Operational
        };
        world.set("acme", status);
        world.wait(secs(20));
    }
    world.wait(mins(30));
    let titles: Vec<String> = world.said().into_iter().map(|s| s.3).collect();
    assert_eq!(
        titles,
        [
            "Acme is down",
            "Acme is back up",
            "Acme is unstable",
            "Acme is down"
        ]
    );
    // Down since 10:00, settled at 15:00.
    assert_eq!(world.said()[3].0, mins(15));
}

#[test]
fn flapping_faster_than_the_window_is_a_single_notice() {
    let mut world =
        World::new(Notifications::default()).with_states(&[("acme", Status::Operational)]);
    for step in 0..60 {
        let status = if step % 2 == 0 {
            Status::MajorOutage
        } else {
            Status::Operational
        };
        world.set("acme", status);
        world.wait(secs(10));
    }
    world.wait(mins(30));
    assert_eq!(
        world.said(),
        [said(secs(50), Outage, &["acme"], "Acme is unstable")]
    );
}

#[test]
fn quiet_hours_across_midnight_end_with_a_single_summary() {
    let mut world = night(Language::En);
    through_the_night(&mut world);
    let hours = Duration::hours;
    assert_eq!(
        world.said(),
        [
            said(hours(9) + secs(15), Outage, &["delta"], "Delta is down"),
            said(hours(10) + secs(15), Outage, &["acme"], "Acme is down"),
            // 07:00 in Paris: Beta went down, Delta came back, Acme is still
            // down; Gamma's outage began and ended in the night: not news.
            said(
                hours(21),
                Grouped,
                &["beta", "delta", "acme"],
                "3 services changed"
            ),
        ]
    );
    assert_eq!(
        world.bodies()[2],
        "Down: Beta.\nBack up: Delta (down for 8 h).\nStill down: Acme (for 11 h)."
    );
}

#[test]
fn quiet_hours_end_silently_when_all_is_well_and_one_still_down_is_a_reminder() {
    let mut world = night(Language::En);
    world.wait(Duration::hours(13)); // 23:00 in Paris
    world.set("gamma", Status::MajorOutage);
    world.wait(Duration::hours(1));
    world.set("gamma", Status::Operational);
    world.wait(Duration::hours(12));
    assert_eq!(world.said(), []);

    let mut world = night(Language::En);
    world.wait(Duration::hours(11)); // 21:00 in Paris
    world.set("acme", Status::MajorOutage);
    world.wait(Duration::hours(12));
    assert_eq!(
        world.said(),
        [
            said(
                Duration::hours(11) + secs(15),
                Outage,
                &["acme"],
                "Acme is down"
            ),
            said(
                Duration::hours(21),
                Reminder,
                &["acme"],
                "Acme is still down"
            ),
        ]
    );
    assert_eq!(
        world.bodies()[1],
        "Acme has been down for 10 h. Acme is down."
    );
}

#[test]
fn offline_then_online_is_one_of_each_and_no_service_is_blamed() {
    let mut world = World::new(Notifications::default())
        .with_states(&[("acme", Status::Operational), ("beta", Status::Operational)]);
    world.connection(Connectivity::Online, Connectivity::Offline);
    // The caller sends no service changes while offline; if it did, they
    // would not be told.
    world.wait(secs(5));
    world.set("acme", Status::MajorOutage);
    world.set("beta", Status::Unknown);
    world.wait(mins(10));
    world.connection(Connectivity::Offline, Connectivity::Online);
    world.wait(secs(30));
    world.set("acme", Status::Operational);
    world.set("beta", Status::Operational);
    world.wait(mins(30));
    assert_eq!(
        world.said(),
        [
            said(secs(15), Offline, &[], "You're offline"),
            said(mins(10) + secs(5), Online, &[], "Back online"),
        ]
    );
    assert_eq!(
        world.bodies(),
        [
            "Downbeat will check your services again once your connection is back.",
            "Downbeat is checking your services again."
        ]
    );
}

#[test]
fn a_blip_of_the_connection_is_not_news_and_offline_can_be_turned_off() {
    let mut world = World::new(Notifications::default());
    world.connection(Connectivity::Online, Connectivity::Offline);
    world.wait(secs(10));
    world.connection(Connectivity::Offline, Connectivity::Online);
    world.wait(mins(5));
    assert_eq!(world.said(), []);

    let mut world = World::new(Notifications {
        offline: false,
        ..Notifications::default()
    });
    world.connection(Connectivity::Online, Connectivity::Offline);
    world.wait(mins(10));
    world.connection(Connectivity::Offline, Connectivity::Online);
    world.wait(mins(5));
    assert_eq!(world.said(), []);
}

#[test]
fn a_captive_portal_or_broken_dns_says_why_once() {
    let mut world = World::new(Notifications::default());
    world.connection(Connectivity::Online, Connectivity::CaptivePortal);
    world.wait(mins(1));
    world.connection(Connectivity::CaptivePortal, Connectivity::DnsBroken);
    world.wait(mins(1));
    world.connection(Connectivity::DnsBroken, Connectivity::Online);
    let kinds: Vec<NotificationKind> = world.said().into_iter().map(|s| s.1).collect();
    assert_eq!(kinds, [Offline, Online]);
    assert!(
        world.bodies()[0].starts_with("A login page is in the way"),
        "{:?}",
        world.bodies()
    );

    let mut world = World::new(Notifications::default());
    world.connection(Connectivity::Online, Connectivity::DnsBroken);
    world.wait(mins(1));
    assert!(
        world.bodies()[0].starts_with("Names do not resolve"),
        "{:?}",
        world.bodies()
    );
}

#[test]
fn eight_hours_asleep_then_all_fine_says_nothing() {
    let prefs = Notifications {
        quiet_hours: Some("22:00-07:00".into()),
        ..Notifications::default()
    };
    let mut world = World::new(prefs)
        .with_states(&[("acme", Status::Operational), ("beta", Status::Operational)]);
    world.policy.set_local_offset(paris());
    world.wait(Duration::hours(12)); // 22:00 in Paris
    world.connection(Connectivity::Online, Connectivity::Asleep);
    world.wait(Duration::hours(8));
    // Waking up: the network takes a few seconds to come back.
    world.connection(Connectivity::Asleep, Connectivity::Offline);
    world.wait(secs(5));
    world.connection(Connectivity::Offline, Connectivity::Online);
    world.wait(Duration::hours(2));
    assert_eq!(world.said(), []);
}

#[test]
fn in_french() {
    let fr = Language::Fr;
    let mut world = World::in_language(Notifications::default(), fr)
        .with_states(&[("acme", Status::Operational)]);
    world.set("acme", Status::PartialOutage);
    world.wait(mins(30));
    world.set("acme", Status::MajorOutage);
    world.wait(mins(42));
    world.set("acme", Status::Operational);
    world.wait(mins(1));
    world.connection(Connectivity::Online, Connectivity::Offline);
    world.wait(mins(1));
    world.connection(Connectivity::Offline, Connectivity::Online);
    let titles: Vec<String> = world.said().into_iter().map(|s| s.3).collect();
    assert_eq!(
        titles,
        [
            "Acme est partiellement en panne",
            "Acme fonctionne à nouveau",
            "Vous êtes hors ligne",
            "De retour en ligne"
        ]
    );
    assert!(world.bodies()[1].starts_with("Acme a été en panne pendant 1 h 12 min."));

    let ids5 = ["acme", "beta", "gamma", "delta", "omega"];
    let fine: Vec<(&str, Status)> = ids5.iter().map(|id| (*id, Status::Operational)).collect();
    let mut world = World::in_language(Notifications::default(), fr).with_states(&fine);
    for id in ids5 {
        world.set(id, Status::MajorOutage);
        world.wait(secs(5));
    }
    world.wait(mins(1));
    assert_eq!(
        world.said(),
        [said(secs(50), Grouped, &ids5, "5 services sont en panne")]
    );
    assert_eq!(
        world.bodies(),
        ["En panne\u{a0}: Acme, Beta, Gamma, Delta et Omega."]
    );

    let mut world = night(fr);
    through_the_night(&mut world);
    assert_eq!(world.said()[2].3, "3 services ont changé d'état");
    assert_eq!(
        world.bodies()[2],
        "En panne\u{a0}: Beta.\nRétablis\u{a0}: Delta (en panne pendant 8 h).\nToujours en panne\u{a0}: Acme (depuis 11 h)."
    );

    let mut world = World::in_language(Notifications::default(), fr)
        .with_states(&[("acme", Status::Operational)]);
    for step in 0..3 {
        let status = if step % 2 == 0 {
            Status::MajorOutage
        } else {
            Status::Operational
        };
        world.set("acme", status);
        world.wait(secs(20));
    }
    assert_eq!(world.said()[2].3, "Acme est instable");
    assert_eq!(
        world.bodies()[2],
        "Acme est tombé en panne 2 fois en 40 s. Downbeat n'annoncera pas chaque changement\u{a0}; il vous préviendra si la panne dure."
    );

    let prefs = Notifications {
        reminders: Some(std::time::Duration::from_secs(3600)),
        ..Notifications::default()
    };
    let mut world = World::in_language(prefs, fr).with_states(&[("acme", Status::Operational)]);
    world.set("acme", Status::MajorOutage);
    world.wait(mins(61));
    assert_eq!(world.said()[1].3, "Acme est toujours en panne");
    assert!(
        world.bodies()[1].starts_with("Acme est en panne depuis 1 h."),
        "{:?}",
        world.bodies()
    );
}

/// The example: a French title over an English body
/// ("Delta Pay a été en panne pendant 30 s. Delta Pay is up: …").
#[test]
fn a_french_notification_has_no_english_sentence() {
    use crate::model::i18n::completeness::english_word;
    use crate::model::{ErrorKind, Failure, Reason, VendorSays};
    let fr = Language::Fr;
    let failing = |name: &str| Reason::Failing {
        name: name.into(),
        partly: false,
        host: "api.delta.test".into(),
        failures: 3,
        since: start(),
        failure: Failure::new(Some(ErrorKind::Connect), None, "tcp connect error"),
        vendor: VendorSays::NoIncident,
    };
    let up = |name: &str| Reason::Up {
        name: name.into(),
        status_page: true,
        answering: vec!["api.delta.test".into()],
    };
    let mut world = World::in_language(Notifications::default(), fr)
        .with_states(&[("delta", Status::Operational)]);
    world.set_because("delta", Status::MajorOutage, failing("Delta"));
    world.wait(mins(2));
    world.set_because("delta", Status::Operational, up("Delta"));
    world.wait(mins(1));
    // Two at once: one grouped notification.
    let ids = ["acme", "beta"];
    let mut group = World::in_language(Notifications::default(), fr)
        .with_states(&[("acme", Status::Operational), ("beta", Status::Operational)]);
    for id in ids {
        group.set_because(id, Status::MajorOutage, failing(id));
    }
    group.wait(mins(1));
    for id in ids {
        group.set_because(id, Status::Operational, up(id));
    }
    group.wait(mins(1));

    let kinds: Vec<NotificationKind> = world
        .said
        .iter()
        .chain(&group.said)
        .map(|(_, n)| n.kind)
        .collect();
    assert_eq!(kinds, [Outage, Recovery, Grouped, Grouped]);
    for (_, notification) in world.said.iter().chain(&group.said) {
        for text in [&notification.title, &notification.body] {
            assert_eq!(english_word(text), None, "{text:?}");
        }
    }
    assert_eq!(
        world.bodies(),
        [
            "Delta est en panne\u{a0}: api.delta.test a échoué à 3 vérifications depuis 09 h 00 \
             (la connexion a échoué). Votre connexion fonctionne. Delta n'a pas encore publié d'incident.",
            "Delta a été en panne pendant 2 min. Delta fonctionne\u{a0}: sa page de statut ne signale \
             aucun problème et api.delta.test répond."
        ]
    );
    // The English world says the same facts in English.
    let mut english =
        World::new(Notifications::default()).with_states(&[("delta", Status::Operational)]);
    english.set_because("delta", Status::MajorOutage, failing("Delta"));
    english.wait(mins(2));
    english.set_because("delta", Status::Operational, up("Delta"));
    english.wait(mins(1));
    assert!(english.bodies()[1]
        .ends_with("Delta is up: its status page reports no problem and api.delta.test answers."));
}
