//! The chosen language in what the CLI prints.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn status_speaks_the_configured_language() {
    let home = Home::new();
    home.write_config("[general]\nlanguage = \"fr\"\n");
    assert_eq!(
        stdout(&home.run(&["status"]).await),
        "Aucun service configuré.\n"
    );
    home.write_config(
        "[general]\nlanguage = \"fr\"\n[[services]]\nid = \"acme\"\nname = \"Acme\"\n\
         sources = [{ kind = \"statuspage\", url = \"http://127.0.0.1:9\" }]\n",
    );
    let text = stdout(&home.run(&["status"]).await);
    assert!(
        text.starts_with("? Acme  unknown  jamais vérifié"),
        "{text}"
    );
}

/// With `language = "fr"`, `check` speaks French: the sentence of a
/// failure, the connection's verdict and the summary's words; the statuses
/// stay the contract's words.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn check_speaks_the_configured_language() {
    let page = FakeStatusPage::start("Fake Status").await.expect("page");
    let anchor = FakeStatusPage::start("Anchor").await.expect("anchor");
    anchor.set(PageState::Raw {
        status: 200,
        body: "success".into(),
    });
    let refused = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        format!("http://{}", listener.local_addr().expect("addr"))
    };
    let home = Home::new();
    let config = |anchor: &str| {
        format!(
            "[general]\nlanguage = \"fr\"\n[connectivity]\ntimeout = \"1s\"\naddresses = []\n\
             anchors = [{{ url = \"{anchor}/anchor\", expect_body = \"success\" }}]\n"
        )
    };
    home.write_config(&config(&anchor.url()));

    page.set(outage("Database on fire", "We are investigating."));
    let text = stdout(&home.run(&["check", &page.url()]).await);
    assert!(text.contains("Fake Status: major_outage"), "{text}");
    assert!(text.contains("  touchés: API (major_outage)"), "{text}");
    assert!(
        text.contains("Database on fire (investigating, depuis "),
        "{text}"
    );
    assert!(
        text.contains("  Page de statut trouvée (Atlassian Statuspage) à http://127.0.0.1:"),
        "{text}"
    );
    assert!(text.contains("  vérifié http://127.0.0.1:"), "{text}");
    assert!(!text.contains("checked"), "{text}");

    page.set(PageState::Raw {
        status: 503,
        body: "down".into(),
    });
    let text = stdout(&home.run(&["check", &page.url()]).await);
    assert!(
        text.contains("major_outage — Il ne répond pas comme prévu\u{a0}: réponse HTTP 503."),
        "{text}"
    );

    let output = home.run(&["check", &refused, "--json"]).await;
    assert_eq!(
        json(&output)["error"]["message"],
        "Impossible de joindre 127.0.0.1\u{a0}: la connexion a été refusée."
    );
    let text = stdout(&home.run(&["check", &refused]).await);
    assert!(text.contains("  détails: "), "{text}");

    // Offline: "can't tell", in French, with the connection's reason.
    home.write_config(&config(&refused));
    let output = home.run(&["check", &refused]).await;
    assert_eq!(code(&output), Some(3));
    let text = stdout(&output);
    assert!(
        text.contains("unknown — impossible de dire s'il est en panne: "),
        "{text}"
    );
    assert!(!text.contains("You're"), "{text}");
}
