//! YAML text to a JSON value plus a JSON-pointer-to-span index, in one pass over saphyr's events.
//!
//! We read saphyr's event stream rather than its node tree so that hostile input is refused as
//! early as it shows itself (nesting depth, node count, alias expansion), so that every key and
//! value keeps its span, and so that no recursive structure is ever built or dropped.

mod input;

use std::borrow::Cow;
use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Span as YamlSpan, Tag};
use serde_json::{Map, Value};

use crate::core_schema;
use crate::pointer::push_segment;
use crate::source::{CharToByte, Span};

/// Bounds on what a manifest may be. Manifests are a few hundred bytes; these stop hostile
/// input (alias bombs, deep nesting, huge files) early, with a clear message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Largest file read, in bytes. Default 1 MiB.
    pub max_bytes: usize,
    /// Deepest nesting of mappings and sequences. Default 32.
    pub max_depth: usize,
    /// Most nodes (scalars, mappings, sequences, keys), counting every alias expansion.
    /// Default 20,000.
    pub max_nodes: usize,
}

impl Limits {
    pub const DEFAULT_MAX_BYTES: usize = 1024 * 1024;
    pub const DEFAULT_MAX_DEPTH: usize = 32;
    pub const DEFAULT_MAX_NODES: usize = 20_000;

    /// The most any configuration may raise `max_bytes` to: 64 MiB.
    pub const CEILING_MAX_BYTES: usize = 64 * 1024 * 1024;
    /// The most any configuration may raise `max_depth` to. Checking recurses once per level
    /// (schema validation, the typed model), on threads with 2 MiB stacks; 256 levels stay
    /// far inside them. saphyr itself refuses flow collections nested deeper than 255.
    pub const CEILING_MAX_DEPTH: usize = 256;
    /// The most any configuration may raise `max_nodes` to. Memory grows with the nodes of
    /// the document (aliases expanded): about 200 bytes a node.
    pub const CEILING_MAX_NODES: usize = 1_000_000;

    /// These limits, each at most its ceiling and at least 1.
    pub fn clamped(self) -> Limits {
        Limits {
            max_bytes: self.max_bytes.clamp(1, Self::CEILING_MAX_BYTES),
            max_depth: self.max_depth.clamp(1, Self::CEILING_MAX_DEPTH),
            max_nodes: self.max_nodes.clamp(1, Self::CEILING_MAX_NODES),
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_bytes: Self::DEFAULT_MAX_BYTES,
            max_depth: Self::DEFAULT_MAX_DEPTH,
            max_nodes: Self::DEFAULT_MAX_NODES,
        }
    }
}

/// saphyr counts the nesting of flow collections in a `u8`: it refuses the 256th level itself.
const SAPHYR_MAX_FLOW_DEPTH: usize = u8::MAX as usize;

/// Why a text is not one usable YAML document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YamlError {
    pub message: String,
    /// Where, in bytes of the whole source.
    pub span: Span,
    /// A second place worth showing (the first occurrence of a duplicated key).
    pub related: Option<(Span, String)>,
}

impl YamlError {
    fn at(span: Span, message: impl Into<String>) -> YamlError {
        YamlError {
            message: message.into(),
            span,
            related: None,
        }
    }
}

/// The spans of one node: its value, and its key when it is a mapping value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NodeSpans {
    pub value: Span,
    pub key: Option<Span>,
}

/// JSON pointer (RFC 6901) to the spans of the node it names.
///
/// The pointers are stored one after the other in one string: no allocation and no hashing
/// per node, which a manifest of a few dozen nodes does not need. A manifest's index is searched
/// from the end (most are never searched at all: only diagnostics look up spans); a large
/// document's is sorted once and binary-searched.
#[derive(Debug, Clone, Default)]
pub struct SpanIndex {
    /// Every pointer, concatenated.
    pointers: String,
    /// The byte range of each pointer in `pointers`, with its spans: in document order, or
    /// sorted by pointer when `sorted`.
    nodes: Vec<(usize, usize, NodeSpans)>,
    sorted: bool,
}

impl SpanIndex {
    /// Up to this many nodes, the index is searched from the end rather than sorted.
    const UNSORTED_MAX: usize = 128;

    /// The spans of exactly this pointer.
    pub fn get(&self, pointer: &str) -> Option<NodeSpans> {
        if !self.sorted {
            return self.find_unsorted(pointer);
        }
        self.nodes
            .binary_search_by(|(start, end, _)| self.pointers[*start..*end].cmp(pointer))
            .ok()
            .map(|i| self.nodes[i].2)
    }

    /// The spans of this pointer, or of its nearest ancestor that has spans (a value reached
    /// through an alias has only the alias's span).
    pub fn nearest<'p>(&self, pointer: &'p str) -> Option<(NodeSpans, &'p str)> {
        let mut p = pointer;
        loop {
            if let Some(spans) = self.get(p) {
                return Some((spans, p));
            }
            if p.is_empty() {
                return None;
            }
            p = &p[..p.rfind('/').unwrap_or(0)];
        }
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// An index sized for a text of `len` bytes: about one node per 16 bytes.
    fn for_text(len: usize) -> SpanIndex {
        let nodes = (len / 16).min(1024);
        SpanIndex {
            pointers: String::with_capacity(nodes * 16),
            nodes: Vec::with_capacity(nodes),
            sorted: false,
        }
    }

    /// Adds a pointer while the document is read (unsorted until [`SpanIndex::sort`]).
    fn push(&mut self, pointer: &str, spans: NodeSpans) {
        let start = self.pointers.len();
        self.pointers.push_str(pointer);
        self.nodes.push((start, self.pointers.len(), spans));
    }

    /// The spans of a pointer, searched from the end: of a pointer recorded twice, the last.
    fn find_unsorted(&self, pointer: &str) -> Option<NodeSpans> {
        self.nodes
            .iter()
            .rev()
            .find(|(start, end, _)| &self.pointers[*start..*end] == pointer)
            .map(|n| n.2)
    }

    /// Sorts the pointers of a large document for lookup; of a pointer recorded twice, the last
    /// spans win, as when searching from the end.
    fn sort(&mut self) {
        if self.nodes.len() <= Self::UNSORTED_MAX {
            return;
        }
        self.sorted = true;
        let SpanIndex {
            pointers, nodes, ..
        } = self;
        nodes.sort_by(|a, b| pointers[a.0..a.1].cmp(&pointers[b.0..b.1]));
        nodes.dedup_by(|later, earlier| {
            let same = pointers[later.0..later.1] == pointers[earlier.0..earlier.1];
            if same {
                earlier.2 = later.2;
            }
            same
        });
    }
}

/// Parses `text` (the source after any byte order mark, which starts at byte `base` of the
/// whole source) into a JSON value and its span index.
pub fn parse(text: &str, base: usize, limits: &Limits) -> Result<(Value, SpanIndex), YamlError> {
    let mut builder = Builder::new(text, base, limits);
    let mut parser = Parser::new(input::ShortBuffer::new(text));
    while let Some(next) = parser.next_event() {
        match next {
            Ok((event, span)) => {
                if builder.on_event(event, span)? {
                    break;
                }
            }
            Err(error) => return Err(builder.scan_error(&error)),
        }
    }
    builder.finish()
}

enum Frame {
    Seq {
        items: Vec<Value>,
        start: usize,
        pointer_len: usize,
        anchor: usize,
        nodes: usize,
    },
    Map {
        map: Map<String, Value>,
        start: usize,
        pointer_len: usize,
        anchor: usize,
        nodes: usize,
        key: Option<(String, Span)>,
    },
}

struct Builder<'a> {
    text: &'a str,
    base: usize,
    limits: &'a Limits,
    bytes: CharToByte<'a>,
    stack: Vec<Frame>,
    pointer: String,
    index: SpanIndex,
    anchors: HashMap<usize, (Value, usize)>,
    nodes: usize,
    documents: usize,
    root: Option<Value>,
}

impl<'a> Builder<'a> {
    fn new(text: &'a str, base: usize, limits: &'a Limits) -> Builder<'a> {
        Builder {
            text,
            base,
            limits,
            bytes: CharToByte::new(text),
            stack: Vec::new(),
            pointer: String::new(),
            index: SpanIndex::for_text(text.len()),
            anchors: HashMap::new(),
            nodes: 0,
            documents: 0,
            root: None,
        }
    }

    fn span(&self, span: YamlSpan) -> Span {
        let start = self.bytes.byte(span.start.index()) + self.base;
        let end = self.bytes.byte(span.end.index()) + self.base;
        Span::new(start, end.max(start))
    }

    /// A span for an error reported at one character.
    fn point(&self, index: usize) -> Span {
        let start = self.bytes.byte(index);
        let end = self.text[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8());
        Span::new(start + self.base, end + self.base)
    }

    fn scan_error(&self, error: &ScanError) -> YamlError {
        let message = match error.info() {
            // saphyr's own bound on flow nesting, reached while it scans ahead.
            "recursion limit exceeded" => format!(
                "nesting is deeper than {} levels; a manifest is far shallower",
                self.limits.max_depth.min(SAPHYR_MAX_FLOW_DEPTH)
            ),
            info if info.contains("tab") => {
                // Point at the tab itself: the last one in the line's indentation up to where
                // the scanner stopped.
                let at = self.bytes.byte(error.marker().index());
                let line_start = self.text[..at].rfind('\n').map_or(0, |i| i + 1);
                let indent_end = self.text[line_start..]
                    .find(|c: char| c != ' ' && c != '\t')
                    .map_or(self.text.len(), |i| line_start + i);
                if let Some(tab) = self.text[line_start..indent_end.max(line_start)].rfind('\t') {
                    let start = line_start + tab;
                    return YamlError::at(
                        Span::new(start + self.base, start + 1 + self.base),
                        "a tab in the indentation: YAML forbids tabs for indentation; indent with spaces",
                    );
                }
                format!("{info}: YAML forbids tabs for indentation; indent with spaces")
            }
            info => info.to_owned(),
        };
        YamlError::at(self.point(error.marker().index()), message)
    }

    fn count(&mut self, n: usize, span: Span) -> Result<(), YamlError> {
        self.nodes = self.nodes.saturating_add(n);
        if self.nodes > self.limits.max_nodes {
            return Err(YamlError::at(
                span,
                format!(
                    "the document has more than {} nodes (aliases counted as expanded); a manifest is far smaller",
                    self.limits.max_nodes
                ),
            ));
        }
        if let Some(frame) = self.stack.last_mut() {
            match frame {
                Frame::Seq { nodes, .. } | Frame::Map { nodes, .. } => *nodes += n,
            }
        }
        Ok(())
    }

    /// Returns true when parsing should stop (the end of the stream).
    fn on_event(&mut self, event: Event<'a>, yspan: YamlSpan) -> Result<bool, YamlError> {
        let span = self.span(yspan);
        match event {
            Event::StreamStart | Event::Nothing | Event::DocumentEnd => {}
            Event::StreamEnd => return Ok(true),
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(YamlError::at(
                        span,
                        "a second YAML document starts here; a manifest file holds exactly one document: remove this `---` and what follows, or move that document to a file of its own",
                    ));
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                if self.expecting_key() {
                    let span = self.quoted_end(span, style);
                    // Resolved only for the tag's check and for an alias to the key: a plain
                    // key without either (nearly every key) is used as it is written.
                    if anchor > 0 || tag.is_some() {
                        let json = self.scalar(value.clone(), style, tag.as_deref(), span)?;
                        if anchor > 0 {
                            self.anchors.insert(anchor, (json, 1));
                        }
                    }
                    self.count(1, span)?;
                    return self.set_key(value, style, span);
                }
                let span = self.quoted_end(span, style);
                let json = self.scalar(value, style, tag.as_deref(), span)?;
                self.count(1, span)?;
                if anchor > 0 {
                    self.anchors.insert(anchor, (json.clone(), 1));
                }
                self.begin_child(span)?;
                self.record(span);
                self.add_value(json);
            }
            Event::Alias(id) => {
                if self.expecting_key() {
                    return Err(YamlError::at(
                        span,
                        "an alias cannot be a mapping key in a manifest",
                    ));
                }
                let Some((value, nodes)) = self.anchors.get(&id).cloned() else {
                    return Err(YamlError::at(span, "this alias names no anchor"));
                };
                self.count(nodes, span)?;
                self.begin_child(span)?;
                self.record(span);
                self.add_value(value);
            }
            Event::SequenceStart(anchor, tag) => {
                self.start_collection(false, anchor, tag.as_deref(), span)?
            }
            Event::MappingStart(anchor, tag) => {
                self.start_collection(true, anchor, tag.as_deref(), span)?
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Err(YamlError::at(span, "unbalanced end of collection"));
                };
                let (value, start, pointer_len, anchor, nodes) = match frame {
                    Frame::Seq {
                        items,
                        start,
                        pointer_len,
                        anchor,
                        nodes,
                    } => (Value::Array(items), start, pointer_len, anchor, nodes),
                    Frame::Map {
                        map,
                        start,
                        pointer_len,
                        anchor,
                        nodes,
                        ..
                    } => (Value::Object(map), start, pointer_len, anchor, nodes),
                };
                self.pointer.truncate(pointer_len);
                let end = self.collection_end(start, span);
                self.record(Span::new(start, end));
                if anchor > 0 {
                    self.anchors.insert(anchor, (value.clone(), nodes + 1));
                }
                if let Some(Frame::Seq { nodes: n, .. } | Frame::Map { nodes: n, .. }) =
                    self.stack.last_mut()
                {
                    *n += nodes;
                }
                self.add_value(value);
            }
        }
        Ok(false)
    }

    fn start_collection(
        &mut self,
        is_map: bool,
        anchor: usize,
        tag: Option<&Tag>,
        span: Span,
    ) -> Result<(), YamlError> {
        if self.expecting_key() {
            return Err(YamlError::at(
                span,
                "a mapping key must be a plain scalar; complex keys are not allowed in a manifest",
            ));
        }
        if let Some(tag) = tag {
            check_collection_tag(tag, is_map, span)?;
        }
        if self.stack.len() >= self.limits.max_depth {
            return Err(YamlError::at(
                span,
                format!(
                    "nesting is deeper than {} levels; a manifest is far shallower",
                    self.limits.max_depth
                ),
            ));
        }
        self.count(1, span)?;
        self.begin_child(span)?;
        let pointer_len = self.pointer.len();
        self.stack.push(if is_map {
            Frame::Map {
                map: Map::new(),
                start: span.start,
                pointer_len,
                anchor,
                nodes: 0,
                key: None,
            }
        } else {
            Frame::Seq {
                items: Vec::new(),
                start: span.start,
                pointer_len,
                anchor,
                nodes: 0,
            }
        });
        Ok(())
    }

    /// True when the next node is a mapping key.
    fn expecting_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Map { key: None, .. }))
    }

    fn set_key(
        &mut self,
        value: Cow<'a, str>,
        style: ScalarStyle,
        span: Span,
    ) -> Result<bool, YamlError> {
        let _ = style;
        let Some(Frame::Map {
            map,
            key,
            pointer_len,
            ..
        }) = self.stack.last_mut()
        else {
            return Ok(false);
        };
        let name = value.into_owned();
        // A short mapping is searched in order: cheaper than hashing the key.
        let duplicate = if map.len() <= 8 {
            map.keys().any(|k| *k == name)
        } else {
            map.contains_key(&name)
        };
        if duplicate {
            // The first occurrence's value is complete, so its spans (and its key's) are
            // recorded under its pointer.
            let mut pointer = self.pointer[..*pointer_len].to_owned();
            push_segment(&mut pointer, &name);
            let first = self
                .index
                .find_unsorted(&pointer)
                .and_then(|spans| spans.key);
            return Err(YamlError {
                message: format!("duplicate key `{name}`: a key appears once in a mapping"),
                span,
                related: first.map(|first| (first, "first defined here".to_owned())),
            });
        }
        *key = Some((name, span));
        Ok(false)
    }

    /// Points `self.pointer` at the child about to be added to the innermost collection.
    fn begin_child(&mut self, span: Span) -> Result<(), YamlError> {
        match self.stack.last() {
            None => {
                if self.root.is_some() {
                    return Err(YamlError::at(span, "unexpected second root value"));
                }
                self.pointer.clear();
            }
            Some(Frame::Seq {
                items, pointer_len, ..
            }) => {
                let index = items.len();
                self.pointer.truncate(*pointer_len);
                self.pointer.push('/');
                self.pointer.push_str(itoa::Buffer::new().format(index));
            }
            Some(Frame::Map {
                key, pointer_len, ..
            }) => {
                self.pointer.truncate(*pointer_len);
                if let Some((name, _)) = key {
                    push_segment(&mut self.pointer, name);
                }
            }
        }
        Ok(())
    }

    /// Records the spans of the node at `self.pointer`.
    fn record(&mut self, value: Span) {
        let key = match self.stack.last() {
            Some(Frame::Map {
                key: Some((_, key_span)),
                ..
            }) => Some(*key_span),
            _ => None,
        };
        self.index.push(&self.pointer, NodeSpans { value, key });
    }

    /// Adds a finished value to the innermost collection, or makes it the root.
    fn add_value(&mut self, value: Value) {
        match self.stack.last_mut() {
            None => self.root = Some(value),
            Some(Frame::Seq { items, .. }) => items.push(value),
            Some(Frame::Map { map, key, .. }) => {
                if let Some((name, _)) = key.take() {
                    map.insert(name, value);
                }
            }
        }
    }

    /// Where a collection that starts at `start` ends, given the span of its end event: just
    /// after the closing bracket of a flow collection, else (a block collection) after its last
    /// value.
    fn collection_end(&self, start: usize, end_event: Span) -> usize {
        let bytes = self.text.as_bytes();
        let at = |i: usize| i.checked_sub(self.base).and_then(|i| bytes.get(i)).copied();
        match (at(start), at(end_event.start)) {
            (Some(b'['), Some(b']')) | (Some(b'{'), Some(b'}')) => end_event.start + 1,
            _ => self.trim_end(start, end_event.start.max(start)),
        }
    }

    /// The end of a block collection is reported at the next token; pull it back over the
    /// white space and comments that follow the last value.
    fn trim_end(&self, start: usize, end: usize) -> usize {
        let rel_start = start.saturating_sub(self.base);
        let rel_end = end.saturating_sub(self.base).min(self.text.len());
        if rel_end <= rel_start {
            return end;
        }
        let slice = &self.text[rel_start..rel_end];
        // From the back: only the trailing blank and comment lines are read, so that nested
        // collections ending together do not each rescan the whole document. Lines are found
        // with `memrchr` (a `\n` byte is never inside a character, so each line is a `str`):
        // `split_inclusive('\n').rev()` took 1.3% of the instructions of 10,000 manifests.
        let mut line_end = slice.len();
        loop {
            let line_start =
                memchr::memrchr(b'\n', &slice.as_bytes()[..line_end]).map_or(0, |i| i + 1);
            let line = &slice[line_start..line_end];
            let content = line.trim_start();
            if !content.is_empty() && !content.starts_with('#') {
                return start + line_start + line.trim_end().len();
            }
            if line_start == 0 {
                return end;
            }
            line_end = line_start - 1;
        }
    }

    /// saphyr's span of a quoted scalar can run on over a trailing comment; end it at the
    /// closing quote.
    fn quoted_end(&self, span: Span, style: ScalarStyle) -> Span {
        let quote = match style {
            ScalarStyle::SingleQuoted => b'\'',
            ScalarStyle::DoubleQuoted => b'"',
            _ => return span,
        };
        let bytes = self.text.as_bytes();
        let (start, end) = (
            span.start - self.base,
            (span.end - self.base).min(bytes.len()),
        );
        if bytes.get(start) != Some(&quote) {
            return span;
        }
        let mut i = start + 1;
        while i < end {
            let b = bytes[i];
            if quote == b'"' && b == b'\\' {
                i += 2;
                continue;
            }
            if b == quote {
                if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') {
                    i += 2;
                    continue;
                }
                return Span::new(span.start, i + 1 + self.base);
            }
            i += 1;
        }
        span
    }

    /// The JSON value of a scalar: untagged plain scalars resolved by the core schema, quoted
    /// and block scalars as strings, tagged ones by their tag whatever their style.
    fn scalar(
        &self,
        value: Cow<'a, str>,
        style: ScalarStyle,
        tag: Option<&Tag>,
        span: Span,
    ) -> Result<Value, YamlError> {
        let Some(tag) = tag else {
            return Ok(match style {
                ScalarStyle::Plain => match core_schema::resolve_plain_typed(&value) {
                    Some(typed) => typed,
                    None => Value::String(value.into_owned()),
                },
                _ => Value::String(value.into_owned()),
            });
        };
        check_scalar_tag(tag, span)?;
        core_schema::resolve_tagged(&tag.suffix, &value).map_err(|_| {
            YamlError::at(
                span,
                format!(
                    "`{value}` is not a valid value for the tag `{}`",
                    show_tag(tag)
                ),
            )
        })
    }

    fn finish(self) -> Result<(Value, SpanIndex), YamlError> {
        match self.root {
            None | Some(Value::Null) => Err(YamlError::at(
                Span::empty(self.base),
                "the file is empty: a manifest is one YAML mapping",
            )),
            Some(root) => {
                let mut index = self.index;
                index.sort();
                Ok((root, index))
            }
        }
    }
}

/// Only the core schema's scalar tags (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`) are
/// allowed on a scalar, key or value.
fn check_scalar_tag(tag: &Tag, span: Span) -> Result<(), YamlError> {
    if tag.is_yaml_core_schema()
        && matches!(
            tag.suffix.as_str(),
            "str" | "int" | "float" | "bool" | "null"
        )
    {
        return Ok(());
    }
    Err(YamlError::at(
        span,
        format!(
            "unsupported YAML tag `{}`: a manifest holds plain values, without tags",
            show_tag(tag)
        ),
    ))
}

fn check_collection_tag(tag: &Tag, is_map: bool, span: Span) -> Result<(), YamlError> {
    let expected = if is_map { "map" } else { "seq" };
    if tag.is_yaml_core_schema() && tag.suffix == expected {
        return Ok(());
    }
    Err(YamlError::at(
        span,
        format!(
            "unsupported YAML tag `{}`: a manifest holds plain values, without tags",
            show_tag(tag)
        ),
    ))
}

/// A tag as it is written: `!!str`, `!Ref`.
fn show_tag(tag: &Tag) -> String {
    if tag.is_yaml_core_schema() {
        format!("!!{}", tag.suffix)
    } else if tag.handle == "!" {
        format!("!{}", tag.suffix)
    } else {
        format!("{}{}", tag.handle, tag.suffix)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spans found by searching from the end (small documents) and by binary search (large
    /// ones) are the same.
    #[test]
    fn span_index_small_and_large() {
        for n in [3, SpanIndex::UNSORTED_MAX + 50] {
            let mut text = String::from("list:\n");
            for i in 0..n {
                text.push_str(&format!("  - {{name: item{i}, \"a/b~c\": {i}}}\n"));
            }
            let (_, index) = parse(&text, 0, &Limits::default()).expect("parses");
            assert_eq!(index.sorted, index.len() > SpanIndex::UNSORTED_MAX);
            for i in [0, n / 2, n - 1] {
                let name = index.get(&format!("/list/{i}/name")).expect("indexed");
                assert_eq!(&text[name.value.range()], format!("item{i}"));
                assert_eq!(&text[name.key.expect("a key").range()], "name");
                let escaped = index.get(&format!("/list/{i}/a~1b~0c")).expect("indexed");
                assert_eq!(&text[escaped.value.range()], i.to_string());
            }
            assert!(index.get("/list/x").is_none());
            assert_eq!(
                index.nearest("/list/1/name/deeper").map(|(_, p)| p),
                Some("/list/1/name")
            );
            assert!(index.get("").is_some());
        }
    }
}
