//! Command-line options of the desktop app (few: it is started by a click).

use std::path::PathBuf;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    pub config: Option<PathBuf>,
    pub data_dir: Option<PathBuf>,
    /// Open the dashboard at start instead of starting silently in the tray.
    pub open_dashboard: bool,
    /// Started by the login item: silently into the tray, no question asked.
    pub autostart: bool,
    /// `--help` or `--version`: print it and exit, before GTK starts (it
    /// needs a display, and asking for help must not).
    pub say: Option<&'static str>,
}

pub const USAGE: &str = "\
Downbeat: is it down, or is it me? A tray app that watches the services you use.

Usage: downbeat-desktop [--open-dashboard] [--config FILE] [--data-dir DIR]

  --open-dashboard   open the dashboard now (a second start does this too)
  --config FILE      the config file (default: the platform's config directory)
  --data-dir DIR     where the history is kept
  --autostart        started at login: stay quietly in the tray
  --help, --version  print this or the version, and exit

For scripts and servers, see the `downbeat` command.";

impl Options {
    /// Unknown arguments are ignored: the platform (or a WebDriver) may add its own.
    pub fn from_args(args: impl IntoIterator<Item = String>) -> Options {
        let mut options = Options::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let (flag, inline) = match arg.split_once('=') {
                Some((flag, value)) => (flag.to_owned(), Some(value.to_owned())),
                None => (arg, None),
            };
            match flag.as_str() {
                "--open-dashboard" => options.open_dashboard = true,
                "--help" | "-h" => options.say = Some(USAGE),
                "--version" | "-V" => {
                    options.say = Some(concat!("downbeat-desktop ", env!("CARGO_PKG_VERSION")))
                }
                crate::autostart::FLAG => options.autostart = true,
                "--config" => options.config = inline.or_else(|| args.next()).map(PathBuf::from),
                "--data-dir" => {
                    options.data_dir = inline.or_else(|| args.next()).map(PathBuf::from)
                }
                _ => {}
            }
        }
        options
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_in_both_spellings_and_strangers_ignored() {
        let args = [
            "--config",
            "/tmp/c.toml",
            "--automation",
            "--data-dir=/tmp/d",
            "--open-dashboard",
            "--autostart",
        ];
        let options = Options::from_args(args.map(String::from));
        assert_eq!(
            options,
            Options {
                config: Some("/tmp/c.toml".into()),
                data_dir: Some("/tmp/d".into()),
                open_dashboard: true,
                autostart: true,
                say: None,
            }
        );
        let help = Options::from_args(["--help".to_owned()]);
        assert_eq!(help.say, Some(USAGE));
    }
}
