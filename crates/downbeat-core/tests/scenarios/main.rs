//! The scenario suite: loopback-free worlds that change over time, run
//! through the monitor in simulated time, asserting the exact sequence of
//! state changes and notifications. Real-time runs of the same engine
//! against loopback servers live in tests/engine.rs and the CLI's tests.
#![allow(clippy::expect_used, clippy::unwrap_used)]

mod sim;

use downbeat_core::model::{Connectivity, NotificationKind as Kind, Status};
use sim::{mins, secs, Endpoint, Page, Script, Sim};

fn probed(ids: &[&str]) -> String {
    ids.iter()
        .map(|id| {
            let name = id[..1].to_uppercase() + &id[1..];
            format!("[[services]]\nid = \"{id}\"\nname = \"{name}\"\n[[services.sources]]\nkind = \"http\"\nurl = \"https://{id}.test/health\"\n\n")
        })
        .collect()
}

fn kinds(sim: &Sim) -> Vec<Kind> {
    sim.notifications()
        .into_iter()
        .map(|(_, kind, _)| kind)
        .collect()
}

#[test]
fn a_single_transient_503_is_not_news() {
    let mut sim = Sim::new(&probed(&["acme"])).endpoint(
        "acme",
        Script::always(Endpoint::Up)
            .then(mins(5), Endpoint::Http(503))
            .then(mins(5) + secs(3), Endpoint::Up),
    );
    sim.run_until(mins(30));
    assert_eq!(sim.states(), [("acme".to_owned(), Status::Operational)]);
    assert!(sim.notifications().is_empty(), "{:?}", sim.notifications());
}

#[test]
fn a_sustained_503_is_one_outage_then_one_recovery_with_its_duration() {
    let mut sim = Sim::new(&probed(&["acme"])).endpoint(
        "acme",
        Script::always(Endpoint::Up)
            .then(mins(5), Endpoint::Http(503))
            .then(mins(25), Endpoint::Up),
    );
    sim.run_until(mins(40));
    let states: Vec<Status> = sim.states().into_iter().map(|(_, s)| s).collect();
    assert_eq!(
        states,
        [
            Status::Operational,
            Status::MajorOutage,
            Status::Operational
        ]
    );
    let said = sim.notifications();
    assert_eq!(kinds(&sim), [Kind::Outage, Kind::Recovery], "{said:?}");
    assert_eq!(said[0].2, "Acme is down");
    // Failed at 5:00, 5:05 and 5:20 (fast re-checks), down at the third.
    assert!(
        said[0].0 >= mins(5) + secs(20) && said[0].0 <= mins(6),
        "announced at {:?}",
        said[0].0
    );
    // Up again after two successes (25:00 and 25:05): down from 5:00, 20 min.
    let recovery = sim.log.iter().find_map(|(_, h)| match h {
        sim::Happened::Notified {
            kind: Kind::Recovery,
            body,
            ..
        } => Some(body.clone()),
        _ => None,
    });
    assert!(
        recovery
            .as_deref()
            .unwrap_or_default()
            .contains("was down for 20 min"),
        "{recovery:?}"
    );
    eprintln!("detection latency: {:?}", said[0].0 - mins(5));
}

fn everything_fails_while(state: Connectivity) -> Sim {
    let mut sim = Sim::new(&probed(&["acme", "beta", "gamma"])).connection(
        Script::always(Connectivity::Online)
            .then(mins(10), state)
            .then(mins(20), Connectivity::Online),
    );
    for id in ["acme", "beta", "gamma"] {
        sim = sim.endpoint(
            id,
            Script::always(Endpoint::Up)
                .then(mins(10), Endpoint::Hang)
                .then(mins(20), Endpoint::Up),
        );
    }
    sim.run_until(mins(40));
    sim
}

#[test]
fn offline_is_said_once_and_no_service_is_blamed() {
    let sim = everything_fails_while(Connectivity::Offline);
    assert_eq!(
        kinds(&sim),
        [Kind::Offline, Kind::Online],
        "{:?}",
        sim.notifications()
    );
    assert!(
        sim.states().iter().all(|(_, s)| *s == Status::Operational),
        "{:?}",
        sim.states()
    );
    let gaps = sim.gaps();
    assert_eq!(gaps.len(), 1, "{gaps:?}");
    assert_eq!(gaps[0].1, Connectivity::Offline);
    assert!(gaps[0].0 >= mins(9) && gaps[0].0 <= mins(11), "{gaps:?}");
}

#[test]
fn a_captive_portal_blames_no_service() {
    let sim = everything_fails_while(Connectivity::CaptivePortal);
    assert!(
        sim.states().iter().all(|(_, s)| *s == Status::Operational),
        "{:?}",
        sim.states()
    );
    assert_eq!(
        sim.gaps().first().map(|g| g.1),
        Some(Connectivity::CaptivePortal)
    );
    assert!(
        kinds(&sim)
            .iter()
            .all(|k| matches!(k, Kind::Offline | Kind::Online)),
        "{:?}",
        sim.notifications()
    );
}

#[test]
fn broken_dns_blames_no_service() {
    let sim = everything_fails_while(Connectivity::DnsBroken);
    assert!(
        sim.states().iter().all(|(_, s)| *s == Status::Operational),
        "{:?}",
        sim.states()
    );
    assert_eq!(
        sim.gaps().first().map(|g| g.1),
        Some(Connectivity::DnsBroken)
    );
    assert!(
        kinds(&sim)
            .iter()
            .all(|k| matches!(k, Kind::Offline | Kind::Online)),
        "{:?}",
        sim.notifications()
    );
}

fn paged_and_probed(id: &str) -> String {
    format!(
        "[[services]]\nid = \"{id}\"\nname = \"Acme\"\n[[services.sources]]\nkind = \"statuspage\"\nurl = \"https://status.{id}.test\"\n[[services.sources]]\nkind = \"http\"\nurl = \"https://api.{id}.test/health\"\n"
    )
}

#[test]
fn the_vendor_posting_an_outage_is_believed_while_probes_pass() {
    let mut sim = Sim::new(&paged_and_probed("acme")).page(
        "acme",
        Script::always(Page::Fine).then(mins(5), Page::Down("Login failures")),
    );
    sim.run_until(mins(10));
    assert_eq!(kinds(&sim), [Kind::Outage]);
    let (at, _, title) = &sim.notifications()[0];
    assert_eq!(title, "Acme is down");
    assert!(
        *at <= mins(6) + secs(30),
        "vendor news should not wait for confirmation: {at:?}"
    );
    let cause = sim.log.iter().find_map(|(_, h)| match h {
        sim::Happened::Notified { body, .. } => Some(body.clone()),
        _ => None,
    });
    assert!(cause
        .unwrap_or_default()
        .contains("its status page reports a major outage (“Login failures”)"));
}

#[test]
fn scheduled_maintenance_is_not_an_outage() {
    let mut sim = Sim::new(&paged_and_probed("acme")).page(
        "acme",
        Script::always(Page::Fine)
            .then(mins(5), Page::Maintenance("Database upgrade"))
            .then(mins(65), Page::Fine),
    );
    sim.run_until(mins(90));
    let states: Vec<Status> = sim.states().into_iter().map(|(_, s)| s).collect();
    assert_eq!(
        states,
        [
            Status::Operational,
            Status::Maintenance,
            Status::Operational
        ]
    );
    assert!(sim.notifications().is_empty(), "{:?}", sim.notifications());
}

#[test]
fn a_service_flapping_every_20_s_for_10_minutes_cannot_flood() {
    let mut script = Script::always(Endpoint::Up);
    for step in 0..30u64 {
        let at = mins(5) + secs(20 * step);
        script = script.then(
            at,
            if step % 2 == 0 {
                Endpoint::Http(503)
            } else {
                Endpoint::Up
            },
        );
    }
    let mut sim =
        Sim::new(&probed(&["acme"])).endpoint("acme", script.then(mins(15), Endpoint::Up));
    sim.run_until(mins(40));
    let said = sim.notifications();
    assert!(said.len() <= 3, "{said:?}");
    // It ends up: nothing is left claiming it is down.
    assert_eq!(
        sim.states().last().map(|(_, s)| *s),
        Some(Status::Operational)
    );
}

#[test]
fn five_services_failing_in_the_same_minute_are_one_notification() {
    let ids = ["acme", "beta", "gamma", "delta", "omega"];
    let mut sim = Sim::new(&probed(&ids));
    // Between two rounds of checks (they run every minute, at whole minutes
    // here): 5:01, 5:10, … 5:37.
    for (index, id) in ids.iter().enumerate() {
        let at = mins(5) + secs(1 + 9 * index as u64);
        sim = sim.endpoint(
            id,
            Script::always(Endpoint::Up).then(at, Endpoint::Http(503)),
        );
    }
    sim.run_until(mins(10));
    let said = sim.notifications();
    assert_eq!(kinds(&sim), [Kind::Grouped], "{said:?}");
    assert_eq!(
        sim.states()
            .iter()
            .filter(|(_, s)| *s == Status::MajorOutage)
            .count(),
        5
    );
}

#[test]
fn a_muted_service_changes_state_silently() {
    let toml = probed(&["acme"]).replace("name = \"Acme\"", "name = \"Acme\"\nmuted = true");
    let mut sim = Sim::new(&toml).endpoint(
        "acme",
        Script::always(Endpoint::Up)
            .then(mins(5), Endpoint::Http(503))
            .then(mins(15), Endpoint::Up),
    );
    sim.run_until(mins(30));
    assert!(sim.states().iter().any(|(_, s)| *s == Status::MajorOutage));
    assert!(sim.notifications().is_empty(), "{:?}", sim.notifications());
}

#[test]
fn snoozed_says_nothing_until_the_snooze_ends() {
    let mut sim = Sim::new(&probed(&["acme"])).endpoint(
        "acme",
        Script::always(Endpoint::Up)
            .then(mins(5), Endpoint::Http(503))
            .then(mins(15), Endpoint::Up),
    );
    let wall = sim.wall;
    let _ = sim
        .monitor()
        .pause(Some(wall + chrono::Duration::hours(1)), wall);
    sim.run_until(mins(30));
    assert!(sim.states().iter().any(|(_, s)| *s == Status::MajorOutage));
    assert!(sim.notifications().is_empty(), "{:?}", sim.notifications());
}

#[test]
fn quiet_hours_say_nothing() {
    // The simulated day starts at 09:00 UTC, inside these quiet hours.
    let toml = format!(
        "[notifications]\nquiet_hours = \"08:00-18:00\"\n\n{}",
        probed(&["acme"])
    );
    let mut sim = Sim::new(&toml).endpoint(
        "acme",
        Script::always(Endpoint::Up)
            .then(mins(5), Endpoint::Http(503))
            .then(mins(15), Endpoint::Up),
    );
    sim.run_until(mins(60));
    assert!(sim.states().iter().any(|(_, s)| *s == Status::MajorOutage));
    assert!(sim.notifications().is_empty(), "{:?}", sim.notifications());
}

#[test]
fn eight_hours_asleep_then_all_fine_says_nothing_and_records_a_gap() {
    let mut sim = Sim::new(&probed(&["acme", "beta"])).sleep(mins(10), mins(8 * 60));
    sim.run_until(mins(30));
    assert!(sim.notifications().is_empty(), "{:?}", sim.notifications());
    assert!(sim.states().iter().all(|(_, s)| *s == Status::Operational));
    let gaps = sim.gaps();
    assert_eq!(gaps.len(), 1, "{gaps:?}");
    assert_eq!(gaps[0].1, Connectivity::Asleep);
    assert!(gaps[0].0 >= mins(8 * 60), "{gaps:?}");
}

#[test]
fn a_slow_endpoint_is_degraded_without_an_alarm() {
    let mut sim = Sim::new(&probed(&["acme"])).endpoint(
        "acme",
        Script::always(Endpoint::Up).then(mins(5), Endpoint::Slow(3_000)),
    );
    sim.run_until(mins(10));
    let states: Vec<Status> = sim.states().into_iter().map(|(_, s)| s).collect();
    assert_eq!(states, [Status::Operational, Status::Degraded]);
    assert!(
        sim.notifications().is_empty(),
        "degraded is off by default: {:?}",
        sim.notifications()
    );
}

#[test]
fn an_unreadable_status_page_is_not_observed_not_down() {
    let toml = "[[services]]\nid = \"acme\"\nname = \"Acme\"\n[[services.sources]]\nkind = \"statuspage\"\nurl = \"https://status.acme.test\"\n";
    let mut sim = Sim::new(toml).page(
        "acme",
        Script::always(Page::Fine).then(mins(5), Page::Unreachable),
    );
    sim.run_until(mins(10));
    let states: Vec<Status> = sim.states().into_iter().map(|(_, s)| s).collect();
    assert_eq!(states, [Status::Operational, Status::Unknown]);
    assert!(sim.notifications().is_empty(), "{:?}", sim.notifications());
}

#[test]
fn a_network_change_has_the_connection_assessed_again_at_once() {
    let mut sim = Sim::new(&probed(&["acme"]));
    sim.run_until(mins(2));
    let (mono, wall) = (sim.mono, sim.wall);
    let before = sim.monitor().due(mono, wall);
    assert!(
        !before.contains(&downbeat_core::logic::monitor::Effect::CheckConnectivity),
        "{before:?}"
    );
    sim.monitor().network_changed();
    let after = sim.monitor().due(mono, wall);
    assert!(
        after.contains(&downbeat_core::logic::monitor::Effect::CheckConnectivity),
        "{after:?}"
    );
}

#[test]
fn the_os_saying_sleep_then_wake_records_one_gap_and_says_nothing() {
    let mut sim = Sim::new(&probed(&["acme", "beta"]));
    sim.run_until(mins(10));
    let wall = sim.wall;
    let effects = sim.monitor().os_sleeping(wall);
    sim.apply_effects(effects);
    // Two hours asleep: the calendar moves on, the monotonic clock does not.
    sim.wall += chrono::Duration::hours(2);
    let (mono, wall) = (sim.mono, sim.wall);
    let effects = sim.monitor().os_woke(mono, wall);
    sim.apply_effects(effects);
    sim.run_until(mins(20));
    assert!(sim.notifications().is_empty(), "{:?}", sim.notifications());
    let gaps = sim.gaps();
    assert_eq!(
        gaps.len(),
        1,
        "one gap, though the OS and the clock both told: {gaps:?}"
    );
    assert_eq!(gaps[0].1, Connectivity::Asleep);
    assert!(sim.states().iter().all(|(_, s)| *s == Status::Operational));
}
