//! Inputs written by hand from the documented shapes of formats of which
//! no real capture was found (each reader's module names its source). They
//! are not captures: tests, loopback detection tests and benchmarks use
//! them as the closest stand-in, and say so.

/// playstation: written from the documented shape, not a capture.
pub const PLAYSTATION_SCEA: &str = r#"{
      "regionName": "SCEA",
      "status": [{"statusId": "1", "statusType": "Outage"}],
      "countries": [
        {"countryCode": "US", "services": [
          {"serviceId": "1", "serviceName": "Gaming and Social", "status": [{"statusType": "Outage"}]},
          {"serviceId": "2", "serviceName": "PlayStation Store", "status": []}
        ]},
        {"countryCode": "CA", "services": [
          {"serviceId": "1", "serviceName": "Gaming and Social", "status": []},
          {"serviceId": "2", "serviceName": "PlayStation Store", "status": [{"statusType": "Degraded"}]}
        ]}
      ]
    }"#;

/// statuscake: written from the documented shape, not a capture.
pub const STATUSCAKE_REPORT: &str = r#"{"TestData": [
      {"TestID": 101, "Name": "Website", "Status": "Up"},
      {"TestID": 102, "Name": "API", "Status": "Down"},
      {"TestID": 103, "Name": "Mail", "Status": "Paused"}
    ]}"#;

/// sorry: written from the documented shape, not a capture.
pub const SORRY_PAGE: &str = r#"{"page": {"id": "abc123", "name": "Acme", "state": "degraded",
      "state_text": "Some systems are degraded",
      "links": {"components": "https://status.acme.test/api/v1/components", "notices": "https://status.acme.test/api/v1/notices"}}}"#;

/// sorry: written from the documented shape, not a capture.
pub const SORRY_COMPONENTS: &str = r#"{"components": [
      {"id": 1, "name": "Platform", "state": "operational", "parent_id": null},
      {"id": 2, "name": "API", "state": "partially-degraded", "parent_id": 1},
      {"id": 3, "name": "Dashboard", "state": "operational", "parent_id": 1},
      {"id": 4, "name": "Email", "state": "degraded", "parent_id": null}
    ], "meta": {"next_page": null}}"#;

/// sorry: written from the documented shape, not a capture.
pub const SORRY_HOSTED: &str = r#"{"response": [
      {"id": "c1", "name": "Website", "state": "operational"},
      {"id": "c2", "name": "Checkout", "state": "partially-degraded"}
    ]}"#;

/// adobe: written from the documented shape, not a capture.
pub const ADOBE_STATUS_EVENTS: &str = r#"{
      "incidentEvent": {"incidents": {
        "INC1": {"id": "INC1", "clouds": {"c1": {"id": "c1", "name": "Experience Cloud"}},
          "products": {"p1": {"id": "p1", "name": "Adobe Analytics", "history": {
            "1700000000": {"id": "h1", "status": "Discovery", "severity": "Potential", "titleToken": "t0"},
            "1700003600": {"id": "h2", "status": "Updated", "severity": "minor", "titleToken": "t1"}
          }}}},
        "INC2": {"id": "INC2", "clouds": {},
          "products": {"p2": {"id": "p2", "name": "Adobe Sign", "history": {
            "1699990000": {"id": "h3", "status": "opened", "severity": "major"},
            "1699999000": {"id": "h4", "status": "closed", "severity": "major"}
          }}}}
      }},
      "maintenanceEvent": {"maintenance": {
        "M1": {"id": "M1", "status": "started", "clouds": {}, "products": {"p3": {"id": "p3", "name": "Adobe Target"}}},
        "M2": {"id": "M2", "status": "completed", "clouds": {}, "products": {"p4": {"id": "p4", "name": "Adobe Campaign"}}}
      }},
      "messages": {"en": {"t1": {"textMessage": "Reports are delayed", "htmlMessage": "<p>Reports are delayed</p>"}}}
    }"#;

/// statushub: written from the documented shape, not a capture.
pub const STATUSHUB_STATUSES: &str =
    r#"{"counters": {"count_status_1": 10, "count_status_2": 1, "count_status_3": 1}}"#;

/// sorry: written from the documented shape, not a capture.
pub const SORRY_NOTICES: &str = r#"{"notices": [
      {"id": 101, "type": "unplanned", "state": "investigating", "subject": "High latency on the API",
       "url": "https://status.acme.test/notices/101", "began_at": "2026-03-20T11:00:00Z",
       "updated_at": "2026-03-20T11:30:00Z", "latest_update": {"content": "Looking into it."}},
      {"id": 102, "type": "planned", "state": "scheduled", "subject": "Database migration",
       "begins_at": "2026-03-25T02:00:00Z", "ends_at": "2026-03-25T04:00:00Z"},
      {"id": 104, "type": "planned", "state": "underway", "subject": "Queue upgrade",
       "begins_at": "2026-03-20T10:00:00Z", "ends_at": "2026-03-30T10:00:00Z"},
      {"id": 103, "type": "unplanned", "state": "resolved", "subject": "Old incident"}
    ], "meta": {"next_page": null}}"#;

/// hund: written from the documented shape (hundio/api-specification), not
/// a capture. Watchdog `w1` is down, `w2` degraded, `w3` operational; `w4`
/// has no current status. The issue on `c2` forces an outage on it.
pub const HUND_STATUSES: &str = r#"{"type": "paged_array", "total_count": 5, "has_more": false, "data": [
      {"id": "s5", "type": "status", "watchdog": "w1", "state": -1, "began_at": 1796000000, "ended_at": null, "updated_at": 1796003600},
      {"id": "s4", "type": "status", "watchdog": "w2", "state": 0, "began_at": 1795990000, "ended_at": null, "updated_at": 1796003500},
      {"id": "s3", "type": "status", "watchdog": "w1", "state": 1, "began_at": 1795900000, "ended_at": 1796000000, "updated_at": 1796000000},
      {"id": "s2", "type": "status", "watchdog": {"id": "w3", "type": "watchdog"}, "state": 1, "began_at": 1795000000, "ended_at": null, "updated_at": 1796003000},
      {"id": "s1", "type": "status", "watchdog": "w4", "state": -1, "began_at": 1794000000, "ended_at": 1794500000, "updated_at": 1794500000}
    ]}"#;

/// hund: written from the documented shape, not a capture.
pub const HUND_COMPONENTS: &str = r#"{"type": "paged_array", "total_count": 4, "has_more": false, "data": [
      {"id": "c1", "type": "component", "name": "API", "watchdog": "w1", "group": {"id": "g1", "type": "group", "name": "Platform"}},
      {"id": "c2", "type": "component", "name": {"en": "Dashboard", "de": "Armaturenbrett"}, "watchdog": "w2", "group": {"id": "g1", "type": "group", "name": "Platform"}},
      {"id": "c3", "type": "component", "name": "Email", "watchdog": "w3", "group": "g2"},
      {"id": "c4", "type": "component", "name": "Webhooks", "watchdog": "w4", "group": "g2"}
    ]}"#;

/// hund: written from the documented shape, not a capture.
pub const HUND_ISSUES: &str = r#"{"type": "paged_array", "total_count": 2, "has_more": false, "data": [
      {"id": "i1", "type": "issue", "title": "Dashboard unreachable", "label": "investigating",
       "specialization": "general", "state_override": 0, "standing": true, "resolved": false,
       "began_at": 1796001000, "ended_at": null, "schedule": null,
       "components": {"type": "paged_array", "data": [{"id": "c2", "type": "component", "name": "Dashboard"}]},
       "updates": {"type": "paged_array", "data": [
         {"id": "u1", "type": "update", "label": "investigating", "body": "Looking into it.", "created_at": 1796001000, "state_override": null},
         {"id": "u2", "type": "update", "label": "identified", "body": "A bad deploy.", "created_at": 1796002000, "state_override": -1}
       ]}},
      {"id": "i2", "type": "issue", "title": "Mail relay upgrade", "label": "maintenance",
       "specialization": "maintenance", "state_override": null, "standing": true, "resolved": false,
       "began_at": 1796000500, "ended_at": null,
       "schedule": {"type": "schedule", "starts_at": 1796000500, "ends_at": 1796010000},
       "components": {"type": "paged_array", "data": [{"id": "c3", "type": "component", "name": "Email"}]},
       "updates": {"type": "paged_array", "data": []}}
    ]}"#;

/// Gatus `/api/v1/endpoints/statuses`, written from the documented shape (TwiN/gatus-sdk models.go), not a capture.
pub const GATUS_STATUSES: &str = r#"[
      {"name": "api", "group": "core", "key": "core_api", "results": [
        {"status": 200, "hostname": "api.example.org", "duration": 51000000, "conditionResults": [{"condition": "[STATUS] == 200", "success": true}], "success": true, "timestamp": "2026-11-30T10:00:00Z", "errors": []},
        {"status": 502, "hostname": "api.example.org", "duration": 12000000, "conditionResults": [{"condition": "[STATUS] == 200", "success": false}], "success": false, "timestamp": "2026-11-30T10:01:00.5+01:00", "errors": []}
      ], "events": []},
      {"name": "web", "group": "core", "key": "core_web", "results": [
        {"status": 200, "success": true, "timestamp": "2026-11-30T09:01:00Z"}
      ], "events": []},
      {"name": "new", "group": null, "key": "_new", "results": [], "events": []}
    ]"#;

/// PayPal status components, written from the documented shape (inket/stts PayPal.swift), not a capture.
pub const PAYPAL_COMPONENTS: &str = r#"{"result": [
      {"name": "Checkout", "category": {"name": "product"}, "status": {"production": "Service Disruption", "sandbox": "Operational"}},
      {"name": "Payouts API", "category": {"name": "api"}, "status": {"production": "Operational", "sandbox": "Service Outage"}},
      {"name": "Disputes", "category": {"name": "product"}, "status": {"production": "Something New", "sandbox": "Operational"}}
    ]}"#;

/// incident.io's widget API `/api/v1/summary`, written from its documented shape; no capture of it is among the fixtures.
pub const INCIDENTIO_WIDGET: &str = r#"{
  "page_title": "Example Status",
  "page_url": "https://status.example.com",
  "ongoing_incidents": [
    {"id": "01HINC0", "name": "Slow logins", "status": "monitoring", "url": null,
     "last_update_at": "2024-05-01T07:00:00Z", "last_update_message": "Monitoring.",
     "current_worst_impact": "degraded_performance",
     "affected_components": [{"id": "c2", "name": "Dashboard", "current_status": "operational"}]},
    {"id": "01HINC1", "name": "Elevated API errors", "status": "identified",
     "url": "https://status.example.com/incidents/01HINC1",
     "last_update_at": "2024-05-01T10:30:00+02:00",
     "last_update_message": "We have found the cause.<br>Fix rolling out.",
     "current_worst_impact": "partial_outage",
     "affected_components": [
       {"id": "c1", "name": "API", "group_name": "Platform", "current_status": "partial_outage"},
       {"id": "c2", "name": "Dashboard"}]}
  ],
  "in_progress_maintenances": [
    {"id": "01HMNT1", "name": "Database upgrade", "status": "maintenance_in_progress",
     "url": "https://status.example.com/incidents/01HMNT1",
     "last_update_at": "2024-05-01T06:00:00Z", "last_update_message": "Started.",
     "started_at": "2024-05-01T06:00:00Z", "scheduled_end_at": "2024-05-01T09:00:00-04:00",
     "affected_components": [{"id": "c3", "name": "Database", "group_name": "Platform"}]}
  ],
  "scheduled_maintenances": [
    {"id": "01HMNT2", "name": "Network work", "status": "maintenance_scheduled",
     "url": "https://status.example.com/incidents/01HMNT2",
     "last_update_at": "2024-04-30T12:00:00Z", "last_update_message": "Planned.",
     "starts_at": "2024-05-10T22:00:00Z", "ends_at": "2024-05-11T02:00:00Z",
     "affected_components": [{"id": "c1", "name": "API", "group_name": "Platform"}]}
  ]
}"#;
