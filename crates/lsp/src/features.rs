//! What the server answers: diagnostics, code actions (fixes and suppression comments), hover
//! (schema descriptions, rule documentation), completion (from the data tables).

use std::collections::HashMap;

use astro_preflight_linter::tables::{db_types, instance_types, regions};
use astro_preflight_linter::{Applicability, Diagnostic, Severity, sanitize};
use astro_preflight_manifest::pointer::{dotted, push_segment};
use astro_preflight_manifest::schema::{field_description, schema};
use lsp_types as lsp;
use serde_json::Value;

use crate::analysis::Analysis;
use crate::text::Lines;

/// The rule ID of a diagnostic: the one place this crate reads it.
fn rule_id(d: &Diagnostic) -> &'static str {
    d.rule.id
}

/// Where a rule's documentation is published.
pub fn help_uri(rule: &str) -> String {
    format!(
        "{}/blob/main/docs/rules/{rule}.md",
        env!("CARGO_PKG_REPOSITORY")
    )
}

fn severity(s: Severity) -> lsp::DiagnosticSeverity {
    match s {
        Severity::Error => lsp::DiagnosticSeverity::ERROR,
        Severity::Warning => lsp::DiagnosticSeverity::WARNING,
        Severity::Info => lsp::DiagnosticSeverity::INFORMATION,
    }
}

/// One diagnostic for the client. Positions come from the text as the client has it (the
/// masked source has the same byte offsets).
pub fn to_lsp(uri: &lsp::Uri, text: &str, lines: &Lines, d: &Diagnostic) -> lsp::Diagnostic {
    let related: Vec<lsp::DiagnosticRelatedInformation> = d
        .finding
        .related
        .iter()
        .map(|r| lsp::DiagnosticRelatedInformation {
            location: lsp::Location {
                uri: uri.clone(),
                range: lines.range(text, r.span.start, r.span.end),
            },
            message: sanitize::message(&r.message),
        })
        .collect();
    lsp::Diagnostic {
        range: lines.range(text, d.finding.span.start, d.finding.span.end),
        severity: Some(severity(d.severity)),
        code: Some(lsp::NumberOrString::String(rule_id(d).to_owned())),
        code_description: help_uri(rule_id(d))
            .parse()
            .ok()
            .map(|href| lsp::CodeDescription { href }),
        source: Some("astro-preflight".to_owned()),
        message: sanitize::message(&d.finding.message),
        related_information: (!related.is_empty()).then_some(related),
        tags: None,
        data: None,
    }
}

fn overlaps(a: &lsp::Range, b: &lsp::Range) -> bool {
    a.start <= b.end && b.start <= a.end
}

/// Quick fixes for the diagnostics in `range`: each fix, then a suppression comment.
pub fn code_actions(
    uri: &lsp::Uri,
    text: &str,
    lines: &Lines,
    analysis: &Analysis,
    range: &lsp::Range,
) -> Vec<lsp::CodeActionOrCommand> {
    let mut actions = Vec::new();
    let mut suppressions = Vec::new();
    for d in &analysis.result.diagnostics {
        let diagnostic = to_lsp(uri, text, lines, d);
        if !overlaps(&diagnostic.range, range) {
            continue;
        }
        if let Some(fix) = &d.finding.fix {
            let edits = fix
                .edits
                .iter()
                .map(|e| lsp::TextEdit {
                    range: lines.range(text, e.span.start, e.span.end),
                    new_text: e.replacement.clone(),
                })
                .collect();
            actions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: format!(
                    "{} ({})",
                    sanitize::message(&capitalize(&fix.message)),
                    rule_id(d)
                ),
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic.clone()]),
                edit: Some(workspace_edit(uri, edits)),
                is_preferred: Some(fix.applicability == Applicability::Safe),
                ..Default::default()
            }));
        }
        if d.rule.suppressible {
            let edit = suppression_edit(text, lines, d);
            suppressions.push(lsp::CodeActionOrCommand::CodeAction(lsp::CodeAction {
                title: format!(
                    "Suppress {} with `# preflight-ignore: {} -- reason`",
                    rule_id(d),
                    rule_id(d)
                ),
                kind: Some(lsp::CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![diagnostic]),
                edit: Some(workspace_edit(uri, vec![edit])),
                ..Default::default()
            }));
        }
    }
    actions.extend(suppressions);
    actions
}

fn workspace_edit(uri: &lsp::Uri, edits: Vec<lsp::TextEdit>) -> lsp::WorkspaceEdit {
    lsp::WorkspaceEdit {
        changes: Some(HashMap::from([(uri.clone(), edits)])),
        ..Default::default()
    }
}

fn capitalize(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// A `# preflight-ignore: RULE -- reason` line above the diagnostic's line, indented as it,
/// with the line's own line ending.
fn suppression_edit(text: &str, lines: &Lines, d: &Diagnostic) -> lsp::TextEdit {
    let start = text[..d.finding.span.start.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line = &text[start..];
    let line = &line[..line.find('\n').map_or(line.len(), |i| i + 1)];
    let indent: String = line
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    let eol = if line.ends_with("\r\n") { "\r\n" } else { "\n" };
    let at = lines.position(text, start);
    lsp::TextEdit {
        range: lsp::Range { start: at, end: at },
        new_text: format!("{indent}# preflight-ignore: {} -- reason{eol}", rule_id(d)),
    }
}

/// The documentation of the flagged values at `offset`, or the schema description of the field.
pub fn hover(text: &str, lines: &Lines, analysis: &Analysis, offset: usize) -> Option<lsp::Hover> {
    let flagged: Vec<&Diagnostic> = analysis
        .result
        .diagnostics
        .iter()
        .filter(|d| {
            d.finding.span.start <= offset
                && offset <= d.finding.span.end
                && !d.finding.span.is_empty()
        })
        .collect();
    if let Some(first) = flagged.first() {
        let mut value = String::new();
        for d in &flagged {
            if !value.is_empty() {
                value.push_str("\n\n---\n\n");
            }
            value.push_str(&format!(
                "**{}** ({}): {}\n",
                rule_id(d),
                d.severity.as_str(),
                sanitize::message(&d.finding.message)
            ));
            if let Some(help) = &d.finding.help {
                value.push_str(&format!("\nhelp: {}\n", sanitize::message(help)));
            }
            value.push_str(&format!(
                "\n{}\n\n[{}]({})",
                d.rule.documentation(),
                rule_id(d),
                help_uri(rule_id(d))
            ));
        }
        return Some(markdown(
            value,
            lines.range(text, first.finding.span.start, first.finding.span.end),
        ));
    }
    let parsed = analysis.result.document.parsed.as_ref().ok()?;
    let (pointer, span) = pointer_at(&parsed.json, &parsed.spans, offset)?;
    let description = field_description(schema(), &pointer)?;
    Some(markdown(
        format!("**{}**: {description}", dotted(&pointer)),
        lines.range(text, span.start, span.end),
    ))
}

fn markdown(value: String, range: lsp::Range) -> lsp::Hover {
    lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value,
        }),
        range: Some(range),
    }
}

/// The deepest node whose key or value holds `offset`.
fn pointer_at(
    value: &Value,
    spans: &astro_preflight_manifest::SpanIndex,
    offset: usize,
) -> Option<(String, astro_preflight_manifest::Span)> {
    fn walk(
        value: &Value,
        pointer: &mut String,
        spans: &astro_preflight_manifest::SpanIndex,
        offset: usize,
        best: &mut Option<(String, astro_preflight_manifest::Span)>,
    ) {
        let children: Vec<(String, &Value)> = match value {
            Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v)).collect(),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), v))
                .collect(),
            _ => return,
        };
        for (segment, child) in children {
            let len = pointer.len();
            push_segment(pointer, &segment);
            if let Some(s) = spans.get(pointer) {
                let inside = |span: astro_preflight_manifest::Span| {
                    span.start <= offset && offset <= span.end
                };
                if let Some(key) = s.key.filter(|k| inside(*k)) {
                    *best = Some((pointer.clone(), key));
                } else if inside(s.value) {
                    *best = Some((pointer.clone(), s.value));
                    walk(child, pointer, spans, offset, best);
                }
            }
            pointer.truncate(len);
        }
    }
    let mut best = None;
    walk(value, &mut String::new(), spans, offset, &mut best);
    best
}

/// Values for `install`, `cluster.region`, `cluster.nodeInstanceType` and
/// `cluster.dbInstanceType`, from the data tables and the `[allow]` lists.
pub fn completion(
    text: &str,
    lines: &Lines,
    analysis: Option<&Analysis>,
    offset: usize,
) -> Vec<lsp::CompletionItem> {
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    let indent = before.len() - before.trim_start_matches([' ', '\t']).len();
    let Some((key, value)) = before[indent..].split_once(':') else {
        return Vec::new();
    };
    let key = key.trim().trim_matches(['"', '\'']);
    let typed = value.trim_start();
    let typed = typed.strip_prefix(['"', '\'']).unwrap_or(typed);
    if typed.contains(char::is_whitespace) || typed.contains(['#', '"', '\'']) {
        return Vec::new();
    }
    let start = lines.position(text, offset - typed.len());
    let end = lines.position(text, offset);
    let tables = analysis
        .map(|a| a.settings.tables.clone())
        .unwrap_or_default();
    let values: Vec<(String, String)> = match key {
        "install" if indent == 0 => vec![
            (
                "hybrid".to_owned(),
                "install profile: Astronomer-managed cluster in your account".to_owned(),
            ),
            (
                "cross-account-role".to_owned(),
                "install profile: through a cross-account IAM role".to_owned(),
            ),
        ],
        "region" if indent > 0 && parent_key(text, line_start, indent) == Some("cluster") => {
            regions::SUPPORTED
                .iter()
                .map(|r| {
                    (
                        r.to_string(),
                        if regions::is_opt_in(r) {
                            "Astro region (opt-in on AWS)"
                        } else {
                            "Astro region"
                        }
                        .to_owned(),
                    )
                })
                .chain(
                    tables
                        .extra_regions
                        .iter()
                        .map(|r| (r.clone(), "allowed in astro-preflight.toml".to_owned())),
                )
                .collect()
        }
        "nodeInstanceType"
            if indent > 0 && parent_key(text, line_start, indent) == Some("cluster") =>
        {
            instance_types::SUPPORTED
                .iter()
                .map(|t| (t.name.to_owned(), format!("{} vCPUs", t.vcpus)))
                .chain(
                    tables
                        .extra_instance_types
                        .iter()
                        .map(|t| (t.clone(), "allowed in astro-preflight.toml".to_owned())),
                )
                .collect()
        }
        "dbInstanceType"
            if indent > 0 && parent_key(text, line_start, indent) == Some("cluster") =>
        {
            db_types::SUPPORTED
                .iter()
                .map(|t| (t.to_string(), "metadata database (RDS)".to_owned()))
                .chain(
                    tables
                        .extra_db_types
                        .iter()
                        .map(|t| (t.clone(), "allowed in astro-preflight.toml".to_owned())),
                )
                .collect()
        }
        _ => return Vec::new(),
    };
    let mut seen = std::collections::HashSet::new();
    values
        .into_iter()
        .filter(|(v, _)| seen.insert(v.clone()))
        .enumerate()
        .map(|(i, (value, detail))| lsp::CompletionItem {
            label: value.clone(),
            kind: Some(lsp::CompletionItemKind::VALUE),
            detail: Some(detail),
            sort_text: Some(format!("{i:03}")),
            filter_text: Some(value.clone()),
            text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
                range: lsp::Range { start, end },
                new_text: value,
            })),
            ..Default::default()
        })
        .collect()
}

/// The key of the mapping a block-style line at `indent` belongs to: the nearest line above
/// with less indentation, when it is `key:` at column 0.
fn parent_key(text: &str, line_start: usize, indent: usize) -> Option<&str> {
    for line in text[..line_start].lines().rev() {
        let trimmed = line.trim_start_matches([' ', '\t']);
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        let own = line.len() - trimmed.len();
        if own < indent {
            let (key, rest) = trimmed.split_once(':')?;
            let rest = rest.trim();
            return (own == 0 && (rest.is_empty() || rest.starts_with('#')))
                .then(|| key.trim().trim_matches(['"', '\'']));
        }
    }
    None
}
