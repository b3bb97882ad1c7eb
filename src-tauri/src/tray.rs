//! The tray icon and its menu. On Linux the tray sends no click events, so
//! every action is a menu item.

use crate::app::AppState;
use crate::autostart::LaunchAtLogin;
use crate::panel::Panel;
use crate::tray_service::shorten;
use crate::view::{summary, DashboardView, Level};
use downbeat_core::app::engine::Command;
use downbeat_core::app::first_run::Setup;
use downbeat_core::logic::policy::tomorrow_morning;
use downbeat_core::model::i18n::{Language, Text};
use std::sync::Mutex;
use tauri::image::Image;
use tauri::menu::{CheckMenuItemBuilder, Menu, MenuBuilder, SubmenuBuilder};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Wry};

const TRAY_ID: &str = "downbeat";

/// What a menu item asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    OpenDashboard,
    CheckNow,
    PauseOneHour,
    PauseUntilTomorrow,
    Resume,
    LaunchAtLogin,
    Quit,
    /// The first run's picker (also when everything was removed).
    Pick,
}

impl Action {
    const ALL: [(Action, &'static str); 8] = [
        (Action::OpenDashboard, "open"),
        (Action::CheckNow, "check-now"),
        (Action::PauseOneHour, "pause-hour"),
        (Action::PauseUntilTomorrow, "pause-tomorrow"),
        (Action::Resume, "resume"),
        (Action::LaunchAtLogin, "launch-at-login"),
        (Action::Quit, "quit"),
        (Action::Pick, "pick"),
    ];

    fn id(self) -> &'static str {
        Action::ALL
            .iter()
            .find(|(a, _)| *a == self)
            .map_or("", |(_, id)| id)
    }

    /// Service lines open the dashboard too.
    fn from_id(id: &str) -> Option<Action> {
        if id.starts_with("service:") {
            return Some(Action::OpenDashboard);
        }
        Action::ALL
            .iter()
            .find(|(_, known)| *known == id)
            .map(|(action, _)| *action)
    }
}

/// What the tray shows besides the engine's picture: the launch-at-login
/// check and the icon set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Extras {
    launch_at_login: Option<bool>,
    light_panel: bool,
}

impl Extras {
    fn now(app: &AppHandle) -> Extras {
        Extras {
            launch_at_login: app
                .try_state::<LaunchAtLogin>()
                .and_then(|launch| launch.shown()),
            light_panel: app
                .try_state::<Panel>()
                .is_some_and(|panel| panel.is_light()),
        }
    }
}

/// The menu text last shown, so an unchanged picture does not rebuild it.
#[derive(Default)]
struct Shown(Mutex<Option<(Level, Vec<String>, Extras)>>);

pub fn create(app: &AppHandle) -> tauri::Result<()> {
    app.manage(Shown::default());
    let view = app.state::<AppState>().view();
    let extras = Extras::now(app);
    TrayIconBuilder::with_id(TRAY_ID)
        .icon(icon(view.level, extras.light_panel)?)
        .title("Downbeat")
        .tooltip(summary(&view))
        .menu(&menu(app, &view, extras)?)
        .show_menu_on_left_click(true)
        .on_menu_event(|app, event| perform(app, event.id().as_ref()))
        .build(app)?;
    Ok(())
}

/// Bring the icon, tooltip and menu in line with `view`.
pub fn refresh(app: &AppHandle, view: &DashboardView) {
    let Some(tray) = app.tray_by_id(TRAY_ID) else {
        return;
    };
    let level = view.level;
    let language = app.state::<AppState>().language();
    let lines = menu_lines(view, language);
    let extras = Extras::now(app);
    let shown = app.state::<Shown>();
    let Ok(mut last) = shown.0.lock() else {
        return;
    };
    if last.as_ref() == Some(&(level, lines.clone(), extras)) {
        return;
    }
    let result = icon(level, extras.light_panel)
        .and_then(|image| tray.set_icon(Some(image)))
        .and_then(|()| tray.set_tooltip(Some(summary(view))))
        .and_then(|()| menu(app, view, extras))
        .and_then(|menu| tray.set_menu(Some(menu)));
    match result {
        Ok(()) => *last = Some((level, lines, extras)),
        Err(error) => tracing::warn!("cannot update the tray: {error}"),
    }
}

/// Rebuild after something besides the engine changed (a toggle, the
/// panel), even when nothing seems to: the panel ticks a check item itself
/// when it is clicked, and a toggle that failed must be unticked.
pub fn redraw(app: &AppHandle) {
    if let Ok(mut last) = app.state::<Shown>().0.lock() {
        *last = None;
    }
    if let Some(state) = app.try_state::<AppState>() {
        refresh(app, &state.view());
    }
}

/// The icon for a state, from the set that suits the panel (see `panel`).
fn icon(level: Level, light_panel: bool) -> tauri::Result<Image<'static>> {
    let bytes: &'static [u8] = match (level, light_panel) {
        (Level::Green, false) => include_bytes!("../../icons/tray-operational.png"),
        (Level::Amber, false) => include_bytes!("../../icons/tray-degraded.png"),
        (Level::Red, false) => include_bytes!("../../icons/tray-outage.png"),
        (Level::Grey, false) => include_bytes!("../../icons/tray-unknown.png"),
        (Level::Green, true) => include_bytes!("../../icons/tray-operational-light.png"),
        (Level::Amber, true) => include_bytes!("../../icons/tray-degraded-light.png"),
        (Level::Red, true) => include_bytes!("../../icons/tray-outage-light.png"),
        (Level::Grey, true) => include_bytes!("../../icons/tray-unknown-light.png"),
    };
    Image::from_bytes(bytes)
}

/// Every line the menu shows, in order: the headline first (Linux trays
/// have no tooltip, so the menu says what a tooltip would), then one line
/// per service. Ages are in minutes, so the menu is rebuilt at most once a
/// minute while offline.
fn menu_lines(view: &DashboardView, language: Language) -> Vec<String> {
    let now = chrono::Utc::now();
    let mut lines = vec![view.headline.clone()];
    if let Some(problem) = &view.problem {
        lines.push(format!("⚠  {}", shorten(problem, 60)));
    }
    lines.extend(
        view.services
            .iter()
            .map(|s| crate::tray_service::lines(view, s, language, now)),
    );
    if let Some(until) = view.paused_until {
        lines.push(format!("paused:{until}"));
    }
    lines.push(format!("setup:{:?}", view.setup));
    if let Some(notice) = &view.history_restarted {
        lines.push(notice.title.clone());
    }
    lines
}

fn menu(app: &AppHandle, view: &DashboardView, extras: Extras) -> tauri::Result<Menu<Wry>> {
    let language = app
        .try_state::<AppState>()
        .map(|state| state.language())
        .unwrap_or_default();
    let now = chrono::Utc::now();
    // Every label in the chosen language (the core's words).
    let word = |key: Text| language.text(key);
    let mut builder = MenuBuilder::new(app);
    // The summary line, as a tooltip would say it; it opens the dashboard
    // (on the picker, while that is what it says).
    let picking = view.setup == Setup::Picking && view.problem.is_none();
    let headline_id = if picking {
        Action::Pick.id()
    } else {
        "service:headline"
    };
    builder = builder.text(headline_id, &view.headline);
    if let Some(problem) = &view.problem {
        builder = builder.text("service:problem", format!("⚠  {}", shorten(problem, 60)));
    }
    if let Some(notice) = &view.history_restarted {
        builder = builder.text("service:notice", format!("⚠  {}", notice.title));
    }
    if !picking {
        builder = builder.separator();
    }
    // Kept short with many services: the worst first, the rest under "More…".
    let (top, rest) = view
        .services
        .split_at(view.services.len().min(crate::tray_service::TOP_LEVEL));
    for service in top {
        builder = builder.item(&crate::tray_service::submenu(
            app, view, service, language, now,
        )?);
    }
    if !rest.is_empty() {
        let mut more = SubmenuBuilder::new(app, word(Text::TrayMore));
        for service in rest {
            more = more.item(&crate::tray_service::submenu(
                app, view, service, language, now,
            )?);
        }
        builder = builder.item(&more.build()?);
    }
    if view.services.is_empty() && view.problem.is_none() && !picking {
        builder = builder.text(Action::Pick.id(), word(Text::TrayPick));
    }
    let pause_title = match view.paused_until {
        Some(until) => language.paused_until(
            &until
                .with_timezone(&chrono::Local)
                .format("%a %H:%M")
                .to_string(),
        ),
        None => word(Text::TrayPause),
    };
    let pause = SubmenuBuilder::new(app, pause_title)
        .text(Action::PauseOneHour.id(), word(Text::TrayPauseHour))
        .text(
            Action::PauseUntilTomorrow.id(),
            word(Text::TrayPauseTomorrow),
        )
        .separator()
        .text(Action::Resume.id(), word(Text::TrayResume))
        .build()?;
    // Greyed out while the config cannot be read: there is nowhere to keep it.
    let launch =
        CheckMenuItemBuilder::with_id(Action::LaunchAtLogin.id(), word(Text::TrayLaunchAtLogin))
            .checked(extras.launch_at_login == Some(true))
            .enabled(extras.launch_at_login.is_some())
            .build(app)?;
    builder
        .separator()
        .text(Action::OpenDashboard.id(), word(Text::TrayOpenDashboard))
        .text(Action::CheckNow.id(), word(Text::TrayCheckNow))
        .item(&pause)
        .item(&launch)
        .separator()
        .text(Action::Quit.id(), word(Text::TrayQuit))
        .build()
}

fn perform(app: &AppHandle, id: &str) {
    if let Some((action, service)) = crate::tray_service::ServiceAction::parse(id) {
        return crate::tray_service::perform(app, action, service);
    }
    let Some(action) = Action::from_id(id) else {
        return;
    };
    let command = match action {
        Action::OpenDashboard => return crate::dashboard::open(app),
        Action::Pick => return crate::dashboard::show_page(app, "pick"),
        Action::Quit => return app.exit(0),
        Action::LaunchAtLogin => return crate::autostart::toggle(app),
        Action::CheckNow => Command::CheckNow,
        Action::PauseOneHour => {
            Command::Pause(Some(chrono::Utc::now() + chrono::Duration::hours(1)))
        }
        Action::PauseUntilTomorrow => Command::Pause(Some(tomorrow_morning(chrono::Local::now()))),
        Action::Resume => Command::Pause(None),
    };
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        if let Err(error) = app.state::<AppState>().send(command).await {
            tracing::warn!("tray action failed: {error}");
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_round_trips_through_its_menu_id() {
        for (action, id) in Action::ALL {
            assert_eq!(Action::from_id(id), Some(action));
            assert_eq!(action.id(), id);
        }
        assert_eq!(
            Action::from_id("service:github"),
            Some(Action::OpenDashboard)
        );
        assert_eq!(Action::from_id("nonsense"), None);
    }
}
