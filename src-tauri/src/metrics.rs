//! Settings → Advanced: the tray app's Prometheus endpoint, the same
//! `/metrics` (and `/api/v1`, `/healthz`) as `downbeat serve`, off unless
//! the config's `[metrics] enabled` says so, and on 127.0.0.1 only (no
//! token: nothing leaves this machine). Turning it off stops the listener;
//! a port that cannot be had is said beside the control.

use crate::app::AppState;
use downbeat_core::app::serve::{self, Exporter, Options};
use downbeat_core::config::Config;
use downbeat_core::model::clock::SystemClock;
use downbeat_core::model::i18n::Language;
use std::net::{Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::Mutex;

/// How long a stopped listener may take to let go of its port.
const STOP: std::time::Duration = std::time::Duration::from_secs(3);

struct Running {
    port: u16,
    exporter: Exporter,
    stop: tokio::sync::oneshot::Sender<()>,
    task: tauri::async_runtime::JoinHandle<()>,
}

/// The endpoint, as the config last asked for it.
pub struct MetricsServer {
    database: Option<PathBuf>,
    /// Held across a start or stop, so two changes do not interleave.
    running: Mutex<Option<Running>>,
    /// Why the endpoint asked for is not served, in the user's language.
    problem: std::sync::Mutex<Option<String>>,
}

impl MetricsServer {
    pub fn new(database: Option<PathBuf>) -> MetricsServer {
        MetricsServer {
            database,
            running: Mutex::default(),
            problem: std::sync::Mutex::default(),
        }
    }

    /// Why the endpoint is not served although asked for, if it is not.
    pub fn problem(&self) -> Option<String> {
        self.problem.lock().ok().and_then(|problem| problem.clone())
    }

    fn say(&self, problem: Option<String>) {
        if let Ok(mut said) = self.problem.lock() {
            *said = problem;
        }
    }

    /// Start, stop, move or refresh the endpoint to match `config`.
    pub async fn apply(&self, state: &AppState, config: &Config) {
        let mut running_now = self.running.lock().await;
        let wanted = config.metrics.enabled.then_some(config.metrics.port);
        if let (Some(running), Some(port)) = (&*running_now, wanted) {
            if running.port == port {
                // Same port: the services and their names follow the config.
                running.exporter.reload(config.clone());
                return;
            }
        }
        if let Some(running) = running_now.take() {
            let _ = running.stop.send(());
            if tokio::time::timeout(STOP, running.task).await.is_err() {
                tracing::warn!("the metrics endpoint took long to stop");
            }
            tracing::info!("metrics endpoint on port {} stopped", running.port);
        }
        self.say(None);
        let Some(port) = wanted else {
            return;
        };
        match start(state, self.database.as_ref(), config, port).await {
            Ok(running) => *running_now = Some(running),
            Err(problem) => {
                tracing::warn!("metrics endpoint: {problem}");
                self.say(Some(problem));
            }
        }
    }
}

async fn start(
    state: &AppState,
    database: Option<&PathBuf>,
    config: &Config,
    port: u16,
) -> Result<Running, String> {
    let language = state.language();
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let (Some(events), Some(overview), Some(database)) =
        (state.subscribe(), state.overview(), database)
    else {
        return Err(not_watching(language));
    };
    let exporter = Exporter::start(
        config.clone(),
        database,
        events,
        overview,
        Arc::new(SystemClock),
    )
    .map_err(|error| error.to_string())?;
    let listener = serve::bind(addr, None).await.map_err(|error| match error {
        serve::ServeError::Bind { source, .. } => {
            language.cannot_listen(&addr.to_string(), &source)
        }
        other => other.to_string(),
    })?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let task = tauri::async_runtime::spawn(serve::run(
        listener,
        exporter.clone(),
        Options::default(),
        async {
            let _ = stopped.await;
        },
    ));
    tracing::info!("metrics endpoint on http://{addr}/metrics");
    Ok(Running {
        port,
        exporter,
        stop,
        task,
    })
}

fn not_watching(language: Language) -> String {
    language.text(downbeat_core::model::i18n::Text::NotWatching)
}
