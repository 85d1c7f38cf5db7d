//! The committed schema as a value, and what it says about the value at a JSON pointer: its
//! description, the keys its mapping allows. For the messages (read only when a manifest has a
//! schema error) and the language server's hover.

use std::sync::OnceLock;

use serde_json::Value;

/// The committed schema as a value, for the messages' descriptions and key lists (read only
/// when a manifest has a schema error) and for callers that look up descriptions (the language
/// server's hover).
pub fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        serde_json::from_str(include_str!("../../manifest.schema.json"))
            .expect("the committed schema is JSON")
    })
}

/// The sub-schema that describes the value at `pointer`, following `$ref`, `properties` and
/// `items`.
fn subschema<'a>(root: &'a Value, pointer: &str) -> Option<&'a Value> {
    let mut node = resolve(root, root)?;
    for seg in crate::pointer::segments(pointer) {
        node = if let Some(props) = node.get("properties") {
            resolve(root, props.get(&seg)?)?
        } else if let Some(items) = node.get("items") {
            resolve(root, items)?
        } else {
            return None;
        };
    }
    Some(node)
}

fn resolve<'a>(root: &'a Value, node: &'a Value) -> Option<&'a Value> {
    match node.get("$ref").and_then(Value::as_str) {
        Some(r) => root.pointer(r.strip_prefix('#')?),
        None => Some(node),
    }
}

/// The keys the schema allows in the mapping at `pointer`.
pub fn known_keys(schema: &Value, pointer: &str) -> Vec<String> {
    subschema(schema, pointer)
        .and_then(|s| s.get("properties"))
        .and_then(Value::as_object)
        .map(|props| props.keys().cloned().collect())
        .unwrap_or_default()
}

/// The values the schema allows at `pointer` when it lists them (`enum`, `const`), as written
/// in YAML.
pub fn allowed_values(schema: &Value, pointer: &str) -> Vec<String> {
    let Some(node) = subschema(schema, pointer) else {
        return Vec::new();
    };
    let text = |v: &Value| v.as_str().map_or_else(|| v.to_string(), str::to_owned);
    match (node.get("enum"), node.get("const")) {
        (Some(Value::Array(values)), _) => values.iter().map(text).collect(),
        (_, Some(value)) => vec![text(value)],
        _ => Vec::new(),
    }
}

/// The description the schema gives the value at `pointer`, first sentence only.
pub fn field_description(schema: &Value, pointer: &str) -> Option<String> {
    let node = subschema(schema, pointer)?;
    let d = node
        .get("markdownDescription")
        .or_else(|| node.get("description"))?
        .as_str()?;
    let first = d.split(". ").next().unwrap_or(d).trim_end_matches('.');
    Some(first.replace('\n', " "))
}
