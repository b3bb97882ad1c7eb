//! Start-up: paths, config, store and engine, and the task that carries the
//! engine's picture to the tray and the dashboard.

use crate::error::AppError;
use crate::options::Options;
use crate::view::DashboardView;
use downbeat_core::app::engine::{language_of, system_language, Command, Engine, EngineHandle};
use downbeat_core::app::first_run::FirstRun;
use downbeat_core::app::notices::HistoryRestarted;
use downbeat_core::config::catalog::Catalog;
use downbeat_core::config::paths::Paths;
use downbeat_core::config::Config;
use downbeat_core::io::fetch::{FetchOptions, Fetcher};
use downbeat_core::io::notifier::{DesktopNotifier, Notifier as _, OnAction};
use downbeat_core::model::alerts::{NotificationAction, SnoozeChoice};
use downbeat_core::model::clock::SystemClock;
use downbeat_core::model::i18n::{Language, Text};
use downbeat_core::model::Overview;
use downbeat_core::store::Store;
use std::path::PathBuf;
use std::sync::Arc;
use tauri::{AppHandle, Emitter, Manager};

/// Event carrying a fresh [`DashboardView`] to the dashboard.
pub const OVERVIEW_EVENT: &str = "overview";

pub struct AppState {
    engine: Result<EngineHandle, String>,
    config_path: String,
    /// The config's language (or the system's, for "auto"); settings change it.
    language: std::sync::RwLock<Language>,
    /// The config file and its `launch_at_login`, when it could be read.
    pub launch_at_login: Option<(PathBuf, Option<bool>)>,
    /// Nothing watched until the person picks (see `first_run`).
    pub first_run: FirstRun,
    /// The database was unreadable and a new one started: said until the
    /// dashboard's banner is dismissed.
    history_restarted: std::sync::Mutex<Option<HistoryRestarted>>,
}

impl AppState {
    pub fn view(&self) -> DashboardView {
        let language = self.language();
        let view = match &self.engine {
            Ok(engine) => {
                DashboardView::new(&engine.overview.borrow(), None, &self.config_path, language)
            }
            Err(problem) => DashboardView::new(
                &Overview::default(),
                Some(problem.clone()),
                &self.config_path,
                language,
            ),
        };
        let notice = self.history_restarted.lock().ok().and_then(|n| n.clone());
        view.with_first_run(&self.first_run, language)
            .with_notice(notice)
    }

    /// The history banner was read and closed: it is not said again.
    pub fn dismiss_history_notice(&self) {
        if let Ok(mut notice) = self.history_restarted.lock() {
            *notice = None;
        }
    }

    /// Each hook's last outcome, while the engine runs.
    pub fn hook_reports(&self) -> Option<Vec<downbeat_core::io::hooks::HookReport>> {
        self.engine
            .as_ref()
            .ok()
            .map(|engine| engine.hooks.reports())
    }

    pub fn language(&self) -> Language {
        self.language.read().map(|l| *l).unwrap_or_default()
    }

    /// The settings wrote a new config: words follow its language, and
    /// once it watches something the first run is over.
    pub fn config_saved(&self, config: &Config) {
        if let Ok(mut language) = self.language.write() {
            *language = language_of(config);
        }
        self.first_run.saved(config);
    }

    pub async fn check_now(&self) -> Result<(), AppError> {
        self.send(Command::CheckNow).await
    }

    pub async fn send(&self, command: Command) -> Result<(), AppError> {
        let engine = self
            .engine
            .as_ref()
            .map_err(|problem| AppError::EngineNotRunning(problem.clone()))?;
        engine
            .commands
            .send(command)
            .await
            .map_err(|_| AppError::EngineStopped)
    }

    /// The engine's events, for the dashboard's live updates.
    pub fn subscribe(
        &self,
    ) -> Option<tokio::sync::broadcast::Receiver<downbeat_core::model::Event>> {
        self.engine
            .as_ref()
            .ok()
            .map(|engine| engine.events.subscribe())
    }

    pub fn overview(&self) -> Option<tokio::sync::watch::Receiver<Overview>> {
        self.engine
            .as_ref()
            .ok()
            .map(|engine| engine.overview.clone())
    }
}

/// What start-up reads once and hands to the engine, the history reads and
/// the settings: the paths, resolved once, and the config, read once.
pub struct Startup {
    pub paths: Result<Paths, String>,
    pub config: Result<Config, String>,
    /// The config did not exist and was written just now.
    pub first_run: bool,
}

impl Startup {
    pub fn load(options: &Options) -> Startup {
        let paths = Paths::resolve(options.config.clone(), options.data_dir.clone());
        let loaded = match &paths {
            Ok(paths) => {
                Config::load_or_first_run(&paths.config, &Catalog::builtin()).map_err(|e| {
                    // No config to read a language from: the system's.
                    let mistake = system_language().text(Text::ConfigMistake);
                    format!("{mistake}\n{e}")
                })
            }
            Err(problem) => Err(problem.clone()),
        };
        match &loaded {
            Err(problem) => eprintln!("downbeat: {problem}"),
            Ok((config, _)) => {
                for retired in &config.retired {
                    eprintln!("downbeat: {retired}");
                }
            }
        }
        let first_run = loaded.as_ref().is_ok_and(|(_, first)| *first);
        let config = loaded.map(|(config, _)| config);
        Startup {
            paths,
            config,
            first_run,
        }
    }
}

/// Start the engine. A bad config or database does not stop the app: it
/// starts grey, and the dashboard shows what is wrong.
pub fn start(app: &AppHandle, startup: &Startup) -> AppState {
    let config_path = startup
        .paths
        .as_ref()
        .map(|paths| paths.config.display().to_string())
        .unwrap_or_default();
    let launch_at_login = match (&startup.paths, &startup.config) {
        (Ok(paths), Ok(config)) => Some((paths.config.clone(), config.general.launch_at_login)),
        _ => None,
    };
    let language = startup
        .config
        .as_ref()
        .map(language_of)
        .unwrap_or_else(|_| system_language());
    let (engine, history_restarted) = match (&startup.paths, &startup.config) {
        (Ok(paths), Ok(config)) => match start_engine(app, paths, config.clone(), language) {
            Ok((engine, notice)) => (Ok(engine), notice),
            Err(problem) => {
                eprintln!("downbeat: {problem}");
                (Err(problem), None)
            }
        },
        (Err(problem), _) | (_, Err(problem)) => (Err(problem.clone()), None),
    };
    let first_run = FirstRun::start(
        startup
            .paths
            .as_ref()
            .ok()
            .map(|paths| paths.data_dir.as_path()),
        startup.config.as_ref().ok(),
        startup.first_run,
    );
    AppState {
        engine,
        config_path,
        language: std::sync::RwLock::new(language),
        launch_at_login,
        first_run,
        history_restarted: std::sync::Mutex::new(history_restarted),
    }
}

/// The engine, and what to tell the person about its database.
fn start_engine(
    app: &AppHandle,
    paths: &Paths,
    config: Config,
    language: Language,
) -> Result<(EngineHandle, Option<HistoryRestarted>), String> {
    // The data dir's one writer: beside a running `downbeat watch` (or a
    // second app with another config) the app says who holds it and stays
    // grey instead of doubling every check and notification.
    let store = Store::open_writer(&paths.database(), "Downbeat (tray)", chrono::Utc::now())
        .map_err(|e| {
            let unavailable = language.text(Text::DatabaseUnavailable);
            format!("{unavailable}\n{e}")
        })?;
    let history_restarted = store.recovered().map(|recovered| {
        tracing::warn!(
            "the database could not be read ({}); it was moved to {} and a new one started",
            recovered.reason,
            recovered.moved_to.display()
        );
        HistoryRestarted::new(recovered, language)
    });
    let fetcher = Fetcher::new(FetchOptions::default()).map_err(|e| e.error.message)?;
    tracing::info!(
        "watching {} services; config {}, data {}",
        config.services.len(),
        paths.config.display(),
        paths.data_dir.display()
    );
    // The button follows the language the settings choose, as the texts do.
    let start_language = language;
    let labels = app.clone();
    let language_now = Arc::new(move || {
        labels
            .try_state::<AppState>()
            .map_or(start_language, |state| state.language())
    });
    let notifier = DesktopNotifier::new("Downbeat")
        .with_actions(language_now, from_notification(app.clone()))
        .with_bundle_id(app.config().identifier.clone());
    if let Some(notice) = &history_restarted {
        notifier.notify(&notice.notification());
    }
    let engine = Engine::new(
        config,
        fetcher,
        store,
        Arc::new(notifier),
        Arc::new(SystemClock),
    );
    // The engine lives as long as the app; the process exit ends it.
    let (handle, _task) = tauri::async_runtime::block_on(async {
        let (handle, task) = engine.spawn(std::future::pending());
        downbeat_core::app::os_events::forward(None, handle.commands.clone());
        (handle, task)
    });
    Ok((handle, history_restarted))
}

/// A button on a notification (or a click on it): the dashboard on the
/// service it names, or the engine told. It arrives on a notifier thread;
/// windows are made on the main one.
fn from_notification(app: AppHandle) -> OnAction {
    Arc::new(move |action, service| {
        let command = match (action, service) {
            (NotificationAction::Open, service) => {
                let handle = app.clone();
                let shown = app.run_on_main_thread(move || {
                    crate::dashboard::show_service(&handle, service);
                });
                if let Err(error) = shown {
                    tracing::warn!("cannot open the dashboard from a notification: {error}");
                }
                return;
            }
            (_, None) => return,
            (NotificationAction::SnoozeHour, Some(service)) => Command::Snooze {
                service,
                choice: SnoozeChoice::Hour,
            },
            (NotificationAction::WhenBack, Some(service)) => {
                Command::WhenBack { service, on: true }
            }
        };
        let app = app.clone();
        tauri::async_runtime::spawn(async move {
            if let Err(error) = app.state::<AppState>().send(command).await {
                tracing::warn!("notification action failed: {error}");
            }
        });
    })
}

/// The "history restarted" notice was read: the banner, the tray line go.
pub fn dismiss_history_notice(app: &AppHandle) {
    app.state::<AppState>().dismiss_history_notice();
    redraw(app);
}

/// Something besides the engine changed what is shown (a notice closed):
/// the tray and an open dashboard follow.
fn redraw(app: &AppHandle) {
    crate::tray::redraw(app);
    let view = app.state::<AppState>().view();
    if let Err(error) = app.emit_to("main", OVERVIEW_EVENT, &view) {
        tracing::debug!("dashboard not listening: {error}");
    }
}

/// Keep the tray and the dashboard in step with the engine.
pub fn follow_engine(app: &AppHandle) {
    let state = app.state::<AppState>();
    crate::tray::refresh(app, &state.view());
    crate::dashboard::forward_events(app, state.subscribe());
    let Some(mut overview) = state.overview() else {
        return;
    };
    // Ages in the tray menu ("last known, 12 min ago") move with the clock.
    let ticking = app.clone();
    tauri::async_runtime::spawn(async move {
        let mut minute = tokio::time::interval(std::time::Duration::from_secs(60));
        minute.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
        loop {
            minute.tick().await;
            let view = ticking.state::<AppState>().view();
            crate::tray::refresh(&ticking, &view);
        }
    });
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        while overview.changed().await.is_ok() {
            let view = app.state::<AppState>().view();
            crate::tray::refresh(&app, &view);
            if let Err(error) = app.emit_to("main", OVERVIEW_EVENT, &view) {
                tracing::debug!("dashboard not listening: {error}");
            }
        }
    });
}
