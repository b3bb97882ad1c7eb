//! The files a person gives: a config as it is (listed, retired services,
//! malformed) and a database from a newer version.

use super::*;

#[test]
fn status_lists_configured_services_in_order_before_any_check() {
    let home = Home::new();
    home.write_config(
        "[[services]]\nid = \"reddit\"\n\n[[services]]\nid = \"acme\"\nname = \"Acme\"\n\
         [[services.sources]]\nkind = \"statuspage\"\nurl = \"http://127.0.0.1:9\"\n",
    );
    let output = home.run_blocking(&["status", "--json"]);
    assert_eq!(code(&output), Some(0), "stderr: {}", stderr(&output));
    assert_eq!(
        json(&output),
        serde_json::json!({"services": [
            {"service": "reddit", "name": "Reddit", "status": "unknown", "since": null,
             "cause": null, "reason": "Reddit has not been checked yet.",
             "reason_code": "not_checked", "last_check": null},
            {"service": "acme", "name": "Acme", "status": "unknown", "since": null,
             "cause": null, "reason": "Acme has not been checked yet.",
             "reason_code": "not_checked", "last_check": null},
        ]})
    );

    let output = home.run_blocking(&["status"]);
    assert_eq!(code(&output), Some(0));
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 2, "{text}");
    assert!(
        lines[0].starts_with("? Reddit") && lines[1].starts_with("? Acme"),
        "{text}"
    );
    assert!(lines
        .iter()
        .all(|l| l.contains("unknown") && l.contains("never checked")));
    // Columns line up: the status starts at the same place on every line.
    let column = |line: &str| line.find("unknown");
    assert_eq!(column(lines[0]), column(lines[1]), "{text}");
    assert!(!home.database().exists(), "status created a database");
}

#[test]
fn a_retired_service_in_the_config_is_said_and_the_rest_still_listed() {
    let home = Home::new();
    let text = "[[services]]\nid = \"skype\"\n\n[[services]]\nid = \"reddit\"\n";
    home.write_config(text);
    let output = home.run_blocking(&["status", "--json"]);
    assert_eq!(code(&output), Some(0), "stderr: {}", stderr(&output));
    let listed: Vec<Value> = json(&output)["services"]
        .as_array()
        .expect("services")
        .iter()
        .map(|s| s["service"].clone())
        .collect();
    assert_eq!(listed, [Value::from("reddit")]);
    let said = stderr(&output);
    assert!(
        said.contains("line 2: service skype is no longer watched: Microsoft retired Skype")
            && said.contains("microsoft-teams watches what replaced it"),
        "{said}"
    );
    let kept = std::fs::read_to_string(home.config()).expect("config");
    assert_eq!(kept, text, "the file was changed");
}

#[test]
fn status_on_a_malformed_config_exits_78_and_leaves_the_file_alone() {
    let home = Home::new();
    let text = "[general]\nintervall = \"60s\"\n";
    home.write_config(text);
    let output = home.run_blocking(&["status"]);
    let err = stderr(&output);
    assert_eq!(code(&output), Some(78), "stderr: {err:?}");
    assert_eq!(err.lines().count(), 1, "{err:?}");
    let path = home.config().display().to_string();
    assert!(
        err.contains(&format!("{path}:2:")),
        "{err:?} should name {path}:2:"
    );
    assert!(err.contains("intervall"), "{err:?}");
    assert_eq!(stdout(&output), "");
    assert_eq!(
        std::fs::read_to_string(home.config()).expect("config"),
        text
    );
    assert!(!home.database().exists());
}

/// Bytes of every file in `dir`, by name.
fn snapshot_dir(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .expect("read dir")
        .map(|entry| {
            let entry = entry.expect("entry");
            (
                entry.file_name().to_string_lossy().into_owned(),
                std::fs::read(entry.path()).expect("read"),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_database_from_a_newer_version_is_refused_untouched() {
    let home = Home::new();
    home.write_config(
        "[[services]]\nid = \"acme\"\n[[services.sources]]\nkind = \"statuspage\"\n\
         url = \"http://127.0.0.1:9\"\n",
    );
    std::fs::create_dir_all(home.data_dir()).expect("data dir");
    {
        let conn = rusqlite::Connection::open(home.database()).expect("sqlite");
        conn.execute_batch(
            "CREATE TABLE from_the_future (x); INSERT INTO from_the_future VALUES (1);
             PRAGMA user_version = 99;",
        )
        .expect("write future db");
    }
    let before = snapshot_dir(&home.data_dir());
    assert_eq!(before.len(), 1, "only the database file");

    for args in [&["status"][..], &["watch", "--json", "--no-notify"][..]] {
        let output = home.run_blocking(args);
        let err = stderr(&output);
        assert_eq!(code(&output), Some(1), "{args:?}: {err:?}");
        assert_eq!(err.lines().count(), 1, "{err:?}");
        assert!(err.contains("newer"), "{err:?}");
        assert_eq!(stdout(&output), "", "{args:?}");
        assert_eq!(
            snapshot_dir(&home.data_dir()),
            before,
            "{args:?} touched the data dir"
        );
    }
}
