use super::*;
use chrono::TimeZone;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 2, 10, 0, 0)
        .single()
        .unwrap_or_default()
}

fn shown(id: &str, status: Status) -> ShownState {
    ShownState {
        service: id.to_owned(),
        name: id.to_uppercase(),
        status,
        since: now(),
        cause: crate::model::Cause::Probe,
        reason: format!("{id} says so."),
        reason_code: "vendor_reports",
        detail: None,
        outage_since: None,
        last_check: Some(now()),
    }
}

fn picture<'a>(services: &'a [ShownState], alerts: &'a [ServiceAlerts]) -> Picture<'a> {
    Picture {
        headline: "All up",
        problem: None,
        notice: None,
        picking: false,
        services,
        alerts,
        muted: &[],
        last_known: false,
        paused_until: None,
        launch_at_login: Some(false),
        language: Language::En,
        now: now(),
        offset: now().fixed_offset().offset().to_owned(),
    }
}

fn label_of(entry: &Entry) -> &str {
    match entry {
        Entry::Item { label, .. } | Entry::Check { label, .. } | Entry::Submenu { label, .. } => {
            label
        }
        Entry::Separator => "—",
    }
}

fn submenus(entries: &[Entry]) -> Vec<&Entry> {
    entries
        .iter()
        .filter(|e| matches!(e, Entry::Submenu { .. }))
        .collect()
}

#[test]
fn a_hundred_services_keep_fifteen_at_the_top_and_the_rest_under_more() {
    let services: Vec<ShownState> = (0..100)
        .map(|i| shown(&format!("s{i:03}"), Status::Operational))
        .collect();
    let menu = menu(&picture(&services, &[]));
    let top = submenus(&menu);
    // 15 services, "More…", and Pause ▸.
    assert_eq!(
        top.len(),
        TOP_LEVEL + 2,
        "{:?}",
        top.iter().map(|e| label_of(e)).collect::<Vec<_>>()
    );
    assert_eq!(label_of(top[0]), "●  S000 — Operational");
    assert_eq!(label_of(top[14]), "●  S014 — Operational");
    let Entry::Submenu { label, entries } = top[15] else {
        panic!("More…");
    };
    assert_eq!(label, "More…");
    assert_eq!(entries.len(), 85);
    assert_eq!(label_of(&entries[84]), "●  S099 — Operational");
    assert_eq!(label_of(top[16]), "Pause notifications");
}

#[test]
fn a_service_menu_offers_what_fits_its_state() {
    let services = [
        shown("down", Status::MajorOutage),
        shown("up", Status::Operational),
    ];
    let alerts = [ServiceAlerts {
        service: "down".into(),
        level: AlertLevel::Outages,
        explicit: true,
        snoozed_until: Some(now() + chrono::Duration::minutes(42)),
        snoozed_until_back: false,
        when_back: true,
    }];
    let menu = menu(&picture(&services, &alerts));
    let top = submenus(&menu);
    let Entry::Submenu { label, entries } = top[0] else {
        panic!("a service submenu");
    };
    assert_eq!(label, "✖  DOWN — Major outage  (snoozed)");
    let labels: Vec<&str> = entries.iter().map(label_of).collect();
    assert_eq!(
        labels,
        [
            "down says so.",
            "Snoozed until 10:42 (42 min left)",
            "—",
            "Open its page",
            "Check now",
            "Snooze",
            "Tell me when it's back",
            "Alerts",
        ]
    );
    assert!(entries.contains(&Entry::Check {
        id: "svc:when-back-off:down".into(),
        label: "Tell me when it's back".into(),
        checked: true,
        enabled: true,
    }));
    let Entry::Submenu { entries: up, .. } = top[1] else {
        panic!("a service submenu");
    };
    assert!(
        !up.iter().any(|e| label_of(e) == "Tell me when it's back"),
        "only while down"
    );
}

#[test]
fn the_same_picture_is_the_same_menu_and_a_change_is_not() {
    let before = [shown("a", Status::Operational)];
    let after = [shown("a", Status::MajorOutage)];
    assert_eq!(menu(&picture(&before, &[])), menu(&picture(&before, &[])));
    assert_ne!(menu(&picture(&before, &[])), menu(&picture(&after, &[])));
}

#[test]
fn every_action_round_trips_through_its_menu_id() {
    for (action, id) in Action::ALL {
        assert_eq!(Action::from_id(id), Some(action));
        assert_eq!(action.id(), id);
    }
    assert_eq!(
        Action::from_id("service:github"),
        Some(Action::OpenDashboard)
    );
    assert_eq!(Action::from_id("nonsense"), None);
    for action in ServiceAction::ALL {
        let id = action.id("my-api");
        assert_eq!(ServiceAction::parse(&id), Some((action, "my-api".into())));
    }
    assert_eq!(ServiceAction::parse("svc:nonsense:acme"), None);
    assert_eq!(ServiceAction::parse("open"), None);
    assert_eq!(shorten("abcdef", 3), "abc…");
}

#[test]
fn check_now_and_pausing_are_greyed_out_while_nothing_is_watched() {
    fn enabled(entries: &[Entry], wanted: &str) -> Option<bool> {
        entries.iter().find_map(|entry| match entry {
            Entry::Item { id, enabled, .. } if id == wanted => Some(*enabled),
            Entry::Submenu { entries, .. } => enabled(entries, wanted),
            _ => None,
        })
    }
    let states = |services: &[ShownState]| {
        let mut picking = picture(services, &[]);
        picking.picking = services.is_empty();
        let entries = menu(&picking);
        [
            Action::CheckNow,
            Action::PauseOneHour,
            Action::PauseUntilTomorrow,
            Action::Resume,
        ]
        .map(|action| enabled(&entries, action.id()))
    };
    assert_eq!(
        states(&[]),
        [Some(false), Some(false), Some(false), Some(true)]
    );
    assert_eq!(
        states(&[shown("acme", Status::Operational)]),
        [Some(true); 4]
    );
}
