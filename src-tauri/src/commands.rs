//! Commands the dashboard may call: one-line delegations.

use crate::app::AppState;
use crate::dashboard::PendingFocus;
use crate::error::AppError;
use crate::view::DashboardView;
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
