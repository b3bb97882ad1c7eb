//! The dashboard's reads of the history: a second connection to the same
//! database (WAL lets it read while the engine writes), and the config it
//! was started with. Time and the local offset are read here, at the edge.

use crate::app::Startup;
use crate::error::AppError;
use chrono::{Duration, Local, Utc};
use downbeat_core::app::engine::language_of;
use downbeat_core::config::Config;
use downbeat_core::store::Store;
use downbeat_core::views::report::{self, IncidentRow, ServiceHistory, ServicePage};
use std::sync::Mutex;

pub struct History(Mutex<Option<(Store, Config)>>);

impl History {
    /// Open what the engine uses; when that fails the engine has failed too,
    /// and the dashboard already says why, so the reads return nothing.
    pub fn open(startup: &Startup) -> History {
        let opened = match (&startup.paths, &startup.config) {
            (Ok(paths), Ok(config)) => Store::open(&paths.database())
                .inspect_err(|error| tracing::warn!("history unavailable: {error}"))
                .ok()
                .map(|store| (store, config.clone())),
            _ => None,
        };
        History(Mutex::new(opened))
    }

    pub fn config(&self) -> Option<Config> {
        self.0
            .lock()
            .ok()?
            .as_ref()
            .map(|(_, config)| config.clone())
    }

    /// The settings changed: read with the new config from now on.
    pub fn replace_config(&self, new: Config) {
        if let Ok(mut guard) = self.0.lock() {
            if let Some((_, config)) = guard.as_mut() {
                *config = new;
            }
        }
    }

    /// Read with the store and the config; nothing (the default) when they
    /// could not be opened, as the dashboard already says why.
    pub fn read<T: Default>(
        &self,
        read: impl FnOnce(&Store, &Config) -> Result<T, downbeat_core::store::StoreError>,
    ) -> Result<T, AppError> {
        let guard = self
            .0
            .lock()
            .map_err(|_| AppError::History("busy".into()))?;
        match guard.as_ref() {
            Some((store, config)) => {
                read(store, config).map_err(|e| AppError::History(e.to_string()))
            }
            None => Ok(T::default()),
        }
    }

    pub fn overview(&self) -> Result<Vec<ServiceHistory>, AppError> {
        self.read(|store, config| {
            report::overview(store, config, Utc::now(), *Local::now().offset())
        })
    }

    pub fn service(&self, id: &str) -> Result<Option<ServicePage>, AppError> {
        self.read(|store, config| {
            report::service_page(
                store,
                config,
                id,
                Utc::now(),
                *Local::now().offset(),
                language_of(config),
            )
        })
    }

    pub fn incidents(&self, days: u32) -> Result<Vec<IncidentRow>, AppError> {
        let now = Utc::now();
        let since = now - Duration::days(i64::from(days.clamp(1, 3650)));
        self.read(|store, config| {
            report::incidents(
                store,
                config,
                since,
                now,
                *Local::now().offset(),
                language_of(config),
            )
        })
    }
}
