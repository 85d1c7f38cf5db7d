//! `check --fix`, `--unsafe-fixes`, `--diff`: files changed only where fixed, the report of
//! what remains, nothing written for --diff or for a file that does not parse; fixes in the
//! JSON and SARIF outputs.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn bin(dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("astro-preflight").unwrap();
    cmd.env_remove("NO_COLOR").current_dir(dir);
    cmd
}

fn fixture(name: &str) -> String {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("crates/linter/tests/fixes")
        .join(name);
    std::fs::read_to_string(path).unwrap()
}

fn setup(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    dir
}

#[test]
fn fix_writes_safe_fixes_only_and_reports_what_remains() {
    let original = fixture("all-kinds.yaml");
    let dir = setup(&[("m.yaml", &original)]);
    let out = bin(dir.path())
        .args(["check", "--fix", "m.yaml"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("fixed 3 problems in 1 file; 3 fixes more with --unsafe-fixes"),
        "{stdout}"
    );
    // What remains is reported; what was fixed is not.
    assert!(
        stdout.contains("region-unsupported") && !stdout.contains("cidr-host-bits"),
        "{stdout}"
    );
    let fixed = std::fs::read_to_string(dir.path().join("m.yaml")).unwrap();
    let expected = original
        .replace("id: 012345678901 ", "id: \"012345678901\" ")
        .replace("\"172.20.1.0/20\"", "\"172.20.0.0/20\"")
        .replace("[10.10.0.1/16", "[10.10.0.0/16");
    assert_eq!(fixed, expected);

    let out = bin(dir.path())
        .args(["check", "--fix", "--unsafe-fixes", "m.yaml"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("fixed 3 problems in 1 file"), "{stdout}");
    let fixed = std::fs::read_to_string(dir.path().join("m.yaml")).unwrap();
    assert_eq!(
        fixed,
        expected
            .replace("'eu-wst-1'", "'eu-west-1'")
            .replace("m5.xlarg\n", "m5.xlarge\n")
            .replace("db.m6g.larg\n", "db.m6g.large\n")
    );
}

#[test]
fn fix_keeps_crlf_and_removes_the_ignored_line() {
    let original = fixture("crlf-cross-account.yaml");
    let dir = setup(&[("m.yaml", &original)]);
    let out = bin(dir.path())
        .args(["check", "--fix", "--unsafe-fixes", "m.yaml"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let fixed = std::fs::read_to_string(dir.path().join("m.yaml")).unwrap();
    assert_eq!(
        fixed,
        "version: 1\r\ninstall: cross-account-role\r\naccount:\r\n  id: \"012345678901\"\r\ncluster:\r\n  name: acme\r\n  vpcCidr: 172.20.0.0/19 # crlf\r\n  region: us-east-1\r\n"
    );
}

#[test]
fn diff_prints_a_unified_diff_and_writes_nothing() {
    let original = fixture("all-kinds.yaml");
    let dir = setup(&[
        ("m.yaml", &original),
        (
            "clean.yaml",
            "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: a\n",
        ),
    ]);
    let out = bin(dir.path())
        .args(["check", "--diff", "m.yaml"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stdout.starts_with("--- m.yaml\n+++ m.yaml\n@@ "),
        "{stdout}"
    );
    assert!(
        stdout.contains("\n-  id: 012345678901   # leading zero"),
        "{stdout}"
    );
    assert!(
        stdout.contains("\n+  id: \"012345678901\"   # leading zero"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("eu-west-1"),
        "unsafe fixes need --unsafe-fixes: {stdout}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("m.yaml")).unwrap(),
        original
    );

    let out = bin(dir.path())
        .args(["check", "--diff", "--unsafe-fixes", "m.yaml"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("+  region: 'eu-west-1'"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("m.yaml")).unwrap(),
        original
    );

    // Nothing to fix: no diff, exit 0.
    let out = bin(dir.path())
        .args(["check", "--diff", "clean.yaml"])
        .output()
        .unwrap();
    assert_eq!((out.status.code(), out.stdout.len()), (Some(0), 0));
}

#[test]
fn a_file_that_does_not_parse_is_never_written() {
    let broken = "version: 1\ninstall: hybrid\naccount:\n  id: 012345678901\ncluster: [\n";
    let dir = setup(&[("m.yaml", broken)]);
    let out = bin(dir.path())
        .args(["check", "--fix", "--unsafe-fixes", "m.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("yaml-syntax"));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("m.yaml")).unwrap(),
        broken
    );
    // stdin cannot be written back.
    bin(dir.path())
        .args(["check", "--fix", "-"])
        .write_stdin(broken)
        .assert()
        .code(2);
}

#[test]
fn fixes_in_json_and_sarif() {
    let original = fixture("all-kinds.yaml");
    let dir = setup(&[("m.yaml", &original)]);
    let out = bin(dir.path())
        .args(["check", "--format", "json", "m.yaml"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ds = v["files"][0]["diagnostics"].as_array().unwrap();
    let account = ds
        .iter()
        .find(|d| d["rule"] == "account-id-unquoted")
        .unwrap();
    assert_eq!(account["fix"]["applicability"], "safe");
    assert_eq!(
        account["fix"]["edits"][0],
        serde_json::json!({"line": 5, "column": 7, "endLine": 5, "endColumn": 19, "replacement": "\"012345678901\""})
    );
    let region = ds
        .iter()
        .find(|d| d["rule"] == "region-unsupported")
        .unwrap();
    assert_eq!(region["fix"]["applicability"], "unsafe");
    assert!(
        ds.iter()
            .find(|d| d["rule"] == "schema")
            .unwrap()
            .get("fix")
            .is_none()
    );

    let out = bin(dir.path())
        .args(["check", "--format", "sarif", "m.yaml"])
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let results = v["runs"][0]["results"].as_array().unwrap();
    let cidr = results
        .iter()
        .find(|r| r["ruleId"] == "cidr-host-bits")
        .unwrap();
    let change = &cidr["fixes"][0]["artifactChanges"][0];
    assert_eq!(change["artifactLocation"]["uri"], "m.yaml");
    assert_eq!(
        change["replacements"][0]["insertedContent"]["text"],
        "172.20.0.0/20"
    );
    assert_eq!(change["replacements"][0]["deletedRegion"]["startLine"], 9);
}
