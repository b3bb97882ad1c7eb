//! The one error the dashboard can receive from a command.

use serde::{Serialize, Serializer};

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("the engine is not running: {0}")]
    EngineNotRunning(String),
    #[error("the engine has stopped")]
    EngineStopped,
    #[error("the history cannot be read: {0}")]
    History(String),
    #[error("{0}")]
    Settings(String),
    #[error("cannot open {0}")]
    Link(String),
}

impl Serialize for AppError {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_string())
    }
}
