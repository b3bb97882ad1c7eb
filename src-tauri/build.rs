fn main() {
    // Declaring the app's commands makes each one need a permission, so the
    // dashboard's capability lists exactly what it may call.
    let manifest =
        tauri_build::AppManifest::new().commands(&["overview", "check_now", "take_focus"]);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .unwrap_or_else(|error| panic!("tauri build script: {error:#}"));
}
