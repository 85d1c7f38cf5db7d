//! Fixes: building the edits a rule attaches to its diagnostic, and applying them to the text.
//!
//! An edit replaces a byte span of the source as read; everything outside the spans is kept
//! byte for byte (comments, quoting style, key order, CRLF line endings). Fixes whose edits
//! overlap are refused as a whole; a result that no longer parses as YAML is never returned.

use astro_preflight_manifest::{Limits, Parsed, Span, load_str};

use crate::diagnostic::{Applicability, Diagnostic, Edit, Fix};

/// Which fixes to apply.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixMode {
    /// Safe fixes only (`--fix`).
    Safe,
    /// Safe and unsafe fixes (`--fix --unsafe-fixes`).
    Unsafe,
}

impl FixMode {
    /// Whether a fix of this applicability is applied in this mode.
    pub fn allows(self, applicability: Applicability) -> bool {
        matches!(
            (self, applicability),
            (_, Applicability::Safe) | (FixMode::Unsafe, Applicability::Unsafe)
        )
    }
}

/// The outcome of applying the fixes of one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Applied {
    /// The fixed text.
    pub text: String,
    /// How many fixes were applied.
    pub fixed: usize,
    /// Fixes left out because their edits overlap an earlier fix's.
    pub skipped_overlapping: usize,
    /// The edits applied, in order: [`splice`] makes the same change to the masked text.
    pub edits: Vec<Edit>,
}

/// Why fixes could not be applied to a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FixError {
    /// An edit's span is outside the text or not on character boundaries.
    BadSpan,
    /// The fixed text would not parse as YAML; the file is left as it is.
    WouldNotParse(String),
}

impl std::fmt::Display for FixError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FixError::BadSpan => f.write_str("a fix points outside the file"),
            FixError::WouldNotParse(why) => write!(
                f,
                "the fixed file would not parse ({why}); nothing was written"
            ),
        }
    }
}

/// Applies to `source` (the text as read, not the masked text) the fixes of `diagnostics`
/// that `mode` allows. A fix is applied whole or not at all: one whose edits overlap those of a
/// fix already taken is skipped and counted. The result is re-parsed with `limits` (the file's
/// configured `[limits]`); if it is no longer one YAML document within them, nothing is
/// applied.
pub fn apply(
    source: &str,
    diagnostics: &[Diagnostic],
    mode: FixMode,
    limits: &Limits,
) -> Result<Applied, FixError> {
    let mut taken: Vec<&Edit> = Vec::new();
    let mut fixed = 0;
    let mut skipped_overlapping = 0;
    for fix in diagnostics.iter().filter_map(|d| d.finding.fix.as_ref()) {
        if !mode.allows(fix.applicability) || fix.edits.is_empty() {
            continue;
        }
        for edit in &fix.edits {
            let Span { start, end } = edit.span;
            if start > end
                || end > source.len()
                || !source.is_char_boundary(start)
                || !source.is_char_boundary(end)
            {
                return Err(FixError::BadSpan);
            }
        }
        let overlaps = fix.edits.iter().enumerate().any(|(i, e)| {
            taken.iter().any(|t| overlap(t.span, e.span))
                || fix.edits[..i].iter().any(|o| overlap(o.span, e.span))
        });
        if overlaps {
            skipped_overlapping += 1;
            continue;
        }
        taken.extend(&fix.edits);
        fixed += 1;
    }
    let mut edits: Vec<Edit> = taken.into_iter().cloned().collect();
    edits.sort_by_key(|e| (e.span.start, e.span.end));
    let text = splice(source, &edits);
    if fixed > 0
        && let Err(e) = load_str(text.clone(), limits).parsed
    {
        return Err(FixError::WouldNotParse(e.message));
    }
    Ok(Applied {
        text,
        fixed,
        skipped_overlapping,
        edits,
    })
}

/// `text` with `edits` (sorted, not overlapping, on character boundaries of `text`, as
/// [`apply`] returns them) made. Applied to the masked source, it gives the masked fixed text:
/// a fix never touches a secret.
pub fn splice(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        let (Some(before), true) = (
            text.get(at..edit.span.start),
            text.is_char_boundary(edit.span.end),
        ) else {
            continue;
        };
        out.push_str(before);
        out.push_str(&edit.replacement);
        at = edit.span.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

/// Two spans overlap when they share a byte, or when both insert at the same offset (their
/// order would be undefined).
fn overlap(a: Span, b: Span) -> bool {
    (a.start < b.end && b.start < a.end)
        || a.start == b.start
        || (a.is_empty() && b.start < a.start && a.start < b.end)
        || (b.is_empty() && a.start < b.start && b.start < a.end)
}

/// Whether a fix would reveal a secret: an edit touching a masked span, or a value to be
/// masked in its message or replacement text. Such a fix is dropped.
pub(crate) fn carries_secret(fix: &Fix, secret_spans: &[Span], secret_values: &[String]) -> bool {
    fix.edits.iter().any(|e| {
        secret_spans
            .iter()
            .any(|s| s.start < e.span.end.max(e.span.start + 1) && e.span.start < s.end)
    }) || secret_values.iter().any(|v| {
        fix.message.contains(v.as_str())
            || fix.edits.iter().any(|e| e.replacement.contains(v.as_str()))
    })
}

/// An edit replacing the scalar at `pointer` with `new`, keeping its quotes (`"`, `'` or
/// none). `None` when the value is not a scalar written at that place (defaulted, reached
/// through an alias) or its text is not simply `old` (escapes, a block scalar).
pub(crate) fn replace_scalar(
    source: &str,
    parsed: &Parsed,
    pointer: &str,
    old: &str,
    new: &str,
) -> Option<Edit> {
    let span = parsed.spans.get(pointer)?.value;
    let written = source.get(span.range())?;
    let inner = [b'"', b'\'']
        .iter()
        .find_map(|&q| {
            let q = q as char;
            written.strip_prefix(q).and_then(|w| w.strip_suffix(q))
        })
        .unwrap_or(written);
    if inner != old || written.starts_with(['|', '>']) {
        return None;
    }
    let start = span.start + usize::from(inner.len() != written.len());
    Some(Edit {
        span: Span::new(start, start + inner.len()),
        replacement: new.to_owned(),
    })
}

/// An edit removing the line of the mapping entry at `pointer` (key and value on that one line,
/// nothing else on it but a comment), with its line ending. `None` when the entry shares its
/// line with other content (a flow mapping) or spans several lines.
pub(crate) fn remove_entry_line(source: &str, parsed: &Parsed, pointer: &str) -> Option<Edit> {
    let spans = parsed.spans.get(pointer)?;
    let key = spans.key?;
    let line_start = source[..key.start].rfind('\n').map_or(0, |i| i + 1);
    if !source[line_start..key.start]
        .chars()
        .all(|c| c == ' ' || c == '\t')
    {
        return None;
    }
    let line_end = source[key.start..]
        .find('\n')
        .map_or(source.len(), |i| key.start + i + 1);
    if spans.value.end > line_end {
        return None;
    }
    let rest = source[spans.value.end..line_end].trim_start_matches([' ', '\t']);
    if !(rest.is_empty() || rest.starts_with('#') || rest == "\n" || rest == "\r\n") {
        return None;
    }
    Some(Edit {
        span: Span::new(line_start, line_end),
        replacement: String::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A real diagnostic (any will do) carrying the given fix.
    fn diagnostic(applicability: Applicability, edits: &[(usize, usize, &str)]) -> Diagnostic {
        let manifest = "version: 1\ninstall: hybrid\naccount:\n  id: 1\ncluster:\n  name: a\n";
        let mut d = crate::check(manifest.as_bytes(), &crate::Settings::default(), None)
            .diagnostics
            .remove(0);
        d.finding.fix = Some(Fix {
            message: "fix".to_owned(),
            applicability,
            edits: edits
                .iter()
                .map(|&(s, e, r)| Edit {
                    span: Span::new(s, e),
                    replacement: r.to_owned(),
                })
                .collect(),
        });
        d
    }

    #[test]
    fn applies_non_overlapping_edits_in_order_and_skips_overlaps() {
        let source = "a: 1\nb: 2\r\nc: 3\n";
        let ds = [
            diagnostic(Applicability::Safe, &[(14, 15, "30")]),
            diagnostic(Applicability::Safe, &[(3, 4, "10")]),
            diagnostic(Applicability::Safe, &[(3, 4, "11")]),
        ];
        let applied = apply(source, &ds, FixMode::Safe, &Limits::default()).unwrap();
        assert_eq!(applied.text, "a: 10\nb: 2\r\nc: 30\n");
        assert_eq!((applied.fixed, applied.skipped_overlapping), (2, 1));
    }

    #[test]
    fn unsafe_fixes_only_in_unsafe_mode() {
        let source = "a: 1\n";
        let ds = [diagnostic(Applicability::Unsafe, &[(3, 4, "2")])];
        assert_eq!(
            apply(source, &ds, FixMode::Safe, &Limits::default())
                .unwrap()
                .text,
            source
        );
        assert_eq!(
            apply(source, &ds, FixMode::Unsafe, &Limits::default())
                .unwrap()
                .text,
            "a: 2\n"
        );
    }

    #[test]
    fn refuses_a_result_that_does_not_parse_and_bad_spans() {
        let ds = [diagnostic(Applicability::Safe, &[(3, 4, "[")])];
        assert!(matches!(
            apply("a: 1\n", &ds, FixMode::Safe, &Limits::default()),
            Err(FixError::WouldNotParse(_))
        ));
        let ds = [diagnostic(Applicability::Safe, &[(3, 40, "x")])];
        assert_eq!(
            apply("a: 1\n", &ds, FixMode::Safe, &Limits::default()),
            Err(FixError::BadSpan)
        );
    }
}
