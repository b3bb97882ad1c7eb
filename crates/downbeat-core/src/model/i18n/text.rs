//! The fixed words of the desktop shell (tray menu, dialogs) and of the
//! settings' answers, by key: `Language::text(Text::TrayQuit)`.

use super::{Language, NBSP};

/// Writes the key enum and its `ALL` from one list, so a key cannot be
/// missing from `ALL`; `Language::text` matches every key, so a key cannot
/// be missing a language.
macro_rules! keys {
    ($($key:ident),* $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Text { $($key),* }

        impl Text {
            pub const ALL: &'static [Text] = &[$(Text::$key),*];
        }
    };
}

keys! {
    NothingConfigured,
    TrayPause,
    TrayPausedUntil,
    TrayPauseHour,
    TrayPauseTomorrow,
    TrayResume,
    TrayLaunchAtLogin,
    TrayOpenDashboard,
    TrayCheckNow,
    TrayQuit,
    TrayOffline,
    LastKnown,
    NeverChecked,
    Muted,
    LaunchQuestionTitle,
    LaunchQuestion,
    LaunchYes,
    LaunchNo,
    ConfigMistake,
    DatabaseUnavailable,
    NotWatching,
    ConfigUnread,
    Saved,
    NotSaved,
    NeedName,
    Details,
    PickWhatToWatch,
    TrayPick,
    NothingWatched,
    HistoryRestarted,
    HistoryRestartedBody,
    CheckCantTell,
    CheckNotAsExpected,
    CheckPageUnreadable,
    CheckAffected,
    CheckSince,
    CheckFrom,
    CheckChecked,
    CheckIn,
    WatchWas,
    WatchNotification,
    WatchConnection,
    WatchResumed,
    TraySnooze,
    TraySnoozeHour,
    TraySnoozeTomorrow,
    TraySnoozeUntilBack,
    TraySnoozeEnd,
    TrayWhenBack,
    TrayAlerts,
    TrayAlertsAll,
    TrayAlertsOutages,
    TrayAlertsOff,
    TrayOpenPage,
    TrayMore,
    SnoozedUntilBack,
    WhenBackArmed,
    ActionSnoozeHour,
}

impl Language {
    pub fn text(self, key: Text) -> String {
        match self {
            Language::En => english(key).to_owned(),
            Language::Fr => french(key),
        }
    }

    /// "Notifications paused until Tue 14:00" (`until` already formatted).
    pub fn paused_until(self, until: &str) -> String {
        format!("{} {until}", self.text(Text::TrayPausedUntil))
    }

    /// "Snoozed until 14:00 (42 min left)", or "Snoozed until it's back"
    /// (`until` already formatted, with the time left).
    pub fn snoozed(self, until: Option<(&str, chrono::Duration)>) -> String {
        match until {
            None => self.text(Text::SnoozedUntilBack),
            Some((at, left)) => {
                let left = self.duration(left.max(chrono::Duration::minutes(1)));
                match self {
                    Language::En => format!("Snoozed until {at} ({left} left)"),
                    Language::Fr => format!("Suspendu jusqu'à {at} (encore {left})"),
                }
            }
        }
    }

    /// "last known, 12 min ago": the age of a state shown while offline.
    pub fn last_known_ago(self, age: chrono::Duration) -> String {
        let age = self.duration(age);
        let last_known = self.text(Text::LastKnown);
        match self {
            Language::En => format!("{last_known}, {age} ago"),
            Language::Fr => format!("{last_known}, il y a {age}"),
        }
    }

    /// The metrics endpoint could not listen on `addr`: the port taken, or
    /// one the user may not open; else the system's own words.
    pub fn cannot_listen(self, addr: &str, why: &std::io::Error) -> String {
        use std::io::ErrorKind;
        let reason = match (self, why.kind()) {
            (Language::En, ErrorKind::AddrInUse) => "another program already uses this port".into(),
            (Language::Fr, ErrorKind::AddrInUse) => {
                "un autre programme utilise déjà ce port".into()
            }
            (Language::En, ErrorKind::PermissionDenied) => {
                "ports below 1024 need administrator rights".into()
            }
            (Language::Fr, ErrorKind::PermissionDenied) => {
                "les ports sous 1024 demandent les droits d'administrateur".into()
            }
            _ => why.to_string(),
        };
        match self {
            Language::En => format!("Not serving: cannot listen on {addr}: {reason}"),
            Language::Fr => {
                format!("Pas de service{NBSP}: impossible d'écouter sur {addr}{NBSP}: {reason}")
            }
        }
    }

    /// What a URL was found to be: `english` is the reader's own sentence
    /// (it names the format's brand, "an Atlassian Statuspage (summary
    /// API)"); other languages say the kind (`statuspage`, `http`) and where.
    pub fn found(self, kind: &str, url: &str, english: &str) -> String {
        match (self, kind) {
            (Language::En, _) => english.to_owned(),
            (Language::Fr, "http") => format!(
                "Aucun format de page de statut reconnu{NBSP}: {url} est vérifié comme point d'accès HTTP (toute réponse 2xx compte comme en service)."
            ),
            (Language::Fr, kind) => {
                let brand = format_brand(kind);
                format!("Page de statut trouvée ({brand}) à {url}.")
            }
        }
    }

    /// A settings answer: `"acme" is not in the catalog`.
    pub fn not_in_catalog(self, id: &str) -> String {
        match self {
            Language::En => format!("“{id}” is not in the catalog"),
            Language::Fr => format!("«{NBSP}{id}{NBSP}» n'est pas dans le catalogue"),
        }
    }

    /// A settings answer: the URL is watched already, by `name`.
    pub fn already_watched(self, name: &str) -> String {
        match self {
            Language::En => format!("{name} already watches this address"),
            Language::Fr => format!("{name} surveille déjà cette adresse"),
        }
    }
}

fn english(key: Text) -> &'static str {
    match key {
        Text::NothingConfigured => "No services configured.",
        Text::TrayPause => "Pause notifications",
        Text::TrayPausedUntil => "Notifications paused until",
        Text::TrayPauseHour => "For 1 hour",
        Text::TrayPauseTomorrow => "Until tomorrow",
        Text::TrayResume => "Resume",
        Text::TrayLaunchAtLogin => "Launch at login",
        Text::TrayOpenDashboard => "Open dashboard",
        Text::TrayCheckNow => "Check now",
        Text::TrayQuit => "Quit Downbeat",
        Text::TrayOffline => "You're offline",
        Text::LastKnown => "last known",
        Text::NeverChecked => "never checked",
        Text::Muted => "muted",
        Text::LaunchQuestionTitle => "Start Downbeat when you log in?",
        Text::LaunchQuestion => {
            "Downbeat watches your services from the tray. Start it when you log in, so that it is already watching when something goes down?\n\nYou can change this any time with “Launch at login” in the tray menu."
        }
        Text::LaunchYes => "Launch at login",
        Text::LaunchNo => "Not now",
        Text::ConfigMistake => {
            "The config file has a mistake; it was left as it is. Fix it and restart Downbeat."
        }
        Text::DatabaseUnavailable => "Downbeat cannot open its history database.",
        Text::NotWatching => "Downbeat is not watching",
        Text::ConfigUnread => "Downbeat could not read its config at start; fix the file first",
        Text::Saved => "Saved",
        Text::NotSaved => "Not saved",
        Text::NeedName => "give the service a name",
        Text::Details => "Details",
        Text::PickWhatToWatch => "Pick what to watch",
        Text::TrayPick => "Pick what to watch…",
        Text::NothingWatched => "Nothing is watched",
        Text::HistoryRestarted => "History restarted",
        Text::HistoryRestartedBody => {
            "Downbeat could not read its history database, so it started a new one: the history from before now is not in it. The old file was kept at"
        }
        Text::CheckCantTell => "can't tell whether it is down",
        Text::CheckNotAsExpected => "It does not answer as expected",
        Text::CheckPageUnreadable => "Its status page cannot be read",
        Text::CheckAffected => "affected",
        Text::CheckSince => "since",
        Text::CheckFrom => "from",
        Text::CheckChecked => "checked",
        Text::CheckIn => "in",
        Text::WatchWas => "was",
        Text::WatchNotification => "notification",
        Text::WatchConnection => "connection",
        Text::WatchResumed => "notifications resumed",
        Text::TraySnooze => "Snooze",
        Text::TraySnoozeHour => "Snooze for 1 hour",
        Text::TraySnoozeTomorrow => "Snooze until tomorrow 08:00",
        Text::TraySnoozeUntilBack => "Snooze until it's back",
        Text::TraySnoozeEnd => "End snooze",
        Text::TrayWhenBack => "Tell me when it's back",
        Text::TrayAlerts => "Alerts",
        Text::TrayAlertsAll => "All changes",
        Text::TrayAlertsOutages => "Outages only",
        Text::TrayAlertsOff => "Off",
        Text::TrayOpenPage => "Open its page",
        Text::TrayMore => "More…",
        Text::SnoozedUntilBack => "Snoozed until it's back",
        Text::WhenBackArmed => "You'll be told when it's back",
        Text::ActionSnoozeHour => "Snooze 1 h",
    }
}

fn french(key: Text) -> String {
    match key {
        Text::NothingConfigured => "Aucun service configuré.".into(),
        Text::TrayPause => "Suspendre les notifications".into(),
        Text::TrayPausedUntil => "Notifications suspendues jusqu'à".into(),
        Text::TrayPauseHour => "Pendant 1 heure".into(),
        Text::TrayPauseTomorrow => "Jusqu'à demain".into(),
        Text::TrayResume => "Reprendre".into(),
        Text::TrayLaunchAtLogin => "Lancer à l'ouverture de session".into(),
        Text::TrayOpenDashboard => "Ouvrir le tableau de bord".into(),
        Text::TrayCheckNow => "Vérifier maintenant".into(),
        Text::TrayQuit => "Quitter Downbeat".into(),
        Text::TrayOffline => "Vous êtes hors ligne".into(),
        Text::LastKnown => "dernier état connu".into(),
        Text::NeverChecked => "jamais vérifié".into(),
        Text::Muted => "en sourdine".into(),
        Text::LaunchQuestionTitle => {
            format!("Démarrer Downbeat à l'ouverture de session{NBSP}?")
        }
        Text::LaunchQuestion => format!(
            "Downbeat surveille vos services depuis la zone de notification. Le démarrer à l'ouverture de session, pour qu'il surveille déjà quand quelque chose tombe en panne{NBSP}?\n\nVous pouvez changer cela à tout moment avec «{NBSP}Lancer à l'ouverture de session{NBSP}» dans le menu de l'icône."
        ),
        Text::LaunchYes => "Lancer à l'ouverture de session".into(),
        Text::LaunchNo => "Pas maintenant".into(),
        Text::ConfigMistake => format!(
            "Le fichier de configuration contient une erreur{NBSP}; il a été laissé tel quel. Corrigez-le et redémarrez Downbeat."
        ),
        Text::DatabaseUnavailable => {
            "Downbeat ne peut pas ouvrir sa base de données d'historique.".into()
        }
        Text::NotWatching => "Downbeat ne surveille rien".into(),
        Text::ConfigUnread => "Downbeat n'a pas pu lire sa configuration au démarrage\u{a0}; corrigez d'abord le fichier".into(),
        Text::Saved => "Enregistré".into(),
        Text::NotSaved => "Non enregistré".into(),
        Text::NeedName => "donnez un nom au service".into(),
        Text::Details => "Détails".into(),
        Text::PickWhatToWatch => "Choisissez quoi surveiller".into(),
        Text::TrayPick => "Choisir quoi surveiller…".into(),
        Text::NothingWatched => "Rien n'est surveillé".into(),
        Text::HistoryRestarted => "Historique recommencé".into(),
        Text::HistoryRestartedBody => format!(
            "Downbeat n'a pas pu lire sa base d'historique et en a commencé une nouvelle{NBSP}: l'historique d'avant maintenant n'y figure pas. L'ancien fichier a été gardé ici"
        ),
        Text::CheckCantTell => "impossible de dire s'il est en panne".into(),
        Text::CheckNotAsExpected => "Il ne répond pas comme prévu".into(),
        Text::CheckPageUnreadable => "Sa page de statut est illisible".into(),
        Text::CheckAffected => "touchés".into(),
        Text::CheckSince => "depuis".into(),
        Text::CheckFrom => "à partir du".into(),
        Text::CheckChecked => "vérifié".into(),
        Text::CheckIn => "en".into(),
        Text::WatchWas => "avant".into(),
        Text::WatchNotification => "notification".into(),
        Text::WatchConnection => "connexion".into(),
        Text::WatchResumed => "notifications reprises".into(),
        Text::TraySnooze => "Suspendre".into(),
        Text::TraySnoozeHour => "Suspendre pendant 1 heure".into(),
        Text::TraySnoozeTomorrow => "Suspendre jusqu'à demain 08:00".into(),
        Text::TraySnoozeUntilBack => "Suspendre jusqu'à son rétablissement".into(),
        Text::TraySnoozeEnd => "Reprendre les alertes".into(),
        Text::TrayWhenBack => "Me prévenir quand il fonctionne à nouveau".into(),
        Text::TrayAlerts => "Alertes".into(),
        Text::TrayAlertsAll => "Tous les changements".into(),
        Text::TrayAlertsOutages => "Pannes seulement".into(),
        Text::TrayAlertsOff => "Aucune".into(),
        Text::TrayOpenPage => "Ouvrir sa page".into(),
        Text::TrayMore => "Plus…".into(),
        Text::SnoozedUntilBack => "Suspendu jusqu'à son rétablissement".into(),
        Text::WhenBackArmed => "Vous serez prévenu quand il fonctionnera à nouveau".into(),
        Text::ActionSnoozeHour => "Suspendre 1 h".into(),
    }
}

/// The name a person knows a status format by (a product's own name, the
/// same in every language), from its kind's id; an unknown id as it is.
pub fn format_brand(kind: &str) -> &str {
    match kind {
        "statuspage" => "Atlassian Statuspage",
        "incidentio" => "incident.io",
        "instatus" => "Instatus",
        "betterstack" => "Better Stack",
        "statusio" => "status.io",
        "cachet" => "Cachet",
        "cstate" => "cState",
        "heroku" => "Heroku",
        "slack" => "Slack",
        "google" => "Google",
        "apple" => "Apple",
        "aws" => "AWS Health Dashboard",
        "feed" => "RSS/Atom",
        "statuspal" => "Statuspal",
        "uptimerobot" => "UptimeRobot",
        "uptimekuma" => "Uptime Kuma",
        "riot" => "Riot Games",
        "xbox" => "Xbox Live",
        "microsoft" => "Microsoft",
        "nintendo" => "Nintendo",
        "uptimecom" => "Uptime.com",
        "pagerduty" => "PagerDuty",
        "salesforce" => "Salesforce Trust",
        "gatus" => "Gatus",
        "paypal" => "PayPal",
        "playstation" => "PlayStation Network",
        "sorry" => "Sorry",
        "adobe" => "Adobe",
        "statushub" => "StatusHub",
        "statuscake" => "StatusCake",
        "hund" => "Hund",
        other => other,
    }
}
