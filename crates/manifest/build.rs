//! Builds a DFA for each pattern of the loader's schema (`manifest.schema.json`, the
//! `x-pattern` keyword), so that a run deserializes them instead of compiling regular
//! expressions (`src/schema/pattern.rs`, `keyword`). Writes `$OUT_DIR/patterns.rs`: the table
//! of patterns and their serialized dense DFAs (native endianness, 4-aligned).

use std::fmt::Write as _;
use std::path::PathBuf;

use regex_automata::dfa::{StartKind, dense};
use serde_json::Value;

const SCHEMA: &str = "manifest.schema.json";
const KEYWORD: &str = "x-pattern";

fn main() {
    println!("cargo::rerun-if-changed={SCHEMA}");
    let text = std::fs::read_to_string(SCHEMA).expect("read manifest.schema.json");
    let schema: Value = serde_json::from_str(&text).expect("manifest.schema.json is JSON");
    let mut patterns = Vec::new();
    collect(&schema, &mut patterns);
    patterns.sort();
    patterns.dedup();

    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("OUT_DIR"));
    // A dense DFA is read in place as `u32`s: its bytes are embedded 4-aligned.
    let mut table = String::from(
        "#[repr(C)]\nstruct Aligned<B: ?Sized> {\n    _align: [u32; 0],\n    bytes: B,\n}\n\n\
         pub(crate) static PATTERNS: &[(&str, &[u8])] = &[\n",
    );
    for (i, pattern) in patterns.iter().enumerate() {
        let dfa = dense::Builder::new()
            .configure(
                dense::Config::new()
                    .start_kind(StartKind::Anchored)
                    .minimize(true),
            )
            .build(pattern)
            .unwrap_or_else(|e| panic!("{SCHEMA}: the pattern {pattern:?} does not compile: {e}"));
        let (bytes, padding) = dfa.to_bytes_native_endian();
        let file = format!("pattern{i}.dfa");
        std::fs::write(out.join(&file), &bytes[padding..]).expect("write a DFA");
        writeln!(
            table,
            "    ({pattern:?}, &Aligned {{ _align: [], bytes: *include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{file}\")) }}.bytes),"
        )
        .unwrap();
    }
    table.push_str("];\n");
    std::fs::write(out.join("patterns.rs"), table).expect("write patterns.rs");
}

fn collect(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(pattern)) = map.get(KEYWORD) {
                out.push(pattern.clone());
            }
            map.values().for_each(|v| collect(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| collect(v, out)),
        _ => {}
    }
}
