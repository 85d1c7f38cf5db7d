//! saphyr's own `&str` input ([`StrInput`]) with a smaller announced buffer.
//!
//! saphyr's scanner reserves room for `bufmaxlen()` more bytes in every plain scalar's `String`
//! after its first character (`scan_plain_scalar`). `StrInput` announces 128, so each plain
//! scalar of a manifest (a key, a region, a CIDR: nearly every node) was reallocated from its
//! first 32 bytes to 129: a tenth of saphyr's time on the benchmark's corpus, and 129 bytes held
//! by every string of the document. `StrInput` has no buffer (its `lookahead` only counts), so
//! the number only sets how many characters the scanner handles between two `lookahead` calls,
//! and which of two equivalent loops skips a block scalar's indentation (the one `StrInput`'s
//! 128 always takes, below 14 columns with 16; the one saphyr's buffered input takes, deeper).
//! Everything else is `StrInput`'s, method by method, including the ones it specializes; the
//! YAML test suite (`tests/integration/yaml_suite.rs`) runs through this input.

use saphyr_parser::StrInput;
use saphyr_parser::input::{Input, SkipTabs};

/// The buffer size announced to the scanner.
const BUFFER_LEN: usize = 16;

pub(super) struct ShortBuffer<'a>(StrInput<'a>);

impl<'a> ShortBuffer<'a> {
    pub(super) fn new(text: &'a str) -> ShortBuffer<'a> {
        ShortBuffer(StrInput::new(text))
    }
}

impl Input for ShortBuffer<'_> {
    #[inline]
    fn lookahead(&mut self, count: usize) {
        self.0.lookahead(count);
    }

    #[inline]
    fn buflen(&self) -> usize {
        self.0.buflen()
    }

    #[inline]
    fn bufmaxlen(&self) -> usize {
        BUFFER_LEN
    }

    #[inline]
    fn buf_is_empty(&self) -> bool {
        self.0.buf_is_empty()
    }

    #[inline]
    fn raw_read_ch(&mut self) -> char {
        self.0.raw_read_ch()
    }

    #[inline]
    fn raw_read_non_breakz_ch(&mut self) -> Option<char> {
        self.0.raw_read_non_breakz_ch()
    }

    #[inline]
    fn skip(&mut self) {
        self.0.skip();
    }

    #[inline]
    fn skip_n(&mut self, count: usize) {
        self.0.skip_n(count);
    }

    #[inline]
    fn peek(&self) -> char {
        self.0.peek()
    }

    #[inline]
    fn peek_nth(&self, n: usize) -> char {
        self.0.peek_nth(n)
    }

    #[inline]
    fn peek_opt(&self) -> Option<char> {
        self.0.peek_opt()
    }

    #[inline]
    fn look_ch(&mut self) -> char {
        self.0.look_ch()
    }

    #[inline]
    fn next_char_is(&self, c: char) -> bool {
        self.0.next_char_is(c)
    }

    #[inline]
    fn nth_char_is(&self, n: usize, c: char) -> bool {
        self.0.nth_char_is(n, c)
    }

    #[inline]
    fn next_2_are(&self, c1: char, c2: char) -> bool {
        self.0.next_2_are(c1, c2)
    }

    #[inline]
    fn next_3_are(&self, c1: char, c2: char, c3: char) -> bool {
        self.0.next_3_are(c1, c2, c3)
    }

    #[inline]
    fn next_is_document_indicator(&self) -> bool {
        self.0.next_is_document_indicator()
    }

    #[inline]
    fn next_is_document_start(&self) -> bool {
        self.0.next_is_document_start()
    }

    #[inline]
    fn next_is_document_end(&self) -> bool {
        self.0.next_is_document_end()
    }

    #[inline]
    fn skip_ws_to_eol(&mut self, skip_tabs: SkipTabs) -> (usize, Result<SkipTabs, &'static str>) {
        self.0.skip_ws_to_eol(skip_tabs)
    }

    // As `StrInput` has it: called where each plain scalar's ASCII run stops (and for each
    // character after), as a call it was 0.5% of a check's instructions.
    #[inline(always)]
    fn next_can_be_plain_scalar(&self, in_flow: bool) -> bool {
        self.0.next_can_be_plain_scalar(in_flow)
    }

    #[inline]
    fn next_is_blank_or_break(&self) -> bool {
        self.0.next_is_blank_or_break()
    }

    #[inline]
    fn next_is_blank_or_breakz(&self) -> bool {
        self.0.next_is_blank_or_breakz()
    }

    #[inline]
    fn next_is_blank(&self) -> bool {
        self.0.next_is_blank()
    }

    #[inline]
    fn next_is_break(&self) -> bool {
        self.0.next_is_break()
    }

    #[inline]
    fn next_is_breakz(&self) -> bool {
        self.0.next_is_breakz()
    }

    #[inline]
    fn next_is_z(&self) -> bool {
        self.0.next_is_z()
    }

    #[inline]
    fn next_is_flow(&self) -> bool {
        self.0.next_is_flow()
    }

    #[inline]
    fn next_is_digit(&self) -> bool {
        self.0.next_is_digit()
    }

    #[inline]
    fn next_is_alpha(&self) -> bool {
        self.0.next_is_alpha()
    }

    #[inline]
    fn skip_while_non_breakz(&mut self) -> usize {
        self.0.skip_while_non_breakz()
    }

    #[inline]
    fn skip_while_blank(&mut self) -> usize {
        self.0.skip_while_blank()
    }

    #[inline]
    fn fetch_while_is_alpha(&mut self, out: &mut String) -> usize {
        self.0.fetch_while_is_alpha(out)
    }

    #[inline]
    fn fetch_plain_scalar_ascii(&mut self, out: &mut String, in_flow: bool) -> usize {
        self.0.fetch_plain_scalar_ascii(out, in_flow)
    }

    #[inline]
    fn fetch_while_is_yaml_non_space(&mut self, out: &mut String) -> usize {
        self.0.fetch_while_is_yaml_non_space(out)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use saphyr_parser::{BufferedInput, Parser};

    use super::ShortBuffer;

    /// saphyr's events and errors (with their spans) for `text`, through `StrInput` and through
    /// [`ShortBuffer`]; both after those of `BufferedInput`, which scans every plain scalar one
    /// character at a time (no ASCII runs: vendor/saphyr-parser.patch), and must agree with them.
    fn both(text: &str) -> (Vec<String>, Vec<String>) {
        fn events<T: saphyr_parser::input::Input>(parser: Parser<'_, T>) -> Vec<String> {
            parser.take(10_000).map(|e| format!("{e:?}")).collect()
        }
        let buffered = events(Parser::new(BufferedInput::new(text.chars())));
        let str_input = events(Parser::new_from_str(text));
        assert_eq!(
            str_input, buffered,
            "StrInput against BufferedInput: {text:?}"
        );
        (str_input, events(Parser::new(ShortBuffer::new(text))))
    }

    #[test]
    fn the_same_events_as_str_input() {
        let deep = format!(
            "a:\n{0}b: |\n{0}    literal\n{0}      more\n{0}c: >-\n{0}    folded\n\n{0}    text\n",
            " ".repeat(20)
        );
        let long = format!("key: {}\nother: [{}, x]\n", "v".repeat(300), "w".repeat(40));
        let mut texts = vec![
            deep,
            long,
            "a: 1\nb: [1, {c: d}]\n\"q\": 'it''s'\n".to_owned(),
            "- x\n- ? y\n  : z\n- !!str 1\n- &a b\n- *a\n".to_owned(),
            "a: b: c\n".to_owned(),
            "\u{feff}é: ünïcödé plain scalar: with colon\n".to_owned(),
            "{a:b, c: [d:e, f:, g::h], i:\n}\nk: a:b:c é:x ab:é x#y # z\n".to_owned(),
        ];
        let examples = concat!(env!("CARGO_MANIFEST_DIR"), "/../../examples");
        for dir in [examples.to_owned(), format!("{examples}/broken")] {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.extension().is_some_and(|e| e == "yaml") {
                    texts.push(std::fs::read_to_string(path).unwrap());
                }
            }
        }
        assert!(texts.len() > 8);
        for text in &texts {
            let (str_input, short) = both(text);
            assert_eq!(short, str_input, "{text}");
        }
    }

    proptest! {
        /// Text made of YAML's indicators, blanks, breaks and words.
        #[test]
        fn the_same_events_on_any_text(
            text in proptest::collection::vec(
                prop_oneof![
                    Just(": "), Just("- "), Just("\n"), Just("  "), Just("\t"), Just("#"),
                    Just("["), Just("]"), Just("{"), Just("}"), Just(","), Just("'"),
                    Just("\""), Just("|"), Just(">"), Just("&a"), Just("*a"), Just("!!str"),
                    Just("key"), Just("value with spaces"), Just("é"), Just("---"),
                    Just("..."), Just("?"), Just(":"), Just("a:b"), Just("10.0.0.0/16"),
                    Just("\r\n"), Just("\u{feff}"), Just("\0"),
                ],
                0..40,
            ).prop_map(|parts| parts.concat())
        ) {
            let (str_input, short) = both(&text);
            prop_assert_eq!(short, str_input, "{}", text);
        }
    }
}
