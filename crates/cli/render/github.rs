//! `--format github`: GitHub Actions workflow commands, one annotation per diagnostic, then
//! a summary line that is not a command.
//!
//! ```text
//! ::error file=m.yaml,line=7,col=12,endLine=7,endColumn=26,title=cidr-too-small::VPC CIDR …
//! ```
//!
//! The runner reads every line of the step's output that starts with `::` as a command, so no
//! manifest value may start a line: control characters (line breaks included) in messages
//! are shown as `\u{..}` escapes, and then the data and the properties are escaped as the
//! runner unescapes them (`%`, CR and LF; in properties also `:` and `,`).

use std::io::{self, Write};

use astro_preflight_linter::{Diagnostic, Severity};

use super::sanitize_message;
use crate::report::Report;

/// The workflow command of a severity.
fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "notice",
    }
}

/// Escapes the data of a workflow command (after the second `::`).
pub fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes the value of a workflow command property.
pub fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// A path for the `file` property: exact where the runner can decode it (line breaks are
/// escaped, and it unescapes them), other control characters shown as `\u{..}`.
fn path_property(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for c in path.chars() {
        match c {
            '\n' | '\r' => out.push(c),
            c => out.push_str(&sanitize_message(c.encode_utf8(&mut [0; 4]))),
        }
    }
    out
}

fn annotation(path: &str, d: &Diagnostic) -> String {
    let start = d.finding.location.start;
    let end = d.finding.location.end;
    let mut properties = vec![
        format!("file={}", escape_property(&path_property(path))),
        format!("line={}", start.line),
    ];
    // A column only means something on a one-line span.
    if start.line == end.line {
        properties.push(format!("col={}", start.column));
    }
    properties.push(format!("endLine={}", end.line.max(start.line)));
    if start.line == end.line {
        properties.push(format!("endColumn={}", end.column.max(start.column)));
    }
    properties.push(format!("title={}", escape_property(d.rule.id)));

    // Each part is sanitized on its own; the line breaks between them are ours and are
    // escaped below like the rest of the data.
    let mut message = sanitize_message(&d.finding.message);
    for r in &d.finding.related {
        message.push_str(&format!(
            "\n{}:{}:{}: {}",
            sanitize_message(path),
            r.location.start.line,
            r.location.start.column,
            sanitize_message(&r.message)
        ));
    }
    if let Some(help) = &d.finding.help {
        message.push_str(&format!("\nhelp: {}", sanitize_message(help)));
    }
    format!(
        "::{} {}::{}\n",
        command(d.severity),
        properties.join(","),
        escape_data(&message)
    )
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let mut text = String::new();
    for outcome in &report.outcomes {
        match &outcome.result {
            Ok(result) => {
                for d in &result.diagnostics {
                    text.push_str(&annotation(&outcome.path, d));
                }
            }
            Err(message) => {
                let data = format!(
                    "{}: {}",
                    sanitize_message(&outcome.path),
                    sanitize_message(message)
                );
                text.push_str(&format!(
                    "::error title=astro-preflight::{}\n",
                    escape_data(&data)
                ));
            }
        }
    }
    text.push_str(&summary_line(report));
    text.push('\n');
    out.write_all(text.as_bytes())
}

/// `astro-preflight: 3 files checked: 1 error, 2 warnings (1 suppressed)`: plain text, so
/// that the runner shows it as it is.
fn summary_line(report: &Report) -> String {
    let mut line = format!("astro-preflight: {}", report.summary.line());
    for note in &report.notes {
        line.push_str(&format!("; {note}"));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_as_the_runner_unescapes() {
        assert_eq!(escape_data("a%0A\r\nb::c,d"), "a%250A%0D%0Ab::c,d");
        assert_eq!(escape_property("a%b:c,d\ne"), "a%25b%3Ac%2Cd%0Ae");
    }
}
