//! The first run: nothing is watched until the person picks. On the very
//! first start (the config did not exist and was written just now) the
//! dashboard opens on the picker; the tray says "Pick what to watch" until
//! something is picked. Later starts never open the picker by themselves:
//! when everything was removed, the tray says "Nothing is watched" and
//! offers the picker. Whether something was ever picked is a marker file in
//! the data dir, so that the two empty states read apart after a restart.

use crate::config::Config;
use crate::model::i18n::{Language, Text};
use serde::Serialize;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

/// The marker's name in the data dir.
pub const PICKED_MARKER: &str = "picked";

/// Where the person stands with choosing what to watch.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Setup {
    /// Nothing was ever picked: "Pick what to watch".
    Picking,
    /// Something is watched.
    Watching,
    /// Everything picked was removed since: "Nothing is watched".
    Empty,
}

impl Setup {
    pub fn of(services: usize, picked_before: bool) -> Setup {
        match (services, picked_before) {
            (0, false) => Setup::Picking,
            (0, true) => Setup::Empty,
            _ => Setup::Watching,
        }
    }
}

#[derive(Debug)]
pub struct FirstRun {
    marker: Option<PathBuf>,
    picked: AtomicBool,
    /// How many services the config lists: the config's word, not the
    /// engine's picture (empty for a moment at start).
    services: AtomicUsize,
    open_picker: bool,
}

impl FirstRun {
    /// At start. `data_dir` is `None` when the paths could not be resolved
    /// (then nothing is kept), `config` when the config could not be read;
    /// `first_run`: the config was written just now.
    pub fn start(data_dir: Option<&Path>, config: Option<&Config>, first_run: bool) -> FirstRun {
        let marker = data_dir.map(|dir| dir.join(PICKED_MARKER));
        if let (true, Some(marker)) = (first_run, &marker) {
            // A new config (the old one deleted): its person has picked
            // nothing yet, whatever the data dir remembers.
            let _ = std::fs::remove_file(marker);
        }
        let picked = !first_run && marker.as_ref().is_some_and(|m| m.exists());
        let run = FirstRun {
            marker,
            picked: AtomicBool::new(picked),
            services: AtomicUsize::new(0),
            open_picker: first_run,
        };
        if let Some(config) = config {
            run.saved(config);
        }
        run
    }

    /// Open the dashboard on the picker: on the very first start only.
    pub fn open_picker(&self) -> bool {
        self.open_picker
    }

    pub fn setup(&self) -> Setup {
        Setup::of(
            self.services.load(Ordering::Relaxed),
            self.picked.load(Ordering::Relaxed),
        )
    }

    /// A config was read or saved: once it watches something, the person
    /// has picked, for good.
    pub fn saved(&self, config: &Config) {
        self.services
            .store(config.services.len(), Ordering::Relaxed);
        if config.services.is_empty() || self.picked.swap(true, Ordering::Relaxed) {
            return;
        }
        let Some(marker) = &self.marker else { return };
        let written = marker
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| {
                std::fs::write(
                    marker,
                    "Downbeat: services were picked for this data dir; the first-run picker is not opened again.\n",
                )
            });
        if let Err(error) = written {
            tracing::warn!("cannot write {}: {error}", marker.display());
        }
    }

    /// The headline in place of the glance's while nothing is watched
    /// ("Pick what to watch", "Nothing is watched"); `None` while something
    /// is, or when `problem` (why Downbeat cannot watch) says more.
    pub fn headline(&self, problem: bool, language: Language) -> Option<String> {
        if problem {
            return None;
        }
        match self.setup() {
            Setup::Picking => Some(language.text(Text::PickWhatToWatch)),
            Setup::Empty => Some(language.text(Text::NothingWatched)),
            Setup::Watching => None,
        }
    }
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::config::catalog::Catalog;

    fn load(path: &Path) -> (Config, bool) {
        Config::load_or_first_run(path, &Catalog::builtin()).expect("config")
    }

    #[test]
    fn the_picker_opens_on_the_very_first_start_only_and_the_tray_says_what_is_true() {
        let dir = tempfile::tempdir().unwrap();
        let (config_path, data) = (dir.path().join("config.toml"), dir.path().join("data"));
        let en = Language::En;

        // First start: no config yet. It is written, watching nothing.
        let (config, first) = load(&config_path);
        assert!(first && config.services.is_empty());
        let run = FirstRun::start(Some(&data), Some(&config), first);
        assert!(run.open_picker());
        assert_eq!(run.setup(), Setup::Picking);
        assert_eq!(
            run.headline(false, en).as_deref(),
            Some("Pick what to watch")
        );
        assert_eq!(run.headline(true, en), None, "a broken config says more");

        // Quit before picking: the next start says the same, picker closed.
        let (config, first) = load(&config_path);
        assert!(!first);
        let run = FirstRun::start(Some(&data), Some(&config), first);
        assert!(!run.open_picker());
        assert_eq!(run.setup(), Setup::Picking);
        assert!(!data.join(PICKED_MARKER).exists());

        // Something picked (through the settings' edit path).
        let text =
            std::fs::read_to_string(&config_path).unwrap() + "\n[[services]]\nid = \"github\"\n";
        let picked = Config::parse(&text, &config_path, &Catalog::builtin()).unwrap();
        run.saved(&picked);
        assert_eq!(run.setup(), Setup::Watching);
        assert_eq!(run.headline(false, en), None);
        assert!(data.join(PICKED_MARKER).exists());

        // Everything removed, then a restart: no picker, and no "pick"
        // headline either, but what is true.
        run.saved(&config);
        assert_eq!(run.setup(), Setup::Empty);
        let run = FirstRun::start(Some(&data), Some(&config), false);
        assert!(!run.open_picker());
        assert_eq!(run.setup(), Setup::Empty);
        assert_eq!(
            run.headline(false, en).as_deref(),
            Some("Nothing is watched")
        );
        assert_eq!(
            run.headline(false, Language::Fr).as_deref(),
            Some("Rien n'est surveillé")
        );
    }

    #[test]
    fn a_config_that_watches_marks_the_data_dir_and_a_new_config_starts_over() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let config_path = dir.path().join("config.toml");
        // An older Downbeat's config, watching already: no picker, ever.
        std::fs::write(&config_path, "[[services]]\nid = \"github\"\n").unwrap();
        let (config, first) = load(&config_path);
        let run = FirstRun::start(Some(&data), Some(&config), first);
        assert!(!run.open_picker());
        assert_eq!(run.setup(), Setup::Watching);
        assert!(data.join(PICKED_MARKER).exists());

        // The config deleted: a first run again, whatever the data dir says.
        std::fs::remove_file(&config_path).unwrap();
        let (config, first) = load(&config_path);
        let run = FirstRun::start(Some(&data), Some(&config), first);
        assert!(run.open_picker());
        assert_eq!(run.setup(), Setup::Picking);
        assert!(!data.join(PICKED_MARKER).exists());

        // Without paths nothing is kept, and nothing fails.
        let run = FirstRun::start(None, None, false);
        assert_eq!(run.setup(), Setup::Picking);
    }
}
