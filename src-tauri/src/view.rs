//! What the dashboard and the tray show, derived from the engine's overview.

use chrono::{DateTime, Utc};
use downbeat_core::app::engine::Overview;
use downbeat_core::model::{Connectivity, ServiceState, Status};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DashboardView {
    /// Worst first, then by name.
    pub services: Vec<ServiceState>,
    pub worst: Status,
    pub paused_until: Option<DateTime<Utc>>,
    /// The user's own connection: a banner when it is not `online`.
    pub connectivity: Connectivity,
    /// Why the engine is not running (a bad config, a database from a newer
    /// version), shown as a banner.
    pub problem: Option<String>,
    pub config_path: String,
}

impl DashboardView {
    pub fn new(overview: &Overview, problem: Option<String>, config_path: &str) -> DashboardView {
        let mut services = overview.services.clone();
        services.sort_by(|a, b| {
            b.status
                .severity()
                .cmp(&a.status.severity())
                .then_with(|| a.name.to_lowercase().cmp(&b.name.to_lowercase()))
        });
        DashboardView {
            services,
            worst: overview.worst(),
            paused_until: overview.paused_until,
            connectivity: overview.connectivity,
            problem,
            config_path: config_path.to_owned(),
        }
    }
}

/// The tray's colour for a worst status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Green,
    Amber,
    Red,
    Grey,
}

impl Level {
    pub fn of(view: &DashboardView) -> Level {
        if view.problem.is_some() {
            return Level::Grey;
        }
        match view.worst {
            Status::Operational => Level::Green,
            Status::Degraded | Status::Maintenance => Level::Amber,
            Status::PartialOutage | Status::MajorOutage => Level::Red,
            Status::Unknown => Level::Grey,
        }
    }
}

pub fn glyph(status: Status) -> &'static str {
    match status {
        Status::Operational => "●",
        Status::Degraded => "▲",
        Status::PartialOutage | Status::MajorOutage => "✖",
        Status::Maintenance => "◆",
        Status::Unknown => "?",
    }
}

pub fn label(status: Status) -> &'static str {
    match status {
        Status::Operational => "Operational",
        Status::Degraded => "Degraded",
        Status::PartialOutage => "Partial outage",
        Status::MajorOutage => "Major outage",
        Status::Maintenance => "Maintenance",
        Status::Unknown => "Not observed",
    }
}

/// The tray tooltip: what is wrong, or that all is well.
pub fn summary(view: &DashboardView) -> String {
    if let Some(problem) = &view.problem {
        return format!("Downbeat is not watching: {problem}");
    }
    let troubled: Vec<String> = view
        .services
        .iter()
        .filter(|s| !matches!(s.status, Status::Operational | Status::Unknown))
        .map(|s| format!("{} {}", s.name, s.status.phrase()))
        .collect();
    match (troubled.is_empty(), view.services.len()) {
        (_, 0) => "Downbeat: no service watched".into(),
        (true, n) if view.worst == Status::Unknown => format!("Downbeat: checking {n} services…"),
        (true, n) => format!("Downbeat: all {n} services up"),
        (false, _) => format!("Downbeat: {}", troubled.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;
    use downbeat_core::model::Cause;

    fn service(name: &str, status: Status) -> ServiceState {
        let at = Utc
            .timestamp_opt(1_700_000_000, 0)
            .single()
            .unwrap_or_default();
        ServiceState {
            service: name.to_lowercase(),
            name: name.into(),
            status,
            since: at,
            cause: Cause::Vendor,
            reason: String::new(),
            outage_since: None,
            last_check: Some(at),
        }
    }

    fn view(services: Vec<ServiceState>) -> DashboardView {
        DashboardView::new(
            &Overview {
                services,
                ..Overview::default()
            },
            None,
            "c.toml",
        )
    }

    #[test]
    fn worst_first_and_the_tray_colour_follows_the_worst() {
        let v = view(vec![
            service("Zoom", Status::Operational),
            service("GitHub", Status::MajorOutage),
            service("Discord", Status::Degraded),
            service("Acme", Status::Unknown),
        ]);
        let names: Vec<&str> = v.services.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["GitHub", "Discord", "Acme", "Zoom"]);
        assert_eq!(Level::of(&v), Level::Red);
        assert_eq!(summary(&v), "Downbeat: GitHub down, Discord degraded");

        assert_eq!(
            Level::of(&view(vec![
                service("A", Status::Maintenance),
                service("B", Status::Operational)
            ])),
            Level::Amber
        );
        let all_up = view(vec![
            service("A", Status::Operational),
            service("B", Status::Unknown),
        ]);
        assert_eq!(
            (Level::of(&all_up), summary(&all_up)),
            (Level::Green, "Downbeat: all 2 services up".into())
        );
        assert_eq!(
            Level::of(&view(vec![service("A", Status::Unknown)])),
            Level::Grey
        );
        let broken = DashboardView::new(&Overview::default(), Some("bad config".into()), "c.toml");
        assert_eq!(Level::of(&broken), Level::Grey);
    }
}
