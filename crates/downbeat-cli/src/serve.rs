//! `downbeat serve [--listen 127.0.0.1:9464] [--token FILE]`: the engine as
//! a long-running service with Prometheus `/metrics`, JSON `/api/v1/…` and
//! `/healthz` (`downbeat_core::app::serve`). SIGTERM and SIGINT stop it
//! within 5 s, SIGHUP re-reads the config.

use crate::cli::ServeArgs;
use crate::exit::{self, Exit};
use crate::history::one_line;
use crate::setup;
use anyhow::Context as _;
use downbeat_core::app::engine::{Command, Engine};
use downbeat_core::app::serve::{self, Exporter, Options, ServeError, Token};
use downbeat_core::config::paths::Paths;
use downbeat_core::io::fetch::{FetchOptions, Fetcher};
use downbeat_core::io::notifier::NoNotifier;
use downbeat_core::model::clock::SystemClock;
use downbeat_core::model::i18n::Language;
use downbeat_core::model::Event;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::broadcast::error::RecvError;

/// Everything is stopped within this after SIGTERM, finished or not.
const STOP_WITHIN: Duration = Duration::from_millis(4500);

pub async fn run(args: &ServeArgs, paths: &Paths) -> anyhow::Result<u8> {
    let addr: SocketAddr = args.listen.parse().map_err(|_| {
        exit::usage(format!(
            "bad --listen {:?}: give an address and a port, such as 127.0.0.1:9464 or [::1]:9464",
            args.listen
        ))
    })?;
    let token = args
        .token
        .as_deref()
        .map(Token::read)
        .transpose()
        .map_err(refused)?;
    // Refuse an unguarded public address before anything else starts.
    let listener = serve::bind(addr, token.as_ref()).await.map_err(refused)?;
    let local = listener
        .local_addr()
        .context("cannot read the bound address")?;

    let config = setup::config_to_watch(paths, true)?;
    // The one writer of this data dir (a second watcher says who holds it).
    let store = setup::open_writer(paths, "downbeat serve")?;
    let fetcher = Fetcher::new(FetchOptions::default())
        .map_err(|failure| anyhow::anyhow!("{}", failure.error.message))?;
    let clock = Arc::new(SystemClock);
    let engine = Engine::new(
        config.clone(),
        fetcher,
        store,
        Arc::new(NoNotifier),
        clock.clone(),
    );
    let metrics_events = engine.subscribe();
    let log_events = engine.subscribe();
    let mut signals = Signals::new()?;
    let (stop_engine, engine_stopped) = tokio::sync::oneshot::channel::<()>();
    let (handle, engine_task) = engine.spawn(async move {
        let _ = engine_stopped.await;
    });
    downbeat_core::app::os_events::forward(None, handle.commands.clone());
    let exporter = Exporter::start(
        config.clone(),
        &paths.database(),
        metrics_events,
        handle.overview.clone(),
        clock,
    )
    .map_err(|error| Exit::new(exit::FAILURE, error.to_string()))?;
    tokio::spawn(log_changes(log_events));

    let (stop_server, server_stopped) = tokio::sync::oneshot::channel::<()>();
    let options = Options {
        token,
        ..Options::default()
    };
    let server = tokio::spawn(serve::run(listener, exporter.clone(), options, async {
        let _ = server_stopped.await;
    }));
    tracing::info!(
        "serving http://{local}/metrics, /api/v1/status, /api/v1/services/ID and /healthz for {} service(s); config {}",
        config.services.len(),
        paths.config.display()
    );
    // Always said, whatever the log level: where to point Prometheus.
    eprintln!("downbeat: listening on http://{local}");

    loop {
        match signals.next().await {
            Signal::Stop(name) => {
                tracing::info!("{name}: stopping");
                break;
            }
            Signal::Reload => match setup::config_to_watch(paths, true) {
                Ok(config) => {
                    tracing::info!(
                        "SIGHUP: config re-read, {} service(s)",
                        config.services.len()
                    );
                    exporter.reload(config.clone());
                    if handle
                        .commands
                        .send(Command::Reload(Box::new(config)))
                        .await
                        .is_err()
                    {
                        tracing::error!("the engine is gone; stopping");
                        break;
                    }
                }
                Err(error) => {
                    tracing::error!(
                        "SIGHUP: the config was not reloaded, the old one stays: {error}"
                    )
                }
            },
        }
    }

    let _ = stop_server.send(());
    let _ = stop_engine.send(());
    let stopping = async {
        let _ = server.await;
        engine_task.await
    };
    match tokio::time::timeout(STOP_WITHIN, stopping).await {
        Ok(joined) => joined.context("the engine stopped unexpectedly")?,
        Err(_) => tracing::warn!("checks still running after {STOP_WITHIN:?}: abandoned"),
    }
    drop(handle);
    drop(exporter);
    tracing::info!("stopped");
    Ok(0)
}

/// Refusals to start are bad input (exit 64), with the core's sentence.
fn refused(error: ServeError) -> anyhow::Error {
    exit::usage(error.to_string())
}

/// State changes and the connection, one line each, for the journal.
async fn log_changes(mut events: tokio::sync::broadcast::Receiver<Event>) {
    loop {
        match events.recv().await {
            Ok(Event::State {
                service,
                from,
                to,
                reason,
                ..
            }) => {
                let from = from.map_or("-", |s| s.as_str());
                let reason = Language::En.reason(&reason, *chrono::Local::now().offset());
                tracing::info!("{service}: {from} -> {to}: {}", one_line(&reason));
            }
            Ok(Event::Connectivity { state, reason, .. }) => {
                // The journal is read in English, like the rest of the logs.
                let reason = Language::En.reason(&reason, *chrono::Local::now().offset());
                tracing::info!("connection: {}: {}", state.as_str(), one_line(&reason));
            }
            Ok(_) | Err(RecvError::Lagged(_)) => {}
            Err(RecvError::Closed) => return,
        }
    }
}

enum Signal {
    Stop(&'static str),
    Reload,
}

#[cfg(unix)]
struct Signals {
    interrupt: tokio::signal::unix::Signal,
    terminate: tokio::signal::unix::Signal,
    hangup: tokio::signal::unix::Signal,
}

#[cfg(unix)]
impl Signals {
    /// Installed before the engine starts, so an early SIGTERM still stops
    /// it cleanly.
    fn new() -> anyhow::Result<Signals> {
        use tokio::signal::unix::{signal, SignalKind};
        Ok(Signals {
            interrupt: signal(SignalKind::interrupt()).context("cannot listen for SIGINT")?,
            terminate: signal(SignalKind::terminate()).context("cannot listen for SIGTERM")?,
            hangup: signal(SignalKind::hangup()).context("cannot listen for SIGHUP")?,
        })
    }

    async fn next(&mut self) -> Signal {
        tokio::select! {
            _ = self.interrupt.recv() => Signal::Stop("SIGINT"),
            _ = self.terminate.recv() => Signal::Stop("SIGTERM"),
            _ = self.hangup.recv() => Signal::Reload,
        }
    }
}

#[cfg(not(unix))]
struct Signals;

#[cfg(not(unix))]
impl Signals {
    fn new() -> anyhow::Result<Signals> {
        Ok(Signals)
    }

    async fn next(&mut self) -> Signal {
        match tokio::signal::ctrl_c().await {
            Ok(()) => Signal::Stop("Ctrl-C"),
            Err(error) => {
                tracing::warn!("cannot listen for Ctrl-C: {error}");
                std::future::pending().await
            }
        }
    }
}
