//! Each service's submenu in the tray: its state and reason, Open its page,
//! Check now, Snooze ▸, Tell me when it's back, Alerts ▸. Items only
//! delegate: to the engine (`Command`), the settings or the dashboard.

use crate::app::AppState;
use crate::view::{service_line, snooze_line, DashboardView};
use downbeat_core::app::engine::Command;
use downbeat_core::model::alerts::{AlertLevel, SnoozeChoice};
use downbeat_core::model::i18n::{Language, Text};
use downbeat_core::model::ShownState;
use tauri::menu::{CheckMenuItemBuilder, MenuItemBuilder, Submenu, SubmenuBuilder};
use tauri::{AppHandle, Manager, Wry};

/// Services listed at the menu's top level; the rest go under "More…".
pub const TOP_LEVEL: usize = 15;

/// What a service's menu item asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceAction {
    Open,
    Check,
    Snooze(SnoozeChoice),
    WhenBack(bool),
    Alerts(AlertLevel),
}

impl ServiceAction {
    fn verb(self) -> &'static str {
        match self {
            ServiceAction::Open => "open",
            ServiceAction::Check => "check",
            ServiceAction::Snooze(SnoozeChoice::Hour) => "snooze-hour",
            ServiceAction::Snooze(SnoozeChoice::Tomorrow) => "snooze-tomorrow",
            ServiceAction::Snooze(SnoozeChoice::UntilBack) => "snooze-back",
            ServiceAction::Snooze(SnoozeChoice::End) => "snooze-end",
            ServiceAction::WhenBack(true) => "when-back-on",
            ServiceAction::WhenBack(false) => "when-back-off",
            ServiceAction::Alerts(AlertLevel::All) => "alerts-all",
            ServiceAction::Alerts(AlertLevel::Outages) => "alerts-outages",
            ServiceAction::Alerts(AlertLevel::Off) => "alerts-off",
        }
    }

    const ALL: [ServiceAction; 11] = [
        ServiceAction::Open,
        ServiceAction::Check,
        ServiceAction::Snooze(SnoozeChoice::Hour),
        ServiceAction::Snooze(SnoozeChoice::Tomorrow),
        ServiceAction::Snooze(SnoozeChoice::UntilBack),
        ServiceAction::Snooze(SnoozeChoice::End),
        ServiceAction::WhenBack(true),
        ServiceAction::WhenBack(false),
        ServiceAction::Alerts(AlertLevel::All),
        ServiceAction::Alerts(AlertLevel::Outages),
        ServiceAction::Alerts(AlertLevel::Off),
    ];

    /// The menu id: "svc:<verb>:<service id>".
    pub fn id(self, service: &str) -> String {
        format!("svc:{}:{service}", self.verb())
    }

    pub fn parse(id: &str) -> Option<(ServiceAction, String)> {
        let rest = id.strip_prefix("svc:")?;
        let (verb, service) = rest.split_once(':')?;
        let action = ServiceAction::ALL.into_iter().find(|a| a.verb() == verb)?;
        Some((action, service.to_owned()))
    }
}

/// The submenu of one service.
pub fn submenu(
    app: &AppHandle,
    view: &DashboardView,
    state: &ShownState,
    language: Language,
    now: chrono::DateTime<chrono::Utc>,
) -> tauri::Result<Submenu<Wry>> {
    let id = state.service.as_str();
    let word = |key: Text| language.text(key);
    let alerts = view.alerts_of(id).cloned();
    let snoozed = alerts
        .as_ref()
        .and_then(|a| snooze_line(a, language, now, *chrono::Local::now().offset()));
    let down = state.is_down();
    let item = |action: ServiceAction, label: String, enabled: bool| {
        MenuItemBuilder::with_id(action.id(id), label)
            .enabled(enabled)
            .build(app)
    };
    let snooze = SubmenuBuilder::new(app, word(Text::TraySnooze))
        .item(&item(
            ServiceAction::Snooze(SnoozeChoice::Hour),
            word(Text::TraySnoozeHour),
            true,
        )?)
        .item(&item(
            ServiceAction::Snooze(SnoozeChoice::Tomorrow),
            word(Text::TraySnoozeTomorrow),
            true,
        )?)
        .item(&item(
            ServiceAction::Snooze(SnoozeChoice::UntilBack),
            word(Text::TraySnoozeUntilBack),
            down,
        )?)
        .separator()
        .item(&item(
            ServiceAction::Snooze(SnoozeChoice::End),
            word(Text::TraySnoozeEnd),
            snoozed.is_some(),
        )?)
        .build()?;
    let level = alerts.as_ref().map(|a| a.level);
    let mut levels = SubmenuBuilder::new(app, word(Text::TrayAlerts));
    for (choice, key) in [
        (AlertLevel::All, Text::TrayAlertsAll),
        (AlertLevel::Outages, Text::TrayAlertsOutages),
        (AlertLevel::Off, Text::TrayAlertsOff),
    ] {
        levels = levels.item(
            &CheckMenuItemBuilder::with_id(ServiceAction::Alerts(choice).id(id), word(key))
                .checked(level == Some(choice))
                .build(app)?,
        );
    }
    let reason = MenuItemBuilder::with_id(format!("info:{id}"), shorten(&state.reason, 80))
        .enabled(false)
        .build(app)?;
    let mut menu = SubmenuBuilder::new(app, service_line(view, state, language, now)).item(&reason);
    if let Some(snoozed) = &snoozed {
        menu = menu.item(
            &MenuItemBuilder::with_id(format!("info-snooze:{id}"), snoozed)
                .enabled(false)
                .build(app)?,
        );
    }
    menu = menu
        .separator()
        .item(&item(ServiceAction::Open, word(Text::TrayOpenPage), true)?)
        .item(&item(ServiceAction::Check, word(Text::TrayCheckNow), true)?)
        .item(&snooze);
    // Offered only while it is down; ticked once asked.
    if down {
        let armed = alerts.as_ref().is_some_and(|a| a.when_back);
        menu = menu.item(
            &CheckMenuItemBuilder::with_id(
                ServiceAction::WhenBack(!armed).id(id),
                word(Text::TrayWhenBack),
            )
            .checked(armed)
            .build(app)?,
        );
    }
    menu.item(&levels.build()?).build()
}

/// Everything a service's submenu shows, so an unchanged one is not rebuilt.
pub fn lines(
    view: &DashboardView,
    state: &ShownState,
    language: Language,
    now: chrono::DateTime<chrono::Utc>,
) -> String {
    let alerts = view.alerts_of(&state.service);
    let snoozed =
        alerts.and_then(|a| snooze_line(a, language, now, *chrono::Local::now().offset()));
    format!(
        "{}|{}|{:?}|{:?}|{}",
        service_line(view, state, language, now),
        state.reason,
        alerts.map(|a| (a.level, a.when_back)),
        snoozed,
        state.is_down()
    )
}

pub fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

/// Do what a service's item asks.
pub fn perform(app: &AppHandle, action: ServiceAction, service: String) {
    let command = match action {
        ServiceAction::Open => return crate::dashboard::show_service_page(app, service),
        ServiceAction::Alerts(level) => {
            let app = app.clone();
            tauri::async_runtime::spawn(async move {
                let settings = app.state::<crate::settings::Settings>();
                let history = app.state::<crate::history::History>();
                let state = app.state::<AppState>();
                let set = settings.alerts((&state, &history), &service, Some(level));
                if let Err(error) = set.await {
                    tracing::warn!("cannot set the alert level from the tray: {error}");
                }
                // The panel ticks a check item itself; draw what is true.
                crate::tray::redraw(&app);
            });
            return;
        }
        ServiceAction::Check => Command::CheckService(service),
        ServiceAction::Snooze(choice) => Command::Snooze { service, choice },
        ServiceAction::WhenBack(on) => Command::WhenBack { service, on },
    };
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        if let Err(error) = app.state::<AppState>().send(command).await {
            tracing::warn!("tray action failed: {error}");
        }
        crate::tray::redraw(&app);
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_service_action_round_trips_through_its_menu_id() {
        for action in ServiceAction::ALL {
            let id = action.id("my-api");
            assert_eq!(ServiceAction::parse(&id), Some((action, "my-api".into())));
        }
        assert_eq!(ServiceAction::parse("svc:nonsense:acme"), None);
        assert_eq!(ServiceAction::parse("open"), None);
        assert_eq!(shorten("abcdef", 3), "abc…");
    }
}
