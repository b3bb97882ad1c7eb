//! What the tray app must tell the person once, beyond a service's state:
//! the history database was unreadable, moved aside, and a new one started.
//! Said in the dashboard (a banner until dismissed), in the tray menu and in
//! one notification, never only in the log.

use crate::model::i18n::{Language, Text};
use crate::model::{Notification, NotificationKind};
use crate::store::Recovered;
use serde::Serialize;

/// The dashboard's banner and the tray's line, in the person's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryRestarted {
    /// "History restarted": the tray's line and the notification's title.
    pub title: String,
    /// What happened, ending where the old file is.
    pub body: String,
    /// Where the unreadable file was kept.
    pub path: String,
}

impl HistoryRestarted {
    pub fn new(recovered: &Recovered, language: Language) -> HistoryRestarted {
        HistoryRestarted {
            title: language.text(Text::HistoryRestarted),
            body: language.text(Text::HistoryRestartedBody),
            path: recovered.moved_to.display().to_string(),
        }
    }

    /// The one notification, shown at start.
    pub fn notification(&self) -> Notification {
        Notification {
            kind: NotificationKind::HistoryRestarted,
            services: Vec::new(),
            title: self.title.clone(),
            body: format!("{} {}", self.body, self.path),
            urgent: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn the_notice_names_where_the_old_file_is_in_both_languages() {
        let recovered = Recovered {
            moved_to: PathBuf::from("/data/downbeat.sqlite3.corrupt-20260101T000000Z"),
            reason: "file is not a database".into(),
        };
        let en = HistoryRestarted::new(&recovered, Language::En);
        assert_eq!(en.title, "History restarted");
        let shown = en.notification();
        assert_eq!(shown.kind, NotificationKind::HistoryRestarted);
        assert!(!shown.urgent);
        assert!(
            shown
                .body
                .starts_with("Downbeat could not read its history database")
                && shown
                    .body
                    .ends_with("kept at /data/downbeat.sqlite3.corrupt-20260101T000000Z"),
            "{}",
            shown.body
        );
        let fr = HistoryRestarted::new(&recovered, Language::Fr);
        assert!(fr.body.contains("base d'historique"), "{}", fr.body);
        assert_eq!(fr.path, en.path);
    }
}
