//! The schema generated from the manifest's types: the published one (tidied, with
//! descriptions as editors show them) and the loader's (each `pattern` renamed
//! [`LOADER_PATTERN`]), committed as `crates/manifest/manifest.schema.json`.

use schemars::generate::SchemaSettings;
use serde_json::Value;

use crate::model::Manifest;

/// The manifest JSON Schema (draft 2020-12), as committed in
/// `schemas/install-manifest.schema.json`.
pub fn manifest_schema() -> Value {
    let generator = SchemaSettings::draft2020_12().into_generator();
    let schema = generator.into_root_schema_for::<Manifest>();
    tidy(schema.to_value())
}

/// Puts the identifying keys first and drops schemars' Rust-specific integer formats
/// (`uint32`), which strict validators such as ajv reject as unknown.
pub fn tidy(schema: Value) -> Value {
    fn strip_formats(value: &mut Value) {
        match value {
            Value::Object(map) => {
                if map
                    .get("format")
                    .and_then(Value::as_str)
                    .is_some_and(|f| f.starts_with("uint") || f.starts_with("int"))
                {
                    map.remove("format");
                }
                map.values_mut().for_each(strip_formats);
            }
            Value::Array(items) => items.iter_mut().for_each(strip_formats),
            _ => {}
        }
    }
    let Value::Object(mut map) = schema else {
        return schema;
    };
    let mut ordered = serde_json::Map::new();
    for key in ["$schema", "$id", "title", "description"] {
        if let Some(v) = map.remove(key) {
            ordered.insert(key.to_owned(), v);
        }
    }
    ordered.extend(map);
    let mut value = Value::Object(ordered);
    strip_formats(&mut value);
    editor_descriptions(&mut value);
    value
}

/// Descriptions as editors show them: doc comments arrive hard-wrapped, and editors (the YAML
/// language server) show every line break as a paragraph break, so the lines of a paragraph are
/// joined; a description that uses Markdown (backticks) gets a `markdownDescription`, which
/// editors render, and its `description` the plain text.
pub fn editor_descriptions(value: &mut Value) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(text)) = map.get("description") {
                let joined = unwrap_paragraphs(text);
                if joined.contains('`') {
                    map.insert(
                        "description".to_owned(),
                        Value::String(joined.replace('`', "")),
                    );
                    map.insert("markdownDescription".to_owned(), Value::String(joined));
                } else {
                    map.insert("description".to_owned(), Value::String(joined));
                }
            }
            // Strings are left as they are: a property named `description` is a schema.
            map.values_mut().for_each(editor_descriptions);
        }
        Value::Array(items) => items.iter_mut().for_each(editor_descriptions),
        _ => {}
    }
}

/// Joins the lines of each paragraph with a space; paragraphs stay apart (a blank line).
fn unwrap_paragraphs(text: &str) -> String {
    text.split("\n\n")
        .map(|p| p.lines().map(str::trim).collect::<Vec<_>>().join(" "))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The loader's keyword for a `pattern` (see the module's documentation).
pub const LOADER_PATTERN: &str = "x-pattern";

/// The schema the loader validates with: [`manifest_schema`], each `pattern` renamed
/// [`LOADER_PATTERN`].
pub fn loader_schema() -> Value {
    fn rename(value: &mut Value) {
        match value {
            Value::Object(map) => {
                // Renamed in place, so the key keeps its position. (A string: a property
                // named `pattern` would have a schema.)
                if let Some(pattern @ Value::String(_)) = map.get("pattern").cloned() {
                    let entries = std::mem::take(map);
                    *map = entries
                        .into_iter()
                        .map(|(k, v)| {
                            if k == "pattern" {
                                (LOADER_PATTERN.to_owned(), pattern.clone())
                            } else {
                                (k, v)
                            }
                        })
                        .collect();
                }
                map.values_mut().for_each(rename);
            }
            Value::Array(items) => items.iter_mut().for_each(rename),
            _ => {}
        }
    }
    let mut schema = manifest_schema();
    rename(&mut schema);
    schema
}

/// The loader's schema as pretty JSON with a final newline: exactly the committed file
/// (`crates/manifest/manifest.schema.json`, which the validator is generated from).
pub fn loader_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&loader_schema()).expect("schema serializes");
    text.push('\n');
    text
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// The validator is generated from the committed file: it must be what the types generate.
    /// `UPDATE_GENERATED=1 cargo test` (or `scripts/regenerate`) rewrites it; the crate then
    /// builds its validator from the new file.
    #[test]
    fn the_committed_schema_is_what_the_types_generate() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/manifest.schema.json");
        let generated = loader_schema_text();
        let committed = std::fs::read_to_string(path).unwrap_or_default();
        if std::env::var_os("UPDATE_GENERATED").is_some() {
            if committed != generated {
                std::fs::write(path, &generated).expect("write the schema");
                eprintln!("crates/manifest/manifest.schema.json rewritten: build and test again");
            }
            return;
        }
        assert!(
            committed == generated,
            "crates/manifest/manifest.schema.json is stale: run `UPDATE_GENERATED=1 cargo test`"
        );
        // What this build's validator was generated from.
        assert!(
            include_str!("../../manifest.schema.json") == generated,
            "this build's validator was generated from an older manifest.schema.json: build again"
        );
    }

    /// Every `pattern` of the published schema, with the validator jsonschema compiles for it.
    pub(crate) fn published_patterns() -> Vec<(String, jsonschema::Validator)> {
        fn walk(value: &Value, out: &mut Vec<String>) {
            match value {
                Value::Object(map) => {
                    if let Some(Value::String(p)) = map.get("pattern") {
                        out.push(p.clone());
                    }
                    map.values().for_each(|v| walk(v, out));
                }
                Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
                _ => {}
            }
        }
        let mut patterns = Vec::new();
        walk(&manifest_schema(), &mut patterns);
        patterns.sort();
        patterns.dedup();
        assert!(patterns.len() >= 5, "the manifest's patterns: {patterns:?}");
        patterns
            .into_iter()
            .map(|p| {
                let standard = jsonschema::draft202012::new(&serde_json::json!({ "pattern": p }))
                    .expect("the pattern compiles");
                (p, standard)
            })
            .collect()
    }

    #[test]
    fn the_loader_schema_renames_every_pattern() {
        let text = loader_schema_text();
        assert!(!text.contains("\"pattern\""));
        for (pattern, _) in published_patterns() {
            let quoted = serde_json::to_string(&pattern).unwrap();
            assert!(
                text.contains(&format!("\"{LOADER_PATTERN}\": {quoted}")),
                "{pattern}"
            );
        }
    }
}
