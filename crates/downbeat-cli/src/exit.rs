//! Exit codes and the one-line error messages that go with them.
//!
//! `check` uses 0–3 for statuses (like a monitoring plugin), so usage and
//! config errors take the BSD sysexits codes instead of clap's default 2,
//! which would read as "outage".

use std::fmt;
use std::process::ExitCode;

/// Any other failure (also: a database from a newer Downbeat).
pub const FAILURE: u8 = 1;
/// EX_USAGE: bad arguments or input.
pub const USAGE: u8 = 64;
/// EX_SOFTWARE: a bug of ours (e.g. a catalog entry with a bad URL).
pub const SOFTWARE: u8 = 70;
/// EX_IOERR: a file could not be read or written.
pub const IO: u8 = 74;
/// Try again later: another process holds what is needed (EX_TEMPFAIL).
pub const TEMPFAIL: u8 = 75;
/// EX_CONFIG: the config file is invalid.
pub const CONFIG: u8 = 78;

/// An error that carries the exit code it deserves.
#[derive(Debug)]
pub struct Exit {
    pub code: u8,
    pub message: String,
}

impl Exit {
    pub fn new(code: u8, message: impl Into<String>) -> Exit {
        Exit {
            code,
            message: message.into(),
        }
    }
}

impl fmt::Display for Exit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Exit {}

/// Shorthand for a usage error (exit 64).
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    Exit::new(USAGE, message).into()
}

/// Print `error` as one line on stderr and return its exit code.
pub fn report(error: &anyhow::Error) -> ExitCode {
    // The reader went away (`| head`): nothing to say, and nobody to say it to.
    let closed = error.chain().any(|cause| {
        cause
            .downcast_ref::<std::io::Error>()
            .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
    });
    if closed {
        return ExitCode::SUCCESS;
    }
    let (code, message) = match error.downcast_ref::<Exit>() {
        Some(exit) => (exit.code, exit.message.clone()),
        // `{:#}` puts the whole cause chain on one line.
        None => (FAILURE, format!("{error:#}")),
    };
    eprintln!("downbeat: {}", one_line(&message));
    ExitCode::from(code)
}

/// Scripts read the first line of stderr: never let a message spill over.
pub fn one_line(message: &str) -> String {
    downbeat_core::model::text::plain(message)
        .lines()
        .map(str::trim)
        .filter(|line| !line.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

/// clap's errors, mapped to our codes: help and version go to stdout with 0;
/// a bare `downbeat` shows the help on stderr; anything else is one line and
/// exit 64.
pub fn clap_error(error: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    match error.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = error.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = error.print();
            ExitCode::from(USAGE)
        }
        _ => {
            // Rendered without colours; its first paragraph is the message
            // (a list of missing arguments included), the rest (usage, tips)
            // is what `--help` shows anyway.
            let rendered = error.render().to_string();
            let message = rendered
                .lines()
                .map(str::trim)
                .skip_while(|line| line.is_empty())
                .take_while(|line| !line.is_empty())
                .collect::<Vec<_>>()
                .join(" ");
            let message = message.strip_prefix("error:").unwrap_or(&message).trim();
            let first = if message.is_empty() {
                "invalid arguments"
            } else {
                message
            };
            eprintln!("downbeat: {first} (see `downbeat --help`)");
            ExitCode::from(USAGE)
        }
    }
}
