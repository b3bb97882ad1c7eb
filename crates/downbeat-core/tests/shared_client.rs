//! Probes share one HTTP client (issue 17): a watch list of thousands of
//! endpoints must not build a client, with its pool and TLS setup, for each.
//! Alone in its file: the count is per process.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use downbeat_core::config::{SourceConfig, SourceKind};
use downbeat_core::io::checker::Checker;
use downbeat_core::io::fetch::{FetchOptions, Fetcher};
use downbeat_core::io::probe::Prober;
use downbeat_core::model::Outcome;
use downbeat_core::testkit::SlowServer;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn many_probes_one_client() {
    let server = SlowServer::start(Some(Duration::ZERO), 200).await.unwrap();
    let checker = Checker::new(Fetcher::new(FetchOptions::default()).unwrap());
    let before = Prober::clients_built();
    for n in 0..200 {
        let mut source = SourceConfig::new(SourceKind::Http, format!("{}/s{n}", server.url()));
        source.keyword = (n % 2 == 0).then(|| "no".to_owned());
        let spec = source.resolve().unwrap();
        let result = checker.check(&spec, false, chrono::Utc::now()).await;
        assert_eq!(result.outcome, Outcome::Ok, "{result:?}");
    }
    assert_eq!(Prober::clients_built() - before, 1);
}
