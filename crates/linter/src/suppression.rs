//! Inline suppression: `# preflight-ignore: RULE[, RULE] -- reason`, on the line of the value
//! or on its own line just above it.

use astro_preflight_manifest::{Document, Span};

use crate::diagnostic::Finding;
use crate::registry::{self, Rule, engine};

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
            let marked = body.strip_prefix(MARKER).filter(|rest| {
                rest.is_empty() || rest.starts_with(':') || rest.starts_with(char::is_whitespace)
            });
            if let Some(rest) = marked {
                let own_line = line[..hash].trim().is_empty();
                let rest = rest.trim_start();
                let rest = rest.strip_prefix(':').unwrap_or(rest);
                let (list, reason) = match rest.split_once("--") {
                    Some((list, reason)) => (
                        list,
                        Some(reason.trim())
                            .filter(|r| !r.is_empty())
                            .map(str::to_owned),
                    ),
                    None => (rest, None),
                };
                let rules = list
                    .split([',', ' '])
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect();
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
            None if (b == b'"' || b == b'\'')
                && (i == 0
                    || matches!(
                        bytes[i - 1],
                        b' ' | b'\t' | b'[' | b'{' | b',' | b':' | b'-'
                    )) =>
            {
                quote = Some(b);
            }
            None => {}
        }
        i += 1;
    }
    None
}

/// What is wrong with a suppression comment: `suppression-invalid` for a comment without a
/// rule or a reason, an unknown rule or one that cannot be suppressed; `suppression-unused`
/// for each rule it names that ran and reported nothing on its line. `used`: for each rule
/// named, whether it silenced something.
pub(crate) fn problems(
    s: &Suppression,
    used: &[bool],
    ran: &[&'static Rule],
) -> Vec<(&'static Rule, String, String)> {
    let invalid = &engine::SUPPRESSION_INVALID;
    if s.rules.is_empty() {
        return vec![(
            invalid,
            "this `preflight-ignore` names no rule".to_owned(),
            "write `# preflight-ignore: RULE -- reason`".to_owned(),
        )];
    }
    if s.reason.is_none() {
        return vec![(
            invalid,
            format!("this `preflight-ignore` of {} gives no reason, so it suppresses nothing", s.rules.join(", ")),
            "add the reason after ` -- `, e.g. `# preflight-ignore: cidr-host-bits -- shared with the VPN team`".to_owned(),
        )];
    }
    let mut out = Vec::new();
    for (name, used) in s.rules.iter().zip(used) {
        match registry::find(name) {
            None => {
                let help = match registry::closest(name) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => "`astro-preflight rules` lists every rule".to_owned(),
                };
                out.push((invalid, format!("`{name}` is not a rule"), help));
            }
            Some(rule) if !rule.suppressible && rule.can_be_turned_off => out.push((
                invalid,
                format!("`{name}` cannot be suppressed inline"),
                format!("to silence it, turn it off in astro-preflight.toml: `[rules]` `{name} = \"off\"`"),
            )),
            Some(rule) if !rule.suppressible => out.push((
                invalid,
                format!("`{name}` cannot be suppressed: fix the file instead"),
                "YAML syntax and schema errors must be fixed; they cannot be ignored".to_owned(),
            )),
            Some(rule) if !used && ran.contains(&rule) => out.push((
                &engine::SUPPRESSION_UNUSED,
                format!("this `preflight-ignore` of `{name}` suppresses nothing"),
                "remove it, or move it to the line of the value (or the line just above)".to_owned(),
            )),
            Some(_) => {}
        }
    }
    out
}

/// A finding about a suppression comment, pointing at the comment.
pub(crate) fn finding(
    document: &Document,
    s: &Suppression,
    message: String,
    help: String,
) -> Finding {
    Finding {
        message,
        help: Some(help),
        pointer: String::new(),
        span: s.span,
        location: document.location(s.span),
        label: "this comment".to_owned(),
        related: Vec::new(),
        fix: None,
        data: None,
    }
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
        assert_eq!(
            (s[1].line, s[1].target_line, s[1].reason.as_deref()),
            (2, 3, None)
        );
        assert_eq!(s[2].rules, ["y"]);
        assert_eq!(&text[s[2].span.range()], "# preflight-ignore: y -- why");
    }

    #[test]
    fn the_marker_is_a_word_of_its_own() {
        assert!(
            parse("a: 1 # preflight-ignored: x -- y\nb: 2 # preflight-ignorex -- y\n").is_empty()
        );
        assert_eq!(parse("a: 1 # preflight-ignore x -- y\n")[0].rules, ["x"]);
        assert_eq!(
            parse("a: 1 # preflight-ignore\n")[0].rules,
            Vec::<String>::new()
        );
    }

    #[test]
    fn hashes_in_quotes_are_not_comments() {
        assert_eq!(comment_start("a: \"x # preflight-ignore: y -- z\""), None);
        assert_eq!(comment_start("a: 'it''s # not' # c"), Some(17));
        assert_eq!(comment_start("a: b#c"), None);
    }
}
