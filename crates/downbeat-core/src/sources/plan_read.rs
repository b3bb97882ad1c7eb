//! Reading an answer of a format: the parser each format names, and when
//! the same answer would read differently (see `super`).

use super::super::{
    adobe, apple, aws, betterstack, cachet, cstate, feed, gatus, google, heroku, hund, incidentio,
    instatus, microsoft, nintendo, pagerduty, paypal, playstation, riot, salesforce, slack, sorry,
    statuscake, statushub, statusio, statuspage, statuspal, uptimecom, uptimekuma, uptimerobot,
    xbox, ParseError,
};
use super::Format;
use crate::model::Snapshot;
use chrono::{DateTime, Utc};

/// Parse an answer of `format`. `companion` is the companion document, when
/// it was fetched. `now` is the time of the check: formats that say when a
/// maintenance is, not whether it is under way (feeds, Uptime.com, Nintendo,
/// Salesforce, cState), are read against it, so the same bytes read differently
/// once a window opens (see [`next_change`]).
///
/// Vendor text comes out plain (see [`super::text`]), whatever the format.
pub fn parse(
    format: Format,
    bytes: &[u8],
    companion: Option<&[u8]>,
    now: DateTime<Utc>,
) -> Result<Snapshot, ParseError> {
    parse_with_extra(format, bytes, companion, None, now)
}

/// [`parse`], with the endpoint's extra document when it was fetched.
pub fn parse_with_extra(
    format: Format,
    bytes: &[u8],
    companion: Option<&[u8]>,
    extra: Option<&[u8]>,
    now: DateTime<Utc>,
) -> Result<Snapshot, ParseError> {
    parse_format(format, bytes, companion, extra, now).map(super::super::text::plain_snapshot)
}

/// When reading the same answer (of `format`) again would read
/// differently: the next start or end of a listed maintenance after `now`,
/// and for a feed the time a current post goes past. A checker that gets
/// "not modified" then must read the page again anyway.
pub fn next_change(
    format: Format,
    snapshot: &Snapshot,
    now: DateTime<Utc>,
) -> Option<DateTime<Utc>> {
    let posts = match format {
        Format::Feed => feed::next_post_change(snapshot, now),
        _ => None,
    };
    snapshot
        .maintenances
        .iter()
        .flat_map(|m| [m.scheduled_for, m.scheduled_until])
        .flatten()
        .filter(|at| *at > now)
        .chain(posts)
        .min()
}

fn parse_format(
    format: Format,
    bytes: &[u8],
    companion: Option<&[u8]>,
    extra: Option<&[u8]>,
    now: DateTime<Utc>,
) -> Result<Snapshot, ParseError> {
    match format {
        Format::StatuspageSummary => statuspage::parse_summary(bytes),
        Format::StatuspageEndpoint => statuspage::parse_endpoint(bytes),
        Format::IncidentioWidget => incidentio::parse_widget(bytes),
        Format::IncidentioPage => incidentio::parse_page(bytes),
        Format::InstatusSummary => match companion {
            Some(components) => instatus::parse_summary_and_components(bytes, components)
                .or_else(|_| instatus::parse_summary(bytes)),
            None => instatus::parse_summary(bytes),
        },
        Format::BetterstackIndex => betterstack::parse_index(bytes),
        Format::StatusioStatus => statusio::parse_status(bytes),
        Format::CachetComponents => {
            let groups = companion.and_then(|groups| cachet::parse_groups(groups).ok());
            match groups {
                Some(groups) => cachet::parse_components_with_groups(bytes, &groups),
                None => cachet::parse_components(bytes),
            }
        }
        Format::CstateIndex => cstate::parse_index(bytes, now),
        Format::HerokuStatus => heroku::parse_current_status(bytes),
        Format::SlackCurrent => slack::parse_current(bytes),
        Format::GoogleIncidents => google::parse_incidents(bytes),
        Format::AppleStatus => apple::parse_system_status(bytes),
        Format::AwsEvents => aws::parse_current_events(bytes),
        Format::Feed => feed::parse_feed(bytes, now),
        Format::StatuspalSummary => statuspal::parse_summary(bytes),
        // A broken announcement feed leaves the monitors readable.
        Format::UptimerobotMonitors => uptimerobot::parse_monitor_list(bytes, companion)
            .or_else(|_| uptimerobot::parse_monitor_list(bytes, None)),
        Format::UptimekumaStatusPage => uptimekuma::parse_status_page(bytes, companion)
            .or_else(|_| uptimekuma::parse_status_page(bytes, None)),
        Format::RiotPlatformData => riot::parse_platform_data(bytes),
        Format::XboxServiceStatus => xbox::parse_service_status(bytes),
        Format::MicrosoftPosts => microsoft::parse_posts(bytes),
        Format::NintendoStatus => nintendo::parse_status(bytes, now),
        Format::UptimecomPage => uptimecom::parse_page(bytes, now),
        Format::PagerdutyPage => pagerduty::parse_page(bytes),
        Format::GatusStatuses => gatus::parse_statuses(bytes),
        Format::PaypalComponents => paypal::parse_components(bytes),
        Format::PlaystationRegion => playstation::parse_region(bytes),
        Format::SorryPage => sorry::parse_page(bytes, companion, extra, now),
        Format::HundStatuses => hund::parse_statuses(bytes, companion, extra, now),
        Format::AdobeEvents => adobe::parse_events(bytes),
        Format::StatushubStatuses => statushub::parse_statuses(bytes),
        Format::StatuscakeReport => statuscake::parse_report(bytes),
        Format::SalesforceInstances => salesforce::parse_instances(bytes, companion, now)
            .or_else(|_| salesforce::parse_instances(bytes, None, now)),
    }
}
