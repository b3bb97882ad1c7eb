//! French end to end: the language switched in Settings, then a service's
//! outage and recovery notified in French (title and body, read off the
//! bus), and the "Details" disclosure of a service that can't be checked,
//! collapsed by default, with the technical cause inside.

use crate::setup::{in_private_session, Desk};
use crate::{save_screenshot, wait_for, wait_notification};
use downbeat_core::testkit::{FakeStatusPage, PageState};

/// Words that give an English sentence away (a French one has none).
const ENGLISH: &[&str] = &[
    " is ", " has ", " the ", " was ", " and ", "Your ", " its ", " for ",
];

#[test]
fn french_notifications_and_the_details_of_a_failed_check() {
    in_private_session(
        "french::french_notifications_and_the_details_of_a_failed_check",
        french,
    );
}

async fn french() {
    let desk = Desk::start().await;
    let notifications = &desk.notifications;
    let acme = FakeStatusPage::start("Acme").await.expect("status page");
    let anchor = crate::setup::online_anchor().await;
    // A port that was open a moment ago and is closed now: refused.
    let refused = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        format!("http://{}", listener.local_addr().expect("addr"))
    };
    let services = [
        ("acme", "Acme Cloud", acme.url()),
        ("gamma", "Gamma", refused),
    ];
    let services: Vec<(&str, &str, &str)> = services
        .iter()
        .map(|(i, n, u)| (*i, *n, u.as_str()))
        .collect();
    let args = desk.write_config(&crate::setup::statuspage_config(&anchor.url(), &services));
    let (_driver, dashboard) = desk.open(&args).await;

    // The page that refuses: a sentence for people, and the technical cause
    // behind "Details", closed until asked for.
    wait_for(
        "Gamma's details",
        || dashboard.count("li[data-service=gamma] details.detail"),
        1,
    )
    .await;
    let reason = dashboard
        .find("li[data-service=gamma] .reason")
        .await
        .expect("reason");
    let said = dashboard.text(&reason).await.expect("text");
    assert!(said.contains("the connection was refused"), "{said}");
    assert!(
        !said.contains("os error"),
        "no error chain in the sentence: {said}"
    );
    let details = dashboard
        .find("li[data-service=gamma] details.detail")
        .await
        .expect("details");
    assert_eq!(
        dashboard.attribute(&details, "open").await,
        Ok(None),
        "collapsed by default"
    );
    let summary = dashboard
        .find("li[data-service=gamma] details.detail summary")
        .await
        .expect("summary");
    assert_eq!(dashboard.text(&summary).await.as_deref(), Ok("Details"));
    dashboard.click(&summary).await.expect("open the details");
    let cause = dashboard
        .find("li[data-service=gamma] .detail-text")
        .await
        .expect("detail text");
    let cause = dashboard.text(&cause).await.expect("text");
    assert!(
        cause.contains("Connection refused") && cause.contains("os error"),
        "the technical cause: {cause}"
    );
    save_screenshot(&dashboard, "overview-details.png").await;

    // French, chosen in Settings.
    dashboard
        .execute(
            "document.getElementById('page').dataset.ready = ''; location.hash = '#/settings';",
        )
        .await
        .expect("settings");
    wait_for(
        "the language select",
        || dashboard.count("select[name=language]"),
        1,
    )
    .await;
    crate::setup::choose_french(&dashboard).await;
    dashboard
        .execute("location.hash = '#/';")
        .await
        .expect("overview");
    wait_for(
        "Gamma's sentence in French",
        || async {
            let reason = dashboard.find("li[data-service=gamma] .reason").await?;
            Ok(dashboard
                .text(&reason)
                .await?
                .contains("la connexion a été refusée"))
        },
        true,
    )
    .await;
    let summary = dashboard
        .find("li[data-service=gamma] details.detail summary")
        .await
        .expect("summary");
    assert_eq!(dashboard.text(&summary).await.as_deref(), Ok("Détails"));
    // Redrawn since (the language, each failure count): still open, as the
    // person left it.
    let details = dashboard
        .find("li[data-service=gamma] details.detail")
        .await
        .expect("details");
    assert!(
        matches!(dashboard.attribute(&details, "open").await, Ok(Some(_))),
        "the details stay open across redraws"
    );
    let headline = dashboard.find("#summary-text").await.expect("headline");
    assert_eq!(
        dashboard.text(&headline).await.as_deref(),
        Ok("Acme Cloud fonctionne, Gamma ne peut pas être vérifié")
    );

    // An outage, then the recovery: both notified in French, title and body.
    acme.set(PageState::MajorOutage {
        title: "Database on fire".into(),
        body: "We are investigating.".into(),
    });
    let down = wait_notification(notifications, "Acme Cloud est en panne").await;
    assert!(
        down.body.starts_with("Acme Cloud est en panne"),
        "{}",
        down.body
    );
    assert!(
        down.body.contains("«\u{a0}Database on fire\u{a0}»"),
        "{}",
        down.body
    );
    assert_french(&down.body);
    assert!(
        down.actions.iter().any(|a| a == "Ouvrir"),
        "the button in French: {:?}",
        down.actions
    );
    acme.set(PageState::Operational);
    let up = wait_notification(notifications, "Acme Cloud fonctionne à nouveau").await;
    assert!(
        up.body.starts_with("Acme Cloud a été en panne pendant "),
        "{}",
        up.body
    );
    assert_french(&up.body);
    save_screenshot(&dashboard, "overview-french-details.png").await;
    dashboard.end().await;
}

fn assert_french(text: &str) {
    if let Some(word) = ENGLISH.iter().find(|w| text.contains(*w)) {
        panic!("English {word:?} in a French notification: {text}");
    }
}
