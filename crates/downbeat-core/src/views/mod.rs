//! Read models: what the dashboard, the CLI and exports show, read from the
//! store and shaped for display.

pub mod glance;
pub mod report;
pub mod api;
pub mod metrics;
