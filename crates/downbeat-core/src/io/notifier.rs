//! Desktop notifications behind a small trait, so the policy and the engine
//! are tested without a notification server.

use crate::model::alerts::NotificationAction;
use crate::model::i18n::{Language, Text};
use crate::model::{Notification, NotificationKind};
use std::sync::{Arc, Mutex};

#[cfg(not(all(unix, not(target_os = "macos"))))]
#[path = "notifier_click.rs"]
mod click;

pub trait Notifier: Send + Sync {
    /// Show `notification`. Must not block: the engine calls it from its loop.
    fn notify(&self, notification: &Notification);
}

/// What a button on a notification (or a click on it: `Open`) does, given
/// the first service it names.
pub type OnAction = Arc<dyn Fn(NotificationAction, Option<String>) + Send + Sync>;

/// The language of the buttons, asked at each notification so that they
/// follow a change of language as the title and body do.
pub type LanguageNow = Arc<dyn Fn() -> Language + Send + Sync>;

/// The buttons' words and what they do (only Linux servers show buttons;
/// on macOS and Windows `on_action` hears a click, see `notifier_click`).
#[derive(Clone)]
#[cfg_attr(not(all(unix, not(target_os = "macos"))), allow(dead_code))]
struct Actions {
    language: Language,
    on_action: OnAction,
}

#[cfg_attr(not(all(unix, not(target_os = "macos"))), allow(dead_code))]
impl Actions {
    fn label(&self, action: NotificationAction) -> String {
        match action {
            NotificationAction::Open => self.language.open_action().to_owned(),
            NotificationAction::SnoozeHour => self.language.text(Text::ActionSnoozeHour),
            NotificationAction::WhenBack => self.language.text(Text::TrayWhenBack),
        }
    }
}

/// Native notifications through the platform's service (D-Bus on Linux).
#[derive(Clone)]
pub struct DesktopNotifier {
    app_name: String,
    /// The buttons' language and what they do; `None` shows no button.
    open: Option<(LanguageNow, OnAction)>,
    /// Whether the notification server supports actions, asked once.
    actions: Arc<std::sync::OnceLock<bool>>,
    /// The outage notifications still on screen, by service.
    shown: OnScreen,
    /// The app's bundle identifier, to post as it on macOS.
    #[cfg_attr(all(unix, not(target_os = "macos")), allow(dead_code))]
    bundle_id: Option<String>,
}

impl std::fmt::Debug for DesktopNotifier {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DesktopNotifier")
            .field("app_name", &self.app_name)
            .field(
                "actions",
                &self.open.as_ref().map(|(language, _)| language()),
            )
            .finish_non_exhaustive()
    }
}

impl DesktopNotifier {
    pub fn new(app_name: impl Into<String>) -> DesktopNotifier {
        DesktopNotifier {
            app_name: app_name.into(),
            open: None,
            actions: Arc::default(),
            shown: OnScreen::default(),
            bundle_id: None,
        }
    }

    /// On macOS, post notifications as the app with this bundle identifier
    /// when it runs from its installed bundle (elsewhere: ignored).
    pub fn with_bundle_id(mut self, bundle_id: impl Into<String>) -> DesktopNotifier {
        self.bundle_id = Some(bundle_id.into());
        self
    }

    /// Offer buttons where the notification server supports actions (see
    /// `logic::policy::actions`: Open, and for one service in trouble Snooze
    /// 1 h and Tell me when it's back), in `language`; `on_action` gets what
    /// was pressed and the service. On macOS and Windows a click on the
    /// notification is `Open`.
    pub fn with_actions(mut self, language: LanguageNow, on_action: OnAction) -> DesktopNotifier {
        self.open = Some((language, on_action));
        self
    }
}

impl Notifier for DesktopNotifier {
    fn notify(&self, notification: &Notification) {
        let mut native = notify_rust::Notification::new();
        native
            .appname(&self.app_name)
            .summary(&crate::model::text::plain_line(&notification.title))
            .body(&body_for_server(&notification.body));
        #[cfg(all(unix, not(target_os = "macos")))]
        {
            let (icon, urgency) = look(notification);
            native.icon(icon).urgency(urgency);
        }
        #[cfg(not(all(unix, not(target_os = "macos"))))]
        let _ = notification.kind;
        let open = self.open.as_ref().map(|(language, on_action)| Actions {
            language: language(),
            on_action: on_action.clone(),
        });
        let actions = self.actions.clone();
        let service = notification.services.first().cloned();
        let shown = self.shown.clone();
        let notification = notification.clone();
        #[cfg(not(all(unix, not(target_os = "macos"))))]
        let bundle_id = self.bundle_id.clone();
        // The platform call can block for a moment (a D-Bus round trip), and
        // waiting for a click blocks until the notification closes.
        std::thread::spawn(move || {
            // A recovery takes the place of the outage notification it ends
            // (same id), and closes any other still on screen.
            #[cfg(all(unix, not(target_os = "macos")))]
            {
                let stale = shown.replacing(&notification, &mut native);
                let offered = crate::logic::policy::actions(&notification);
                show(native, open, &actions, (service, offered), |id| {
                    shown.record(&notification, id);
                    stale.iter().for_each(|id| close(*id));
                });
            }
            #[cfg(not(all(unix, not(target_os = "macos"))))]
            {
                let _ = (&shown, &notification, &actions);
                click::show(native, open, service, bundle_id.as_deref());
            }
        });
    }
}

/// The body as the notification server should get it: no control
/// characters, and on Linux escaped, since servers render a subset of HTML
/// in bodies (`<img>`, `<a>`) and a vendor's text is not markup.
pub fn body_for_server(body: &str) -> String {
    let body = crate::model::text::plain(body);
    if cfg!(all(unix, not(target_os = "macos"))) {
        body.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    } else {
        body.into_owned()
    }
}

#[cfg(all(unix, not(target_os = "macos")))]
fn show(
    mut native: notify_rust::Notification,
    open: Option<Actions>,
    actions: &std::sync::OnceLock<bool>,
    (service, offered): (Option<String>, Vec<NotificationAction>),
    shown: impl FnOnce(u32),
) {
    let open = open.filter(|_| *actions.get_or_init(server_has_actions));
    if let Some(open) = &open {
        // "default" is a click on the notification itself.
        native.action("default", &open.label(NotificationAction::Open));
        for action in &offered {
            native.action(action.key(), &open.label(*action));
        }
    }
    match native.show() {
        Ok(handle) => {
            shown(handle.id());
            if let Some(open) = open {
                handle.wait_for_action(|key| {
                    if let Some(action) = NotificationAction::from_key(key) {
                        (open.on_action)(action, service);
                    }
                });
            }
        }
        Err(error) => tracing::warn!("cannot show a notification: {error}"),
    }
}

/// The icon and urgency: an alarm for what is broken, a calm one for news
/// that things work again.
#[cfg(all(unix, not(target_os = "macos")))]
fn look(notification: &Notification) -> (&'static str, notify_rust::Urgency) {
    if notification.urgent {
        return ("dialog-error", notify_rust::Urgency::Critical);
    }
    match notification.kind {
        NotificationKind::Degraded
        | NotificationKind::Maintenance
        | NotificationKind::Offline
        | NotificationKind::HistoryRestarted => ("dialog-warning", notify_rust::Urgency::Normal),
        _ => ("emblem-ok-symbolic", notify_rust::Urgency::Normal),
    }
}

/// Close a notification still on screen (CloseNotification on the session
/// bus); a server that already closed it says so, which is fine.
#[cfg(all(unix, not(target_os = "macos")))]
fn close(id: u32) {
    let closed = zbus::blocking::Connection::session().and_then(|bus| {
        bus.call_method(
            Some("org.freedesktop.Notifications"),
            "/org/freedesktop/Notifications",
            Some("org.freedesktop.Notifications"),
            "CloseNotification",
            &(id,),
        )
    });
    if let Err(error) = closed {
        tracing::debug!("notification {id} not closed: {error}");
    }
}

/// The ids of the alarm notifications still on screen, by the services they
/// name, so that the news of a recovery replaces them instead of leaving a
/// critical "is down" next to "is back up".
#[derive(Debug, Clone, Default)]
struct OnScreen(Arc<Mutex<std::collections::HashMap<String, u32>>>);

#[cfg(all(unix, not(target_os = "macos")))]
impl OnScreen {
    /// For a recovery: the first outage notification of its services is
    /// replaced by it (its id set on `native`); the others, returned, are
    /// to be closed.
    fn replacing(
        &self,
        notification: &Notification,
        native: &mut notify_rust::Notification,
    ) -> Vec<u32> {
        if notification.urgent {
            return Vec::new();
        }
        let Ok(mut shown) = self.0.lock() else {
            return Vec::new();
        };
        let mut ids: Vec<u32> = notification
            .services
            .iter()
            .filter_map(|service| shown.remove(service))
            .collect();
        // Several services may share one grouped outage notification.
        ids.dedup();
        shown.retain(|_, id| !ids.contains(id));
        if ids.is_empty() {
            return ids;
        }
        native.id(ids.remove(0));
        ids
    }

    fn record(&self, notification: &Notification, id: u32) {
        if !notification.urgent || notification.services.is_empty() {
            return;
        }
        if let Ok(mut shown) = self.0.lock() {
            for service in &notification.services {
                shown.insert(service.clone(), id);
            }
        }
    }
}

/// Whether the notification server offers actions. Asked on a thread of its
/// own and given two seconds: a server slow to say must not hold up the
/// notification itself.
#[cfg(all(unix, not(target_os = "macos")))]
fn server_has_actions() -> bool {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let has = notify_rust::get_capabilities()
            .is_ok_and(|caps| caps.iter().any(|cap| cap == "actions"));
        let _ = tx.send(has);
    });
    rx.recv_timeout(std::time::Duration::from_secs(2))
        .unwrap_or(false)
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

#[cfg(test)]
mod tests {
    #[cfg(all(unix, not(target_os = "macos")))]
    #[test]
    fn a_vendor_body_is_text_not_markup() {
        let body =
            super::body_for_server("<img src=x onerror=alert(1)> & <b>down</b>\u{1b}[2J\u{7}");
        assert_eq!(
            body,
            "&lt;img src=x onerror=alert(1)&gt; &amp; &lt;b&gt;down&lt;/b&gt;[2J"
        );
    }
}
