//! A notification server on the private session bus: it owns
//! `org.freedesktop.Notifications`, as a desktop's notification daemon does,
//! and records every `Notify` call the app makes.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use zbus::zvariant::OwnedValue;

#[derive(Debug, Clone)]
pub struct Shown {
    /// The id the daemon gave it, for clicking it.
    pub id: u32,
    pub app_name: String,
    pub summary: String,
    pub body: String,
    /// Action keys and labels, alternating, as the app offered them.
    pub actions: Vec<String>,
}

#[derive(Clone, Default)]
pub struct Notifications {
    shown: Arc<Mutex<Vec<Shown>>>,
}

impl Notifications {
    pub fn all(&self) -> Vec<Shown> {
        self.shown
            .lock()
            .map(|shown| shown.clone())
            .unwrap_or_default()
    }
}

struct Daemon {
    shown: Arc<Mutex<Vec<Shown>>>,
    next_id: AtomicU32,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Daemon {
    #[allow(clippy::too_many_arguments)]
    fn notify(
        &self,
        app_name: String,
        _replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        _hints: HashMap<String, OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst);
        if let Ok(mut shown) = self.shown.lock() {
            shown.push(Shown {
                id,
                app_name,
                summary,
                body,
                actions,
            });
        }
        id
    }

    fn get_capabilities(&self) -> Vec<String> {
        vec!["body".into(), "actions".into()]
    }

    fn get_server_information(&self) -> (String, String, String, String) {
        (
            "downbeat-e2e".into(),
            "downbeat".into(),
            "1".into(),
            "1.2".into(),
        )
    }

    fn close_notification(&self, _id: u32) {}
}

/// Take the notification service name on the session bus of this process.
pub async fn serve() -> zbus::Result<(Notifications, zbus::Connection)> {
    let notifications = Notifications::default();
    let daemon = Daemon {
        shown: notifications.shown.clone(),
        next_id: AtomicU32::new(1),
    };
    let connection = zbus::connection::Builder::session()?
        .name("org.freedesktop.Notifications")?
        .serve_at("/org/freedesktop/Notifications", daemon)?
        .build()
        .await?;
    Ok((notifications, connection))
}

/// Click the notification `id` as a user would (the daemon says which action).
pub async fn invoke(connection: &zbus::Connection, id: u32, action: &str) -> zbus::Result<()> {
    connection
        .emit_signal(
            None::<&str>,
            "/org/freedesktop/Notifications",
            "org.freedesktop.Notifications",
            "ActionInvoked",
            &(id, action),
        )
        .await
}
