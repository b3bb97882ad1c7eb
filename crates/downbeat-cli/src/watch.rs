//! `downbeat watch [--json] [--no-notify]`: run the engine headless and
//! print its events until Ctrl-C or SIGTERM.

use crate::cli::WatchArgs;
use crate::format;
use crate::setup;
use anyhow::Context as _;
use chrono::FixedOffset;
use downbeat_core::app::engine::Engine;
use downbeat_core::config::paths::Paths;
use downbeat_core::io::fetch::{FetchOptions, Fetcher};
use downbeat_core::io::notifier::{DesktopNotifier, NoNotifier, Notifier};
use downbeat_core::model::clock::SystemClock;
use downbeat_core::model::i18n::{Language, Text};
use downbeat_core::model::Event;
use std::collections::HashMap;
use std::future::Future;
use std::io::Write as _;
use std::sync::Arc;
use tokio::sync::broadcast::error::{RecvError, TryRecvError};

pub async fn run(args: &WatchArgs, paths: &Paths) -> anyhow::Result<u8> {
    let config = setup::config_to_watch(paths, false)?;
    let store = setup::open_writer(paths, "downbeat watch")?;
    let fetcher = Fetcher::new(FetchOptions::default())
        .map_err(|failure| anyhow::anyhow!("{}", failure.error.message))?;
    let notifier: Arc<dyn Notifier> = if args.no_notify {
        Arc::new(NoNotifier)
    } else {
        Arc::new(DesktopNotifier::new("Downbeat"))
    };
    let (language, offset) = format::words(&config);
    let printer = Printer {
        json: args.json,
        language,
        offset,
        names: config
            .services
            .iter()
            .map(|spec| (spec.id.clone(), spec.name.clone()))
            .collect(),
    };

    let engine = Engine::new(config, fetcher, store, notifier, Arc::new(SystemClock));
    // Before spawning, so the very first check's events are seen.
    let mut events = engine.subscribe();
    // Signal handlers are installed now, not when the engine first polls,
    // so a SIGTERM right after start still stops it cleanly.
    let signals = shutdown_signal()?;
    // Also stop when stdout goes away (`downbeat watch --json | head`).
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let mut stop_tx = Some(stop_tx);
    // The handle must live until the end: the engine stops when every
    // command sender is gone.
    let (handle, mut task) = engine.spawn(async move {
        tokio::select! {
            () = signals => {}
            _ = stop_rx => {}
        }
    });
    downbeat_core::app::os_events::forward(None, handle.commands.clone());

    let mut writable = true;
    let finished = loop {
        tokio::select! {
            // Events first, so none emitted before shutdown is dropped.
            biased;
            received = events.recv() => match received {
                Ok(event) => {
                    if writable {
                        if let Err(error) = printer.print(&event) {
                            if error.kind() != std::io::ErrorKind::BrokenPipe {
                                tracing::error!("cannot write to stdout: {error}");
                            }
                            writable = false;
                            if let Some(stop) = stop_tx.take() {
                                let _ = stop.send(());
                            }
                        }
                    }
                }
                Err(RecvError::Lagged(skipped)) => {
                    tracing::warn!("{skipped} events skipped: the output is too slow");
                }
                Err(RecvError::Closed) => break None,
            },
            joined = &mut task => break Some(joined),
        }
    };
    let joined = match finished {
        Some(joined) => joined,
        None => {
            if let Some(stop) = stop_tx.take() {
                let _ = stop.send(());
            }
            (&mut task).await
        }
    };
    joined.context("the engine stopped unexpectedly")?;
    // What the engine said while stopping.
    loop {
        match events.try_recv() {
            Ok(event) if writable => {
                if printer.print(&event).is_err() {
                    break;
                }
            }
            Ok(_) | Err(TryRecvError::Lagged(_)) => {}
            Err(TryRecvError::Empty | TryRecvError::Closed) => break,
        }
    }
    drop(handle);
    Ok(0)
}

struct Printer {
    json: bool,
    /// Service id → display name, for the human lines.
    names: HashMap<String, String>,
    /// Reasons are written in the config's language, times in this offset.
    language: Language,
    offset: FixedOffset,
}

impl Printer {
    /// One line per event, flushed at once so a reader follows in real time.
    fn print(&self, event: &Event) -> std::io::Result<()> {
        let line = if self.json {
            serde_json::to_string(&event.to_json(self.language, self.offset))
                .map_err(std::io::Error::other)?
        } else {
            match self.human(event) {
                Some(line) => line,
                None => return Ok(()),
            }
        };
        let mut stdout = if self.json {
            crate::out::machine()
        } else {
            crate::out::human()
        };
        writeln!(stdout, "{line}")?;
        stdout.flush()?;
        if stdout.closed() {
            // The reader is gone: stop watching, quietly.
            return Err(std::io::ErrorKind::BrokenPipe.into());
        }
        Ok(())
    }

    /// State changes, notifications and pauses; observations are routine and
    /// left to `--json` (or `--log-level debug`).
    fn human(&self, event: &Event) -> Option<String> {
        match event {
            Event::State {
                at,
                service,
                from,
                to,
                reason,
                ..
            } => {
                let name = self.names.get(service).unwrap_or(service);
                let reason = self.language.reason(reason, self.offset);
                let was = from
                    .map(|from| format!(" ({} {from})", self.language.text(Text::WatchWas)))
                    .unwrap_or_default();
                Some(format!(
                    "{}  {} {name}: {to}{was}. {reason}",
                    format::local_second(*at),
                    format::glyph(*to)
                ))
            }
            Event::Notification { at, notification } => Some(format!(
                "{}  {}: {} — {}",
                format::local_second(*at),
                self.language.text(Text::WatchNotification),
                notification.title,
                notification.body
            )),
            Event::Connectivity { at, state, reason } => Some(format!(
                "{}  {}: {} — {}",
                format::local_second(*at),
                self.language.text(Text::WatchConnection),
                state.as_str(),
                self.language.reason(reason, self.offset)
            )),
            Event::Paused { at, until } => Some(match until {
                Some(until) => format!(
                    "{}  {}",
                    format::local_second(*at),
                    self.language
                        .paused_until(&format::local_minute(*until))
                        .to_lowercase()
                ),
                None => format!(
                    "{}  {}",
                    format::local_second(*at),
                    self.language.text(Text::WatchResumed)
                ),
            }),
            Event::Observation {
                service,
                outcome,
                status,
                ..
            } => {
                tracing::debug!("checked {service}: {} ({status})", outcome.as_str());
                None
            }
        }
    }
}

/// Completes on Ctrl-C or, on unix, SIGTERM (what service managers and
/// `kill` send).
#[cfg(unix)]
fn shutdown_signal() -> anyhow::Result<impl Future<Output = ()> + Send + 'static> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut interrupt = signal(SignalKind::interrupt()).context("cannot listen for Ctrl-C")?;
    let mut terminate = signal(SignalKind::terminate()).context("cannot listen for SIGTERM")?;
    Ok(async move {
        tokio::select! {
            _ = interrupt.recv() => {}
            _ = terminate.recv() => {}
        }
    })
}

#[cfg(not(unix))]
fn shutdown_signal() -> anyhow::Result<impl Future<Output = ()> + Send + 'static> {
    Ok(async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            // Without a handler the only way out is killing the process;
            // do not stop the watch over it.
            tracing::warn!("cannot listen for Ctrl-C: {error}");
            std::future::pending::<()>().await;
        }
    })
}
