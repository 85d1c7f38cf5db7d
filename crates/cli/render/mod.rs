//! One renderer per output format. Each writes the whole report to a buffered writer.

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

use crate::args::Format;
use crate::report::Report;

pub fn render(format: Format, report: &Report, out: &mut dyn Write) -> io::Result<()> {
    match format {
        Format::Human => human::render(report, out),
        Format::Json => json::render(report, out),
        Format::Sarif => sarif::render(report, out),
        Format::Github => github::render(report, out),
        Format::Junit => junit::render(report, out),
        Format::Markdown => markdown::render(report, out),
        Format::Gitlab => gitlab::render(report, out),
        Format::Rdjson => rdjson::render(report, out),
    }
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

/// Replaces every character that could control a terminal (C0 and C1 controls but tab and
/// line breaks, DEL, bidirectional overrides) with one character of the same UTF-8 length
/// (`?`, `¿` or `�`), so that the spans into the text and the columns counted in characters
/// still hold.
pub fn sanitize_source(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_unsafe(c) && c != '\n' && c != '\r' && c != '\t' {
            out.push(match c.len_utf8() {
                1 => '?',
                2 => '\u{BF}',
                _ => '\u{FFFD}',
            });
        } else {
            out.push(c);
        }
    }
    out
}

/// Escapes every unsafe character of a message as `\u{..}`; line breaks too.
pub fn sanitize_message(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_unsafe(c) {
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    out
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

/// Pretty JSON text with every character that could control or reorder a terminal escaped (see
/// [`write_json`]).
pub fn escape_unsafe(text: String) -> String {
    // The usual case: printable ASCII and line breaks only, nothing to escape. (A fold, not
    // `all`: without the early exit the compiler checks many bytes at once.)
    if text
        .bytes()
        .fold(true, |plain, b| plain & matches!(b, b' '..=b'~' | b'\n'))
    {
        return text;
    }
    let mut escaped = String::with_capacity(text.len());
    for c in text.chars() {
        if is_unsafe(c) && c != '\n' {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                escaped.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            escaped.push(c);
        }
    }
    escaped
}

fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}
