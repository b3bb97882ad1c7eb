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
    /// The notification it replaces (0: none).
    pub replaces_id: u32,
    pub icon: String,
    /// The `urgency` hint: 0 low, 1 normal, 2 critical.
    pub urgency: Option<u8>,
}

#[derive(Clone, Default)]
pub struct Notifications {
    shown: Arc<Mutex<Vec<Shown>>>,
    closed: Arc<Mutex<Vec<u32>>>,
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
    closed: Arc<Mutex<Vec<u32>>>,
    next_id: AtomicU32,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Daemon {
    #[allow(clippy::too_many_arguments)]
    fn notify(
        &self,
        app_name: String,
        replaces_id: u32,
        app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        hints: HashMap<String, OwnedValue>,
        _expire_timeout: i32,
    ) -> u32 {
        // A replacement keeps its id, as the specification says.
        let id = if replaces_id > 0 {
            replaces_id
        } else {
            self.next_id.fetch_add(1, Ordering::SeqCst)
        };
        let urgency = hints
            .get("urgency")
            .and_then(|value| u8::try_from(value.clone()).ok());
        if let Ok(mut shown) = self.shown.lock() {
            shown.push(Shown {
                id,
                app_name,
                summary,
                body,
                actions,
                replaces_id,
                icon: app_icon,
                urgency,
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

    fn close_notification(&self, id: u32) {
        if let Ok(mut closed) = self.closed.lock() {
            closed.push(id);
        }
    }
}

/// Take the notification service name on the session bus of this process.
pub async fn serve() -> zbus::Result<(Notifications, zbus::Connection)> {
    let notifications = Notifications::default();
    let daemon = Daemon {
        shown: notifications.shown.clone(),
        closed: notifications.closed.clone(),
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
