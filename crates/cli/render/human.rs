//! `--format human`: miette's graphical report per diagnostic, then a one-line summary.

use std::fmt;
use std::io::{self, Write};

use std::sync::Arc;

use astro_preflight_linter::{Diagnostic, Severity};
use miette::{
    GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError, MietteSpanContents,
    SourceCode, SourceSpan, SpanContents,
};
use textwrap::core::Word;
use textwrap::{WordSeparator, WordSplitter};

use super::{sanitize_message, sanitize_source};
use crate::report::Report;

/// A diagnostic as miette renders it.
struct Shown {
    message: String,
    code: &'static str,
    severity: miette::Severity,
    help: Option<String>,
    labels: Vec<LabeledSpan>,
    source: Option<Arc<Source>>,
}

/// One file's text as miette shows it: sanitized once per file, with an index of its line
/// starts, so that each diagnostic reads only the lines it shows. (miette's own `SourceCode`
/// for strings scans from the start of the text for every diagnostic: quadratic in a file
/// with many findings.)
struct Source {
    name: String,
    text: String,
    /// Byte offsets of line starts, lines broken as miette breaks them: `\n`, `\r\n`, `\r`.
    starts: Vec<usize>,
}

impl Source {
    fn new(name: String, text: String) -> Source {
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        for (i, b) in bytes.iter().enumerate() {
            let ends_line = *b == b'\n' || (*b == b'\r' && bytes.get(i + 1) != Some(&b'\n'));
            if ends_line {
                starts.push(i + 1);
            }
        }
        Source { name, text, starts }
    }

    /// The 0-based line holding a byte offset.
    fn line_of(&self, offset: usize) -> usize {
        match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        }
    }

    /// The bytes from the start of the line `before` lines above `span`'s first to the end
    /// of the line `after` lines below its last, and the 0-based line it starts on.
    fn window(
        &self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Option<(usize, usize, usize)> {
        let start = span.offset();
        let end = start.checked_add(span.len())?;
        if end > self.text.len() {
            return None;
        }
        let first = self.line_of(start).saturating_sub(before);
        let last = self.line_of(end.saturating_sub(1).max(start)) + after;
        let from = self.starts[first];
        let to = self
            .starts
            .get(last + 1)
            .copied()
            .unwrap_or(self.text.len());
        Some((from, to, first))
    }
}

impl SourceCode for Source {
    fn read_span<'a>(
        &'a self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'a> + 'a>, MietteError> {
        let (from, to, first) = self
            .window(span, before, after)
            .ok_or(MietteError::OutOfBounds)?;
        let window = &self.text[from..to];
        let inner = window.read_span(
            &SourceSpan::new((span.offset() - from).into(), span.len()),
            before,
            after,
        )?;
        // miette counts the column (shown in the header) in bytes; the rest of the tool, like
        // editors, in characters.
        let column = if before == 0 {
            let line_start = self.starts[self.line_of(span.offset())];
            self.text[line_start..span.offset()].chars().count()
        } else {
            inner.column()
        };
        let contents = MietteSpanContents::new_named(
            self.name.clone(),
            inner.data(),
            SourceSpan::new((inner.span().offset() + from).into(), inner.span().len()),
            inner.line() + first,
            column,
            inner.line_count(),
        )
        .with_language("yaml");
        Ok(Box::new(contents))
    }
}

/// Lines shown around a diagnostic, each side.
const CONTEXT_LINES: usize = 1;

/// A snippet longer than this (a value of megabytes on one line) is not shown: the
/// diagnostic gives its location instead.
const MAX_SNIPPET_BYTES: usize = 16 * 1024;

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
        self.help
            .as_ref()
            .map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }

    fn source_code(&self) -> Option<&dyn miette::SourceCode> {
        self.source.as_deref().map(|s| s as &dyn miette::SourceCode)
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

/// A diagnostic to render, and whether its snippet had to be left out (too long to show).
fn shown(source: &Arc<Source>, d: &Diagnostic) -> (Shown, bool) {
    let mut spans = vec![(d.finding.span, sanitize_message(&d.finding.label), true)];
    spans.extend(
        d.finding
            .related
            .iter()
            .map(|r| (r.span, sanitize_message(&r.message), false)),
    );
    let fits = spans.iter().all(|(span, _, _)| {
        source
            .window(
                &SourceSpan::new(span.start.into(), span.len()),
                CONTEXT_LINES,
                CONTEXT_LINES,
            )
            .is_some_and(|(from, to, _)| to - from <= MAX_SNIPPET_BYTES)
    });
    let labels = if fits {
        spans
            .into_iter()
            .map(|(span, label, primary)| {
                if primary {
                    LabeledSpan::new_primary_with_span(Some(label), span.range())
                } else {
                    LabeledSpan::new_with_span(Some(label), span.range())
                }
            })
            .collect()
    } else {
        Vec::new()
    };
    let shown = Shown {
        message: sanitize_message(&d.finding.message),
        code: d.rule.id,
        severity: severity(d.severity),
        help: d.finding.help.as_deref().map(sanitize_message),
        labels,
        source: fits.then(|| Arc::clone(source)),
    };
    (shown, !fits)
}

/// The width to wrap at: `COLUMNS` when set (terminals and CI runners export it), else 100.
pub fn width() -> usize {
    columns().unwrap_or(100)
}

/// `COLUMNS`, when set to a usable width (40 or more).
pub fn columns() -> Option<usize> {
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .filter(|w| *w >= 40)
}

/// Wraps one line to `width` columns (counted as a terminal shows them), never inside a word or
/// a `code span`; its continuation lines start with `indent` spaces. A word longer than the
/// line overflows it.
pub fn wrap_line(line: &str, width: usize, indent: usize) -> String {
    let lead = line.len() - line.trim_start_matches(' ').len();
    let (first, rest) = line.split_at(lead);
    let pad = " ".repeat(indent);
    let options = textwrap::Options::new(width.max(indent + 1))
        .initial_indent(first)
        .subsequent_indent(&pad)
        .word_splitter(WordSplitter::NoHyphenation)
        .word_separator(WordSeparator::Custom(code_spans_whole))
        .break_words(false);
    textwrap::wrap(rest, options).join("\n")
}

/// Wraps text to `width` columns, line by line: a continuation line keeps its line's indent
/// (past a `- ` list marker); fenced code blocks, headings and table rows are left as they are
/// (in Markdown, the wrapped text renders as the original does).
pub fn wrap(text: &str, width: usize) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut fenced = false;
    for line in text.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
        }
        // Code, headings and table rows stay whole.
        let whole = ["```", "#", "|"]
            .iter()
            .any(|p| line.trim_start().starts_with(p));
        if fenced || whole || line.trim().is_empty() {
            out.push_str(line);
        } else {
            let trimmed = line.trim_start_matches(' ');
            let mut indent = line.len() - trimmed.len();
            if trimmed.starts_with("- ") || trimmed.starts_with("* ") {
                indent += 2;
            }
            out.push_str(&wrap_line(line, width, indent));
        }
        out.push('\n');
    }
    out
}

/// Splits a line into words at spaces, keeping each `code span` (with its backticks) one word.
fn code_spans_whole(line: &str) -> Box<dyn Iterator<Item = Word<'_>> + '_> {
    let mut words = Vec::new();
    let mut start = 0;
    let mut in_code = false;
    let bytes = line.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'`' => in_code = !in_code,
            b' ' if !in_code => {
                // The word ends after its run of spaces.
                while i + 1 < bytes.len() && bytes[i + 1] == b' ' {
                    i += 1;
                }
                words.push(Word::from(&line[start..=i]));
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < line.len() {
        words.push(Word::from(&line[start..]));
    }
    Box::new(words.into_iter())
}

pub fn render(report: &Report, out: &mut dyn Write, color: bool) -> io::Result<()> {
    let theme = if color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_width(width())
        .with_context_lines(CONTEXT_LINES)
        // What users copy stays whole: no line break inside a word (`ap-south-1`,
        // `astronomer-remote-management`) or inside a `code span` (a command), however narrow
        // the terminal; a longer one overflows the line instead.
        .with_word_splitter(WordSplitter::NoHyphenation)
        .with_word_separator(WordSeparator::Custom(code_spans_whole))
        .with_break_words(false);
    let mut text = String::new();
    for outcome in &report.outcomes {
        match &outcome.result {
            Err(message) => {
                text.push_str(&format!(
                    "error: {}: {}\n\n",
                    sanitize_message(&outcome.path),
                    sanitize_message(message)
                ));
            }
            Ok(result) => {
                if result.diagnostics.is_empty() {
                    continue;
                }
                let source = Arc::new(Source::new(
                    sanitize_message(&outcome.path),
                    sanitize_source(&result.source),
                ));
                for d in &result.diagnostics {
                    let (shown, too_long) = shown(&source, d);
                    if handler.render_report(&mut text, &shown).is_err() {
                        text.push_str(&format!("{}: {}\n", d.rule, shown.message));
                    }
                    if too_long {
                        let at = d.finding.location.start;
                        text.push_str(&format!(
                            "  at {}:{}:{} (the line is too long to show)\n",
                            source.name, at.line, at.column
                        ));
                    }
                    text.push('\n');
                }
            }
        }
    }
    text.push_str(&super::closing(report));
    out.write_all(text.as_bytes())
}
