//! The top: the engine loop and its OS inputs, and the operations the
//! shells offer (settings edits, export and import).

pub mod engine;
pub mod first_run;
pub mod install;
pub mod notices;
pub mod os_events;
pub mod picker;
pub mod serve;
pub mod settings;
mod slots;
pub mod transfer;
