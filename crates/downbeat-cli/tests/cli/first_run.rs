//! A first run from the command line: with no config, nothing is watched
//! and no file is written (the desktop app's first run writes it and asks
//! what to watch); `watch` and `serve` say so and how to add services.

use crate::{code, stderr, stdout, Home};

#[test]
fn watch_and_serve_without_a_config_say_how_to_add_services_and_write_nothing() {
    let home = Home::new();
    for args in [
        &["watch", "--json", "--no-notify"][..],
        &["serve", "--listen", "127.0.0.1:0"][..],
    ] {
        let output = home.run_blocking(args);
        let err = stderr(&output);
        assert_eq!(code(&output), Some(78), "{args:?}: {err}");
        assert_eq!(err.lines().count(), 1, "{err}");
        assert!(err.contains("nothing to watch"), "{err}");
        assert!(err.contains(&home.config().display().to_string()), "{err}");
        assert!(err.contains("downbeat catalog"), "says how: {err}");
        assert_eq!(stdout(&output), "");
        assert!(!home.config().exists(), "{args:?} wrote a config");
        assert!(!home.data_dir().exists(), "{args:?} made the data dir");
    }

    // Read-only commands read a missing config as one watching nothing.
    let status = home.run_blocking(&["status"]);
    assert_eq!(code(&status), Some(0), "{}", stderr(&status));
    assert_eq!(stdout(&status), "No services configured.\n");
    assert!(!home.config().exists(), "status wrote a config");
}

#[test]
fn watch_on_a_config_listing_no_service_exits_78_and_serve_runs_on_it() {
    let home = Home::new();
    home.write_config("[general]\ninterval = \"60s\"\n");
    let output = home.run_blocking(&["watch", "--json", "--no-notify"]);
    let err = stderr(&output);
    assert_eq!(code(&output), Some(78), "{err}");
    assert!(err.contains("lists no services"), "{err}");
    assert!(!home.data_dir().exists(), "watch made the data dir");
    // `serve` on such a file is covered by the serve tests (it is filled
    // later and re-read on SIGHUP).
}
