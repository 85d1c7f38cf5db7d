//! `--format sarif`: SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
//!
//! One run; the driver lists every rule (descriptions and help from the rule documentation,
//! help URI into `docs/rules/`, default level); one result per diagnostic. Columns are ours:
//! 1-based Unicode scalar values, end exclusive, so the run says `columnKind:
//! "unicodeCodePoints"`. Inputs that could not be read are tool execution notifications, and
//! the invocation carries the exit code.

use std::io::{self, Write};
use std::path::Path;

use astro_preflight_linter::{Diagnostic, Rule, Severity, docs, registry};
use astro_preflight_manifest::Location;
use serde_json::{Map, Value, json};

use crate::report::Report;

#[path = "sarif_uris.rs"]
mod uris;

/// A reported path as an artifact location relative to `%SRCROOT%` where it can be (for other
/// formats that link to files).
pub fn artifact_location(path: &str) -> Value {
    uris::artifact_location(path, None, None)
}

/// The schema URI of the OASIS SARIF 2.1.0 standard (errata 01).
pub const SCHEMA_URI: &str =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

/// Where a rule's documentation is published.
pub fn help_uri(rule: &Rule) -> String {
    format!(
        "{}/blob/main/docs/rules/{}.md",
        env!("CARGO_PKG_REPOSITORY"),
        rule.id
    )
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

/// The most results GitHub code scanning accepts in one run.
pub const MAX_RESULTS: usize = 25_000;

/// The whole SARIF log of a report, paths relative to the working directory (`%SRCROOT%`).
pub fn log(report: &Report) -> Value {
    log_under(report, std::env::current_dir().ok().as_deref())
}

/// The whole SARIF log of a report, paths under `root` relative to it (`%SRCROOT%`).
pub fn log_under(report: &Report, root: Option<&Path>) -> Value {
    let rules = registry::all();
    let root = root.map(uris::normalize);
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for outcome in &report.outcomes {
        let location =
            uris::artifact_location(&outcome.path, outcome.file.as_deref(), root.as_deref());
        match &outcome.result {
            Ok(file) => {
                let lines = file
                    .diagnostics
                    .iter()
                    .any(|d| d.fix.is_some())
                    .then(|| astro_preflight_manifest::LineIndex::new(&file.source));
                for d in &file.diagnostics {
                    let mut value = result(&location, d, rules);
                    if let (Some(fix), Some(lines)) = (&d.fix, &lines) {
                        value["fixes"] =
                            super::fixes::sarif_fixes(&location, &file.source, lines, fix);
                    }
                    results.push((d.severity, value));
                }
            }
            Err(message) => notifications.push(json!({
                "level": "error",
                "message": { "text": format!("{}: {message}", outcome.path) },
                "locations": [{ "physicalLocation": { "artifactLocation": location } }],
            })),
        }
    }
    let total = results.len();
    let results = uris::most_severe(results, MAX_RESULTS);
    if total > results.len() {
        notifications.push(json!({
            "level": "warning",
            "message": { "text": format!(
                "{} results were left out: GitHub code scanning accepts at most {MAX_RESULTS} in a run, so the {MAX_RESULTS} most severe are listed (the exit code and the summary count them all)",
                total - results.len()
            ) },
        }));
    }

    let summary = &report.summary;
    let exit_code = report.exit_code();
    let mut invocation = Map::new();
    invocation.insert("executionSuccessful".into(), Value::Bool(exit_code != 2));
    invocation.insert("exitCode".into(), json!(exit_code));
    if !notifications.is_empty() {
        invocation.insert(
            "toolExecutionNotifications".into(),
            Value::Array(notifications),
        );
    }
    if !report.notes.is_empty() {
        let notes: Vec<Value> = report
            .notes
            .iter()
            .map(|note| json!({ "level": "note", "message": { "text": note } }))
            .collect();
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
            "originalUriBaseIds": uris::base_ids(root.as_deref()),
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
        "name": uris::friendly_name(rule.id),
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

fn result(artifact: &Value, d: &Diagnostic, rules: &[&Rule]) -> Value {
    let mut text = escape_message(&d.message);
    if !d.related.is_empty() {
        let links: Vec<String> = d
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| format!("[{}]({})", escape_message(&r.message), i + 1))
            .collect();
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
        "locations": [{ "physicalLocation": physical_location(artifact, &d.location) }],
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
                    "physicalLocation": physical_location(artifact, &r.location),
                    "message": { "text": r.message },
                    "properties": { "pointer": r.pointer },
                })
            })
            .collect();
    }
    value
}

fn physical_location(artifact: &Value, location: &Location) -> Value {
    json!({
        "artifactLocation": artifact,
        "region": {
            "startLine": location.start.line.max(1),
            "startColumn": location.start.column.max(1),
            "endLine": location.end.line.max(location.start.line).max(1),
            "endColumn": location.end.column.max(1),
        }
    })
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
    fn brackets_in_messages_are_escaped() {
        assert_eq!(escape_message(r"cidrs [a] \ b"), r"cidrs \[a\] \\ b");
    }

    #[test]
    fn full_descriptions_stop_before_the_example() {
        let rule = registry::find("cidr-too-small").unwrap();
        let text = full_description(rule);
        assert!(
            text.starts_with("The VPC CIDR is smaller than /20"),
            "{text}"
        );
        assert!(text.contains("Astro carves the VPC"), "{text}");
        assert!(!text.contains("```") && !text.contains("## "), "{text}");
    }
}
