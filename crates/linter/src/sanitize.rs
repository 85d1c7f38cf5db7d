//! The one sanitiser for text that came from a file (values, keys, file names, lines of a
//! manifest) on its way to a terminal, a CI log or an editor: nothing in it can act on what
//! shows it.
//!
//! - Control characters (C0, DEL, C1; U+009B is CSI to some terminals), so every escape
//!   sequence, bidirectional overrides, isolates and marks (Trojan Source), and the Unicode
//!   line and paragraph separators are shown as `\u{..}` escapes ([`message`], [`line`]), as
//!   `\uXXXX` JSON escapes ([`json`]), or replaced by a character of the same UTF-8 length where
//!   byte offsets must hold ([`source`]).
//! - CI workflow commands: the GitHub runner reads a line as a command when, after its leading
//!   white space, it starts with `::`, and reads `##[` anywhere in a line as the older form
//!   (Azure Pipelines reads `##vso[` anywhere). A `::` at the start of the text or after white
//!   space (where a wrapped line may start) is written `\u{3a}:`, and the second `#` of `##[`
//!   or `##vso[` is written `\u{23}`, so that no text from a file can start a command, however
//!   the output is wrapped. Only the tool's own annotations (`--format github`) are commands.

/// Whether a character could control a terminal or reorder what it shows: C0 and C1 controls,
/// DEL, bidirectional overrides, isolates and marks, line and paragraph separators.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200E}'
                | '\u{200F}'
                | '\u{061C}'
                | '\u{2028}'
                | '\u{2029}'
        )
}

/// Text for a message, a label, a file name shown in a sentence: every unsafe character
/// (line breaks and tabs included) as `\u{..}`, workflow-command openers broken.
pub fn message(text: &str) -> String {
    escape(text, |_| false)
}

/// A line of a file printed as a line (`--diff`): as [`message`], but tabs are kept.
pub fn line(text: &str) -> String {
    escape(text, |c| c == '\t')
}

fn escape(text: &str, keep: impl Fn(char) -> bool) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let rest = &text[i + c.len_utf8()..];
        if (is_unsafe(c) && !keep(c)) || command_opener(&out, c, rest) {
            push_escape(&mut out, c);
        } else {
            out.push(c);
        }
    }
    out
}

fn push_escape(out: &mut String, c: char) {
    use std::fmt::Write;
    let _ = write!(out, "\\u{{{:x}}}", u32::from(c));
}

/// Whether `c`, written after `written` and followed by `rest`, would complete the opening of
/// a workflow command: the first `:` of a `::` at the start of a word, or the second `#` of
/// `##[` or `##vso[`.
fn command_opener(written: &str, c: char, rest: &str) -> bool {
    match c {
        ':' => rest.starts_with(':') && written.chars().next_back().is_none_or(char::is_whitespace),
        '#' => written.ends_with('#') && (rest.starts_with('[') || rest.starts_with("vso[")),
        _ => false,
    }
}

/// The text of a file as a source snippet shows it, every byte offset kept: each unsafe
/// character but tab and line breaks is replaced by one character of the same UTF-8 length
/// (`?`, `¿` or `�`), and the second `#` of `##[` or `##vso[` by `?`. (A snippet line starts
/// with its line number, so `::` cannot start it.)
pub fn source(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let rest = &text[i + c.len_utf8()..];
        let replace = (is_unsafe(c) && !matches!(c, '\n' | '\r' | '\t'))
            || (c == '#' && command_opener(&out, c, rest));
        if replace {
            out.push(match c.len_utf8() {
                1 => '?',
                2 => '\u{BF}',
                _ => '\u{FFFD}',
            });
        } else {
            out.push(c);
        }
    }
    out
}

/// JSON text (as serde_json prints it) with every unsafe character but the printer's own line
/// breaks written as a `\uXXXX` escape, and the second `#` of `##[` or `##vso[` as `\u0023`:
/// the document means the same, and `cat`ting it cannot act on a terminal or a CI log.
/// (serde_json escapes the C0 controls only. Outside strings JSON has none of these characters,
/// and `::` cannot start a line of pretty-printed JSON.)
pub fn json(text: String) -> String {
    // The usual case: printable ASCII and line breaks only, no `#`. (A fold, not `all`:
    // without the early exit the compiler checks many bytes at once.)
    if text.bytes().fold(true, |plain, b| {
        plain & (matches!(b, b' '..=b'~' | b'\n') & (b != b'#'))
    }) {
        return text;
    }
    let mut escaped = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        let rest = &text[i + c.len_utf8()..];
        if (is_unsafe(c) && c != '\n') || (c == '#' && command_opener(&escaped, c, rest)) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                escaped.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            escaped.push(c);
        }
    }
    escaped
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn controls_and_bidi_are_escaped_visibly() {
        assert_eq!(message("a\u{1b}[31mb\nc"), "a\\u{1b}[31mb\\u{a}c");
        assert_eq!(
            message("x\u{202e}y\u{2028}z\u{9b}"),
            "x\\u{202e}y\\u{2028}z\\u{9b}"
        );
        assert_eq!(message("tab\there"), "tab\\u{9}here");
        assert_eq!(line("tab\there\r"), "tab\there\\u{d}");
    }

    #[test]
    fn no_workflow_command_can_start() {
        // At the start, after blanks (where a wrapped line starts), after any white space.
        assert_eq!(message("::error::x"), "\\u{3a}:error::x");
        assert_eq!(message("a ::warning::x"), "a \\u{3a}:warning::x");
        assert_eq!(message("a\u{3000}::x::"), "a\u{3000}\\u{3a}:x::");
        // After an escaped line break the `::` is inside the line.
        assert_eq!(message("\n::add-mask::x"), "\\u{a}::add-mask::x");
        // Inside a word (an ARN, an IPv6 address) it is left alone.
        assert_eq!(
            message("arn:aws:iam::123456789012:role/x"),
            "arn:aws:iam::123456789012:role/x"
        );
        // The older form and Azure's, anywhere.
        assert_eq!(message("x ##[error]y"), "x #\\u{23}[error]y");
        assert_eq!(message("x##vso[task]y"), "x#\\u{23}vso[task]y");
        assert_eq!(message("# comment"), "# comment");
    }

    #[test]
    fn source_keeps_every_offset() {
        for text in [
            "a\u{1b}b",
            "\u{202e}é\u{9b}",
            "x ##[error]y\r\n",
            "\t::a::\n",
        ] {
            let s = source(text);
            assert_eq!(s.len(), text.len(), "{text:?} -> {s:?}");
            assert!(
                !s.chars()
                    .any(|c| is_unsafe(c) && !matches!(c, '\n' | '\r' | '\t'))
            );
            assert!(!s.contains("##["), "{s:?}");
        }
    }

    #[test]
    fn json_keeps_its_meaning() {
        let value = serde_json::json!({"m": "a\u{7f}\u{202e}##[error]x::y\u{2029}"});
        let text = json(serde_json::to_string_pretty(&value).unwrap());
        assert!(!text.contains("##["), "{text}");
        assert!(!text.chars().any(|c| is_unsafe(c) && c != '\n'), "{text}");
        let back: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back, value);
        let plain = serde_json::to_string_pretty(&serde_json::json!({"a": 1})).unwrap();
        assert_eq!(json(plain.clone()), plain);
    }
}
