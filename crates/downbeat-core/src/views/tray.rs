//! The tray menu as data: every line, check item and submenu, with the ids
//! its items answer to. The desktop shell turns it into native items and
//! keeps the last one, so an unchanged menu is not rebuilt; building it is
//! cheap and measured (`cargo bench -p downbeat-core --bench tray`).
//!
//! Kept short with many services: the worst first, at most [`TOP_LEVEL`] at
//! the top, the rest under "More…".

use crate::model::alerts::{AlertLevel, ServiceAlerts, SnoozeChoice};
use crate::model::i18n::{Language, Text};
use crate::model::{ShownState, Status};
use chrono::{DateTime, FixedOffset, Utc};

/// Services listed at the menu's top level; the rest go under "More…".
pub const TOP_LEVEL: usize = 15;

/// One entry of the menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Entry {
    /// A line; a disabled one only informs.
    Item {
        id: String,
        label: String,
        enabled: bool,
    },
    Check {
        id: String,
        label: String,
        checked: bool,
        enabled: bool,
    },
    Separator,
    Submenu {
        label: String,
        entries: Vec<Entry>,
    },
}

/// What the menu is drawn from: the dashboard's picture, in the shell's
/// terms, with the time and the local offset passed in.
#[derive(Debug, Clone, Copy)]
pub struct Picture<'a> {
    pub headline: &'a str,
    /// Why the engine is not running (a bad config, …).
    pub problem: Option<&'a str>,
    /// A notice shown until dismissed (the history restarted).
    pub notice: Option<&'a str>,
    /// The first run's picker is what the headline offers.
    pub picking: bool,
    /// Worst first, as the dashboard sorts them.
    pub services: &'a [ShownState],
    pub alerts: &'a [ServiceAlerts],
    pub muted: &'a [String],
    /// Not online: states are the last known, with their age.
    pub last_known: bool,
    pub paused_until: Option<DateTime<Utc>>,
    /// The launch-at-login check; `None` greys it out (nowhere to keep it).
    pub launch_at_login: Option<bool>,
    pub language: Language,
    pub now: DateTime<Utc>,
    pub offset: FixedOffset,
}

impl Picture<'_> {
    fn alerts_of(&self, service: &str) -> Option<&ServiceAlerts> {
        self.alerts.iter().find(|a| a.service == service)
    }

    fn is_muted(&self, service: &str) -> bool {
        self.muted.iter().any(|id| id == service)
    }
}

/// What a top-level item asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
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
    pub const ALL: [(Action, &'static str); 8] = [
        (Action::OpenDashboard, "open"),
        (Action::CheckNow, "check-now"),
        (Action::PauseOneHour, "pause-hour"),
        (Action::PauseUntilTomorrow, "pause-tomorrow"),
        (Action::Resume, "resume"),
        (Action::LaunchAtLogin, "launch-at-login"),
        (Action::Quit, "quit"),
        (Action::Pick, "pick"),
    ];

    pub fn id(self) -> &'static str {
        Action::ALL
            .iter()
            .find(|(a, _)| *a == self)
            .map_or("", |(_, id)| id)
    }

    /// Information lines ("service:…") open the dashboard too.
    pub fn from_id(id: &str) -> Option<Action> {
        if id.starts_with("service:") {
            return Some(Action::OpenDashboard);
        }
        Action::ALL
            .iter()
            .find(|(_, known)| *known == id)
            .map(|(action, _)| *action)
    }
}

/// What a service's item asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceAction {
    Open,
    Check,
    Snooze(SnoozeChoice),
    WhenBack(bool),
    Alerts(AlertLevel),
}

impl ServiceAction {
    pub const ALL: [ServiceAction; 11] = [
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

fn item(id: impl Into<String>, label: impl Into<String>, enabled: bool) -> Entry {
    Entry::Item {
        id: id.into(),
        label: label.into(),
        enabled,
    }
}

/// The whole menu, top to bottom.
pub fn menu(picture: &Picture) -> Vec<Entry> {
    let language = picture.language;
    let word = |key: Text| language.text(key);
    let mut entries = Vec::new();
    // The summary line, as a tooltip would say it (Linux trays have none);
    // it opens the dashboard, or the picker while that is what it says.
    let picking = picture.picking && picture.problem.is_none();
    let headline_id = if picking {
        Action::Pick.id()
    } else {
        "service:headline"
    };
    entries.push(item(headline_id, picture.headline, true));
    if let Some(problem) = picture.problem {
        entries.push(item(
            "service:problem",
            format!("⚠  {}", shorten(problem, 60)),
            true,
        ));
    }
    if let Some(notice) = picture.notice {
        entries.push(item("service:notice", format!("⚠  {notice}"), true));
    }
    if !picking {
        entries.push(Entry::Separator);
    }
    let (top, rest) = picture
        .services
        .split_at(picture.services.len().min(TOP_LEVEL));
    entries.extend(top.iter().map(|state| service_menu(picture, state)));
    if !rest.is_empty() {
        entries.push(Entry::Submenu {
            label: word(Text::TrayMore),
            entries: rest
                .iter()
                .map(|state| service_menu(picture, state))
                .collect(),
        });
    }
    if picture.services.is_empty() && picture.problem.is_none() && !picking {
        entries.push(item(Action::Pick.id(), word(Text::TrayPick), true));
    }
    let pause_title = match picture.paused_until {
        Some(until) => language.paused_until(
            &until
                .with_timezone(&picture.offset)
                .format("%a %H:%M")
                .to_string(),
        ),
        None => word(Text::TrayPause),
    };
    entries.extend([
        Entry::Separator,
        item(
            Action::OpenDashboard.id(),
            word(Text::TrayOpenDashboard),
            true,
        ),
        // Nothing watched, nothing to check (the dashboard hides its button).
        item(
            Action::CheckNow.id(),
            word(Text::TrayCheckNow),
            !picture.services.is_empty(),
        ),
        Entry::Submenu {
            label: pause_title,
            entries: vec![
                // Nothing watched, nothing to pause (resuming stays possible).
                item(
                    Action::PauseOneHour.id(),
                    word(Text::TrayPauseHour),
                    !picture.services.is_empty(),
                ),
                item(
                    Action::PauseUntilTomorrow.id(),
                    word(Text::TrayPauseTomorrow),
                    !picture.services.is_empty(),
                ),
                Entry::Separator,
                item(Action::Resume.id(), word(Text::TrayResume), true),
            ],
        },
        Entry::Check {
            id: Action::LaunchAtLogin.id().to_owned(),
            label: word(Text::TrayLaunchAtLogin),
            checked: picture.launch_at_login == Some(true),
            enabled: picture.launch_at_login.is_some(),
        },
        Entry::Separator,
        item(Action::Quit.id(), word(Text::TrayQuit), true),
    ]);
    entries
}

/// One service's submenu: its reason (and snooze), Open its page, Check now,
/// Snooze ▸, Tell me when it's back (while down), Alerts ▸.
fn service_menu(picture: &Picture, state: &ShownState) -> Entry {
    let id = state.service.as_str();
    let language = picture.language;
    let word = |key: Text| language.text(key);
    let alerts = picture.alerts_of(id);
    let snoozed = alerts.and_then(|a| snooze_line(a, language, picture.now, picture.offset));
    let down = state.is_down();
    let act =
        |action: ServiceAction, key: Text, enabled: bool| item(action.id(id), word(key), enabled);
    let mut entries = vec![item(
        format!("info:{id}"),
        shorten(&state.reason, 80),
        false,
    )];
    if let Some(snoozed) = &snoozed {
        entries.push(item(format!("info-snooze:{id}"), snoozed, false));
    }
    entries.extend([
        Entry::Separator,
        act(ServiceAction::Open, Text::TrayOpenPage, true),
        act(ServiceAction::Check, Text::TrayCheckNow, true),
        Entry::Submenu {
            label: word(Text::TraySnooze),
            entries: vec![
                act(
                    ServiceAction::Snooze(SnoozeChoice::Hour),
                    Text::TraySnoozeHour,
                    true,
                ),
                act(
                    ServiceAction::Snooze(SnoozeChoice::Tomorrow),
                    Text::TraySnoozeTomorrow,
                    true,
                ),
                act(
                    ServiceAction::Snooze(SnoozeChoice::UntilBack),
                    Text::TraySnoozeUntilBack,
                    down,
                ),
                Entry::Separator,
                act(
                    ServiceAction::Snooze(SnoozeChoice::End),
                    Text::TraySnoozeEnd,
                    snoozed.is_some(),
                ),
            ],
        },
    ]);
    // Offered only while it is down; ticked once asked.
    if down {
        let armed = alerts.is_some_and(|a| a.when_back);
        entries.push(Entry::Check {
            id: ServiceAction::WhenBack(!armed).id(id),
            label: word(Text::TrayWhenBack),
            checked: armed,
            enabled: true,
        });
    }
    let level = alerts.map(|a| a.level);
    entries.push(Entry::Submenu {
        label: word(Text::TrayAlerts),
        entries: [
            (AlertLevel::All, Text::TrayAlertsAll),
            (AlertLevel::Outages, Text::TrayAlertsOutages),
            (AlertLevel::Off, Text::TrayAlertsOff),
        ]
        .into_iter()
        .map(|(choice, key)| Entry::Check {
            id: ServiceAction::Alerts(choice).id(id),
            label: word(key),
            checked: level == Some(choice),
            enabled: true,
        })
        .collect(),
    });
    Entry::Submenu {
        label: service_line(picture, state),
        entries,
    }
}

/// "Snoozed until 14:05 (42 min left)" (a day name when not today), or
/// "Snoozed until it's back"; `None` when not snoozed.
pub fn snooze_line(
    alerts: &ServiceAlerts,
    language: Language,
    now: DateTime<Utc>,
    offset: FixedOffset,
) -> Option<String> {
    if alerts.snoozed_until_back {
        return Some(language.snoozed(None));
    }
    let until = alerts.snoozed_until.filter(|at| *at > now)?;
    let local = until.with_timezone(&offset);
    let format = if local.date_naive() == now.with_timezone(&offset).date_naive() {
        "%H:%M"
    } else {
        "%a %H:%M"
    };
    Some(language.snoozed(Some((&local.format(format).to_string(), until - now))))
}

pub fn glyph(status: Status) -> &'static str {
    match status {
        Status::Operational => "●",
        Status::Degraded => "▲",
        Status::PartialOutage | Status::MajorOutage => "✖",
        Status::Maintenance => "◆",
        Status::Unknown => "?",
    }
}

/// One service's line: "●  Acme — Operational", marked when muted or
/// snoozed, and "last known, 12 min ago" while the connection is down (in
/// minutes, so an offline menu changes at most once a minute).
pub fn service_line(picture: &Picture, state: &ShownState) -> String {
    let language = picture.language;
    let mut line = format!(
        "{}  {} — {}",
        glyph(state.status),
        state.name,
        language.status_label(state.status)
    );
    if picture.last_known {
        let age = state
            .last_check
            .map(|at| language.last_known_ago(picture.now - at))
            .unwrap_or_else(|| language.text(Text::NeverChecked));
        line.push_str(&format!(" ({age})"));
    }
    if picture.is_muted(&state.service) {
        line.push_str(&format!("  ({})", language.text(Text::Muted)));
    } else if picture
        .alerts_of(&state.service)
        .is_some_and(|a| a.snoozed_until_back || a.snoozed_until.is_some_and(|at| at > picture.now))
    {
        line.push_str(match language {
            Language::En => "  (snoozed)",
            Language::Fr => "  (suspendu)",
        });
    }
    line
}

/// At most `max` characters, then "…".
pub fn shorten(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

#[cfg(test)]
#[path = "tray_tests.rs"]
mod tests;
