//! `--format sarif`: valid against the official SARIF 2.1.0 schema, and the same findings as
//! the JSON interface, with rules, related locations, pointers and the invocation.

use std::path::PathBuf;

use assert_cmd::Command;
use astro_preflight_linter::registry;
use serde_json::Value;

fn bin() -> Command {
    let mut cmd = Command::cargo_bin("astro-preflight").unwrap();
    cmd.current_dir(root());
    cmd
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(format: &str, args: &[&str]) -> (i32, Value) {
    run_in(&root(), format, args)
}

fn run_in(dir: &std::path::Path, format: &str, args: &[&str]) -> (i32, Value) {
    let out = bin()
        .current_dir(dir)
        .args(["check", "--format", format])
        .args(args)
        .output()
        .unwrap();
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), v)
}

/// Validates against tests/data/sarif-schema-2.1.0.json (the OASIS schema, draft 04), formats
/// included, and returns the log.
fn sarif(args: &[&str]) -> (i32, Value) {
    sarif_in(&root(), args)
}

/// [`sarif`], run in `dir`; the SARIF Multitool (SARIF and GitHub rules) validates the log too.
fn sarif_in(dir: &std::path::Path, args: &[&str]) -> (i32, Value) {
    let (code, log) = run_in(dir, "sarif", args);
    validate(&log);
    (code, log)
}

/// The OASIS schema, URI references, and the SARIF Multitool with GitHub's rules.
pub fn validate(log: &Value) {
    let schema: Value = serde_json::from_slice(
        &std::fs::read(root().join("tests/data/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.is_empty(),
        "SARIF output breaks the schema:\n{}\n{log:#}",
        errors.join("\n")
    );
    every_artifact_uri(log, &mut |uri| assert_uri_reference(uri));
    crate::tools::assert_multitool_accepts(log);
}

/// Calls `f` with every `artifactLocation.uri` of a log.
fn every_artifact_uri(v: &Value, f: &mut dyn FnMut(&str)) {
    match v {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("artifactLocation", Value::Object(location)) => {
                        f(location["uri"].as_str().unwrap())
                    }
                    _ => every_artifact_uri(value, f),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| every_artifact_uri(item, f)),
        _ => {}
    }
}

/// RFC 3986: a URI reference has only unreserved characters, sub-delimiters, `:`, `@`, `/`,
/// `?`, `#` and percent-encoded octets; a relative one has no `:` in its first segment.
fn assert_uri_reference(uri: &str) {
    let bytes = uri.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b == b'%' {
            assert!(
                bytes.len() > i + 2
                    && bytes[i + 1].is_ascii_hexdigit()
                    && bytes[i + 2].is_ascii_hexdigit(),
                "bad escape in {uri:?}"
            );
            i += 3;
            continue;
        }
        assert!(
            b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=:@/?#".contains(&b),
            "{:?} may not stand in a URI: {uri:?}",
            b as char
        );
        i += 1;
    }
    if !uri.starts_with("file:///") {
        let first = uri.split('/').next().unwrap();
        assert!(
            !first.contains(':'),
            "a relative reference whose first segment looks like a scheme: {uri:?}"
        );
    }
    assert!(
        !uri.contains('?') && !uri.contains('#'),
        "a path with a query or fragment: {uri:?}"
    );
}

fn escaped(message: &str) -> String {
    message
        .replace('\\', "\\\\")
        .replace('[', "\\[")
        .replace(']', "\\]")
}

const VALID: &str =
    "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme\n";

#[test]
fn the_schema_validator_refuses_a_broken_log() {
    // The validation above can fail: a result without a message breaks the schema.
    let (_, mut log) = sarif(&["examples/broken/too-small.yaml"]);
    let schema: Value = serde_json::from_slice(
        &std::fs::read(root().join("tests/data/sarif-schema-2.1.0.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap();
    assert!(validator.is_valid(&log));
    log["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    assert!(!validator.is_valid(&log));
    log["runs"][0]["results"][0]["message"] = serde_json::json!({"text": "x"});
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        serde_json::json!(0);
    assert!(!validator.is_valid(&log));
    // Formats are checked (draft 04 knows `uri`; `uri-reference` is checked by
    // `assert_uri_reference` below).
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
        serde_json::json!(1);
    assert!(validator.is_valid(&log));
    log["$schema"] = serde_json::json!("not a URI");
    assert!(!validator.is_valid(&log));
}

#[test]
fn every_rule_is_described_from_its_documentation() {
    let (code, log) = sarif(&["examples/hybrid.yaml"]);
    assert_eq!(code, 0);
    let run = &log["runs"][0];
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "astro-preflight");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), registry::all().len());
    for (descriptor, rule) in rules.iter().zip(registry::all()) {
        assert_eq!(descriptor["id"], rule.id);
        let name = descriptor["name"].as_str().unwrap();
        assert!(
            name.chars().next().unwrap().is_ascii_uppercase()
                && name.chars().all(|c| c.is_ascii_alphanumeric()),
            "{name}"
        );
        assert!(
            name.to_ascii_lowercase()
                .starts_with(&rule.id.replace('-', "")),
            "{name}"
        );
        assert!(!name.eq_ignore_ascii_case(rule.id), "{name}");
        assert_eq!(
            descriptor["shortDescription"]["text"],
            rule.summary().as_str()
        );
        let full = descriptor["fullDescription"]["text"].as_str().unwrap();
        assert!(
            full.starts_with(&rule.summary()) && full.len() > rule.summary().len(),
            "{}: {full}",
            rule.id
        );
        assert_eq!(
            descriptor["help"]["markdown"],
            astro_preflight_linter::docs::rule_page(rule).as_str()
        );
        assert_eq!(
            descriptor["helpUri"],
            format!(
                "https://github.com/astronomer/astro-preflight/blob/main/docs/rules/{}.md",
                rule.id
            )
            .as_str()
        );
        let level = match rule.default_severity {
            astro_preflight_linter::Severity::Error => "error",
            astro_preflight_linter::Severity::Warning => "warning",
            astro_preflight_linter::Severity::Info => "note",
        };
        assert_eq!(
            descriptor["defaultConfiguration"]["level"], level,
            "{}",
            rule.id
        );
    }
    assert_eq!(run["results"], Value::Array(vec![]));
    assert_eq!(run["invocations"][0]["exitCode"], 0);
    assert_eq!(run["invocations"][0]["executionSuccessful"], true);
}

#[test]
fn one_result_per_diagnostic_at_the_same_place_as_json() {
    let (code, log) = sarif(&["examples/"]);
    let (json_code, json) = run("json", &["examples/"]);
    assert_eq!((code, json_code), (1, 1));
    let run = &log["runs"][0];
    let results = run["results"].as_array().unwrap();
    let diagnostics: Vec<(&str, &Value)> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| {
            f["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |d| (f["path"].as_str().unwrap(), d))
        })
        .collect();
    assert_eq!(results.len(), diagnostics.len());
    assert!(results.len() >= 15, "the examples have findings");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    for (result, (path, d)) in results.iter().zip(&diagnostics) {
        assert_eq!(result["ruleId"], d["rule"]);
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], d["rule"]);
        let level = match d["severity"].as_str().unwrap() {
            "info" => "note",
            other => other,
        };
        assert_eq!(result["level"], level);
        let location = &result["locations"][0]["physicalLocation"];
        assert_eq!(location["artifactLocation"]["uri"], *path);
        assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
        let region = &location["region"];
        assert_eq!(region["startLine"], d["line"]);
        assert_eq!(region["startColumn"], d["column"]);
        assert_eq!(region["endLine"], d["endLine"]);
        assert_eq!(region["endColumn"], d["endColumn"]);
        assert!(
            result["message"]["text"]
                .as_str()
                .unwrap()
                .starts_with(escaped(d["message"].as_str().unwrap()).as_str())
        );
        assert_eq!(result["properties"]["pointer"], d["pointer"]);
        assert_eq!(result["properties"]["help"], d["help"]);
    }
    let summary = &run["properties"]["summary"];
    assert_eq!(summary["errors"], json["summary"]["errors"]);
    assert_eq!(summary["warnings"], json["summary"]["warnings"]);
    assert_eq!(run["invocations"][0]["exitCode"], 1);
    assert_eq!(
        run["invocations"][0]["executionSuccessful"], true,
        "findings are not a failure of the tool"
    );
}

#[test]
fn related_labels_are_related_locations_linked_from_the_message() {
    let (_, log) = sarif(&["examples/broken/too-small.yaml"]);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let overlap = results
        .iter()
        .find(|r| r["ruleId"] == "cidr-overlap")
        .unwrap();
    let related = &overlap["relatedLocations"][0];
    assert_eq!(related["id"], 1);
    assert_eq!(related["message"]["text"], "overlaps this peering CIDR");
    assert_eq!(related["properties"]["pointer"], "/peering/0/cidrs/0");
    let region = &related["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(13), Some(13))
    );
    assert_eq!(region["endColumn"], 25);
    let text = overlap["message"]["text"].as_str().unwrap();
    assert!(
        text.ends_with("(see [overlaps this peering CIDR](1))"),
        "{text}"
    );
    assert_eq!(overlap["properties"]["pointer"], "/cluster/vpcCidr");
    let plain = results
        .iter()
        .find(|r| r["ruleId"] == "cidr-too-small")
        .unwrap();
    assert!(plain.get("relatedLocations").is_none());
}

#[test]
fn columns_count_unicode_code_points() {
    let dir = tempfile::tempdir().unwrap();
    let line = "cluster: {name: \"ÄÖ-😀\", region: cn-north-1}";
    std::fs::write(
        dir.path().join("m.yaml"),
        format!("version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\n{line}\n"),
    )
    .unwrap();
    let (_, log) = sarif_in(dir.path(), &["m.yaml"]);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let region = results
        .iter()
        .find(|r| r["ruleId"] == "region-unsupported")
        .unwrap_or_else(|| panic!("{log:#}"));
    let region = &region["locations"][0]["physicalLocation"]["region"];
    let byte = line.find("cn-north-1").unwrap();
    let column = line[..byte].chars().count() + 1;
    assert_ne!(
        column,
        byte + 1,
        "the line has multi-byte characters before the value"
    );
    assert_eq!(region["startLine"], 5);
    assert_eq!(region["startColumn"], column);
    assert_eq!(region["endColumn"], column + "cn-north-1".chars().count());
}

fn first_uri(log: &Value) -> &Value {
    &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]
}

#[test]
fn paths_are_relative_to_the_declared_srcroot_wherever_they_are_given() {
    let dir = tempfile::tempdir().unwrap();
    let cwd = dir.path().canonicalize().unwrap();
    std::fs::create_dir(cwd.join("sub")).unwrap();
    let path = cwd.join("sub/a b#[x]é.yaml");
    std::fs::write(&path, format!("{VALID}  vpcCidr: 172.20.0.0/22\n")).unwrap();
    // Given as an absolute path, as `./x/../sub/…` and as a relative path: one relative URI.
    for given in [
        path.to_str().unwrap().to_owned(),
        "./sub/../sub/a b#[x]é.yaml".to_owned(),
        "sub/a b#[x]é.yaml".to_owned(),
    ] {
        let (code, log) = sarif_in(&cwd, &[&given]);
        assert_eq!(code, 1);
        assert_eq!(
            *first_uri(&log),
            serde_json::json!({"uri": "sub/a%20b%23%5Bx%5D%C3%A9.yaml", "uriBaseId": "%SRCROOT%"}),
            "{given}"
        );
        let base = log["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"]
            .as_str()
            .unwrap();
        assert_eq!(
            base,
            format!("file://{}/", cwd.to_str().unwrap().replace(' ', "%20"))
        );
    }
    // Reached through a symbolic link to the working directory: still relative.
    #[cfg(unix)]
    {
        let link = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(&cwd, link.path().join("alias")).unwrap();
        let through = link.path().join("alias/sub/a b#[x]é.yaml");
        let (_, log) = sarif_in(&cwd, &[through.to_str().unwrap()]);
        assert_eq!(
            *first_uri(&log),
            serde_json::json!({"uri": "sub/a%20b%23%5Bx%5D%C3%A9.yaml", "uriBaseId": "%SRCROOT%"})
        );
    }
    // A file outside the working directory can only be an absolute `file:` URI.
    let elsewhere = tempfile::tempdir().unwrap();
    let outside = elsewhere.path().join("m.yaml");
    std::fs::write(&outside, format!("{VALID}  vpcCidr: 172.20.0.0/22\n")).unwrap();
    let (_, log) = sarif_in(&cwd, &[outside.to_str().unwrap()]);
    assert_eq!(
        first_uri(&log)["uri"],
        format!("file://{}", outside.to_str().unwrap()).as_str()
    );
    assert!(first_uri(&log).get("uriBaseId").is_none());

    let out = bin()
        .args([
            "check",
            "--format",
            "sarif",
            "--stdin-filename",
            "on boarding/acme.yaml",
            "-",
        ])
        .write_stdin(VALID)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let out = bin()
        .args([
            "check",
            "--format",
            "sarif",
            "--stdin-filename",
            "on boarding/acme.yaml",
            "-",
        ])
        .write_stdin(format!("{VALID}  region: mars-1\n"))
        .output()
        .unwrap();
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    validate(&log);
    assert_eq!(
        *first_uri(&log),
        serde_json::json!({"uri": "on%20boarding/acme.yaml", "uriBaseId": "%SRCROOT%"})
    );
}

#[cfg(unix)]
#[test]
fn a_file_name_that_is_not_utf8_is_encoded_from_its_bytes() {
    use std::os::unix::ffi::OsStrExt;
    let dir = tempfile::tempdir().unwrap();
    let name = std::ffi::OsStr::from_bytes(b"m\xff\xfe.yaml");
    std::fs::write(
        dir.path().join(name),
        format!("{VALID}  vpcCidr: 172.20.0.0/22\n"),
    )
    .unwrap();
    let out = bin()
        .current_dir(dir.path())
        .args(["check", "--format", "sarif"])
        .arg(name)
        .output()
        .unwrap();
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    validate(&log);
    assert_eq!(first_uri(&log)["uri"], "m%FF%FE.yaml");
    // Found by walking a directory too.
    let out = bin()
        .current_dir(dir.path())
        .args(["check", "--format", "sarif", "."])
        .output()
        .unwrap();
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(first_uri(&log)["uri"], "m%FF%FE.yaml");
}

#[test]
fn a_run_stops_at_githubs_25000_results_and_says_how_many_were_left_out() {
    // 9 files of 1,000 peerings with 3 invalid values each: 27,000 errors and more.
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(
        "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme\npeering:\n",
    );
    for i in 0..1000 {
        text.push_str(&format!("  - {{vpcId: vpc-{i:08x}, region: us-east-1, cidrs: [x{i}, y{i}], dnsServers: [z{i}]}}\n"));
    }
    for f in 0..9 {
        std::fs::write(dir.path().join(format!("m{f}.yaml")), &text).unwrap();
    }
    std::fs::write(
        dir.path().join("astro-preflight.toml"),
        "[limits]\nmax-nodes = 100000\n",
    )
    .unwrap();
    let (json_code, json) = run_in(dir.path(), "json", &["."]);
    let total = json["summary"]["errors"].as_u64().unwrap()
        + json["summary"]["warnings"].as_u64().unwrap()
        + json["summary"]["infos"].as_u64().unwrap();
    assert!(total > 25_000, "{total} diagnostics");
    let (code, log) = sarif_in(dir.path(), &["."]);
    assert_eq!(code, json_code, "the exit code is unchanged");
    let run = &log["runs"][0];
    assert_eq!(run["results"].as_array().unwrap().len(), 25_000);
    let note = &run["invocations"][0]["toolExecutionNotifications"][0];
    assert_eq!(note["level"], "warning");
    let text = note["message"]["text"].as_str().unwrap();
    assert!(
        text.starts_with(&format!("{} results were left out", total - 25_000)),
        "{text}"
    );
    assert_eq!(
        run["properties"]["summary"]["errors"],
        json["summary"]["errors"]
    );
}

#[test]
fn the_multitool_finds_what_github_would_refuse() {
    // The Multitool check above can fail: GitHub wants a region in every location and a
    // result message as text.
    let (_, mut log) = sarif(&["examples/broken/too-small.yaml"]);
    log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
        .as_object_mut()
        .unwrap()
        .remove("region");
    log["runs"][0]["results"][1]["message"] =
        serde_json::json!({"id": "default", "arguments": ["x"]});
    let problems = crate::tools::multitool_problems(&log);
    assert!(problems.len() >= 2, "{problems:?}");
    assert!(
        problems
            .iter()
            .all(|p| p.starts_with("GH") || p.starts_with("SARIF")),
        "{problems:?}"
    );
}

#[test]
fn unreadable_inputs_are_tool_execution_notifications() {
    let (code, log) = sarif(&["examples/hybrid.yaml", "no/such file.yaml"]);
    assert_eq!(code, 2);
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["exitCode"], 2);
    assert_eq!(invocation["executionSuccessful"], false);
    let notes = invocation["toolExecutionNotifications"].as_array().unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["level"], "error");
    assert!(
        notes[0]["message"]["text"]
            .as_str()
            .unwrap()
            .contains("no such file or directory"),
        "{notes:?}"
    );
    assert_eq!(
        notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "no/such%20file.yaml"
    );
    assert_eq!(log["runs"][0]["results"], Value::Array(vec![]));
}

#[test]
fn configured_severities_change_the_level_not_the_default() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("astro-preflight.toml"),
        "[rules]\nregion-opt-in = \"info\"\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("m.yaml"),
        format!("{VALID}  region: eu-south-1\n"),
    )
    .unwrap();
    let (code, log) = sarif(&[dir.path().join("m.yaml").to_str().unwrap()]);
    assert_eq!(code, 0);
    let run = &log["runs"][0];
    assert_eq!(run["results"][0]["ruleId"], "region-opt-in");
    assert_eq!(run["results"][0]["level"], "note");
    let index = run["results"][0]["ruleIndex"].as_u64().unwrap() as usize;
    assert_eq!(
        run["tool"]["driver"]["rules"][index]["defaultConfiguration"]["level"],
        "warning"
    );
    // Offline, the online rules are skipped: said as a configuration notification.
    let note = &run["invocations"][0]["toolConfigurationNotifications"][0];
    assert_eq!(note["level"], "note");
    assert!(
        note["message"]["text"]
            .as_str()
            .unwrap()
            .contains("online rules skipped")
    );
}

#[test]
fn every_region_is_the_yaml_node_its_pointer_names() {
    // Flow collections (whose spans once ended before their closing bracket) and block ones.
    let dir = tempfile::tempdir().unwrap();
    let text = "version: 1\ninstall: hybrid\naccount: {id: \"123456789012\"}\ncluster: {name: acme, vpcCidr: 172.20.0.0/22, region: mars-1}\npeering: [{vpcId: vpc-0a1b2c3d, region: us-east-1, cidrs: [], dnsServers: [10.10.0.2, {a: 1}]}]\n";
    std::fs::write(dir.path().join("m.yaml"), text).unwrap();
    let (code, log) = sarif_in(dir.path(), &["m.yaml"]);
    assert_eq!(code, 1);
    let doc = astro_preflight_manifest::load_str(
        text.to_owned(),
        &astro_preflight_manifest::Limits::default(),
    );
    let parsed = doc.parsed.as_ref().unwrap();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() >= 3, "{log:#}");
    let mut texts = Vec::new();
    for result in results {
        let pointer = result["properties"]["pointer"].as_str().unwrap();
        let region = &result["locations"][0]["physicalLocation"]["region"];
        let found = [
            region["startLine"].as_u64(),
            region["startColumn"].as_u64(),
            region["endLine"].as_u64(),
            region["endColumn"].as_u64(),
        ];
        let spans = parsed
            .spans
            .get(pointer)
            .unwrap_or_else(|| panic!("no node at {pointer}"));
        let matches = |span: astro_preflight_manifest::Span| {
            let l = doc.location(span);
            found
                == [
                    Some(l.start.line as u64),
                    Some(l.start.column as u64),
                    Some(l.end.line as u64),
                    Some(l.end.column as u64),
                ]
        };
        let span = [Some(spans.value), spans.key]
            .into_iter()
            .flatten()
            .find(|s| matches(*s));
        let span =
            span.unwrap_or_else(|| panic!("{pointer}: the region {found:?} is not its node's"));
        texts.push((
            result["ruleId"].as_str().unwrap().to_owned(),
            text[span.range()].to_owned(),
        ));
    }
    assert!(
        texts.contains(&("schema".to_owned(), "[]".to_owned())),
        "{texts:?}"
    );
    assert!(
        texts.contains(&("region-unsupported".to_owned(), "mars-1".to_owned())),
        "{texts:?}"
    );
    assert!(
        texts.contains(&("schema".to_owned(), "{a: 1}".to_owned())),
        "{texts:?}"
    );
}
