//! Positions: byte offsets of the text to and from LSP positions (line, character) in the
//! negotiated encoding (UTF-16 code units unless the client offers UTF-8 or UTF-32 first).

use lsp_types::{Position, PositionEncodingKind, Range};

/// The unit of `Position.character`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf16,
    Utf32,
}

impl Encoding {
    /// The first encoding of the client's list that the server supports; UTF-16, the
    /// protocol's default, when it offers none.
    pub fn negotiate(offered: Option<&[PositionEncodingKind]>) -> Encoding {
        offered
            .unwrap_or_default()
            .iter()
            .find_map(|kind| match kind.as_str() {
                "utf-8" => Some(Encoding::Utf8),
                "utf-16" => Some(Encoding::Utf16),
                "utf-32" => Some(Encoding::Utf32),
                _ => None,
            })
            .unwrap_or(Encoding::Utf16)
    }

    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        }
    }

    fn units(self, c: char) -> usize {
        match self {
            Encoding::Utf8 => c.len_utf8(),
            Encoding::Utf16 => c.len_utf16(),
            Encoding::Utf32 => 1,
        }
    }
}

/// The line starts of a text.
#[derive(Debug, Clone)]
pub struct Lines {
    starts: Vec<usize>,
    encoding: Encoding,
}

impl Lines {
    pub fn new(text: &str, encoding: Encoding) -> Lines {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { starts, encoding }
    }

    /// The position of a byte offset (clamped to the text and to a character boundary).
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&s| s <= offset) - 1;
        let start = self.starts[line];
        let character: usize = text[start..offset]
            .chars()
            .map(|c| self.encoding.units(c))
            .sum();
        Position {
            line: to_u32(line),
            character: to_u32(character),
        }
    }

    pub fn range(&self, text: &str, start: usize, end: usize) -> Range {
        Range {
            start: self.position(text, start),
            end: self.position(text, end),
        }
    }

    /// The byte offset of a position; a character past the end of its line means the end of
    /// the line (before its line ending), a line past the end means the end of the text.
    pub fn offset(&self, text: &str, position: Position) -> usize {
        let Some(&start) = self.starts.get(position.line as usize) else {
            return text.len();
        };
        let line = &text[start..];
        let line = &line[..line.find('\n').map_or(line.len(), |i| i)];
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut units = 0;
        for (i, c) in line.char_indices() {
            if units >= position.character as usize {
                return start + i;
            }
            units += self.encoding.units(c);
        }
        start + line.len()
    }
}

fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf16_counts_surrogate_pairs() {
        let text = "a: 1\n# 🚀é\nkey: v\r\nz";
        let lines = Lines::new(text, Encoding::Utf16);
        let at_e = text.find('é').unwrap();
        assert_eq!(
            lines.position(text, at_e),
            Position {
                line: 1,
                character: 4
            }
        );
        assert_eq!(
            lines.offset(
                text,
                Position {
                    line: 1,
                    character: 4
                }
            ),
            at_e
        );
        let z = text.len() - 1;
        assert_eq!(
            lines.position(text, z),
            Position {
                line: 3,
                character: 0
            }
        );
        // Past the end of a CRLF line: before the CR.
        assert_eq!(
            lines.offset(
                text,
                Position {
                    line: 2,
                    character: 99
                }
            ),
            text.find('\r').unwrap()
        );
        let utf8 = Lines::new(text, Encoding::Utf8);
        assert_eq!(
            utf8.position(text, at_e),
            Position {
                line: 1,
                character: 6
            }
        );
        let utf32 = Lines::new(text, Encoding::Utf32);
        assert_eq!(
            utf32.position(text, at_e),
            Position {
                line: 1,
                character: 3
            }
        );
    }

    #[test]
    fn negotiation_takes_the_first_supported() {
        assert_eq!(Encoding::negotiate(None), Encoding::Utf16);
        let offered = [
            PositionEncodingKind::new("utf-7"),
            PositionEncodingKind::UTF8,
            PositionEncodingKind::UTF16,
        ];
        assert_eq!(Encoding::negotiate(Some(&offered)), Encoding::Utf8);
    }
}
