//! Fixes in the machine formats: each edit's byte span as lines and columns (1-based, columns
//! in Unicode scalar values, end exclusive, as the diagnostics' own), for JSON (`fix`) and
//! SARIF (`fixes`).

use astro_preflight_linter::Fix;
use astro_preflight_manifest::{LineIndex, Location};
use serde::Serialize;

use super::sarif::{self, log::ArtifactLocation};

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

/// The SARIF 2.1.0 fix of a result: one artifact change, one replacement per edit.
/// `artifact`: the result's artifact location.
pub fn sarif_fix(
    artifact: &ArtifactLocation,
    source: &str,
    lines: &LineIndex,
    fix: &Fix,
) -> sarif::log::Fix {
    use sarif::log::{ArtifactChange, FixProperties, Message, Replacement};
    sarif::log::Fix {
        description: Message::text(fix.message.as_str()),
        artifact_changes: [ArtifactChange {
            artifact_location: artifact.clone(),
            replacements: located(source, lines, fix)
                .into_iter()
                .map(|(l, text)| Replacement {
                    deleted_region: sarif::region(&l),
                    inserted_content: Message::text(text),
                })
                .collect(),
        }],
        properties: FixProperties {
            applicability: fix.applicability.as_str(),
        },
    }
}

/// `note: 2 fixable with --fix (1 more with --unsafe-fixes)`, when any finding has a fix.
pub fn fixable_note(report: &crate::report::Report) -> Option<String> {
    use astro_preflight_linter::Applicability;
    let fixes = report
        .outcomes
        .iter()
        .filter_map(|o| o.result.as_ref().ok())
        .flat_map(|r| &r.diagnostics)
        .filter_map(|d| d.finding.fix.as_ref());
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
