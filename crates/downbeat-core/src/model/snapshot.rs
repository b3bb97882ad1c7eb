//! What a vendor status page says, normalized: its components, incidents and
//! maintenances.

use super::{text, Status};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// One component of a vendor status page ("Git Operations", "Voice").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Component {
    pub name: String,
    /// The name of the group the component belongs to, if any.
    pub group: Option<String>,
    pub status: Status,
}

impl Component {
    /// Whether a filter entry names this component: its name, its group, or
    /// `"Group / Name"` (case-insensitive).
    pub fn matches(&self, filter: &str) -> bool {
        let group = self.group.as_deref();
        filter.eq_ignore_ascii_case(&self.name)
            || group.is_some_and(|group| filter.eq_ignore_ascii_case(group))
            || filter.split_once(" / ").is_some_and(|(g, name)| {
                group.is_some_and(|group| g.trim().eq_ignore_ascii_case(group))
                    && name.trim().eq_ignore_ascii_case(&self.name)
            })
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentUpdate {
    /// The vendor's stage word: investigating, identified, monitoring, resolved, …
    pub status: String,
    /// Plain text, never HTML.
    pub body: String,
    pub at: DateTime<Utc>,
}

/// An incident or a maintenance as the vendor posted it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VendorIncident {
    pub id: String,
    pub title: String,
    /// The vendor's stage word of the newest update.
    pub status: String,
    /// The vendor's impact, normalized.
    pub impact: Status,
    pub started_at: Option<DateTime<Utc>>,
    pub resolved_at: Option<DateTime<Utc>>,
    pub url: Option<String>,
    /// Newest first.
    pub updates: Vec<IncidentUpdate>,
    /// Names of the components the vendor said it affects.
    #[serde(default)]
    pub components: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub scheduled_for: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub scheduled_until: Option<DateTime<Utc>>,
}

impl VendorIncident {
    /// When it ended: the vendor's resolution time, else (for a page that
    /// gives none) its newest update once it says resolved; `None` while open.
    pub fn ended_at(&self) -> Option<DateTime<Utc>> {
        self.resolved_at.or_else(|| {
            self.is_resolved()
                .then(|| self.updates.iter().map(|u| u.at).max())
                .flatten()
        })
    }

    pub fn is_resolved(&self) -> bool {
        self.resolved_at.is_some()
            || matches!(
                self.status.as_str(),
                "resolved" | "postmortem" | "completed"
            )
    }
}

/// What a vendor status page says at one instant, normalized.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Snapshot {
    pub page_name: Option<String>,
    /// The vendor's overall status (its own indicator and components).
    pub status: Status,
    /// The vendor's one-line description ("All Systems Operational").
    pub description: Option<String>,
    /// When the vendor last changed the page; used to ignore stale copies.
    pub updated_at: Option<DateTime<Utc>>,
    pub components: Vec<Component>,
    /// Newest first.
    pub incidents: Vec<VendorIncident>,
    /// Active and upcoming maintenances, soonest first.
    pub maintenances: Vec<VendorIncident>,
}

impl Snapshot {
    /// Drop every incident link that is not http(s): a page may say
    /// `javascript:…`, and whatever shows or opens the link must not care.
    pub fn keep_http_links(&mut self) {
        for incident in self.incidents.iter_mut().chain(&mut self.maintenances) {
            incident.url = incident
                .url
                .as_deref()
                .and_then(text::http_link)
                .map(str::to_owned);
        }
    }

    /// The status seen through a component filter. With no filter (or when no
    /// component matches) the page's overall status stands.
    pub fn status_for(&self, watched: &[String]) -> Status {
        self.status_through(watched, true)
    }

    /// The status seen through a component filter. A filter names a
    /// component or a group, or `"Group / Component"` for one component of
    /// one group (AWS: `"N. Virginia / Amazon Elastic Compute Cloud"`), all
    /// case-insensitive. `every_listed` says whether the page lists all its
    /// components: when it does, a filter matching none is likely a typo and
    /// the overall status stands; when it lists only the affected ones
    /// (Google, AWS, Slack), a watched component it does not name is not
    /// affected, so Gmail stays green during a Drive incident.
    pub fn status_through(&self, watched: &[String], every_listed: bool) -> Status {
        if watched.is_empty() {
            return self.status;
        }
        let mut matched = self
            .components
            .iter()
            .filter(|component| watched.iter().any(|name| component.matches(name)));
        let Some(first) = matched.next() else {
            return if every_listed {
                self.status
            } else {
                Status::Operational
            };
        };
        matched.fold(first.status, |worst, c| Status::worst(worst, c.status))
    }

    /// Unresolved incidents, newest first.
    pub fn open_incidents(&self) -> impl Iterator<Item = &VendorIncident> {
        self.incidents
            .iter()
            .filter(|incident| !incident.is_resolved())
    }
}
