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
pub fn sarif_fixes(path: &str, source: &str, lines: &LineIndex, fix: &Fix) -> Value {
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
            "artifactLocation": super::sarif::artifact_location(path),
            "replacements": replacements,
        }],
        "properties": { "applicability": fix.applicability.as_str() },
    }])
}
