//! Source text, byte spans and line/column positions.

use std::ops::Range;

/// A byte range in a source file: `start..end`, `end` exclusive.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub const fn new(start: usize, end: usize) -> Span {
        Span { start, end }
    }

    /// An empty span at `offset`.
    pub const fn empty(offset: usize) -> Span {
        Span {
            start: offset,
            end: offset,
        }
    }

    pub const fn len(self) -> usize {
        self.end - self.start
    }

    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }
}

/// A 1-based line and column. Columns count Unicode scalar values, as editors do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Where a span starts and ends, 1-based, the end column exclusive (the column just after the
/// last character, as SARIF and LSP count it).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Location {
    pub start: Position,
    pub end: Position,
}

/// Offsets of line starts, to turn byte offsets into positions without rescanning the text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    /// Bytes of a leading byte order mark, which no editor shows as a column.
    bom: usize,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let mut starts = Vec::with_capacity(text.len() / 24 + 1);
        starts.push(0);
        starts.extend(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1));
        let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
        LineIndex { starts, bom }
    }

    /// The position of a byte offset (clamped to the text, and to a character boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = match self.starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = if line == 0 {
            self.bom.min(offset)
        } else {
            self.starts[line]
        };
        let segment = &text[start..offset];
        let column = if segment.is_ascii() {
            segment.len()
        } else {
            segment.chars().count()
        };
        Position {
            line: line + 1,
            column: column + 1,
        }
    }

    pub fn location(&self, text: &str, span: Span) -> Location {
        Location {
            start: self.position(text, span.start),
            end: self.position(text, span.end),
        }
    }

    /// The byte span of a 1-based line, without its line break.
    pub fn line_span(&self, text: &str, line: usize) -> Option<Span> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let mut end = self.starts.get(line).map_or(text.len(), |next| next - 1);
        if end > start && text.as_bytes()[end - 1] == b'\r' {
            end -= 1;
        }
        Some(Span::new(start, end.max(start)))
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }
}

/// Converts the character indices of saphyr's markers to byte offsets.
///
/// saphyr counts characters, not bytes. For ASCII text the two agree; otherwise a checkpoint
/// every [`CharToByte::STRIDE`] characters bounds each conversion to a short forward walk.
pub(crate) struct CharToByte<'a> {
    text: &'a str,
    checkpoints: Option<Vec<usize>>,
}

impl<'a> CharToByte<'a> {
    const STRIDE: usize = 64;

    pub(crate) fn new(text: &'a str) -> CharToByte<'a> {
        let checkpoints = if text.is_ascii() {
            None
        } else {
            let mut points = Vec::with_capacity(text.len() / Self::STRIDE + 1);
            for (n, (byte, _)) in text.char_indices().enumerate() {
                if n % Self::STRIDE == 0 {
                    points.push(byte);
                }
            }
            Some(points)
        };
        CharToByte { text, checkpoints }
    }

    pub(crate) fn byte(&self, char_index: usize) -> usize {
        let Some(points) = &self.checkpoints else {
            return char_index.min(self.text.len());
        };
        let slot = char_index / Self::STRIDE;
        let Some(&base) = points.get(slot) else {
            return self.text.len();
        };
        let rest = char_index - slot * Self::STRIDE;
        self.text[base..]
            .char_indices()
            .nth(rest)
            .map_or(self.text.len(), |(b, _)| base + b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "a: é\nbé: x\n";
        let index = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(index.position(text, x), Position { line: 2, column: 5 });
        assert_eq!(index.position(text, 0), Position { line: 1, column: 1 });
    }

    #[test]
    fn char_to_byte_matches_char_indices() {
        let text: String = (0..500)
            .map(|i| if i % 7 == 0 { 'ß' } else { 'a' })
            .collect();
        let conv = CharToByte::new(&text);
        for (n, (b, _)) in text.char_indices().enumerate() {
            assert_eq!(conv.byte(n), b);
        }
        assert_eq!(conv.byte(500), text.len());
        assert_eq!(conv.byte(10_000), text.len());
    }

    #[test]
    fn line_span_excludes_crlf() {
        let text = "a: 1\r\nb: 2\r\n";
        let index = LineIndex::new(text);
        assert_eq!(&text[index.line_span(text, 1).unwrap().range()], "a: 1");
        assert_eq!(&text[index.line_span(text, 2).unwrap().range()], "b: 2");
    }
}
