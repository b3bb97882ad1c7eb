//! Downbeat's engine. No GUI dependency: the tray app and the CLI are thin
//! shells around what lives here.
//!
//! The folders are the layers, lowest first; a module may use the layers
//! below its own and never one above (`tests/layers.rs` holds the rule, and
//! `docs/ARCHITECTURE.md` is the map):
//!
//! | layer     | what                                             | I/O            |
//! |-----------|--------------------------------------------------|----------------|
//! | `model`   | plain data, the clock trait, the words (i18n)    | no             |
//! | `sources` | status-page readers: bytes → snapshot            | no             |
//! | `config`  | the user's config, the catalog, paths            | thin (files)   |
//! | `logic`   | verdict, policy, monitor, reachability, history  | no             |
//! | `io`      | fetch, probes, connectivity, checker, notifier   | network, D-Bus |
//! | `store`   | SQLite                                           | disk           |
//! | `views`   | read models for display (report)                 | reads store    |
//! | `app`     | the engine and the operations on top             | all            |

pub mod app;
pub mod config;
pub mod io;
pub mod logic;
pub mod model;
pub mod sources;
pub mod store;
pub mod views;

#[cfg(feature = "testkit")]
pub mod testkit;
