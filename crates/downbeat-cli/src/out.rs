//! Standard output. For people, text from status pages is shown without
//! control characters (a page must not clear the screen or retitle the
//! window); for everyone, a closed pipe (`downbeat status | head -1`) ends
//! the output quietly instead of failing the command.

use std::io::{ErrorKind, StdoutLock, Write};

pub struct Out {
    inner: StdoutLock<'static>,
    plain: bool,
    closed: bool,
}

/// Output read by a person: control characters removed.
pub fn human() -> Out {
    Out {
        inner: std::io::stdout().lock(),
        plain: true,
        closed: false,
    }
}

/// JSON (which escapes control characters itself) and CSV (whose fields
/// the core has cleaned).
pub fn machine() -> Out {
    Out {
        inner: std::io::stdout().lock(),
        plain: false,
        closed: false,
    }
}

impl Out {
    /// Whether the reader went away.
    pub fn closed(&self) -> bool {
        self.closed
    }

    fn quietly(&mut self, result: std::io::Result<()>) -> std::io::Result<()> {
        match result {
            Err(error) if error.kind() == ErrorKind::BrokenPipe => {
                self.closed = true;
                Ok(())
            }
            other => other,
        }
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.closed {
            return Ok(buf.len());
        }
        let result = if self.plain {
            let text = String::from_utf8_lossy(buf);
            self.inner
                .write_all(downbeat_core::model::text::plain(&text).as_bytes())
        } else {
            self.inner.write_all(buf)
        };
        self.quietly(result).map(|()| buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if self.closed {
            return Ok(());
        }
        let result = self.inner.flush();
        self.quietly(result)
    }
}
