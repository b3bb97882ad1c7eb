//! Where in the config's text a mistake is, for errors that name a line.

pub(crate) fn line_and_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before
        .rsplit('\n')
        .next()
        .map_or(0, |tail| tail.chars().count())
        + 1;
    (line, column)
}

/// Where `key = …` is written in the `[[services.sources]]` table (or inline
/// table) that holds `url`, skipping comments.
pub(super) fn source_key_offset(text: &str, url: &str, key: &str) -> Option<usize> {
    let url_at = text.find(&format!("\"{url}\""))?;
    let start = text[..url_at].rfind("[[").unwrap_or(0);
    let end = text[url_at..]
        .find("[[")
        .map_or(text.len(), |end| url_at + end);
    let region = &text[start..end];
    region.match_indices(key).find_map(|(at, _)| {
        let before = &region[..at];
        let line_start = before.rfind('\n').map_or(0, |n| n + 1);
        let separated = before
            .chars()
            .next_back()
            .filter(|&c| !(c.is_whitespace() || c == '{' || c == ','))
            .is_none();
        let assigned = region[at + key.len()..]
            .trim_start_matches([' ', '\t'])
            .starts_with('=');
        (separated && assigned && !before[line_start..].contains('#')).then_some(start + at)
    })
}
