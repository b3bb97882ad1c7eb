//! Services that were in the catalog and whose vendor has since shut them
//! down. A config written when they existed still names them: it must keep
//! loading, the rest of it watched as before, and say plainly why that one
//! service is no longer watched (the file itself is left as it is).

use serde::Serialize;

/// A retired service named in the config, left out of what is watched.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RetiredService {
    pub id: String,
    /// Line of its `[[services]]` id in the file.
    pub line: usize,
    /// Why, in English, for logs and the command line.
    pub message: String,
    /// The catalog id that watches what replaced it, if anything did.
    pub successor: Option<String>,
    /// That entry's name as the catalog gives it ("Microsoft Teams (free)").
    pub successor_name: Option<String>,
}

/// Id, why (English), and the catalog id of what replaced it.
// Microsoft ended Skype on 5 May 2025 and moved its users to Teams (Free):
// https://www.skype.com/en/ (the shutdown notice); the catalog's part
// `microsoft-teams` watches Teams (free).
pub const RETIRED: &[(&str, &str, Option<&str>)] = &[(
    "skype",
    "Microsoft retired Skype on 5 May 2025",
    Some("microsoft-teams"),
)];

/// Why `id` is no longer in the catalog, if its vendor retired it, and the
/// catalog id of what replaced it.
pub fn why_retired(id: &str) -> Option<(&'static str, Option<&'static str>)> {
    RETIRED
        .iter()
        .find(|(retired, _, _)| *retired == id)
        .map(|(_, why, successor)| (*why, *successor))
}

impl std::fmt::Display for RetiredService {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "line {}: service {} is no longer watched: {}",
            self.line, self.id, self.message
        )?;
        match &self.successor {
            Some(successor) => write!(f, "; {successor} watches what replaced it"),
            None => Ok(()),
        }
    }
}
