//! The binary end to end: exit codes, the JSON interface, stdin, directories, schema, rules,
//! facts replay.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn bin() -> Command {
    let mut cmd = Command::cargo_bin("astro-preflight").unwrap();
    cmd.env_remove("NO_COLOR").current_dir(root());
    cmd
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn json(args: &[&str]) -> (i32, Value) {
    let out = bin()
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), value)
}

fn rules_of(file: &Value) -> Vec<String> {
    file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap().to_owned())
        .collect()
}

const VALID: &str =
    "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme\n";

#[test]
fn valid_examples_exit_0() {
    bin()
        .args([
            "check",
            "examples/hybrid.yaml",
            "examples/cross-account-role.yaml",
        ])
        .assert()
        .code(0);
}

#[test]
fn findings_exit_1_and_syntax_errors_are_findings() {
    bin()
        .args(["check", "examples/broken/too-small.yaml"])
        .assert()
        .code(1);
    let (code, v) = json(&["examples/broken/syntax.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(rules_of(&v["files"][0]), ["yaml-syntax"]);
}

#[test]
fn tool_failures_exit_2() {
    bin().args(["check", "no/such/file.yaml"]).assert().code(2);
    bin()
        .args(["check", "--no-such-flag", "examples/"])
        .assert()
        .code(2);
    bin()
        .args(["check", "--format", "xml", "examples/"])
        .assert()
        .code(2);
    bin().args(["rules", "no-such-rule"]).assert().code(2);
    bin().arg("frobnicate").assert().code(2);
}

#[test]
fn help_and_version_exit_0() {
    bin().arg("--help").assert().code(0);
    bin().arg("--version").assert().code(0);
    bin().args(["check", "--help"]).assert().code(0);
}

#[test]
fn warnings_fail_only_with_deny_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.yaml");
    std::fs::write(&path, format!("{VALID}  region: eu-south-1\n")).unwrap();
    let p = path.to_str().unwrap();
    bin().args(["check", p]).assert().code(0);
    bin().args(["check", "--deny-warnings", p]).assert().code(1);
}

/// The JSON interface of `docs/json.md`, pinned.
#[test]
fn json_shape_is_stable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("too-small.yaml");
    std::fs::write(&path, "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme-prod-use1\n  vpcCidr: 172.20.0.0/22\n").unwrap();
    let (code, v) = json(&[path.to_str().unwrap()]);
    assert_eq!(code, 1);
    let mut v = v;
    v["files"][0]["path"] = Value::String("too-small.yaml".into());
    let expected: Value = serde_json::from_str(
        r#"{
          "version": 1,
          "files": [{
            "path": "too-small.yaml",
            "diagnostics": [{
              "rule": "cidr-too-small",
              "severity": "error",
              "message": "VPC CIDR 172.20.0.0/22 has 1024 addresses; a hybrid install needs a /20 or larger",
              "help": "use a /20, e.g. 172.20.0.0/20",
              "pointer": "/cluster/vpcCidr",
              "line": 7,
              "column": 12,
              "endLine": 7,
              "endColumn": 25
            }]
          }],
          "summary": { "files": 1, "errors": 1, "warnings": 0, "infos": 0, "suppressed": 0, "skippedYaml": 0 },
          "notes": ["ONLINE_RULES online rules skipped; run with --online or --facts FILE"]
        }"#
        .replace("ONLINE_RULES", &crate::online_rules().to_string())
        .as_str(),
    )
    .unwrap();
    assert_eq!(v, expected);
}

#[test]
fn every_file_appears_clean_ones_with_an_empty_list() {
    let (code, v) = json(&["examples/"]);
    assert_eq!(code, 1);
    let files = v["files"].as_array().unwrap();
    let paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    assert!(paths.contains(&"examples/hybrid.yaml"), "{paths:?}");
    assert!(
        paths.contains(&"examples/broken/too-small.yaml"),
        "{paths:?}"
    );
    let hybrid = files
        .iter()
        .find(|f| f["path"] == "examples/hybrid.yaml")
        .unwrap();
    assert_eq!(hybrid["diagnostics"], Value::Array(vec![]));
    assert_eq!(
        v["summary"]["files"].as_u64().unwrap() as usize,
        files.len()
    );
    let errors: usize = files
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap())
        .filter(|d| d["severity"] == "error")
        .count();
    assert_eq!(v["summary"]["errors"].as_u64().unwrap() as usize, errors);
}

#[test]
fn directories_are_walked_for_manifests_only() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("nested/deeper")).unwrap();
    std::fs::write(dir.path().join("a.yaml"), VALID).unwrap();
    std::fs::write(
        dir.path().join("nested/deeper/b.yml"),
        format!("{VALID}  region: eu-north-1\n"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("nested/workflow.yaml"),
        "on: push\njobs: {}\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("nested/notes.txt"), "install: hybrid\n").unwrap();
    let (code, v) = json(&[dir.path().to_str().unwrap()]);
    assert_eq!(code, 1);
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 2, "{v:#}");
    assert!(files[0]["path"].as_str().unwrap().ends_with("a.yaml"));
    assert!(files[1]["path"].as_str().unwrap().ends_with("b.yml"));
    assert_eq!(rules_of(&files[1]), ["region-unsupported"]);
}

#[test]
fn stdin_is_read_with_dash() {
    let out = bin()
        .args(["check", "--format", "json", "-"])
        .write_stdin(format!("{VALID}  vpcCidr: 172.20.0.0/22\n"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["files"][0]["path"], "<stdin>");
    assert_eq!(rules_of(&v["files"][0]), ["cidr-too-small"]);
    let out = bin()
        .args([
            "check",
            "--format",
            "json",
            "--stdin-filename",
            "onboarding/acme.yaml",
            "-",
        ])
        .write_stdin(VALID)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["files"][0]["path"], "onboarding/acme.yaml");
}

#[test]
fn one_bad_input_does_not_stop_the_others() {
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.yaml");
    let broken = dir.path().join("broken.yaml");
    std::fs::write(&good, format!("{VALID}  vpcCidr: 172.20.0.0/22\n")).unwrap();
    std::fs::write(&broken, b"version: 1\ninstall: [\xff\n").unwrap();
    let (code, v) = json(&[
        broken.to_str().unwrap(),
        "no-such.yaml",
        good.to_str().unwrap(),
    ]);
    assert_eq!(code, 2, "a missing path is a failure of the tool");
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 3);
    assert_eq!(rules_of(&files[0]), ["yaml-syntax"]);
    assert_eq!(rules_of(&files[1]), ["cidr-too-small"]);
    assert_eq!(files[2]["path"], "no-such.yaml");
    assert!(files[2]["error"].as_str().unwrap().contains("no such file"));
}

/// The JSON report is assembled from entries printed in parallel: it must read exactly as
/// serde_json prints the whole (files with findings, fixes, related locations and errors; the
/// notes; the summary), and as an empty list when there is nothing to report.
#[test]
fn json_output_is_pretty_printed_as_one_document() {
    for args in [
        &["examples/", "examples/broken/", "no-such.yaml"][..],
        &["--stdin-filename", "clean.yaml", "-"][..],
        &["--only-manifests", "README.md"][..],
    ] {
        let out = bin()
            .args(["check", "--format", "json"])
            .args(args)
            .write_stdin(VALID)
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        let value: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            text,
            serde_json::to_string_pretty(&value).unwrap() + "\n",
            "{args:?}"
        );
    }
    let out = bin()
        .args(["check", "--format", "json", "examples/broken/"])
        .output()
        .unwrap();
    let value: Value = serde_json::from_slice(&out.stdout).unwrap();
    let files = value["files"].as_array().unwrap();
    assert!(files.len() > 1);
    assert!(files.iter().any(|f| {
        f["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d.get("fix").is_some())
    }));
    assert!(value["notes"].as_array().is_some_and(|n| !n.is_empty()));
}

#[test]
fn a_closed_standard_output_still_gives_the_exit_code() {
    // `astro-preflight check … | head -1`: the reader has gone before the report is written.
    for format in ["human", "json", "sarif"] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = std::process::Command::new(assert_cmd::cargo::cargo_bin("astro-preflight"))
            .current_dir(root())
            .args(["check", "--format", format, "examples/"])
            .stdout(writer)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{format}: {stderr}");
        assert!(stderr.is_empty(), "{format}: {stderr}");
    }
}

#[test]
fn human_output_has_no_colour_when_piped_and_ends_with_a_summary() {
    let out = bin()
        .args(["check", "examples/broken/too-small.yaml"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(!text.contains('\u{1b}'), "escape codes in piped output");
    assert!(text.contains("cidr-too-small"));
    assert!(
        text.contains("vpcCidr: 10.10.1.0/22"),
        "the YAML excerpt is shown"
    );
    // Not 10.10.0.0/20: the peering CIDR 10.10.0.0/16 is in it.
    assert!(text.contains("help: use a /20, e.g. 10.11.0.0/20"));
    assert!(
        text.trim_end()
            .lines()
            .any(|l| l.starts_with("1 file checked: 3 errors, 3 warnings")),
        "{text}"
    );
    assert!(text.contains("online rules skipped"));
}

#[test]
fn schema_command_prints_the_committed_schema() {
    let out = bin().arg("schema").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    let committed = std::fs::read(root().join("schemas/install-manifest.schema.json")).unwrap();
    assert_eq!(out.stdout, committed);
}

#[test]
fn committed_schema_accepts_the_valid_examples_and_refuses_a_broken_one() {
    let schema: Value = serde_json::from_slice(
        &std::fs::read(root().join("schemas/install-manifest.schema.json")).unwrap(),
    )
    .unwrap();
    let validator = jsonschema::draft202012::new(&schema).unwrap();
    for example in ["examples/hybrid.yaml", "examples/cross-account-role.yaml"] {
        let doc = astro_preflight_manifest_json(example);
        assert!(validator.is_valid(&doc), "{example} must be valid");
    }
    assert!(!validator.is_valid(&astro_preflight_manifest_json(
        "examples/broken/schema.yaml"
    )));
}

/// A manifest as JSON, converted by PyYAML (installed with the test tools), not by our loader.
fn astro_preflight_manifest_json(path: &str) -> Value {
    let python =
        std::env::var("ASTRO_PREFLIGHT_PYTHON").unwrap_or_else(|_| ".venv/bin/python".to_owned());
    let script = "import sys, json, yaml\nprint(json.dumps(yaml.safe_load(open(sys.argv[1]))))\n";
    let out = std::process::Command::new(&python)
        .args(["-c", script, path])
        .current_dir(root())
        .output()
        .unwrap_or_else(|e| {
            panic!("{python}: {e} (run the tests with scripts/test, which installs PyYAML)")
        });
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{path}: {e}: {}", String::from_utf8_lossy(&out.stderr)))
}

#[test]
fn rules_lists_every_rule_and_explains_one() {
    let out = bin().arg("rules").output().unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    for id in [
        "yaml-syntax",
        "cidr-too-small",
        "region-opt-in",
        "quota-capacity",
        "check-incomplete",
        "suppression-unused",
    ] {
        assert!(text.lines().any(|l| l.starts_with(id)), "{id} missing");
    }
    // Each data table with its source and dates.
    assert!(text.contains("Data tables"), "{text}");
    assert!(text.contains("source last changed 2024-05-23"), "{text}");
    assert!(
        text.contains("cfn-lint") && text.contains("botocore"),
        "{text}"
    );
    let out = bin()
        .args(["rules", "instance-type-not-in-region"])
        .output()
        .unwrap();
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(
        page.contains("## Data") && page.contains("cfn-lint"),
        "{page}"
    );
    // Without COLUMNS, as written; with it, wrapped to it (tests/integration/wrapping.rs).
    let out = bin()
        .env_remove("COLUMNS")
        .args(["rules", "region-opt-in"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("# region-opt-in"));
    assert!(text.contains("eu-south-1"));
    let page = std::fs::read_to_string(root().join("docs/rules/region-opt-in.md")).unwrap();
    assert_eq!(text, page, "`rules RULE` prints docs/rules/RULE.md");
}

/// A fixture's manifest, and its facts made whole in `dir`.
fn fixture(rule: &str, case: &str, dir: &Path) -> (PathBuf, PathBuf) {
    let fixtures = root().join("crates/linter/tests/fixtures").join(rule);
    let facts = fixtures.join(format!("{case}.facts.json"));
    (
        fixtures.join(format!("{case}.yaml")),
        crate::fixture_facts::write_whole(&facts, dir),
    )
}

#[test]
fn saved_facts_are_replayed() {
    let dir = tempfile::tempdir().unwrap();
    let (manifest, facts) = fixture("quota-capacity", "default-cluster", dir.path());
    let (code, v) = json(&[
        "--facts",
        facts.to_str().unwrap(),
        manifest.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "a warning only: {v:#}");
    assert_eq!(rules_of(&v["files"][0]), ["quota-capacity"]);
    let (manifest, facts) = fixture("account-not-empty", "vpc-and-instances", dir.path());
    let (code, v) = json(&[
        "--facts",
        facts.to_str().unwrap(),
        manifest.to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert_eq!(rules_of(&v["files"][0]), ["account-not-empty"]);
}

#[test]
fn facts_for_another_manifest_or_malformed_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_, facts) = fixture("region-not-enabled", "disabled", dir.path());
    // Facts of another account or region: the manifest is not checked online
    // (check-incomplete, an error by default), which is no usage error.
    let (code, v) = json(&["--facts", facts.to_str().unwrap(), "examples/hybrid.yaml"]);
    assert_eq!(code, 1, "{v:#}");
    assert_eq!(rules_of(&v["files"][0]), ["check-incomplete"]);
    assert!(
        v["files"][0]["diagnostics"][0]["message"]
            .as_str()
            .unwrap()
            .contains("holds no facts for account"),
        "{v:#}"
    );
    // Facts of its account and region gathered for another node type: refused.
    let manifest = dir.path().join("m.yaml");
    let whole: Value = serde_json::from_str(&std::fs::read_to_string(&facts).unwrap()).unwrap();
    std::fs::write(
        &manifest,
        format!(
            "version: 1\ninstall: hybrid\naccount:\n  id: \"{}\"\ncluster:\n  name: acme\n  region: {}\n  nodeInstanceType: m6i.xlarge\n",
            whole["request"]["accountId"].as_str().unwrap(),
            whole["request"]["region"].as_str().unwrap()
        ),
    )
    .unwrap();
    let out = bin()
        .args(["check", "--facts", facts.to_str().unwrap()])
        .arg(&manifest)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("node type"),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("facts.json");
    std::fs::write(&bad, "{\"version\": 1, \"identity\": 3}").unwrap();
    let out = bin()
        .args([
            "check",
            "--facts",
            bad.to_str().unwrap(),
            "examples/hybrid.yaml",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("facts file"));
    std::fs::write(&bad, "{\"version\": 7}").unwrap();
    let out = bin()
        .args([
            "check",
            "--facts",
            bad.to_str().unwrap(),
            "examples/hybrid.yaml",
        ])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stderr).contains("version 7"));
}
