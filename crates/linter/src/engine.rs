//! Runs the rules over one manifest: load, rules, schema diagnostics, severities, suppressions.

use std::collections::HashMap;

use astro_preflight_facts::Facts;
use astro_preflight_manifest::{load, Document, Limits, Parsed, SchemaErrorKind, Span, YamlError};
use serde_json::Value;

use crate::context::{locate, new_diagnostic, Context, Emitter};
use crate::diagnostic::{Diagnostic, Related, Severity};
use crate::registry::{self, Rule, RuleKind};
use crate::rules;
use crate::rules::syntax::external_id_in_manifest::is_external_id_key;
use crate::suppression;
use crate::tables::Tables;

/// What a rule is set to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

/// Everything that shapes a check besides the manifest and the facts.
#[derive(Debug, Clone)]
pub struct Settings {
    pub tables: Tables,
    /// Per-rule level; rules not named keep their default severity.
    pub levels: HashMap<String, Level>,
    pub limits: Limits,
    /// Honour `# preflight-ignore` comments (off for audits: `--no-inline-ignores`).
    pub inline_ignores: bool,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { tables: Tables::default(), levels: HashMap::new(), limits: Limits::default(), inline_ignores: true }
    }
}

impl Settings {
    /// The severity a rule runs at, or `None` when it is off.
    pub fn severity(&self, rule: &Rule) -> Option<Severity> {
        match self.levels.get(rule.id) {
            Some(Level::Off) => None,
            Some(Level::On(s)) => Some(*s),
            None => Some(rule.default_severity),
        }
    }
}

/// Whether the online rules ran.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OnlineStatus {
    /// Facts were given and the online rules ran.
    Ran,
    /// No facts: the online rules did not run.
    Skipped,
    /// The manifest could not be read far enough to ask for facts.
    NotApplicable,
}

/// The result of checking one file.
#[derive(Debug)]
pub struct FileResult {
    /// The document as loaded; secrets in it (external IDs) are masked.
    pub document: Document,
    /// Sorted by position.
    pub diagnostics: Vec<Diagnostic>,
    /// Diagnostics silenced by inline `preflight-ignore` comments.
    pub suppressed: usize,
    pub online: OnlineStatus,
}

/// Rules whose diagnostic replaces the schema's for the same value: one problem, one
/// diagnostic.
const SUPERSEDES_SCHEMA: &[&str] = &["account-id-unquoted", "external-id-in-manifest", "cidr-invalid"];

/// Checks the bytes of one manifest file.
pub fn check(bytes: &[u8], settings: &Settings, facts: Option<&Facts>) -> FileResult {
    let document = load(bytes, &settings.limits);
    check_document(document, settings, facts)
}

/// Checks a loaded document.
pub fn check_document(mut document: Document, settings: &Settings, facts: Option<&Facts>) -> FileResult {
    let mut diagnostics = Vec::new();
    let mut online = OnlineStatus::NotApplicable;
    let mut ran: Vec<&'static str> = Vec::new();
    match &document.parsed {
        Err(error) => {
            if let Some(severity) = settings.severity(&rules::syntax::yaml_syntax::RULE) {
                diagnostics.push(yaml_diagnostic(&document, error, severity));
            }
        }
        Ok(parsed) => {
            if let Some(manifest) = &parsed.manifest {
                let cx = Context::new(&document, parsed, manifest, &settings.tables, facts);
                online = if facts.is_some() { OnlineStatus::Ran } else { OnlineStatus::Skipped };
                for rule in registry::all() {
                    let runs = match rule.kind {
                        RuleKind::Offline => true,
                        RuleKind::Online => facts.is_some(),
                        RuleKind::Engine => false,
                    };
                    let Some(severity) = settings.severity(rule).filter(|_| runs) else { continue };
                    ran.push(rule.id);
                    (rule.check)(&cx, &mut Emitter::new(rule, severity, parsed, &mut diagnostics));
                }
            }
            if let Some(severity) = settings.severity(&rules::syntax::schema::RULE) {
                schema_diagnostics(&document, parsed, severity, &mut diagnostics);
            }
        }
    }
    let mut suppressed = 0;
    if settings.inline_ignores {
        suppressed = suppression::apply(&document, settings, &ran, &mut diagnostics);
    }
    mask_secrets(&mut document, &mut diagnostics);
    diagnostics.sort_by(|a, b| {
        (a.location.start, a.rule, &a.message).cmp(&(b.location.start, b.rule, &b.message))
    });
    FileResult { document, diagnostics, suppressed, online }
}

fn yaml_diagnostic(document: &Document, error: &YamlError, severity: Severity) -> Diagnostic {
    let mut related = Vec::new();
    if let Some((span, message)) = &error.related {
        related.push(Related { pointer: String::new(), span: *span, location: document.location(*span), message: message.clone() });
    }
    Diagnostic {
        rule: rules::syntax::yaml_syntax::RULE.id,
        severity,
        message: error.message.clone(),
        help: None,
        pointer: String::new(),
        span: error.span,
        location: document.location(error.span),
        label: "here".to_owned(),
        related,
        fix: None,
    }
}

fn schema_diagnostics(document: &Document, parsed: &Parsed, severity: Severity, out: &mut Vec<Diagnostic>) {
    let superseding: Vec<String> = out
        .iter()
        .filter(|d| SUPERSEDES_SCHEMA.contains(&d.rule))
        .map(|d| d.pointer.clone())
        .collect();
    for error in &parsed.schema_errors {
        let covered = superseding.iter().any(|p| {
            error.pointer == *p || error.pointer.strip_prefix(p.as_str()).is_some_and(|rest| rest.starts_with('/'))
        });
        if covered {
            continue;
        }
        let key = error.kind == SchemaErrorKind::UnknownKey;
        let mut d = new_diagnostic(document, parsed, &error.pointer, key, error.message.clone());
        d.rule = rules::syntax::schema::RULE.id;
        d.severity = severity;
        d.help = error.help.clone();
        d.label = match error.kind {
            SchemaErrorKind::Missing { .. } => "missing a required key".to_owned(),
            SchemaErrorKind::UnknownKey => "unknown key".to_owned(),
            SchemaErrorKind::Type => "wrong type".to_owned(),
            SchemaErrorKind::Value => "invalid value".to_owned(),
        };
        if let SchemaErrorKind::Missing { parent } = &error.kind {
            // Point at the mapping's key; a list item has none: its first line.
            d.span = match parsed.spans.get(parent) {
                Some(spans) => spans.key.unwrap_or_else(|| first_line(&document.source, spans.value)),
                None => locate(parsed, parent, true),
            };
            d.location = document.location(d.span);
        }
        out.push(d);
    }
}

/// The part of a span on its first line.
fn first_line(source: &str, span: astro_preflight_manifest::Span) -> astro_preflight_manifest::Span {
    let text = source.get(span.range()).unwrap_or_default();
    let len = text.find(['\n', '\r']).unwrap_or(text.len());
    astro_preflight_manifest::Span::new(span.start, span.start + len)
}

/// Hides external IDs from every renderer, whether or not their rule is on: the values of
/// external-ID keys in the source (found in the parsed document, or by a line scan when the
/// file does not parse, which masks the rest of the key's line), every other occurrence of those values in the source
/// (an anchor's text reached through an alias), and any occurrence in a message.
///
/// Each character becomes a mask character of the same UTF-8 length, so that every span and
/// every line and column computed before masking still holds.
fn mask_secrets(document: &mut Document, diagnostics: &mut [Diagnostic]) {
    let mut spans = Vec::new();
    let mut values = Vec::new();
    let textual = match &document.parsed {
        Ok(parsed) => {
            spans = rules::syntax::external_id_in_manifest::secret_spans(parsed);
            secret_values(&parsed.json, false, &mut values);
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
    // Short values would mask unrelated text; a real external ID is longer.
    values.retain(|v| v.chars().count() >= MIN_MASKED_VALUE);
    values.sort_by_key(|v| std::cmp::Reverse(v.len()));
    values.dedup();
    if spans.is_empty() && values.is_empty() {
        return;
    }
    for value in &values {
        let source = &document.source;
        spans.extend(source.match_indices(value.as_str()).map(|(at, v)| Span::new(at, at + v.len())));
    }
    // A fix never carries a secret: drop any that touches or writes one.
    for d in diagnostics.iter_mut() {
        d.fix = d.fix.take().filter(|f| !crate::fix::carries_secret(f, &spans, &values));
    }
    let mut source = std::mem::take(&mut document.source);
    for span in spans {
        mask_range(&mut source, span);
    }
    document.source = source;
    for d in diagnostics {
        for text in std::iter::once(&mut d.message)
            .chain(d.help.iter_mut())
            .chain(std::iter::once(&mut d.label))
            .chain(d.related.iter_mut().map(|r| &mut r.message))
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

/// The string form of every scalar under an external-ID key.
fn secret_values(value: &Value, secret: bool, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                secret_values(child, secret || is_external_id_key(key), out);
            }
        }
        Value::Array(items) => items.iter().for_each(|child| secret_values(child, secret, out)),
        Value::String(s) if secret => out.push(s.clone()),
        Value::Number(n) if secret => out.push(n.to_string()),
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
                .map_or(0, |i| i + before[i..].chars().next().map_or(1, char::len_utf8));
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
