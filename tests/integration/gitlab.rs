//! `--format gitlab`: GitLab Code Quality reports in the shape GitLab documents (an array of
//! `{description, check_name, fingerprint, severity, location: {path, lines: {begin}}}`),
//! severities info/minor/major, fingerprints stable and unique, paths relative.

use std::collections::HashSet;
use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(format: &str, args: &[&str], cwd: &std::path::Path) -> (i32, Value) {
    let out = Command::cargo_bin("astro-preflight")
        .unwrap()
        .current_dir(cwd)
        .args(["check", "--format", format])
        .args(args)
        .output()
        .unwrap();
    let v = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&out.stdout)));
    (out.status.code().unwrap(), v)
}

/// Checks the documented shape of every issue and returns the report.
fn gitlab(args: &[&str], cwd: &std::path::Path) -> (i32, Vec<Value>) {
    let (code, report) = run("gitlab", args, cwd);
    let issues = report
        .as_array()
        .unwrap_or_else(|| panic!("not an array: {report:#}"))
        .clone();
    let mut fingerprints = HashSet::new();
    for issue in &issues {
        let keys: Vec<&str> = issue
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            keys,
            [
                "description",
                "check_name",
                "fingerprint",
                "severity",
                "location"
            ],
            "{issue}"
        );
        assert!(!issue["description"].as_str().unwrap().is_empty());
        assert!(!issue["check_name"].as_str().unwrap().is_empty());
        let fingerprint = issue["fingerprint"].as_str().unwrap();
        assert!(
            fingerprint.len() == 64 && fingerprint.bytes().all(|b| b.is_ascii_hexdigit()),
            "{fingerprint}"
        );
        assert!(
            fingerprints.insert(fingerprint.to_owned()),
            "fingerprint {fingerprint} is not unique"
        );
        assert!(
            ["info", "minor", "major"].contains(&issue["severity"].as_str().unwrap()),
            "{issue}"
        );
        let location = issue["location"].as_object().unwrap();
        assert_eq!(location.keys().collect::<Vec<_>>(), ["path", "lines"]);
        let path = location["path"].as_str().unwrap();
        assert!(
            !path.starts_with('/') && !path.starts_with("./") && !path.contains('\\'),
            "not a relative path: {path}"
        );
        assert_eq!(
            location["lines"]
                .as_object()
                .unwrap()
                .keys()
                .collect::<Vec<_>>(),
            ["begin"]
        );
        assert!(location["lines"]["begin"].as_u64().unwrap() >= 1);
    }
    (code, issues)
}

#[test]
fn the_same_findings_as_the_json_interface() {
    let (code, issues) = gitlab(&["examples/"], &root());
    let (json_code, report) = run("json", &["examples/"], &root());
    assert_eq!((code, json_code), (1, 1));
    let mut expected = Vec::new();
    for file in report["files"].as_array().unwrap() {
        for d in file["diagnostics"].as_array().unwrap() {
            expected.push((file["path"].as_str().unwrap().to_owned(), d.clone()));
        }
    }
    assert_eq!(issues.len(), expected.len());
    assert!(issues.len() > 10);
    let mut severities = HashSet::new();
    for (issue, (path, d)) in issues.iter().zip(&expected) {
        assert_eq!(issue["location"]["path"], path.as_str());
        assert_eq!(issue["location"]["lines"]["begin"], d["line"]);
        assert_eq!(issue["check_name"], d["rule"]);
        assert!(
            issue["description"]
                .as_str()
                .unwrap()
                .starts_with(d["message"].as_str().unwrap())
        );
        let severity = match d["severity"].as_str().unwrap() {
            "error" => "major",
            "warning" => "minor",
            _ => "info",
        };
        assert_eq!(issue["severity"], severity);
        severities.insert(severity);
    }
    assert!(severities.contains("major") && severities.contains("minor"));
}

#[test]
fn fingerprints_are_stable_and_do_not_follow_line_numbers() {
    let (_, first) = gitlab(&["examples/"], &root());
    let (_, second) = gitlab(&["examples/"], &root());
    assert_eq!(first, second);

    // The same findings two lines lower keep their fingerprints.
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("examples/broken/too-small.yaml")).unwrap();
    std::fs::write(dir.path().join("m.yaml"), &text).unwrap();
    let (_, before) = gitlab(&["m.yaml"], dir.path());
    std::fs::write(
        dir.path().join("m.yaml"),
        format!("# a comment\n# another\n{text}"),
    )
    .unwrap();
    let (_, after) = gitlab(&["m.yaml"], dir.path());
    assert_eq!(before.len(), after.len());
    assert!(!before.is_empty());
    for (b, a) in before.iter().zip(&after) {
        assert_eq!(
            a["location"]["lines"]["begin"].as_u64().unwrap(),
            b["location"]["lines"]["begin"].as_u64().unwrap() + 2
        );
        assert_eq!(a["fingerprint"], b["fingerprint"]);
    }
    // Another file with the same findings: other fingerprints.
    std::fs::write(dir.path().join("n.yaml"), &text).unwrap();
    let (_, other) = gitlab(&["n.yaml"], dir.path());
    assert!(
        other
            .iter()
            .zip(&before)
            .all(|(o, b)| o["fingerprint"] != b["fingerprint"])
    );
}

#[test]
fn findings_of_one_rule_in_one_file_get_unique_fingerprints() {
    // Two unknown keys: the same rule, the same message shape, one line apart. (Findings
    // identical in every hashed part get their rank hashed in: a unit test of the renderer.)
    let dir = tempfile::tempdir().unwrap();
    let text = "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme\n  vpcCidr: 10.0.0.0/8\n  vpcCidr2: x\n  vpcCidr3: x\n";
    std::fs::write(dir.path().join("m.yaml"), text).unwrap();
    let (_, issues) = gitlab(&["m.yaml"], dir.path());
    // The checks in `gitlab` assert uniqueness; make sure there were several of one rule.
    assert!(
        issues
            .iter()
            .filter(|i| i["check_name"] == "schema")
            .count()
            >= 2,
        "{issues:#?}"
    );
}

#[test]
fn absolute_paths_are_made_relative() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("manifests")).unwrap();
    std::fs::copy(
        root().join("examples/broken/region-and-types.yaml"),
        dir.path().join("manifests/m.yaml"),
    )
    .unwrap();
    let absolute = dir.path().canonicalize().unwrap().join("manifests/m.yaml");
    let cwd = dir.path().canonicalize().unwrap();
    let (code, issues) = gitlab(&[absolute.to_str().unwrap()], &cwd);
    assert_eq!(code, 1);
    assert!(!issues.is_empty());
    for issue in &issues {
        assert_eq!(issue["location"]["path"], "manifests/m.yaml");
    }
    let (_, dotted) = gitlab(&["./manifests/m.yaml"], &cwd);
    assert_eq!(dotted, issues);
}

#[test]
fn an_unreadable_input_is_a_major_issue() {
    let (code, issues) = gitlab(&["examples/hybrid.yaml", "no/such.yaml"], &root());
    assert_eq!(code, 2);
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0]["severity"], "major");
    assert_eq!(issues[0]["location"]["path"], "no/such.yaml");
    assert_eq!(issues[0]["location"]["lines"]["begin"], 1);
}

#[test]
fn a_clean_run_is_an_empty_array() {
    let (code, issues) = gitlab(
        &["examples/hybrid.yaml", "examples/cross-account-role.yaml"],
        &root(),
    );
    assert_eq!(code, 0);
    assert!(issues.is_empty());
}
