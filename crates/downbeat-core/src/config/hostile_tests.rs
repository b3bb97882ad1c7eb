//! Configs written by a clumsy hand or a hostile one (issue 17).
#![allow(clippy::expect_used, clippy::unwrap_used)]
use super::*;

fn parse(text: &str) -> Result<Config, ConfigError> {
    Config::parse(text, Path::new("config.toml"), &Catalog::builtin())
}

fn invalid(text: &str) -> (usize, String) {
    match parse(text) {
        Err(ConfigError::Invalid { line, message, .. }) => (line, message),
        other => panic!("{text:?} should be invalid, got {other:?}"),
    }
}

const CUSTOM: &str =
    "[[services]]\nid = \"acme\"\n[[services.sources]]\nkind = \"http\"\nurl = \"http://127.0.0.1:1/\"\n";

#[test]
fn every_duration_is_bounded_with_the_line() {
    for value in ["99999999999d", "18446744073709551615s", "366d", "9000h"] {
        let cases = [
            (format!("[general]\ninterval = \"{value}\"\n"), 2),
            (format!("[connectivity]\n\ninterval = \"{value}\"\n"), 3),
            (format!("[notifications]\nreminders = \"{value}\"\n"), 2),
            (format!("[[services]]\nid = \"acme\"\ninterval = \"{value}\"\n[[services.sources]]\nkind = \"http\"\nurl = \"http://127.0.0.1:1/\"\n"), 3),
            (format!("{CUSTOM}degraded_above = \"{value}\"\n"), 6),
        ];
        for (text, line) in cases {
            let (got, message) = invalid(&text);
            assert_eq!(got, line, "{text:?}: {message}");
            assert!(message.contains("at most 365d"), "{message}");
        }
    }
    assert_eq!(
        parse_interval("365d"),
        Ok(Duration::from_secs(365 * 86_400))
    );
    assert!(parse_interval("364d23h59m60s").is_ok());
    assert!(parse_interval("365d1s").is_err());
}

#[test]
fn values_in_errors_are_cut_at_200_characters() {
    let long = "x".repeat(5000);
    for text in [
        format!("[general]\nlanguage = \"{long}\"\n"),
        format!("[[services]]\nid = \"{long}A\"\n"),
        format!("[[services]]\nid = \"a\"\n[[services.sources]]\nkind = \"http\"\nurl = \"ftp://{long}\"\n"),
        format!("[notifications]\nquiet_hours = \"{long}\"\n"),
        format!("[general]\ninterval = \"{long}\"\n"),
    ] {
        let (_, message) = invalid(&text);
        assert!(message.len() < 400, "{} chars: {}", message.len(), &message[..300]);
        assert!(message.contains('…'), "{message}");
    }
}

#[test]
fn control_characters_in_urls_are_refused() {
    for url in [
        "http://127.0.0.1:1/a\\r\\nX-Evil: 1",
        "http://127.0.0.1:1/\\ta",
        "https://status.example.com/\\u0000",
    ] {
        for kind in ["http", "statuspage", "auto"] {
            let text = format!("[[services]]\nid = \"a\"\n[[services.sources]]\nkind = \"{kind}\"\nurl = \"{url}\"\n");
            let (line, message) = invalid(&text);
            assert_eq!(line, 5, "{message}");
            assert!(message.contains("control character"), "{message}");
        }
    }
}

#[test]
fn framing_headers_are_refused() {
    for name in ["Host", "content-length", "Transfer-Encoding", "Connection"] {
        let text = format!("{CUSTOM}headers = {{ \"{name}\" = \"1\" }}\n");
        let (line, message) = invalid(&text);
        assert_eq!(line, 6, "{message}");
        assert!(message.contains("cannot be set"), "{message}");
    }
    let fine = format!("{CUSTOM}headers = {{ Authorization = \"Bearer x\" }}\n");
    assert!(parse(&fine).is_ok());
}

#[test]
fn a_non_utf8_byte_is_a_config_error_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, b"[general]\n# caf\xe9\ninterval = \"60s\"\n").unwrap();
    match Config::load_or_create(&path, &Catalog::builtin()) {
        Err(ConfigError::Invalid { line, message, .. }) => {
            assert_eq!(line, 2);
            assert!(message.contains("UTF-8"), "{message}");
        }
        other => panic!("expected a config error, got {other:?}"),
    }
}

#[cfg(unix)]
#[test]
fn only_regular_files_of_a_sane_size_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.toml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    for path in [Path::new("/dev/zero"), fifo.as_path(), dir.path()] {
        match Config::load_or_create(path, &Catalog::builtin()) {
            Err(ConfigError::Io { source, .. }) => {
                assert!(
                    source.to_string().contains("not a regular file"),
                    "{source}"
                )
            }
            other => panic!("{path:?}: expected refusal, got {other:?}"),
        }
    }
    let big = dir.path().join("big.toml");
    let file = std::fs::File::create(&big).unwrap();
    file.set_len(MAX_CONFIG_BYTES + 1).unwrap();
    match Config::load_or_create(&big, &Catalog::builtin()) {
        Err(ConfigError::Io { source, .. }) => {
            assert!(source.to_string().contains("larger than"), "{source}")
        }
        other => panic!("expected refusal, got {other:?}"),
    }
}

#[test]
fn duplicate_ids_are_found_among_many_services() {
    let mut text = String::new();
    for n in 0..3000 {
        text.push_str(&format!(
            "[[services]]\nid = \"s{n}\"\n[[services.sources]]\nkind = \"http\"\nurl = \"http://127.0.0.1:1/{n}\"\n"
        ));
    }
    assert_eq!(parse(&text).unwrap().services.len(), 3000);
    text.push_str("[[services]]\nid = \"s2999\"\n");
    let (line, message) = invalid(&text);
    assert!(message.contains("listed twice"), "{message}");
    assert_eq!(line, 2999 * 5 + 2);
}

#[cfg(unix)]
#[test]
fn writes_follow_symlinks_and_keep_owner_only_modes() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("dotfiles/config.toml");
    std::fs::create_dir_all(real.parent().unwrap()).unwrap();
    std::fs::write(&real, "old").unwrap();
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o600)).unwrap();
    let link = dir.path().join("config.toml");
    std::os::unix::fs::symlink("dotfiles/config.toml", &link).unwrap();
    write_atomically(&link, "new").unwrap();
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_to_string(&real).unwrap(), "new");
    let mode = std::fs::metadata(&real).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let fresh = dir.path().join("fresh.json");
    write_atomically(&fresh, "{}").unwrap();
    let mode = std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "a new file may hold tokens");
    // A dangling link is reported, not replaced by the default config.
    let dangling = dir.path().join("gone.toml");
    std::os::unix::fs::symlink("elsewhere/config.toml", &dangling).unwrap();
    assert!(Config::load_or_create(&dangling, &Catalog::builtin()).is_err());
    assert!(std::fs::symlink_metadata(&dangling)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(!dir.path().join("elsewhere").exists());
}
