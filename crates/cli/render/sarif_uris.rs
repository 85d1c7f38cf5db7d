//! What GitHub code scanning asks of a SARIF log beyond the schema: artifact URIs relative to
//! `%SRCROOT%` (the working directory, declared in `originalUriBaseIds`), a file name that is
//! not UTF-8 percent-encoded from its bytes, at most 25,000 results in a run, a friendly name
//! per rule.

use std::path::{Component, Path, PathBuf};

use astro_preflight_linter::Severity;

use super::log::{ArtifactLocation, OriginalUriBaseIds};

/// The URI base of every relative artifact URI: the directory the tool ran in.
pub const SRCROOT: &str = "%SRCROOT%";

/// A path with `.` and `..` resolved without touching the file system (`..` at the root stays
/// at the root).
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() && !path.has_root() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// `originalUriBaseIds`: `%SRCROOT%` as an absolute `file:` URI ending in `/`.
pub fn base_ids(root: Option<&Path>) -> OriginalUriBaseIds {
    OriginalUriBaseIds {
        srcroot: root.filter(|r| r.is_absolute()).map(|root| {
            let mut uri = file_uri(root);
            if !uri.ends_with('/') {
                uri.push('/');
            }
            absolute(uri)
        }),
    }
}

fn absolute(uri: String) -> ArtifactLocation {
    ArtifactLocation {
        uri,
        uri_base_id: None,
    }
}

fn under_srcroot(relative: &Path) -> ArtifactLocation {
    ArtifactLocation {
        uri: relative_uri(relative),
        uri_base_id: Some(SRCROOT),
    }
}

/// A reported input as a SARIF artifact location. `file` is its path as given (bytes kept),
/// `reported` the name shown (the only one standard input has). A path that lies under `root`
/// becomes a URI reference relative to `%SRCROOT%`; any other absolute path a `file:` URI.
pub fn artifact_location(
    reported: &str,
    file: Option<&Path>,
    root: Option<&Path>,
) -> ArtifactLocation {
    let path = file.map_or_else(|| PathBuf::from(reported), Path::to_path_buf);
    let absolute = match root {
        Some(root) if !path.is_absolute() => normalize(&root.join(&path)),
        _ => normalize(&path),
    };
    if let Some(relative) = root.and_then(|root| absolute.strip_prefix(root).ok()) {
        return under_srcroot(relative);
    }
    // Through a symbolic link (macOS's /tmp, a linked checkout): compare the real paths.
    if let (Some(root), Some(file)) = (root.and_then(|r| std::fs::canonicalize(r).ok()), file)
        && let Ok(real) = std::fs::canonicalize(file)
        && let Ok(relative) = real.strip_prefix(&root)
    {
        return under_srcroot(relative);
    }
    if absolute.is_absolute() {
        return self::absolute(file_uri(&absolute));
    }
    // No working directory to resolve against: relative to it all the same.
    under_srcroot(&absolute)
}

/// The bytes of a path component: as stored on Unix, UTF-8 elsewhere.
fn bytes(part: &std::ffi::OsStr) -> Vec<u8> {
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        part.as_bytes().to_vec()
    }
    #[cfg(not(unix))]
    {
        part.to_string_lossy().into_owned().into_bytes()
    }
}

/// The segments of a path, each percent-encoded, joined by `/`.
fn relative_uri(path: &Path) -> String {
    let segments: Vec<String> = path
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(encode_segment(&bytes(part))),
            Component::ParentDir => Some("..".to_owned()),
            _ => None,
        })
        .collect();
    let uri = segments.join("/");
    // A relative reference whose first segment holds a `:` would read as a scheme; encoded
    // by `encode_segment` already, so this only guards the empty reference.
    if uri.is_empty() { ".".to_owned() } else { uri }
}

/// `file:///…` for an absolute path (a drive letter kept as `C:` on Windows).
fn file_uri(path: &Path) -> String {
    let mut uri = String::from("file://");
    for component in path.components() {
        match component {
            Component::Prefix(prefix) => {
                uri.push('/');
                uri.push_str(&prefix.as_os_str().to_string_lossy().replace('\\', "/"));
            }
            Component::RootDir => {}
            Component::Normal(part) => {
                uri.push('/');
                uri.push_str(&encode_segment(&bytes(part)));
            }
            Component::ParentDir => uri.push_str("/.."),
            Component::CurDir => {}
        }
    }
    if uri == "file://" {
        uri.push('/');
    }
    uri
}

/// Percent-encodes every byte that may not stand as itself in a URI path segment: all but the
/// unreserved characters and the sub-delimiters (`:` too, so that no first segment looks like
/// a scheme). Bytes that are not UTF-8 are encoded as they are (`%FF`).
fn encode_segment(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len());
    for &b in bytes {
        let keep = b.is_ascii_alphanumeric()
            || matches!(
                b,
                b'-' | b'.'
                    | b'_'
                    | b'~'
                    | b'!'
                    | b'$'
                    | b'&'
                    | b'\''
                    | b'('
                    | b')'
                    | b'*'
                    | b'+'
                    | b','
                    | b';'
                    | b'='
                    | b'@'
            );
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// At most `max` results: the most severe, in their order. GitHub keeps only so many of a run.
pub fn most_severe<T>(results: Vec<(Severity, T)>, max: usize) -> Vec<T> {
    if results.len() <= max {
        return results.into_iter().map(|(_, v)| v).collect();
    }
    let rank = |s: Severity| match s {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    };
    let mut order: Vec<usize> = (0..results.len()).collect();
    order.sort_by_key(|&i| (rank(results[i].0), i));
    let mut keep = vec![false; results.len()];
    for &i in &order[..max] {
        keep[i] = true;
    }
    results
        .into_iter()
        .zip(keep)
        .filter(|(_, k)| *k)
        .map(|((_, v), _)| v)
        .collect()
}

/// A rule's friendly name, a Pascal identifier as SARIF asks: `cidr-too-small` is
/// `CidrTooSmall`. A name must differ from the ID even in case (SARIF1001), so a one-word ID
/// gets a second word: `schema` is `SchemaViolation`.
pub fn friendly_name(id: &str) -> String {
    let name = pascal(id);
    if name.eq_ignore_ascii_case(id) {
        name + "Violation"
    } else {
        name
    }
}

fn pascal(id: &str) -> String {
    id.split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::{Value, json};

    use super::*;

    #[test]
    fn paths_under_the_root_are_relative_to_srcroot() {
        let root = Path::new("/work/repo");
        let at = |reported: &str, file: Option<&str>| {
            json!(artifact_location(reported, file.map(Path::new), Some(root)))
        };
        assert_eq!(
            at("examples/a b.yaml", Some("examples/a b.yaml")),
            json!({"uri": "examples/a%20b.yaml", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            at("/work/repo/x/m.yaml", Some("/work/repo/./x/../x/m.yaml")),
            json!({"uri": "x/m.yaml", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(
            at("<stdin>", None),
            json!({"uri": "%3Cstdin%3E", "uriBaseId": "%SRCROOT%"})
        );
        assert_eq!(at("c:d/é#?.yaml", None)["uri"], "c%3Ad/%C3%A9%23%3F.yaml");
        // Outside the root: an absolute `file:` URI.
        assert_eq!(
            at("../other/m.yaml", Some("../other/m.yaml")),
            json!({"uri": "file:///work/other/m.yaml"})
        );
        assert_eq!(
            at("/tmp/x y.yaml", Some("/tmp/x y.yaml")),
            json!({"uri": "file:///tmp/x%20y.yaml"})
        );
        assert_eq!(
            json!(base_ids(Some(root))),
            json!({"%SRCROOT%": {"uri": "file:///work/repo/"}})
        );
        assert_eq!(
            json!(base_ids(Some(Path::new("/")))),
            json!({"%SRCROOT%": {"uri": "file:///"}})
        );
        assert_eq!(json!(base_ids(None)), json!({}));
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_are_encoded_from_their_bytes() {
        use std::ffi::OsStr;
        use std::os::unix::ffi::OsStrExt;
        let file = Path::new(OsStr::from_bytes(b"dir/m\xff\xfe.yaml"));
        let location =
            artifact_location(&file.to_string_lossy(), Some(file), Some(Path::new("/r")));
        assert_eq!(location.uri, "dir/m%FF%FE.yaml");
    }

    #[test]
    fn the_most_severe_results_are_kept_in_order() {
        let results: Vec<(Severity, Value)> = vec![
            (Severity::Info, json!(0)),
            (Severity::Error, json!(1)),
            (Severity::Warning, json!(2)),
            (Severity::Error, json!(3)),
            (Severity::Info, json!(4)),
        ];
        assert_eq!(
            most_severe(results.clone(), 3),
            vec![json!(1), json!(2), json!(3)]
        );
        assert_eq!(most_severe(results.clone(), 2), vec![json!(1), json!(3)]);
        assert_eq!(most_severe(results, 9).len(), 5);
    }

    #[test]
    fn friendly_names_are_pascal_identifiers() {
        assert_eq!(friendly_name("cidr-too-small"), "CidrTooSmall");
        assert_eq!(friendly_name("schema"), "SchemaViolation");
    }
}
