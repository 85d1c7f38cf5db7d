//! `--format rdjson`: valid against reviewdog's JSON Schema (tests/data/rdjson/), the same
//! findings as the JSON interface, and columns in UTF-8 bytes as reviewdog counts them.

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::{Value, json};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bin() -> Command {
    let mut cmd = Command::cargo_bin("astro-preflight").unwrap();
    cmd.current_dir(root());
    cmd
}

fn run(format: &str, args: &[&str], stdin: Option<&str>) -> (i32, Value) {
    let mut cmd = bin();
    cmd.args(["check", "--format", format]).args(args);
    if let Some(text) = stdin {
        cmd.write_stdin(text);
    }
    let out = cmd.output().unwrap();
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), v)
}

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_slice(
        &std::fs::read(root().join("tests/data/rdjson/DiagnosticResult.json")).unwrap(),
    )
    .unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

/// Runs `check --format rdjson`, validates the document against the schema, and checks what
/// the schema leaves optional but reviewdog needs: a path on every location, 1-based lines and
/// columns, the end not before the start.
fn rdjson(args: &[&str], stdin: Option<&str>) -> (i32, Value) {
    let (code, doc) = run("rdjson", args, stdin);
    let errors: Vec<String> = validator()
        .iter_errors(&doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "rdjson output breaks the schema:\n{}\n{doc:#}",
        errors.join("\n")
    );
    assert_eq!(doc["source"]["name"], "astro-preflight");
    for d in doc["diagnostics"].as_array().unwrap() {
        assert!(!d["message"].as_str().unwrap().is_empty());
        assert!(
            ["ERROR", "WARNING", "INFO"].contains(&d["severity"].as_str().unwrap()),
            "{d}"
        );
        let mut locations = vec![&d["location"]];
        locations.extend(
            d["related_locations"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|r| &r["location"]),
        );
        for location in locations {
            assert!(!location["path"].as_str().unwrap().is_empty());
            if let Some(range) = location.get("range") {
                let (start, end) = (&range["start"], &range["end"]);
                let pos = |p: &Value| (p["line"].as_u64().unwrap(), p["column"].as_u64().unwrap());
                assert!(pos(start).0 >= 1 && pos(start).1 >= 1, "{range}");
                assert!(pos(end) >= pos(start), "end before start: {range}");
            }
        }
    }
    (code, doc)
}

const VALID: &str =
    "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme\n";

#[test]
fn the_schema_validator_refuses_a_broken_document() {
    let (_, mut doc) = rdjson(&["examples/broken/too-small.yaml"], None);
    let v = validator();
    assert!(v.is_valid(&doc));
    doc["diagnostics"][0]["severity"] = json!("FATAL");
    assert!(!v.is_valid(&doc));
    doc["diagnostics"][0]["severity"] = json!("ERROR");
    doc["diagnostics"][0]["location"]["range"]["start"]["line"] = json!("9");
    assert!(!v.is_valid(&doc));
    doc["diagnostics"][0]["location"]["range"]["start"]["line"] = json!(9);
    doc["diagnostics"][0]["message"] = json!(1);
    assert!(!v.is_valid(&doc));
}

#[test]
fn the_same_findings_as_the_json_interface() {
    let args = ["examples/", "--deny-warnings"];
    let (code, doc) = rdjson(&args, None);
    let (json_code, report) = run("json", &args, None);
    assert_eq!(code, json_code);
    assert_eq!(code, 1);
    let mut expected = Vec::new();
    for file in report["files"].as_array().unwrap() {
        for d in file["diagnostics"].as_array().unwrap() {
            expected.push((file["path"].as_str().unwrap().to_owned(), d.clone()));
        }
    }
    let got = doc["diagnostics"].as_array().unwrap();
    assert_eq!(got.len(), expected.len());
    assert!(got.len() > 10);
    for (r, (path, d)) in got.iter().zip(&expected) {
        assert_eq!(r["location"]["path"], path.as_str());
        assert_eq!(r["code"]["value"], d["rule"]);
        let url = r["code"]["url"].as_str().unwrap();
        assert!(
            url.ends_with(&format!("/docs/rules/{}.md", d["rule"].as_str().unwrap())),
            "{url}"
        );
        assert!(
            root()
                .join("docs/rules")
                .join(format!("{}.md", d["rule"].as_str().unwrap()))
                .is_file()
        );
        let severity = match d["severity"].as_str().unwrap() {
            "error" => "ERROR",
            "warning" => "WARNING",
            _ => "INFO",
        };
        assert_eq!(r["severity"], severity);
        assert!(
            r["message"]
                .as_str()
                .unwrap()
                .starts_with(d["message"].as_str().unwrap())
        );
        if let Some(help) = d["help"].as_str() {
            assert!(
                r["message"]
                    .as_str()
                    .unwrap()
                    .ends_with(&format!("\nhelp: {help}"))
            );
        }
        assert_eq!(r["location"]["range"]["start"]["line"], d["line"]);
        assert_eq!(r["location"]["range"]["end"]["line"], d["endLine"]);
        let related = d["related"].as_array().map_or(0, Vec::len);
        assert_eq!(
            r["related_locations"].as_array().map_or(0, Vec::len),
            related
        );
        // A suggestion per edit of the diagnostic's fix, none without one.
        let edits = d["fix"]["edits"].as_array().map_or(&[][..], Vec::as_slice);
        let suggestions = r["suggestions"].as_array().map_or(&[][..], Vec::as_slice);
        assert_eq!(suggestions.len(), edits.len(), "{r}");
        for (s, e) in suggestions.iter().zip(edits) {
            assert_eq!(s["text"], e["replacement"]);
            assert_eq!(s["range"]["start"]["line"], e["line"]);
            assert_eq!(s["range"]["end"]["line"], e["endLine"]);
        }
    }
    // ASCII files: byte columns are character columns.
    for (r, (_, d)) in got.iter().zip(&expected) {
        assert_eq!(r["location"]["range"]["start"]["column"], d["column"]);
        assert_eq!(r["location"]["range"]["end"]["column"], d["endColumn"]);
    }
}

#[test]
fn columns_count_utf8_bytes() {
    // The cluster name breaks the schema, and a multi-byte key before it on the same line
    // makes byte and character columns differ.
    let text = "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster: {é𐐀: 1, name: Ünïcödé_Näme}\n";
    let (code, doc) = rdjson(&["-", "--stdin-filename", "m/ü.yaml"], Some(text));
    assert_eq!(code, 1);
    let lines: Vec<&str> = text.lines().collect();
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    assert!(!diagnostics.is_empty());
    let mut multibyte = 0;
    for d in diagnostics {
        assert_eq!(d["location"]["path"], "m/ü.yaml");
        let range = &d["location"]["range"];
        let line = range["start"]["line"].as_u64().unwrap() as usize;
        if range["end"]["line"].as_u64().unwrap() as usize != line {
            continue;
        }
        let bytes = lines[line - 1].as_bytes();
        let (start, end) = (
            range["start"]["column"].as_u64().unwrap() as usize - 1,
            range["end"]["column"].as_u64().unwrap() as usize - 1,
        );
        // Byte columns land on character boundaries and cut out the value the message names.
        let cut = std::str::from_utf8(&bytes[start..end])
            .unwrap_or_else(|_| panic!("byte columns {start}..{end} cut a character: {d}"));
        if line == 5 && cut.contains("Ünïcödé_Näme") {
            multibyte += 1;
            assert_eq!(start, lines[4].find("Ünïcödé_Näme").unwrap());
        }
    }
    assert!(
        multibyte >= 1,
        "no diagnostic on the multi-byte value: {doc:#}"
    );
}

#[test]
fn an_unreadable_input_is_an_error_without_a_range() {
    let (code, doc) = rdjson(&["examples/hybrid.yaml", "no/such/manifest.yaml"], None);
    assert_eq!(code, 2);
    let diagnostics = doc["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 1);
    let d = &diagnostics[0];
    assert_eq!(d["severity"], "ERROR");
    assert_eq!(d["location"]["path"], "no/such/manifest.yaml");
    assert!(d["location"].get("range").is_none());
    assert!(d["message"].as_str().unwrap().contains("could not be read"));
}

#[test]
fn a_clean_run_has_no_diagnostics() {
    let (code, doc) = rdjson(&["-"], Some(VALID));
    assert_eq!(code, 0);
    assert_eq!(doc["diagnostics"], json!([]));
}

/// The suggestions' byte ranges, applied to the file, give what `--fix --unsafe-fixes` writes:
/// reviewdog's suggested changes are the fixes themselves, multi-byte text and CRLF included.
#[test]
fn suggestions_applied_give_the_fixed_file() {
    let fixes = root().join("crates/linter/tests/fixes");
    let mut suggested = 0;
    for name in ["all-kinds.yaml", "crlf-cross-account.yaml", "unicode.yaml"] {
        let original = std::fs::read_to_string(fixes.join(name)).unwrap();
        let (_, doc) = rdjson(&["-", "--stdin-filename", name], Some(&original));
        // Byte offsets of line starts, to turn (line, byte column) into an offset.
        let mut starts = vec![0];
        starts.extend(original.match_indices('\n').map(|(i, _)| i + 1));
        let offset = |p: &Value| {
            starts[p["line"].as_u64().unwrap() as usize - 1]
                + p["column"].as_u64().unwrap() as usize
                - 1
        };
        let mut edits: Vec<(usize, usize, String)> = doc["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|d| d["suggestions"].as_array().cloned().unwrap_or_default())
            .map(|s| {
                (
                    offset(&s["range"]["start"]),
                    offset(&s["range"]["end"]),
                    s["text"].as_str().unwrap().to_owned(),
                )
            })
            .collect();
        assert!(!edits.is_empty(), "{name}: {doc:#}");
        suggested += edits.len();
        edits.sort_by_key(|e| std::cmp::Reverse(e.0));
        let mut text = original.clone();
        for (start, end, replacement) in edits {
            text.replace_range(start..end, &replacement);
        }

        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(name), &original).unwrap();
        bin()
            .current_dir(dir.path())
            .args(["check", "--fix", "--unsafe-fixes", name])
            .output()
            .unwrap();
        let fixed = std::fs::read_to_string(dir.path().join(name)).unwrap();
        assert_ne!(fixed, original, "{name}");
        assert_eq!(text, fixed, "{name}");
    }
    assert!(suggested >= 8, "{suggested}");
}
