//! Every reader, in-process: the first byte picks the format, the rest is
//! the answer. Same rules as `tests/mutation.rs` for panics and hangs (a
//! wrong status cannot be judged without the intact file, so only a panic,
//! a hang or runaway memory is a finding here).
#![no_main]

use downbeat_core::sources::plan::{parse, Format};
use downbeat_core::sources::sniff::sniff;
use libfuzzer_sys::fuzz_target;

const FORMATS: [Format; 33] = [
    Format::StatuspageSummary,
    Format::StatuspageEndpoint,
    Format::IncidentioWidget,
    Format::IncidentioPage,
    Format::InstatusSummary,
    Format::BetterstackIndex,
    Format::StatusioStatus,
    Format::CachetComponents,
    Format::CstateIndex,
    Format::HerokuStatus,
    Format::SlackCurrent,
    Format::GoogleIncidents,
    Format::AppleStatus,
    Format::AwsEvents,
    Format::Feed,
    Format::StatuspalSummary,
    Format::UptimerobotMonitors,
    Format::UptimekumaStatusPage,
    Format::RiotPlatformData,
    Format::XboxServiceStatus,
    Format::MicrosoftPosts,
    Format::NintendoStatus,
    Format::UptimecomPage,
    Format::PagerdutyPage,
    Format::SalesforceInstances,
    Format::GatusStatuses,
    Format::PaypalComponents,
    Format::PlaystationRegion,
    Format::SorryPage,
    Format::AdobeEvents,
    Format::StatushubStatuses,
    Format::StatuscakeReport,
    Format::HundStatuses,
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, body)) = data.split_first() else {
        return;
    };
    let format = FORMATS[usize::from(pick) % FORMATS.len()];
    let now = chrono::DateTime::from_timestamp(1_796_083_200, 0).unwrap_or_default();
    let _ = sniff(body);
    let _ = parse(format, body, None, now);
});
