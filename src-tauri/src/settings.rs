//! The settings page's edits: each one changes the config file (comments
//! kept, only ever a valid config written), then the engine and the history
//! reads take the new config at once.

use crate::app::{AppState, Startup};
use crate::error::AppError;
use crate::history::History;
use downbeat_core::app::engine::Command;
use downbeat_core::app::picker::{self, Shelf};
use downbeat_core::app::settings::{self as core, AddRequest, CatalogHit, Detection, SettingsView};
use downbeat_core::config::catalog::Catalog;
use downbeat_core::config::edit::{self, ConfigEditor};
use downbeat_core::config::AlertLevel;
use downbeat_core::io::checker::Checker;
use downbeat_core::io::fetch::{FetchOptions, Fetcher};
use downbeat_core::model::i18n::{Language, Text};
use std::path::PathBuf;
use tauri::{AppHandle, Manager};

pub struct Settings {
    config_path: Option<PathBuf>,
    catalog: Catalog,
    checker: Option<Checker>,
    /// Settings → Advanced: the Prometheus endpoint.
    pub metrics: crate::metrics::MetricsServer,
}

impl Settings {
    pub fn new(startup: &Startup) -> Settings {
        let config_path = startup
            .paths
            .as_ref()
            .ok()
            .map(|paths| paths.config.clone());
        let checker = Fetcher::new(FetchOptions::default()).ok().map(Checker::new);
        let database = startup.paths.as_ref().ok().map(|paths| paths.database());
        Settings {
            config_path,
            catalog: Catalog::builtin(),
            checker,
            metrics: crate::metrics::MetricsServer::new(database),
        }
    }

    /// The config's settings, and launch at login as the OS has it now (the
    /// tray may have changed it since the config was read).
    pub fn view(&self, app: &AppHandle, history: &History) -> Result<SettingsView, AppError> {
        let mut view = history.read(|store, config| core::view(config, store))?;
        if let Some(launch) = app.try_state::<crate::autostart::LaunchAtLogin>() {
            view.launch_at_login = launch.shown();
        }
        // The running hooks' last outcomes, when the engine runs them.
        if let Some(reports) = app.try_state::<AppState>().and_then(|s| s.hook_reports()) {
            view.hooks = reports;
        }
        view.metrics_problem = self.metrics.problem();
        Ok(view)
    }

    /// Advanced: serve `/metrics` on 127.0.0.1:`port`, or stop serving it.
    pub async fn metrics(
        &self,
        app: (&AppState, &History),
        enabled: bool,
        port: u16,
    ) -> Result<SettingsView, AppError> {
        if port == 0 {
            return Err(AppError::Settings("port: 1 to 65535".into()));
        }
        self.change(app, |edit| {
            edit.set("metrics", "enabled", Some(enabled.into()))?;
            edit.set("metrics", "port", Some(i64::from(port).into()))
        })
        .await
    }

    pub fn launch_at_login(
        &self,
        app: &AppHandle,
        history: &History,
        on: bool,
    ) -> Result<SettingsView, AppError> {
        crate::autostart::set(app, on);
        self.view(app, history)
    }

    pub fn search(&self, history: &History, query: &str) -> Result<Vec<CatalogHit>, AppError> {
        history.read(|_, config| Ok(core::search(&self.catalog, config, query)))
    }

    pub fn shelves(&self, history: &History) -> Result<Vec<Shelf>, AppError> {
        history.read(|_, config| Ok(picker::shelves(&self.catalog, config)))
    }

    /// Fetch `url` and say what it is, before anything is saved.
    pub async fn detect(&self, url: &str, language: Language) -> Result<Detection, AppError> {
        let checker = self
            .checker
            .as_ref()
            .ok_or(AppError::Settings("no HTTP client".into()))?;
        let check = checker.detect(url.trim(), chrono::Utc::now()).await;
        Ok(core::detection(url.trim(), &check, language))
    }

    pub async fn add(
        &self,
        app: (&AppState, &History),
        request: &AddRequest,
    ) -> Result<SettingsView, AppError> {
        let config = app
            .1
            .config()
            .ok_or_else(|| AppError::Settings(app.0.language().text(Text::ConfigUnread)))?;
        self.change(app, |edit| core::add(edit, &config, &self.catalog, request))
            .await
    }

    pub async fn remove(
        &self,
        app: (&AppState, &History),
        id: &str,
    ) -> Result<SettingsView, AppError> {
        self.change(app, |edit| edit.remove_service(id)).await
    }

    /// A service's alert level; `None` follows the notification settings.
    pub async fn alerts(
        &self,
        app: (&AppState, &History),
        id: &str,
        level: Option<AlertLevel>,
    ) -> Result<SettingsView, AppError> {
        self.change(app, |edit| edit.set_alerts(id, level)).await
    }

    pub async fn components(
        &self,
        app: (&AppState, &History),
        id: &str,
        components: &[String],
    ) -> Result<SettingsView, AppError> {
        self.change(app, |edit| edit.set_components(id, components))
            .await
    }

    pub async fn general(
        &self,
        app: (&AppState, &History),
        interval_s: u64,
        language: &str,
    ) -> Result<SettingsView, AppError> {
        self.change(app, |edit| {
            edit.set(
                "general",
                "interval",
                Some(core::human_interval(interval_s).into()),
            )?;
            edit.set("general", "language", Some(language.into()))
        })
        .await
    }

    pub async fn notifications(
        &self,
        app: (&AppState, &History),
        wanted: &core::NotificationSettings,
    ) -> Result<SettingsView, AppError> {
        self.change(app, |edit| {
            edit.set("notifications", "enabled", Some(wanted.enabled.into()))?;
            edit.set("notifications", "degraded", Some(wanted.degraded.into()))?;
            edit.set("notifications", "offline", Some(wanted.offline.into()))?;
            let quiet = core::quiet_hours_field(wanted.quiet_hours.as_deref())?;
            edit.set("notifications", "quiet_hours", quiet.map(Into::into))
        })
        .await
    }

    /// Edit, save, and hand the new config to the engine and the reads.
    async fn change(
        &self,
        (state, history): (&AppState, &History),
        change: impl FnOnce(&mut ConfigEditor) -> Result<(), String>,
    ) -> Result<SettingsView, AppError> {
        let path = self
            .config_path
            .as_ref()
            .ok_or(AppError::Settings("no config file".into()))?;
        let config = edit::update(path, &self.catalog, change)
            .map_err(|e| AppError::Settings(e.to_string()))?;
        history.replace_config(config.clone());
        state.config_saved(&config);
        self.metrics.apply(state, &config).await;
        state.send(Command::Reload(Box::new(config))).await?;
        let mut view = history.read(|store, config| core::view(config, store))?;
        view.metrics_problem = self.metrics.problem();
        Ok(view)
    }
}
