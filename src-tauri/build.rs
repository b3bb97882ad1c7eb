fn main() {
    // Declaring the app's commands makes each one need a permission, so the
    // dashboard's capability lists exactly what it may call.
    let manifest = tauri_build::AppManifest::new().commands(&[
        "overview",
        "check_now",
        "take_focus",
        "dashboard_drawn",
        "picking_over",
        "history_overview",
        "service_page",
        "incidents",
        "settings",
        "set_launch_at_login",
        "catalog_search",
        "catalog_shelves",
        "dismiss_history_notice",
        "detect_url",
        "add_service",
        "remove_service",
        "set_alerts",
        "snooze",
        "when_back",
        "check_service",
        "set_components",
        "set_general",
        "set_notifications",
        "set_metrics",
        "open_link",
    ]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .unwrap_or_else(|error| panic!("tauri build script: {error:#}"));
}
