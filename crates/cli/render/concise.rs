//! `--format concise`: one line a finding, for grep and editors' error formats, then the
//! summary and the notes, as the human report ends.
//!
//! ```text
//! m.yaml:7:12: error[cidr-too-small] VPC CIDR 10.0.0.0/24 is too small …
//! missing.yaml: error: cannot read the file: no such file or directory
//! ```
//!
//! A finding's line is `path:line:column: severity[rule-id] message` (line and column 1-based,
//! the column in characters); an input that could not be read is `path: error: message`. The
//! message is sanitized (line breaks and control characters shown as `\u{..}`), so each finding
//! is exactly one line. Vim's `errorformat` and VS Code's problem matcher for it are in
//! docs/ci.md.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use astro_preflight_linter::Severity;

use super::sanitize_message;
use crate::report::Report;

fn style(severity: Severity) -> Style {
    let color = match severity {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
        Severity::Info => AnsiColor::Cyan,
    };
    Style::new().fg_color(Some(color.into())).bold()
}

/// `text` in `style` when colouring.
fn paint(text: &str, style: Style, color: bool) -> String {
    if color {
        format!("{style}{text}{style:#}")
    } else {
        text.to_owned()
    }
}

pub fn render(report: &Report, out: &mut dyn Write, color: bool) -> io::Result<()> {
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let mut text = String::new();
    for outcome in &report.outcomes {
        let path = sanitize_message(&outcome.path);
        match &outcome.result {
            Err(message) => text.push_str(&format!(
                "{}: {}: {}\n",
                paint(&path, bold, color),
                paint("error", style(Severity::Error), color),
                sanitize_message(message)
            )),
            Ok(result) => {
                for d in &result.diagnostics {
                    let at = d.finding.location.start;
                    text.push_str(&format!(
                        "{}: {}{} {}\n",
                        paint(&format!("{path}:{}:{}", at.line, at.column), bold, color),
                        paint(d.severity.as_str(), style(d.severity), color),
                        paint(&format!("[{}]", d.rule.id), dim, color),
                        sanitize_message(&d.finding.message)
                    ));
                }
            }
        }
    }
    text.push_str(&super::closing(report));
    out.write_all(text.as_bytes())
}
