//! Fixes in the machine formats: each edit's byte span as lines and columns (1-based, columns
//! in Unicode scalar values, end exclusive, as the diagnostics' own), for JSON (`fix`) and
//! SARIF (`fixes`).

use astro_preflight_linter::Fix;
use astro_preflight_manifest::{LineIndex, Location};
use serde::Serialize;
use serde_json::{Value, json};

/// Each edit of a fix with its location in `source`.
pub fn located<'f>(source: &str, lines: &LineIndex, fix: &'f Fix) -> Vec<(Location, &'f str)> {
    fix.edits
        .iter()
        .map(|e| (lines.location(source, e.span), e.replacement.as_str()))
        .collect()
}

/// `fix` of a JSON diagnostic.
#[derive(Serialize)]
pub struct FixOut<'a> {
    pub message: &'a str,
    pub applicability: &'a str,
    pub edits: Vec<EditOut<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EditOut<'a> {
    pub line: usize,
    pub column: usize,
    pub end_line: usize,
    pub end_column: usize,
    pub replacement: &'a str,
}

pub fn json_fix<'a>(source: &str, lines: &LineIndex, fix: &'a Fix) -> FixOut<'a> {
    FixOut {
        message: &fix.message,
        applicability: fix.applicability.as_str(),
        edits: located(source, lines, fix)
            .into_iter()
            .map(|(l, replacement)| EditOut {
                line: l.start.line,
                column: l.start.column,
                end_line: l.end.line,
                end_column: l.end.column,
                replacement,
            })
            .collect(),
    }
}

/// SARIF 2.1.0 `fixes` of a result: one fix, one artifact change, one replacement per edit.
/// `artifact`: the result's artifact location.
pub fn sarif_fixes(artifact: &Value, source: &str, lines: &LineIndex, fix: &Fix) -> Value {
    let replacements: Vec<Value> = located(source, lines, fix)
        .into_iter()
        .map(|(l, text)| {
            json!({
                "deletedRegion": {
                    "startLine": l.start.line.max(1),
                    "startColumn": l.start.column.max(1),
                    "endLine": l.end.line.max(l.start.line).max(1),
                    "endColumn": l.end.column.max(1),
                },
                "insertedContent": { "text": text },
            })
        })
        .collect();
    json!([{
        "description": { "text": fix.message },
        "artifactChanges": [{
            "artifactLocation": artifact,
            "replacements": replacements,
        }],
        "properties": { "applicability": fix.applicability.as_str() },
    }])
}

/// `note: 2 fixable with --fix (1 more with --unsafe-fixes)`, when any finding has a fix.
pub fn fixable_note(report: &crate::report::Report) -> Option<String> {
    use astro_preflight_linter::Applicability;
    let fixes = report
        .outcomes
        .iter()
        .filter_map(|o| o.result.as_ref().ok())
        .flat_map(|r| &r.diagnostics)
        .filter_map(|d| d.fix.as_ref());
    let (mut safe, mut unsafe_) = (0, 0);
    for fix in fixes {
        match fix.applicability {
            Applicability::Safe => safe += 1,
            Applicability::Unsafe => unsafe_ += 1,
        }
    }
    match (safe, unsafe_) {
        (0, 0) => None,
        (0, u) => Some(format!("note: {u} fixable with --fix --unsafe-fixes\n")),
        (s, 0) => Some(format!("note: {s} fixable with --fix\n")),
        (s, u) => Some(format!(
            "note: {s} fixable with --fix ({u} more with --unsafe-fixes)\n"
        )),
    }
}
