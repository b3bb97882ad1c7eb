//! Downbeat's engine. No GUI dependency: the tray app and the CLI are thin
//! shells around what lives here.

pub mod catalog;
pub mod checker;
pub mod clock;
pub mod config;
pub mod connectivity;
pub mod engine;
pub mod fetch;
pub mod history;
pub mod i18n;
pub mod model;
pub mod monitor;
pub mod notifier;
pub mod os_events;
pub mod paths;
pub mod policy;
pub mod probe;
pub mod report;
pub mod settings;
pub mod sources;
pub mod store;
pub mod transfer;
pub mod verdict;

#[cfg(feature = "testkit")]
pub mod testkit;
