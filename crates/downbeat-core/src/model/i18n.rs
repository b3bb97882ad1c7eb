//! Every text of Downbeat a person reads outside the dashboard's own pages
//! (notifications, reasons, the tray menu, dialogs), in English and French. The
//! language comes from the config (`general.language`: auto, en or fr); with
//! `auto`, from the system locale the caller reads (LC_ALL, LC_MESSAGES, LANG).

#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod completeness;
mod glance;
mod reason;
mod text;

pub use text::{format_brand, Text};

use crate::model::Connectivity;
use chrono::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    #[default]
    En,
    Fr,
}

/// What happened to a service, as a notification tells it. Grouped
/// notifications list services under one line per kind of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    Down,
    Degraded,
    Unstable,
    BackUp,
    Normal,
    StillDown,
    /// Under maintenance (told only at the alert level "all").
    Maintenance,
}

impl Change {
    /// Something is (still) broken: an alarm, not news.
    pub fn is_alarm(self) -> bool {
        matches!(self, Change::Down | Change::Unstable | Change::StillDown)
    }
}

/// French puts a no-break space before a colon or a semicolon.
const NBSP: char = '\u{a0}';

impl Language {
    /// `setting` is the config's `general.language`; `locale` the system's,
    /// such as "fr_FR.UTF-8" or LANGUAGE's "fr:en", used for "auto".
    pub fn from_setting(setting: &str, locale: Option<&str>) -> Language {
        match setting.trim().to_ascii_lowercase().as_str() {
            "en" => Language::En,
            "fr" => Language::Fr,
            _ => locale.map_or(Language::En, Language::from_locale),
        }
    }

    /// "fr_FR.UTF-8", "fr-CA", "fr", "fr:en" → French; anything else, "C" and
    /// "POSIX" included, → English.
    pub fn from_locale(locale: &str) -> Language {
        let first = locale.split(':').next().unwrap_or_default();
        let language = first.split(['_', '-', '.', '@']).next().unwrap_or_default();
        if language.eq_ignore_ascii_case("fr") {
            Language::Fr
        } else {
            Language::En
        }
    }

    /// The notification button that brings up the dashboard.
    pub fn open_action(self) -> &'static str {
        match self {
            Language::En => "Open",
            Language::Fr => "Ouvrir",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Language::En => "en",
            Language::Fr => "fr",
        }
    }

    /// "45 s", "12 min", "2 h 5 min", "3 d 4 h" ("3 j 4 h" in French).
    pub fn duration(self, duration: Duration) -> String {
        let seconds = duration.num_seconds().max(0);
        let (days, hours, minutes) = (
            seconds / 86_400,
            seconds % 86_400 / 3600,
            seconds % 3600 / 60,
        );
        let day = match self {
            Language::En => "d",
            Language::Fr => "j",
        };
        match (days, hours, minutes) {
            (0, 0, 0) => format!("{seconds} s"),
            (0, 0, m) => format!("{m} min"),
            (0, h, 0) => format!("{h} h"),
            (0, h, m) => format!("{h} h {m} min"),
            (d, 0, _) => format!("{d} {day}"),
            (d, h, _) => format!("{d} {day} {h} h"),
        }
    }

    /// "A", "A and B", "A, B and C" ("A, B et C").
    pub fn list(self, items: &[String]) -> String {
        let and = match self {
            Language::En => "and",
            Language::Fr => "et",
        };
        match items {
            [] => String::new(),
            [one] => one.clone(),
            [init @ .., last] => format!("{} {and} {last}", init.join(", ")),
        }
    }

    /// "Acme is down", "Acme is partly down".
    pub fn outage_title(self, name: &str, partial: bool) -> String {
        match (self, partial) {
            (Language::En, false) => format!("{name} is down"),
            (Language::En, true) => format!("{name} is partly down"),
            (Language::Fr, false) => format!("{name} est en panne"),
            (Language::Fr, true) => format!("{name} est partiellement en panne"),
        }
    }

    pub fn degraded_title(self, name: &str) -> String {
        match self {
            Language::En => format!("{name} is degraded"),
            Language::Fr => format!("{name} est perturbé"),
        }
    }

    pub fn maintenance_title(self, name: &str) -> String {
        match self {
            Language::En => format!("{name} is under maintenance"),
            Language::Fr => format!("{name} est en maintenance"),
        }
    }

    pub fn recovery_title(self, name: &str) -> String {
        match self {
            Language::En => format!("{name} is back up"),
            Language::Fr => format!("{name} fonctionne à nouveau"),
        }
    }

    /// "Acme was down for 1 h 12 min."
    pub fn recovery_body(self, name: &str, down_for: Duration) -> String {
        let down_for = self.duration(down_for);
        match self {
            Language::En => format!("{name} was down for {down_for}."),
            Language::Fr => format!("{name} a été en panne pendant {down_for}."),
        }
    }

    /// Degraded, then fine again.
    pub fn normal_title(self, name: &str) -> String {
        match self {
            Language::En => format!("{name} is back to normal"),
            Language::Fr => format!("{name} fonctionne de nouveau normalement"),
        }
    }

    pub fn unstable_title(self, name: &str) -> String {
        match self {
            Language::En => format!("{name} is unstable"),
            Language::Fr => format!("{name} est instable"),
        }
    }

    /// Why no more is said about a flapping service until it settles.
    pub fn unstable_body(self, name: &str, times: usize, over: Duration) -> String {
        let over = self.duration(over);
        match self {
            Language::En => format!(
                "{name} went down {times} times in {over}. Downbeat will not announce every change; it will tell you if {name} stays down."
            ),
            Language::Fr => format!(
                "{name} est tombé en panne {times} fois en {over}. Downbeat n'annoncera pas chaque changement{NBSP}; il vous préviendra si la panne dure."
            ),
        }
    }

    pub fn still_down_title(self, name: &str) -> String {
        match self {
            Language::En => format!("{name} is still down"),
            Language::Fr => format!("{name} est toujours en panne"),
        }
    }

    /// "Acme has been down for 2 h."
    pub fn still_down_body(self, name: &str, down_for: Duration) -> String {
        let down_for = self.duration(down_for);
        match self {
            Language::En => format!("{name} has been down for {down_for}."),
            Language::Fr => format!("{name} est en panne depuis {down_for}."),
        }
    }

    pub fn offline_title(self) -> String {
        match self {
            Language::En => "You're offline".into(),
            Language::Fr => "Vous êtes hors ligne".into(),
        }
    }

    pub fn offline_body(self, state: Connectivity) -> String {
        match (self, state) {
            (Language::En, Connectivity::CaptivePortal) => "A login page is in the way (hotel or café Wi-Fi?). Downbeat will check your services again once you are through.".into(),
            (Language::En, Connectivity::DnsBroken) => "Names do not resolve: DNS is broken on this network. Downbeat will check your services again once it works.".into(),
            (Language::En, _) => "Downbeat will check your services again once your connection is back.".into(),
            (Language::Fr, Connectivity::CaptivePortal) => format!("Une page de connexion bloque l'accès (Wi-Fi d'hôtel ou de café{NBSP}?). Downbeat vérifiera de nouveau vos services une fois connecté."),
            (Language::Fr, Connectivity::DnsBroken) => format!("Les noms ne se résolvent plus{NBSP}: le DNS de ce réseau est en panne. Downbeat vérifiera de nouveau vos services quand il fonctionnera."),
            (Language::Fr, _) => "Downbeat vérifiera de nouveau vos services quand votre connexion sera rétablie.".into(),
        }
    }

    pub fn online_title(self) -> String {
        match self {
            Language::En => "Back online".into(),
            Language::Fr => "De retour en ligne".into(),
        }
    }

    pub fn online_body(self) -> String {
        match self {
            Language::En => "Downbeat is checking your services again.".into(),
            Language::Fr => "Downbeat vérifie de nouveau vos services.".into(),
        }
    }

    /// The title of a notification about `count` (two or more) services:
    /// "3 services are down" when all changed the same way, else "3 services
    /// changed".
    pub fn group_title(self, count: usize, change: Option<Change>) -> String {
        match (self, change) {
            (Language::En, Some(Change::Down)) => format!("{count} services are down"),
            (Language::En, Some(Change::Degraded)) => format!("{count} services are degraded"),
            (Language::En, Some(Change::Maintenance)) => {
                format!("{count} services are under maintenance")
            }
            (Language::En, Some(Change::Unstable)) => format!("{count} services are unstable"),
            (Language::En, Some(Change::BackUp)) => format!("{count} services are back up"),
            (Language::En, Some(Change::Normal)) => {
                format!("{count} services are back to normal")
            }
            (Language::En, Some(Change::StillDown)) => {
                format!("{count} services are still down")
            }
            (Language::En, None) => format!("{count} services changed"),
            (Language::Fr, Some(Change::Down)) => format!("{count} services sont en panne"),
            (Language::Fr, Some(Change::Degraded)) => format!("{count} services sont perturbés"),
            (Language::Fr, Some(Change::Maintenance)) => {
                format!("{count} services sont en maintenance")
            }
            (Language::Fr, Some(Change::Unstable)) => format!("{count} services sont instables"),
            (Language::Fr, Some(Change::BackUp)) => {
                format!("{count} services fonctionnent à nouveau")
            }
            (Language::Fr, Some(Change::Normal)) => {
                format!("{count} services fonctionnent de nouveau normalement")
            }
            (Language::Fr, Some(Change::StillDown)) => {
                format!("{count} services sont toujours en panne")
            }
            (Language::Fr, None) => format!("{count} services ont changé d'état"),
        }
    }

    /// One line of a grouped notification: "Down: A, B (partly) and C."
    pub fn group_line(self, change: Change, entries: &[String]) -> String {
        let label = match (self, change) {
            (Language::En, Change::Down) => "Down",
            (Language::En, Change::Degraded) => "Degraded",
            (Language::En, Change::Maintenance) => "Under maintenance",
            (Language::En, Change::Unstable) => "Unstable",
            (Language::En, Change::BackUp) => "Back up",
            (Language::En, Change::Normal) => "Back to normal",
            (Language::En, Change::StillDown) => "Still down",
            (Language::Fr, Change::Down) => "En panne",
            (Language::Fr, Change::Degraded) => "Perturbés",
            (Language::Fr, Change::Maintenance) => "En maintenance",
            (Language::Fr, Change::Unstable) => "Instables",
            (Language::Fr, Change::BackUp) => "Rétablis",
            (Language::Fr, Change::Normal) => "Revenus à la normale",
            (Language::Fr, Change::StillDown) => "Toujours en panne",
        };
        let colon = match self {
            Language::En => ":".to_owned(),
            Language::Fr => format!("{NBSP}:"),
        };
        format!("{label}{colon} {}.", self.list(entries))
    }

    /// "Acme (partly)", in a list of services that are down.
    pub fn entry_partly(self, name: &str) -> String {
        match self {
            Language::En => format!("{name} (partly)"),
            Language::Fr => format!("{name} (partiellement)"),
        }
    }

    /// "Acme (down for 5 min)", in a list of services back up.
    pub fn entry_down_for(self, name: &str, down_for: Duration) -> String {
        let down_for = self.duration(down_for);
        match self {
            Language::En => format!("{name} (down for {down_for})"),
            Language::Fr => format!("{name} (en panne pendant {down_for})"),
        }
    }

    /// "Acme (for 2 h)", in a list of services still down.
    pub fn entry_still_down(self, name: &str, down_for: Duration) -> String {
        let down_for = self.duration(down_for);
        match self {
            Language::En => format!("{name} (for {down_for})"),
            Language::Fr => format!("{name} (depuis {down_for})"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_comes_from_the_setting_then_the_locale() {
        assert_eq!(
            Language::from_setting("fr", Some("en_US.UTF-8")),
            Language::Fr
        );
        assert_eq!(
            Language::from_setting("en", Some("fr_FR.UTF-8")),
            Language::En
        );
        assert_eq!(
            Language::from_setting("auto", Some("fr_FR.UTF-8")),
            Language::Fr
        );
        assert_eq!(Language::from_setting("auto", Some("fr-CA")), Language::Fr);
        assert_eq!(Language::from_setting("auto", Some("fr:en")), Language::Fr);
        assert_eq!(
            Language::from_setting("auto", Some("de_DE.UTF-8")),
            Language::En
        );
        assert_eq!(Language::from_setting("auto", Some("C")), Language::En);
        assert_eq!(Language::from_setting("auto", Some("")), Language::En);
        assert_eq!(Language::from_setting("auto", None), Language::En);
        assert_eq!(Language::Fr.code(), "fr");
    }

    #[test]
    fn durations_and_lists_in_both_languages() {
        let en = Language::En;
        assert_eq!(en.duration(Duration::seconds(45)), "45 s");
        assert_eq!(en.duration(Duration::minutes(12)), "12 min");
        assert_eq!(en.duration(Duration::minutes(125)), "2 h 5 min");
        assert_eq!(en.duration(Duration::hours(2)), "2 h");
        assert_eq!(en.duration(Duration::hours(76)), "3 d 4 h");
        assert_eq!(Language::Fr.duration(Duration::hours(76)), "3 j 4 h");
        assert_eq!(Language::Fr.duration(Duration::hours(48)), "2 j");
        let names = |n: &[&str]| n.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        assert_eq!(en.list(&names(&["A"])), "A");
        assert_eq!(en.list(&names(&["A", "B"])), "A and B");
        assert_eq!(en.list(&names(&["A", "B", "C"])), "A, B and C");
        assert_eq!(Language::Fr.list(&names(&["A", "B", "C"])), "A, B et C");
        assert_eq!(
            Language::Fr.group_line(Change::Down, &names(&["A", "B"])),
            "En panne\u{a0}: A et B."
        );
    }
}
