//! A [`Reason`]'s sentence in each language, from the same facts.

use super::{Language, Text, NBSP};
use crate::model::probe_note::ProbeNote;
use crate::model::reason::{Failure, PortalSign, Reason, VendorSays};
use crate::model::{ErrorKind, Status};
use chrono::FixedOffset;

impl Language {
    /// The one sentence that explains a state; times in `offset` (the
    /// user's, read by the caller).
    pub fn reason(self, reason: &Reason, offset: FixedOffset) -> String {
        match self {
            Language::En => english(reason, offset),
            Language::Fr => french(reason, offset),
        }
    }

    /// "up", "partly down": a status in a sentence ("Acme is …").
    pub fn status_phrase(self, status: Status) -> &'static str {
        match (self, status) {
            (Language::En, _) => status.phrase(),
            (Language::Fr, Status::Operational) => "opérationnel",
            (Language::Fr, Status::Degraded) => "perturbé",
            (Language::Fr, Status::PartialOutage) => "partiellement en panne",
            (Language::Fr, Status::MajorOutage) => "en panne",
            (Language::Fr, Status::Maintenance) => "en maintenance",
            (Language::Fr, Status::Unknown) => "non observé",
        }
    }

    /// "Operational", "Partial outage": a status on its own (menus, cards).
    pub fn status_label(self, status: Status) -> &'static str {
        match (self, status) {
            (Language::En, Status::Operational) => "Operational",
            (Language::En, Status::Degraded) => "Degraded",
            (Language::En, Status::PartialOutage) => "Partial outage",
            (Language::En, Status::MajorOutage) => "Major outage",
            (Language::En, Status::Maintenance) => "Maintenance",
            (Language::En, Status::Unknown) => "Not observed",
            (Language::Fr, Status::Operational) => "Opérationnel",
            (Language::Fr, Status::Degraded) => "Perturbé",
            (Language::Fr, Status::PartialOutage) => "Panne partielle",
            (Language::Fr, Status::MajorOutage) => "Panne majeure",
            (Language::Fr, Status::Maintenance) => "Maintenance",
            (Language::Fr, Status::Unknown) => "Non observé",
        }
    }

    /// "850 ms", "2 s", "2.4 s" ("2,4 s"): a latency or a timeout.
    pub fn short_duration(self, duration: std::time::Duration) -> String {
        let ms = duration.as_millis();
        if ms < 1000 {
            return format!("{ms} ms");
        }
        let tenths = (ms + 50) / 100;
        let (whole, tenth) = (tenths / 10, tenths % 10);
        match (tenth, self) {
            (0, _) => format!("{whole} s"),
            (t, Language::En) => format!("{whole}.{t} s"),
            (t, Language::Fr) => format!("{whole},{t}{NBSP}s"),
        }
    }

    /// "answered in 2.4 s (limit 2 s); its TLS certificate expires in 5
    /// days": why an endpoint that answered is degraded.
    pub fn probe_notes(self, notes: &[ProbeNote]) -> String {
        let en = self == Language::En;
        let seconds = |d: std::time::Duration| self.short_duration(d);
        let span = |seconds: i64| match (seconds / 3600, en) {
            (h, true) if h >= 48 => format!("{} days", h / 24),
            (h, false) if h >= 48 => format!("{} jours", h / 24),
            (h, true) if h >= 24 => "1 day".into(),
            (h, false) if h >= 24 => "1 jour".into(),
            (1, true) => "1 hour".into(),
            (1, false) => "1 heure".into(),
            (h, true) if h > 1 => format!("{h} hours"),
            (h, false) if h > 1 => format!("{h} heures"),
            (_, true) => "less than an hour".into(),
            (_, false) => "moins d'une heure".into(),
        };
        let one = |note: &ProbeNote| {
            match (note, en) {
            (ProbeNote::Refused { status }, true) => format!(
                "HTTP {status}: the server answers but refuses the check (a bot wall or a rate limit), which says nothing of the service"
            ),
            (ProbeNote::Refused { status }, false) => format!(
                "HTTP {status}{NBSP}: le serveur répond mais refuse la vérification (un mur anti-robots ou une limite de débit), ce qui ne dit rien du service"
            ),
            (ProbeNote::Slow { took, limit }, true) => {
                format!("answered in {} (limit {})", seconds(*took), seconds(*limit))
            }
            (ProbeNote::Slow { took, limit }, false) => {
                format!("a répondu en {} (limite{NBSP}: {})", seconds(*took), seconds(*limit))
            }
            (ProbeNote::Certificate { seconds_left }, true) if *seconds_left <= 0 => {
                format!("its TLS certificate expired {} ago", span(-seconds_left))
            }
            (ProbeNote::Certificate { seconds_left }, false) if *seconds_left <= 0 => {
                format!("son certificat TLS a expiré il y a {}", span(-seconds_left))
            }
            (ProbeNote::Certificate { seconds_left }, true) => {
                format!("its TLS certificate expires in {}", span(*seconds_left))
            }
            (ProbeNote::Certificate { seconds_left }, false) => {
                format!("son certificat TLS expire dans {}", span(*seconds_left))
            }
        }
        };
        notes.iter().map(one).collect::<Vec<_>>().join("; ")
    }

    /// What went wrong with one check, for a person: "the name doesn't
    /// resolve", "HTTP 503". The technical detail stays in [`Failure`].
    pub fn failure(self, failure: &Failure) -> String {
        let code = failure.http_status;
        let en = self == Language::En;
        let phrase = match failure.kind {
            None => {
                return match (code, en) {
                    (Some(code), _) => format!("HTTP {code}"),
                    (None, true) => "no answer".into(),
                    (None, false) => "pas de réponse".into(),
                }
            }
            Some(ErrorKind::HttpStatus) => {
                return match (code, en) {
                    (Some(code), true) => format!("it answered HTTP {code}"),
                    (Some(code), false) => format!("réponse HTTP {code}"),
                    (None, true) => "it answered with an error".into(),
                    (None, false) => "réponse en erreur".into(),
                }
            }
            Some(kind) => refined(self, kind, &failure.detail.to_ascii_lowercase())
                .unwrap_or_else(|| kind_phrase(self, kind)),
        };
        // A keyword missing from a 200 is not about the code.
        match code.filter(|code| *code >= 400) {
            Some(code) => format!("{phrase}, HTTP {code}"),
            None => phrase.to_owned(),
        }
    }
}

impl Language {
    /// One sentence for a check that failed: "Couldn't reach
    /// www.githubstatus.com: the name doesn't resolve."
    pub fn unreachable(self, host: &str, failure: &Failure) -> String {
        let what = self.failure(failure);
        match self {
            Language::En => format!("Couldn't reach {host}: {what}."),
            Language::Fr => format!("Impossible de joindre {host}{NBSP}: {what}."),
        }
    }

    /// One sentence for a failed check of `host`: "Couldn't reach …" when
    /// nothing usable answered, else what was wrong with the answer of a
    /// status page (`page`) or of an endpoint.
    pub fn check_failed(self, host: &str, failure: &Failure, page: bool) -> String {
        let transport = matches!(
            failure.kind,
            Some(
                ErrorKind::Dns
                    | ErrorKind::Connect
                    | ErrorKind::Timeout
                    | ErrorKind::Tls
                    | ErrorKind::Redirect
                    | ErrorKind::Protocol
            )
        );
        if transport {
            return self.unreachable(host, failure);
        }
        let what = if page {
            Text::CheckPageUnreadable
        } else {
            Text::CheckNotAsExpected
        };
        let colon = match self {
            Language::En => ":".to_owned(),
            Language::Fr => format!("{NBSP}:"),
        };
        format!("{}{colon} {}.", self.text(what), self.failure(failure))
    }
}

/// A closer phrase for some transport failures, from the words of the
/// technical detail (the HTTP library's error chain): "the connection was
/// refused" says more than "the connection failed".
fn refined(language: Language, kind: ErrorKind, detail: &str) -> Option<&'static str> {
    let has = |words: &[&str]| words.iter().any(|w| detail.contains(w));
    let en = language == Language::En;
    let (english, french) = match kind {
        ErrorKind::Tls if has(&["expired"]) => {
            ("its certificate has expired", "son certificat a expiré")
        }
        ErrorKind::Tls if has(&["unknownissuer", "unknown issuer"]) => (
            "its certificate is not signed by a known authority",
            "son certificat n'est pas signé par une autorité connue",
        ),
        ErrorKind::Tls if has(&["notvalidforname", "not valid for"]) => (
            "its certificate is for another name",
            "son certificat est pour un autre nom",
        ),
        ErrorKind::Connect if has(&["refused"]) => {
            ("the connection was refused", "la connexion a été refusée")
        }
        ErrorKind::Connect if has(&["reset"]) => {
            ("the connection was cut", "la connexion a été coupée")
        }
        ErrorKind::Connect if has(&["unreachable"]) => {
            ("the network can't reach it", "le réseau ne l'atteint pas")
        }
        _ => return None,
    };
    Some(if en { english } else { french })
}

fn kind_phrase(language: Language, kind: ErrorKind) -> &'static str {
    match (language, kind) {
        (Language::En, ErrorKind::Dns) => "the name doesn't resolve",
        (Language::En, ErrorKind::Connect) => "the connection failed",
        (Language::En, ErrorKind::Tls) => "the secure connection failed",
        (Language::En, ErrorKind::Timeout) => "no answer in time",
        (Language::En, ErrorKind::HttpStatus) => "it answered with an error",
        (Language::En, ErrorKind::Keyword) => "the expected text is missing",
        (Language::En, ErrorKind::TooLarge) => "the answer is too large",
        (Language::En, ErrorKind::Parse) => "the answer could not be read",
        (Language::En, ErrorKind::RateLimited) => "too many requests",
        (Language::En, ErrorKind::Redirect) => "too many redirects",
        (Language::En, ErrorKind::Protocol) => "the server did not answer in HTTP",
        (Language::En, ErrorKind::Other) => "the check failed",
        (Language::Fr, ErrorKind::Dns) => "le nom ne se résout pas",
        (Language::Fr, ErrorKind::Connect) => "la connexion a échoué",
        (Language::Fr, ErrorKind::Tls) => "la connexion sécurisée a échoué",
        (Language::Fr, ErrorKind::Timeout) => "pas de réponse à temps",
        (Language::Fr, ErrorKind::HttpStatus) => "réponse en erreur",
        (Language::Fr, ErrorKind::Keyword) => "le texte attendu est absent",
        (Language::Fr, ErrorKind::TooLarge) => "la réponse est trop volumineuse",
        (Language::Fr, ErrorKind::Parse) => "la réponse est illisible",
        (Language::Fr, ErrorKind::RateLimited) => "trop de requêtes",
        (Language::Fr, ErrorKind::Redirect) => "trop de redirections",
        (Language::Fr, ErrorKind::Protocol) => "le serveur n'a pas répondu en HTTP",
        (Language::Fr, ErrorKind::Other) => "la vérification a échoué",
    }
}

/// " (“Title”)", or nothing.
fn quoted_en(title: Option<&str>) -> String {
    title.map(|t| format!(" (“{t}”)")).unwrap_or_default()
}

/// " («\u{a0}Titre\u{a0}»)", or nothing.
fn quoted_fr(title: Option<&str>) -> String {
    title
        .map(|t| format!(" («{NBSP}{t}{NBSP}»)"))
        .unwrap_or_default()
}

fn english(reason: &Reason, offset: FixedOffset) -> String {
    let en = Language::En;
    match reason {
        Reason::Text { text } => text.clone(),
        Reason::NotChecked {
            name,
            failure: None,
        } => format!("{name} has not been checked yet."),
        Reason::NotChecked {
            name,
            failure: Some(failure),
        } => format!(
            "{name} could not be checked yet ({}); trying again.",
            en.failure(failure)
        ),
        Reason::Up {
            name,
            status_page,
            answering,
        } => {
            let probes = match answering.as_slice() {
                [] => None,
                [one] => Some(format!("{one} answers")),
                [first, _] => Some(format!("{first} and 1 other endpoint answer")),
                [first, rest @ ..] => {
                    Some(format!("{first} and {} other endpoints answer", rest.len()))
                }
            };
            match (status_page, probes) {
                (true, Some(probes)) => {
                    format!("{name} is up: its status page reports no problem and {probes}.")
                }
                (true, None) => format!("{name} is up: its status page reports no problem."),
                (false, Some(probes)) => format!("{name} is up: {probes}."),
                (false, None) => format!("{name} is up."),
            }
        }
        Reason::Slow {
            name,
            host,
            latency_ms,
        } => {
            let took = latency_ms
                .map(|ms| format!(" in {:.1} s", ms as f64 / 1000.0))
                .unwrap_or_default();
            format!("{name} is slow: {host} answered{took}, above its limit.")
        }
        Reason::VendorReports {
            name,
            status,
            title,
        } => {
            let title = quoted_en(title.as_deref());
            match status {
                Status::Maintenance => {
                    format!("{name} is under maintenance{title}, according to its status page.")
                }
                Status::Degraded => format!(
                    "{name} is degraded: its status page reports degraded performance{title}."
                ),
                Status::PartialOutage => format!(
                    "{name} is partly down: its status page reports a partial outage{title}."
                ),
                Status::MajorOutage => {
                    format!("{name} is down: its status page reports a major outage{title}.")
                }
                Status::Operational => {
                    format!("{name} is up: its status page reports no problem.")
                }
                Status::Unknown => format!("{name}'s status page does not say how it is."),
            }
        }
        Reason::Failing {
            name,
            partly,
            host,
            failures,
            since,
            failure,
            vendor,
        } => {
            let down = if *partly { "partly down" } else { "down" };
            let checks = if *failures == 1 { "check" } else { "checks" };
            let time = since.with_timezone(&offset).format("%H:%M");
            let vendor = match vendor {
                VendorSays::NoPage => String::new(),
                VendorSays::Unreadable => " Its status page cannot be read either.".into(),
                VendorSays::NoIncident => format!(" {name} has not posted an incident yet."),
                VendorSays::Headline(headline) => {
                    format!(" Its status page reports “{headline}”.")
                }
                VendorSays::Reports(status) => {
                    let phrase = match status {
                        Status::Degraded => "degraded performance",
                        Status::PartialOutage => "a partial outage",
                        Status::MajorOutage => "a major outage",
                        Status::Maintenance => "maintenance",
                        Status::Operational | Status::Unknown => "no problem",
                    };
                    format!(" Its status page reports {phrase}.")
                }
            };
            format!(
                "{name} is {down}: {host} has failed {failures} {checks} since {time} ({}). Your connection is fine.{vendor}",
                en.failure(failure)
            )
        }
        Reason::Unreadable {
            name,
            failures,
            failure,
        } => format!(
            "{name} is not observed: its status page failed {failures} {} in a row ({}).",
            if *failures == 1 { "check" } else { "checks" },
            en.failure(failure)
        ),
        Reason::Unclear { name } => format!("{name}'s status page does not say how it is."),
        Reason::Status { name, status } => format!("{name} is {}.", status.phrase()),
        Reason::ChecksOff => "Connectivity checks are off.".into(),
        Reason::Online { answered, total } => {
            format!("Your connection is fine ({answered} of {total} checks answered).")
        }
        Reason::CaptivePortal { sign } => {
            let got = match sign {
                PortalSign::Redirect(to) => format!("a redirect to {to}"),
                PortalSign::Http(code) => format!("HTTP {code}"),
                PortalSign::OtherPage => "another page than expected".into(),
            };
            format!(
                "You seem to be behind a login page (captive portal): connectivity checks got {got}."
            )
        }
        Reason::DnsBroken => {
            "Your DNS is broken: names do not resolve, though the internet answers by address."
                .into()
        }
        Reason::Offline { answered, total } => {
            format!("You're offline: {answered} of {total} connectivity checks answered.")
        }
        Reason::GoingToSleep => "The computer is going to sleep.".into(),
        Reason::Woke => "The computer was asleep; checks resume in a moment.".into(),
    }
}

fn french(reason: &Reason, offset: FixedOffset) -> String {
    let fr = Language::Fr;
    match reason {
        Reason::Text { text } => text.clone(),
        Reason::NotChecked {
            name,
            failure: None,
        } => format!("{name} n'a pas encore été vérifié."),
        Reason::NotChecked {
            name,
            failure: Some(failure),
        } => format!(
            "{name} n'a pas encore pu être vérifié ({}){NBSP}; nouvel essai en cours.",
            fr.failure(failure)
        ),
        Reason::Up {
            name,
            status_page,
            answering,
        } => {
            let probes = match answering.as_slice() {
                [] => None,
                [one] => Some(format!("{one} répond")),
                [first, _] => Some(format!("{first} et 1 autre point d'accès répondent")),
                [first, rest @ ..] => Some(format!(
                    "{first} et {} autres points d'accès répondent",
                    rest.len()
                )),
            };
            match (status_page, probes) {
                (true, Some(probes)) => format!(
                    "{name} fonctionne{NBSP}: sa page de statut ne signale aucun problème et {probes}."
                ),
                (true, None) => format!(
                    "{name} fonctionne{NBSP}: sa page de statut ne signale aucun problème."
                ),
                (false, Some(probes)) => format!("{name} fonctionne{NBSP}: {probes}."),
                (false, None) => format!("{name} fonctionne."),
            }
        }
        Reason::Slow {
            name,
            host,
            latency_ms,
        } => {
            // French writes a decimal comma.
            let took = latency_ms
                .map(|ms| format!(" en {:.1} s", ms as f64 / 1000.0).replace('.', ","))
                .unwrap_or_default();
            format!("{name} est lent{NBSP}: {host} a répondu{took}, au-delà de sa limite.")
        }
        Reason::VendorReports {
            name,
            status,
            title,
        } => {
            let title = quoted_fr(title.as_deref());
            match status {
                Status::Maintenance => {
                    format!("{name} est en maintenance{title}, selon sa page de statut.")
                }
                Status::Degraded => format!(
                    "{name} est perturbé{NBSP}: sa page de statut signale des performances dégradées{title}."
                ),
                Status::PartialOutage => format!(
                    "{name} est partiellement en panne{NBSP}: sa page de statut signale une panne partielle{title}."
                ),
                Status::MajorOutage => format!(
                    "{name} est en panne{NBSP}: sa page de statut signale une panne majeure{title}."
                ),
                Status::Operational => format!(
                    "{name} fonctionne{NBSP}: sa page de statut ne signale aucun problème."
                ),
                Status::Unknown => format!("La page de statut de {name} n'indique pas son état."),
            }
        }
        Reason::Failing {
            name,
            partly,
            host,
            failures,
            since,
            failure,
            vendor,
        } => {
            let down = if *partly {
                "partiellement en panne"
            } else {
                "en panne"
            };
            let checks = if *failures == 1 {
                "vérification"
            } else {
                "vérifications"
            };
            let time = since.with_timezone(&offset).format("%H h %M");
            let vendor = match vendor {
                VendorSays::NoPage => String::new(),
                VendorSays::Unreadable => " Sa page de statut est illisible elle aussi.".into(),
                VendorSays::NoIncident => {
                    format!(" {name} n'a pas encore publié d'incident.")
                }
                VendorSays::Headline(headline) => {
                    format!(" Sa page de statut signale «{NBSP}{headline}{NBSP}».")
                }
                VendorSays::Reports(status) => {
                    let phrase = match status {
                        Status::Degraded => "des performances dégradées",
                        Status::PartialOutage => "une panne partielle",
                        Status::MajorOutage => "une panne majeure",
                        Status::Maintenance => "une maintenance",
                        Status::Operational | Status::Unknown => "aucun problème",
                    };
                    format!(" Sa page de statut signale {phrase}.")
                }
            };
            format!(
                "{name} est {down}{NBSP}: {host} a échoué à {failures} {checks} depuis {time} ({}). Votre connexion fonctionne.{vendor}",
                fr.failure(failure)
            )
        }
        Reason::Unreadable {
            name,
            failures,
            failure,
        } => format!(
            "{name} n'est pas observé{NBSP}: sa page de statut a échoué {failures} fois de suite ({}).",
            fr.failure(failure)
        ),
        Reason::Unclear { name } => format!("La page de statut de {name} n'indique pas son état."),
        Reason::Status { name, status } => {
            format!("{name} est {}.", fr.status_phrase(*status))
        }
        Reason::ChecksOff => "Les vérifications de connexion sont désactivées.".into(),
        Reason::Online { answered, total } => format!(
            "Votre connexion fonctionne ({answered} vérifications sur {total} ont répondu)."
        ),
        Reason::CaptivePortal { sign } => {
            let got = match sign {
                PortalSign::Redirect(to) => format!("une redirection vers {to}"),
                PortalSign::Http(code) => format!("une réponse HTTP {code}"),
                PortalSign::OtherPage => "une autre page que celle attendue".into(),
            };
            format!(
                "Une page de connexion semble vous bloquer (portail captif){NBSP}: les vérifications de connexion ont obtenu {got}."
            )
        }
        Reason::DnsBroken => format!(
            "Votre DNS est en panne{NBSP}: les noms ne se résolvent pas, alors qu'Internet répond par adresse."
        ),
        Reason::Offline { answered, total } => format!(
            "Vous êtes hors ligne{NBSP}: {answered} vérifications de connexion sur {total} ont répondu."
        ),
        Reason::GoingToSleep => "L'ordinateur se met en veille.".into(),
        Reason::Woke => {
            format!("L'ordinateur était en veille{NBSP}; les vérifications reprennent dans un instant.")
        }
    }
}
