//! "Is it me?": whether the user's own connection works, from a quorum of
//! independent anchors (well-known URLs that answer a known way), with DNS
//! checked apart by connecting to a few addresses directly.
//!
//! This is the thin I/O; the decision is [`crate::logic::reachability`] and
//! the anchors come from [`crate::config::connectivity`].

use crate::config::connectivity::{AnchorSpec, ConnectivityConfig};
use crate::logic::reachability::{assess, AnchorAnswer, Assessment};
use crate::model::PortalSign;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

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
            .user_agent(crate::io::fetch::USER_AGENT)
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
            return AnchorAnswer::Unexpected(PortalSign::Redirect(to.to_owned()));
        }
        let status_ok = match anchor.expect_status {
            Some(code) => status.as_u16() == code,
            None => status.is_success(),
        };
        if !status_ok {
            return AnchorAnswer::Unexpected(PortalSign::Http(status.as_u16()));
        }
        if let Some(needle) = &anchor.expect_body {
            // Anchors answer in a few bytes; a portal page is small too.
            let body = match response.bytes().await {
                Ok(body) => body,
                Err(error) => return unreachable_or_dns(&error),
            };
            let text = String::from_utf8_lossy(&body[..body.len().min(64 * 1024)]);
            if !text.contains(needle.as_str()) {
                return AnchorAnswer::Unexpected(PortalSign::OtherPage);
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
