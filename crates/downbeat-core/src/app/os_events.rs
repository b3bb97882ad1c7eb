//! What the operating system says that the engine cares about: the machine
//! is going to sleep or just woke (logind's `PrepareForSleep`), and the
//! network changed (NetworkManager's `StateChanged`). Linux only, read off
//! the system bus; elsewhere, or with no system bus, nothing is said and the
//! clock-jump detection of [`crate::logic::monitor`] still notices sleep.

use crate::app::engine::Command;
use tokio::sync::mpsc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OsEvent {
    Sleeping,
    Woke,
    NetworkChanged,
}

/// Forward the OS's events to the engine for as long as it runs, in a task
/// of its own. `bus` is the system bus address; `None` is the system's.
pub fn forward(bus: Option<String>, commands: mpsc::Sender<Command>) {
    tokio::spawn(async move {
        if let Err(error) = watch(bus, commands).await {
            tracing::debug!("no sleep or network signals from the OS: {error}");
        }
    });
}

#[cfg(target_os = "linux")]
async fn watch(bus: Option<String>, commands: mpsc::Sender<Command>) -> Result<(), String> {
    use futures_util::StreamExt;
    use zbus::{MatchRule, MessageStream};

    let error = |e: zbus::Error| e.to_string();
    let builder = match &bus {
        Some(address) => zbus::connection::Builder::address(address.as_str()).map_err(error)?,
        None => zbus::connection::Builder::system().map_err(error)?,
    };
    let connection = builder.build().await.map_err(error)?;
    let rule =
        |interface: &'static str, member: &'static str| -> Result<MatchRule<'static>, String> {
            Ok(MatchRule::builder()
                .msg_type(zbus::message::Type::Signal)
                .interface(interface)
                .map_err(error)?
                .member(member)
                .map_err(error)?
                .build())
        };
    let sleep = MessageStream::for_match_rule(
        rule("org.freedesktop.login1.Manager", "PrepareForSleep")?,
        &connection,
        None,
    )
    .await
    .map_err(error)?
    .map(|message| {
        let going: Option<bool> = message.ok().and_then(|m| m.body().deserialize().ok());
        going.map(|going| {
            if going {
                OsEvent::Sleeping
            } else {
                OsEvent::Woke
            }
        })
    });
    let network = MessageStream::for_match_rule(
        rule("org.freedesktop.NetworkManager", "StateChanged")?,
        &connection,
        None,
    )
    .await
    .map_err(error)?
    .map(|message| message.ok().map(|_| OsEvent::NetworkChanged));
    let mut events = futures_util::stream::select(sleep, network);
    while let Some(event) = events.next().await {
        let Some(event) = event else { continue };
        tracing::debug!("the OS says {event:?}");
        if commands.send(Command::Os(event)).await.is_err() {
            break; // the engine stopped
        }
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
async fn watch(_bus: Option<String>, _commands: mpsc::Sender<Command>) -> Result<(), String> {
    Err("not read on this system".into())
}
