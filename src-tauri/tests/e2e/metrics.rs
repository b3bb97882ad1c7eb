//! Settings → Advanced: the tray app's Prometheus endpoint. Off at first
//! (nothing listens); turned on in Settings it serves `/metrics` on
//! 127.0.0.1 with the watched service in it; a port already taken is said
//! beside the control; turned off, the port refuses connections again.

use crate::setup::{in_private_session, Desk};
use crate::wait_for;
use downbeat_core::testkit::FakeStatusPage;

#[test]
fn the_metrics_endpoint_is_turned_on_and_off_in_settings() {
    in_private_session(
        "metrics::the_metrics_endpoint_is_turned_on_and_off_in_settings",
        metrics,
    );
}

/// A loopback port free a moment ago.
fn free_port() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    listener.local_addr().expect("addr").port()
}

/// `GET /metrics` on 127.0.0.1:`port`: the body, or whether the connection
/// was refused.
async fn scrape(port: u16) -> Result<String, String> {
    let client = reqwest::Client::builder()
        .no_proxy()
        .timeout(std::time::Duration::from_secs(5))
        .build()
        .expect("client");
    match client
        .get(format!("http://127.0.0.1:{port}/metrics"))
        .send()
        .await
    {
        Ok(response) => response.text().await.map_err(|e| e.to_string()),
        Err(error) if error.is_connect() => Err("refused".into()),
        Err(error) => Err(error.to_string()),
    }
}

async fn metrics() {
    let desk = Desk::start().await;
    let acme = FakeStatusPage::start("Acme").await.expect("status page");
    let anchor = crate::setup::online_anchor().await;
    let url = acme.url();
    let args = desk.write_config(&crate::setup::statuspage_config(
        &anchor.url(),
        &[("acme", "Acme Cloud", &url)],
    ));
    let config = desk.config();
    let (_driver, dashboard) = desk.open(&args).await;
    let port = free_port();
    // Off by default: nothing listens on the default port's stand-in.
    assert_eq!(scrape(port).await, Err("refused".to_owned()));

    dashboard
        .execute("location.hash = '#/settings';")
        .await
        .expect("settings");
    wait_for(
        "the Advanced section",
        || dashboard.count("input[name=metrics-enabled]"),
        1,
    )
    .await;
    let state = || async {
        let state = dashboard.find("#metrics-state").await?;
        dashboard.text(&state).await
    };
    assert_eq!(state().await.as_deref(), Ok("Off: nothing listens."));

    // On, at a port of our choosing.
    let set = |enabled: bool, port: u16| {
        format!(
            "document.querySelector('input[name=metrics-enabled]').checked = {enabled}; \
             document.querySelector('input[name=metrics-port]').value = '{port}'; \
             document.querySelector('input[name=metrics-port]').form.requestSubmit();"
        )
    };
    dashboard.execute(&set(true, port)).await.expect("turn on");
    wait_for(
        "the endpoint said served",
        state,
        format!("Prometheus can scrape http://127.0.0.1:{port}/metrics"),
    )
    .await;
    let text = std::fs::read_to_string(&config).expect("config");
    assert!(
        text.contains("[metrics]") && text.contains("enabled = true"),
        "{text}"
    );
    wait_for(
        "acme up in /metrics",
        || async {
            Ok(scrape(port)
                .await?
                .contains("downbeat_service_up{service=\"acme\"} 1"))
        },
        true,
    )
    .await;

    // A port another program holds: said beside the control; the old port
    // is let go.
    let taken = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let taken_port = taken.local_addr().expect("addr").port();
    dashboard
        .execute(&set(true, taken_port))
        .await
        .expect("move");
    wait_for(
        "the port in use said",
        || async {
            Ok(state()
                .await?
                .contains("another program already uses this port"))
        },
        true,
    )
    .await;
    let alert = dashboard.find("#metrics-state").await.expect("state");
    assert_eq!(
        dashboard.attribute(&alert, "role").await,
        Ok(Some("alert".to_owned()))
    );
    assert_eq!(scrape(port).await, Err("refused".to_owned()));
    dashboard
        .execute("document.querySelector('.advanced').scrollIntoView({block: 'end'});")
        .await
        .expect("scroll");
    crate::save_screenshot(&dashboard, "settings-advanced.png").await;
    drop(taken);

    // Back on the free port, then off: refused again.
    dashboard.execute(&set(true, port)).await.expect("back");
    wait_for(
        "served again",
        || async { Ok(scrape(port).await.is_ok()) },
        true,
    )
    .await;
    dashboard
        .execute(&set(false, port))
        .await
        .expect("turn off");
    wait_for("off", state, "Off: nothing listens.".to_owned()).await;
    assert_eq!(scrape(port).await, Err("refused".to_owned()));
    let text = std::fs::read_to_string(&config).expect("config");
    assert!(text.contains("enabled = false"), "{text}");
    dashboard.end().await;
}
