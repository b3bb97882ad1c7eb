//! macOS and Windows: a click on a notification opens the dashboard on the
//! service it names. No buttons there (Linux servers get them, see
//! `notifier::show`).
//!
//! NOT COMPILED OR RUN HERE: the development machine builds for Linux only.
//! Written against the exact sources of the locked crates (notify-rust 4.19.0,
//! mac-notification-sys 0.6.15, tauri-winrt-notification 0.8.1):
//! - both platforms: `Notification::show()` gives a handle whose
//!   `wait_for_response` blocks until the notification is answered and gives
//!   `NotificationResponse::Default` for a click on the notification itself;
//! - Windows: the toast's `Activated` event (a click while it is on screen),
//!   or `Dismissed` (closed, or timed out into the Action Center, where a
//!   later click reaches no running handler) ends the wait;
//! - macOS (NSUserNotificationCenter): the notification is only sent by the
//!   handle (on drop, or when waited on); waiting from a thread other than
//!   the main one relies on the main run loop, which Tauri's event loop runs.
//!
//! The wait is on the notifier's own thread (one per notification).

use super::Actions;
use crate::model::alerts::NotificationAction;

/// Show `native`; with `open`, wait for a click and ask to open the
/// dashboard on `service`.
pub(super) fn show(
    native: notify_rust::Notification,
    open: Option<Actions>,
    service: Option<String>,
    bundle_id: Option<&str>,
) {
    #[cfg(target_os = "macos")]
    if let Some(bundle_id) = bundle_id {
        identify(bundle_id);
    }
    #[cfg(not(target_os = "macos"))]
    let _ = bundle_id;
    let handle = match native.show() {
        Ok(handle) => handle,
        Err(error) => {
            tracing::warn!("cannot show a notification: {error}");
            return;
        }
    };
    let Some(open) = open else {
        // On macOS dropping the handle is what sends the notification.
        drop(handle);
        return;
    };
    let answered = handle.wait_for_response(move |response: &notify_rust::NotificationResponse| {
        if *response == notify_rust::NotificationResponse::Default {
            (open.on_action)(NotificationAction::Open, service);
        }
    });
    if let Err(error) = answered {
        tracing::warn!("no answer from a notification: {error}");
    }
}

/// Post notifications as Downbeat (its icon, its entry in the system's
/// notification settings, clicks routed to it) when running from its
/// installed bundle. Elsewhere (`cargo run`) mac-notification-sys keeps its
/// own default, as before. It must happen once, before the first send.
#[cfg(target_os = "macos")]
fn identify(bundle_id: &str) {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let bundled = std::env::current_exe()
            .is_ok_and(|exe| exe.to_string_lossy().contains(".app/Contents/MacOS/"));
        if !bundled {
            return;
        }
        if let Err(error) = notify_rust::set_application(bundle_id) {
            tracing::warn!("notifications not posted as {bundle_id}: {error}");
        }
    });
}
