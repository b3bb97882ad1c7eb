//! The picture at a glance: the one line and the colour that the
//! dashboard's header, the tray icon, its tooltip and its menu all show. One
//! function decides them, so no surface can say "all up" while another says
//! "offline".
//!
//! - Not online (offline, captive portal, broken DNS, waking up) is the top
//!   line, grey: the states below it are only the last known.
//! - Muted services are listed and marked, but colour nothing and are left
//!   out of the line.
//! - Services that cannot be checked count ("2 up, 1 can't be checked"); a
//!   service is never "up" because it was not looked at.

use crate::model::i18n::Language;
use crate::model::{Connectivity, Overview, ServiceState, Status};
use serde::Serialize;

/// The tray's colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Green,
    Amber,
    Red,
    /// Not watching, not online, or nothing could be checked.
    Grey,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Glance {
    pub level: Level,
    /// "All 3 services are up", "You're offline — last known: GitHub is down".
    pub headline: String,
    /// The connection is not online: the states shown are the last known.
    pub last_known: bool,
}

/// Services by what they say, muted ones left out.
#[derive(Debug, Default)]
struct Tally<'a> {
    down: Vec<&'a ServiceState>,
    troubled: Vec<&'a ServiceState>,
    up: usize,
    /// The name of the one service that is up, when there is one.
    only_up: Option<&'a str>,
    unknown: Vec<&'a ServiceState>,
}

/// `problem` is why the engine is not running, if it is not.
pub fn glance(overview: &Overview, problem: Option<&str>, language: Language) -> Glance {
    if problem.is_some() {
        return Glance {
            level: Level::Grey,
            headline: language.glance_not_watching(),
            last_known: false,
        };
    }
    let mut tally = Tally::default();
    for state in overview
        .services
        .iter()
        .filter(|s| !overview.is_muted(&s.service))
    {
        match state.status {
            Status::PartialOutage | Status::MajorOutage => tally.down.push(state),
            Status::Degraded | Status::Maintenance => tally.troubled.push(state),
            Status::Operational => {
                tally.up += 1;
                tally.only_up = (tally.up == 1).then_some(state.name.as_str());
            }
            Status::Unknown => tally.unknown.push(state),
        }
    }
    let watched = tally.down.len() + tally.troubled.len() + tally.up + tally.unknown.len();
    let summary = if overview.services.is_empty() {
        language.glance_nothing_watched()
    } else if watched == 0 {
        language.glance_all_muted()
    } else {
        summary(language, &tally)
    };
    if overview.connectivity != Connectivity::Online {
        // "last known: Checking…" or "last known: Nothing is watched" would
        // claim a knowledge there is none of: then the state alone.
        let known = watched > 0
            && overview
                .services
                .iter()
                .filter(|s| !overview.is_muted(&s.service))
                .any(|s| s.last_check.is_some());
        return Glance {
            level: Level::Grey,
            headline: language
                .glance_not_online(overview.connectivity, known.then_some(summary.as_str())),
            last_known: known,
        };
    }
    let level = if !tally.down.is_empty() {
        Level::Red
    } else if !tally.troubled.is_empty() {
        Level::Amber
    } else if tally.up > 0 {
        Level::Green
    } else {
        Level::Grey
    };
    Glance {
        level,
        headline: summary,
        last_known: false,
    }
}

/// The line for the services watched, in `language`.
fn summary(language: Language, tally: &Tally<'_>) -> String {
    let unknown = tally.unknown.len();
    let first = |list: &[&ServiceState]| list.first().map(|s| s.name.clone()).unwrap_or_default();
    let main = match (tally.down.as_slice(), tally.troubled.as_slice()) {
        ([], []) => None,
        ([], troubled) => Some(language.glance_troubled(
            troubled.len(),
            &first(troubled),
            troubled.iter().all(|s| s.status == Status::Maintenance),
        )),
        (down, _) => Some(language.glance_down(down.len(), &first(down))),
    };
    let cannot = || language.glance_cannot(unknown, &first(&tally.unknown));
    match main {
        Some(main) if unknown > 0 => format!("{main}, {}", cannot()),
        Some(main) => main,
        None if unknown == 0 => language.glance_up(tally.up, tally.only_up),
        None if tally.up > 0 => language.glance_some_up(tally.up, tally.only_up, &cannot()),
        // Nothing answered yet: before the first check this is the
        // normal start, after it a real "can't tell".
        None if tally.unknown.iter().all(|s| s.last_check.is_none()) => language.glance_checking(),
        None => cannot(),
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    fn service(name: &str, status: Status) -> ServiceState {
        let at = Utc
            .timestamp_opt(1_700_000_000, 0)
            .single()
            .unwrap_or_default();
        // Not testkit's `state`: the layers test keeps views from naming testkit.
        ServiceState {
            service: name.to_lowercase(),
            name: name.into(),
            status,
            since: at,
            cause: crate::model::Cause::Probe,
            reason: crate::model::Reason::default(),
            outage_since: None,
            last_check: Some(at),
        }
    }

    fn overview(services: Vec<ServiceState>) -> Overview {
        Overview {
            services,
            ..Overview::default()
        }
    }

    fn en(overview: &Overview) -> (Level, String) {
        let g = glance(overview, None, Language::En);
        (g.level, g.headline)
    }

    #[test]
    fn not_observed_services_count_and_are_never_up() {
        let o = overview(vec![
            service("Acme", Status::Operational),
            service("Beta", Status::Operational),
            service("Gamma", Status::Unknown),
        ]);
        assert_eq!(
            en(&o),
            (Level::Green, "2 up, Gamma can't be checked".into())
        );
        let mut all = o.clone();
        all.services[0].status = Status::Unknown;
        all.services[1].status = Status::Unknown;
        assert_eq!(en(&all), (Level::Grey, "3 can't be checked".into()));
        let mut fresh = all.clone();
        for s in &mut fresh.services {
            s.last_check = None;
        }
        assert_eq!(en(&fresh), (Level::Grey, "Checking…".into()));
        let mut down = o.clone();
        down.services[0].status = Status::MajorOutage;
        assert_eq!(
            en(&down),
            (Level::Red, "Acme is down, Gamma can't be checked".into())
        );
    }

    #[test]
    fn offline_is_the_top_line_and_grey_whatever_the_last_known_states() {
        let mut o = overview(vec![
            service("Acme", Status::Operational),
            service("Beta", Status::MajorOutage),
        ]);
        o.connectivity = Connectivity::Offline;
        let g = glance(&o, None, Language::En);
        assert_eq!(g.level, Level::Grey);
        assert!(g.last_known);
        assert_eq!(g.headline, "You're offline — last known: Beta is down");
        o.connectivity = Connectivity::CaptivePortal;
        let fr = glance(&o, None, Language::Fr);
        assert_eq!(
            fr.headline,
            "Une page de connexion bloque l'accès — dernier état connu\u{a0}: Beta est en panne"
        );
        o.connectivity = Connectivity::Online;
        assert_eq!(en(&o).0, Level::Red);
    }

    #[test]
    fn offline_before_anything_was_known_claims_no_last_known_state() {
        let mut o = overview(vec![service("Acme", Status::Unknown)]);
        o.services[0].last_check = None;
        o.connectivity = Connectivity::Offline;
        let g = glance(&o, None, Language::En);
        assert_eq!(
            (g.level, g.headline.as_str(), g.last_known),
            (Level::Grey, "You're offline", false)
        );
        assert_eq!(
            glance(&o, None, Language::Fr).headline,
            "Vous êtes hors ligne"
        );
        // Nothing watched at all: the same.
        let empty = Overview {
            connectivity: Connectivity::DnsBroken,
            ..Overview::default()
        };
        assert_eq!(glance(&empty, None, Language::En).headline, "DNS is broken");
        // Once checked, what was seen is the last known state.
        o.services[0].last_check = service("Acme", Status::Unknown).last_check;
        assert_eq!(
            glance(&o, None, Language::En).headline,
            "You're offline — last known: Acme can't be checked"
        );
    }

    #[test]
    fn one_service_up_is_named_beside_one_that_cannot_be_checked() {
        let o = overview(vec![
            service("Acme", Status::Operational),
            service("Gamma", Status::Unknown),
        ]);
        assert_eq!(
            en(&o),
            (Level::Green, "Acme is up, Gamma can't be checked".into())
        );
        assert_eq!(
            glance(&o, None, Language::Fr).headline,
            "Acme fonctionne, Gamma ne peut pas être vérifié"
        );
    }

    #[test]
    fn muted_services_colour_nothing() {
        let mut o = overview(vec![
            service("Acme", Status::Operational),
            service("Beta Mail", Status::MajorOutage),
        ]);
        o.muted = vec!["beta mail".into()];
        assert_eq!(en(&o), (Level::Green, "Acme is up".into()));
        o.muted.push("acme".into());
        assert_eq!(en(&o), (Level::Grey, "Every service is muted".into()));
    }

    #[test]
    fn a_problem_or_an_empty_list_says_so() {
        let o = overview(Vec::new());
        assert_eq!(en(&o), (Level::Grey, "Nothing watched yet".into()));
        let g = glance(&o, Some("bad config"), Language::En);
        assert_eq!(
            (g.level, g.headline.as_str()),
            (Level::Grey, "Downbeat can't watch right now")
        );
        let troubled = overview(vec![
            service("Acme", Status::Maintenance),
            service("Beta", Status::Operational),
        ]);
        assert_eq!(
            en(&troubled),
            (Level::Amber, "Acme is under maintenance".into())
        );
        assert_eq!(
            glance(&troubled, None, Language::Fr).headline,
            "Acme est en maintenance"
        );
    }
}
