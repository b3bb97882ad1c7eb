//! The tray app: a thin shell that starts Downbeat's engine and shows what it
//! says in the tray, in notifications and in the dashboard window. The logic
//! lives in `downbeat-core`.

mod app;
mod autostart;
mod commands;
mod dashboard;
mod error;
mod history;
mod metrics;
mod options;
mod panel;
mod settings;
mod tray;
mod tray_service;
mod view;

use tauri::{Manager, RunEvent};

pub fn run() {
    // WebKit's JavaScript JIT keeps tens of MB of code and data for a page
    // whose script runs a few milliseconds; the interpreter is plenty. Set
    // before any thread or web process starts (they inherit it).
    #[cfg(target_os = "linux")]
    if std::env::var_os("JSC_useJIT").is_none() && !dashboard::jit_wanted() {
        std::env::set_var("JSC_useJIT", "false");
    }
    let options = options::Options::from_args(std::env::args().skip(1));
    if let Some(text) = options.say {
        println!("{text}");
        return;
    }
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("DOWNBEAT_LOG")
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("warn,downbeat=info")),
        )
        .with_writer(std::io::stderr)
        .init();

    let builder = tauri::Builder::default()
        // First, so a second launch hands over before anything else starts.
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            dashboard::open(app);
        }))
        .plugin(autostart::plugin())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_opener::init())
        .invoke_handler(tauri::generate_handler![
            commands::overview,
            commands::check_now,
            commands::take_focus,
            commands::dashboard_drawn,
            commands::picking_over,
            commands::history_overview,
            commands::service_page,
            commands::incidents,
            commands::settings,
            commands::set_launch_at_login,
            commands::catalog_search,
            commands::catalog_shelves,
            commands::dismiss_history_notice,
            commands::detect_url,
            commands::add_service,
            commands::remove_service,
            commands::set_alerts,
            commands::snooze,
            commands::when_back,
            commands::check_service,
            commands::set_components,
            commands::set_general,
            commands::set_notifications,
            commands::set_metrics,
            commands::open_link
        ])
        .setup(move |app| {
            let startup = app::Startup::load(&options);
            let state = app::start(app.handle(), &startup);
            // Started at login, the app stays in the tray whatever else it
            // was told; the very first start opens on the picker.
            let open_now =
                (options.open_dashboard || state.first_run.open_picker()) && !options.autostart;
            let launch_at_login = state.launch_at_login.clone();
            app.manage(state);
            app.manage(dashboard::PendingFocus::default());
            app.manage(dashboard::Opening::default());
            app.manage(history::History::open(&startup));
            app.manage(settings::Settings::new(&startup));
            // Settings → Advanced: the Prometheus endpoint, when the config asks.
            if let Ok(config) = &startup.config {
                let handle = app.handle().clone();
                let config = config.clone();
                tauri::async_runtime::spawn(async move {
                    let state = handle.state::<app::AppState>();
                    let settings = handle.state::<settings::Settings>();
                    settings.metrics.apply(&state, &config).await;
                });
            }
            panel::detect(app.handle());
            // The tray item's title on Linux (StatusNotifierItem `Title`,
            // what panels and screen readers name it) is the application name.
            #[cfg(target_os = "linux")]
            glib::set_application_name("Downbeat");
            autostart::manage(app.handle(), launch_at_login);
            tray::create(app.handle())?;
            app::follow_engine(app.handle());
            if open_now {
                dashboard::open(app.handle());
            }
            // After the dashboard, so that a question (asked at start only
            // when something is watched already) sits on top of it.
            autostart::start(app.handle(), options.autostart);
            Ok(())
        });

    let app = match builder.build(tauri::generate_context!()) {
        Ok(app) => app,
        Err(error) => {
            eprintln!("downbeat: cannot start: {error}");
            std::process::exit(1);
        }
    };
    app.run(|_app, event| {
        // On macOS a click on a notification brings the app forward.
        #[cfg(target_os = "macos")]
        if let RunEvent::Reopen { .. } = &event {
            dashboard::open(_app);
        }
        // Closing the dashboard leaves the app in the tray; only Quit exits.
        if let RunEvent::ExitRequested {
            code: None, api, ..
        } = event
        {
            api.prevent_exit();
        }
    });
}
