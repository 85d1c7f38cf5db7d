//! The manifest's JSON Schema: generated from the types in [`crate::model`] (`generate`),
//! committed as `crates/manifest/manifest.schema.json`, compiled into a validator when this
//! crate is built, and its errors turned into messages a user understands (`messages`); the
//! committed schema also answers what a field is and which keys a mapping allows (`navigate`,
//! for the messages and the language server). The closest known name to a misspelt one is
//! [`crate::suggest`]'s.
//!
//! The validator is generated at build time from the committed file (jsonschema's
//! `#[validator]`), so a run compiles no schema: it does not build a validator, check our
//! schema against the draft 2020-12 meta-schema, or resolve references. A unit test keeps the
//! file equal to what the types generate.
//!
//! The committed file differs from the published schema in one keyword: each `pattern` is
//! [`LOADER_PATTERN`], matched by a DFA that `build.rs` builds from the committed file with
//! `regex-automata` (`pattern`). A test checks that the two schemas accept and refuse the same
//! values.

mod generate;
mod messages;
mod navigate;
mod pattern;

pub use generate::{
    LOADER_PATTERN, editor_descriptions, loader_schema, loader_schema_text, manifest_schema, tidy,
};
pub use messages::{SchemaError, SchemaErrorKind, describe, validate};
pub use navigate::{field_description, known_keys, schema};
