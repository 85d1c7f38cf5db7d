//! `--format rdjson`: reviewdog's Diagnostic Format, one `DiagnosticResult` document, for
//! `reviewdog -f=rdjson` (review comments on pull and merge requests).
//!
//! ```json
//! { "source": { "name": "astro-preflight", "url": "…" },
//!   "diagnostics": [{ "message": "…", "severity": "ERROR",
//!     "location": { "path": "m.yaml", "range": { "start": { "line": 7, "column": 12 },
//!                                                "end": { "line": 7, "column": 26 } } },
//!     "code": { "value": "cidr-too-small", "url": "…" },
//!     "related_locations": [{ "message": "…", "location": { … } }],
//!     "suggestions": [{ "range": { … }, "text": "…" }] }] }
//! ```
//!
//! rdjson columns count UTF-8 bytes (not characters, as the other formats do), 1-based, the
//! end exclusive; they are computed from the diagnostic's byte span in the source. An input
//! that could not be read is an `ERROR` diagnostic on its path without a range.

use std::io::{self, Write};

use astro_preflight_linter::{Diagnostic, Fix, Severity};
use astro_preflight_manifest::{LineIndex, Span};
use serde_json::{Map, Value, json};

use super::{rule_id, rule_url};
use crate::report::Report;

/// rdjson's name for a severity.
pub fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "ERROR",
        Severity::Warning => "WARNING",
        Severity::Info => "INFO",
    }
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    super::write_json(out, &result(report))
}

/// The whole report as one `DiagnosticResult`.
pub fn result(report: &Report) -> Value {
    let mut diagnostics = Vec::new();
    for outcome in &report.outcomes {
        match &outcome.result {
            Ok(file) => {
                for d in &file.diagnostics {
                    diagnostics.push(diagnostic(
                        &outcome.path,
                        &file.source,
                        file.lines.as_ref(),
                        d,
                    ));
                }
            }
            Err(message) => diagnostics.push(json!({
                "message": format!("could not be read: {message}"),
                "severity": severity(Severity::Error),
                "location": { "path": outcome.path },
                "code": { "value": "astro-preflight" },
            })),
        }
    }
    json!({
        "source": { "name": "astro-preflight", "url": env!("CARGO_PKG_REPOSITORY") },
        "diagnostics": diagnostics,
    })
}

fn diagnostic(path: &str, source: &str, lines: Option<&LineIndex>, d: &Diagnostic) -> Value {
    let id = rule_id(d);
    let mut message = d.finding.message.clone();
    if let Some(help) = &d.finding.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let mut value = Map::new();
    value.insert("message".into(), Value::String(message));
    value.insert("severity".into(), json!(severity(d.severity)));
    value.insert(
        "location".into(),
        location(
            path,
            source,
            d.finding.span,
            d.finding.location.start.line,
            d.finding.location.end.line,
        ),
    );
    value.insert("code".into(), json!({ "value": id, "url": rule_url(id) }));
    if !d.finding.related.is_empty() {
        let related = d
            .finding.related
            .iter()
            .map(|r| {
                json!({
                    "message": r.message,
                    "location": location(path, source, r.span, r.location.start.line, r.location.end.line),
                })
            })
            .collect();
        value.insert("related_locations".into(), Value::Array(related));
    }
    if let Some((fix, lines)) = d.finding.fix.as_ref().zip(lines) {
        value.insert("suggestions".into(), suggestions(source, lines, fix));
    }
    Value::Object(value)
}

/// The fix of a diagnostic as rdjson `Suggestion`s, one per edit: `{ range, text }`, the range
/// in the same byte columns as `location`. Safe and unsafe fixes alike: a suggestion is a
/// proposal a reviewer accepts or not (reviewdog posts it as a suggested change).
fn suggestions(source: &str, lines: &LineIndex, fix: &Fix) -> Value {
    fix.edits
        .iter()
        .map(|edit| {
            let at = lines.location(source, edit.span);
            json!({
                "range": range(source, edit.span, at.start.line, at.end.line),
                "text": edit.replacement,
            })
        })
        .collect()
}

fn location(path: &str, source: &str, span: Span, start_line: usize, end_line: usize) -> Value {
    json!({ "path": path, "range": range(source, span, start_line, end_line) })
}

/// A byte span as an rdjson range: lines from the diagnostic's location (1-based), columns
/// the UTF-8 byte offset in the line plus one, the end exclusive.
fn range(source: &str, span: Span, start_line: usize, end_line: usize) -> Value {
    json!({
        "start": { "line": start_line.max(1), "column": byte_column(source, span.start) },
        "end": { "line": end_line.max(start_line).max(1), "column": byte_column(source, span.end.max(span.start)) },
    })
}

/// The 1-based UTF-8 byte column of a byte offset (clamped to the text).
fn byte_column(source: &str, offset: usize) -> usize {
    let offset = offset.min(source.len());
    let line_start = source.as_bytes()[..offset]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    offset - line_start + 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_bytes() {
        // reviewdog's example: in "a𐐀b", a is column 1, 𐐀 column 2, b column 6.
        let text = "x: 1\na𐐀b\n";
        assert_eq!(byte_column(text, 5), 1);
        assert_eq!(byte_column(text, 6), 2);
        assert_eq!(byte_column(text, 10), 6);
        assert_eq!(byte_column(text, 0), 1);
        assert_eq!(byte_column(text, 1000), 1);
    }
}
