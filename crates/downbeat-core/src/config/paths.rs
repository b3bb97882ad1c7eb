//! Where the config file and the database live: the platform's directories
//! (from the `directories` crate), overridable by flags or environment.

use std::path::PathBuf;

pub const CONFIG_ENV: &str = "DOWNBEAT_CONFIG";
pub const DATA_DIR_ENV: &str = "DOWNBEAT_DATA_DIR";
pub const DATABASE_FILE: &str = "downbeat.sqlite3";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Paths {
    pub config: PathBuf,
    pub data_dir: PathBuf,
}

impl Paths {
    /// Explicit values win, then the environment, then the platform default.
    pub fn resolve(config: Option<PathBuf>, data_dir: Option<PathBuf>) -> Result<Paths, String> {
        let from_env = |name: &str| {
            std::env::var_os(name)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
        };
        let project = directories::ProjectDirs::from("", "", "downbeat");
        let config = config
            .or_else(|| from_env(CONFIG_ENV))
            .or_else(|| project.as_ref().map(|p| p.config_dir().join("config.toml")))
            .ok_or("no home directory: pass --config")?;
        let data_dir = data_dir
            .or_else(|| from_env(DATA_DIR_ENV))
            .or_else(|| project.as_ref().map(|p| p.data_dir().to_owned()))
            .ok_or("no home directory: pass --data-dir")?;
        Ok(Paths { config, data_dir })
    }

    pub fn database(&self) -> PathBuf {
        self.data_dir.join(DATABASE_FILE)
    }
}
