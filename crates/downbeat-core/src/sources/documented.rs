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
