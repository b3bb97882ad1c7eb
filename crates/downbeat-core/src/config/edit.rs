//! Changing the config file the way a person would: the settings page's
//! edits keep every comment and the layout, and nothing is written unless
//! the result is a valid config.

use super::{write_atomically, AlertLevel, Config, ConfigError};
use crate::config::catalog::Catalog;
use std::path::Path;
use toml_edit::{value, Array, ArrayOfTables, DocumentMut, Item, Table};

/// A config file's text, open for editing.
pub struct ConfigEditor {
    doc: DocumentMut,
}

impl ConfigEditor {
    pub fn parse(text: &str) -> Result<ConfigEditor, String> {
        text.parse::<DocumentMut>()
            .map(|doc| ConfigEditor { doc })
            .map_err(|error| error.message().to_owned())
    }

    pub fn text(&self) -> String {
        self.doc.to_string()
    }

    fn services(&mut self) -> Result<&mut ArrayOfTables, String> {
        let services = self
            .doc
            .entry("services")
            .or_insert(Item::ArrayOfTables(ArrayOfTables::new()));
        services
            .as_array_of_tables_mut()
            .ok_or_else(|| "`services` is not a list of [[services]] tables".to_owned())
    }

    fn service(&mut self, id: &str) -> Result<&mut Table, String> {
        self.services()?
            .iter_mut()
            .find(|table| table.get("id").and_then(Item::as_str) == Some(id))
            .ok_or_else(|| format!("no service {id:?} in the config"))
    }

    /// Add a service: a catalog id alone, or with its name and one source.
    pub fn add_service(
        &mut self,
        id: &str,
        name: Option<&str>,
        source: Option<(&str, &str)>,
    ) -> Result<(), String> {
        if self.service(id).is_ok() {
            return Err(format!("{id:?} is already watched"));
        }
        let mut table = Table::new();
        table.insert("id", value(id));
        if let Some(name) = name {
            table.insert("name", value(name));
        }
        if let Some((kind, url)) = source {
            let mut source = Table::new();
            source.insert("kind", value(kind));
            source.insert("url", value(url));
            let mut sources = ArrayOfTables::new();
            sources.push(source);
            table.insert("sources", Item::ArrayOfTables(sources));
        }
        self.services()?.push(table);
        Ok(())
    }

    pub fn remove_service(&mut self, id: &str) -> Result<(), String> {
        let services = self.services()?;
        let index = services
            .iter()
            .position(|table| table.get("id").and_then(Item::as_str) == Some(id))
            .ok_or_else(|| format!("no service {id:?} in the config"))?;
        services.remove(index);
        Ok(())
    }

    /// A service's alert level; `None` follows `[notifications]`. The old
    /// `muted` key goes: `alerts` says it now.
    pub fn set_alerts(&mut self, id: &str, level: Option<AlertLevel>) -> Result<(), String> {
        let service = self.service(id)?;
        service.remove("muted");
        match level {
            Some(level) => {
                service.insert("alerts", value(level.as_str()));
            }
            None => {
                service.remove("alerts");
            }
        }
        Ok(())
    }

    /// Watch only these components; none means all of them.
    pub fn set_components(&mut self, id: &str, components: &[String]) -> Result<(), String> {
        let service = self.service(id)?;
        if components.is_empty() {
            service.remove("components");
        } else {
            let list: Array = components.iter().map(String::as_str).collect();
            service.insert("components", value(list));
        }
        Ok(())
    }

    /// Set `key` of `[section]` (e.g. general.interval); `None` removes it.
    pub fn set(
        &mut self,
        section: &str,
        key: &str,
        new: Option<toml_edit::Value>,
    ) -> Result<(), String> {
        let table = self
            .doc
            .entry(section)
            .or_insert(Item::Table(Table::new()))
            // An inline `general = { … }` is a table too.
            .as_table_like_mut()
            .ok_or_else(|| format!("`{section}` is not a [{section}] table"))?;
        match new {
            Some(mut new) => {
                // Keep the comment after the old value ("# a minute").
                if let Some(old) = table.get(key).and_then(Item::as_value) {
                    *new.decor_mut() = old.decor().clone();
                }
                table.insert(key, Item::Value(new));
            }
            None => {
                table.remove(key);
            }
        }
        Ok(())
    }
}

/// Why a settings change was not saved.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    Config(#[from] ConfigError),
}

/// Read the config at `path`, apply `change`, check the result is a valid
/// config, and only then write it (atomically). Returns the new config.
pub fn update(
    path: &Path,
    catalog: &Catalog,
    change: impl FnOnce(&mut ConfigEditor) -> Result<(), String>,
) -> Result<Config, EditError> {
    let io = |source| ConfigError::Io {
        path: path.to_owned(),
        source,
    };
    let text = crate::config::utf8(crate::config::read_config_file(path).map_err(io)?, path)?;
    let mut editor = ConfigEditor::parse(&text).map_err(EditError::Refused)?;
    change(&mut editor).map_err(EditError::Refused)?;
    let new_text = editor.text();
    let config = Config::parse(&new_text, path, catalog)?;
    write_atomically(path, &new_text).map_err(io)?;
    Ok(config)
}

#[cfg(test)]
#[allow(clippy::expect_used, clippy::unwrap_used)]
mod tests {
    use super::*;

    const TEXT: &str = "# My services\n[general]\ninterval = \"60s\" # a minute\n\n[[services]]\nid = \"github\"\n";

    #[test]
    fn edits_keep_comments_and_a_bad_edit_writes_nothing() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config.toml");
        std::fs::write(&path, TEXT).expect("write");
        let catalog = Catalog::builtin();
        let config = update(&path, &catalog, |edit| {
            edit.add_service(
                "my-api",
                Some("My API"),
                Some(("http", "http://127.0.0.1:9/health")),
            )?;
            edit.set_alerts("github", Some(AlertLevel::Off))?;
            edit.set_components("github", &["Git Operations".to_owned()])?;
            edit.set("general", "interval", Some("5m".into()))
        })
        .expect("update");
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(text.starts_with("# My services\n"), "{text}");
        assert!(text.contains("interval = \"5m\" # a minute"), "{text}");
        assert_eq!(config.services.len(), 2);
        assert!(config.services[0].muted());
        assert!(text.contains("alerts = \"off\""), "{text}");
        assert_eq!(config.services[0].components, ["Git Operations"]);
        assert_eq!(config.services[1].name, "My API");
        assert_eq!(config.general.interval, std::time::Duration::from_secs(300));

        let before = std::fs::read(&path).expect("read");
        let refused = update(&path, &catalog, |edit| {
            edit.set("general", "interval", Some("soon".into()))
        });
        assert!(
            matches!(refused, Err(EditError::Config(_))),
            "an invalid result is refused"
        );
        let twice = update(&path, &catalog, |edit| {
            edit.add_service("github", None, None)
        });
        assert!(twice.is_err_and(|e| e.to_string().contains("already watched")));
        assert_eq!(
            std::fs::read(&path).expect("read"),
            before,
            "nothing written"
        );

        update(&path, &catalog, |edit| {
            edit.remove_service("my-api")?;
            edit.set_alerts("github", None)?;
            edit.set_components("github", &[])
        })
        .expect("undo");
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(
            !text.contains("my-api") && !text.contains("alerts") && !text.contains("components"),
            "{text}"
        );
    }

    #[test]
    fn an_old_muted_service_reads_as_alerts_off_and_is_rewritten_as_alerts() {
        let dir = tempfile::tempdir().expect("tempdir");
        let path = dir.path().join("config.toml");
        let old = "[[services]]\nid = \"github\"\nmuted = true # quiet, please\n\n[[services]]\nid = \"slack\"\nalerts = \"outages\"\n";
        std::fs::write(&path, old).expect("write");
        let catalog = Catalog::builtin();
        let config = Config::parse(old, &path, &catalog).expect("old config");
        assert_eq!(config.services[0].alerts, Some(AlertLevel::Off));
        assert_eq!(config.services[1].alerts, Some(AlertLevel::Outages));
        let config = update(&path, &catalog, |edit| {
            edit.set_alerts("github", Some(AlertLevel::All))?;
            edit.set_alerts("slack", None)
        })
        .expect("update");
        let text = std::fs::read_to_string(&path).expect("read");
        assert!(!text.contains("muted"), "{text}");
        assert!(text.contains("alerts = \"all\""), "{text}");
        assert_eq!(text.matches("alerts").count(), 1, "{text}");
        assert_eq!(config.services[0].alerts, Some(AlertLevel::All));
        assert_eq!(config.services[1].alerts, None);

        let both = "[[services]]\nid = \"github\"\nalerts = \"all\"\nmuted = true\n";
        match Config::parse(both, &path, &catalog) {
            Err(ConfigError::Invalid { line, message, .. }) => {
                assert_eq!(line, 4, "{message}");
                assert!(message.contains("keep alerts only"), "{message}");
            }
            other => panic!("both muted and alerts: {other:?}"),
        }
        let bad = "[[services]]\nid = \"github\"\nalerts = \"some\"\n";
        match Config::parse(bad, &path, &catalog) {
            Err(ConfigError::Invalid { line, message, .. }) => {
                assert_eq!(line, 3, "{message}");
                assert!(message.contains("outages"), "{message}");
            }
            other => panic!("a bad level: {other:?}"),
        }
    }
}
