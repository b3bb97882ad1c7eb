//! `downbeat serve` at scale: 1,000 services checked every 60 s against
//! status pages on 127.0.0.1, the real binary in its own process. Reports
//! its CPU time and memory (from /proc), the database's growth, the time a
//! scrape of `/metrics` takes from a client, and whether 10,000 idle
//! connections slow the checks down.
//!
//! `cargo bench -p downbeat-cli --bench serve` runs 1,000 services for
//! 1 minute; `DOWNBEAT_SERVE_BENCH_MINUTES=10` for the 10 minutes.
//! `cargo test` runs it small (20 services, a few seconds) as a smoke test.

#![allow(clippy::unwrap_used, clippy::expect_used)]

use downbeat_core::testkit::FakeStatusPage;
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const BIN: &str = env!("CARGO_BIN_EXE_downbeat");

struct Scale {
    services: usize,
    pages: usize,
    run: Duration,
    interval: &'static str,
    idle: usize,
}

fn main() {
    let full = std::env::args().any(|arg| arg == "--bench");
    let minutes: u64 = std::env::var("DOWNBEAT_SERVE_BENCH_MINUTES")
        .ok()
        .and_then(|m| m.parse().ok())
        // One minute by default keeps `make bench` under five minutes; each
        // service is still checked once and the flood still lasts 15 s.
        .unwrap_or(1);
    let scale = if full {
        Scale {
            services: 1000,
            pages: 50,
            run: Duration::from_secs(minutes * 60),
            interval: "60s",
            idle: 10_000,
        }
    } else {
        Scale {
            services: 20,
            pages: 2,
            run: Duration::from_secs(4),
            interval: "1s",
            idle: 200,
        }
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(bench(scale));
}

async fn bench(scale: Scale) {
    let mut pages = Vec::new();
    for i in 0..scale.pages {
        pages.push(
            FakeStatusPage::start(&format!("Page {i}"))
                .await
                .expect("page"),
        );
    }
    let dir = tempfile::tempdir().expect("tempdir");
    let mut config = format!(
        "[general]\ninterval = \"{}\"\n\n[connectivity]\nanchors = []\n\n",
        scale.interval
    );
    for i in 0..scale.services {
        config.push_str(&format!(
            "[[services]]\nid = \"service-{i:04}\"\nname = \"Service {i}\"\n{}\
             [[services.sources]]\nkind = \"statuspage\"\nurl = \"{}\"\n\n",
            if i % 10 == 0 {
                "components = [\"API\"]\n"
            } else {
                ""
            },
            pages[i % pages.len()].url()
        ));
    }
    std::fs::write(dir.path().join("config.toml"), config).expect("config");
    let data = dir.path().join("data");
    let mut child = Command::new(BIN)
        .arg("--config")
        .arg(dir.path().join("config.toml"))
        .arg("--data-dir")
        .arg(&data)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("HOME", dir.path())
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("downbeat serve");
    let addr = listening(&mut child);
    let pid = child.id();
    let started = Instant::now();
    let cpu_start = cpu_seconds(pid);

    // Half the run as it is, then the idle flood, then the rest.
    let half = scale.run / 2;
    tokio::time::sleep(half.saturating_sub(started.elapsed())).await;
    let checks_before = checks(addr).await;
    let flood_start = Instant::now();
    let mut idle = Vec::with_capacity(scale.idle);
    for _ in 0..scale.idle {
        match TcpStream::connect(addr).await {
            Ok(stream) => idle.push(stream),
            Err(error) => {
                println!("idle connections: stopped at {} ({error})", idle.len());
                break;
            }
        }
    }
    let opened = idle.len();
    let flood = scale.run / 4;
    tokio::time::sleep(flood.saturating_sub(flood_start.elapsed())).await;
    drop(idle);
    let flood_took = flood_start.elapsed();
    let checks_after = checks_after_flood(addr).await;
    tokio::time::sleep(scale.run.saturating_sub(started.elapsed())).await;

    let mut times = Vec::new();
    let mut size = 0;
    for _ in 0..50 {
        let began = Instant::now();
        let body = get(addr, "/metrics").await;
        times.push(began.elapsed());
        size = body.len();
    }
    times.sort();
    let elapsed = started.elapsed();
    let cpu = cpu_seconds(pid) - cpu_start;
    let (rss, peak) = memory_kib(pid);
    let total_checks = checks(addr).await;
    let _ = Command::new("kill")
        .args(["-TERM", &pid.to_string()])
        .status();
    let stopped = Instant::now();
    let _ = child.wait();
    let stop_took = stopped.elapsed();
    // Stopped, the WAL is folded into the file: its size is the history's.
    let db_end = db_bytes(&data);
    let db_empty = {
        let empty = dir.path().join("empty.sqlite3");
        drop(downbeat_core::store::Store::open(&empty).expect("empty store"));
        std::fs::metadata(&empty).map(|m| m.len()).unwrap_or(0)
    };
    let per_check = db_end.saturating_sub(db_empty) as f64 / total_checks.max(1) as f64;

    let minutes = elapsed.as_secs_f64() / 60.0;
    println!(
        "serve: {} services at {} for {:.1} min: {} checks",
        scale.services, scale.interval, minutes, total_checks
    );
    println!(
        "serve: CPU {:.2} s ({:.2}% of one core); memory {} MiB now, {} MiB peak",
        cpu,
        100.0 * cpu / elapsed.as_secs_f64(),
        rss / 1024,
        peak / 1024
    );
    println!(
        "serve: database {} KiB at the end ({} KiB empty): {:.0} bytes per check, \
         {:.1} MiB per hour at this rate (raw checks are kept 14 days, then rolled up)",
        db_end / 1024,
        db_empty / 1024,
        per_check,
        per_check * scale.services as f64 * 3600.0 / interval_seconds(scale.interval) / 1048576.0
    );
    println!(
        "serve: GET /metrics from a client: median {:.2} ms, p95 {:.2} ms, {} KiB",
        ms(times[times.len() / 2]),
        ms(times[times.len() * 95 / 100]),
        size / 1024
    );
    println!(
        "serve: {opened} idle connections for {:.0} s: {} checks meanwhile ({:.1}/s; {:.1}/s over the whole run)",
        flood_took.as_secs_f64(),
        checks_after - checks_before,
        (checks_after - checks_before) as f64 / flood_took.as_secs_f64(),
        total_checks as f64 / elapsed.as_secs_f64()
    );
    println!(
        "serve: stopped {:.2} s after SIGTERM",
        stop_took.as_secs_f64()
    );
}

fn interval_seconds(interval: &str) -> f64 {
    interval.trim_end_matches('s').parse().unwrap_or(60.0)
}

fn listening(child: &mut Child) -> SocketAddr {
    use std::io::BufRead as _;
    let err = child.stderr.take().expect("stderr");
    let mut lines = std::io::BufReader::new(err).lines();
    for line in lines.by_ref() {
        let line = line.expect("stderr line");
        if let Some(addr) = line.strip_prefix("downbeat: listening on http://") {
            let addr = addr.parse().expect("address");
            // Keep draining stderr so the child never blocks on it.
            std::thread::spawn(move || for _ in lines {});
            return addr;
        }
    }
    panic!("downbeat serve did not start");
}

async fn get(addr: SocketAddr, path: &str) -> String {
    let mut stream = TcpStream::connect(addr).await.expect("connect");
    stream
        .write_all(format!("GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").as_bytes())
        .await
        .expect("write");
    let mut reply = Vec::new();
    stream.read_to_end(&mut reply).await.expect("read");
    let text = String::from_utf8_lossy(&reply).into_owned();
    text.split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default()
}

/// The sum of `downbeat_checks_total` over every service.
async fn checks(addr: SocketAddr) -> u64 {
    get(addr, "/metrics")
        .await
        .lines()
        .filter(|l| l.starts_with("downbeat_checks_total{"))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<u64>().ok())
        .sum()
}

/// The silent connections hold the server's slots until their head
/// timeout: ask until it answers again.
async fn checks_after_flood(addr: SocketAddr) -> u64 {
    loop {
        let total = checks(addr).await;
        if total > 0 {
            return total;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// User plus system CPU time of `pid`, from /proc/PID/stat.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command name (which may hold spaces) in parentheses.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or_default();
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i)?.parse::<f64>().ok())
        .sum();
    // USER_HZ is 100 on Linux.
    ticks / 100.0
}

/// Resident and peak resident memory of `pid`, in KiB.
fn memory_kib(pid: u32) -> (u64, u64) {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap_or(0)
    };
    (field("VmRSS:"), field("VmHWM:"))
}

fn db_bytes(data: &std::path::Path) -> u64 {
    ["downbeat.sqlite3", "downbeat.sqlite3-wal"]
        .iter()
        .filter_map(|name| std::fs::metadata(data.join(name)).ok())
        .map(|m| m.len())
        .sum()
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}
