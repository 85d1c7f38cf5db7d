//! Where the time of checking one manifest goes, stage by stage, so that a regression shows
//! where it comes from. `cargo bench -p astro-preflight-linter` (add `-- load` etc. to filter).
//!
//! Every stage runs on each example manifest of the repository (valid ones and broken ones),
//! already in memory: no file I/O, no process start-up (`scripts/bench/run` measures those).
//!
//! - `load`: the whole of `astro_preflight_manifest::load` (YAML, typed model, schema);
//!   - `yaml_parse`: saphyr's events to the JSON value and the span index;
//!   - `typed_model`: the JSON value to the lenient typed `Manifest`;
//!   - `schema_validate`: the compiled schema over the JSON value, errors turned into messages;
//!   - `line_index`: the line-start index used for every line/column;
//! - `rules`: `check_document` on a loaded manifest (every offline rule, schema diagnostics,
//!   suppressions, sorting);
//! - `check`: `load` then `rules`, what the command does per file;
//! - `schema_compile`: generating and compiling the schema, paid once per process.

use astro_preflight_linter::{Settings, check, check_document};
use astro_preflight_manifest::{Limits, LineIndex, Manifest, load, schema, yaml};
use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use serde::Deserialize;

fn main() {
    // Compile the schema before any measurement, as the command does once.
    let _ = schema::validate(&serde_json::Value::Null);
    divan::main();
}

/// The example manifests, by name.
const EXAMPLES: &[(&str, &str)] = &[
    ("hybrid", include_str!("../../../examples/hybrid.yaml")),
    (
        "cross-account-role",
        include_str!("../../../examples/cross-account-role.yaml"),
    ),
    (
        "broken/too-small",
        include_str!("../../../examples/broken/too-small.yaml"),
    ),
    (
        "broken/schema",
        include_str!("../../../examples/broken/schema.yaml"),
    ),
    (
        "broken/opt-in",
        include_str!("../../../examples/broken/opt-in.yaml"),
    ),
    (
        "broken/region-and-types",
        include_str!("../../../examples/broken/region-and-types.yaml"),
    ),
    (
        "broken/syntax",
        include_str!("../../../examples/broken/syntax.yaml"),
    ),
];

const NAMES: &[&str] = &[
    "hybrid",
    "cross-account-role",
    "broken/too-small",
    "broken/schema",
    "broken/opt-in",
    "broken/region-and-types",
    "broken/syntax",
];

/// The examples that are one YAML document (the stages after parsing need one).
const PARSEABLE: &[&str] = &[
    "hybrid",
    "cross-account-role",
    "broken/too-small",
    "broken/schema",
    "broken/opt-in",
    "broken/region-and-types",
];

fn text(name: &str) -> &'static str {
    EXAMPLES
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, t)| *t)
        .expect("a known example")
}

#[divan::bench(args = NAMES)]
fn load_whole(bencher: Bencher, name: &str) {
    let bytes = text(name).as_bytes();
    let limits = Limits::default();
    bencher
        .counter(BytesCount::new(bytes.len()))
        .bench(|| load(black_box(bytes), &limits));
}

#[divan::bench(args = NAMES)]
fn yaml_parse(bencher: Bencher, name: &str) {
    let source = text(name);
    let limits = Limits::default();
    bencher
        .counter(BytesCount::new(source.len()))
        .bench(|| yaml::parse(black_box(source), 0, &limits));
}

#[divan::bench(args = PARSEABLE)]
fn typed_model(bencher: Bencher, name: &str) {
    let (json, _) = yaml::parse(text(name), 0, &Limits::default()).expect("one YAML document");
    bencher.bench(|| Manifest::deserialize(black_box(&json)).ok());
}

#[divan::bench(args = PARSEABLE)]
fn schema_validate(bencher: Bencher, name: &str) {
    let (json, _) = yaml::parse(text(name), 0, &Limits::default()).expect("one YAML document");
    bencher.bench(|| schema::validate(black_box(&json)));
}

#[divan::bench(args = NAMES)]
fn line_index(bencher: Bencher, name: &str) {
    let source = text(name);
    bencher
        .counter(BytesCount::new(source.len()))
        .bench(|| LineIndex::new(black_box(source)));
}

#[divan::bench(args = NAMES)]
fn rules(bencher: Bencher, name: &str) {
    let bytes = text(name).as_bytes();
    let settings = Settings::default();
    bencher
        .with_inputs(|| load(bytes, &settings.limits))
        .bench_values(|document| check_document(document, &settings, None));
}

#[divan::bench(args = NAMES)]
fn check_whole(bencher: Bencher, name: &str) {
    let bytes = text(name).as_bytes();
    let settings = Settings::default();
    bencher
        .counter(BytesCount::new(bytes.len()))
        .bench(|| check(black_box(bytes), &settings, None));
}

/// Generating the schema from the Rust types and compiling it: once per process. The first
/// compile in a process also builds jsonschema's draft 2020-12 meta-schema validator (to check
/// our schema against it), which this measures only in its first sample.
#[divan::bench(sample_count = 20, sample_size = 1)]
fn schema_compile() -> jsonschema::Validator {
    let schema = schema::manifest_schema();
    jsonschema::draft202012::new(&schema).expect("the schema compiles")
}
