//! `downbeat`: the headless face of Downbeat, for scripts and for tests.
//! This file only parses the command line, starts logging and the runtime,
//! and turns the outcome into an exit code; each command lives in its module.

mod catalog;
mod check;
mod cli;
mod exit;
mod format;
mod history;
mod journal;
mod out;
mod serve;
mod setup;
mod status;
mod target;
mod transfer;
mod wait;
mod watch;

use anyhow::Context as _;
use clap::Parser as _;
use cli::{Cli, Command};
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return exit::clap_error(&error),
    };
    if let Err(error) = setup::init_logging(&cli.global.log_level) {
        return exit::report(&error);
    }
    match run(cli) {
        Ok(code) => ExitCode::from(code),
        Err(error) => exit::report(&error),
    }
}

/// Run the command; `Ok` carries the exit code it chose (`check` maps the
/// status onto it), `Err` one that `exit::report` prints and maps.
fn run(cli: Cli) -> anyhow::Result<u8> {
    // The catalog is built in: listing it needs neither paths nor a runtime.
    if let Command::Catalog(args) = &cli.command {
        return catalog::run(args);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    match cli.command {
        // A one-shot check writes neither a config nor a database; it reads
        // the config's "is it me?" anchors when there is one.
        Command::Check(args) => {
            let (anchors, language) = setup::connectivity(&cli.global);
            runtime.block_on(check::run(&args, anchors, language))
        }
        Command::Status(args) => status::run(&args, &setup::paths(&cli.global)?),
        Command::Watch(args) => runtime.block_on(watch::run(&args, &setup::paths(&cli.global)?)),
        Command::Catalog(args) => catalog::run(&args),
        Command::History(args) => {
            history::run(&args, &setup::paths(&cli.global)?, chrono::Utc::now())
        }
        Command::Export(args) => {
            transfer::export(&args, &setup::paths(&cli.global)?, chrono::Utc::now())
        }
        Command::Import(args) => {
            transfer::import(&args, &setup::paths(&cli.global)?, chrono::Utc::now())
        }
        Command::Serve(args) => runtime.block_on(serve::run(&args, &setup::paths(&cli.global)?)),
        Command::Wait(args) => runtime.block_on(wait::run(&args, &setup::paths(&cli.global)?)),
    }
}
