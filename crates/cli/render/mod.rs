//! One renderer per output format. Each writes the whole report to a buffered writer.

pub mod concise;
pub mod fixes;
pub mod github;
pub mod gitlab;
pub mod human;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod rdjson;
pub mod sarif;

use std::io::{self, Write};

use astro_preflight_linter::sanitize;

use crate::args::Format;
use crate::report::Report;

/// Renders the report in a format; `color`: with the terminal's colours (human and concise;
/// the other formats are read by programs).
pub fn render(format: Format, report: &Report, out: &mut dyn Write, color: bool) -> io::Result<()> {
    match format {
        Format::Human => human::render(report, out, color),
        Format::Concise => concise::render(report, out, color),
        Format::Json => json::render(report, out),
        Format::Sarif => sarif::render(report, out),
        Format::Github => github::render(report, out),
        Format::Junit => junit::render(report, out),
        Format::Markdown => markdown::render(report, out),
        Format::Gitlab => gitlab::render(report, out),
        Format::Rdjson => rdjson::render(report, out),
    }
}

/// How the human and concise reports end: the summary line, the notes, the fixable note.
pub fn closing(report: &Report) -> String {
    let mut text = report.summary.line();
    text.push('\n');
    for note in &report.notes {
        text.push_str(&human::wrap_line(
            &format!("note: {note}"),
            human::width(),
            6,
        ));
        text.push('\n');
    }
    if let Some(note) = fixes::fixable_note(report) {
        text.push_str(&note);
    }
    text
}

/// The rule ID of a diagnostic: the one place the markdown, gitlab and rdjson renderers read it.
pub fn rule_id(d: &astro_preflight_linter::Diagnostic) -> &'static str {
    d.rule.id
}

/// Where a rule's documentation page is published (as SARIF's `helpUri`).
pub fn rule_url(id: &str) -> String {
    format!(
        "{}/blob/main/docs/rules/{id}.md",
        env!("CARGO_PKG_REPOSITORY")
    )
}

/// A file's text for a source snippet, every byte offset kept (the one sanitiser:
/// [`astro_preflight_linter::sanitize`]).
pub fn sanitize_source(text: &str) -> String {
    sanitize::source(text)
}

/// Text from a file (a value, a key, a file name) for a message: controls escaped as `\u{..}`,
/// line breaks too, no workflow command can start.
pub fn sanitize_message(text: &str) -> String {
    sanitize::message(text)
}

/// Writes a value (a `serde_json::Value`, or anything serializable) as pretty JSON and a final
/// newline, with every character that could control or reorder a terminal escaped as
/// `\uXXXX`. serde_json escapes C0 controls only; DEL, C1 controls (U+009B is CSI on some
/// terminals) and bidirectional overrides would reach a terminal that `cat`s the file. The
/// escapes keep the JSON's meaning: outside strings, JSON has no such characters, and `\n` is
/// the only raw control the pretty printer writes.
pub fn write_json(out: &mut dyn Write, value: &impl serde::Serialize) -> io::Result<()> {
    let mut text = json_text(value)?;
    text.push('\n');
    out.write_all(text.as_bytes())
}

/// A value as [`write_json`] writes it, without the final newline.
pub fn json_text(value: &impl serde::Serialize) -> io::Result<String> {
    let text = serde_json::to_string_pretty(value).map_err(io::Error::other)?;
    Ok(escape_unsafe(text))
}

/// Pretty JSON text with every character that could control or reorder a terminal escaped, and
/// no workflow command (see [`write_json`]).
pub fn escape_unsafe(text: String) -> String {
    sanitize::json(text)
}
