//! "Is it me?" against anchors served on 127.0.0.1 under made-up names.
#![allow(clippy::expect_used, clippy::unwrap_used)]

use downbeat_core::config::connectivity::{AnchorSpec, ConnectivityConfig};
use downbeat_core::io::connectivity::{ConnectivityChecker, StaticNames};
use downbeat_core::model::Connectivity;
use downbeat_core::testkit::{FakeStatusPage, PageState};
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

struct World {
    anchors: Vec<FakeStatusPage>,
}

impl World {
    async fn new() -> World {
        let mut anchors = Vec::new();
        for name in ["a", "b", "c"] {
            let page = FakeStatusPage::start(name).await.expect("anchor");
            page.set(PageState::Raw {
                status: 200,
                body: "success\n".into(),
            });
            anchors.push(page);
        }
        World { anchors }
    }

    fn address(&self, index: usize) -> SocketAddr {
        self.anchors[index]
            .url()
            .trim_start_matches("http://")
            .parse()
            .expect("address")
    }

    /// A checker whose anchors are `anchor-N.test`, resolvable only when `dns` works.
    fn checker(&self, dns: bool) -> ConnectivityChecker {
        let mut names = StaticNames::default();
        if dns {
            for index in 0..self.anchors.len() {
                names = names.with(&format!("anchor-{index}.test"), self.address(index));
            }
        }
        let config = ConnectivityConfig {
            anchors: (0..self.anchors.len())
                .map(|index| AnchorSpec {
                    url: format!(
                        "http://anchor-{index}.test:{}/success.txt",
                        self.address(index).port()
                    ),
                    expect_status: None,
                    expect_body: Some("success".into()),
                })
                .collect(),
            addresses: vec![self.address(0)],
            timeout: Duration::from_secs(2),
            ..ConnectivityConfig::default()
        };
        ConnectivityChecker::new(config, Some(Arc::new(names))).expect("checker")
    }
}

#[tokio::test]
async fn online_captive_portal_broken_dns_and_offline_are_told_apart() {
    let world = World::new().await;
    assert_eq!(
        world.checker(true).check().await.state,
        Connectivity::Online
    );

    // One anchor down is still online: a quorum decides.
    world.anchors[2].set(PageState::Raw {
        status: 503,
        body: "down".into(),
    });
    assert_eq!(
        world.checker(true).check().await.state,
        Connectivity::Online
    );

    // A hotel Wi-Fi login page answers instead of the anchors.
    for anchor in &world.anchors {
        anchor.set(PageState::Raw {
            status: 200,
            body: "<h1>Welcome! Please log in</h1>".into(),
        });
    }
    let portal = world.checker(true).check().await;
    assert_eq!(
        portal.state,
        Connectivity::CaptivePortal,
        "{:?}",
        portal.reason
    );

    // Names do not resolve but addresses answer.
    for anchor in &world.anchors {
        anchor.set(PageState::Raw {
            status: 200,
            body: "success".into(),
        });
    }
    let dns = world.checker(false).check().await;
    assert_eq!(dns.state, Connectivity::DnsBroken, "{:?}", dns.reason);

    // Nothing answers at all.
    let address = world.address(0);
    drop(world);
    tokio::time::sleep(Duration::from_millis(50)).await;
    let names = StaticNames::default().with("anchor-0.test", address);
    let config = ConnectivityConfig {
        anchors: vec![AnchorSpec {
            url: format!("http://anchor-0.test:{}/", address.port()),
            expect_status: None,
            expect_body: None,
        }],
        addresses: vec![address],
        timeout: Duration::from_secs(2),
        ..ConnectivityConfig::default()
    };
    let offline = ConnectivityChecker::new(config, Some(Arc::new(names)))
        .unwrap()
        .check()
        .await;
    assert_eq!(offline.state, Connectivity::Offline, "{:?}", offline.reason);
}
