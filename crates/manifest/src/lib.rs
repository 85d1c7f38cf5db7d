//! Loads astro-preflight install manifests.
//!
//! The data flow, one way: source bytes → [`yaml::parse`] (saphyr's events, one pass) → a
//! `serde_json::Value` plus a [`SpanIndex`] from JSON pointer to the byte spans of each value and
//! key → [`schema::validate`] (the compiled JSON Schema) and the typed [`Manifest`]. Nothing here
//! knows about rules; the linter turns what this crate finds into diagnostics.

pub mod core_schema;
pub mod defaults;
pub mod model;
pub mod pointer;
pub mod read;
pub mod recognize;
pub mod schema;
pub mod source;
pub mod suggest;
pub mod yaml;

use serde::Deserialize;
use serde_json::Value;

pub use defaults::Defaults;
pub use model::{Account, Cluster, InstallProfile, Lenient, Manifest, Peering};
pub use schema::{SchemaError, SchemaErrorKind};
pub use source::{LineIndex, Location, Position, Span};
pub use yaml::{Limits, NodeSpans, SpanIndex, YamlError};

/// One loaded manifest file.
#[derive(Debug)]
pub struct Document {
    /// The text as read (invalid UTF-8 replaced, for display only).
    pub source: String,
    pub lines: LineIndex,
    /// The parsed manifest, or why the file is not one YAML document.
    pub parsed: Result<Parsed, YamlError>,
}

/// A file that is one YAML document.
#[derive(Debug)]
pub struct Parsed {
    /// The document as JSON: what the schema validates.
    pub json: Value,
    /// JSON pointer → spans.
    pub spans: SpanIndex,
    /// The typed manifest; `None` when the document is not a mapping.
    pub manifest: Option<Manifest>,
    /// Every violation of the manifest schema.
    pub schema_errors: Vec<SchemaError>,
}

impl Document {
    /// The location of a span in this document.
    pub fn location(&self, span: Span) -> Location {
        self.lines.location(&self.source, span)
    }
}

/// Loads a manifest from the bytes of a file. Never panics and never fails: a file that is not
/// a usable YAML document is a [`Document`] whose `parsed` is the error.
pub fn load(bytes: &[u8], limits: &Limits) -> Document {
    let limits = &limits.clamped();
    if bytes.len() > limits.max_bytes {
        return too_large(bytes.len() as u64, limits);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => load_str(text.to_owned(), limits),
        Err(error) => {
            let source = String::from_utf8_lossy(bytes).into_owned();
            let lines = LineIndex::new(&source);
            let at = error.valid_up_to();
            let message =
                format!("the file is not valid UTF-8: invalid byte sequence at byte {at}");
            // The lossy text is identical up to `at`; the replacement character follows.
            let span = Span::new(at, (at + '\u{FFFD}'.len_utf8()).min(source.len()));
            Document {
                source,
                lines,
                parsed: Err(YamlError {
                    message,
                    span,
                    related: None,
                }),
            }
        }
    }
}

/// [`load`] of bytes the caller gives up: UTF-8 text becomes the document's source as it is,
/// without a copy.
pub fn load_owned(bytes: Vec<u8>, limits: &Limits) -> Document {
    if bytes.len() > limits.clamped().max_bytes {
        return load(&bytes, limits);
    }
    match String::from_utf8(bytes) {
        Ok(text) => load_str(text, limits),
        Err(error) => load(error.as_bytes(), limits),
    }
}

/// The document of a file larger than the limit, which is not read at all.
pub fn too_large(size: u64, limits: &Limits) -> Document {
    let source = String::new();
    let lines = LineIndex::new(&source);
    let message = format!(
        "the file is {size} bytes, more than the {}-byte limit for a manifest (`[limits] max-file-size` in astro-preflight.toml)",
        limits.max_bytes
    );
    Document {
        source,
        lines,
        parsed: Err(YamlError {
            message,
            span: Span::empty(0),
            related: None,
        }),
    }
}

/// Loads a manifest from text.
pub fn load_str(source: String, limits: &Limits) -> Document {
    let limits = &limits.clamped();
    let lines = LineIndex::new(&source);
    let base = if source.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    let parsed = yaml::parse(&source[base..], base, limits).map(|(json, spans)| {
        let manifest = if json.is_object() {
            Manifest::deserialize(&json).ok()
        } else {
            None
        };
        let schema_errors = schema::validate(&json);
        Parsed {
            json,
            spans,
            manifest,
            schema_errors,
        }
    });
    Document {
        source,
        lines,
        parsed,
    }
}
