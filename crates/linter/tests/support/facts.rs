//! The facts files of the fixtures. `fixtures/base.facts.json` is a whole facts file: a clean,
//! empty account in which every fact was gathered. A fixture's `<case>.facts.json` states only
//! what differs from it: each key of its top level, of its `request` and of its `facts` replaces
//! the base's (a fact is replaced whole), and `null` removes it (a fact not gathered). A fixture
//! that names its own `version` is a whole facts file instead (a file of an older version).
//!
//! So a new fact touches the base and the fixtures that exercise it, and a key left out of a
//! fixture is the base's, never "not gathered" by accident. Used by the linter's tests and,
//! through `#[path]`, by the binary's.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

/// The base of the fixtures' facts, beside the fixtures' directories.
pub fn base_of(fixture: &Path) -> PathBuf {
    let fixtures = fixture
        .parent()
        .and_then(Path::parent)
        .expect("fixtures/RULE/CASE");
    fixtures.join("base.facts.json")
}

/// The whole facts file (its text) of a fixture's `fixtures/RULE/CASE.facts.json`.
pub fn whole_facts(path: &Path) -> String {
    let read = |path: &Path| -> Value {
        let text =
            std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    };
    let whole = layered(read(&base_of(path)), read(path));
    serde_json::to_string_pretty(&whole).expect("JSON prints")
}

/// A fixture's facts (`layer`) over the base: the layer itself when it names its own
/// `version`.
pub fn layered(mut base: Value, layer: Value) -> Value {
    let Value::Object(layer) = layer else {
        panic!("a fixture's facts are a JSON object");
    };
    if layer.contains_key("version") {
        return Value::Object(layer);
    }
    let top = base.as_object_mut().expect("the base is an object");
    for (key, value) in layer {
        match value {
            Value::Object(fields) if key == "request" || key == "facts" => {
                let section = top
                    .get_mut(&key)
                    .and_then(Value::as_object_mut)
                    .expect("the base has every section");
                replace_each(section, fields);
            }
            value => replace_each(top, Map::from_iter([(key, value)])),
        }
    }
    base
}

/// Each key of `layer` replaces `map`'s; `null` removes it.
fn replace_each(map: &mut Map<String, Value>, layer: Map<String, Value>) {
    for (key, value) in layer {
        if value.is_null() {
            map.remove(&key);
        } else {
            map.insert(key, value);
        }
    }
}

/// The facts of a fixture manifest: its `<case>.facts.json` made whole, when it has one.
#[allow(dead_code)] // Not every test crate that includes this module reads manifests' facts.
pub fn facts_of(manifest: &Path) -> Option<String> {
    let path = manifest.with_extension("facts.json");
    path.exists().then(|| whole_facts(&path))
}

/// A fixture's `<case>.facts.json` made whole and written into `dir` under its own name, for
/// a command that reads a facts file.
#[allow(dead_code)] // Only the binary's tests write facts files.
pub fn write_whole(path: &Path, dir: &Path) -> PathBuf {
    let out = dir.join(path.file_name().expect("a file name"));
    std::fs::write(&out, whole_facts(path)).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
    out
}
