//! "Is it me?": whether the user's own connection works, from a quorum of
//! independent anchors (well-known URLs that answer a known way), with DNS
//! checked apart by connecting to a few addresses directly.
//!
//! `assess` is the pure decision; `ConnectivityChecker` does the thin I/O.

use crate::model::Connectivity;
use serde::Deserialize;
use std::net::SocketAddr;
use std::sync::Arc;
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
    #[serde(deserialize_with = "crate::config::interval")]
    pub interval: Duration,
    /// Per anchor.
    #[serde(deserialize_with = "crate::config::interval")]
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

/// What one anchor did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnchorAnswer {
    /// Answered as expected.
    Expected,
    /// Answered, but not as expected (a redirect, another body): the mark of
    /// a captive portal. Says what came instead.
    Unexpected(String),
    /// Its name did not resolve.
    NameFailed,
    /// No answer (refused, timed out, …).
    Unreachable,
}

/// The verdict on the connection, with its one-sentence reason.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Assessment {
    pub state: Connectivity,
    pub reason: String,
}

/// Decide from the anchors' answers and, when asked, whether any address
/// was reachable directly.
pub fn assess(answers: &[AnchorAnswer], addresses_reachable: Option<bool>) -> Assessment {
    let total = answers.len();
    if total == 0 {
        return Assessment {
            state: Connectivity::Online,
            reason: "Connectivity checks are off.".into(),
        };
    }
    let count = |wanted: fn(&AnchorAnswer) -> bool| answers.iter().filter(|a| wanted(a)).count();
    let expected = count(|a| *a == AnchorAnswer::Expected);
    let unexpected = count(|a| matches!(a, AnchorAnswer::Unexpected(_)));
    let name_failed = count(|a| *a == AnchorAnswer::NameFailed);
    let majority = |n: usize| n * 2 > total;

    if majority(expected) {
        return Assessment {
            state: Connectivity::Online,
            reason: format!("Your connection is fine ({expected} of {total} checks answered)."),
        };
    }
    if unexpected > 0 && majority(expected + unexpected) {
        let what = answers
            .iter()
            .find_map(|a| match a {
                AnchorAnswer::Unexpected(what) => Some(what.as_str()),
                _ => None,
            })
            .unwrap_or_default();
        return Assessment {
            state: Connectivity::CaptivePortal,
            reason: format!(
                "You seem to be behind a login page (captive portal): connectivity checks got {what}."
            ),
        };
    }
    if majority(name_failed) && addresses_reachable == Some(true) {
        return Assessment {
            state: Connectivity::DnsBroken,
            reason:
                "Your DNS is broken: names do not resolve, though the internet answers by address."
                    .into(),
        };
    }
    Assessment {
        state: Connectivity::Offline,
        reason: format!(
            "You're offline: {} of {total} connectivity checks answered.",
            expected + unexpected
        ),
    }
}

/// Runs the anchors and address probes.
#[derive(Clone)]
pub struct ConnectivityChecker {
    client: reqwest::Client,
    config: ConnectivityConfig,
}

impl ConnectivityChecker {
    /// `resolver` replaces the system's name resolution (tests map names to
    /// loopback addresses with it).
    pub fn new(
        config: ConnectivityConfig,
        resolver: Option<Arc<dyn reqwest::dns::Resolve>>,
    ) -> Result<ConnectivityChecker, String> {
        let mut builder = reqwest::Client::builder()
            .user_agent(crate::fetch::USER_AGENT)
            .timeout(config.timeout)
            .connect_timeout(config.timeout)
            // A redirect is an answer in itself: the sign of a portal.
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy();
        if let Some(resolver) = resolver {
            builder = builder.dns_resolver(Arc::new(SharedResolver(resolver)));
        }
        let client = builder
            .build()
            .map_err(|e| format!("cannot build the connectivity client: {e}"))?;
        Ok(ConnectivityChecker { client, config })
    }

    pub fn interval(&self) -> Duration {
        self.config.interval
    }

    pub async fn check(&self) -> Assessment {
        let answers = futures_util::future::join_all(
            self.config.anchors.iter().map(|anchor| self.ask(anchor)),
        )
        .await;
        let expected = answers
            .iter()
            .filter(|a| **a == AnchorAnswer::Expected)
            .count();
        // Only when the anchors fail is it worth telling DNS from the network.
        let addresses = if expected * 2 > answers.len() || self.config.addresses.is_empty() {
            None
        } else {
            Some(self.any_address_reachable().await)
        };
        assess(&answers, addresses)
    }

    async fn ask(&self, anchor: &AnchorSpec) -> AnchorAnswer {
        let response = match self.client.get(&anchor.url).send().await {
            Ok(response) => response,
            Err(error) => return unreachable_or_dns(&error),
        };
        let status = response.status();
        if status.is_redirection() {
            let to = response
                .headers()
                .get(reqwest::header::LOCATION)
                .and_then(|l| l.to_str().ok())
                .unwrap_or("elsewhere");
            return AnchorAnswer::Unexpected(format!("a redirect to {to}"));
        }
        let status_ok = match anchor.expect_status {
            Some(code) => status.as_u16() == code,
            None => status.is_success(),
        };
        if !status_ok {
            return AnchorAnswer::Unexpected(format!("HTTP {}", status.as_u16()));
        }
        if let Some(needle) = &anchor.expect_body {
            // Anchors answer in a few bytes; a portal page is small too.
            let body = match response.bytes().await {
                Ok(body) => body,
                Err(error) => return unreachable_or_dns(&error),
            };
            let text = String::from_utf8_lossy(&body[..body.len().min(64 * 1024)]);
            if !text.contains(needle.as_str()) {
                return AnchorAnswer::Unexpected("another page than expected".into());
            }
        }
        AnchorAnswer::Expected
    }

    async fn any_address_reachable(&self) -> bool {
        let timeout = self.config.timeout;
        let attempts = self.config.addresses.iter().map(|address| async move {
            matches!(
                tokio::time::timeout(timeout, tokio::net::TcpStream::connect(address)).await,
                Ok(Ok(_))
            )
        });
        futures_util::future::join_all(attempts)
            .await
            .into_iter()
            .any(|ok| ok)
    }
}

fn unreachable_or_dns(error: &reqwest::Error) -> AnchorAnswer {
    let mut text = error.to_string();
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    let text = text.to_ascii_lowercase();
    if text.contains("dns error") || text.contains("failed to lookup") || text.contains("resolve") {
        AnchorAnswer::NameFailed
    } else {
        AnchorAnswer::Unreachable
    }
}

/// An `Arc<dyn Resolve>` as the sized resolver reqwest's builder wants.
pub(crate) struct SharedResolver(pub(crate) Arc<dyn reqwest::dns::Resolve>);

impl reqwest::dns::Resolve for SharedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        self.0.resolve(name)
    }
}

/// Name resolution from a fixed table; every other name fails at once.
/// For tests (and scenario worlds) that give loopback servers real-looking names.
#[derive(Debug, Clone, Default)]
pub struct StaticNames {
    names: std::collections::HashMap<String, SocketAddr>,
}

impl StaticNames {
    pub fn with(mut self, name: &str, address: SocketAddr) -> StaticNames {
        self.names.insert(name.to_ascii_lowercase(), address);
        self
    }
}

impl reqwest::dns::Resolve for StaticNames {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let found = self.names.get(&name.as_str().to_ascii_lowercase()).copied();
        let name = name.as_str().to_owned();
        Box::pin(async move {
            match found {
                Some(address) => {
                    let addresses: reqwest::dns::Addrs = Box::new(std::iter::once(address));
                    Ok(addresses)
                }
                None => Err(format!("cannot resolve {name}: unknown name").into()),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use AnchorAnswer::*;

    #[test]
    fn a_majority_of_expected_answers_is_online() {
        let state = |answers: &[AnchorAnswer]| assess(answers, Some(false)).state;
        assert_eq!(
            state(&[Expected, Expected, Unreachable]),
            Connectivity::Online
        );
        assert_eq!(
            state(&[Expected, Unreachable, Unreachable]),
            Connectivity::Offline
        );
        assert_eq!(
            state(&[Unreachable, Unreachable, Unreachable]),
            Connectivity::Offline
        );
        assert_eq!(state(&[]), Connectivity::Online);
    }

    #[test]
    fn redirected_or_altered_anchors_are_a_captive_portal() {
        let portal = Unexpected("a redirect to http://login.hotel.example/".into());
        let verdict = assess(&[portal.clone(), portal, Unreachable], None);
        assert_eq!(verdict.state, Connectivity::CaptivePortal);
        assert!(
            verdict.reason.contains("login.hotel.example"),
            "{}",
            verdict.reason
        );
        // One odd anchor among working ones is not a portal.
        assert_eq!(
            assess(&[Expected, Expected, Unexpected("HTTP 500".into())], None).state,
            Connectivity::Online
        );
    }

    #[test]
    fn names_failing_while_addresses_answer_is_broken_dns() {
        let answers = [NameFailed, NameFailed, NameFailed];
        assert_eq!(assess(&answers, Some(true)).state, Connectivity::DnsBroken);
        assert_eq!(assess(&answers, Some(false)).state, Connectivity::Offline);
        assert_eq!(assess(&answers, None).state, Connectivity::Offline);
    }
}
