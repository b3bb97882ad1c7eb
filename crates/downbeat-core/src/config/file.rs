//! The config on disk: read only what is a regular file of a sane size,
//! write through a temporary file and a rename, follow symlinks, keep modes.

use super::{line_and_column, ConfigError};
use std::path::{Path, PathBuf};

/// A config larger than this is refused rather than read.
pub const MAX_CONFIG_BYTES: u64 = 16 * 1024 * 1024;

/// The bytes of the config at `path`: a regular file (a symlink to one is
/// fine) no larger than [`MAX_CONFIG_BYTES`]. Checked before opening, since
/// opening a FIFO blocks and `/dev/zero` never ends.
pub fn read_config_file(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            "not a regular file",
        ));
    }
    let too_large = || {
        std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            format!("larger than {} MB", MAX_CONFIG_BYTES / (1024 * 1024)),
        )
    };
    if meta.len() > MAX_CONFIG_BYTES {
        return Err(too_large());
    }
    let mut bytes = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_CONFIG_BYTES + 1)
        .read_to_end(&mut bytes)?;
    if bytes.len() as u64 > MAX_CONFIG_BYTES {
        return Err(too_large());
    }
    Ok(bytes)
}

/// The text of a config, or a config error at the first byte that is not UTF-8.
pub fn utf8(bytes: Vec<u8>, path: &Path) -> Result<String, ConfigError> {
    String::from_utf8(bytes).map_err(|error| {
        let bytes = error.as_bytes();
        let valid = error.utf8_error().valid_up_to();
        let before = String::from_utf8_lossy(&bytes[..valid]);
        let (line, column) = line_and_column(&before, before.len());
        ConfigError::Invalid {
            path: path.to_owned(),
            line,
            column,
            message: "this line is not valid UTF-8 (save the file as UTF-8)".into(),
        }
    })
}

/// Write `text` to `path` through a temporary file and a rename, so a crash
/// or a full disk never leaves a half-written file behind. A symlink is
/// followed (its target is written, the link stays); an existing file keeps
/// its permissions and a new one is owner-only (it may hold tokens).
pub fn write_atomically(path: &Path, text: &str) -> std::io::Result<()> {
    write_bytes_atomically(path, text.as_bytes())
}

/// [`write_atomically`] for bytes.
pub fn write_bytes_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let path = symlink_target(path)?;
    let dir = path
        .parent()
        .filter(|dir| !dir.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    let file_name = path
        .file_name()
        .and_then(|name| name.to_str())
        .unwrap_or("config");
    let temp = dir.join(format!(".{file_name}.{}.tmp", std::process::id()));
    let permissions = std::fs::metadata(&path).ok().map(|m| m.permissions());
    let result = (|| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let _ = std::fs::remove_file(&temp);
        let mut file = options.open(&temp)?;
        file.write_all(bytes)?;
        if let Some(permissions) = permissions {
            file.set_permissions(permissions)?;
        }
        file.sync_all()?;
        std::fs::rename(&temp, &path)?;
        // The rename itself survives a crash only once the directory is synced.
        if let Ok(dir) = std::fs::File::open(dir) {
            let _ = dir.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&temp);
    }
    result
}

/// Where writing `path` should land: the end of its chain of symlinks
/// (dangling or not), else `path` itself.
fn symlink_target(path: &Path) -> std::io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match std::fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if target.is_relative() => parent.join(target),
                    _ => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(std::io::Error::new(
        std::io::ErrorKind::InvalidInput,
        "too many levels of symbolic links",
    ))
}
