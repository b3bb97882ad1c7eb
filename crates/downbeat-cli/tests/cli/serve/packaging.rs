//! The shipped systemd unit: `systemd-analyze verify` accepts it (with
//! ExecStart pointing at the binary under test), and its hardening keeps
//! the exposure `systemd-analyze security` reports low.

use std::process::Command;

#[test]
fn the_systemd_unit_verifies_and_is_hardened() {
    let unit = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../packaging/downbeat.service"
    ))
    .expect("unit");
    for needed in [
        "DynamicUser=yes",
        "StateDirectory=downbeat",
        "ProtectSystem=strict",
        "NoNewPrivileges=yes",
        "ExecReload=/bin/kill -HUP $MAINPID",
    ] {
        assert!(unit.contains(needed), "the unit lacks {needed}");
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("downbeat.service");
    std::fs::write(&path, unit.replace("/usr/local/bin/downbeat", crate::BIN)).expect("write");
    let verify = Command::new("systemd-analyze")
        .arg("verify")
        .arg(&path)
        .output()
        .expect("systemd-analyze (run scripts/install-deps test)");
    assert!(
        verify.status.success() && verify.stderr.is_empty(),
        "systemd-analyze verify: {}",
        String::from_utf8_lossy(&verify.stderr)
    );
    // 0 is fully locked down, 100 fully exposed; "OK" is below 40.
    let security = Command::new("systemd-analyze")
        .args(["security", "--offline=yes", "--threshold=20", "--no-pager"])
        .arg(&path)
        .output()
        .expect("systemd-analyze");
    assert!(
        security.status.success(),
        "systemd-analyze security: {}",
        String::from_utf8_lossy(&security.stdout)
    );
}
