//! `--format json`: the stable interface documented in `docs/json.md`.

use std::io::{self, Write};

use astro_preflight_linter::Diagnostic;
use rayon::prelude::*;
use serde::Serialize;
use serde::ser::Serializer;

use crate::report::Report;

/// A report's files are most of its text (3 MB for 10,000 files): the files' entries are
/// pretty-printed in parallel, a run of files to one string, each entry set at its depth in the
/// report, which reads as if serde_json had pretty-printed the whole (a test re-prints the
/// output to check); the strings are written out in order, never joined into one.
pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    // A file's entry is an item of `files`: two levels deep.
    const FILE_INDENT: &str = "    ";
    // Files a string: few allocations, and little room left unused in each.
    const RUN: usize = 64;
    let run = |outcomes: &[crate::report::Outcome]| -> io::Result<String> {
        let mut text = String::new();
        for (i, o) in outcomes.iter().enumerate() {
            if i > 0 {
                text.push_str(",\n    ");
            }
            text.push_str(&pretty_at(&file_out(o), FILE_INDENT)?);
        }
        Ok(text)
    };
    // One file (an editor, a hook): not worth starting the thread pool.
    let runs: Vec<String> = if report.outcomes.len() == 1 {
        vec![run(&report.outcomes)?]
    } else {
        report
            .outcomes
            .par_chunks(RUN)
            .map(run)
            .collect::<io::Result<_>>()?
    };
    let s = &report.summary;
    let summary = pretty_at(
        &SummaryOut {
            files: s.files,
            errors: s.errors,
            warnings: s.warnings,
            infos: s.infos,
            suppressed: s.suppressed,
            skipped_yaml: s.yaml_skipped,
        },
        "  ",
    )?;
    out.write_all(b"{\n  \"version\": 1,\n  \"files\": [")?;
    for (i, text) in runs.iter().enumerate() {
        out.write_all(if i == 0 { b"\n    " } else { b",\n    " })?;
        out.write_all(text.as_bytes())?;
    }
    if !runs.is_empty() {
        out.write_all(b"\n  ")?;
    }
    out.write_all(b"],\n  \"summary\": ")?;
    out.write_all(summary.as_bytes())?;
    if !report.notes.is_empty() {
        out.write_all(b",\n  \"notes\": ")?;
        out.write_all(pretty_at(&report.notes, "  ")?.as_bytes())?;
    }
    out.write_all(b"\n}\n")
}

/// `value` as [`super::json_text`] prints it, as it reads at the depth of `indent` in a
/// pretty-printed document: each of the pretty printer's line breaks is followed by `indent`.
fn pretty_at(value: &impl Serialize, indent: &'static str) -> io::Result<String> {
    let mut text = Vec::with_capacity(256);
    let out = IndentAfterBreaks {
        out: &mut text,
        indent,
    };
    serde_json::to_writer_pretty(out, value).map_err(io::Error::other)?;
    let text = String::from_utf8(text).map_err(io::Error::other)?;
    Ok(super::escape_unsafe(text))
}

/// Writes what serde_json's pretty printer writes, with `indent` after each line break. The
/// printer writes its line breaks on their own (`"\n"`, `",\n"`) and never within a string,
/// whose line breaks it escapes: a write that ends with one is a line of the document ending.
struct IndentAfterBreaks<'a> {
    out: &'a mut Vec<u8>,
    indent: &'static str,
}

impl Write for IndentAfterBreaks<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.out.extend_from_slice(buf);
        if buf.last() == Some(&b'\n') {
            self.out.extend_from_slice(self.indent.as_bytes());
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[derive(Serialize)]
struct SummaryOut {
    files: usize,
    errors: usize,
    warnings: usize,
    infos: usize,
    suppressed: usize,
    #[serde(rename = "skippedYaml")]
    skipped_yaml: usize,
}

fn file_out(o: &crate::report::Outcome) -> FileOut<'_> {
    let (diagnostics, source, lines, error) = match &o.result {
        Ok(result) => (
            result.diagnostics.as_slice(),
            result.source.as_str(),
            result.lines.as_ref(),
            None,
        ),
        Err(message) => (&[][..], "", None, Some(message.as_str())),
    };
    FileOut {
        path: &o.path,
        diagnostics: Diagnostics(diagnostics, source, lines),
        error,
    }
}

#[derive(Serialize)]
struct FileOut<'a> {
    path: &'a str,
    diagnostics: Diagnostics<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
}

/// A file's diagnostics, its text and its line index (to locate the edits of fixes).
struct Diagnostics<'a>(
    &'a [Diagnostic],
    &'a str,
    Option<&'a astro_preflight_manifest::LineIndex>,
);

impl Serialize for Diagnostics<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(|d| {
            DiagnosticOut {
                rule: d.rule.id,
                severity: d.severity.as_str(),
                message: &d.finding.message,
                help: d.finding.help.as_deref(),
                pointer: &d.finding.pointer,
                line: d.finding.location.start.line,
                column: d.finding.location.start.column,
                end_line: d.finding.location.end.line,
                end_column: d.finding.location.end.column,
                related: d
                    .finding
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
                data: d.finding.data.as_ref(),
                fix: d
                    .finding
                    .fix
                    .as_ref()
                    .zip(self.2)
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
