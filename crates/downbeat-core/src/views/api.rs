//! The JSON shapes `downbeat status --json` and `downbeat history --json`
//! print, which `downbeat serve` also answers on `/api/v1/status` and
//! `/api/v1/services/{id}`: one definition for both.

use crate::config::{Config, ServiceSpec};
use crate::logic::history::{self, Timeline};
use crate::model::i18n::Language;
use crate::model::{Cause, Connectivity, Reason, ServiceState, Status};
use crate::store::{Store, StoreError, Uptime};
use chrono::{DateTime, FixedOffset, Utc};
use serde::Serialize;
use std::collections::HashMap;

/// The reason of a service that has no state yet.
pub const NOT_CHECKED: &str = "not checked yet";

/// One service in the status list. `since`, `cause` and `last_check` are
/// null until the first check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusRow {
    pub service: String,
    pub name: String,
    pub status: Status,
    pub since: Option<DateTime<Utc>>,
    pub cause: Option<Cause>,
    /// One sentence, in the language asked for.
    pub reason: String,
    /// Which kind of reason (`up`, `failing`, …): the same in every language.
    pub reason_code: &'static str,
    pub last_check: Option<DateTime<Utc>>,
}

/// `{"services": [...]}`, plus the watcher's connection when it is known
/// (a running engine; the stored states alone do not say).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusList {
    pub services: Vec<StatusRow>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub connectivity: Option<Connectivity>,
}

/// Every configured service, in the config's order, with its state from
/// `states` (by id) when it has one. The config's name wins: the user may
/// have renamed the service since. Reasons in `language`, times in `offset`.
pub fn status_rows(
    config: &Config,
    states: &HashMap<&str, &ServiceState>,
    language: Language,
    offset: FixedOffset,
) -> Vec<StatusRow> {
    config
        .services
        .iter()
        .map(|spec| match states.get(spec.id.as_str()) {
            // A state the engine made up before any check is no state yet.
            Some(state) if state.last_check.is_some() || state.status != Status::Unknown => {
                StatusRow {
                    service: spec.id.clone(),
                    name: spec.name.clone(),
                    status: state.status,
                    since: Some(state.since),
                    cause: Some(state.cause),
                    reason: language.reason(&state.reason, offset),
                    reason_code: state.reason.code().as_str(),
                    last_check: state.last_check,
                }
            }
            _ => {
                let reason = Reason::NotChecked {
                    name: spec.name.clone(),
                    failure: None,
                };
                StatusRow {
                    service: spec.id.clone(),
                    name: spec.name.clone(),
                    status: Status::Unknown,
                    since: None,
                    cause: None,
                    reason: language.reason(&reason, offset),
                    reason_code: reason.code().as_str(),
                    last_check: None,
                }
            }
        })
        .collect()
}

/// One service's uptime and incidents since a time.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct HistoryReport {
    pub service: String,
    pub name: String,
    pub since: DateTime<Utc>,
    pub uptime: Vec<Uptime>,
    /// Newest first.
    pub incidents: Vec<Timeline>,
}

/// The history of `spec` since `since`; `store` is `None` when there is no
/// database yet (nothing was checked). Our reasons in `language`.
pub fn history_report(
    store: Option<&Store>,
    config: &Config,
    spec: &ServiceSpec,
    since: DateTime<Utc>,
    now: DateTime<Utc>,
    offset: FixedOffset,
    language: Language,
) -> Result<HistoryReport, StoreError> {
    let (uptime, incidents) = match store {
        Some(store) => {
            let summary = store.summary(&spec.id, now, offset, history::coverage(config))?;
            let incidents =
                store.timelines(&spec.id, &spec.components, since, now, language, offset)?;
            (summary.uptime, incidents)
        }
        None => (Vec::new(), Vec::new()),
    };
    Ok(HistoryReport {
        service: spec.id.clone(),
        name: spec.name.clone(),
        since,
        uptime,
        incidents,
    })
}
