//! Just enough HTTP/1.1 for a read-only exporter, with every resource a
//! client can make us spend bounded: the request head's size, its header
//! count and the time it may take to arrive; the time a response may take
//! to leave. One request per connection (`Connection: close`), no request
//! bodies, GET and HEAD only.
//!
//! Hand-rolled rather than hyper's server: the exporter answers a handful
//! of GETs, and these ~200 lines hold each bound in plain sight, where
//! hyper would bring its server features, hyper-util and a timer, and still
//! need the same wrapping for the connection limit and the head deadline.

use std::time::Duration;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};

/// What a client may make one connection cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Connections served at once; more are answered 503 and closed.
    pub max_connections: usize,
    /// Bytes of request line and headers.
    pub max_head_bytes: usize,
    pub max_headers: usize,
    /// From the connection's start to the end of its head (slow clients).
    pub head_timeout: Duration,
    /// To write the response (slow readers).
    pub write_timeout: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_connections: 256,
            max_head_bytes: 8 * 1024,
            max_headers: 64,
            head_timeout: Duration::from_secs(5),
            write_timeout: Duration::from_secs(10),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The path, without the query.
    pub path: String,
    pub query: Option<String>,
    /// Names lower-cased.
    pub headers: Vec<(String, String)>,
}

impl Request {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// A query parameter's raw value (`?since=7d`).
    pub fn param(&self, name: &str) -> Option<&str> {
        self.query.as_deref()?.split('&').find_map(|pair| {
            let (key, value) = pair.split_once('=')?;
            (key == name).then_some(value)
        })
    }
}

/// Why no request could be read; each maps onto a status, or none when the
/// client is gone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// Closed or silent: nothing to answer.
    Gone,
    TooSlow,
    TooLarge,
    Malformed,
}

impl Refused {
    pub fn response(self) -> Option<Response> {
        match self {
            Refused::Gone => None,
            Refused::TooSlow => Some(Response::text(408, "request head too slow\n")),
            Refused::TooLarge => Some(Response::text(
                431,
                "request head too large or too many headers\n",
            )),
            Refused::Malformed => Some(Response::text(400, "malformed request\n")),
        }
    }
}

/// Read one request head within the limits.
pub async fn read_request(
    stream: &mut (impl AsyncRead + Unpin),
    limits: &Limits,
) -> Result<Request, Refused> {
    let mut head = Vec::with_capacity(1024);
    let reading = async {
        let mut buffer = [0u8; 2048];
        loop {
            if let Some(end) = find_end(&head) {
                head.truncate(end);
                return Ok(());
            }
            if head.len() > limits.max_head_bytes {
                return Err(Refused::TooLarge);
            }
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => return Err(Refused::Gone),
                Ok(n) => head.extend_from_slice(&buffer[..n]),
            }
        }
    };
    match tokio::time::timeout(limits.head_timeout, reading).await {
        Err(_) => return Err(Refused::TooSlow),
        Ok(Err(refused)) => return Err(refused),
        Ok(Ok(())) => {}
    }
    if head.len() > limits.max_head_bytes {
        return Err(Refused::TooLarge);
    }
    parse(&head, limits.max_headers)
}

/// Where the head ends (after its blank line), if it has.
fn find_end(head: &[u8]) -> Option<usize> {
    head.windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map(|i| i + 4)
}

fn parse(head: &[u8], max_headers: usize) -> Result<Request, Refused> {
    let text = std::str::from_utf8(head).map_err(|_| Refused::Malformed)?;
    let mut lines = text.split("\r\n");
    let mut parts = lines.next().unwrap_or_default().split(' ');
    let (Some(method), Some(target), Some(version), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Refused::Malformed);
    };
    if !matches!(version, "HTTP/1.1" | "HTTP/1.0") || !target.starts_with('/') {
        return Err(Refused::Malformed);
    }
    let mut headers = Vec::new();
    for line in lines.filter(|line| !line.is_empty()) {
        if headers.len() == max_headers {
            return Err(Refused::TooLarge);
        }
        let (name, value) = line.split_once(':').ok_or(Refused::Malformed)?;
        if name.is_empty() || name.contains(|c: char| c.is_whitespace()) {
            return Err(Refused::Malformed);
        }
        headers.push((name.to_ascii_lowercase(), value.trim().to_owned()));
    }
    let (path, query) = match target.split_once('?') {
        Some((path, query)) => (path, Some(query.to_owned())),
        None => (target, None),
    };
    Ok(Request {
        method: method.to_owned(),
        path: path.to_owned(),
        query,
        headers,
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    pub content_type: &'static str,
    pub extra: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn text(status: u16, body: &str) -> Response {
        Response {
            status,
            content_type: "text/plain; charset=utf-8",
            extra: Vec::new(),
            body: body.as_bytes().to_vec(),
        }
    }

    pub fn json(status: u16, value: &impl serde::Serialize) -> Response {
        match serde_json::to_vec(value) {
            Ok(mut body) => {
                body.push(b'\n');
                Response {
                    status,
                    content_type: "application/json",
                    extra: Vec::new(),
                    body,
                }
            }
            Err(error) => Response::text(500, &format!("cannot write JSON: {error}\n")),
        }
    }

    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.extra.push((name, value.into()));
        self
    }

    /// Write the response (headers only for HEAD), within the write limit.
    pub async fn write(
        &self,
        stream: &mut (impl AsyncWrite + Unpin),
        head_only: bool,
        limits: &Limits,
    ) -> std::io::Result<()> {
        let mut out = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
             Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
            self.status,
            reason(self.status),
            self.content_type,
            self.body.len()
        )
        .into_bytes();
        for (name, value) in &self.extra {
            out.extend_from_slice(format!("{name}: {value}\r\n").as_bytes());
        }
        out.extend_from_slice(b"\r\n");
        if !head_only {
            out.extend_from_slice(&self.body);
        }
        let writing = async {
            stream.write_all(&out).await?;
            stream.flush().await
        };
        tokio::time::timeout(limits.write_timeout, writing)
            .await
            .map_err(|_| std::io::Error::from(std::io::ErrorKind::TimedOut))?
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        401 => "Unauthorized",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Unknown",
    }
}

/// Equal bytes, in a time that does not depend on where they differ (only
/// on the presented length), so a token cannot be guessed byte by byte.
pub fn constant_time_eq(expected: &[u8], presented: &[u8]) -> bool {
    let mut difference = u8::from(expected.len() != presented.len());
    for (i, byte) in presented.iter().enumerate() {
        let other = expected
            .get(i % expected.len().max(1))
            .copied()
            .unwrap_or(0);
        difference |= byte ^ other;
    }
    difference == 0 && !expected.is_empty()
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    async fn read(bytes: &[u8], limits: Limits) -> Result<Request, Refused> {
        let mut reader = bytes;
        read_request(&mut reader, &limits).await
    }

    #[tokio::test]
    async fn a_request_head_is_parsed_with_its_query_and_lowercased_headers() {
        let request = read(
            b"GET /api/v1/services/x?since=7d HTTP/1.1\r\nHost: a\r\nAccept: text/plain\r\n\r\n",
            Limits::default(),
        )
        .await
        .unwrap();
        assert_eq!(request.path, "/api/v1/services/x");
        assert_eq!(request.param("since"), Some("7d"));
        assert_eq!(request.header("accept"), Some("text/plain"));
    }

    #[tokio::test]
    async fn oversized_heads_too_many_headers_and_garbage_are_refused() {
        let limits = Limits {
            max_head_bytes: 64,
            max_headers: 2,
            ..Limits::default()
        };
        let big = format!("GET / HTTP/1.1\r\nX: {}\r\n\r\n", "a".repeat(100));
        assert_eq!(read(big.as_bytes(), limits).await, Err(Refused::TooLarge));
        let many = b"GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n";
        assert_eq!(read(many, limits).await, Err(Refused::TooLarge));
        assert_eq!(
            read(b"GET nothing\r\n\r\n", limits).await,
            Err(Refused::Malformed)
        );
        assert_eq!(read(b"GET / HT", limits).await, Err(Refused::Gone));
    }

    #[test]
    fn tokens_compare_whole() {
        assert!(constant_time_eq(b"secret", b"secret"));
        assert!(!constant_time_eq(b"secret", b"secreT"));
        assert!(!constant_time_eq(b"secret", b"secret2"));
        assert!(!constant_time_eq(b"secret", b""));
        assert!(!constant_time_eq(b"", b""));
    }
}
