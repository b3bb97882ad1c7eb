//! The config's `[connectivity]` table: the "is it me?" anchors and how
//! often to ask them. Data only; `io::connectivity` asks them.

use serde::Deserialize;
use std::net::SocketAddr;
use std::time::Duration;

/// One anchor: a URL with the answer it must give.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnchorSpec {
    pub url: String,
    /// The status it must answer with; any 2xx when not set.
    #[serde(default)]
    pub expect_status: Option<u16>,
    /// Text the body must contain.
    #[serde(default)]
    pub expect_body: Option<String>,
}

/// The config's `[connectivity]` table.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ConnectivityConfig {
    /// No anchors turns the checks off: the connection is taken as online.
    pub anchors: Vec<AnchorSpec>,
    /// Reached by address (TCP connect) to tell broken DNS from no network.
    pub addresses: Vec<SocketAddr>,
    /// How often to re-check while nothing fails.
    #[serde(deserialize_with = "super::interval")]
    pub interval: Duration,
    /// Per anchor.
    #[serde(deserialize_with = "super::interval")]
    pub timeout: Duration,
}

impl Default for ConnectivityConfig {
    fn default() -> Self {
        let anchor = |url: &str, status: Option<u16>, body: Option<&str>| AnchorSpec {
            url: url.into(),
            expect_status: status,
            expect_body: body.map(str::to_owned),
        };
        ConnectivityConfig {
            anchors: vec![
                anchor(
                    "http://connectivitycheck.gstatic.com/generate_204",
                    Some(204),
                    None,
                ),
                anchor(
                    "http://detectportal.firefox.com/success.txt",
                    None,
                    Some("success"),
                ),
                anchor(
                    "http://www.msftconnecttest.com/connecttest.txt",
                    None,
                    Some("Microsoft Connect Test"),
                ),
            ],
            addresses: ["1.1.1.1:443", "8.8.8.8:443", "9.9.9.9:443"]
                .iter()
                .filter_map(|a| a.parse().ok())
                .collect(),
            interval: Duration::from_secs(300),
            timeout: Duration::from_secs(5),
        }
    }
}
