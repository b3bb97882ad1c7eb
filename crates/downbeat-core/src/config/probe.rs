//! How to probe one endpoint: the config's `http` source fields, checked
//! when the config is read. `io::probe` sends the requests.

use http::header::{
    HeaderMap, HeaderName, HeaderValue, CONNECTION, CONTENT_LENGTH, HOST, TRANSFER_ENCODING,
};
use http::Method;
use std::time::Duration;

/// Certificates expiring sooner than this make the endpoint degraded.
pub const DEFAULT_TLS_WARNING: Duration = Duration::from_secs(14 * 86_400);
pub const DEFAULT_MAX_REDIRECTS: usize = 5;

/// How to probe one endpoint (the config's `http` source fields).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ProbeSpec {
    /// GET (the default), HEAD or POST (with an empty body).
    pub method: Method,
    /// The status codes that count as up; empty means any 2xx. Judged on the
    /// last response, after redirects.
    pub expect_status: Vec<u16>,
    /// Codes that show the server answers but refuses the probe (a bot wall's
    /// 403, a 429): degraded with a note, never a failure, since they say
    /// nothing of the service itself.
    pub inconclusive_status: Vec<u16>,
    /// Must appear in the body (case-sensitive, bytes as sent).
    pub keyword: Option<String>,
    /// Must not appear in the body.
    pub keyword_absent: Option<String>,
    /// Slower than this (request sent to body read) is degraded.
    pub degraded_above: Option<Duration>,
    /// A certificate expiring sooner than this is degraded, with a note;
    /// zero turns the warning off.
    pub tls_warning: Duration,
    /// Sent with every request; they replace Downbeat's own of the same name
    /// (`User-Agent` included).
    pub headers: crate::sources::plan::Headers,
    /// Redirects followed; more is a `redirect` error. With 0 none is
    /// followed and the 3xx itself is judged (expect it with `expect_status`).
    pub max_redirects: usize,
}

impl Default for ProbeSpec {
    fn default() -> Self {
        ProbeSpec {
            method: Method::GET,
            expect_status: Vec::new(),
            inconclusive_status: Vec::new(),
            keyword: None,
            keyword_absent: None,
            degraded_above: None,
            tls_warning: DEFAULT_TLS_WARNING,
            headers: Default::default(),
            max_redirects: DEFAULT_MAX_REDIRECTS,
        }
    }
}

/// "get", "HEAD", "Post" → the method; only GET, HEAD and POST are probes.
pub fn parse_method(text: &str) -> Result<Method, String> {
    match text.trim().to_ascii_uppercase().as_str() {
        "GET" => Ok(Method::GET),
        "HEAD" => Ok(Method::HEAD),
        "POST" => Ok(Method::POST),
        _ => Err(format!(
            "method {text:?} is not supported: use GET, HEAD or POST"
        )),
    }
}

/// The headers as reqwest sends them, or why one of them cannot be sent.
pub fn header_map(headers: &[(String, String)]) -> Result<HeaderMap, String> {
    let mut map = HeaderMap::with_capacity(headers.len());
    for (name, value) in headers {
        let header = HeaderName::from_bytes(name.as_bytes())
            .map_err(|_| format!("{} is not a valid header name", super::shown(name)))?;
        // These frame the request itself; set by hand they make it ambiguous
        // (request smuggling) or send it to another site than the URL names.
        if [HOST, CONTENT_LENGTH, TRANSFER_ENCODING, CONNECTION].contains(&header) {
            return Err(format!(
                "header {name:?} cannot be set: Downbeat writes it from the URL and the request"
            ));
        }
        let mut value = HeaderValue::from_str(value).map_err(|_| {
            format!(
                "the value of header {} is not valid (printable ASCII only)",
                super::shown(name)
            )
        })?;
        // A key or token: reqwest then keeps it out of its own Debug output.
        value.set_sensitive(true);
        map.insert(header, value);
    }
    Ok(map)
}
