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

/// A manifest with two safe fixes (account-id-unquoted, cidr-host-bits) and nothing else to
/// report once they are made.
const TWO_FIXES: &str = "version: 1\ninstall: hybrid\naccount:\n  id: 012345678901\ncluster:\n  name: acme\n  region: us-east-1\n  vpcCidr: 172.20.1.0/20\n";
const BOTH_FIXED: &str = "version: 1\ninstall: hybrid\naccount:\n  id: \"012345678901\"\ncluster:\n  name: acme\n  region: us-east-1\n  vpcCidr: 172.20.0.0/20\n";

#[test]
fn unsafe_fixes_without_fix_or_diff_is_a_usage_error() {
    let dir = setup(&[("m.yaml", TWO_FIXES)]);
    let out = bin(dir.path())
        .args(["check", "--unsafe-fixes", "m.yaml"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("--fix|--diff"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[cfg(unix)]
#[test]
fn a_fix_writes_through_a_symbolic_link_and_keeps_the_mode() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let dir = setup(&[("real.yaml", TWO_FIXES)]);
    let real = dir.path().join("real.yaml");
    std::fs::set_permissions(&real, std::fs::Permissions::from_mode(0o640)).unwrap();
    std::os::unix::fs::symlink("real.yaml", dir.path().join("link.yaml")).unwrap();
    let before = std::fs::metadata(&real).unwrap();
    let out = bin(dir.path())
        .args(["check", "--fix", "link.yaml"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    assert!(stdout.contains("fixed 2 problems in 1 file"), "{stdout}");
    // The link is still a link to the same name; its target holds the fixed text.
    let link = std::fs::symlink_metadata(dir.path().join("link.yaml")).unwrap();
    assert!(link.file_type().is_symlink());
    assert_eq!(
        std::fs::read_link(dir.path().join("link.yaml")).unwrap(),
        Path::new("real.yaml")
    );
    assert_eq!(std::fs::read_to_string(&real).unwrap(), BOTH_FIXED);
    let after = std::fs::metadata(&real).unwrap();
    assert_eq!(after.permissions().mode() & 0o7777, 0o640);
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    // Replaced, not rewritten in place, and no temporary file left beside it.
    assert_ne!(after.ino(), before.ino());
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

/// Under a file-size limit (RLIMIT_FSIZE, SIGXFSZ left at its default, which would end the
/// process mid-write: the tool ignores it so that the write fails with EFBIG), the fixed text
/// cannot be written: the manifest is left whole, no temporary file is left, nothing is counted
/// as fixed, and the run fails.
#[cfg(unix)]
#[test]
fn a_fix_that_cannot_be_written_leaves_the_file_whole() {
    // Larger than the 1 KiB limit below: its fixed copy cannot be written.
    let padded = format!("{TWO_FIXES}# {}\n", "x".repeat(4000));
    let dir = setup(&[("m.yaml", &padded)]);
    let out = std::process::Command::new("bash")
        .arg("-c")
        .arg("trap - XFSZ; ulimit -f 1; exec \"$0\" check --fix m.yaml")
        .arg(assert_cmd::cargo::cargo_bin("astro-preflight"))
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stdout}{stderr}");
    assert!(
        stderr.contains("error: cannot write m.yaml: ") && stderr.contains("the file is unchanged"),
        "{stderr}"
    );
    assert!(
        stdout.contains("fixed 0 problems in 0 files; 1 file not written"),
        "{stdout}"
    );
    // Whole, and still reported as it is.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("m.yaml")).unwrap(),
        padded
    );
    assert!(stdout.contains("account-id-unquoted"), "{stdout}");
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["m.yaml"], "a temporary file was left behind");
}

/// A file reached twice (its own name and a symbolic link from a directory with another
/// configuration) is written once: the second path does not undo the first fix with its own
/// view of the file, and what remains under the second configuration is reported.
#[cfg(unix)]
#[test]
fn a_file_reached_twice_is_written_once() {
    let dir = tempfile::tempdir().unwrap();
    for (sub, off) in [("a", "cidr-host-bits"), ("b", "account-id-unquoted")] {
        std::fs::create_dir(dir.path().join(sub)).unwrap();
        std::fs::write(
            dir.path().join(sub).join("astro-preflight.toml"),
            format!("[rules]\n{off} = \"off\"\n"),
        )
        .unwrap();
    }
    std::fs::write(dir.path().join("a/m.yaml"), TWO_FIXES).unwrap();
    std::os::unix::fs::symlink("../a/m.yaml", dir.path().join("b/m.yaml")).unwrap();
    let out = bin(dir.path())
        .args(["check", "--fix", "--format", "json", "a/m.yaml", "b/m.yaml"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    // a's fix (the account ID) is kept; b's (the CIDR) is not written over it.
    let text = std::fs::read_to_string(dir.path().join("a/m.yaml")).unwrap();
    assert!(text.contains("id: \"012345678901\""), "{text}");
    assert!(text.contains("vpcCidr: 172.20.1.0/20"), "{text}");
    assert!(
        stderr.contains("warning: b/m.yaml is the file a/m.yaml already fixed in this run"),
        "{stderr}"
    );
    assert!(
        stderr.contains("fixed 1 problem in 1 file; 1 file left unchanged"),
        "{stderr}"
    );
    // The report is of the file as it is now, under each path's configuration: clean for a,
    // the CIDR for b (a warning).
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rules = |i: usize| -> Vec<String> {
        v["files"][i]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(v["files"][0]["path"], "a/m.yaml");
    assert_eq!(rules(0), Vec::<String>::new());
    assert_eq!(rules(1), ["cidr-host-bits"]);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

/// A manifest edited while `--fix` runs is not overwritten: the fix pass compares each file
/// with what it computed the fixes from just before replacing it. The run is made long
/// (many files) and the last file is edited once the first has been fixed.
#[test]
fn an_edit_made_during_the_run_is_never_lost() {
    const FILES: usize = 400;
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    std::fs::create_dir(&tree).unwrap();
    for i in 0..FILES {
        std::fs::write(tree.join(format!("m{i:04}.yaml")), TWO_FIXES).unwrap();
    }
    let last = tree.join(format!("m{:04}.yaml", FILES - 1));
    let first = tree.join("m0000.yaml");
    let child = std::process::Command::new(assert_cmd::cargo::cargo_bin("astro-preflight"))
        .args(["check", "--fix", "--format", "json", "tree"])
        .current_dir(dir.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while std::fs::read_to_string(&first).unwrap() != BOTH_FIXED {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(60),
            "the first file was never fixed"
        );
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
    let edited = TWO_FIXES.replace("name: acme", "name: edited-meanwhile");
    std::fs::write(&last, &edited).unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        std::fs::read_to_string(&last).unwrap(),
        edited,
        "the edit was overwritten: {stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "error: tree/m{:04}.yaml changed while it was being fixed: nothing was written to it",
            FILES - 1
        )),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!(
            "fixed {} problems in {} files; 1 file not written",
            2 * (FILES - 1),
            FILES - 1
        )),
        "{stderr}"
    );
    assert_eq!(out.status.code(), Some(2));
}

/// The fixed text is re-parsed under the file's configured `[limits]`: a manifest larger than
/// the default 1 MiB but within its configuration's limit is fixed.
#[test]
fn the_fixed_text_is_checked_with_the_configured_limits() {
    let big = format!("{TWO_FIXES}# {}\n", "x".repeat(1_200_000));
    let dir = setup(&[
        ("m.yaml", &big),
        (
            "astro-preflight.toml",
            "[limits]\nmax-file-size = 4194304\n",
        ),
    ]);
    let out = bin(dir.path())
        .args(["check", "--fix", "m.yaml"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    assert!(stdout.contains("fixed 2 problems in 1 file"), "{stdout}");
    let fixed = std::fs::read_to_string(dir.path().join("m.yaml")).unwrap();
    assert!(fixed.starts_with(BOTH_FIXED), "{}", &fixed[..200]);
}
