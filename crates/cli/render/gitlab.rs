//! `--format gitlab`: a GitLab Code Quality report, for the merge request widget and the
//! pipeline's Code Quality tab (`artifacts: reports: codequality:`).
//!
//! An array of issues, each exactly the fields GitLab documents:
//!
//! ```json
//! [{ "description": "…", "check_name": "cidr-too-small", "fingerprint": "…",
//!    "severity": "major", "location": { "path": "manifests/prod.yaml", "lines": { "begin": 7 } } }]
//! ```
//!
//! Severities: error → `major`, warning → `minor`, info → `info`. Paths are relative to the
//! working directory (GitLab resolves them against the repository root, where the job runs).
//! The fingerprint, which GitLab uses to tell new issues from fixed ones between the source and
//! target branches, is a SHA-256 of the path, the rule, the JSON pointer and the message (and
//! the rank of an identical finding, to keep them unique), not of the line, so that a finding
//! does not look new because lines were added above it.

use std::collections::HashMap;
use std::io::{self, Write};
use std::path::Path;

use astro_preflight_linter::{Diagnostic, Severity};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::{rule_id, sanitize_message};
use crate::report::Report;

/// GitLab's name for a severity (GitLab knows info, minor, major, critical, blocker).
pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "major",
        Severity::Warning => "minor",
        Severity::Info => "info",
    }
}

/// The check name of an input that could not be read.
const TOOL_CHECK: &str = "astro-preflight";

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    super::write_json(out, &issues(report))
}

/// The whole report as Code Quality issues.
pub fn issues(report: &Report) -> Value {
    let cwd = std::env::current_dir().ok();
    let mut fingerprints = Fingerprints::default();
    let mut issues = Vec::new();
    for outcome in &report.outcomes {
        let path = relative_path(&outcome.path, cwd.as_deref());
        match &outcome.result {
            Ok(file) => {
                for d in &file.diagnostics {
                    issues.push(issue(&path, d, &mut fingerprints));
                }
            }
            Err(message) => {
                let description =
                    format!("{path} could not be read: {}", sanitize_message(message));
                issues.push(json!({
                    "description": description,
                    "check_name": TOOL_CHECK,
                    "fingerprint": fingerprints.next(&[&path, TOOL_CHECK, "", &description]),
                    "severity": severity(Severity::Error),
                    "location": { "path": path, "lines": { "begin": 1 } },
                }));
            }
        }
    }
    Value::Array(issues)
}

fn issue(path: &str, d: &Diagnostic, fingerprints: &mut Fingerprints) -> Value {
    let id = rule_id(d);
    let mut description = sanitize_message(&d.finding.message);
    if let Some(help) = &d.finding.help {
        description.push_str(&format!(" (help: {})", sanitize_message(help)));
    }
    json!({
        "description": description,
        "check_name": id,
        "fingerprint": fingerprints.next(&[path, id, &d.finding.pointer, &d.finding.message]),
        "severity": severity(d.severity),
        "location": { "path": path, "lines": { "begin": d.finding.location.start.line.max(1) } },
    })
}

/// Fingerprints unique within a report: identical findings get their rank hashed in.
#[derive(Default)]
struct Fingerprints {
    seen: HashMap<String, usize>,
}

impl Fingerprints {
    fn next(&mut self, parts: &[&str]) -> String {
        let mut hasher = Sha256::new();
        for part in parts {
            // Length-prefixed, so that no two different lists of parts hash the same bytes.
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part.as_bytes());
        }
        let mut hex: String = hasher
            .finalize()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        let rank = self.seen.entry(hex.clone()).or_insert(0);
        *rank += 1;
        if *rank > 1 {
            let mut again = Sha256::new();
            again.update(hex.as_bytes());
            again.update((*rank as u64).to_le_bytes());
            hex = again
                .finalize()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
        }
        hex
    }
}

/// A reported path relative to the working directory, with `/` separators: absolute paths
/// under the working directory lose its prefix (others stay absolute: there is nothing to
/// make them relative to), a leading `./` is dropped.
pub fn relative_path(path: &str, cwd: Option<&Path>) -> String {
    let p = Path::new(path);
    let relative = match cwd {
        Some(cwd) if p.is_absolute() => p.strip_prefix(cwd).unwrap_or(p),
        _ => p,
    };
    let mut s = relative.to_string_lossy().into_owned();
    if std::path::MAIN_SEPARATOR == '\\' {
        s = s.replace('\\', "/");
    }
    while let Some(rest) = s.strip_prefix("./") {
        s = rest.to_owned();
    }
    if s.is_empty() { ".".to_owned() } else { s }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_made_relative_to_the_working_directory() {
        let cwd = Path::new("/work/repo");
        assert_eq!(
            relative_path("/work/repo/manifests/a.yaml", Some(cwd)),
            "manifests/a.yaml"
        );
        assert_eq!(
            relative_path("./manifests/a.yaml", Some(cwd)),
            "manifests/a.yaml"
        );
        assert_eq!(relative_path("manifests/a.yaml", None), "manifests/a.yaml");
        assert_eq!(
            relative_path("/elsewhere/a.yaml", Some(cwd)),
            "/elsewhere/a.yaml"
        );
        assert_eq!(relative_path("<stdin>", Some(cwd)), "<stdin>");
    }

    #[test]
    fn identical_findings_get_different_fingerprints() {
        let mut f = Fingerprints::default();
        let a = f.next(&["a.yaml", "rule", "/x", "m"]);
        let b = f.next(&["a.yaml", "rule", "/x", "m"]);
        let c = f.next(&["a.yaml", "rule", "/x", "m"]);
        assert_ne!(a, b);
        assert_ne!(b, c);
        assert_ne!(a, c);
        assert_eq!(a.len(), 64);
        // Stable: a new run gives the same sequence.
        let mut g = Fingerprints::default();
        assert_eq!(g.next(&["a.yaml", "rule", "/x", "m"]), a);
        assert_eq!(g.next(&["a.yaml", "rule", "/x", "m"]), b);
        // Part boundaries matter.
        assert_ne!(g.next(&["ab", "c"]), g.next(&["a", "bc"]));
    }
}
