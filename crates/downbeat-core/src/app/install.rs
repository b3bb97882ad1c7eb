//! Putting an imported config in place without losing the one it replaces:
//! a timestamped backup that is never overwritten (the last few kept), the
//! new file written through a temporary file (symlinks followed, modes
//! kept), and a word on what changes; removing services needs a yes.

use crate::config::catalog::Catalog;
use crate::config::{read_config_file, write_atomically, write_bytes_atomically, Config};
use chrono::{DateTime, Utc};
use std::path::{Path, PathBuf};

/// How many backups of the config are kept.
pub const BACKUPS_KEPT: usize = 5;

#[derive(Debug, thiserror::Error)]
pub enum InstallError {
    #[error("{change}; nothing was changed: run again with --yes to go ahead")]
    NeedsYes { change: String },
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
}

/// What an import did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installed {
    /// "replaces 4 services with 0 (removes a, b, c, d)".
    pub change: String,
    pub backup: Option<PathBuf>,
    pub services: usize,
}

/// Replace the config at `path` with `text` (already validated). Refuses,
/// changing nothing, when services would go and `yes` is not given.
pub fn install_config(
    path: &Path,
    text: &str,
    catalog: &Catalog,
    yes: bool,
    now: DateTime<Utc>,
) -> Result<Installed, InstallError> {
    let io = |path: &Path| {
        let path = path.to_owned();
        move |source| InstallError::Io { path, source }
    };
    let old = match read_config_file(path) {
        Ok(bytes) => Some(bytes),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => return Err(io(path)(error)),
    };
    let ids = |text: &str| -> Option<Vec<String>> {
        let config = Config::parse(text, path, catalog).ok()?;
        Some(config.services.into_iter().map(|s| s.id).collect())
    };
    let new_ids = ids(text).unwrap_or_default();
    let old_ids = old
        .as_deref()
        .map(|bytes| ids(&String::from_utf8_lossy(bytes)));
    let (change, removes) = describe(old_ids.as_ref(), &new_ids);
    if removes && !yes {
        return Err(InstallError::NeedsYes { change });
    }
    let backup = match &old {
        Some(bytes) => Some(back_up(path, bytes, now).map_err(io(path))?),
        None => None,
    };
    write_atomically(path, text).map_err(io(path))?;
    Ok(Installed {
        change,
        backup,
        services: new_ids.len(),
    })
}

/// "replaces 4 services with 0 (removes a, b, c, d)", and whether any go.
fn describe(old: Option<&Option<Vec<String>>>, new: &[String]) -> (String, bool) {
    let plural = |n: usize| if n == 1 { "service" } else { "services" };
    let Some(old) = old else {
        return (
            format!(
                "writes a new config with {} {}",
                new.len(),
                plural(new.len())
            ),
            false,
        );
    };
    let Some(old) = old else {
        return (
            format!(
                "replaces a config that does not parse with {} {}",
                new.len(),
                plural(new.len())
            ),
            false,
        );
    };
    let removed: Vec<&str> = old
        .iter()
        .filter(|id| !new.contains(id))
        .map(String::as_str)
        .collect();
    let added: Vec<&str> = new
        .iter()
        .filter(|id| !old.contains(id))
        .map(String::as_str)
        .collect();
    let mut change = format!(
        "replaces {} {} with {}",
        old.len(),
        plural(old.len()),
        new.len()
    );
    let mut details = Vec::new();
    if !removed.is_empty() {
        details.push(format!("removes {}", list(&removed)));
    }
    if !added.is_empty() {
        details.push(format!("adds {}", list(&added)));
    }
    if !details.is_empty() {
        change.push_str(&format!(" ({})", details.join("; ")));
    }
    (change, !removed.is_empty())
}

fn list(ids: &[&str]) -> String {
    const SHOWN: usize = 10;
    let mut text = ids
        .iter()
        .take(SHOWN)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if ids.len() > SHOWN {
        text.push_str(&format!(" and {} more", ids.len() - SHOWN));
    }
    text
}

/// Keep `bytes` (the config being replaced) as `<name>.<time>.bak` beside
/// `path`, never over an earlier backup, then drop all but the newest
/// [`BACKUPS_KEPT`].
fn back_up(path: &Path, bytes: &[u8], now: DateTime<Utc>) -> std::io::Result<PathBuf> {
    let dir = path
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or("config.toml");
    let stamp = now.format("%Y%m%dT%H%M%SZ");
    let mut backup = dir.join(format!("{name}.{stamp}.bak"));
    let mut n = 1;
    while std::fs::symlink_metadata(&backup).is_ok() {
        backup = dir.join(format!("{name}.{stamp}-{n}.bak"));
        n += 1;
    }
    write_bytes_atomically(&backup, bytes)?;
    // Same permissions as the config (it may hold tokens).
    if let Ok(meta) = std::fs::metadata(path) {
        let _ = std::fs::set_permissions(&backup, meta.permissions());
    }
    let prefix = format!("{name}.");
    let mut backups: Vec<((String, u32), PathBuf)> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let file_name = entry.file_name().into_string().ok()?;
            let key = backup_key(file_name.strip_prefix(&prefix)?.strip_suffix(".bak")?)?;
            Some((key, entry.path()))
        })
        .collect();
    // Oldest first: by time, then by the `-n` of backups within a second.
    backups.sort();
    let excess = backups.len().saturating_sub(BACKUPS_KEPT);
    for (_, old) in backups.into_iter().take(excess) {
        let _ = std::fs::remove_file(old);
    }
    Ok(backup)
}

/// "20260101T120000Z" or "20260101T120000Z-3" → (stamp, n); anything else
/// (an older Downbeat's plain `.bak`, the user's own files) is left alone.
fn backup_key(middle: &str) -> Option<(String, u32)> {
    let (stamp, n) = match middle.split_once('-') {
        Some((stamp, n)) => (stamp, n.parse().ok()?),
        None => (middle, 0),
    };
    let stamped = stamp.len() == 16
        && stamp.ends_with('Z')
        && stamp.chars().filter(|c| c.is_ascii_digit()).count() == 14;
    stamped.then(|| (stamp.to_owned(), n))
}

/// Whether `target` is the same file as `config` (so an export would
/// overwrite the live config).
pub fn is_same_file(target: &Path, config: &Path) -> bool {
    match (std::fs::canonicalize(target), std::fs::canonicalize(config)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}
