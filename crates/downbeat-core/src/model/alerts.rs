//! How much the user wants to hear about each service: its alert level, a
//! snooze, and "tell me when it's back". Plain data; the policy decides
//! what they mean (`logic::policy`).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a service may notify about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AlertLevel {
    /// Outages, degraded performance and maintenance.
    All,
    /// Outages only: degraded and maintenance say nothing.
    Outages,
    /// Nothing (what "muted" used to be); shown, marked, colours nothing.
    Off,
}

impl AlertLevel {
    pub const ALL: [AlertLevel; 3] = [AlertLevel::All, AlertLevel::Outages, AlertLevel::Off];

    pub fn as_str(self) -> &'static str {
        match self {
            AlertLevel::All => "all",
            AlertLevel::Outages => "outages",
            AlertLevel::Off => "off",
        }
    }

    pub fn parse(text: &str) -> Option<AlertLevel> {
        AlertLevel::ALL
            .into_iter()
            .find(|level| level.as_str() == text)
    }
}

/// A service's notifications held back, until a time or until it is back up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Snooze {
    Until(DateTime<Utc>),
    UntilBack,
}

/// What the user asked for in a "Snooze ▸" menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SnoozeChoice {
    Hour,
    Tomorrow,
    UntilBack,
    End,
}

impl SnoozeChoice {
    pub const ALL: [SnoozeChoice; 4] = [
        SnoozeChoice::Hour,
        SnoozeChoice::Tomorrow,
        SnoozeChoice::UntilBack,
        SnoozeChoice::End,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SnoozeChoice::Hour => "hour",
            SnoozeChoice::Tomorrow => "tomorrow",
            SnoozeChoice::UntilBack => "until_back",
            SnoozeChoice::End => "end",
        }
    }

    pub fn parse(text: &str) -> Option<SnoozeChoice> {
        SnoozeChoice::ALL
            .into_iter()
            .find(|choice| choice.as_str() == text)
    }
}

/// The user's short-lived wishes for one service.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Steer {
    pub snooze: Option<Snooze>,
    /// A one-shot "tell me when it's back", armed while it is down.
    pub when_back: bool,
}

impl Steer {
    pub fn is_empty(&self) -> bool {
        self.snooze.is_none() && !self.when_back
    }
}

/// Everything of that kind that outlives a restart: the global pause and
/// each service's steer (kept in the store).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Steering {
    pub paused_until: Option<DateTime<Utc>>,
    pub services: BTreeMap<String, Steer>,
}

/// One service's alerts as the tray and the dashboard show them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceAlerts {
    pub service: String,
    /// The level in force (the config's, or the default from `[notifications]`).
    pub level: AlertLevel,
    /// Whether the config sets it, or it follows the global settings.
    pub explicit: bool,
    pub snoozed_until: Option<DateTime<Utc>>,
    pub snoozed_until_back: bool,
    pub when_back: bool,
}

/// What a notification offers to do, where the server shows buttons.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NotificationAction {
    /// The dashboard, on the service (also a click on the notification).
    Open,
    SnoozeHour,
    WhenBack,
}

impl NotificationAction {
    /// The action's key on the notification server.
    pub fn key(self) -> &'static str {
        match self {
            NotificationAction::Open => "open",
            NotificationAction::SnoozeHour => "snooze-hour",
            NotificationAction::WhenBack => "when-back",
        }
    }

    /// "default" is a click on the notification itself: it opens.
    pub fn from_key(key: &str) -> Option<NotificationAction> {
        match key {
            "default" | "open" => Some(NotificationAction::Open),
            "snooze-hour" => Some(NotificationAction::SnoozeHour),
            "when-back" => Some(NotificationAction::WhenBack),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_choices_and_actions_round_trip_through_their_names() {
        for level in AlertLevel::ALL {
            assert_eq!(AlertLevel::parse(level.as_str()), Some(level));
            let json = serde_json::to_string(&level).unwrap_or_default();
            assert_eq!(json, format!("\"{}\"", level.as_str()));
        }
        assert_eq!(AlertLevel::parse("muted"), None);
        for choice in SnoozeChoice::ALL {
            assert_eq!(SnoozeChoice::parse(choice.as_str()), Some(choice));
        }
        for action in [
            NotificationAction::Open,
            NotificationAction::SnoozeHour,
            NotificationAction::WhenBack,
        ] {
            assert_eq!(NotificationAction::from_key(action.key()), Some(action));
        }
        assert_eq!(
            NotificationAction::from_key("default"),
            Some(NotificationAction::Open)
        );
        assert_eq!(NotificationAction::from_key("close"), None);
    }
}
