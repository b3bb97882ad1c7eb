//! Commands the dashboard may call: one-line delegations.

use crate::app::AppState;
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
