//! Read models: what the dashboard, the CLI and exports show, read from the
//! store and shaped for display.

pub mod api;
pub mod glance;
pub mod metrics;
pub mod report;
pub mod tray;
