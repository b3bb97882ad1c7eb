//! What a service's item in the tray does (its submenu is drawn by the
//! core, `views::tray`): each only delegates, to the engine (`Command`), the
//! settings or the dashboard.

use crate::app::AppState;
use downbeat_core::app::engine::Command;
use downbeat_core::views::tray::ServiceAction;
use tauri::{AppHandle, Manager};

/// Do what a service's item asks.
pub fn perform(app: &AppHandle, action: ServiceAction, service: String) {
    let command = match action {
        ServiceAction::Open => return crate::dashboard::show_service_page(app, service),
        ServiceAction::Alerts(level) => {
            let app = app.clone();
            tauri::async_runtime::spawn(async move {
                let settings = app.state::<crate::settings::Settings>();
                let history = app.state::<crate::history::History>();
                let state = app.state::<AppState>();
                let set = settings.alerts((&state, &history), &service, Some(level));
                if let Err(error) = set.await {
                    tracing::warn!("cannot set the alert level from the tray: {error}");
                }
                // The panel ticks a check item itself; draw what is true.
                crate::tray::redraw(&app);
            });
            return;
        }
        ServiceAction::Check => Command::CheckService(service),
        ServiceAction::Snooze(choice) => Command::Snooze { service, choice },
        ServiceAction::WhenBack(on) => Command::WhenBack { service, on },
    };
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        if let Err(error) = app.state::<AppState>().send(command).await {
            tracing::warn!("tray action failed: {error}");
        }
        crate::tray::redraw(&app);
    });
}
