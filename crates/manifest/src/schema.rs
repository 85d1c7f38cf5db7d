//! The manifest's JSON Schema: generated from the types in [`crate::model`], committed as
//! `crates/manifest/manifest.schema.json`, compiled into a validator when this crate is built,
//! and its errors turned into messages a user understands.
//!
//! The validator is generated at build time from the committed file (jsonschema's
//! `#[validator]`), so a run compiles no schema: it does not build a validator, check our
//! schema against the draft 2020-12 meta-schema, or resolve references. A unit test below keeps
//! the file equal to what the types generate.
//!
//! The committed file differs from the published schema in one keyword: each `pattern` is
//! [`LOADER_PATTERN`], matched by a DFA that `build.rs` builds from the committed file with
//! `regex-automata` (which makes DFAs to be serialized at build time and deserialized at run
//! time). jsonschema's generated code compiles a `pattern` at run time (`fancy-regex` or
//! `regex`): for the manifest's five patterns, with the lazy DFAs of their first matches, 0.8 M
//! of the 1.7 M instructions a one-manifest check spent over an empty process. A test checks
//! that the two schemas accept and refuse the same values.

use std::sync::OnceLock;

use jsonschema::JsonType;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use schemars::generate::SchemaSettings;
use serde_json::Value;

use crate::model::Manifest;
use crate::pointer::{dotted, push_segment};

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

/// The validator of the committed schema, generated when this crate is built.
#[jsonschema::validator(
    path = "manifest.schema.json",
    draft = Draft202012,
    keywords = { "x-pattern" => crate::schema::pattern_keyword }
)]
struct ManifestValidator;

/// [`LOADER_PATTERN`]: a string matches the pattern's DFA, built from the committed schema by
/// `build.rs` and deserialized when the generated validator first meets the keyword (a few
/// thousand instructions, where compiling the regular expression took a hundred thousand);
/// values of other types pass, as with `pattern`.
struct Pattern(regex_automata::dfa::dense::DFA<&'static [u32]>);

mod built {
    include!(concat!(env!("OUT_DIR"), "/patterns.rs"));
}

/// The factory the generated validator calls for each [`LOADER_PATTERN`] of the schema.
pub(crate) fn pattern_keyword<'a>(
    _parent: &'a serde_json::Map<String, Value>,
    value: &'a Value,
    _path: jsonschema::paths::Location,
) -> Result<Box<dyn for<'i> jsonschema::Keyword<'i>>, jsonschema::ValidationError<'a>> {
    let pattern = value
        .as_str()
        .ok_or_else(|| jsonschema::ValidationError::schema("a pattern must be a string"))?;
    let (_, bytes) = built::PATTERNS
        .iter()
        .find(|(p, _)| *p == pattern)
        .ok_or_else(|| jsonschema::ValidationError::schema("a pattern build.rs did not build"))?;
    let (dfa, _) = regex_automata::dfa::dense::DFA::from_bytes(bytes)
        .map_err(|e| jsonschema::ValidationError::schema(e.to_string()))?;
    Ok(Box::new(Pattern(dfa)))
}

impl<'i> jsonschema::Keyword<'i> for Pattern {
    fn validate(&self, instance: &'i Value) -> Result<(), jsonschema::ValidationError<'i>> {
        if self.is_valid(instance) {
            Ok(())
        } else {
            Err(jsonschema::ValidationError::custom(
                "does not match the pattern",
            ))
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        use regex_automata::dfa::Automaton;
        let Some(s) = instance.as_str() else {
            return true;
        };
        let input = regex_automata::Input::new(s).anchored(regex_automata::Anchored::Yes);
        // A DFA built without quit bytes or Unicode word boundaries cannot fail a search.
        matches!(self.0.try_search_fwd(&input), Ok(Some(_)))
    }
}

/// The committed schema as a value, for the messages' descriptions and key lists (read only
/// when a manifest has a schema error) and for callers that look up descriptions (the language
/// server's hover).
pub fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        serde_json::from_str(include_str!("../manifest.schema.json"))
            .expect("the committed schema is JSON")
    })
}

/// What kind of schema violation, for callers that treat some specially.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaErrorKind {
    /// A required key is absent; `pointer` names the missing key, `parent` its mapping.
    Missing { parent: String },
    /// A key the schema does not know; `pointer` names it.
    UnknownKey,
    /// A value of the wrong type.
    Type,
    /// Any other violation of the value at `pointer` (pattern, enum, range, length).
    Value,
}

/// One violation of the manifest schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    /// The pointer of the value concerned (of the missing or unknown key itself).
    pub pointer: String,
    pub kind: SchemaErrorKind,
    pub message: String,
    pub help: Option<String>,
}

/// Validates a manifest against the compiled schema.
pub fn validate(instance: &Value) -> Vec<SchemaError> {
    // Most manifests are valid: the check without error locations says so for less.
    if ManifestValidator::is_valid(instance) {
        return Vec::new();
    }
    let mut errors = Vec::new();
    for error in ManifestValidator::iter_errors(instance) {
        let at = error.instance_path().as_str().to_owned();
        convert(schema(), &at, error.kind(), error.instance(), &mut errors);
    }
    // One problem, one diagnostic: a value of the wrong type also breaks its pattern, enum or
    // const; keep the most telling error per pointer (type first, in schema order otherwise).
    errors.sort_by(|a, b| {
        a.pointer
            .cmp(&b.pointer)
            .then_with(|| rank(&a.kind).cmp(&rank(&b.kind)))
    });
    errors.dedup_by(|later, earlier| {
        later.pointer == earlier.pointer && rank(&later.kind) > 0 && rank(&earlier.kind) > 0
    });
    errors
}

/// Missing and unknown keys have pointers of their own; of the errors about one value, a type
/// error says the most.
fn rank(kind: &SchemaErrorKind) -> u8 {
    match kind {
        SchemaErrorKind::Missing { .. } | SchemaErrorKind::UnknownKey => 0,
        SchemaErrorKind::Type => 1,
        SchemaErrorKind::Value => 2,
    }
}

fn convert(
    schema: &Value,
    at: &str,
    kind: &ValidationErrorKind,
    found: &Value,
    out: &mut Vec<SchemaError>,
) {
    // `cluster.name` in backticks; the whole document in words.
    let field = if at.is_empty() {
        "the manifest".to_owned()
    } else {
        format!("`{}`", dotted(at))
    };
    match kind {
        ValidationErrorKind::Required { property } => {
            let name = property.as_str().unwrap_or_default();
            let mut pointer = at.to_owned();
            push_segment(&mut pointer, name);
            let owner = field.clone();
            out.push(SchemaError {
                pointer,
                kind: SchemaErrorKind::Missing {
                    parent: at.to_owned(),
                },
                message: format!("{owner} is missing the required key `{name}`"),
                help: field_description(schema, &join(at, name))
                    .map(|d| format!("add `{name}`: {d}")),
            });
        }
        ValidationErrorKind::AdditionalProperties { unexpected }
        | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
            let known = known_keys(schema, at);
            for key in unexpected {
                let mut pointer = at.to_owned();
                push_segment(&mut pointer, key);
                let place = if at.is_empty() {
                    "at the top level".to_owned()
                } else {
                    format!("in {field}")
                };
                let help = match closest(key, &known) {
                    Some(best) => Some(format!("did you mean `{best}`?")),
                    None if known.is_empty() => None,
                    None => Some(format!("the keys allowed here are {}", list(&known))),
                };
                out.push(SchemaError {
                    pointer,
                    kind: SchemaErrorKind::UnknownKey,
                    message: format!("unknown key `{key}` {place}"),
                    help,
                });
            }
        }
        ValidationErrorKind::Type { kind } => {
            let wanted = match kind {
                TypeKind::Single(t) => type_name(*t).to_owned(),
                TypeKind::Multiple(set) => {
                    let names: Vec<&str> = set.iter().map(type_name).collect();
                    names.join(" or ")
                }
            };
            out.push(SchemaError {
                pointer: at.to_owned(),
                kind: SchemaErrorKind::Type,
                message: format!("{field} must be {wanted}; found {}", describe(found)),
                help: None,
            });
        }
        ValidationErrorKind::Enum { options } => {
            let names: Vec<String> = options
                .as_array()
                .map(|a| {
                    a.iter()
                        .filter_map(|v| v.as_str().map(str::to_owned))
                        .collect()
                })
                .unwrap_or_default();
            let help = found
                .as_str()
                .and_then(|s| closest(s, &names))
                .map(|b| format!("did you mean `{b}`?"));
            out.push(SchemaError {
                pointer: at.to_owned(),
                kind: SchemaErrorKind::Value,
                message: format!(
                    "{field} must be one of {}; found {}",
                    list(&names),
                    describe(found)
                ),
                help,
            });
        }
        ValidationErrorKind::Constant { expected_value } => out.push(SchemaError {
            pointer: at.to_owned(),
            kind: SchemaErrorKind::Value,
            message: format!(
                "{field} must be {expected_value}; found {}",
                describe(found)
            ),
            help: None,
        }),
        ValidationErrorKind::Custom { keyword, .. } if keyword == LOADER_PATTERN => {
            out.push(SchemaError {
                pointer: at.to_owned(),
                kind: SchemaErrorKind::Value,
                message: format!("{field} {}; found {}", pattern_phrase(at), describe(found)),
                help: None,
            });
        }
        ValidationErrorKind::MinLength { limit } | ValidationErrorKind::MaxLength { limit } => {
            let bound = if matches!(kind, ValidationErrorKind::MinLength { .. }) {
                "at least"
            } else {
                "at most"
            };
            let message = if *limit == 1 && bound == "at least" {
                format!("{field} must not be empty")
            } else {
                format!(
                    "{field} must be {bound} {limit} characters long; found {}",
                    describe(found)
                )
            };
            out.push(SchemaError {
                pointer: at.to_owned(),
                kind: SchemaErrorKind::Value,
                message,
                help: None,
            });
        }
        ValidationErrorKind::MinItems { limit } => out.push(SchemaError {
            pointer: at.to_owned(),
            kind: SchemaErrorKind::Value,
            message: format!(
                "{field} must list at least {limit} item{}; found an empty list",
                if *limit == 1 { "" } else { "s" }
            ),
            help: None,
        }),
        ValidationErrorKind::Minimum { limit } | ValidationErrorKind::Maximum { limit } => {
            let bound = if matches!(kind, ValidationErrorKind::Minimum { .. }) {
                "at least"
            } else {
                "at most"
            };
            out.push(SchemaError {
                pointer: at.to_owned(),
                kind: SchemaErrorKind::Value,
                message: format!("{field} must be {bound} {limit}; found {}", describe(found)),
                help: None,
            });
        }
        other => {
            out.push(SchemaError {
                pointer: at.to_owned(),
                kind: SchemaErrorKind::Value,
                message: format!(
                    "{field} is invalid: {} ({})",
                    describe(found),
                    other.keyword()
                ),
                help: None,
            });
        }
    }
}

fn join(at: &str, name: &str) -> String {
    let mut p = at.to_owned();
    push_segment(&mut p, name);
    p
}

fn type_name(t: JsonType) -> &'static str {
    match t {
        JsonType::Array => "a list",
        JsonType::Boolean => "true or false",
        JsonType::Integer => "an integer",
        JsonType::Null => "null",
        JsonType::Number => "a number",
        JsonType::Object => "a mapping",
        JsonType::String => "a string",
    }
}

/// How a found value reads in a message: `the string "20"`, `the number 20.5`, `a mapping`.
pub fn describe(value: &Value) -> String {
    match value {
        Value::Null => "null (an empty value)".to_owned(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!("the string {}", Value::String(truncate(s, 60))),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "a mapping".to_owned(),
    }
}

fn truncate(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        s.to_owned()
    } else {
        let mut t: String = s.chars().take(max).collect();
        t.push('…');
        t
    }
}

fn pattern_phrase(at: &str) -> &'static str {
    let last = at.rsplit('/').next().unwrap_or_default();
    let parent_is_list = last.bytes().all(|b| b.is_ascii_digit()) && !last.is_empty();
    let name = if parent_is_list {
        at.rsplit('/').nth(1).unwrap_or_default()
    } else {
        last
    };
    match name {
        "id" => "must be a 12-digit AWS account ID",
        "name" => "must be lowercase letters, digits and hyphens, starting with a letter",
        "vpcId" => "must be `vpc-` followed by 8 or 17 hexadecimal digits",
        "vpcCidr" | "cidrs" => "must be an IPv4 CIDR such as 10.0.0.0/16",
        "dnsServers" => "must be an IPv4 address such as 10.0.0.2",
        _ => "does not have the expected form",
    }
}

fn list(names: &[String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The closest name by edit distance, when it is close enough to be a likely typo (the first of
/// the nearest, see [`nearest`]).
pub fn closest(word: &str, candidates: &[String]) -> Option<String> {
    nearest(word, candidates.iter().map(String::as_str)).map(|(c, _)| c.to_owned())
}

/// The candidates nearest to `word` by case-insensitive edit distance, each within a third of
/// its own length in characters (at least 1): the first of them, and whether another one is as
/// near.
pub fn nearest<'c>(
    word: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<(&'c str, bool)> {
    let word: Vec<char> = word.chars().map(|c| c.to_ascii_lowercase()).collect();
    let mut candidate = Vec::new();
    let mut row = Vec::new();
    let mut best: Option<(usize, &'c str)> = None;
    let mut tied = false;
    for c in candidates {
        candidate.clear();
        candidate.extend(c.chars().map(|c| c.to_ascii_lowercase()));
        // Farther than this cannot qualify, or cannot win or tie.
        let bound = (candidate.len() / 3).max(1);
        let limit = best.map_or(bound, |(b, _)| b.min(bound));
        // The distance is at least the difference in length: most candidates end here.
        if candidate.len().abs_diff(word.len()) > limit {
            continue;
        }
        let Some(d) = distance_within(&word, &candidate, limit, &mut row) else {
            continue;
        };
        match best {
            Some((b, _)) if d == b => tied = true,
            _ => {
                best = Some((d, c));
                tied = false;
            }
        }
    }
    best.map(|(_, c)| (c, tied))
}

/// Levenshtein distance over characters when it is at most `limit`, with one reusable row;
/// `None` as soon as every entry of a row exceeds `limit` (the distance cannot come back down).
fn distance_within(a: &[char], b: &[char], limit: usize, row: &mut Vec<usize>) -> Option<usize> {
    row.clear();
    row.extend(0..=b.len());
    for (i, ca) in a.iter().enumerate() {
        // `diagonal`: the previous row's value at j; `row[j]` still holds it until overwritten.
        let mut diagonal = row[0];
        row[0] = i + 1;
        let mut smallest = row[0];
        for (j, cb) in b.iter().enumerate() {
            let above = row[j + 1];
            row[j + 1] = (diagonal + usize::from(ca != cb))
                .min(above + 1)
                .min(row[j] + 1);
            smallest = smallest.min(row[j + 1]);
            diagonal = above;
        }
        if smallest > limit {
            return None;
        }
    }
    Some(row[b.len()]).filter(|&d| d <= limit)
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

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
            include_str!("../manifest.schema.json") == generated,
            "this build's validator was generated from an older manifest.schema.json: build again"
        );
    }

    /// The plain definitions `closest`, `nearest` and `distance_within` must agree with.
    fn naive_distance(a: &str, b: &str) -> usize {
        let b: Vec<char> = b.chars().collect();
        let mut prev: Vec<usize> = (0..=b.len()).collect();
        for (i, ca) in a.chars().enumerate() {
            let mut cur = vec![i + 1; b.len() + 1];
            for (j, cb) in b.iter().enumerate() {
                cur[j + 1] = (prev[j] + usize::from(ca != *cb))
                    .min(prev[j + 1] + 1)
                    .min(cur[j] + 1);
            }
            prev = cur;
        }
        prev[b.len()]
    }

    /// The qualifying candidates with their distances, in order.
    fn naive_qualifying(word: &str, candidates: &[String]) -> Vec<(usize, String)> {
        let lower = word.to_ascii_lowercase();
        candidates
            .iter()
            .map(|c| (naive_distance(&lower, &c.to_ascii_lowercase()), c.clone()))
            .filter(|(d, c)| *d <= (c.chars().count() / 3).max(1))
            .collect()
    }

    fn naive_closest(word: &str, candidates: &[String]) -> Option<String> {
        naive_qualifying(word, candidates)
            .into_iter()
            .min_by_key(|(d, _)| *d)
            .map(|(_, c)| c)
    }

    fn naive_tied(word: &str, candidates: &[String]) -> bool {
        let found = naive_qualifying(word, candidates);
        let best = found.iter().map(|(d, _)| *d).min();
        found.iter().filter(|(d, _)| Some(*d) == best).count() > 1
    }

    #[test]
    fn closest_suggests_typos() {
        let keys: Vec<String> = ["region", "vpcCidr", "nodeInstanceType", "maxNodeCount"]
            .map(String::from)
            .to_vec();
        assert_eq!(closest("regoin", &keys).as_deref(), Some("region"));
        assert_eq!(closest("vpcCIDR", &keys).as_deref(), Some("vpcCidr"));
        assert_eq!(closest("colour", &keys), None);
        let chars = |s: &str| s.chars().collect::<Vec<_>>();
        let mut row = Vec::new();
        assert_eq!(
            distance_within(&chars("kitten"), &chars("sitting"), 3, &mut row),
            Some(3)
        );
        assert_eq!(
            distance_within(&chars("kitten"), &chars("sitting"), 2, &mut row),
            None
        );
        assert_eq!(
            nearest("us-east-9", ["us-east-1", "us-east-2"]),
            Some(("us-east-1", true))
        );
        assert_eq!(
            nearest("eu-wst-1", ["eu-west-1", "eu-west-2", "us-west-1"]),
            Some(("eu-west-1", false))
        );
        assert_eq!(nearest("zzzz", ["us-east-1"]), None);
    }

    /// Every `pattern` of the published schema, with the validator jsonschema compiles for it.
    fn published_patterns() -> Vec<(String, jsonschema::Validator)> {
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

    #[test]
    fn a_loader_pattern_error_reads_as_the_fields_form() {
        let mut manifest: Value = serde_json::from_str(
            r#"{"version": 1, "account": {"id": "12345"}, "cluster": {"name": "Prod"}}"#,
        )
        .unwrap();
        let errors = validate(&manifest);
        let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
        assert!(
            messages.contains(
                &"`account.id` must be a 12-digit AWS account ID; found the string \"12345\""
            ),
            "{messages:?}"
        );
        manifest["account"]["id"] = Value::from(123);
        let errors = validate(&manifest);
        assert!(
            errors
                .iter()
                .any(|e| e.pointer == "/account/id" && e.kind == SchemaErrorKind::Type)
        );
        assert!(
            !errors.iter().any(|e| e.message.contains("12-digit")),
            "{errors:?}"
        );
    }

    proptest! {
        /// The loader's DFAs and jsonschema's own `pattern` (the published schema, as editors
        /// and other validators read it) agree on strings near each pattern's language.
        #[test]
        fn loader_patterns_agree_with_the_published_ones(
            text in "(vpc-)?[0-9a-fA-Z./-]{0,20}",
            digits in "[0-9]{1,4}(\\.[0-9]{1,4}){0,4}(/[0-9]{1,3})?",
        ) {
            for (pattern, standard) in published_patterns() {
                let loader = pattern_keyword(&serde_json::Map::new(), &Value::from(pattern.as_str()), jsonschema::paths::Location::new()).unwrap();
                for s in [&text, &digits] {
                    let s = Value::from(s.as_str());
                    prop_assert_eq!(loader.is_valid(&s), standard.is_valid(&s), "{} on {}", pattern, s);
                }
            }
        }

        #[test]
        fn closest_agrees_with_the_definition(word in "[a-zA-Zé.-]{0,12}", candidates in proptest::collection::vec("[a-zA-Zé.-]{0,12}", 0..12)) {
            prop_assert_eq!(closest(&word, &candidates), naive_closest(&word, &candidates));
            let found = nearest(&word, candidates.iter().map(String::as_str));
            prop_assert_eq!(found.is_some_and(|(_, tied)| tied), naive_tied(&word, &candidates));
            let a: Vec<char> = word.chars().collect();
            let mut row = Vec::new();
            for c in &candidates {
                let b: Vec<char> = c.chars().collect();
                let d = naive_distance(&word, c);
                for limit in 0..=12 {
                    prop_assert_eq!(distance_within(&a, &b, limit, &mut row), Some(d).filter(|&d| d <= limit));
                }
            }
        }
    }
}
