//! The dashboard window. Closing it destroys the webview (WebKit's processes
//! cost a few hundred MB); opening it again makes a new one.

use std::sync::Mutex;
use tauri::{AppHandle, Emitter, Manager, WebviewUrl, WebviewWindowBuilder};

pub const WINDOW: &str = "main";
/// Event asking an open dashboard to bring a service into view.
pub const FOCUS_EVENT: &str = "focus-service";
/// Event carrying one engine event (a state change, the connection, a
/// notification) to an open dashboard, so its pages update without polling.
pub const ENGINE_EVENT: &str = "engine-event";
/// Event asking an open dashboard to show one of its pages ("pick").
pub const PAGE_EVENT: &str = "show-page";

/// When the dashboard now being made was asked for, to log how long it took
/// to draw (the figure in docs/BENCHMARKS.md comes from that line).
#[derive(Debug, Default)]
pub struct Opening(Mutex<Option<std::time::Instant>>);

impl Opening {
    /// The page has drawn its first picture.
    pub fn drawn(&self) {
        let started = self.0.lock().ok().and_then(|mut started| started.take());
        if let Some(started) = started {
            tracing::info!(
                "dashboard drawn {} ms after it was opened",
                started.elapsed().as_millis()
            );
        }
    }
}

/// The service a dashboard that is still being made should show first.
#[derive(Debug, Default)]
pub struct PendingFocus(Mutex<Option<String>>);

impl PendingFocus {
    pub fn take(&self) -> Option<String> {
        self.0.lock().ok().and_then(|mut pending| pending.take())
    }

    fn set(&self, service: Option<String>) {
        if let Ok(mut pending) = self.0.lock() {
            *pending = service;
        }
    }
}

/// Open the dashboard on `service`: an open one scrolls to it, a new one
/// asks for it when it starts (`take_focus`).
pub fn show_service(app: &AppHandle, service: Option<String>) {
    if app.get_webview_window(WINDOW).is_some() {
        if let Some(service) = &service {
            if let Err(error) = app.emit_to(WINDOW, FOCUS_EVENT, service) {
                tracing::debug!("dashboard not listening: {error}");
            }
        }
    } else if let Some(pending) = app.try_state::<PendingFocus>() {
        pending.set(service);
    }
    open(app);
}

/// A service's page (the tray's "Open its page"): an open dashboard goes
/// there; a new one opens with the service in view on the overview.
pub fn show_service_page(app: &AppHandle, service: String) {
    if app.get_webview_window(WINDOW).is_some() {
        show_page(app, &format!("service/{service}"));
    } else {
        show_service(app, Some(service));
    }
}

/// Open the dashboard on `page`: an open one goes there; a new one starts
/// on the picker by itself while nothing is watched.
pub fn show_page(app: &AppHandle, page: &str) {
    if app.get_webview_window(WINDOW).is_some() {
        if let Err(error) = app.emit_to(WINDOW, PAGE_EVENT, page) {
            tracing::debug!("dashboard not listening: {error}");
        }
    }
    open(app);
}

pub fn open(app: &AppHandle) {
    if let Some(window) = app.get_webview_window(WINDOW) {
        let _ = window.unminimize();
        let _ = window.show();
        let _ = window.set_focus();
        return;
    }
    if let Some(opening) = app.try_state::<Opening>() {
        if let Ok(mut started) = opening.0.lock() {
            *started = Some(std::time::Instant::now());
        }
    }
    let built = WebviewWindowBuilder::new(app, WINDOW, WebviewUrl::App("index.html".into()))
        .title("Downbeat")
        .inner_size(760.0, 600.0)
        .min_inner_size(420.0, 320.0)
        .build();
    match built {
        Ok(window) => {
            // Closed straight from the picker after a pick: the
            // launch-at-login question comes now, on its own.
            let handle = app.clone();
            window.on_window_event(move |event| {
                if let tauri::WindowEvent::Destroyed = event {
                    crate::autostart::picking_over(&handle, false);
                }
            });
            #[cfg(target_os = "linux")]
            if let Err(error) = window.with_webview(lighten) {
                tracing::debug!("webview settings not applied: {error}");
            }
            let _ = window.set_focus();
        }
        Err(error) => tracing::error!("cannot open the dashboard: {error}"),
    }
}

/// Carry the engine's events to the dashboard while the app runs. An
/// observation is left out: the overview event already follows each check.
pub fn forward_events(
    app: &AppHandle,
    events: Option<tokio::sync::broadcast::Receiver<downbeat_core::model::Event>>,
) {
    use downbeat_core::model::Event;
    use tokio::sync::broadcast::error::RecvError;
    let Some(mut events) = events else { return };
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            match events.recv().await {
                Ok(Event::Observation { .. }) => {}
                Ok(event) => {
                    if app.get_webview_window(WINDOW).is_some() {
                        // Reasons as sentences in the user's language, as `watch --json`.
                        let language = app.state::<crate::app::AppState>().language();
                        let line = event.to_json(language, *chrono::Local::now().offset());
                        let _ = app.emit_to(WINDOW, ENGINE_EVENT, &line);
                    }
                }
                Err(RecvError::Lagged(_)) => {}
                Err(RecvError::Closed) => break,
            }
        }
    });
}

/// Open a vendor's page in the default browser (through the opener plugin:
/// `xdg-open`, `open`, `start`), never inside the app's webview. Only http(s)
/// links are opened; the text came from a status page or the config.
pub fn open_link(app: &AppHandle, url: &str) -> Result<(), crate::error::AppError> {
    use tauri_plugin_opener::OpenerExt;
    let Some(url) = downbeat_core::model::text::http_link(url) else {
        return Err(crate::error::AppError::Link(
            url.chars().take(200).collect(),
        ));
    };
    app.opener()
        .open_url(url, None::<&str>)
        .map_err(|error| crate::error::AppError::Link(format!("{url}: {error}")))
}

/// `DOWNBEAT_WEBVIEW_DEFAULTS=cache,compositing,jit` (or `all`) leaves
/// those of WebKit's defaults alone: for measuring what each setting saves
/// (scripts/measure-dashboard, docs/BENCHMARKS.md).
fn tuning_off(what: &str) -> bool {
    std::env::var("DOWNBEAT_WEBVIEW_DEFAULTS").is_ok_and(|off| {
        off.split(',')
            .any(|o| o.trim() == what || o.trim() == "all")
    })
}

/// A dashboard of text and a few hundred boxes needs little of what a
/// browser keeps: no page or memory caches beyond the document, no GPU
/// compositing (its buffers cost more than the page), no WebGL or media.
#[cfg(target_os = "linux")]
fn lighten(webview: tauri::webview::PlatformWebview) {
    use webkit2gtk::{
        CacheModel, HardwareAccelerationPolicy, SettingsExt, WebContextExt, WebViewExt,
    };
    let view = webview.inner();
    if !tuning_off("cache") {
        if let Some(context) = view.context() {
            context.set_cache_model(CacheModel::DocumentViewer);
        }
    }
    if let Some(settings) = WebViewExt::settings(&view) {
        if !tuning_off("compositing") {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
        settings.set_enable_webgl(false);
        settings.set_enable_media(false);
        settings.set_enable_page_cache(false);
    }
}

/// Whether to leave WebKit's JIT on (see `lib::run`).
pub fn jit_wanted() -> bool {
    tuning_off("jit")
}
