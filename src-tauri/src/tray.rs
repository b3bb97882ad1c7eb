//! The tray icon and its menu. On Linux the tray sends no click events, so
//! every action is a menu item. The menu is the core's (`views::tray`): this
//! module only makes native items of it, when it changed, and does what an
//! item asks.

use crate::app::AppState;
use crate::autostart::LaunchAtLogin;
use crate::panel::Panel;
use crate::view::{summary, DashboardView, Level};
use downbeat_core::app::engine::Command;
use downbeat_core::app::first_run::Setup;
use downbeat_core::logic::policy::tomorrow_morning;
use downbeat_core::model::i18n::Language;
use downbeat_core::views::tray::{self as model, Action, Entry, Picture, ServiceAction};
use std::sync::Mutex;
use tauri::image::Image;
use tauri::menu::{
    CheckMenuItemBuilder, IsMenuItem, Menu, MenuBuilder, MenuItemBuilder, MenuItemKind,
    PredefinedMenuItem, SubmenuBuilder,
};
use tauri::tray::TrayIconBuilder;
use tauri::{AppHandle, Manager, Wry};

const TRAY_ID: &str = "downbeat";

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

/// The menu last shown, so an unchanged picture does not rebuild it: the
/// core's menu model is compared (cheap, see docs/BENCHMARKS.md), and native
/// items are made only when it differs.
#[derive(Default)]
struct Shown(Mutex<Option<(Level, Vec<Entry>, bool)>>);

pub fn create(app: &AppHandle) -> tauri::Result<()> {
    app.manage(Shown::default());
    let view = app.state::<AppState>().view();
    let extras = Extras::now(app);
    let entries = entries(app, &view, extras);
    TrayIconBuilder::with_id(TRAY_ID)
        .icon(icon(view.level, extras.light_panel)?)
        .title("Downbeat")
        .tooltip(summary(&view))
        .menu(&native(app, &entries)?)
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
    let extras = Extras::now(app);
    let entries = entries(app, view, extras);
    let shown = app.state::<Shown>();
    let Ok(mut last) = shown.0.lock() else {
        return;
    };
    let picture = (level, entries, extras.light_panel);
    if last.as_ref() == Some(&picture) {
        return;
    }
    let started = std::time::Instant::now();
    let result = icon(level, extras.light_panel)
        .and_then(|image| tray.set_icon(Some(image)))
        .and_then(|()| tray.set_tooltip(Some(summary(view))))
        .and_then(|()| native(app, &picture.1))
        .and_then(|menu| tray.set_menu(Some(menu)));
    match result {
        Ok(()) => {
            // The native work is the menu's cost (see docs/BENCHMARKS.md).
            tracing::debug!(
                "tray menu rebuilt for {} services in {} ms",
                view.services.len(),
                started.elapsed().as_millis()
            );
            *last = Some(picture);
        }
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

/// The menu as the core draws it from `view` (see `views::tray`).
fn entries(app: &AppHandle, view: &DashboardView, extras: Extras) -> Vec<Entry> {
    let language = app
        .try_state::<AppState>()
        .map(|state| state.language())
        .unwrap_or_default();
    model::menu(&picture(view, language, extras.launch_at_login))
}

fn picture(view: &DashboardView, language: Language, launch_at_login: Option<bool>) -> Picture<'_> {
    Picture {
        headline: &view.headline,
        problem: view.problem.as_deref(),
        notice: view.history_restarted.as_ref().map(|n| n.title.as_str()),
        picking: view.setup == Setup::Picking,
        services: &view.services,
        alerts: &view.alerts,
        muted: &view.muted,
        last_known: view.last_known,
        paused_until: view.paused_until,
        launch_at_login,
        language,
        // The clock and the local offset are read here, at the edge.
        now: chrono::Utc::now(),
        offset: *chrono::Local::now().offset(),
    }
}

/// Native items for the model's entries.
fn native(app: &AppHandle, entries: &[Entry]) -> tauri::Result<Menu<Wry>> {
    let items = items(app, entries)?;
    let refs: Vec<&dyn IsMenuItem<Wry>> = items.iter().map(|i| i as &dyn IsMenuItem<Wry>).collect();
    MenuBuilder::new(app).items(&refs).build()
}

fn items(app: &AppHandle, entries: &[Entry]) -> tauri::Result<Vec<MenuItemKind<Wry>>> {
    entries
        .iter()
        .map(|entry| {
            Ok(match entry {
                Entry::Item { id, label, enabled } => MenuItemKind::MenuItem(
                    MenuItemBuilder::with_id(id.as_str(), label)
                        .enabled(*enabled)
                        .build(app)?,
                ),
                Entry::Check {
                    id,
                    label,
                    checked,
                    enabled,
                } => MenuItemKind::Check(
                    CheckMenuItemBuilder::with_id(id.as_str(), label)
                        .checked(*checked)
                        .enabled(*enabled)
                        .build(app)?,
                ),
                Entry::Separator => MenuItemKind::Predefined(PredefinedMenuItem::separator(app)?),
                Entry::Submenu { label, entries } => {
                    let children = items(app, entries)?;
                    let refs: Vec<&dyn IsMenuItem<Wry>> =
                        children.iter().map(|i| i as &dyn IsMenuItem<Wry>).collect();
                    MenuItemKind::Submenu(SubmenuBuilder::new(app, label).items(&refs).build()?)
                }
            })
        })
        .collect()
}

fn perform(app: &AppHandle, id: &str) {
    if let Some((action, service)) = ServiceAction::parse(id) {
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
