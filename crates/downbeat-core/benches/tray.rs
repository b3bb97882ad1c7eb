//! How long drawing the tray menu's model takes with many services, and
//! comparing it with the last one (what the tray does on every change of the
//! engine's picture, to rebuild native items only when the menu differs).
//!
//! `cargo bench -p downbeat-core --bench tray`; `cargo test` runs each once
//! as a smoke test.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::{Duration as Span, TimeZone, Utc};
use downbeat_core::model::alerts::{AlertLevel, ServiceAlerts};
use downbeat_core::model::i18n::Language;
use downbeat_core::model::{Cause, ShownState, Status};
use downbeat_core::views::tray::{menu, Entry, Picture};
use std::hint::black_box;
use std::time::{Duration, Instant};

fn main() {
    let full = std::env::args().any(|arg| arg == "--bench");
    let rounds = if full { 2_000 } else { 1 };
    let now = Utc.with_ymd_and_hms(2026, 12, 2, 10, 0, 0).unwrap();
    for count in [15, 100, 300] {
        let (services, alerts) = services(count, now);
        let picture = Picture {
            headline: "3 services are down, 2 can't be checked",
            problem: None,
            notice: None,
            picking: false,
            services: &services,
            alerts: &alerts,
            muted: &[],
            last_known: false,
            paused_until: None,
            launch_at_login: Some(true),
            language: Language::En,
            now,
            offset: *now.fixed_offset().offset(),
        };
        let started = Instant::now();
        let mut last = Vec::new();
        for _ in 0..rounds {
            last = black_box(menu(black_box(&picture)));
        }
        let build = started.elapsed() / rounds;
        let again = menu(&picture);
        let started = Instant::now();
        let mut same = false;
        for _ in 0..rounds {
            same = black_box(&last) == black_box(&again);
        }
        let compare = started.elapsed() / rounds;
        assert!(same);
        let top = last
            .iter()
            .filter(|e| matches!(e, Entry::Submenu { .. }))
            .count();
        println!(
            "{count:>3} services: menu model in {:>7.1} µs ({} items, {top} submenus at the top), \
             unchanged-menu check in {:>6.1} µs",
            us(build),
            items(&last),
            us(compare)
        );
    }
}

/// `count` services worst first, as the dashboard sorts them: a few down
/// (one snoozed, one with "tell me when it's back"), some degraded, the
/// rest up.
fn services(count: usize, now: chrono::DateTime<Utc>) -> (Vec<ShownState>, Vec<ServiceAlerts>) {
    let services: Vec<ShownState> = (0..count)
        .map(|i| {
            let status = match i {
                0..=2 => Status::MajorOutage,
                3..=7 => Status::Degraded,
                _ => Status::Operational,
            };
            ShownState {
                service: format!("service-{i:03}"),
                name: format!("Service number {i}"),
                status,
                since: now - Span::minutes(30),
                cause: Cause::Vendor,
                reason: format!(
                    "The status page of Service number {i} says: {status}; checked at 09:59."
                ),
                reason_code: "vendor_reports",
                detail: None,
                outage_since: status.is_outage().then_some(now - Span::minutes(30)),
                last_check: Some(now),
            }
        })
        .collect();
    let alerts = services
        .iter()
        .enumerate()
        .map(|(i, s)| ServiceAlerts {
            service: s.service.clone(),
            level: AlertLevel::Outages,
            explicit: false,
            snoozed_until: (i == 1).then_some(now + Span::minutes(42)),
            snoozed_until_back: false,
            when_back: i == 2,
        })
        .collect();
    (services, alerts)
}

/// Every native item the shell makes for these entries.
fn items(entries: &[Entry]) -> usize {
    entries
        .iter()
        .map(|entry| match entry {
            Entry::Submenu { entries, .. } => 1 + items(entries),
            _ => 1,
        })
        .sum()
}

fn us(d: Duration) -> f64 {
    d.as_secs_f64() * 1e6
}
