//! Whether a YAML mapping is an install manifest, by its top-level keys: the one test the
//! directory walk (on a cheap scan of a file's head) and the `manifest-unrecognized` rule (on
//! the parsed document) share, so that they cannot disagree.

use crate::suggest::nearest;

/// The key that makes a YAML file an install manifest.
pub const INSTALL: &str = "install";

/// The other top-level keys of a manifest: two of them without `install` make a file that was
/// meant to be one.
pub const MANIFEST_KEYS: [&str; 5] = ["version", "account", "cluster", "peering", "organization"];

/// What a mapping's top-level keys say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recognized<'k> {
    /// It has `install`.
    Manifest,
    /// No `install`, but this key is within edit distance 2 of it, in any case (`Install`,
    /// `instal`, `INSTALL`).
    Misspelt(&'k str),
    /// No `install`, but at least two of [`MANIFEST_KEYS`].
    Unnamed,
    /// Some other YAML file.
    Other,
}

impl Recognized<'_> {
    /// Whether the file is checked: a manifest, or one meant to be (reported as unrecognized).
    pub fn is_checked(&self) -> bool {
        !matches!(self, Recognized::Other)
    }
}

/// Whether `key` is a misspelling of `install` (within edit distance 2, any case), but not
/// `install` itself.
pub fn near_install(key: &str) -> bool {
    if key == INSTALL || key.len().abs_diff(INSTALL.len()) > 2 {
        return false;
    }
    if !key.is_ascii() {
        return nearest(key, [INSTALL]).is_some();
    }
    // ASCII, at most 9 bytes: Levenshtein on the stack (this runs on the walk's hot path).
    let word = key.as_bytes();
    let target = INSTALL.as_bytes();
    let mut row = [0usize; 8];
    for (j, cell) in row.iter_mut().enumerate() {
        *cell = j;
    }
    for (i, &a) in word.iter().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        let mut smallest = row[0];
        for (j, &b) in target.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(!a.eq_ignore_ascii_case(&b)))
                .min(above + 1)
                .min(row[j] + 1);
            smallest = smallest.min(row[j + 1]);
            diagonal = above;
        }
        // The distance cannot come back down: most keys end here after a few letters.
        if smallest > 2 {
            return false;
        }
    }
    row[target.len()] <= 2
}

/// Classifies a mapping by its top-level keys, in order.
pub fn recognize<'k>(keys: impl IntoIterator<Item = &'k str>) -> Recognized<'k> {
    let mut misspelt = None;
    let mut known = 0;
    for key in keys {
        if key == INSTALL {
            return Recognized::Manifest;
        }
        if misspelt.is_none() && near_install(key) {
            misspelt = Some(key);
        }
        if MANIFEST_KEYS.contains(&key) {
            known += 1;
        }
    }
    match misspelt {
        Some(key) => Recognized::Misspelt(key),
        None if known >= 2 => Recognized::Unnamed,
        None => Recognized::Other,
    }
}

/// The top-level keys of a YAML text, found without parsing it: a block mapping's keys start
/// a line (plain, single- or double-quoted, then `:`); a flow mapping's (`{a: 1, b: 2}`, the
/// first thing in the file) are read at its first level. Cheap enough for the head of every
/// YAML file a directory walk meets; a key it misreads only costs a file the full check or
/// the skip it would have had anyway.
pub fn top_level_keys(text: &[u8]) -> Vec<&str> {
    let text = text.strip_prefix("\u{feff}".as_bytes()).unwrap_or(text);
    if is_flow(text) {
        flow_keys(text)
    } else {
        text.split(|&b| b == b'\n').filter_map(block_key).collect()
    }
}

/// [`recognize`] over [`top_level_keys`], in one pass that reads a block mapping's keys only up
/// to `install`: the directory walk's test of every YAML file's head.
pub fn recognize_text(text: &[u8]) -> Recognized<'_> {
    let text = text.strip_prefix("\u{feff}".as_bytes()).unwrap_or(text);
    let mut lines = text.split(|&b| b == b'\n');
    let Some(first) = lines.by_ref().find(|line| significant(line)) else {
        return Recognized::Other;
    };
    if first.trim_ascii_start().starts_with(b"{") {
        return recognize(flow_keys(text));
    }
    recognize(std::iter::once(first).chain(lines).filter_map(block_key))
}

/// Not blank, a comment or a document start.
fn significant(line: &[u8]) -> bool {
    let line = line.trim_ascii();
    !line.is_empty() && !line.starts_with(b"#") && line != b"---"
}

/// Whether the first thing in the text (after comments and a `---`) opens a flow mapping.
fn is_flow(text: &[u8]) -> bool {
    text.split(|&b| b == b'\n')
        .find(|line| significant(line))
        .is_some_and(|line| line.trim_ascii_start().starts_with(b"{"))
}

/// The key that starts a line of a block mapping at column 0.
fn block_key(line: &[u8]) -> Option<&str> {
    let first = *line.first()?;
    if first.is_ascii_whitespace() || matches!(first, b'#' | b'-' | b'{' | b'[' | b'.' | b'%') {
        return None;
    }
    let (key, rest) = if first == b'"' || first == b'\'' {
        let end = line[1..].iter().position(|&b| b == first)? + 1;
        (&line[1..end], &line[end + 1..])
    } else {
        let colon = line
            .windows(2)
            .position(|w| w[0] == b':' && (w[1] == b' ' || w[1] == b'\t' || w[1] == b'\r'))
            .or_else(|| line.ends_with(b":").then(|| line.len() - 1))?;
        (line[..colon].trim_ascii_end(), &line[colon..])
    };
    if !rest.trim_ascii_start().starts_with(b":") {
        return None;
    }
    std::str::from_utf8(key).ok()
}

/// The keys at the first level of a flow mapping.
fn flow_keys(text: &[u8]) -> Vec<&str> {
    let mut keys = Vec::new();
    let mut depth = 0usize;
    let mut i = 0;
    // At depth 1, right after `{` or `,`: a key may start.
    let mut expect_key = false;
    while i < text.len() {
        let b = text[i];
        match b {
            b'#' if i == 0 || text[i - 1].is_ascii_whitespace() => {
                while i < text.len() && text[i] != b'\n' {
                    i += 1;
                }
                continue;
            }
            b'"' | b'\'' => {
                let start = i + 1;
                let end = text[start..]
                    .iter()
                    .position(|&c| c == b)
                    .map_or(text.len(), |p| start + p);
                if expect_key && depth == 1 {
                    if let Ok(key) = std::str::from_utf8(&text[start..end]) {
                        keys.push(key);
                    }
                    expect_key = false;
                }
                i = end + 1;
                continue;
            }
            b'{' | b'[' => {
                depth += 1;
                expect_key = depth == 1 && b == b'{';
            }
            b'}' | b']' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            b',' => expect_key = depth == 1,
            _ if b.is_ascii_whitespace() => {}
            _ if expect_key && depth == 1 => {
                let start = i;
                while i < text.len() && !matches!(text[i], b':' | b',' | b'}' | b'\n') {
                    i += 1;
                }
                if let Ok(key) = std::str::from_utf8(text[start..i].trim_ascii_end()) {
                    keys.push(key);
                }
                expect_key = false;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;

    fn of(text: &str) -> Recognized<'_> {
        let found = recognize_text(text.as_bytes());
        assert_eq!(found, recognize(top_level_keys(text.as_bytes())), "{text}");
        found
    }

    #[test]
    fn block_manifests_and_near_misses() {
        assert_eq!(of("version: 1\ninstall: hybrid\n"), Recognized::Manifest);
        assert_eq!(of("\"install\": hybrid\n"), Recognized::Manifest);
        assert_eq!(of("'install' : hybrid\n"), Recognized::Manifest);
        assert_eq!(
            of("version: 1\nInstall: hybrid\n"),
            Recognized::Misspelt("Install")
        );
        assert_eq!(of("INSTALL: hybrid\n"), Recognized::Misspelt("INSTALL"));
        assert_eq!(of("instal: hybrid\n"), Recognized::Misspelt("instal"));
        assert_eq!(of("installs: hybrid\n"), Recognized::Misspelt("installs"));
        assert_eq!(of("version: 1\ncluster:\n  name: a\n"), Recognized::Unnamed);
        assert_eq!(of("version: 1\nname: a\n"), Recognized::Other);
        // Nested keys and list items are not top-level.
        assert_eq!(
            of("steps:\n  install: x\n- install: y\n"),
            Recognized::Other
        );
        assert_eq!(of("# install: hybrid\nkind: Pod\n"), Recognized::Other);
        assert_eq!(of("\u{feff}install: hybrid\n"), Recognized::Manifest);
        assert_eq!(of("url: http://x\n"), Recognized::Other);
        // Far from `install`.
        assert!(!near_install("instructions"));
        assert!(!near_install("install"));
        assert!(near_install("Instll"));
        for (key, near) in [
            ("instal", true),
            ("INSTALL", true),
            ("installer", true),
            ("instant", true),
            ("inst", false),
            ("uninstall", true),
            ("version", false),
            ("account", false),
            ("installé", true),
        ] {
            assert_eq!(near_install(key), near, "{key}");
            assert_eq!(
                near_install(key),
                key != INSTALL && nearest(key, [INSTALL]).is_some(),
                "{key}"
            );
        }
    }

    #[test]
    fn flow_manifests() {
        assert_eq!(
            of("{version: 1, install: hybrid, account: {id: \"1\"}}\n"),
            Recognized::Manifest
        );
        assert_eq!(
            of("# a manifest\n{\n  \"version\": 1,\n  \"install\": \"hybrid\"\n}\n"),
            Recognized::Manifest
        );
        assert_eq!(
            of("{version: 1, Install: hybrid}\n"),
            Recognized::Misspelt("Install")
        );
        assert_eq!(
            of("{version: 1, cluster: {install: x}, account: {}}"),
            Recognized::Unnamed
        );
        assert_eq!(of("{a: 1}"), Recognized::Other);
    }
}
