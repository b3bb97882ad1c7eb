//! Desktop notifications behind a small trait, so the policy and the engine
//! are tested without a notification server.

use crate::model::{Notification, NotificationKind};
use std::sync::{Arc, Mutex};

pub trait Notifier: Send + Sync {
    /// Show `notification`. Must not block: the engine calls it from its loop.
    fn notify(&self, notification: &Notification);
}

/// Native notifications through the platform's service (D-Bus on Linux).
#[derive(Debug, Clone)]
pub struct DesktopNotifier {
    app_name: String,
}

impl DesktopNotifier {
    pub fn new(app_name: impl Into<String>) -> DesktopNotifier {
        DesktopNotifier {
            app_name: app_name.into(),
        }
    }
}

impl Notifier for DesktopNotifier {
    fn notify(&self, notification: &Notification) {
        let mut native = notify_rust::Notification::new();
        native
            .appname(&self.app_name)
            .summary(&notification.title)
            .body(&notification.body);
        #[cfg(all(unix, not(target_os = "macos")))]
        {
            let (icon, urgency) = match notification.kind {
                NotificationKind::Outage
                | NotificationKind::Grouped
                | NotificationKind::Reminder => ("dialog-error", notify_rust::Urgency::Critical),
                NotificationKind::Degraded | NotificationKind::Offline => {
                    ("dialog-warning", notify_rust::Urgency::Normal)
                }
                NotificationKind::Recovery | NotificationKind::Online => {
                    ("emblem-default", notify_rust::Urgency::Normal)
                }
            };
            native.icon(icon).urgency(urgency);
        }
        #[cfg(not(all(unix, not(target_os = "macos"))))]
        let _ = notification.kind;
        // The platform call can block for a moment (a D-Bus round trip).
        std::thread::spawn(move || {
            if let Err(error) = native.show() {
                tracing::warn!("cannot show a notification: {error}");
            }
        });
    }
}

/// Shows nothing (notifications turned off at the command line).
#[derive(Debug, Clone, Copy, Default)]
pub struct NoNotifier;

impl Notifier for NoNotifier {
    fn notify(&self, _: &Notification) {}
}

/// Keeps what it was asked to show; for tests.
#[derive(Debug, Clone, Default)]
pub struct RecordingNotifier {
    shown: Arc<Mutex<Vec<Notification>>>,
}

impl RecordingNotifier {
    pub fn shown(&self) -> Vec<Notification> {
        self.shown
            .lock()
            .map(|shown| shown.clone())
            .unwrap_or_default()
    }
}

impl Notifier for RecordingNotifier {
    fn notify(&self, notification: &Notification) {
        if let Ok(mut shown) = self.shown.lock() {
            shown.push(notification.clone());
        }
    }
}
