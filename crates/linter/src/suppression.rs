//! Inline suppression: `# preflight-ignore: RULE[, RULE] -- reason`, on the line of the value
//! or on its own line just above it.

use astro_preflight_manifest::{Document, Span};

use crate::diagnostic::{Diagnostic, Severity};
use crate::engine::Settings;
use crate::registry;
use crate::rules::suppression::{suppression_invalid, suppression_unused};

const MARKER: &str = "preflight-ignore";

/// One `preflight-ignore` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// The 1-based line the comment is on.
    pub line: usize,
    /// The line whose diagnostics it silences.
    pub target_line: usize,
    /// The comment, from `#` to the end of the line.
    pub span: Span,
    pub rules: Vec<String>,
    pub reason: Option<String>,
}

/// Finds every suppression comment of a text.
pub fn parse(source: &str) -> Vec<Suppression> {
    // Most files have none: one substring search instead of a scan of every line.
    if !source.contains(MARKER) {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut offset = 0;
    for (n, raw_line) in source.split_inclusive('\n').enumerate() {
        let line = raw_line.trim_end_matches(['\n', '\r']);
        if let Some(hash) = comment_start(line) {
            let comment = &line[hash..];
            let body = comment.trim_start_matches('#').trim_start();
            // The marker is a word of its own: `preflight-ignored` is not one.
            let marked = body.strip_prefix(MARKER).filter(|rest| rest.is_empty() || rest.starts_with(':') || rest.starts_with(char::is_whitespace));
            if let Some(rest) = marked {
                let own_line = line[..hash].trim().is_empty();
                let rest = rest.trim_start();
                let rest = rest.strip_prefix(':').unwrap_or(rest);
                let (list, reason) = match rest.split_once("--") {
                    Some((list, reason)) => (list, Some(reason.trim()).filter(|r| !r.is_empty()).map(str::to_owned)),
                    None => (rest, None),
                };
                let rules = list.split([',', ' ']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned).collect();
                found.push(Suppression {
                    line: n + 1,
                    target_line: if own_line { n + 2 } else { n + 1 },
                    span: Span::new(offset + hash, offset + line.len()),
                    rules,
                    reason,
                });
            }
        }
        offset += raw_line.len();
    }
    found
}

/// Where a YAML comment starts on a line: a `#` at the start or after white space, outside
/// quotes.
fn comment_start(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let mut quote: Option<u8> = None;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(b'"') if b == b'\\' => i += 1,
            Some(q) if b == q => {
                // '' inside a single-quoted scalar is an escaped quote.
                if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                    i += 1;
                } else {
                    quote = None;
                }
            }
            Some(_) => {}
            None if b == b'#' && (i == 0 || bytes[i - 1].is_ascii_whitespace()) => return Some(i),
            None if (b == b'"' || b == b'\'') && (i == 0 || matches!(bytes[i - 1], b' ' | b'\t' | b'[' | b'{' | b',' | b':' | b'-')) => {
                quote = Some(b);
            }
            None => {}
        }
        i += 1;
    }
    None
}

/// Removes suppressed diagnostics, adds `suppression-invalid` and `suppression-unused`, and
/// returns how many were suppressed. `ran`: the rules that ran (a suppression of a rule that
/// did not run is not "unused").
pub(crate) fn apply(document: &Document, settings: &Settings, ran: &[&str], diagnostics: &mut Vec<Diagnostic>) -> usize {
    let suppressions = parse(&document.source);
    if suppressions.is_empty() {
        return 0;
    }
    let Ok(parsed) = &document.parsed else { return 0 };
    let mut used = vec![Vec::<bool>::new(); suppressions.len()];
    for (s, u) in suppressions.iter().zip(used.iter_mut()) {
        *u = vec![false; s.rules.len()];
    }
    let before = diagnostics.len();
    diagnostics.retain(|d| {
        let rule = registry::find(d.rule);
        if !rule.is_some_and(|r| r.suppressible) {
            return true;
        }
        let mut silenced = false;
        for (si, s) in suppressions.iter().enumerate() {
            if s.reason.is_none() || s.target_line != d.location.start.line {
                continue;
            }
            for (ri, name) in s.rules.iter().enumerate() {
                if name == d.rule {
                    used[si][ri] = true;
                    silenced = true;
                }
            }
        }
        !silenced
    });
    let suppressed = before - diagnostics.len();

    let invalid = settings.severity(&suppression_invalid::RULE);
    let unused = settings.severity(&suppression_unused::RULE);
    for (si, s) in suppressions.iter().enumerate() {
        let mut report = |rule: &'static registry::Rule, severity: Severity, message: String, help: &str| {
            let mut d = crate::context::new_diagnostic(document, parsed, "", false, message);
            d.span = s.span;
            d.location = document.location(s.span);
            d.rule = rule.id;
            d.severity = severity;
            d.label = "this comment".to_owned();
            d.help = Some(help.to_owned());
            diagnostics.push(d);
        };
        if let Some(severity) = invalid {
            if s.rules.is_empty() {
                report(&suppression_invalid::RULE, severity, "this `preflight-ignore` names no rule".to_owned(), "write `# preflight-ignore: RULE -- reason`");
                continue;
            }
            if s.reason.is_none() {
                report(&suppression_invalid::RULE, severity, format!("this `preflight-ignore` of {} gives no reason, so it suppresses nothing", s.rules.join(", ")), "add the reason after ` -- `, e.g. `# preflight-ignore: cidr-host-bits -- shared with the VPN team`");
                continue;
            }
            for name in &s.rules {
                match registry::find(name) {
                    None => {
                        let ids: Vec<String> = registry::all().iter().map(|r| r.id.to_owned()).collect();
                        let help = match astro_preflight_manifest::schema::closest(name, &ids) {
                            Some(best) => format!("did you mean `{best}`?"),
                            None => "`astro-preflight rules` lists every rule".to_owned(),
                        };
                        report(&suppression_invalid::RULE, severity, format!("`{name}` is not a rule"), &help);
                    }
                    Some(rule) if !rule.suppressible && rule.id.starts_with("suppression-") => {
                        report(
                            &suppression_invalid::RULE,
                            severity,
                            format!("`{name}` cannot be suppressed inline"),
                            &format!("to silence it, turn it off in astro-preflight.toml: `[rules]` `{name} = \"off\"`"),
                        );
                    }
                    Some(rule) if !rule.suppressible => {
                        report(&suppression_invalid::RULE, severity, format!("`{name}` cannot be suppressed: fix the file instead"), "YAML syntax and schema errors must be fixed; they cannot be ignored");
                    }
                    Some(_) => {}
                }
            }
        }
        if let Some(severity) = unused {
            if s.reason.is_none() {
                continue;
            }
            for (ri, name) in s.rules.iter().enumerate() {
                let Some(rule) = registry::find(name) else { continue };
                if rule.suppressible && !used[si][ri] && ran.contains(&rule.id) {
                    report(&suppression_unused::RULE, severity, format!("this `preflight-ignore` of `{name}` suppresses nothing"), "remove it, or move it to the line of the value (or the line just above)");
                }
            }
        }
    }
    suppressed
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_trailing_and_own_line_comments() {
        let text = "a: 1 # preflight-ignore: cidr-host-bits, region-opt-in -- shared with VPN\n  # preflight-ignore: x\nb: '#not' # preflight-ignore: y -- why\n";
        let s = parse(text);
        assert_eq!(s.len(), 3);
        assert_eq!((s[0].line, s[0].target_line), (1, 1));
        assert_eq!(s[0].rules, ["cidr-host-bits", "region-opt-in"]);
        assert_eq!(s[0].reason.as_deref(), Some("shared with VPN"));
        assert_eq!((s[1].line, s[1].target_line, s[1].reason.as_deref()), (2, 3, None));
        assert_eq!(s[2].rules, ["y"]);
        assert_eq!(&text[s[2].span.range()], "# preflight-ignore: y -- why");
    }

    #[test]
    fn the_marker_is_a_word_of_its_own() {
        assert!(parse("a: 1 # preflight-ignored: x -- y\nb: 2 # preflight-ignorex -- y\n").is_empty());
        assert_eq!(parse("a: 1 # preflight-ignore x -- y\n")[0].rules, ["x"]);
        assert_eq!(parse("a: 1 # preflight-ignore\n")[0].rules, Vec::<String>::new());
    }

    #[test]
    fn hashes_in_quotes_are_not_comments() {
        assert_eq!(comment_start("a: \"x # preflight-ignore: y -- z\""), None);
        assert_eq!(comment_start("a: 'it''s # not' # c"), Some(17));
        assert_eq!(comment_start("a: b#c"), None);
    }
}
