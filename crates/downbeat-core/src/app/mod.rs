//! The top: the engine loop and its OS inputs, and the operations the
//! shells offer (settings edits, export and import).

pub mod engine;
pub mod install;
pub mod os_events;
pub mod serve;
pub mod settings;
mod slots;
pub mod transfer;
