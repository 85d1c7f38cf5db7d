//! `--format human`: miette's graphical report per diagnostic, then a one-line summary.

use std::fmt;
use std::io::{self, IsTerminal, Write};

use astro_preflight_linter::{Diagnostic, Severity};
use miette::{GraphicalReportHandler, GraphicalTheme, LabeledSpan, NamedSource};

use super::{sanitize_message, sanitize_source};
use crate::report::Report;

/// Whether to colour the output: stdout is a terminal and `NO_COLOR` is unset or empty.
pub fn use_color() -> bool {
    io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// A diagnostic as miette renders it.
struct Shown {
    message: String,
    code: &'static str,
    severity: miette::Severity,
    help: Option<String>,
    labels: Vec<LabeledSpan>,
    source: NamedSource<String>,
}

impl fmt::Debug for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Shown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Shown {}

impl miette::Diagnostic for Shown {
    fn code<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        Some(Box::new(self.code))
    }

    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }

    fn help<'a>(&'a self) -> Option<Box<dyn fmt::Display + 'a>> {
        self.help.as_ref().map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        Some(&self.source)
    }

    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(self.labels.iter().cloned()))
    }
}

fn severity(s: Severity) -> miette::Severity {
    match s {
        Severity::Error => miette::Severity::Error,
        Severity::Warning => miette::Severity::Warning,
        Severity::Info => miette::Severity::Advice,
    }
}

fn shown(path: &str, source: &str, d: &Diagnostic) -> Shown {
    let mut labels = vec![LabeledSpan::new_primary_with_span(Some(sanitize_message(&d.label)), d.span.range())];
    for r in &d.related {
        labels.push(LabeledSpan::new_with_span(Some(sanitize_message(&r.message)), r.span.range()));
    }
    Shown {
        message: sanitize_message(&d.message),
        code: d.rule,
        severity: severity(d.severity),
        help: d.help.as_deref().map(sanitize_message),
        labels,
        source: NamedSource::new(sanitize_message(path), sanitize_source(source)).with_language("yaml"),
    }
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let color = use_color();
    let theme = if color { GraphicalTheme::unicode() } else { GraphicalTheme::unicode_nocolor() };
    let handler = GraphicalReportHandler::new_themed(theme).with_width(100).with_context_lines(1);
    let mut text = String::new();
    for outcome in &report.outcomes {
        match &outcome.result {
            Err(message) => {
                text.push_str(&format!("error: {}: {}\n\n", sanitize_message(&outcome.path), sanitize_message(message)));
            }
            Ok(result) => {
                for d in &result.diagnostics {
                    let shown = shown(&outcome.path, &result.document.source, d);
                    if handler.render_report(&mut text, &shown).is_err() {
                        text.push_str(&format!("{}: {}\n", d.rule, shown.message));
                    }
                    text.push('\n');
                }
            }
        }
    }
    let s = report.summary();
    let mut parts = Vec::new();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    if s.errors > 0 {
        parts.push(plural(s.errors, "error"));
    }
    if s.warnings > 0 {
        parts.push(plural(s.warnings, "warning"));
    }
    if s.infos > 0 {
        parts.push(plural(s.infos, "info"));
    }
    let checked = plural(s.files - s.failures, "file");
    let mut line = if parts.is_empty() {
        format!("{checked} checked: no problems")
    } else {
        format!("{checked} checked: {}", parts.join(", "))
    };
    if s.suppressed > 0 {
        line.push_str(&format!(" ({} suppressed)", s.suppressed));
    }
    if s.failures > 0 {
        line.push_str(&format!("; {} could not be read", plural(s.failures, "input")));
    }
    text.push_str(&line);
    text.push('\n');
    if s.online_skipped > 0 {
        let online = astro_preflight_linter::registry::all().iter().filter(|r| r.kind == astro_preflight_linter::RuleKind::Online).count();
        text.push_str(&format!(
            "note: the {online} online rules were skipped (account, quotas, regions, peering VPCs); run with --online, or --facts FILE\n"
        ));
    }
    out.write_all(text.as_bytes())
}
