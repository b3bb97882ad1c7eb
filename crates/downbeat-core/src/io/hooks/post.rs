//! A URL hook: POST the event JSON, retry a failure that may pass (no
//! answer, 5xx, 408, 429) with backoff and jitter. Header values read from
//! the environment are marked sensitive and never logged; URLs are shown
//! without their query or password.

use super::{HookEvent, HookOptions};
use crate::config::hooks::{shown_url, HeaderSource};
use crate::io::fetch::{FetchOptions, USER_AGENT};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, CONTENT_TYPE};
use std::hash::{BuildHasher as _, Hasher as _};
use std::time::Duration;

/// The hooks' HTTP client: the fetcher's roots and name resolution, no
/// redirects (a POST is not replayed elsewhere), no Referer.
pub(super) fn client(fetch: &FetchOptions) -> Result<reqwest::Client, String> {
    let mut builder = reqwest::Client::builder()
        .user_agent(USER_AGENT)
        .connect_timeout(fetch.connect_timeout)
        .redirect(reqwest::redirect::Policy::none())
        .referer(false);
    if let Some(resolver) = &fetch.resolver {
        builder = builder.dns_resolver(std::sync::Arc::new(
            crate::io::connectivity::SharedResolver(resolver.clone()),
        ));
    }
    for der in &fetch.extra_roots {
        if let Ok(root) = reqwest::Certificate::from_der(der) {
            builder = builder.add_root_certificate(root);
        }
    }
    builder
        .build()
        .map_err(|error| format!("cannot build the HTTP client: {error}"))
}

pub(super) async fn send(
    client: &reqwest::Client,
    url: &str,
    headers: &[(String, HeaderSource)],
    event: &HookEvent,
    options: &HookOptions,
) -> Result<(), String> {
    let headers = header_map(headers)?;
    let mut attempt = 0;
    loop {
        let outcome = once(client, url, headers.clone(), event, options.time_limit).await;
        match outcome {
            Ok(()) => return Ok(()),
            Err((message, retry)) if !retry || attempt >= options.retries => {
                let tries = attempt + 1;
                let after = if tries > 1 {
                    format!(" (after {tries} tries)")
                } else {
                    String::new()
                };
                return Err(format!("POST {}: {message}{after}", shown_url(url)));
            }
            Err((message, _)) => {
                tracing::debug!("hook POST {}: {message}; trying again", shown_url(url));
                tokio::time::sleep(backoff(options.backoff, attempt)).await;
                attempt += 1;
            }
        }
    }
}

/// One POST: `Err((why, worth retrying))`.
async fn once(
    client: &reqwest::Client,
    url: &str,
    headers: HeaderMap,
    event: &HookEvent,
    limit: Duration,
) -> Result<(), (String, bool)> {
    let answer = client
        .post(url)
        .headers(headers)
        .header(CONTENT_TYPE, "application/json")
        .body(event.json.clone())
        .timeout(limit)
        .send()
        .await;
    match answer {
        Ok(response) if response.status().is_success() => Ok(()),
        Ok(response) => {
            let status = response.status();
            let retry = status.is_server_error() || matches!(status.as_u16(), 408 | 429);
            Err((format!("the receiver answered {status}"), retry))
        }
        // The fetcher's sentence: the host and what went wrong, no query.
        Err(error) => Err((crate::io::fetch::classify(&error).1, true)),
    }
}

/// The headers, with values from the environment read now.
fn header_map(headers: &[(String, HeaderSource)]) -> Result<HeaderMap, String> {
    let mut map = HeaderMap::new();
    for (name, source) in headers {
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| format!("{name} is not a valid header name"))?;
        let mut value = match source {
            HeaderSource::Literal(text) => HeaderValue::from_str(text)
                .map_err(|_| format!("header {name} holds a character a header cannot carry"))?,
            HeaderSource::Env { env } => {
                let text = std::env::var(env).map_err(|_| {
                    format!(
                        "header {name} reads ${env}, which is not set in Downbeat's environment"
                    )
                })?;
                HeaderValue::from_str(&text).map_err(|_| {
                    format!("header {name}: ${env} holds a character a header cannot carry")
                })?
            }
        };
        value.set_sensitive(true);
        map.insert(header, value);
    }
    Ok(map)
}

/// `base` × 2^attempt, between half and one and a half times that, so that
/// many Downbeats do not retry in step.
fn backoff(base: Duration, attempt: u32) -> Duration {
    let wait = base.saturating_mul(2u32.saturating_pow(attempt.min(10)));
    let random = std::collections::hash_map::RandomState::new()
        .build_hasher()
        .finish();
    let factor = 0.5 + (random % 1000) as f64 / 1000.0;
    wait.mul_f64(factor)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::expect_used)]
    use super::*;

    #[test]
    fn backoff_doubles_within_its_jitter() {
        for attempt in 0..3 {
            let nominal = Duration::from_millis(100) * 2u32.pow(attempt);
            let wait = backoff(Duration::from_millis(100), attempt);
            assert!(wait >= nominal / 2 && wait <= nominal * 3 / 2, "{wait:?}");
        }
    }

    #[test]
    fn an_unset_secret_is_named_not_guessed() {
        let headers = vec![(
            "Authorization".to_owned(),
            HeaderSource::Env {
                env: "DOWNBEAT_TEST_SURELY_UNSET_TOKEN".into(),
            },
        )];
        let error = header_map(&headers).expect_err("unset");
        assert!(
            error.contains("$DOWNBEAT_TEST_SURELY_UNSET_TOKEN"),
            "{error}"
        );
    }
}
