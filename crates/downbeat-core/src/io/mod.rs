//! The thin I/O around the pure layers: the one HTTP client (fetch), endpoint
//! probes, the connectivity anchors, one check of one source (checker) and
//! the desktop notifier.

pub mod checker;
pub mod connectivity;
pub mod fetch;
pub mod hooks;
pub mod notifier;
pub mod probe;
