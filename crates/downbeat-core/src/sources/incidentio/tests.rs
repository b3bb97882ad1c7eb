#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;
use crate::sources::testing::{fixture, hostile_json_inputs, truncated, ts};

const OPENAI: &str = "openai-status-page-major-2026-03-17.html";
const LINEAR: &str = "linear-status-page-good-2026-03.html";

fn page_fixture(name: &str) -> Vec<u8> {
    fixture("incidentio", name)
}

fn stages(incident: &VendorIncident) -> Vec<&str> {
    incident.updates.iter().map(|u| u.status.as_str()).collect()
}

fn group_sizes(snapshot: &Snapshot) -> Vec<(String, usize)> {
    let mut sizes: Vec<(String, usize)> = Vec::new();
    for component in &snapshot.components {
        let group = component.group.clone().unwrap_or_default();
        match sizes.iter_mut().find(|(g, _)| *g == group) {
            Some((_, n)) => *n += 1,
            None => sizes.push((group, 1)),
        }
    }
    sizes
}

// --- the saved HTML pages -------------------------------------------------

#[test]
fn openai_page_has_the_ongoing_sign_in_incident() {
    let snapshot = parse_page(&page_fixture(OPENAI)).unwrap();
    assert_eq!(snapshot.page_name.as_deref(), Some("OpenAI"));
    // The incident is in "monitoring" and its component has recovered, but it
    // is still ongoing: the page shows "We're currently experiencing issues".
    assert_eq!(snapshot.status, Status::Degraded);
    assert_eq!(snapshot.description, None);

    assert_eq!(snapshot.components.len(), 31);
    assert_eq!(
        group_sizes(&snapshot),
        [
            ("APIs".to_owned(), 12),
            ("ChatGPT".to_owned(), 13),
            ("Sora".to_owned(), 5),
            ("FedRAMP".to_owned(), 1),
        ]
    );
    assert!(snapshot
        .components
        .iter()
        .all(|c| c.status == Status::Operational));
    let logins: Vec<Option<&str>> = snapshot
        .components
        .iter()
        .filter(|c| c.name == "Login")
        .map(|c| c.group.as_deref())
        .collect();
    assert_eq!(logins, [Some("APIs"), Some("ChatGPT"), Some("Sora")]);
    assert_eq!(snapshot.components[0].name, "Chat Completions");
    assert_eq!(
        snapshot.status_for(&["Conversations".to_owned()]),
        Status::Operational
    );

    assert_eq!(snapshot.incidents.len(), 1);
    let incident = &snapshot.incidents[0];
    assert_eq!(incident.id, "01KKWW47249GJZZP9ZGR1PTHV5");
    assert_eq!(
        incident.title,
        "Elevated errors for sign-in and account creation"
    );
    assert_eq!(incident.status, "monitoring");
    assert_eq!(incident.impact, Status::Degraded);
    assert!(!incident.is_resolved());
    assert_eq!(incident.components, ["Login"]);
    assert_eq!(
        incident.url.as_deref(),
        Some("https://statuspage.incident.io/openai-1/incidents/yjw0ydrq")
    );
    // Published at 03:06:13.955Z; the first update is back-dated to 02:42.
    assert_eq!(incident.started_at, Some(ts("2026-03-17T02:42:00Z")));
    assert_eq!(incident.resolved_at, None);
    // Resolved once at 04:09, then re-opened: newest first.
    assert_eq!(
        stages(incident),
        [
            "monitoring",
            "identified",
            "resolved",
            "monitoring",
            "identified"
        ]
    );
    assert_eq!(incident.updates[0].at, ts("2026-03-17T05:21:16.023Z"));
    assert_eq!(
        incident.updates[0].body,
        "We have applied the mitigation and are monitoring the recovery."
    );
    assert_eq!(incident.updates[2].at, ts("2026-03-17T04:09:53.478Z"));
    assert_eq!(
        incident.updates[2].body,
        "All impacted services have now fully recovered."
    );
    assert_eq!(incident.updates[4].at, ts("2026-03-17T02:42:00Z"));
    assert_eq!(
        incident.updates[4].body,
        "We have identified that users are experiencing elevated errors for sign-ins \
         and account creations.\n\nWe are working on implementing a mitigation."
    );
    assert!(snapshot.maintenances.is_empty());
    assert_eq!(snapshot.updated_at, Some(ts("2026-03-17T05:21:16.023Z")));
}

#[test]
fn linear_page_is_all_operational() {
    let snapshot = parse_page(&page_fixture(LINEAR)).unwrap();
    assert_eq!(snapshot.page_name.as_deref(), Some("Linear"));
    assert_eq!(snapshot.status, Status::Operational);
    let names: Vec<&str> = snapshot
        .components
        .iter()
        .map(|c| c.name.as_str())
        .collect();
    assert_eq!(
        names,
        [
            "US Region – Linear application",
            "US Region – Linear API",
            "US Region – Integrations",
            "EU Region – Linear application",
            "EU Region – Linear API",
            "EU Region – Integrations",
        ]
    );
    assert!(snapshot
        .components
        .iter()
        .all(|c| c.status == Status::Operational && c.group.is_none()));
    // Past (resolved) incidents are elsewhere on the page: none is ongoing.
    assert!(snapshot.incidents.is_empty());
    assert!(snapshot.maintenances.is_empty());
    assert_eq!(snapshot.updated_at, None);
}

#[test]
fn parse_picks_the_form_from_the_payload() {
    let html = page_fixture(LINEAR);
    assert_eq!(parse(&html), parse_page(&html));
    assert_eq!(
        parse(crate::sources::documented::INCIDENTIO_WIDGET.as_bytes()),
        parse_widget(crate::sources::documented::INCIDENTIO_WIDGET.as_bytes())
    );
}

/// A page written for this test: chunks cut mid-row, a long text in a `T`
/// row referenced as `"$5"`, React's `"$undefined"` and `$$` escape, a
/// hidden group and a hidden component, a rich-text message.
#[test]
fn stream_rows_references_and_escapes_are_understood() {
    let long_text = "Long text with a\nnewline, and a } and a \" in it.";
    let flight = format!(
        "0:[\"$\",\"html\",null,{{}}]\n5:T{:x},{long_text}6:{}\n",
        long_text.len(),
        r#"{"page":{"name":"$$Acme","public_url":"https://status.acme.test/","components":[],
"structure":{"items":[
 {"component":{"component_id":"c1","name":"$$Money","hidden":false},"group":"$undefined"},
 {"component":"$undefined","group":{"name":"Hidden","hidden":true,"components":[{"component_id":"c2","name":"Secret","hidden":false}]}},
 {"component":"$undefined","group":{"name":"API","hidden":false,"components":[
   {"component_id":"c3","name":"REST","hidden":false},{"component_id":"c4","name":"Old","hidden":true}]}}]},
"affected_components":[{"component_id":"c3","status":"full_outage"}],
"ongoing_incidents":[{"id":"i1","name":"REST is down","status":"investigating",
 "published_at":"2026-01-02T03:04:05+02:00",
 "affected_components":[{"component_id":"c3","status":"full_outage","current_status":"$undefined"}],
 "updates":[
  {"published_at":"2026-01-02T01:00:00Z","to_status":"investigating","message_string":"$5","message":"$undefined"},
  {"published_at":"2026-01-02T01:30:00Z","to_status":"identified","message_string":"$undefined",
   "message":{"type":"doc","content":[{"type":"paragraph","content":[{"type":"text","text":"Found "},
   {"type":"text","text":"it"},{"type":"lineBreak"},{"type":"text","text":"<b>fixing</b>"}]}]}}]}],
"scheduled_maintenances":[]}}"#
            .replace('\n', "")
    );
    let cut = flight.find("REST is").unwrap();
    let chunk = |text: &str| {
        format!(
            "<script>self.__next_f.push([1,{}])</script>",
            serde_json::to_string(text).unwrap()
        )
    };
    let html = format!(
        "<!DOCTYPE html><html><body><script>(self.__next_f=self.__next_f||[]).push([0])</script>\
         <script>self.__next_f.push([0])</script>{}{}<script>self.__next_f.push(x)</script></body></html>",
        chunk(&flight[..cut]),
        chunk(&flight[cut..])
    );
    let snapshot = parse_page(html.as_bytes()).unwrap();
    assert_eq!(snapshot.page_name.as_deref(), Some("$Acme"));
    assert_eq!(
        snapshot.components,
        [
            Component {
                name: "$Money".to_owned(),
                group: None,
                status: Status::Operational
            },
            Component {
                name: "REST".to_owned(),
                group: Some("API".to_owned()),
                status: Status::MajorOutage
            },
        ]
    );
    assert_eq!(snapshot.status, Status::MajorOutage);
    let incident = &snapshot.incidents[0];
    assert_eq!(incident.impact, Status::MajorOutage);
    assert_eq!(incident.components, ["REST"]);
    assert_eq!(incident.started_at, Some(ts("2026-01-02T01:00:00Z")));
    assert_eq!(
        incident.url.as_deref(),
        Some("https://status.acme.test/incidents/i1")
    );
    assert_eq!(stages(incident), ["identified", "investigating"]);
    assert_eq!(incident.updates[0].body, "Found it\n<b>fixing</b>");
    assert_eq!(incident.updates[1].body, long_text);
}

// --- the widget API ---------------------------------------------------------

#[test]
fn widget_summary_with_incidents_and_maintenances() {
    let snapshot = parse_widget(crate::sources::documented::INCIDENTIO_WIDGET.as_bytes()).unwrap();
    assert_eq!(snapshot.page_name.as_deref(), Some("Example Status"));
    assert_eq!(snapshot.status, Status::PartialOutage);
    assert_eq!(snapshot.updated_at, Some(ts("2024-05-01T08:30:00Z")));
    let components = crate::sources::testing::grouped_statuses(&snapshot.components);
    // Dashboard: operational per one incident, at the other's impact (it
    // gives no current status) per the other; the worst stands. The
    // scheduled maintenance colours nothing yet.
    assert_eq!(
        components,
        [
            ("Dashboard", None, Status::PartialOutage),
            ("API", Some("Platform"), Status::PartialOutage),
            ("Database", Some("Platform"), Status::Maintenance),
        ]
    );

    let ids: Vec<&str> = snapshot.incidents.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["01HINC1", "01HINC0"]);
    let newest = &snapshot.incidents[0];
    assert_eq!(newest.title, "Elevated API errors");
    assert_eq!(newest.status, "identified");
    assert_eq!(newest.impact, Status::PartialOutage);
    assert_eq!(newest.components, ["API", "Dashboard"]);
    assert_eq!(newest.updates.len(), 1);
    assert_eq!(newest.updates[0].at, ts("2024-05-01T08:30:00Z"));
    assert_eq!(
        newest.updates[0].body,
        "We have found the cause.\nFix rolling out."
    );
    assert_eq!(newest.updates[0].status, "identified");
    let older = &snapshot.incidents[1];
    assert_eq!(older.impact, Status::Degraded);
    assert_eq!(older.url, None);

    let maintenances: Vec<(&str, &str, Option<DateTime>, Option<DateTime>)> = snapshot
        .maintenances
        .iter()
        .map(|m| {
            (
                m.id.as_str(),
                m.status.as_str(),
                m.scheduled_for,
                m.scheduled_until,
            )
        })
        .collect();
    assert_eq!(
        maintenances,
        [
            (
                "01HMNT1",
                "in_progress",
                Some(ts("2024-05-01T06:00:00Z")),
                Some(ts("2024-05-01T13:00:00Z"))
            ),
            (
                "01HMNT2",
                "scheduled",
                Some(ts("2024-05-10T22:00:00Z")),
                Some(ts("2024-05-11T02:00:00Z"))
            ),
        ]
    );
    assert!(snapshot
        .maintenances
        .iter()
        .all(|m| m.impact == Status::Maintenance));
    assert_eq!(
        snapshot.maintenances[0].started_at,
        Some(ts("2024-05-01T06:00:00Z"))
    );
    assert_eq!(snapshot.maintenances[1].started_at, None);
}

type DateTime = chrono::DateTime<chrono::Utc>;

#[test]
fn widget_summary_with_nothing_going_on_is_operational() {
    let body = br#"{"page_title":"Quiet","page_url":"https://q.example","ongoing_incidents":[],
        "in_progress_maintenances":[],"scheduled_maintenances":[]}"#;
    let snapshot = parse_widget(body).unwrap();
    assert_eq!(snapshot.status, Status::Operational);
    assert!(snapshot.components.is_empty() && snapshot.incidents.is_empty());
    assert_eq!(snapshot.updated_at, None);
    // Nulls and an incident without an impact (shown as an issue).
    let body = br#"{"page_title":null,"ongoing_incidents":[{"id":"x","name":null,
        "status":null,"last_update_at":"bad","affected_components":null}],
        "in_progress_maintenances":null}"#;
    let snapshot = parse_widget(body).unwrap();
    assert_eq!(snapshot.page_name, None);
    assert_eq!(snapshot.status, Status::Degraded);
    assert_eq!(snapshot.incidents[0].status, "investigating");
    assert!(snapshot.incidents[0].updates.is_empty());
}

// --- wrong input ------------------------------------------------------------

#[test]
fn malformed_payloads_are_errors_not_panics() {
    let openai = page_fixture(OPENAI);
    let mut cases = hostile_json_inputs();
    cases.extend([
        ("truncated page", truncated(&openai)),
        ("truncated widget", truncated(crate::sources::documented::INCIDENTIO_WIDGET.as_bytes())),
        ("page without chunks", b"<!DOCTYPE html><html><body>Down</body></html>".to_vec()),
        (
            "chunks without page data",
            b"<html><script>self.__next_f.push([1,\"0:[\\\"$\\\",\\\"div\\\"]\\n\"])</script></html>"
                .to_vec(),
        ),
        (
            "unterminated chunk",
            b"<html><script>self.__next_f.push([1,\"0:{\\\"ongoing_incidents\\\":[".to_vec(),
        ),
        (
            "deep chunk",
            format!(
                "<html><script>self.__next_f.push([1,{}])</script></html>",
                serde_json::to_string(&format!(
                    "0:{}\"ongoing_incidents\":[]\n5:Tffffffff,x",
                    "{\"a\":[".repeat(5_000)
                ))
                .unwrap()
            )
            .into_bytes(),
        ),
        ("empty object", b"{}".to_vec()),
        ("array", b"[]".to_vec()),
        ("incident without id", br#"{"ongoing_incidents":[{"name":"x"}]}"#.to_vec()),
    ]);
    for (name, body) in &cases {
        for (which, result) in [
            ("parse", parse(body)),
            ("parse_page", parse_page(body)),
            ("parse_widget", parse_widget(body)),
        ] {
            let error = result
                .err()
                .unwrap_or_else(|| panic!("{name}: {which} accepted it"));
            assert_eq!(error.format, "incidentio", "{name}");
            assert!(!error.message.is_empty(), "{name}");
        }
    }
}

#[test]
fn errors_say_what_was_wrong() {
    let html = parse_widget(&page_fixture(LINEAR)).unwrap_err();
    assert!(html.message.contains("HTML"), "{html}");
    let json = parse_page(crate::sources::documented::INCIDENTIO_WIDGET.as_bytes()).unwrap_err();
    assert!(json.message.contains("got JSON"), "{json}");
    let plain = parse_page(b"<html><body>Hello</body></html>").unwrap_err();
    assert!(plain.message.contains("self.__next_f"), "{plain}");
    let cut = parse_page(&truncated(&page_fixture(OPENAI))).unwrap_err();
    assert!(cut.message.contains("incomplete"), "{cut}");
    let statuspage = fixture(
        "statuspage",
        "github-summary-2026-07-31-all-operational.json",
    );
    let other = parse_widget(&statuspage).unwrap_err();
    assert!(other.message.contains("ongoing_incidents"), "{other}");
    let instatus = fixture(
        "instatus",
        "perplexity-instatus-summary-ai-status-fixture.json",
    );
    assert!(parse_widget(&instatus).is_err());
    let no_id = parse_widget(br#"{"ongoing_incidents":[{"name":"x"}]}"#).unwrap_err();
    assert!(no_id.message.contains("no id"), "{no_id}");
}
