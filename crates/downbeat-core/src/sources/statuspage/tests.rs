#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;

fn fixture(name: &str) -> Vec<u8> {
    crate::sources::testing::fixture("statuspage", name)
}

use crate::sources::testing::ts;

fn stages(incident: &VendorIncident) -> Vec<&str> {
    incident.updates.iter().map(|u| u.status.as_str()).collect()
}

fn assert_newest_first(incident: &VendorIncident) {
    assert!(
        incident.updates.windows(2).all(|w| w[0].at >= w[1].at),
        "updates of {} not newest first",
        incident.id
    );
}

fn component<'a>(components: &'a [Component], name: &str) -> &'a Component {
    components
        .iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no component {name:?}"))
}

// --- summary.json -----------------------------------------------------

#[test]
fn github_summary_with_packages_partial_outage_and_an_unresolved_incident() {
    let snapshot = parse_summary(&fixture(
        "github-summary-2022-11-25-packages-unresolved.json",
    ))
    .unwrap();
    assert_eq!(snapshot.page_name.as_deref(), Some("GitHub"));
    assert_eq!(
        snapshot.description.as_deref(),
        Some("Minor Service Outage")
    );
    assert_eq!(snapshot.updated_at, Some(ts("2022-11-25T15:50:05.892Z")));
    // indicator "minor" (degraded), but Packages is partial_outage: the worst wins.
    assert_eq!(snapshot.status, Status::PartialOutage);

    assert_eq!(snapshot.components.len(), 11);
    let not_operational: Vec<(&str, Status)> = snapshot
        .components
        .iter()
        .filter(|c| c.status != Status::Operational)
        .map(|c| (c.name.as_str(), c.status))
        .collect();
    assert_eq!(not_operational, [("Packages", Status::PartialOutage)]);
    assert!(snapshot.components.iter().all(|c| c.group.is_none()));
    assert_eq!(
        snapshot.status_for(&["Git Operations".to_owned()]),
        Status::Operational
    );
    assert_eq!(
        snapshot.status_for(&["packages".to_owned()]),
        Status::PartialOutage
    );

    assert_eq!(snapshot.incidents.len(), 1);
    let incident = &snapshot.incidents[0];
    assert_eq!(incident.id, "ljwdk6qml8z8");
    assert_eq!(incident.title, "Incident with Packages and Pages");
    assert_eq!(incident.status, "investigating");
    assert_eq!(incident.impact, Status::PartialOutage); // "major"
    assert_eq!(incident.started_at, Some(ts("2022-11-25T14:39:09.542Z")));
    assert_eq!(incident.resolved_at, None);
    assert_eq!(
        incident.url.as_deref(),
        Some("https://stspg.io/33vh8r7z43kh")
    );
    assert_eq!(incident.components, ["Packages", "Pages"]);
    assert!(!incident.is_resolved());
    assert_eq!(incident.updates.len(), 7);
    assert_newest_first(incident);
    assert!(incident.updates.iter().all(|u| u.status == "investigating"));
    let newest = &incident.updates[0];
    assert_eq!(newest.at, ts("2022-11-25T15:50:04.967Z"));
    assert!(newest
        .body
        .starts_with("Packages is now experiencing degraded performance."));
    let oldest = &incident.updates[6];
    assert_eq!(oldest.at, ts("2022-11-25T14:39:09.577Z"));
    assert_eq!(
        oldest.body,
        "We are investigating reports of degraded performance for Packages."
    );
    assert_eq!(snapshot.open_incidents().count(), 1);
    assert!(snapshot.maintenances.is_empty());
}

#[test]
fn github_summary_all_operational() {
    let snapshot =
        parse_summary(&fixture("github-summary-2026-07-31-all-operational.json")).unwrap();
    assert_eq!(snapshot.page_name.as_deref(), Some("GitHub"));
    assert_eq!(snapshot.status, Status::Operational);
    assert_eq!(
        snapshot.description.as_deref(),
        Some("All Systems Operational")
    );
    assert_eq!(snapshot.updated_at, Some(ts("2026-07-31T03:29:01.470Z")));
    assert_eq!(snapshot.components.len(), 12);
    assert!(snapshot
        .components
        .iter()
        .all(|c| c.status == Status::Operational && c.group.is_none()));
    assert_eq!(
        component(&snapshot.components, "Copilot AI Model Providers").status,
        Status::Operational
    );
    assert!(snapshot.incidents.is_empty());
    assert!(snapshot.maintenances.is_empty());
}

#[test]
fn twilio_summary_degraded_groups_incidents_maintenances_in_utc() {
    let snapshot = parse_summary(&fixture(
        "twilio-summary-2020-06-16-unresolved-degraded-maintenances.json",
    ))
    .unwrap();
    assert_eq!(snapshot.page_name.as_deref(), Some("Twilio"));
    assert_eq!(snapshot.status, Status::Degraded); // indicator "minor"
    assert_eq!(
        snapshot.description.as_deref(),
        Some("Partially Degraded Service")
    );
    // 2020-06-16T14:00:29.031-07:00
    assert_eq!(snapshot.updated_at, Some(ts("2020-06-16T21:00:29.031Z")));

    // 73 components in the payload, 8 of them groups (excluded here).
    assert_eq!(snapshot.components.len(), 65);
    for group in [
        "CARRIER NETWORK",
        "PROGRAMMABLE MESSAGING",
        "PROGRAMMABLE VOICE",
    ] {
        assert!(snapshot.components.iter().all(|c| c.name != group));
    }
    // 6 components are degraded_performance in the payload: 2 groups
    // (PROGRAMMABLE MESSAGING, CARRIER NETWORK) and these 4 children.
    let mut degraded: Vec<(&str, Option<&str>)> = snapshot
        .components
        .iter()
        .filter(|c| c.status == Status::Degraded)
        .map(|c| (c.name.as_str(), c.group.as_deref()))
        .collect();
    degraded.sort();
    assert_eq!(
        degraded,
        [
            ("MMS", Some("PROGRAMMABLE MESSAGING")),
            ("MMS Short Code, North America", Some("CARRIER NETWORK")),
            ("SMS Short Code, North America", Some("CARRIER NETWORK")),
            ("SMS, Middle East & Africa", Some("CARRIER NETWORK")),
        ]
    );
    assert_eq!(snapshot.components.len() - degraded.len(), 61);
    assert_eq!(
        component(&snapshot.components, "Studio").group.as_deref(),
        Some("SERVERLESS")
    );
    // Top-level, non-group components have no group.
    assert_eq!(component(&snapshot.components, "AUTOPILOT").group, None);
    assert_eq!(
        snapshot.status_for(&["carrier network".to_owned()]),
        Status::Degraded
    );
    assert_eq!(
        snapshot.status_for(&["Voice, Europe".to_owned()]),
        Status::Operational
    );

    let incidents: Vec<(&str, &str, usize)> = snapshot
        .incidents
        .iter()
        .map(|i| (i.id.as_str(), i.status.as_str(), i.updates.len()))
        .collect();
    assert_eq!(
        incidents,
        [
            ("4dtnnnnxnhn9", "investigating", 2),
            ("r0f0vdz8vrgm", "monitoring", 5)
        ]
    );
    let newest = &snapshot.incidents[0];
    assert_eq!(newest.title, "SMS Delivery Delays to Mozambique Movitel");
    assert_eq!(newest.impact, Status::Degraded);
    // 2020-06-16T13:27:41.521-07:00
    assert_eq!(newest.started_at, Some(ts("2020-06-16T20:27:41.521Z")));
    assert_eq!(newest.updates[0].at, ts("2020-06-16T21:00:29.019Z"));
    assert_eq!(newest.components, ["SMS, Middle East & Africa"]);
    let monitoring = &snapshot.incidents[1];
    assert_eq!(
        stages(monitoring),
        [
            "monitoring",
            "investigating",
            "investigating",
            "investigating",
            "investigating"
        ]
    );
    assert_eq!(
        monitoring.components,
        [
            "SMS",
            "MMS",
            "MMS Short Code, North America",
            "SMS Short Code, North America"
        ]
    );
    assert_eq!(
        monitoring.url.as_deref(),
        Some("http://stspg.io/xwv6rz0r1yll")
    );

    assert_eq!(snapshot.maintenances.len(), 9);
    assert!(snapshot
        .maintenances
        .iter()
        .all(|m| m.status == "scheduled" && m.impact == Status::Maintenance));
    assert!(snapshot
        .maintenances
        .windows(2)
        .all(|w| w[0].scheduled_for <= w[1].scheduled_for));
    let first = &snapshot.maintenances[0];
    assert_eq!(first.id, "9szb6ydlg10w");
    assert_eq!(
        first.title,
        "[Scheduled] SMS Carrier Maintenance - Tele2 Russia"
    );
    // 2020-06-16T16:00:00.000-07:00 → 20:00:00.000-07:00
    assert_eq!(first.scheduled_for, Some(ts("2020-06-16T23:00:00Z")));
    assert_eq!(first.scheduled_until, Some(ts("2020-06-17T03:00:00Z")));
    assert_eq!(first.components, ["SMS, Europe"]);
    let last = &snapshot.maintenances[8];
    assert_eq!(last.id, "ydfdcy8jc70d");
    assert_eq!(last.scheduled_for, Some(ts("2020-07-02T04:00:00Z")));
}

#[test]
fn cloudamqp_summary_maintenance_in_progress() {
    let snapshot = parse_summary(&fixture(
        "cloudamqp-summary-2020-07-16-maintenance-in-progress.json",
    ))
    .unwrap();
    assert_eq!(snapshot.page_name.as_deref(), Some("CloudAMQP"));
    assert_eq!(snapshot.status, Status::Maintenance);
    assert!(!snapshot.status.is_outage());
    assert_eq!(
        snapshot.description.as_deref(),
        Some("Service Under Maintenance")
    );
    assert_eq!(snapshot.components.len(), 23);
    assert_eq!(
        component(&snapshot.components, "Shared servers").status,
        Status::Maintenance
    );
    assert_eq!(
        snapshot
            .components
            .iter()
            .filter(|c| c.status == Status::Operational)
            .count(),
        22
    );
    assert_eq!(
        snapshot.status_for(&["Dedicated servers".to_owned()]),
        Status::Operational
    );
    assert!(snapshot.incidents.is_empty());

    assert_eq!(snapshot.maintenances.len(), 1);
    let maintenance = &snapshot.maintenances[0];
    assert_eq!(maintenance.id, "qy6n39trpl7l");
    assert_eq!(
        maintenance.title,
        "Upgrade of shared servers “jellyfish”, “wildboar”, and “reindeer”"
    );
    assert_eq!(maintenance.status, "in_progress");
    assert_eq!(maintenance.impact, Status::Maintenance);
    assert!(!maintenance.is_resolved());
    assert_eq!(maintenance.scheduled_for, Some(ts("2020-07-16T21:00:00Z")));
    assert_eq!(
        maintenance.scheduled_until,
        Some(ts("2020-07-16T23:00:00Z"))
    );
    assert_eq!(maintenance.components, ["Shared servers"]);
    assert_eq!(stages(maintenance), ["in_progress", "scheduled"]);
    assert_eq!(
        maintenance.updates[0].body,
        "Scheduled maintenance is currently in progress. We will provide updates as necessary."
    );
}

// --- incidents.json ---------------------------------------------------

#[test]
fn github_incidents_list_fifty_incidents() {
    let incidents = parse_incidents(&fixture("github-incidents-2026-07-31.json")).unwrap();
    assert_eq!(incidents.len(), 50);
    assert_eq!(
        incidents.iter().map(|i| i.updates.len()).sum::<usize>(),
        287
    );
    let count = |impact: Status| incidents.iter().filter(|i| i.impact == impact).count();
    assert_eq!(count(Status::Degraded), 26); // minor
    assert_eq!(count(Status::PartialOutage), 10); // major
    assert_eq!(count(Status::MajorOutage), 11); // critical
    assert_eq!(count(Status::Operational), 3); // none
    assert!(incidents
        .iter()
        .all(|i| i.status == "resolved" && i.is_resolved() && i.resolved_at.is_some()));
    assert!(incidents
        .windows(2)
        .all(|w| w[0].started_at >= w[1].started_at));
    incidents.iter().for_each(assert_newest_first);
    assert!(incidents.iter().all(|i| i.scheduled_for.is_none()));

    let newest = &incidents[0];
    assert_eq!(newest.id, "9tpgqq1h4bs7");
    assert_eq!(
        newest.title,
        "Copilot model Claude Fable 5 experiencing elevated errors"
    );
    assert_eq!(newest.started_at, Some(ts("2026-07-30T09:07:42.413Z")));
    assert_eq!(newest.resolved_at, Some(ts("2026-07-30T10:12:15.489Z")));
    assert_eq!(newest.updates.len(), 4);
    assert_eq!(incidents[49].id, "rhqcgg8lg6mm");

    let biggest = incidents.iter().find(|i| i.id == "yjysg0xrl67m").unwrap();
    assert_eq!(biggest.updates.len(), 12);
    assert_eq!(biggest.components.len(), 6);

    // Back-filled incident: created_at (and the update's display_at) is
    // back-dated to 11:00, started_at is when it was posted (15:56).
    let backfilled = incidents.iter().find(|i| i.id == "594m87r8sw13").unwrap();
    assert_eq!(backfilled.impact, Status::Operational);
    assert_eq!(backfilled.started_at, Some(ts("2026-07-24T11:00:00Z")));
    assert_eq!(backfilled.resolved_at, Some(ts("2026-07-24T11:00:00Z")));
    assert_eq!(backfilled.updates.len(), 1);
    assert_eq!(backfilled.updates[0].at, ts("2026-07-24T11:00:00Z"));
    assert!(incidents
        .iter()
        .all(|i| i.started_at.is_some() && i.started_at <= i.resolved_at));
}

#[test]
fn github_bodies_turn_line_break_tags_into_newlines() {
    // GitHub's bodies contain "<br />" tags: they become newlines; nothing
    // else in a body is interpreted.
    let incidents = parse_incidents(&fixture("github-incidents-2026-07-31.json")).unwrap();
    let newest = &incidents[0];
    assert_eq!(
        stages(newest),
        [
            "resolved",
            "investigating",
            "investigating",
            "investigating"
        ]
    );
    assert_eq!(
        newest.updates[1].body,
        "The issues with our upstream model provider have been resolved, and Claude Fable 5 \
         is once again available in Copilot products and IDE surfaces.\n\nWe will \
         continue monitoring to ensure stability, but mitigation is complete."
    );
    assert!(incidents
        .iter()
        .flat_map(|i| &i.updates)
        .all(|u| u.body == u.body.trim() && !u.body.is_empty()));
}

#[test]
fn cloudflare_incidents_excerpt_two_incidents() {
    let incidents =
        parse_incidents(&fixture("cloudflare-incidents-2019-01-10-excerpt.json")).unwrap();
    let summary: Vec<(&str, usize)> = incidents
        .iter()
        .map(|i| (i.id.as_str(), i.updates.len()))
        .collect();
    assert_eq!(summary, [("q746ybtyb6q0", 4), ("wqfk9mzs5qt1", 2)]);
    let api = &incidents[0];
    assert_eq!(api.title, "Cloudflare API service issues");
    assert_eq!(api.impact, Status::Degraded);
    // No started_at in this older payload: created_at stands in.
    assert_eq!(api.started_at, Some(ts("2018-09-17T19:29:21.132Z")));
    assert_eq!(api.resolved_at, Some(ts("2018-09-18T07:45:41.290Z")));
    assert_eq!(api.url.as_deref(), Some("http://stspg.io/7f079791e"));
    assert_eq!(api.components, ["Cloudflare APIs"]);
    assert_eq!(
        stages(api),
        ["resolved", "monitoring", "investigating", "investigating"]
    );
    // "\r\n" inside a body is kept; only the ends are trimmed.
    assert!(api.updates[1]
        .body
        .starts_with("Cloudflare has implemented a fix for this issue and is currently monitoring the results.\r\n"));
    let analytics = &incidents[1];
    assert_eq!(analytics.title, "Web Analytics Delays");
    assert_eq!(analytics.components, ["Analytics"]);
    assert_eq!(stages(analytics), ["resolved", "investigating"]);
}

#[test]
fn discord_incidents_offsets_converted_to_utc() {
    let incidents =
        parse_incidents(&fixture("discord-incidents-2022-02-15-doc-excerpt.json")).unwrap();
    assert_eq!(incidents.len(), 1);
    let incident = &incidents[0];
    assert_eq!(incident.id, "n4njzfn1mqy0");
    assert_eq!(incident.title, "Messaging issues");
    assert_eq!(incident.status, "resolved");
    assert_eq!(incident.impact, Status::Degraded);
    // 2022-02-15T13:14:17.737-08:00 and 13:37:37.388-08:00
    assert_eq!(incident.started_at, Some(ts("2022-02-15T21:14:17.737Z")));
    assert_eq!(incident.resolved_at, Some(ts("2022-02-15T21:37:37.388Z")));
    assert_eq!(
        incident.url.as_deref(),
        Some("https://stspg.io/y1w39cblgvhz")
    );
    assert_eq!(incident.components, ["API"]);
    assert_eq!(
        stages(incident),
        ["resolved", "monitoring", "investigating", "investigating"]
    );
    assert_eq!(incident.updates[0].at, ts("2022-02-15T21:37:37.388Z"));
    assert_eq!(incident.updates[0].body, "This incident has been resolved.");
    assert_eq!(incident.updates[3].at, ts("2022-02-15T21:14:17.849Z"));
}

// --- incidents/<id>.json ----------------------------------------------

#[test]
fn single_incident_endpoint_lc8s9rtyjmgq() {
    let incident = parse_incident(&fixture(
        "github-incident-lc8s9rtyjmgq-single-endpoint.json",
    ))
    .unwrap();
    assert_eq!(incident.id, "lc8s9rtyjmgq");
    assert_eq!(incident.title, "Incident with GitHub Actions");
    assert_eq!(incident.status, "resolved");
    assert_eq!(incident.impact, Status::PartialOutage);
    assert_eq!(incident.started_at, Some(ts("2021-08-10T20:09:03.894Z")));
    assert_eq!(incident.resolved_at, Some(ts("2021-08-10T23:10:51.289Z")));
    assert_eq!(incident.components, ["Actions"]);
    assert_eq!(
        stages(&incident),
        [
            "resolved",
            "monitoring",
            "identified",
            "investigating",
            "investigating"
        ]
    );
    assert_newest_first(&incident);
}

#[test]
fn single_incident_endpoint_00km0kwpz23b() {
    let incident = parse_incident(&fixture(
        "github-incident-00km0kwpz23b-single-endpoint.json",
    ))
    .unwrap();
    assert_eq!(incident.id, "00km0kwpz23b");
    assert_eq!(incident.title, "Incident with Actions and Git Operations");
    assert_eq!(incident.impact, Status::Degraded);
    assert_eq!(incident.components, ["Git Operations", "Actions"]);
    assert_eq!(
        stages(&incident),
        [
            "resolved",
            "investigating",
            "investigating",
            "investigating"
        ]
    );
    assert_eq!(incident.updates[0].at, ts("2023-01-10T18:14:45.860Z"));
    assert_eq!(incident.updates[3].at, ts("2023-01-10T17:04:42.496Z"));
}

#[test]
fn bare_incident_object_is_accepted() {
    let incident = parse_incident(&fixture(
        "github-incident-object-actions-critical-2026-07.json",
    ))
    .unwrap();
    assert_eq!(incident.id, "8vfyvq16hzh9");
    assert_eq!(incident.title, "Incident with GitHub Actions");
    assert_eq!(incident.impact, Status::MajorOutage);
    assert_eq!(
        incident.components,
        ["API Requests", "Issues", "Actions", "Pages"]
    );
    assert_eq!(incident.updates.len(), 18);
    assert_eq!(
        &stages(&incident)[..4],
        ["resolved", "monitoring", "monitoring", "investigating"]
    );
    assert_eq!(
        stages(&incident)
            .iter()
            .filter(|s| **s == "investigating")
            .count(),
        15
    );
    assert!(incident.updates[0]
        .body
        .starts_with("Between July 19, 2026, at 23:05 UTC and July 20, 2026, at 03:55 UTC"));
    assert_eq!(incident.resolved_at, Some(ts("2026-07-20T04:44:03.085Z")));
}

// --- scheduled-maintenances.json --------------------------------------

#[test]
fn discord_scheduled_maintenances() {
    let maintenances = parse_scheduled_maintenances(&fixture(
        "discord-scheduled-maintenances-2022-02-doc-excerpt.json",
    ))
    .unwrap();
    assert_eq!(maintenances.len(), 1);
    let maintenance = &maintenances[0];
    assert_eq!(maintenance.id, "chkt3cr0jf7b");
    assert_eq!(maintenance.title, "(ﾉ◕ヮ◕)ﾉ*:･ﾟ✧ Server Juice");
    assert_eq!(maintenance.status, "completed");
    assert!(maintenance.is_resolved());
    assert_eq!(maintenance.impact, Status::PartialOutage); // "major"
                                                           // 2015-09-22T01:00:00.000-07:00 → 01:30:00.000-07:00
    assert_eq!(maintenance.scheduled_for, Some(ts("2015-09-22T08:00:00Z")));
    assert_eq!(
        maintenance.scheduled_until,
        Some(ts("2015-09-22T08:30:00Z"))
    );
    assert_eq!(
        maintenance.resolved_at,
        Some(ts("2015-09-22T09:25:20.034Z"))
    );
    assert!(maintenance.components.is_empty());
    assert_eq!(
        stages(maintenance),
        ["completed", "verifying", "in_progress", "scheduled"]
    );
    assert_eq!(
        maintenance.updates[0].body,
        "Everything seems to be working! \r\nSorry for the brief interruption."
    );
    // The "scheduled" update is back-dated: display_at (18:20:00-07:00)
    // is used, not created_at (18:20:40.794-07:00).
    assert_eq!(maintenance.updates[3].at, ts("2015-09-19T01:20:00Z"));
}

// --- components.json / status.json ------------------------------------

#[test]
fn discord_components_and_status() {
    let components =
        parse_components(&fixture("discord-components-2022-02-15-doc-excerpt.json")).unwrap();
    assert_eq!(
        components,
        [Component {
            name: "API".to_owned(),
            group: None,
            status: Status::Operational,
        }]
    );
    let (status, description) =
        parse_status(&fixture("discord-status-2022-02-15-doc-excerpt.json")).unwrap();
    assert_eq!(status, Status::Operational);
    assert_eq!(description.as_deref(), Some("All Systems Operational"));
}

#[test]
fn hashicorp_components_groups_resolved_and_excluded() {
    let components = parse_components(&fixture(
        "hashicorp-components-2021-08-06-groups-statuses-edited.json",
    ))
    .unwrap();
    // 54 components in the payload, 6 of them groups.
    assert_eq!(components.len(), 48);
    let group_names = [
        "HashiCorp Cloud Platform (HCP)",
        "Terraform Cloud",
        "HashiCorp Consul Service (HCS) on Azure",
        "Waypoint",
        "Release Archives",
    ];
    for group in group_names {
        assert!(components.iter().all(|c| c.name != group), "{group} listed");
    }
    let hcp_portal = component(&components, "HCP Portal");
    assert_eq!(
        hcp_portal.group.as_deref(),
        Some("HashiCorp Cloud Platform (HCP)")
    );
    assert_eq!(hcp_portal.status, Status::Degraded);
    assert_eq!(
        component(&components, "Terraform Cloud UI and API")
            .group
            .as_deref(),
        Some("Terraform Cloud")
    );
    // A child named like its group: the group itself is gone, the child stays.
    let registry: Vec<&Component> = components
        .iter()
        .filter(|c| c.name == "Terraform Registry")
        .collect();
    assert_eq!(registry.len(), 1);
    assert_eq!(registry[0].group.as_deref(), Some("Terraform Registry"));
    assert_eq!(component(&components, "Vagrant Cloud").group, None);
    let mut maintenance: Vec<&str> = components
        .iter()
        .filter(|c| c.status == Status::Maintenance)
        .map(|c| c.name.as_str())
        .collect();
    maintenance.sort();
    assert_eq!(
        maintenance,
        [
            "Atlassian Bitbucket API",
            "Atlassian Bitbucket Git via HTTPS",
            "Atlassian Bitbucket SSH"
        ]
    );
    assert_eq!(
        components
            .iter()
            .filter(|c| c.status == Status::Degraded)
            .count(),
        45
    );
    assert_eq!(
        components
            .iter()
            .filter(|c| c.group.as_deref() == Some("Terraform Cloud"))
            .count(),
        32
    );
}

// --- vocabulary and tolerance -------------------------------------------

#[test]
fn status_words_map_onto_the_model() {
    assert_eq!(component_status("operational"), Status::Operational);
    assert_eq!(component_status("degraded_performance"), Status::Degraded);
    assert_eq!(component_status("partial_outage"), Status::PartialOutage);
    assert_eq!(component_status("major_outage"), Status::MajorOutage);
    assert_eq!(component_status("under_maintenance"), Status::Maintenance);
    assert_eq!(component_status("melting"), Status::Unknown);
    assert_eq!(component_status(""), Status::Unknown);
    assert_eq!(indicator_status("none"), Status::Operational);
    assert_eq!(indicator_status("minor"), Status::Degraded);
    assert_eq!(indicator_status("major"), Status::PartialOutage);
    assert_eq!(indicator_status("critical"), Status::MajorOutage);
    assert_eq!(indicator_status("maintenance"), Status::Maintenance);
    assert_eq!(indicator_status("operational"), Status::Unknown);
    assert_eq!(impact_status("critical"), Status::MajorOutage);
    assert_eq!(impact_status("none"), Status::Operational);
}

#[test]
fn nulls_and_missing_fields_are_tolerated() {
    let body = br#"{
        "page": {"name": null, "updated_at": "not a time"},
        "status": {"indicator": "critical", "description": null},
        "components": [
            {"id": "g", "name": "Group", "status": "operational", "group": true, "group_id": null},
            {"id": "a", "name": " Voice ", "status": "major_outage", "group": null, "group_id": "g"},
            {"id": "b", "name": "Chat", "status": "brand_new_word", "group_id": "missing"}
        ],
        "incidents": [
            {"id": "x", "name": "Voice down", "status": null, "impact": null,
             "created_at": "2024-01-01T10:00:00+02:00", "incident_updates": [
                {"status": "identified", "body": null, "created_at": "2024-01-01T09:00:00Z", "display_at": null},
                {"status": "investigating", "body": "  Looking.  ", "display_at": "2024-01-01T08:30:00Z"},
                {"status": "lost", "body": "no time at all"}
             ], "components": null, "shortlink": ""}
        ],
        "scheduled_maintenances": null
    }"#;
    let snapshot = parse_summary(body).unwrap();
    assert_eq!(snapshot.page_name, None);
    assert_eq!(snapshot.updated_at, None);
    assert_eq!(snapshot.description, None);
    assert_eq!(snapshot.status, Status::MajorOutage);
    assert_eq!(
        snapshot.components,
        [
            Component {
                name: "Voice".to_owned(),
                group: Some("Group".to_owned()),
                status: Status::MajorOutage
            },
            Component {
                name: "Chat".to_owned(),
                group: None,
                status: Status::Unknown
            },
        ]
    );
    let incident = &snapshot.incidents[0];
    // No status on the incident: the newest update's stage stands in.
    assert_eq!(incident.status, "identified");
    assert_eq!(incident.impact, Status::Unknown);
    assert_eq!(incident.started_at, Some(ts("2024-01-01T08:00:00Z")));
    assert_eq!(incident.url, None);
    assert!(incident.components.is_empty());
    assert_eq!(stages(incident), ["identified", "investigating"]);
    assert_eq!(incident.updates[0].body, "");
    assert_eq!(incident.updates[1].body, "Looking.");
    assert!(snapshot.maintenances.is_empty());
}

#[test]
fn summary_keeps_only_unresolved_incidents_and_open_maintenances() {
    let body = br#"{
        "page": {"name": "P"},
        "status": {"indicator": "none"},
        "components": [],
        "incidents": [
            {"id": "old", "name": "Done", "status": "resolved", "started_at": "2024-01-01T00:00:00Z"},
            {"id": "a", "name": "A", "status": "investigating", "started_at": "2024-01-01T00:00:00Z"},
            {"id": "b", "name": "B", "status": "monitoring", "started_at": "2024-01-02T00:00:00Z"}
        ],
        "scheduled_maintenances": [
            {"id": "late", "name": "Late", "status": "scheduled", "scheduled_for": "2024-03-01T00:00:00Z"},
            {"id": "done", "name": "Done", "status": "completed", "scheduled_for": "2024-01-01T00:00:00Z"},
            {"id": "soon", "name": "Soon", "status": "in_progress", "scheduled_for": "2024-02-01T00:00:00Z"}
        ]
    }"#;
    let snapshot = parse_summary(body).unwrap();
    let ids = |list: &[VendorIncident]| list.iter().map(|i| i.id.clone()).collect::<Vec<_>>();
    assert_eq!(ids(&snapshot.incidents), ["b", "a"]);
    assert_eq!(ids(&snapshot.maintenances), ["soon", "late"]);
    assert_eq!(snapshot.status, Status::Operational);
}

#[test]
fn deep_nesting_in_an_ignored_field_does_not_crash() {
    let depth = 10_000;
    let mut body = String::from(r#"{"status":{"indicator":"none"},"extra":"#);
    body.push_str(&"[".repeat(depth));
    body.push_str(&"]".repeat(depth));
    body.push('}');
    let (status, _) = parse_status(body.as_bytes()).unwrap();
    assert_eq!(status, Status::Operational);
}

// --- malformed input ----------------------------------------------------

#[test]
fn malformed_payloads_are_errors_not_panics() {
    let deep = "[".repeat(10_000);
    let deep_object = format!("{}{}", r#"{"page":"#.repeat(10_000), "{}");
    let summary = fixture("github-summary-2022-11-25-packages-unresolved.json");
    let truncated = &summary[..summary.len() / 2];
    let html = b"<!DOCTYPE html>\n<html><head><title>GitHub Status</title></head><body>All Systems Operational</body></html>";
    let cases: Vec<(&str, &[u8])> = vec![
        ("empty", b""),
        ("whitespace", b"  \n "),
        ("not json", b"All Systems Operational"),
        ("null", b"null"),
        ("array", b"[]"),
        ("number", b"42"),
        ("empty object", b"{}"),
        ("html", html),
        ("truncated", truncated),
        ("deep array", deep.as_bytes()),
        ("deep object", deep_object.as_bytes()),
        ("trailing garbage", br#"{"status":{"indicator":"none"}} x"#),
        ("wrong type", br#"{"page":{},"components":"all good"}"#),
    ];
    for (name, body) in &cases {
        let results = [
            parse_summary(body).err(),
            parse_incidents(body).err(),
            parse_incident(body).err(),
            parse_scheduled_maintenances(body).err(),
            parse_components(body).err(),
            parse_status(body).err(),
        ];
        for (index, result) in results.into_iter().enumerate() {
            let error = result.unwrap_or_else(|| panic!("{name}: parser #{index} accepted it"));
            assert_eq!(error.format, "statuspage");
            assert!(!error.message.is_empty());
        }
    }
}

#[test]
fn errors_say_what_was_wrong() {
    let html = parse_summary(b"<html><body>Service Unavailable</body></html>").unwrap_err();
    assert!(html.message.contains("HTML"), "{html}");
    let array = parse_summary(b"[]").unwrap_err();
    assert_eq!(
        array.message,
        "not a Statuspage summary.json: expected a JSON object, got an array"
    );
    let positional = parse_status(br#"[{"indicator":"none","description":"x"}]"#);
    assert!(positional.is_err());
    let empty = parse_summary(b"{}").unwrap_err();
    assert!(empty.message.contains("`page`"), "{empty}");
    let page_only = parse_summary(br#"{"page":{"name":"x"}}"#).unwrap_err();
    assert!(page_only.message.contains("neither"), "{page_only}");
    let syntax = parse_status(b"{\"status\":").unwrap_err();
    assert!(syntax.message.contains("invalid JSON"), "{syntax}");
    let deep_array = parse_summary("[".repeat(10_000).as_bytes()).unwrap_err();
    assert!(deep_array.message.contains("got an array"), "{deep_array}");
    let deep_object = r#"{"a":"#.repeat(10_000);
    let deep = parse_incident(deep_object.as_bytes()).unwrap_err();
    assert!(deep.message.contains("recursion limit"), "{deep}");
    let no_incident = parse_incident(br#"{"page":{}}"#).unwrap_err();
    assert!(no_incident.message.contains("incident"), "{no_incident}");
    let no_id = parse_incidents(br#"{"incidents":[{"name":"x"}]}"#).unwrap_err();
    assert!(no_id.message.contains("no id"), "{no_id}");
    assert_eq!(no_id.to_string(), format!("statuspage: {}", no_id.message));
}

#[test]
fn other_endpoints_are_not_mistaken_for_each_other() {
    // status.json has no components/incidents; components.json no status.
    let status = fixture("discord-status-2022-02-15-doc-excerpt.json");
    assert!(parse_components(&status).is_err());
    assert!(parse_incidents(&status).is_err());
    assert!(parse_incident(&status).is_err());
    let components = fixture("discord-components-2022-02-15-doc-excerpt.json");
    assert!(parse_status(&components).is_err());
    assert!(parse_scheduled_maintenances(&components).is_err());
    let incidents = fixture("discord-incidents-2022-02-15-doc-excerpt.json");
    assert!(parse_summary(&incidents).is_err());
    assert!(parse_incident(&incidents).is_err());
    // A summary carries status and components, so both readers accept it.
    let summary = fixture("github-summary-2026-07-31-all-operational.json");
    assert_eq!(parse_status(&summary).unwrap().0, Status::Operational);
    assert_eq!(parse_components(&summary).unwrap().len(), 12);
}

#[test]
fn byte_order_mark_is_skipped() {
    let mut body = b"\xEF\xBB\xBF".to_vec();
    body.extend_from_slice(br#"{"status":{"indicator":"major","description":"Partial"}}"#);
    assert_eq!(
        parse_status(&body).unwrap(),
        (Status::PartialOutage, Some("Partial".to_owned()))
    );
}

// --- summary_url --------------------------------------------------------

#[test]
fn summary_url_from_what_users_type() {
    let cases = [
        (
            "https://www.githubstatus.com",
            "https://www.githubstatus.com/api/v2/summary.json",
        ),
        (
            "https://www.githubstatus.com/",
            "https://www.githubstatus.com/api/v2/summary.json",
        ),
        (
            "githubstatus.com/api/v2/summary.json",
            "https://githubstatus.com/api/v2/summary.json",
        ),
        (
            "https://abcd1234.statuspage.io",
            "https://abcd1234.statuspage.io/api/v2/summary.json",
        ),
        (
            "  www.githubstatus.com  ",
            "https://www.githubstatus.com/api/v2/summary.json",
        ),
        (
            "HTTPS://Status.Example.COM//",
            "https://status.example.com/api/v2/summary.json",
        ),
        (
            "http://127.0.0.1:38123",
            "http://127.0.0.1:38123/api/v2/summary.json",
        ),
        (
            "http://[::1]:8080/",
            "http://[::1]:8080/api/v2/summary.json",
        ),
        (
            "localhost:8080",
            "https://localhost:8080/api/v2/summary.json",
        ),
        (
            "https://www.githubstatus.com/?utm_source=x#top",
            "https://www.githubstatus.com/api/v2/summary.json",
        ),
        (
            "https://status.example.com/api/v2",
            "https://status.example.com/api/v2/summary.json",
        ),
        (
            "https://status.example.com/api/v2/",
            "https://status.example.com/api/v2/summary.json",
        ),
        (
            "https://status.example.com/api/v2/status.json",
            "https://status.example.com/api/v2/status.json",
        ),
        (
            "https://status.example.com/api/v2/summary.json?x=1",
            "https://status.example.com/api/v2/summary.json?x=1",
        ),
        (
            "status.example.com/?next=http://elsewhere",
            "https://status.example.com/api/v2/summary.json",
        ),
        (
            "http://status.example.com/prefix",
            "http://status.example.com/prefix/api/v2/summary.json",
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(summary_url(input).as_deref(), Ok(expected), "{input}");
    }
}

#[test]
fn summary_url_rejects_bad_input() {
    for input in [
        "",
        "   ",
        "ftp://status.example.com",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "mailto:ops@example.com",
        "https://",
        "https:///api/v2/summary.json",
        "https://exa mple.com",
        "https://status.example.com/a path",
        "https://user:secret@status.example.com",
        "http://status.example.com:notaport",
        "http://status.example.com:",
        "http://status.example.com:99999",
        "http://status.example.com:0",
        "https://status..example.com",
        "https://.example.com",
        "https://exa<mple>.com",
        "http://[::1",
        "http://[]:80",
        "://status.example.com",
    ] {
        let error = summary_url(input).expect_err(input);
        assert_eq!(error.format, "statuspage", "{input}");
    }
}
