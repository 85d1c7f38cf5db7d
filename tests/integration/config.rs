//! `astro-preflight.toml` end to end: per-rule severity, allow lists, limits, the nearest
//! file winning, `--config`, `--deny-warnings`, and bad files as clear errors (exit 2).

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

fn bin() -> Command {
    let mut cmd = Command::cargo_bin("astro-preflight").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd
}

/// Per file path, the (rule, severity) pairs.
type Found = Vec<(String, Vec<(String, String)>)>;

/// `check --format json` in `dir`: the exit code and what was found.
fn check(dir: &Path, args: &[&str]) -> (i32, Found) {
    let out = bin()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let files = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let found = f["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(|d| {
                    (
                        d["rule"].as_str().unwrap().to_owned(),
                        d["severity"].as_str().unwrap().to_owned(),
                    )
                })
                .collect();
            (f["path"].as_str().unwrap().to_owned(), found)
        })
        .collect();
    (out.status.code().unwrap(), files)
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

const VALID: &str =
    "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme\n";

/// An opt-in region (warning), a too-small CIDR (error) and a burstable type (warning).
fn mixed() -> String {
    format!(
        "{VALID}  region: eu-south-1\n  vpcCidr: 172.20.0.0/22\n  nodeInstanceType: t3.xlarge\n"
    )
}

#[test]
fn without_configuration_rules_keep_their_defaults() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "m.yaml", &mixed());
    let (code, files) = check(dir.path(), &["m.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(
        files[0].1,
        pairs(&[
            ("region-opt-in", "warning"),
            ("cidr-too-small", "error"),
            ("instance-type-burstable", "warning")
        ])
    );
}

#[test]
fn severities_can_be_turned_off_lowered_and_raised() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "m.yaml", &mixed());
    write(
        dir.path(),
        "astro-preflight.toml",
        "[rules]\ncidr-too-small = \"info\"\ninstance-type-burstable = \"off\"\nregion-opt-in = \"error\"\n",
    );
    let (code, files) = check(dir.path(), &["m.yaml"]);
    assert_eq!(code, 1, "region-opt-in is an error now");
    assert_eq!(
        files[0].1,
        pairs(&[("region-opt-in", "error"), ("cidr-too-small", "info")])
    );

    write(
        dir.path(),
        "astro-preflight.toml",
        "[rules]\ncidr-too-small = \"warning\"\nregion-opt-in = \"info\"\n",
    );
    let (code, files) = check(dir.path(), &["m.yaml"]);
    assert_eq!(code, 0, "no error remains");
    assert_eq!(
        files[0].1,
        pairs(&[
            ("region-opt-in", "info"),
            ("cidr-too-small", "warning"),
            ("instance-type-burstable", "warning")
        ])
    );
    let (code, _) = check(dir.path(), &["--deny-warnings", "m.yaml"]);
    assert_eq!(code, 1, "warnings fail with --deny-warnings");
}

#[test]
fn deny_warnings_fails_on_warnings_only() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "warn.yaml",
        &format!("{VALID}  region: eu-south-1\n"),
    );
    write(dir.path(), "clean.yaml", VALID);
    assert_eq!(check(dir.path(), &["warn.yaml"]).0, 0);
    assert_eq!(check(dir.path(), &["--deny-warnings", "warn.yaml"]).0, 1);
    assert_eq!(check(dir.path(), &["--deny-warnings", "clean.yaml"]).0, 0);
    // An info is never a failure.
    write(
        dir.path(),
        "astro-preflight.toml",
        "[rules]\nregion-opt-in = \"info\"\n",
    );
    assert_eq!(check(dir.path(), &["--deny-warnings", "warn.yaml"]).0, 0);
    // The human output fails the same way.
    bin()
        .current_dir(dir.path())
        .args(["check", "--deny-warnings", "warn.yaml"])
        .assert()
        .code(0);
    std::fs::remove_file(dir.path().join("astro-preflight.toml")).unwrap();
    bin()
        .current_dir(dir.path())
        .args(["check", "--deny-warnings", "warn.yaml"])
        .assert()
        .code(1);
}

#[test]
fn allow_lists_accept_new_regions_and_types() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "m.yaml",
        &format!(
            "{VALID}  region: ap-southeast-3\n  nodeInstanceType: m7i.xlarge\n  dbInstanceType: db.m7g.large\n"
        ),
    );
    let (code, files) = check(dir.path(), &["m.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(
        files[0].1,
        pairs(&[
            ("region-unsupported", "error"),
            ("instance-type-unsupported", "error"),
            ("db-instance-type-unsupported", "error")
        ])
    );
    write(
        dir.path(),
        "astro-preflight.toml",
        "[allow]\nregions = [\"ap-southeast-3\"]\ninstance-types = [\"m7i.xlarge\"]\ndb-instance-types = [\"db.m7g.large\"]\n",
    );
    let (code, files) = check(dir.path(), &["m.yaml"]);
    // Allowed, and still an opt-in region.
    assert_eq!(
        (code, files[0].1.clone()),
        (0, pairs(&[("region-opt-in", "warning")]))
    );
    // Only what is listed.
    write(
        dir.path(),
        "other.yaml",
        &format!("{VALID}  region: ap-southeast-4\n"),
    );
    let (_, files) = check(dir.path(), &["other.yaml"]);
    assert_eq!(files[0].1, pairs(&[("region-unsupported", "error")]));
}

#[test]
fn limits_bound_the_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "m.yaml", VALID);
    write(
        dir.path(),
        "astro-preflight.toml",
        "[limits]\nmax-file-size = 64\n",
    );
    let (code, files) = check(dir.path(), &["m.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(files[0].1, pairs(&[("yaml-syntax", "error")]));
    // Found by a walk, which has read it whole already: the same bound.
    let (code, files) = check(dir.path(), &["."]);
    assert_eq!(code, 1);
    assert_eq!(files[0].1, pairs(&[("yaml-syntax", "error")]));
}

#[test]
fn the_nearest_configuration_wins_whole() {
    let dir = tempfile::tempdir().unwrap();
    let opt_in = format!("{VALID}  region: eu-south-1\n");
    let jakarta = format!("{VALID}  region: ap-southeast-3\n");
    write(
        dir.path(),
        "astro-preflight.toml",
        "[rules]\nregion-opt-in = \"off\"\n[allow]\nregions = [\"ap-southeast-3\"]\n",
    );
    write(dir.path(), "top.yaml", &opt_in);
    write(dir.path(), "top-jakarta.yaml", &jakarta);
    write(
        dir.path(),
        "team/astro-preflight.toml",
        "[rules]\nregion-opt-in = \"error\"\n",
    );
    write(dir.path(), "team/opt-in.yaml", &opt_in);
    write(dir.path(), "team/jakarta.yaml", &jakarta);
    write(dir.path(), "team/deeper/opt-in.yaml", &opt_in);
    let (code, files) = check(dir.path(), &["."]);
    assert_eq!(code, 1);
    let by_path: std::collections::HashMap<_, _> = files.into_iter().collect();
    assert_eq!(by_path.len(), 5, "{by_path:?}");
    assert_eq!(by_path["top.yaml"], vec![]);
    assert_eq!(by_path["top-jakarta.yaml"], vec![]);
    assert_eq!(
        by_path["team/opt-in.yaml"],
        pairs(&[("region-opt-in", "error")])
    );
    assert_eq!(
        by_path["team/deeper/opt-in.yaml"],
        pairs(&[("region-opt-in", "error")]),
        "a parent's configuration applies"
    );
    // The nearest file is not merged with the ones above it.
    assert_eq!(
        by_path["team/jakarta.yaml"],
        pairs(&[("region-unsupported", "error")])
    );
    // From another working directory, by path: the same configurations.
    let (_, files) = check(
        dir.path().join("team").as_path(),
        &["opt-in.yaml", "../top.yaml"],
    );
    assert_eq!(files[0].1, pairs(&[("region-opt-in", "error")]));
    assert_eq!(files[1].1, vec![]);
}

#[test]
fn an_explicit_config_replaces_discovery() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "team/astro-preflight.toml",
        "[rules]\nregion-opt-in = \"error\"\n",
    );
    write(
        dir.path(),
        "team/m.yaml",
        &format!("{VALID}  region: eu-south-1\n"),
    );
    write(dir.path(), "ci.toml", "[rules]\nregion-opt-in = \"info\"\n");
    let (code, files) = check(dir.path(), &["--config", "ci.toml", "team/m.yaml"]);
    assert_eq!(code, 0);
    assert_eq!(files[0].1, pairs(&[("region-opt-in", "info")]));
    let out = bin()
        .current_dir(dir.path())
        .args(["check", "--config", "missing.toml", "team/m.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_eq!(
        stderr,
        "error: cannot read the configuration missing.toml: no such file or directory\n"
    );
}

/// A bad configuration stops the run (exit 2, nothing on stdout) with miette's report on
/// stderr, pointing at the line.
fn bad_config(toml: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "m.yaml", VALID);
    write(dir.path(), "astro-preflight.toml", toml);
    let out = bin()
        .current_dir(dir.path())
        .args(["check", "m.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        out.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        !stderr.contains('\u{1b}'),
        "no colour when stderr is not a terminal: {stderr}"
    );
    // A long headline is wrapped; join it again.
    stderr.replace("\n  │ ", " ")
}

#[test]
fn a_bad_configuration_is_a_report_pointing_at_its_line() {
    let stderr = bad_config("[rules]\nregion-opt-in = \"off\"\ncidr-host-bit = \"off\"\n");
    assert!(stderr.contains("invalid configuration"), "{stderr}");
    assert!(
        stderr.contains("`cidr-host-bit` is not a rule; did you mean `cidr-host-bits`?"),
        "{stderr}"
    );
    assert!(
        stderr.contains("astro-preflight.toml:3:1]"),
        "the header names the file, line and column: {stderr}"
    );
    assert!(
        stderr.contains(" 3 │ cidr-host-bit = \"off\""),
        "the line is shown: {stderr}"
    );
    assert!(stderr.contains("─────┬─────"), "and underlined: {stderr}");

    let stderr = bad_config("[rules]\ncidr-host-bits = \"loud\"\n");
    assert!(stderr.contains("astro-preflight.toml:2:18]"), "{stderr}");
    assert!(stderr.contains("unknown variant `loud`"), "{stderr}");

    let stderr = bad_config("[allow]\nregions = \"ap-southeast-3\"\n");
    assert!(
        stderr.contains("astro-preflight.toml:2:11]") && stderr.contains("expected a sequence"),
        "{stderr}"
    );

    let stderr = bad_config("[rules\n");
    assert!(stderr.contains("astro-preflight.toml:1:"), "{stderr}");

    let stderr = bad_config("[rulez]\n");
    assert!(
        stderr.contains("unknown field `rulez`") && stderr.contains(" 1 │ [rulez]"),
        "{stderr}"
    );

    let stderr = bad_config("[rules]\nschema = \"off\"\n");
    assert!(
        stderr.contains("`schema` cannot be turned off") && stderr.contains(":2:1]"),
        "{stderr}"
    );

    let stderr = bad_config("[limits]\nmax-nodes = 100\nmax-depth = 0\n");
    assert!(
        stderr.contains("`max-depth` must be greater than 0") && stderr.contains(":3:1]"),
        "{stderr}"
    );

    // A control character in the file cannot reach the terminal.
    let stderr = bad_config("[rules]\n\u{1b}[2Jx = \"off\"\n");
    assert!(!stderr.contains('\u{1b}'), "{stderr:?}");
}

#[test]
fn the_suppression_rules_can_be_turned_off() {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "m.yaml",
        &format!("{VALID}  region: us-east-1 # preflight-ignore: region-opt-in -- not needed\n"),
    );
    let (code, files) = check(dir.path(), &["m.yaml"]);
    assert_eq!(
        (code, files[0].1.clone()),
        (0, pairs(&[("suppression-unused", "warning")]))
    );
    write(
        dir.path(),
        "astro-preflight.toml",
        "[rules]\nsuppression-unused = \"off\"\n",
    );
    let (code, files) = check(dir.path(), &["m.yaml"]);
    assert_eq!((code, files[0].1.clone()), (0, vec![]));
}

/// `facts` reads its manifest as `check` does: within the `[limits]` of the manifest's
/// configuration (here smaller than the manifest), before any AWS call.
#[test]
fn facts_honours_the_configurations_limits() {
    let dir = tempfile::tempdir().unwrap();
    let manifest =
        "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme\n";
    write(dir.path(), "m.yaml", manifest);
    write(
        dir.path(),
        "astro-preflight.toml",
        "[limits]\nmax-file-size = 64\n",
    );
    let out = bin()
        .current_dir(dir.path())
        .args([
            "facts",
            "m.yaml",
            "--endpoint-url",
            "http://127.0.0.1:9",
            "--timeout",
            "1",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(
        stderr,
        format!(
            "error: m.yaml: the file is {} bytes, too large for a manifest\n",
            manifest.len()
        )
    );
}
