//! One source as the config file writes it (`{ kind = "http", url = … }`),
//! and its checks before it is watched.

use super::duration::optional_interval;
use super::{shown, SourceKind, SourceSpec};
use serde::{Deserialize, Deserializer};
use std::time::Duration;

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceConfig {
    pub kind: SourceKind,
    pub url: String,
    // The fields below are for `http` sources only (see `probe::ProbeSpec`);
    // unset means the default, and any of them on a `statuspage` source is
    // an error.
    /// GET (default), HEAD or POST.
    #[serde(default)]
    pub method: Option<String>,
    /// `401` or `[200, 401]`; unset means any 2xx.
    #[serde(default, deserialize_with = "optional_status_codes")]
    pub expect_status: Option<Vec<u16>>,
    /// `[403, 429]`: answers that neither prove nor disprove the service (a
    /// bot wall, a rate limit) read as degraded, not as a failure.
    #[serde(default, deserialize_with = "optional_status_codes")]
    pub inconclusive_status: Option<Vec<u16>>,
    #[serde(default)]
    pub keyword: Option<String>,
    #[serde(default)]
    pub keyword_absent: Option<String>,
    /// "2s": slower answers are degraded.
    #[serde(default, deserialize_with = "optional_interval")]
    pub degraded_above: Option<Duration>,
    /// "14d" (default): a certificate expiring sooner is degraded; "0s" turns it off.
    #[serde(default, deserialize_with = "optional_interval")]
    pub tls_warning: Option<Duration>,
    /// `{ Authorization = "Bearer …" }`, or a value read from the
    /// environment: `{ Authorization = { env = "HUND_KEY" } }`. Also for
    /// status pages whose API needs a key (Hund); not for `auto`.
    #[serde(default)]
    pub headers: Option<std::collections::BTreeMap<String, super::hooks::HeaderSource>>,
    /// 5 by default; 0 follows none.
    #[serde(default)]
    pub max_redirects: Option<usize>,
}

impl SourceConfig {
    /// A source with every optional key unset.
    pub fn new(kind: SourceKind, url: impl Into<String>) -> SourceConfig {
        SourceConfig {
            kind,
            url: url.into(),
            method: None,
            expect_status: None,
            inconclusive_status: None,
            keyword: None,
            keyword_absent: None,
            degraded_above: None,
            tls_warning: None,
            headers: None,
            max_redirects: None,
        }
    }

    /// The source resolved to what is polled, or what is wrong with it.
    pub fn resolve(&self) -> Result<SourceSpec, SourceFault> {
        let plain = |message: String| SourceFault { key: None, message };
        // URL parsers drop tabs and line breaks silently: a URL holding one
        // is not what the user meant (or an attempt to smuggle a header).
        if self.url.chars().any(char::is_control) {
            return Err(plain(format!(
                "URL {} holds a control character (a line break, tab or NUL)",
                shown(&self.url)
            )));
        }
        let (url, endpoints, probe) = match self.kind {
            SourceKind::Http => {
                let parsed = url::Url::parse(&self.url)
                    .ok()
                    .filter(|u| matches!(u.scheme(), "http" | "https"));
                if parsed.is_none() {
                    return Err(plain(format!(
                        "bad endpoint URL {}: expected http:// or https://",
                        shown(&self.url)
                    )));
                }
                let probe = self.probe_spec().map_err(|(key, message)| SourceFault {
                    key: Some(key),
                    message,
                })?;
                (self.url.clone(), Vec::new(), Some(probe))
            }
            kind => {
                if let Some(key) = self.probe_keys().first() {
                    return Err(SourceFault {
                        key: Some(key),
                        message: format!(
                            "{key} is for http sources only, and this source is kind = \"{}\"",
                            kind.as_str()
                        ),
                    });
                }
                let what = if kind.is_status_page() {
                    "status page URL"
                } else {
                    "URL"
                };
                let bad = |message: String| plain(format!("bad {what}: {message}"));
                if kind == SourceKind::Auto {
                    if self.headers.is_some() {
                        return Err(SourceFault {
                            key: Some("headers"),
                            message: "headers need the source's kind (kind = \"auto\" detects \
                                      without them): name it, e.g. kind = \"hund\""
                                .into(),
                        });
                    }
                    let url = crate::sources::plan::normalize_url(&self.url)
                        .map_err(|e| bad(e.message))?;
                    (url.to_string(), Vec::new(), None)
                } else {
                    let mut endpoints = crate::sources::plan::endpoints(kind, &self.url)
                        .map_err(|e| bad(e.message))?;
                    let headers = self.header_values().map_err(|message| SourceFault {
                        key: Some("headers"),
                        message,
                    })?;
                    for endpoint in &mut endpoints {
                        endpoint.headers = headers.clone();
                    }
                    let url = endpoints.first().map(|e| e.url.clone()).unwrap_or_default();
                    (url, endpoints, None)
                }
            }
        };
        Ok(SourceSpec {
            kind: self.kind,
            url,
            endpoints,
            probe,
        })
    }

    /// The http-only keys set on this source.
    fn probe_keys(&self) -> Vec<&'static str> {
        [
            ("method", self.method.is_some()),
            ("expect_status", self.expect_status.is_some()),
            ("inconclusive_status", self.inconclusive_status.is_some()),
            ("keyword", self.keyword.is_some()),
            ("keyword_absent", self.keyword_absent.is_some()),
            ("degraded_above", self.degraded_above.is_some()),
            ("tls_warning", self.tls_warning.is_some()),
            ("max_redirects", self.max_redirects.is_some()),
        ]
        .into_iter()
        .filter_map(|(key, set)| set.then_some(key))
        .collect()
    }

    /// The probe an http source asks for, or the key at fault and why.
    fn probe_spec(&self) -> Result<crate::config::probe::ProbeSpec, (&'static str, String)> {
        let mut spec = crate::config::probe::ProbeSpec::default();
        if let Some(method) = &self.method {
            spec.method = crate::config::probe::parse_method(method)
                .map_err(|message| ("method", message))?;
        }
        for (key, codes) in [
            ("expect_status", &self.expect_status),
            ("inconclusive_status", &self.inconclusive_status),
        ] {
            if let Some(bad) = codes
                .iter()
                .flatten()
                .find(|code| !(100..=599).contains(*code))
            {
                return Err((
                    key,
                    format!("{key} {bad} is not an HTTP status code (100-599)"),
                ));
            }
        }
        if let Some(codes) = &self.expect_status {
            spec.expect_status = codes.clone();
        }
        if let Some(codes) = &self.inconclusive_status {
            spec.inconclusive_status = codes.clone();
        }
        for (key, keyword) in [
            ("keyword", &self.keyword),
            ("keyword_absent", &self.keyword_absent),
        ] {
            if keyword.as_ref().is_some_and(String::is_empty) {
                return Err((key, format!("{key} must not be empty")));
            }
            if keyword.is_some() && spec.method == http::Method::HEAD {
                return Err((
                    key,
                    format!("{key} needs a body, and HEAD answers have none (use GET)"),
                ));
            }
        }
        spec.keyword = self.keyword.clone();
        spec.keyword_absent = self.keyword_absent.clone();
        if self.degraded_above.is_some_and(|limit| limit.is_zero()) {
            return Err((
                "degraded_above",
                "degraded_above must be at least 1s".into(),
            ));
        }
        spec.degraded_above = self.degraded_above;
        if let Some(warning) = self.tls_warning {
            spec.tls_warning = warning;
        }
        spec.headers = self
            .header_values()
            .map_err(|message| ("headers", message))?;
        if let Some(limit) = self.max_redirects {
            if limit > 20 {
                return Err(("max_redirects", "max_redirects must be at most 20".into()));
            }
            spec.max_redirects = limit;
        }
        Ok(spec)
    }

    /// The headers as written, checked as they will be sent (a variable's
    /// value is read when the request is made, see `io::fetch`). Errors name
    /// a header, never a value.
    fn header_values(&self) -> Result<crate::sources::plan::Headers, String> {
        use super::hooks::HeaderSource;
        use crate::sources::plan::{HeaderValue, Headers};
        let mut headers = Headers::default();
        let mut checked = Vec::new();
        for (name, source) in self.headers.iter().flatten() {
            let value = match source {
                HeaderSource::Literal(text) => HeaderValue::Text(text.clone()),
                HeaderSource::Env { env } => {
                    let fine = !env.is_empty()
                        && env.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                        && !env.starts_with(|c: char| c.is_ascii_digit());
                    if !fine {
                        return Err(format!(
                            "header {}: {} is not an environment variable name",
                            shown(name),
                            shown(env)
                        ));
                    }
                    HeaderValue::Env(env.clone())
                }
            };
            let sample = match &value {
                HeaderValue::Text(text) => text.clone(),
                HeaderValue::Env(_) => "value".to_owned(),
            };
            checked.push((name.clone(), sample));
            headers.0.push((name.clone(), value));
        }
        crate::config::probe::header_map(&checked)?;
        Ok(headers)
    }
}

/// What is wrong with a source, and the key at fault when it is one key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFault {
    pub key: Option<&'static str>,
    pub message: String,
}

/// `expect_status = 401` or `expect_status = [200, 401]`.
fn optional_status_codes<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Vec<u16>>, D::Error> {
    #[derive(Deserialize)]
    #[serde(untagged)]
    enum OneOrMany {
        One(u16),
        Many(Vec<u16>),
    }
    match OneOrMany::deserialize(deserializer) {
        Ok(OneOrMany::One(code)) => Ok(Some(vec![code])),
        Ok(OneOrMany::Many(codes)) => Ok(Some(codes)),
        Err(_) => Err(serde::de::Error::custom(
            "expect_status must be a status code or a list of them, e.g. [200, 401]",
        )),
    }
}
