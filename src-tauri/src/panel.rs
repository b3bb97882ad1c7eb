//! Which set of tray icons suits the panel they are drawn on.
//!
//! The icons are coloured discs (the colour is the state, so a monochrome
//! macOS "template" icon would hide the one thing the icon says). The
//! standard set is bright, for the dark panels most desktops ship with; the
//! light set has a darker rim and reads on white panels (amber on white is
//! otherwise 2.4:1). On Linux the freedesktop portal's colour-scheme
//! setting says which the user prefers; `DOWNBEAT_TRAY_ICONS=light|dark`
//! overrides it, for panels themed apart from the apps.

use std::sync::atomic::{AtomicBool, Ordering};
use tauri::{AppHandle, Manager};

#[derive(Debug, Default)]
pub struct Panel {
    light: AtomicBool,
}

impl Panel {
    pub fn is_light(&self) -> bool {
        self.light.load(Ordering::Relaxed)
    }
}

/// Manage the panel state (dark until known) and find out, off the start-up
/// path: the tray appears first, and is redrawn if the panel turns out light.
pub fn detect(app: &AppHandle) {
    app.manage(Panel::default());
    let override_choice = std::env::var("DOWNBEAT_TRAY_ICONS").ok();
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        let light = match override_choice.as_deref() {
            Some("light") => true,
            Some("dark") => false,
            _ => prefers_light().await,
        };
        if light {
            app.state::<Panel>().light.store(true, Ordering::Relaxed);
            crate::tray::redraw(&app);
        }
    });
}

/// The portal's `org.freedesktop.appearance color-scheme`: 2 is "prefer
/// light". No portal (or no answer within a second) means the standard set.
#[cfg(target_os = "linux")]
async fn prefers_light() -> bool {
    use std::time::Duration;
    let ask = async {
        let bus = zbus::Connection::session().await?;
        let reply = bus
            .call_method(
                Some("org.freedesktop.portal.Desktop"),
                "/org/freedesktop/portal/desktop",
                Some("org.freedesktop.portal.Settings"),
                "ReadOne",
                &("org.freedesktop.appearance", "color-scheme"),
            )
            .await?;
        let value: zbus::zvariant::OwnedValue = reply.body().deserialize()?;
        Ok::<_, zbus::Error>(u32::try_from(value).ok())
    };
    matches!(
        tokio::time::timeout(Duration::from_secs(1), ask).await,
        Ok(Ok(Some(2)))
    )
}

#[cfg(not(target_os = "linux"))]
async fn prefers_light() -> bool {
    false
}
