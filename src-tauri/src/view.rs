//! What the dashboard and the tray show, derived from the engine's overview.

use chrono::{DateTime, Utc};
use downbeat_core::app::first_run::{FirstRun, Setup};
use downbeat_core::app::notices::HistoryRestarted;
use downbeat_core::model::alerts::ServiceAlerts;
use downbeat_core::model::i18n::Language;
use downbeat_core::model::{Connectivity, Overview, ShownState, Status};
use downbeat_core::views::glance::glance;
pub use downbeat_core::views::glance::Level;
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DashboardView {
    /// Worst first (muted ones last), then by name; reasons in `language`.
    pub services: Vec<ShownState>,
    /// The ids of the muted services (marked, and colour nothing).
    pub muted: Vec<String>,
    /// Each service's alert level, snooze and "tell me when it's back".
    pub alerts: Vec<ServiceAlerts>,
    pub worst: Status,
    /// The tray's colour and the header's line: one truth for both.
    pub level: Level,
    pub headline: String,
    /// Not online: the states are the last known (cards say so, with their age).
    pub last_known: bool,
    pub paused_until: Option<DateTime<Utc>>,
    /// The user's own connection: a banner when it is not `online`.
    pub connectivity: Connectivity,
    /// Why the engine is not running (a bad config, a database from a newer
    /// version), shown as a banner.
    pub problem: Option<String>,
    pub config_path: String,
    /// "en" or "fr": the language every word is in ("auto" already decided).
    pub language: &'static str,
    /// Picking (nothing ever picked), watching, or empty (all removed).
    pub setup: Setup,
    /// The database was unreadable and a new one started: a banner, and a
    /// line in the tray, until dismissed.
    pub history_restarted: Option<HistoryRestarted>,
}

impl DashboardView {
    pub fn new(
        overview: &Overview,
        problem: Option<String>,
        config_path: &str,
        language: Language,
    ) -> DashboardView {
        // The local offset is read here, at the edge, for times in reasons.
        let offset = *chrono::Local::now().offset();
        let mut services: Vec<ShownState> = overview
            .services
            .iter()
            .map(|state| state.shown(language, offset))
            .collect();
        services.sort_by(|a, b| {
            overview
                .is_muted(&a.service)
                .cmp(&overview.is_muted(&b.service))
                .then_with(|| b.status.severity().cmp(&a.status.severity()))
                .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
        });
        let glance = glance(overview, problem.as_deref(), language);
        DashboardView {
            services,
            muted: overview.muted.clone(),
            alerts: overview.alerts.clone(),
            worst: overview.worst(),
            level: glance.level,
            headline: glance.headline,
            last_known: glance.last_known,
            paused_until: overview.paused_until,
            connectivity: overview.connectivity,
            problem,
            config_path: config_path.to_owned(),
            language: language.code(),
            setup: Setup::of(overview.services.len(), true),
            history_restarted: None,
        }
    }

    /// While nothing is watched the first run says what to do.
    pub fn with_first_run(mut self, first_run: &FirstRun, language: Language) -> DashboardView {
        self.setup = first_run.setup();
        if let Some(headline) = first_run.headline(self.problem.is_some(), language) {
            self.headline = headline;
        }
        self
    }

    pub fn with_notice(mut self, notice: Option<HistoryRestarted>) -> DashboardView {
        self.history_restarted = notice;
        self
    }
}

/// The tray tooltip: "Downbeat: " and the headline.
pub fn summary(view: &DashboardView) -> String {
    format!("Downbeat: {}", view.headline)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use downbeat_core::model::ServiceState;

    fn service(name: &str, status: Status) -> ServiceState {
        let at = Utc
            .timestamp_opt(1_700_000_000, 0)
            .single()
            .unwrap_or_default();
        downbeat_core::testkit::state(&name.to_lowercase(), name, status, at)
    }

    fn view(services: Vec<ServiceState>) -> DashboardView {
        DashboardView::new(
            &Overview {
                services,
                ..Overview::default()
            },
            None,
            "c.toml",
            Language::En,
        )
    }

    #[test]
    fn worst_first_muted_last_and_the_tray_says_the_headline() {
        let v = view(vec![
            service("Zoom", Status::Operational),
            service("GitHub", Status::MajorOutage),
            service("Discord", Status::Degraded),
            service("Acme", Status::Unknown),
        ]);
        let names: Vec<&str> = v.services.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["GitHub", "Discord", "Acme", "Zoom"]);
        assert_eq!(v.level, Level::Red);
        assert_eq!(
            summary(&v),
            "Downbeat: GitHub is down, Acme can't be checked"
        );

        let muted = DashboardView::new(
            &Overview {
                services: vec![
                    service("Beta", Status::MajorOutage),
                    service("Acme", Status::Operational),
                ],
                muted: vec!["beta".into()],
                ..Overview::default()
            },
            None,
            "c.toml",
            Language::En,
        );
        assert_eq!(muted.services[1].name, "Beta", "muted services go last");
        assert_eq!(
            (muted.level, muted.headline.as_str()),
            (Level::Green, "Acme is up")
        );
        let broken = DashboardView::new(
            &Overview::default(),
            Some("bad config".into()),
            "c.toml",
            Language::En,
        );
        assert_eq!(broken.level, Level::Grey);
    }
}
