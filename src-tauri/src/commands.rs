//! Commands the dashboard may call: one-line delegations.

use crate::app::AppState;
use crate::dashboard::{Opening, PendingFocus};
use crate::error::AppError;
use crate::history::History;
use crate::settings::Settings;
use crate::view::DashboardView;
use downbeat_core::app::engine::Command;
use downbeat_core::app::picker::Shelf;
use downbeat_core::app::settings::{
    AddRequest, CatalogHit, Detection, NotificationSettings, SettingsView,
};
use downbeat_core::model::alerts::{AlertLevel, SnoozeChoice};
use downbeat_core::views::report::{IncidentRow, ServiceHistory, ServicePage};
use tauri::State;

#[tauri::command]
pub fn overview(state: State<'_, AppState>) -> DashboardView {
    state.view()
}

#[tauri::command]
pub async fn check_now(state: State<'_, AppState>) -> Result<(), AppError> {
    state.check_now().await
}

/// The service the dashboard should show first, if it was opened for one.
#[tauri::command]
pub fn take_focus(pending: State<'_, PendingFocus>) -> Option<String> {
    pending.take()
}

/// The page drew its first picture (logged with how long it took).
#[tauri::command]
pub fn dashboard_drawn(opening: State<'_, Opening>) {
    opening.drawn();
}

/// The dashboard shows a page other than the picker while something is
/// watched: the launch-at-login question may be asked now (once).
#[tauri::command]
pub fn picking_over(app: tauri::AppHandle) {
    crate::autostart::picking_over(&app, true);
}

/// Uptime, 90-day bars and sparkline of every service.
#[tauri::command]
pub fn history_overview(history: State<'_, History>) -> Result<Vec<ServiceHistory>, AppError> {
    history.overview()
}

/// One service's page: its incident timelines, components and uptime.
#[tauri::command]
pub fn service_page(
    history: State<'_, History>,
    id: String,
) -> Result<Option<ServicePage>, AppError> {
    history.service(&id)
}

/// Every service's incidents over the last `days` days, newest first.
#[tauri::command]
pub fn incidents(history: State<'_, History>, days: u32) -> Result<Vec<IncidentRow>, AppError> {
    history.incidents(days)
}

#[tauri::command]
pub fn settings(
    app: tauri::AppHandle,
    settings: State<'_, Settings>,
    history: State<'_, History>,
) -> Result<SettingsView, AppError> {
    settings.view(&app, &history)
}

/// Launch at login, as the tray's toggle does it.
#[tauri::command]
pub fn set_launch_at_login(
    app: tauri::AppHandle,
    settings: State<'_, Settings>,
    history: State<'_, History>,
    on: bool,
) -> Result<SettingsView, AppError> {
    settings.launch_at_login(&app, &history, on)
}

#[tauri::command]
pub fn catalog_search(
    settings: State<'_, Settings>,
    history: State<'_, History>,
    query: String,
) -> Result<Vec<CatalogHit>, AppError> {
    settings.search(&history, &query)
}

/// The whole catalog by category, popular services first.
#[tauri::command]
pub fn catalog_shelves(
    settings: State<'_, Settings>,
    history: State<'_, History>,
) -> Result<Vec<Shelf>, AppError> {
    settings.shelves(&history)
}

/// The "history restarted" banner was read: not said again.
#[tauri::command]
pub fn dismiss_history_notice(app: tauri::AppHandle) {
    crate::app::dismiss_history_notice(&app);
}

/// What a pasted URL is, before it is saved.
#[tauri::command]
pub async fn detect_url(
    state: State<'_, AppState>,
    settings: State<'_, Settings>,
    url: String,
) -> Result<Detection, AppError> {
    settings.detect(&url, state.language()).await
}

#[tauri::command]
pub async fn add_service(
    settings: State<'_, Settings>,
    state: State<'_, AppState>,
    history: State<'_, History>,
    request: AddRequest,
) -> Result<SettingsView, AppError> {
    settings.add((&state, &history), &request).await
}

#[tauri::command]
pub async fn remove_service(
    settings: State<'_, Settings>,
    state: State<'_, AppState>,
    history: State<'_, History>,
    id: String,
) -> Result<SettingsView, AppError> {
    settings.remove((&state, &history), &id).await
}

/// A service's alert level: "all", "outages", "off", or none to follow
/// the notification settings.
#[tauri::command]
pub async fn set_alerts(
    settings: State<'_, Settings>,
    state: State<'_, AppState>,
    history: State<'_, History>,
    id: String,
    level: Option<AlertLevel>,
) -> Result<SettingsView, AppError> {
    settings.alerts((&state, &history), &id, level).await
}

#[tauri::command]
pub async fn snooze(
    state: State<'_, AppState>,
    id: String,
    choice: SnoozeChoice,
) -> Result<(), AppError> {
    state
        .send(Command::Snooze {
            service: id,
            choice,
        })
        .await
}

/// "Tell me when it's back" (`on`), or not any more.
#[tauri::command]
pub async fn when_back(state: State<'_, AppState>, id: String, on: bool) -> Result<(), AppError> {
    state.send(Command::WhenBack { service: id, on }).await
}

#[tauri::command]
pub async fn check_service(state: State<'_, AppState>, id: String) -> Result<(), AppError> {
    state.send(Command::CheckService(id)).await
}

#[tauri::command]
pub async fn set_components(
    settings: State<'_, Settings>,
    state: State<'_, AppState>,
    history: State<'_, History>,
    id: String,
    components: Vec<String>,
) -> Result<SettingsView, AppError> {
    settings
        .components((&state, &history), &id, &components)
        .await
}

#[tauri::command]
pub async fn set_general(
    settings: State<'_, Settings>,
    state: State<'_, AppState>,
    history: State<'_, History>,
    interval_s: u64,
    language: String,
) -> Result<SettingsView, AppError> {
    settings
        .general((&state, &history), interval_s, &language)
        .await
}

#[tauri::command]
pub async fn set_notifications(
    settings: State<'_, Settings>,
    state: State<'_, AppState>,
    history: State<'_, History>,
    wanted: NotificationSettings,
) -> Result<SettingsView, AppError> {
    settings.notifications((&state, &history), &wanted).await
}

/// Settings → Advanced: the Prometheus endpoint on or off, and its port.
#[tauri::command]
pub async fn set_metrics(
    settings: State<'_, Settings>,
    state: State<'_, AppState>,
    history: State<'_, History>,
    enabled: bool,
    port: u16,
) -> Result<SettingsView, AppError> {
    settings.metrics((&state, &history), enabled, port).await
}

/// "Open status page": the default browser, never the app's webview.
#[tauri::command]
pub fn open_link(app: tauri::AppHandle, url: String) -> Result<(), AppError> {
    crate::dashboard::open_link(&app, &url)
}
