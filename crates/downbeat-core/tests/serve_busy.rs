//! Over its connection limit the exporter answers 503, and the client sees
//! that answer: the request is read before the server closes (closing with
//! it unread resets the connection, and the 503 is lost).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use downbeat_core::app::serve::{self, Exporter, Limits, Options};
use downbeat_core::config::catalog::Catalog;
use downbeat_core::config::Config;
use downbeat_core::model::clock::SystemClock;
use downbeat_core::model::Overview;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_the_limit_every_client_reads_its_503() {
    let dir = tempfile::tempdir().unwrap();
    let config = Config::parse("", &dir.path().join("config.toml"), &Catalog::builtin()).unwrap();
    let database = dir.path().join("downbeat.sqlite3");
    drop(downbeat_core::store::Store::open(&database).unwrap());
    let (_events_tx, events) = tokio::sync::broadcast::channel(16);
    let (_overview_tx, overview) = tokio::sync::watch::channel(Overview::default());
    let exporter =
        Exporter::start(config, &database, events, overview, Arc::new(SystemClock)).unwrap();
    let listener = serve::bind("127.0.0.1:0".parse().unwrap(), None)
        .await
        .unwrap();
    let addr = listener.local_addr().unwrap();
    let options = Options {
        limits: Limits {
            max_connections: 1,
            ..Limits::default()
        },
        ..Options::default()
    };
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(serve::run(listener, exporter, options, async {
        let _ = stopped.await;
    }));

    // The one connection allowed, silent.
    let _idle = TcpStream::connect(addr).await.unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    for attempt in 0..50 {
        let mut client = TcpStream::connect(addr).await.unwrap();
        client
            .write_all(b"GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
            .await
            .unwrap();
        let mut reply = Vec::new();
        let read = tokio::time::timeout(Duration::from_secs(5), client.read_to_end(&mut reply))
            .await
            .expect("an answer in time");
        assert!(read.is_ok(), "attempt {attempt}: {read:?} after {reply:?}");
        let text = String::from_utf8_lossy(&reply);
        assert!(
            text.starts_with("HTTP/1.1 503 ") && text.contains("Retry-After: 1"),
            "attempt {attempt}: {text}"
        );
    }
    let _ = stop.send(());
    server.await.unwrap();
}
