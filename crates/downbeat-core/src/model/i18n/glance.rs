//! The words of the one-line summary (`views::glance`): the dashboard's
//! header, the tray's tooltip and its menu's first line.

use super::{Language, NBSP};
use crate::model::Connectivity;

impl Language {
    fn pick(self, english: String, french: String) -> String {
        match self {
            Language::En => english,
            Language::Fr => french,
        }
    }

    /// The engine is not running (a bad config, no database).
    pub fn glance_not_watching(self) -> String {
        self.pick(
            "Downbeat can't watch right now".into(),
            "Downbeat ne peut pas surveiller pour l'instant".into(),
        )
    }

    pub fn glance_nothing_watched(self) -> String {
        self.pick("Nothing watched yet".into(), "Rien n'est surveillé".into())
    }

    pub fn glance_all_muted(self) -> String {
        self.pick(
            "Every service is muted".into(),
            "Tous les services sont en sourdine".into(),
        )
    }

    /// "You're offline — last known: Acme is down"; with nothing known yet
    /// (`summary` None), only "You're offline".
    pub fn glance_not_online(self, state: Connectivity, summary: Option<&str>) -> String {
        let (en, fr) = match state {
            Connectivity::CaptivePortal => (
                "A sign-in page is in the way",
                "Une page de connexion bloque l'accès",
            ),
            Connectivity::DnsBroken => ("DNS is broken", "Le DNS est en panne"),
            Connectivity::Asleep => ("Waking up", "Réveil en cours"),
            Connectivity::Offline | Connectivity::Online => {
                ("You're offline", "Vous êtes hors ligne")
            }
        };
        match summary {
            Some(summary) => self.pick(
                format!("{en} — last known: {summary}"),
                format!("{fr} — dernier état connu{NBSP}: {summary}"),
            ),
            None => self.pick(en.into(), fr.into()),
        }
    }

    /// "Acme is down" (`count` 1, named) or "3 services are down".
    pub fn glance_down(self, count: usize, name: &str) -> String {
        match count {
            1 => self.pick(format!("{name} is down"), format!("{name} est en panne")),
            n => self.pick(
                format!("{n} services are down"),
                format!("{n} services sont en panne"),
            ),
        }
    }

    /// "Acme is degraded", "Acme is under maintenance", "2 services have problems".
    pub fn glance_troubled(self, count: usize, name: &str, maintenance: bool) -> String {
        match (count, maintenance) {
            (1, true) => self.pick(
                format!("{name} is under maintenance"),
                format!("{name} est en maintenance"),
            ),
            (1, false) => self.pick(
                format!("{name} is degraded"),
                format!("{name} est perturbé"),
            ),
            (n, _) => self.pick(
                format!("{n} services have problems"),
                format!("{n} services ont des problèmes"),
            ),
        }
    }

    /// "Gamma can't be checked" (`count` 1, named) or "2 can't be checked".
    pub fn glance_cannot(self, count: usize, name: &str) -> String {
        match count {
            1 => self.pick(
                format!("{name} can't be checked"),
                format!("{name} ne peut pas être vérifié"),
            ),
            n => self.pick(
                format!("{n} can't be checked"),
                format!("{n} ne peuvent pas être vérifiés"),
            ),
        }
    }

    /// "Acme is up" (`count` 1, named) or "All 3 services are up".
    pub fn glance_up(self, count: usize, name: Option<&str>) -> String {
        match (count, name) {
            (1, Some(name)) => self.pick(format!("{name} is up"), format!("{name} fonctionne")),
            (n, _) => self.pick(
                format!("All {n} services are up"),
                format!("Les {n} services fonctionnent"),
            ),
        }
    }

    /// "2 up, Gamma can't be checked", "Acme is up, Gamma can't be checked"
    /// (`name` of the one up; `cannot` already written).
    pub fn glance_some_up(self, up: usize, name: Option<&str>, cannot: &str) -> String {
        match (up, name) {
            (1, Some(name)) => format!("{}, {cannot}", self.glance_up(1, Some(name))),
            (up, _) => self.pick(
                format!("{up} up, {cannot}"),
                format!("{up} fonctionnent, {cannot}"),
            ),
        }
    }

    /// Nothing answered yet, before the first check.
    pub fn glance_checking(self) -> String {
        self.pick("Checking…".into(), "Vérification…".into())
    }
}
