//! Turning what is to be said into notifications, in the user's language.

use super::track::Tracked;
use super::Policy;
use crate::model::i18n::Change;
use crate::model::{Notification, NotificationKind, Reason, Status};
use chrono::Duration;

/// One line of what is to be said.
#[derive(Debug, Clone)]
pub(super) struct Item {
    pub(super) service: String,
    pub(super) name: String,
    pub(super) change: Change,
    pub(super) partial: bool,
    pub(super) duration: Duration,
    pub(super) times: usize,
    pub(super) reason: Reason,
}

impl Item {
    pub(super) fn new(service: &str, tracked: &Tracked, change: Change) -> Item {
        Item {
            service: service.to_owned(),
            name: tracked.name.clone(),
            change,
            partial: tracked.outage_status == Status::PartialOutage,
            duration: Duration::zero(),
            times: 0,
            reason: tracked.reason.clone(),
        }
    }
}

impl Policy {
    /// One notification for one item; one of kind `several` for more.
    pub(super) fn compose(
        &self,
        items: Vec<Item>,
        several: NotificationKind,
    ) -> Option<Notification> {
        let language = self.language;
        match items.as_slice() {
            [] => None,
            [item] => Some(self.single(item)),
            _ => {
                let first = items[0].change;
                let same = items
                    .iter()
                    .all(|item| item.change == first)
                    .then_some(first);
                let mut changes: Vec<Change> = items.iter().map(|item| item.change).collect();
                changes.sort();
                changes.dedup();
                let lines: Vec<String> = changes
                    .into_iter()
                    .map(|change| {
                        let entries: Vec<String> = items
                            .iter()
                            .filter(|item| item.change == change)
                            .map(|item| match change {
                                Change::Down if item.partial => language.entry_partly(&item.name),
                                Change::BackUp => {
                                    language.entry_down_for(&item.name, item.duration)
                                }
                                Change::StillDown => {
                                    language.entry_still_down(&item.name, item.duration)
                                }
                                _ => item.name.clone(),
                            })
                            .collect();
                        language.group_line(change, &entries)
                    })
                    .collect();
                Some(Notification {
                    kind: several,
                    services: items.iter().map(|item| item.service.clone()).collect(),
                    title: language.group_title(items.len(), same),
                    body: lines.join("\n"),
                    urgent: items.iter().any(|item| item.change.is_alarm()),
                })
            }
        }
    }

    fn single(&self, item: &Item) -> Notification {
        let language = self.language;
        let name = item.name.as_str();
        // Rendered here, in the notification's language: never a sentence
        // in another language under a translated title.
        let reason = language.reason(&item.reason, self.local_offset);
        let with_reason = |text: String| {
            if item.reason.is_empty() {
                text
            } else {
                format!("{text} {reason}")
            }
        };
        let (kind, title, body) = match item.change {
            Change::Down => (
                NotificationKind::Outage,
                language.outage_title(name, item.partial),
                reason.clone(),
            ),
            Change::Degraded => (
                NotificationKind::Degraded,
                language.degraded_title(name),
                reason.clone(),
            ),
            Change::Unstable => (
                NotificationKind::Outage,
                language.unstable_title(name),
                language.unstable_body(name, item.times, item.duration),
            ),
            Change::BackUp => (
                NotificationKind::Recovery,
                language.recovery_title(name),
                with_reason(language.recovery_body(name, item.duration)),
            ),
            Change::Maintenance => (
                NotificationKind::Maintenance,
                language.maintenance_title(name),
                reason.clone(),
            ),
            Change::Normal => (
                NotificationKind::Recovery,
                language.normal_title(name),
                reason.clone(),
            ),
            Change::StillDown => (
                NotificationKind::Reminder,
                language.still_down_title(name),
                with_reason(language.still_down_body(name, item.duration)),
            ),
        };
        Notification {
            kind,
            services: vec![item.service.clone()],
            title,
            body,
            urgent: item.change.is_alarm(),
        }
    }
}
