//! Launch at login. The config's `[general] launch_at_login` is the truth;
//! the OS's login item (an XDG autostart entry, a LaunchAgent, a Run key,
//! written by tauri-plugin-autostart) is kept in step with it at every start
//! and by the tray's toggle. Unset means "not asked yet": it is asked once,
//! with "Launch at login" as the default answer, but only once something is
//! watched and the person has left the picker (a question on top of the
//! picker, before anything is chosen, is one question too many).

use downbeat_core::app::first_run::Setup;
use downbeat_core::model::i18n::Text;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_autostart::ManagerExt as _;
use tauri_plugin_dialog::{DialogExt as _, MessageDialogButtons, MessageDialogKind};

/// The flag the login item starts the app with: silently into the tray, and
/// never a question (nobody is looking at the screen yet).
pub const FLAG: &str = "--autostart";

/// The plugin, set up to start the app with [`FLAG`].
pub fn plugin<R: Runtime>() -> tauri::plugin::TauriPlugin<R> {
    tauri_plugin_autostart::Builder::new().arg(FLAG).build()
}

/// Whether the app launches at login: the config's answer, `None` while
/// not asked yet.
#[derive(Default)]
pub struct LaunchAtLogin {
    state: Mutex<Option<bool>>,
    config: Option<PathBuf>,
    /// The question was put in this run (it is asked once).
    asked: AtomicBool,
}

impl LaunchAtLogin {
    /// As the tray and the settings show it: off until answered; `None`
    /// while the config cannot be read (then the toggle is greyed out).
    pub fn shown(&self) -> Option<bool> {
        self.config.as_ref()?;
        Some(self.answer().unwrap_or(false))
    }

    fn answer(&self) -> Option<bool> {
        self.state.lock().ok().and_then(|state| *state)
    }

    fn set(&self, on: bool) {
        if let Ok(mut state) = self.state.lock() {
            *state = Some(on);
        }
    }
}

/// Before the tray is made: what it shows. `config` is the config file
/// when it could be read, with its `launch_at_login`.
pub fn manage(app: &AppHandle, config: Option<(PathBuf, Option<bool>)>) {
    let (state, config) = match config {
        Some((path, wanted)) => (wanted, Some(path)),
        None => (None, None),
    };
    app.manage(LaunchAtLogin {
        state: Mutex::new(state),
        config,
        asked: AtomicBool::new(false),
    });
}

/// At start: bring the login item in line with the config; ask when it was
/// never answered and something is already watched (an older config, or a
/// run that ended with the question open). While nothing is watched, the
/// question waits for the first pick ([`picking_over`]).
pub fn start(app: &AppHandle, started_at_login: bool) {
    let launch = app.state::<LaunchAtLogin>();
    if launch.config.is_none() {
        // A broken config: leave the login item as it is, ask nothing.
        return;
    }
    match launch.answer() {
        // Written each start, so an entry naming a moved binary (an AppImage
        // moved to another folder, say) is corrected.
        Some(on) => {
            if let Err(error) = apply(app, on) {
                tracing::warn!("cannot update the login item: {error}");
            }
        }
        None if started_at_login => {}
        None => ask_once(app, Parent::Dashboard),
    }
}

/// The person is done with the picker (the dashboard shows another page,
/// or was closed): the question, if something is watched now and it was
/// never answered nor asked. Harmless to call often.
pub fn picking_over(app: &AppHandle, dashboard_open: bool) {
    let parent = if dashboard_open {
        Parent::Dashboard
    } else {
        Parent::None
    };
    ask_once(app, parent);
}

/// The tray's toggle: flip it, in the OS and in the config. Unanswered
/// reads as off: the toggle is an answer too.
pub fn toggle(app: &AppHandle) {
    let launch = app.state::<LaunchAtLogin>();
    let Some(on) = launch.shown() else {
        return;
    };
    choose(app, !on);
}

/// The settings page's switch: on or off, in the OS and in the config.
pub fn set(app: &AppHandle, on: bool) {
    choose(app, on);
}

fn choose(app: &AppHandle, on: bool) {
    let launch = app.state::<LaunchAtLogin>();
    if let Err(error) = apply(app, on) {
        tracing::warn!("cannot update the login item: {error}");
        return crate::tray::redraw(app);
    }
    launch.set(on);
    if let Some(path) = &launch.config {
        if let Err(error) = save(path, on) {
            tracing::warn!("cannot save launch_at_login in {}: {error}", path.display());
        }
    }
    crate::tray::redraw(app);
}

fn apply(app: &AppHandle, on: bool) -> Result<(), tauri_plugin_autostart::Error> {
    let manager = app.autolaunch();
    if on {
        manager.enable()
    } else {
        manager.disable()
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Parent {
    /// On top of the dashboard when it is open.
    Dashboard,
    /// On its own: the dashboard is closing.
    None,
}

/// Ask unless answered, asked already, nothing is watched yet (the picker
/// is the first thing to do), or the config cannot be read.
fn ask_once(app: &AppHandle, parent: Parent) {
    let launch = app.state::<LaunchAtLogin>();
    let watching = app
        .try_state::<crate::app::AppState>()
        .is_some_and(|state| state.first_run.setup() == Setup::Watching);
    if launch.config.is_none() || launch.answer().is_some() || !watching {
        return;
    }
    if launch.asked.swap(true, Ordering::Relaxed) {
        return;
    }
    ask(app, parent);
}

/// The one question; closing the dialog is "Not now". Either answer is
/// saved, so it is never asked again.
fn ask(app: &AppHandle, parent: Parent) {
    let handle = app.clone();
    // The config's language (read at start), else the system's.
    let language = app
        .try_state::<crate::app::AppState>()
        .map(|state| state.language())
        .unwrap_or_else(downbeat_core::app::engine::system_language);
    let word = |key: Text| language.text(key);
    let mut dialog = app
        .dialog()
        .message(word(Text::LaunchQuestion))
        .title(word(Text::LaunchQuestionTitle))
        .kind(MessageDialogKind::Info)
        .buttons(MessageDialogButtons::OkCancelCustom(
            word(Text::LaunchYes),
            word(Text::LaunchNo),
        ));
    if let (Parent::Dashboard, Some(dashboard)) =
        (parent, app.get_webview_window(crate::dashboard::WINDOW))
    {
        dialog = dialog.parent(&dashboard);
    }
    dialog.show(move |yes| choose(&handle, yes));
}

/// Set `[general] launch_at_login` in the config file, keeping the user's
/// comments and layout, and write it atomically.
fn save(path: &std::path::Path, on: bool) -> Result<(), String> {
    let text = std::fs::read_to_string(path).map_err(|e| e.to_string())?;
    let updated = with_launch_at_login(&text, on)?;
    downbeat_core::config::write_atomically(path, &updated).map_err(|e| e.to_string())
}

fn with_launch_at_login(text: &str, on: bool) -> Result<String, String> {
    let mut config = downbeat_core::config::edit::ConfigEditor::parse(text)?;
    config.set("general", "launch_at_login", Some(on.into()))?;
    Ok(config.text())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::{with_launch_at_login, LaunchAtLogin};
    use std::sync::Mutex;

    fn launch(config: bool, answer: Option<bool>) -> LaunchAtLogin {
        LaunchAtLogin {
            state: Mutex::new(answer),
            config: config.then(|| "config.toml".into()),
            ..LaunchAtLogin::default()
        }
    }

    #[test]
    fn unanswered_reads_off_and_can_be_answered_but_a_broken_config_greys_it_out() {
        // Before the first pick nobody was asked: the toggle says off and
        // works (a tick is an answer); the question is still to come.
        let unasked = launch(true, None);
        assert_eq!((unasked.shown(), unasked.answer()), (Some(false), None));
        unasked.set(true);
        assert_eq!(
            (unasked.shown(), unasked.answer()),
            (Some(true), Some(true))
        );
        assert_eq!(launch(true, Some(false)).answer(), Some(false));
        // No config to keep the answer in: greyed out.
        assert_eq!(launch(false, Some(true)).shown(), None);
    }

    #[test]
    fn the_key_is_set_and_comments_are_kept() {
        let text = "# mine\n[general]\ninterval = \"60s\" # why\n\n[[services]]\nid = \"github\"\n";
        let on = with_launch_at_login(text, true).unwrap();
        assert!(on.contains("# mine") && on.contains("# why"), "{on}");
        assert!(on.contains("launch_at_login = true"), "{on}");
        let off = with_launch_at_login(&on, false).unwrap();
        assert_eq!(off.matches("launch_at_login").count(), 1, "{off}");
        assert!(off.contains("launch_at_login = false"), "{off}");
    }

    #[test]
    fn a_missing_general_table_is_added() {
        let text = "[[services]]\nid = \"github\"\n";
        let on = with_launch_at_login(text, true).unwrap();
        let parsed: toml_edit::DocumentMut = on.parse().unwrap();
        assert_eq!(parsed["general"]["launch_at_login"].as_bool(), Some(true));
        assert_eq!(parsed["services"][0]["id"].as_str(), Some("github"));
    }
}
