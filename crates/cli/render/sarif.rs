//! `--format sarif`: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
//!
//! One run; the driver lists every rule (descriptions and help from the rule documentation,
//! help URI into `docs/rules/`, default level); one result per diagnostic. Columns are ours:
//! 1-based Unicode scalar values, end exclusive, so the run says `columnKind:
//! "unicodeCodePoints"`. Inputs that could not be read are tool execution notifications, and
//! the invocation carries the exit code.

use std::io::{self, Write};
use std::path::Path;

use astro_preflight_linter::{docs, registry, Diagnostic, OnlineStatus, Rule, RuleKind, Severity};
use astro_preflight_manifest::Location;
use serde_json::{json, Map, Value};

use crate::report::Report;

/// The schema URI of the OASIS SARIF 2.1.0 standard (errata 01).
pub const SCHEMA_URI: &str = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Where a rule's documentation is published.
pub fn help_uri(rule: &Rule) -> String {
    format!("{}/blob/main/docs/rules/{}.md", env!("CARGO_PKG_REPOSITORY"), rule.id)
}

/// SARIF's name for a severity.
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    super::write_json(out, &log(report))
}

/// The whole SARIF log of a report.
pub fn log(report: &Report) -> Value {
    let rules = registry::all();
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for outcome in &report.outcomes {
        match &outcome.result {
            Ok(file) => {
                let lines = file.diagnostics.iter().any(|d| d.fix.is_some()).then(|| astro_preflight_manifest::LineIndex::new(&file.source));
                for d in &file.diagnostics {
                    let mut value = result(&outcome.path, d, rules);
                    if let (Some(fix), Some(lines)) = (&d.fix, &lines) {
                        value["fixes"] = super::fixes::sarif_fixes(&outcome.path, &file.source, lines, fix);
                    }
                    results.push(value);
                }
            }
            Err(message) => notifications.push(json!({
                "level": "error",
                "message": { "text": format!("{}: {message}", outcome.path) },
                "locations": [{ "physicalLocation": { "artifactLocation": artifact_location(&outcome.path) } }],
            })),
        }
    }

    let summary = &report.summary;
    let exit_code = report.exit_code();
    let mut invocation = Map::new();
    invocation.insert("executionSuccessful".into(), Value::Bool(exit_code != 2));
    invocation.insert("exitCode".into(), json!(exit_code));
    if !notifications.is_empty() {
        invocation.insert("toolExecutionNotifications".into(), Value::Array(notifications));
    }
    if !report.notes.is_empty() {
        let notes: Vec<Value> =
            report.notes.iter().map(|note| json!({ "level": "note", "message": { "text": note } })).collect();
        invocation.insert("toolConfigurationNotifications".into(), Value::Array(notes));
    }

    json!({
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {
                "driver": {
                    "name": "astro-preflight",
                    "version": env!("CARGO_PKG_VERSION"),
                    "semanticVersion": env!("CARGO_PKG_VERSION"),
                    "informationUri": env!("CARGO_PKG_REPOSITORY"),
                    "rules": rules.iter().map(|r| descriptor(r)).collect::<Vec<_>>(),
                }
            },
            "columnKind": "unicodeCodePoints",
            "invocations": [Value::Object(invocation)],
            "results": results,
            "properties": {
                "summary": {
                    "files": summary.files,
                    "errors": summary.errors,
                    "warnings": summary.warnings,
                    "infos": summary.infos,
                    "suppressed": summary.suppressed,
                }
            }
        }]
    })
}

/// A rule as a SARIF reporting descriptor.
fn descriptor(rule: &Rule) -> Value {
    json!({
        "id": rule.id,
        "shortDescription": { "text": rule.summary() },
        "fullDescription": { "text": full_description(rule) },
        "help": { "text": rule.documentation(), "markdown": docs::rule_page(rule) },
        "helpUri": help_uri(rule),
        "defaultConfiguration": { "level": level(rule.default_severity) },
        "properties": {
            "tags": [rule.kind.as_str()],
            "suppressible": rule.suppressible,
        },
    })
}

/// What the rule checks and why: the documentation up to its example, as plain paragraphs.
fn full_description(rule: &Rule) -> String {
    let doc = rule.documentation();
    let mut paragraphs = Vec::new();
    let mut skipping = false;
    for paragraph in doc.split("\n\n") {
        let mut paragraph = paragraph.trim();
        if let Some(heading) = paragraph.strip_prefix("## ") {
            // Keep the prose sections; the example and the sources are in `help`.
            let (heading, rest) = heading.split_once('\n').unwrap_or((heading, ""));
            skipping = !matches!(heading.trim(), "What it checks" | "Why");
            paragraph = rest.trim();
        }
        if !skipping && !paragraph.is_empty() {
            paragraphs.push(paragraph.replace('\n', " "));
        }
    }
    paragraphs.join("\n\n")
}

fn result(path: &str, d: &Diagnostic, rules: &[&Rule]) -> Value {
    let mut text = escape_message(&d.message);
    if !d.related.is_empty() {
        let links: Vec<String> = d.related.iter().enumerate().map(|(i, r)| format!("[{}]({})", escape_message(&r.message), i + 1)).collect();
        text.push_str(&format!(" (see {})", links.join(", ")));
    }
    let mut properties = Map::new();
    properties.insert("pointer".into(), Value::String(d.pointer.clone()));
    if let Some(help) = &d.help {
        properties.insert("help".into(), Value::String(help.clone()));
    }
    // The structured evidence (`data.resources`...), as in JSON.
    if let Some(Value::Object(data)) = &d.data {
        properties.extend(data.clone());
    }
    let mut value = json!({
        "ruleId": d.rule.id,
        "level": level(d.severity),
        "message": { "text": text },
        "locations": [{ "physicalLocation": physical_location(path, &d.location) }],
        "properties": properties,
    });
    if let Some(index) = rules.iter().position(|r| *r == d.rule) {
        value["ruleIndex"] = json!(index);
    }
    if !d.related.is_empty() {
        value["relatedLocations"] = d
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| {
                json!({
                    "id": i + 1,
                    "physicalLocation": physical_location(path, &r.location),
                    "message": { "text": r.message },
                    "properties": { "pointer": r.pointer },
                })
            })
            .collect();
    }
    value
}

fn physical_location(path: &str, location: &Location) -> Value {
    json!({
        "artifactLocation": artifact_location(path),
        "region": {
            "startLine": location.start.line.max(1),
            "startColumn": location.start.column.max(1),
            "endLine": location.end.line.max(location.start.line).max(1),
            "endColumn": location.end.column.max(1),
        }
    })
}

/// A reported path as a SARIF artifact location: a relative URI reference against the
/// source root (`%SRCROOT%`), which is what GitHub expects, or a `file:` URI for an absolute
/// path.
pub fn artifact_location(path: &str) -> Value {
    let slashed = if std::path::MAIN_SEPARATOR == '\\' { path.replace('\\', "/") } else { path.to_owned() };
    if Path::new(path).is_absolute() {
        let rooted = if slashed.starts_with('/') { slashed } else { format!("/{slashed}") };
        json!({ "uri": format!("file://{}", percent_encode(&rooted, true)) })
    } else {
        json!({ "uri": percent_encode(&slashed, false), "uriBaseId": "%SRCROOT%" })
    }
}

/// Percent-encodes every byte of a path that may not stand as itself in a URI path: all but
/// the unreserved characters, `/` and the sub-delimiters. `:` is encoded too (a relative
/// path's first segment must not look like a scheme), except for a drive letter in a `file:`
/// URI.
fn percent_encode(path: &str, file_uri: bool) -> String {
    let bytes = path.as_bytes();
    let mut out = String::with_capacity(path.len());
    for (i, &b) in bytes.iter().enumerate() {
        let keep = b.is_ascii_alphanumeric()
            || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/' | b'!' | b'$' | b'&' | b'\'' | b'(' | b')' | b'*' | b'+' | b',' | b';' | b'=' | b'@')
            || (b == b':' && file_uri && i == 2 && bytes[1].is_ascii_alphabetic());
        if keep {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Escapes what SARIF gives a meaning in message text: square brackets start embedded links,
/// and a backslash escapes them.
fn escape_message(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '[' | ']') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_become_uri_references() {
        assert_eq!(artifact_location("examples/a b.yaml")["uri"], "examples/a%20b.yaml");
        assert_eq!(artifact_location("examples/a b.yaml")["uriBaseId"], "%SRCROOT%");
        assert_eq!(artifact_location("<stdin>")["uri"], "%3Cstdin%3E");
        assert_eq!(artifact_location("c:d/é#?.yaml")["uri"], "c%3Ad/%C3%A9%23%3F.yaml");
        if cfg!(unix) {
            assert_eq!(artifact_location("/tmp/x y.yaml")["uri"], "file:///tmp/x%20y.yaml");
            assert!(artifact_location("/tmp/x.yaml").get("uriBaseId").is_none());
        }
    }

    #[test]
    fn brackets_in_messages_are_escaped() {
        assert_eq!(escape_message(r"cidrs [a] \ b"), r"cidrs \[a\] \\ b");
    }

    #[test]
    fn full_descriptions_stop_before_the_example() {
        let rule = registry::find("cidr-too-small").unwrap();
        let text = full_description(rule);
        assert!(text.starts_with("The VPC CIDR is smaller than /20"), "{text}");
        assert!(text.contains("Astro carves the VPC"), "{text}");
        assert!(!text.contains("```") && !text.contains("## "), "{text}");
    }
}
