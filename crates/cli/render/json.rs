//! `--format json`: the stable interface documented in `docs/json.md`.

use std::io::{self, Write};

use astro_preflight_linter::Diagnostic;
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::report::Report;

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    super::write_json(out, &ReportOut(report))
}

// The report serialized straight from the outcomes (no `serde_json::Value` built per file and
// diagnostic first). Keys in the order of the documented contract.

struct ReportOut<'a>(&'a Report);

impl Serialize for ReportOut<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let s = &self.0.summary;
        let notes = &self.0.notes;
        let mut map = serializer.serialize_map(Some(if notes.is_empty() { 3 } else { 4 }))?;
        map.serialize_entry("version", &1)?;
        map.serialize_entry("files", &Files(&self.0.outcomes))?;
        map.serialize_entry(
            "summary",
            &SummaryOut {
                files: s.files,
                errors: s.errors,
                warnings: s.warnings,
                infos: s.infos,
                suppressed: s.suppressed,
            },
        )?;
        if !notes.is_empty() {
            map.serialize_entry("notes", notes)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct SummaryOut {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    suppressed: usize,
}

struct Files<'a>(&'a [crate::report::Outcome]);

impl Serialize for Files<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|o| {
            let (diagnostics, source, error) = match &o.result {
                Ok(result) => (result.diagnostics.as_slice(), result.source.as_str(), None),
                Err(message) => (&[][..], "", Some(message.as_str())),
            };
            FileOut {
                path: &o.path,
                diagnostics: Diagnostics(diagnostics, source),
                error,
            }
        }))
    }
}

#[derive(Serialize)]
struct FileOut<'a> {
    path: &'a str,
    diagnostics: Diagnostics<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

struct Diagnostics<'a>(&'a [Diagnostic], &'a str);

impl Serialize for Diagnostics<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let lines = self
            .0
            .iter()
            .any(|d| d.fix.is_some())
            .then(|| astro_preflight_manifest::LineIndex::new(self.1));
        serializer.collect_seq(self.0.iter().map(|d| {
            DiagnosticOut {
                rule: d.rule.id,
                severity: d.severity.as_str(),
                message: &d.message,
                help: d.help.as_deref(),
                pointer: &d.pointer,
                line: d.location.start.line,
                column: d.location.start.column,
                end_line: d.location.end.line,
                end_column: d.location.end.column,
                related: d
                    .related
                    .iter()
                    .map(|r| RelatedOut {
                        message: &r.message,
                        pointer: &r.pointer,
                        line: r.location.start.line,
                        column: r.location.start.column,
                        end_line: r.location.end.line,
                        end_column: r.location.end.column,
                    })
                    .collect(),
                data: d.data.as_ref(),
                fix: d
                    .fix
                    .as_ref()
                    .zip(lines.as_ref())
                    .map(|(f, lines)| super::fixes::json_fix(self.1, lines, f)),
            }
        }))
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DiagnosticOut<'a> {
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    help: Option<&'a str>,
    pointer: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related: Vec<RelatedOut<'a>>,
    /// Structured evidence (`account-not-empty`: `{"resources": [...]}`).
    #[serde(skip_serializing_if = "Option::is_none")]
    data: Option<&'a serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    fix: Option<super::fixes::FixOut<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RelatedOut<'a> {
    message: &'a str,
    pointer: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
}
