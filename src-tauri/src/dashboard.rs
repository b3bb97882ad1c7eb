//! The dashboard window. Closing it destroys the webview (WebKit's processes
//! cost a few hundred MB); opening it again makes a new one.

use tauri::{AppHandle, Manager, WebviewUrl, WebviewWindowBuilder};

pub const WINDOW: &str = "main";

pub fn open(app: &AppHandle) {
    if let Some(window) = app.get_webview_window(WINDOW) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
        return;
    }
    let built = WebviewWindowBuilder::new(app, WINDOW, WebviewUrl::App("index.html".into()))
        .title("Downbeat")
        .inner_size(760.0, 600.0)
        .min_inner_size(420.0, 320.0)
        .build();
    match built {
        Ok(window) => {
            let _ = window.set_focus();
        }
        Err(error) => tracing::error!("cannot open the dashboard: {error}"),
    }
}
