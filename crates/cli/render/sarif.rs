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
use serde_json::{Map, Value};

use crate::exit::Status;
use crate::report::Report;

#[path = "sarif_log.rs"]
pub mod log;
#[path = "sarif_uris.rs"]
mod uris;

use self::log::{
    ArtifactLocation, Configuration, DescriptorProperties, Driver, Invocation, Location, Log,
    Message, Notification, PhysicalLocation, PointerProperty, Region, RelatedLocation,
    ReportingDescriptor, ResultProperties, Run, RunProperties, SarifResult, SummaryProperties,
    Tool,
};

/// A reported path as an artifact location relative to `%SRCROOT%` where it can be (for other
/// formats that link to files).
pub fn artifact_location(path: &str) -> ArtifactLocation {
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
    super::write_json(out, &sarif_log(report))
}

/// The most results GitHub code scanning accepts in one run.
pub const MAX_RESULTS: usize = 25_000;

/// The whole SARIF log of a report, paths relative to the working directory (`%SRCROOT%`).
pub fn sarif_log(report: &Report) -> Log {
    log_under(report, std::env::current_dir().ok().as_deref())
}

/// The whole SARIF log of a report, paths under `root` relative to it (`%SRCROOT%`).
pub fn log_under(report: &Report, root: Option<&Path>) -> Log {
    let rules = registry::all();
    let root = root.map(uris::normalize);
    let mut results = Vec::new();
    let mut notifications = Vec::new();
    for outcome in &report.outcomes {
        let location =
            uris::artifact_location(&outcome.path, outcome.file.as_deref(), root.as_deref());
        match &outcome.result {
            Ok(file) => {
                for d in &file.diagnostics {
                    let mut value = result(&location, d, rules);
                    if let (Some(fix), Some(lines)) = (&d.finding.fix, &file.lines) {
                        value.fixes =
                            Some([super::fixes::sarif_fix(&location, &file.source, lines, fix)]);
                    }
                    results.push((d.severity, value));
                }
            }
            Err(message) => notifications.push(Notification {
                level: "error",
                message: Message::text(format!("{}: {message}", outcome.path)),
                locations: vec![Location {
                    physical_location: PhysicalLocation {
                        artifact_location: location,
                        region: None,
                    },
                }],
            }),
        }
    }
    let total = results.len();
    let results = uris::most_severe(results, MAX_RESULTS);
    if total > results.len() {
        notifications.push(Notification {
            level: "warning",
            message: Message::text(format!(
                "{} results were left out: GitHub code scanning accepts at most {MAX_RESULTS} in a run, so the {MAX_RESULTS} most severe are listed (the exit code and the summary count them all)",
                total - results.len()
            )),
            locations: Vec::new(),
        });
    }

    let summary = &report.summary;
    let status = report.status();
    let invocation = Invocation {
        execution_successful: status != Status::Failure,
        exit_code: status.code(),
        tool_execution_notifications: notifications,
        tool_configuration_notifications: report
            .notes
            .iter()
            .map(|note| Notification {
                level: "note",
                message: Message::text(note.as_str()),
                locations: Vec::new(),
            })
            .collect(),
    };

    Log {
        schema: SCHEMA_URI,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "astro-preflight",
                    version: env!("CARGO_PKG_VERSION"),
                    semantic_version: env!("CARGO_PKG_VERSION"),
                    information_uri: env!("CARGO_PKG_REPOSITORY"),
                    rules: rules.iter().map(|r| descriptor(r)).collect(),
                },
            },
            original_uri_base_ids: uris::base_ids(root.as_deref()),
            column_kind: "unicodeCodePoints",
            invocations: [invocation],
            results,
            properties: RunProperties {
                summary: SummaryProperties {
                    files: summary.files,
                    errors: summary.errors,
                    warnings: summary.warnings,
                    infos: summary.infos,
                    suppressed: summary.suppressed,
                },
            },
        }],
    }
}

/// A rule as a SARIF reporting descriptor.
fn descriptor(rule: &'static Rule) -> ReportingDescriptor {
    ReportingDescriptor {
        id: rule.id,
        name: uris::friendly_name(rule.id),
        short_description: Message::text(rule.summary()),
        full_description: Message::text(full_description(rule)),
        help: Message {
            text: rule.documentation(),
            markdown: Some(docs::rule_page(rule)),
        },
        help_uri: help_uri(rule),
        default_configuration: Configuration {
            level: level(rule.default_severity),
        },
        properties: DescriptorProperties {
            tags: [rule.kind.as_str()],
            suppressible: rule.suppressible,
        },
    }
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

fn result(artifact: &ArtifactLocation, d: &Diagnostic, rules: &[&Rule]) -> SarifResult {
    let f = &d.finding;
    let mut text = escape_message(&f.message);
    if !f.related.is_empty() {
        let links: Vec<String> = f
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| format!("[{}]({})", escape_message(&r.message), i + 1))
            .collect();
        text.push_str(&format!(" (see {})", links.join(", ")));
    }
    SarifResult {
        rule_id: d.rule.id,
        level: level(d.severity),
        message: Message::text(text),
        locations: [Location {
            physical_location: physical_location(artifact, &f.location),
        }],
        properties: ResultProperties {
            pointer: f.pointer.clone(),
            help: f.help.clone(),
            data: match &f.data {
                Some(Value::Object(data)) => data.clone(),
                _ => Map::new(),
            },
        },
        rule_index: rules.iter().position(|r| *r == d.rule),
        related_locations: f
            .related
            .iter()
            .enumerate()
            .map(|(i, r)| RelatedLocation {
                id: i + 1,
                physical_location: physical_location(artifact, &r.location),
                message: Message::text(r.message.as_str()),
                properties: PointerProperty {
                    pointer: r.pointer.clone(),
                },
            })
            .collect(),
        fixes: None,
    }
}

fn physical_location(
    artifact: &ArtifactLocation,
    location: &astro_preflight_manifest::Location,
) -> PhysicalLocation {
    PhysicalLocation {
        artifact_location: artifact.clone(),
        region: Some(region(location)),
    }
}

/// A location as a SARIF region (lines and columns at least 1, the end not before the start).
pub fn region(location: &astro_preflight_manifest::Location) -> Region {
    Region {
        start_line: location.start.line.max(1),
        start_column: location.start.column.max(1),
        end_line: location.end.line.max(location.start.line).max(1),
        end_column: location.end.column.max(1),
    }
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
