//! Runs the rules over one manifest: load, rules, schema diagnostics, severities, suppressions.

use std::collections::HashMap;

use astro_preflight_facts::Facts;
use astro_preflight_manifest::{load, Document, Limits, Parsed, SchemaErrorKind, YamlError};

use crate::context::{locate, new_diagnostic, Context, Emitter};
use crate::diagnostic::{Diagnostic, Related, Severity};
use crate::registry::{self, Rule, RuleKind};
use crate::rules;
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
    mask_secrets(&mut document);
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

/// Replaces the values of external-ID keys with asterisks (same length, so every span holds),
/// so that no renderer can show them, whether or not their rule is on.
fn mask_secrets(document: &mut Document) {
    let Ok(parsed) = &document.parsed else { return };
    let secrets = rules::syntax::external_id_in_manifest::secret_spans(parsed);
    if secrets.is_empty() {
        return;
    }
    let mut bytes = std::mem::take(&mut document.source).into_bytes();
    for span in secrets {
        if let Some(slice) = bytes.get_mut(span.range()) {
            // Whole characters are replaced, so the text stays UTF-8.
            slice.fill(b'*');
        }
    }
    document.source = String::from_utf8(bytes).unwrap_or_default();
}
