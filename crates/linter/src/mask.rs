//! Secrets never reach a renderer: external-ID values (and `ASTRO_API_TOKEN`, wherever it
//! appears) are masked in the source text and in every message, whether or not their rule is on.

use astro_preflight_manifest::{Document, Span};
use serde_json::Value;

use crate::diagnostic::Diagnostic;
use crate::rules::syntax::external_id_in_manifest::{is_external_id_key, secret_pointers};
use crate::settings::Secret;

/// Hides external IDs from every renderer, whether or not their rule is on: the values of
/// external-ID keys in the source (found in the parsed document, or by a line scan when the
/// file does not parse, which masks the rest of the key's line), every other occurrence of those values in the source
/// (an anchor's text reached through an alias), and any occurrence in a message.
///
/// Each character becomes a mask character of the same UTF-8 length, so that every span and
/// every line and column computed before masking still holds.
///
/// `secrets`: the external-ID keys' pointers when the rules' context has found them already.
pub(crate) fn mask_secrets(
    document: &mut Document,
    diagnostics: &mut [Diagnostic],
    token: Option<&Secret>,
    secrets: Option<Vec<String>>,
) {
    let mut spans = Vec::new();
    let mut values = Vec::new();
    let textual = match &document.parsed {
        Ok(parsed) => {
            for pointer in secrets.unwrap_or_else(|| secret_pointers(parsed)) {
                spans.extend(parsed.spans.get(&pointer).map(|s| s.value));
                if let Some(value) = astro_preflight_manifest::pointer::get(&parsed.json, &pointer)
                {
                    scalars(value, &mut values);
                }
            }
            Vec::new()
        }
        // No tree to find the keys in: find them in the text.
        Err(_) => textual_secret_spans(&document.source),
    };
    for span in textual {
        // The value's words, without tags, anchors, aliases, quotes, flow punctuation or a
        // trailing comment: what a message might quote.
        let words = document.source[span.range()]
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | '{' | '}' | '[' | ']'))
            .take_while(|w| !w.starts_with('#'))
            .filter(|w| !w.starts_with(['!', '&', '*']))
            .map(|w| w.trim_matches(['"', '\'']))
            .filter(|w| !w.is_empty());
        values.extend(words.map(str::to_owned));
        spans.push(span);
    }
    // The Astro API token, wherever it is (a manifest should never hold it).
    values.extend(token.map(|t| t.0.clone()));
    // Short values would mask unrelated text; a real external ID is longer.
    values.retain(|v| v.chars().count() >= MIN_MASKED_VALUE);
    values.sort_by_key(|v| std::cmp::Reverse(v.len()));
    values.dedup();
    if spans.is_empty() && values.is_empty() {
        return;
    }
    for value in &values {
        let source = &document.source;
        spans.extend(
            source
                .match_indices(value.as_str())
                .map(|(at, v)| Span::new(at, at + v.len())),
        );
    }
    // A fix never carries a secret: drop any that touches or writes one.
    for d in diagnostics.iter_mut() {
        d.finding.fix = d
            .finding
            .fix
            .take()
            .filter(|f| !crate::fix::carries_secret(f, &spans, &values));
    }
    let mut source = std::mem::take(&mut document.source);
    for span in spans {
        mask_range(&mut source, span);
    }
    document.source = source;
    for d in diagnostics {
        for text in std::iter::once(&mut d.finding.message)
            .chain(d.finding.help.iter_mut())
            .chain(std::iter::once(&mut d.finding.label))
            .chain(d.finding.related.iter_mut().map(|r| &mut r.message))
        {
            for value in &values {
                if text.contains(value.as_str()) {
                    let mut masked = text.clone();
                    for (at, v) in text.match_indices(value.as_str()) {
                        mask_range(&mut masked, Span::new(at, at + v.len()));
                    }
                    *text = masked;
                }
            }
        }
    }
}

/// Values at least this long are masked wherever they appear, not only where they are set.
const MIN_MASKED_VALUE: usize = 4;

/// Replaces the characters of `span` (clamped to the text and to character boundaries) with
/// mask characters of the same UTF-8 length and display width.
fn mask_range(text: &mut String, span: Span) {
    let mut start = span.start.min(text.len());
    let mut end = span.end.min(text.len()).max(start);
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    while !text.is_char_boundary(end) {
        end += 1;
    }
    if start == end {
        return;
    }
    let masked: String = text[start..end]
        .chars()
        .map(|c| match c {
            '\n' | '\r' => c,
            _ => match c.len_utf8() {
                1 => '*',
                2 => '\u{00D7}',  // ×
                3 => '\u{2217}',  // ∗
                _ => '\u{1D7CE}', // 𝟎
            },
        })
        .collect();
    text.replace_range(start..end, &masked);
}

/// The string form of every scalar in `value` (the value of an external-ID key).
fn scalars(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => map.values().for_each(|child| scalars(child, out)),
        Value::Array(items) => items.iter().for_each(|child| scalars(child, out)),
        Value::String(s) => out.push(s.clone()),
        Value::Number(n) => out.push(n.to_string()),
        _ => {}
    }
}

/// The rest of each line after a key named like an external ID (`externalId:`,
/// `"external_id":`): found in the text, so that it works on files that do not parse.
fn textual_secret_spans(source: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        for (colon, _) in content.match_indices(':') {
            let before = content[..colon].trim_end_matches(['"', '\'']);
            let key_start = before
                .rfind(|c: char| !(c.is_alphanumeric() || c == '-' || c == '_'))
                .map_or(0, |i| {
                    i + before[i..].chars().next().map_or(1, char::len_utf8)
                });
            let key = &before[key_start..];
            if !key.is_empty() && is_external_id_key(key) {
                let rest = &content[colon + 1..];
                let value_start = colon + 1 + (rest.len() - rest.trim_start().len());
                if value_start < content.len() {
                    spans.push(Span::new(offset + value_start, offset + content.len()));
                }
                break;
            }
        }
        offset += line.len();
    }
    spans
}
