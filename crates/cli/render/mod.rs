//! One renderer per output format. Each writes the whole report to a buffered writer.

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
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
    }
}

/// Replaces every character that could control a terminal (C0 and C1 controls but tab and
/// line breaks, DEL, bidirectional overrides) with `?`s of the same byte length, so that the
/// spans into the text still hold.
pub fn sanitize_source(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if is_unsafe(c) && c != '\n' && c != '\r' && c != '\t' {
            for _ in 0..c.len_utf8() {
                out.push('?');
            }
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

fn is_unsafe(c: char) -> bool {
    c.is_control() || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}
