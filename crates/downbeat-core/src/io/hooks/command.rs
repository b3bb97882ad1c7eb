//! A command hook: the program runs with the event on stdin, in its own
//! process group, and the whole group is killed at the time limit. Run on a
//! blocking thread (the engine's runtime has no child-process reactor).

use super::HookEvent;
use std::io::{Read as _, Write as _};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// How much of a failing program's stderr is kept for Settings.
const STDERR_KEPT: usize = 400;
/// How often a running program is looked at.
const POLL: Duration = Duration::from_millis(20);

pub(super) async fn run(
    argv: Vec<String>,
    event: HookEvent,
    limit: Duration,
) -> Result<(), String> {
    tokio::task::spawn_blocking(move || run_blocking(&argv, &event, limit))
        .await
        .unwrap_or_else(|error| Err(format!("the hook's thread failed: {error}")))
}

fn run_blocking(argv: &[String], event: &HookEvent, limit: Duration) -> Result<(), String> {
    let (program, args) = argv.split_first().ok_or("no program")?;
    let mut command = Command::new(program);
    command
        .args(args)
        .env("DOWNBEAT_EVENT", event.event)
        .env("DOWNBEAT_SERVICE", &event.services)
        .env("DOWNBEAT_STATUS", &event.status)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt as _;
        // Its own group, so that what it starts is killed with it.
        command.process_group(0);
    }
    let mut child = command
        .spawn()
        .map_err(|error| format!("cannot start {program}: {error}"))?;
    if let Some(mut stdin) = child.stdin.take() {
        // A program that does not read its input may exit first: not a failure.
        let _ = stdin.write_all(format!("{}\n", event.json).as_bytes());
    }
    // Read stderr beside it, so a chatty program never blocks on a full pipe.
    let stderr = child.stderr.take().map(|mut pipe| {
        std::thread::spawn(move || {
            let mut kept = Vec::new();
            let mut buffer = [0u8; 4096];
            while let Ok(read @ 1..) = pipe.read(&mut buffer) {
                let room = STDERR_KEPT.saturating_sub(kept.len());
                kept.extend_from_slice(&buffer[..read.min(room)]);
            }
            String::from_utf8_lossy(&kept).trim().to_owned()
        })
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if started.elapsed() >= limit => break None,
            Ok(None) => std::thread::sleep(POLL),
            Err(error) => return Err(format!("cannot wait for {program}: {error}")),
        }
    };
    let Some(status) = status else {
        kill_group(&mut child);
        // Reaped: no zombie left behind.
        let _ = child.wait();
        return Err(format!(
            "{program} was still running after {} s and was killed",
            limit.as_secs_f64()
        ));
    };
    if status.success() {
        return Ok(());
    }
    // A background process may hold stderr open: do not wait on it long.
    let said = stderr
        .and_then(|reader| {
            let waited = Instant::now();
            while !reader.is_finished() && waited.elapsed() < Duration::from_millis(500) {
                std::thread::sleep(POLL);
            }
            reader.is_finished().then(|| reader.join().ok()).flatten()
        })
        .filter(|said| !said.is_empty())
        .map(|said| format!(": {said}"))
        .unwrap_or_default();
    Err(format!("{program} failed ({status}){said}"))
}

#[cfg(unix)]
fn kill_group(child: &mut std::process::Child) {
    let group = rustix::process::Pid::from_child(child);
    if rustix::process::kill_process_group(group, rustix::process::Signal::KILL).is_err() {
        let _ = child.kill();
    }
}

#[cfg(not(unix))]
fn kill_group(child: &mut std::process::Child) {
    let _ = child.kill();
}
