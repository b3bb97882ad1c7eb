//! AWS dashboard feed items (`status.aws.amazon.com/rss/*.rss`) grouped
//! into events per service-region.

use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

use super::{html_to_text, RawEntry};
use crate::model::{Component, IncidentUpdate, Status, VendorIncident};
use crate::sources::{aws, payload};

/// One item of an AWS dashboard feed.
pub(super) struct AwsItem {
    /// The service-region: `rds-us-east-1`.
    key: String,
    /// The guid's fragment: `rds-us-east-1_1676072880`.
    guid: Option<String>,
    level: u8,
    resolved: bool,
    title: String,
    body: String,
    at: DateTime<Utc>,
}

pub(super) fn aws_item(entry: &RawEntry, at: Option<DateTime<Utc>>) -> Option<AwsItem> {
    let title = html_to_text(&entry.title);
    let (prefix, rest) = title.split_once(':')?;
    let level = match prefix.trim().to_ascii_lowercase().as_str() {
        "service is operating normally" => 0,
        "informational message" => 1,
        "performance issues" => 2,
        "service disruption" => 3,
        _ => return None,
    };
    let (rest, tagged) = aws::strip_resolved(rest);
    let guid = entry
        .id
        .rsplit_once('#')
        .and_then(|(_, fragment)| payload::non_empty(fragment));
    let key = guid
        .as_deref()
        .map(|fragment| fragment.rsplit_once('_').map_or(fragment, |(key, _)| key))
        .and_then(payload::non_empty)
        .unwrap_or_else(|| rest.to_owned());
    let body = if entry.description.trim().is_empty() {
        &entry.content
    } else {
        &entry.description
    };
    Some(AwsItem {
        key,
        guid,
        level,
        resolved: level == 0 || tagged,
        title: rest.to_owned(),
        body: html_to_text(body),
        at: at?,
    })
}

/// AWS items → events (per service-region, each ending at a resolving item)
/// and the service-regions as components.
pub(super) fn aws_events(items: Vec<AwsItem>) -> (Vec<VendorIncident>, Vec<Component>) {
    let mut by_key: BTreeMap<String, Vec<AwsItem>> = BTreeMap::new();
    for item in items {
        by_key.entry(item.key.clone()).or_default().push(item);
    }
    let mut events = Vec::new();
    let mut components = Vec::new();
    for (key, mut items) in by_key {
        items.sort_by_key(|item| item.at);
        let mut groups: Vec<Vec<AwsItem>> = vec![Vec::new()];
        for item in items {
            let ends = item.resolved;
            if let Some(group) = groups.last_mut() {
                group.push(item);
            }
            if ends {
                groups.push(Vec::new());
            }
        }
        let mut current = Status::Operational;
        for group in groups.into_iter().filter(|group| !group.is_empty()) {
            let (Some(first), Some(newest)) = (group.first(), group.last()) else {
                continue;
            };
            let open = !newest.resolved;
            if open {
                current = aws::level_status(newest.level);
            } else {
                current = Status::Operational;
            }
            let impact = payload::worst(
                group
                    .iter()
                    .filter(|item| item.level > 0)
                    .map(|item| aws::level_status(item.level)),
            )
            .unwrap_or(Status::Unknown);
            let id = first
                .guid
                .clone()
                .unwrap_or_else(|| format!("{key}_{}", first.at.timestamp()));
            let updates: Vec<IncidentUpdate> = group
                .iter()
                .rev()
                .map(|item| IncidentUpdate {
                    status: if item.resolved {
                        "resolved".to_owned()
                    } else {
                        aws::level_word(item.level).to_owned()
                    },
                    body: item.body.clone(),
                    at: item.at,
                })
                .collect();
            events.push(VendorIncident {
                id,
                title: newest.title.clone(),
                status: updates
                    .first()
                    .map_or_else(String::new, |u| u.status.clone()),
                impact,
                started_at: Some(first.at),
                resolved_at: (!open).then_some(newest.at),
                url: None,
                updates,
                components: vec![key.clone()],
                scheduled_for: None,
                scheduled_until: None,
            });
        }
        components.push(Component {
            name: key,
            group: None,
            status: current,
        });
    }
    (events, components)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::super::tests::{assert_well_ordered, read as parse_feed};
    use crate::model::{Component, Status, VendorIncident};
    use crate::sources::testing::{fixture, ts};

    fn stages(incident: &VendorIncident) -> Vec<&str> {
        incident.updates.iter().map(|u| u.status.as_str()).collect()
    }

    #[test]
    fn aws_all_rss_one_resolved_and_one_informational_item() {
        let bytes = fixture("aws", "aws-all-rss-2023-02-13-checkmk-test.rss");
        assert!(bytes.starts_with(b"\n    <?xml"));
        let snapshot = parse_feed(&bytes).unwrap();
        assert_well_ordered(&snapshot);
        assert_eq!(
            snapshot.page_name.as_deref(),
            Some("Amazon Web Services Service Status")
        );
        // Mon, 13 Feb 2023 00:05:51 PST
        assert_eq!(snapshot.updated_at, Some(ts("2023-02-13T08:05:51Z")));
        assert_eq!(snapshot.status, Status::Degraded);
        let summary: Vec<(&str, &str, bool)> = snapshot
            .incidents
            .iter()
            .map(|i| (i.id.as_str(), i.status.as_str(), i.is_resolved()))
            .collect();
        assert_eq!(
            summary,
            [
                ("rds-us-east-1_1676072880", "resolved", true),
                ("billingconsole_1675376364", "informational", false)
            ]
        );
        let resolved = &snapshot.incidents[0];
        assert_eq!(
            resolved.title,
            "Connectivity issues affecting some instances"
        );
        // Fri, 10 Feb 2023 15:48:00 PST
        assert_eq!(resolved.started_at, Some(ts("2023-02-10T23:48:00Z")));
        assert_eq!(resolved.resolved_at, Some(ts("2023-02-10T23:48:00Z")));
        assert_eq!(resolved.components, ["rds-us-east-1"]);
        assert!(resolved.updates[0]
            .body
            .starts_with("Between 11:18 AM and 2:44 PM PST, some Amazon Aurora PostgreSQL"));
        let open = &snapshot.incidents[1];
        assert_eq!(
            open.title,
            "Increased error rates when accessing Cost Explorer, Budgets, and Cost and Usage Reports"
        );
        assert_eq!(open.impact, Status::Degraded);
        assert_eq!(open.started_at, Some(ts("2023-02-02T22:19:24Z")));
        assert_eq!(
            open.updates[0].body,
            "We are currently seeing early signs of recovery and we continue to work towards full \
             mitigation. We will provide you another update by 3:15 PM PST."
        );
        assert_eq!(
            snapshot.components,
            [
                Component {
                    name: "billingconsole".into(),
                    group: None,
                    status: Status::Degraded
                },
                Component {
                    name: "rds-us-east-1".into(),
                    group: None,
                    status: Status::Operational
                },
            ]
        );
        assert_eq!(
            snapshot.status_for(&["rds-us-east-1".to_owned()]),
            Status::Operational
        );
    }

    #[test]
    fn aws_all_rss_without_items_is_operational() {
        let bytes = fixture(
            "aws",
            "aws-all-rss-2023-02-16-empty-channel-checkmk-test.rss",
        );
        let snapshot = parse_feed(&bytes).unwrap();
        assert_eq!(snapshot.status, Status::Operational);
        assert_eq!(snapshot.updated_at, Some(ts("2023-02-16T08:05:51Z")));
        assert!(snapshot.incidents.is_empty() && snapshot.components.is_empty());
    }

    fn aws_item(title: &str, date: &str, epoch: u32) -> String {
        format!(
            "<item><title><![CDATA[{title}]]></title><pubDate>{date}</pubDate>\
             <guid isPermaLink=\"false\">http://status.aws.amazon.com/#ec2-us-east-1_{epoch}</guid>\
             <description><![CDATA[Text {epoch}.]]></description></item>"
        )
    }

    #[test]
    fn aws_items_of_one_service_group_into_events() {
        let items = [
            aws_item(
                "Performance issues: Slow launches",
                "Wed, 01 Mar 2023 12:30:00 PST",
                4,
            ),
            aws_item(
                "Service is operating normally: [RESOLVED] Errors",
                "Wed, 01 Mar 2023 11:00:00 PST",
                3,
            ),
            aws_item(
                "Service disruption: Errors",
                "Wed, 01 Mar 2023 10:30:00 PST",
                2,
            ),
            aws_item(
                "Informational message: Errors",
                "Wed, 01 Mar 2023 10:00:00 PST",
                1,
            ),
        ]
        .concat();
        let feed =
            format!("<rss version=\"2.0\"><channel><title>AWS</title>{items}</channel></rss>");
        let snapshot = parse_feed(feed.as_bytes()).unwrap();
        assert_well_ordered(&snapshot);
        let summary: Vec<(&str, &str, Status, usize)> = snapshot
            .incidents
            .iter()
            .map(|i| (i.id.as_str(), i.status.as_str(), i.impact, i.updates.len()))
            .collect();
        assert_eq!(
            summary,
            [
                ("ec2-us-east-1_4", "degraded", Status::Degraded, 1),
                ("ec2-us-east-1_1", "resolved", Status::MajorOutage, 3)
            ]
        );
        let over = &snapshot.incidents[1];
        assert_eq!(stages(over), ["resolved", "disrupted", "informational"]);
        assert_eq!(over.title, "Errors");
        assert_eq!(over.started_at, Some(ts("2023-03-01T18:00:00Z")));
        assert_eq!(over.resolved_at, Some(ts("2023-03-01T19:00:00Z")));
        assert_eq!(snapshot.status, Status::Degraded);

        // An open disruption: the service-region is down, AWS partly down.
        let disrupted = format!(
            "<rss version=\"2.0\"><channel>{}</channel></rss>",
            aws_item(
                "Service disruption: Errors",
                "Wed, 01 Mar 2023 10:30:00 PDT",
                9
            )
        );
        let snapshot = parse_feed(disrupted.as_bytes()).unwrap();
        assert_eq!(snapshot.status, Status::PartialOutage);
        assert_eq!(snapshot.components[0].status, Status::MajorOutage);
        assert_eq!(
            snapshot.incidents[0].started_at,
            Some(ts("2023-03-01T17:30:00Z"))
        );
    }
}
