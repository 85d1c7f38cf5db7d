//! The schema's errors as diagnostics of the `schema` rule, except where a dedicated rule
//! already reported the same value (one problem, one diagnostic: the rules that say so in
//! their declaration, `supersedes_schema`).

use astro_preflight_manifest::{Document, Parsed, SchemaErrorKind, Span};

use crate::context::{locate, new_finding};
use crate::registry::engine::SCHEMA;
use crate::sink::Sink;

/// Reports the schema's errors through the sink.
pub(crate) fn report(document: &Document, parsed: &Parsed, sink: &mut Sink<'_>) {
    for error in &parsed.schema_errors {
        if sink.superseded(&error.pointer) {
            continue;
        }
        let key = error.kind == SchemaErrorKind::UnknownKey;
        let mut finding = new_finding(document, parsed, &error.pointer, key, error.message.clone());
        finding.help = error.help.clone();
        finding.label = match error.kind {
            SchemaErrorKind::Missing { .. } => "missing a required key".to_owned(),
            SchemaErrorKind::UnknownKey => "unknown key".to_owned(),
            SchemaErrorKind::Type => "wrong type".to_owned(),
            SchemaErrorKind::Value => "invalid value".to_owned(),
        };
        if let SchemaErrorKind::Missing { parent } = &error.kind {
            // Point at the mapping's key; a list item has none: its first line; the root
            // mapping, at the start of the document (not at its first key, a sibling).
            finding.span = match parsed.spans.get(parent) {
                _ if parent.is_empty() => Span::new(0, 0),
                Some(spans) => spans
                    .key
                    .unwrap_or_else(|| first_line(&document.source, spans.value)),
                None => locate(parsed, parent, true),
            };
            finding.location = document.location(finding.span);
        }
        sink.push(&SCHEMA, finding);
    }
}

/// The part of a span on its first line.
fn first_line(source: &str, span: Span) -> Span {
    let text = source.get(span.range()).unwrap_or_default();
    let len = text.find(['\n', '\r']).unwrap_or(text.len());
    Span::new(span.start, span.start + len)
}
