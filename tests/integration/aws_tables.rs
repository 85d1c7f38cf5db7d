//! `crates/linter/src/tables/generated/aws.json` is what `scripts/aws_tables.py` makes from the
//! botocore and cfn-lint versions pinned in `scripts/requirements-test.txt` (installed into
//! `.venv` by `scripts/test`). `UPDATE_GENERATED=1` rewrites it.

use std::path::PathBuf;
use std::process::{Command, Output};

const COMMITTED: &str = "crates/linter/src/tables/generated/aws.json";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn script(args: &[&str]) -> Output {
    let python =
        std::env::var("ASTRO_PREFLIGHT_PYTHON").unwrap_or_else(|_| ".venv/bin/python".to_owned());
    Command::new(&python)
        .arg("scripts/aws_tables.py")
        .args(args)
        .current_dir(root())
        .output()
        .unwrap_or_else(|e| panic!("{python}: {e} (run the tests with scripts/test, which installs botocore and cfn-lint)"))
}

#[test]
fn aws_tables_are_current() {
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        let out = script(&[]);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = script(&["--check"]);
    assert!(
        out.status.success(),
        "{COMMITTED} differs from what the pinned packages give: run `UPDATE_GENERATED=1 cargo test --test integration aws_tables`\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_changed_table_is_caught() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("aws.json");
    let committed = std::fs::read_to_string(root().join(COMMITTED)).unwrap();
    // Rename one family: as if the data had changed.
    let edited = committed.replacen("\"m6id\": [", "\"m6idx\": [", 1);
    assert_ne!(edited, committed);
    std::fs::write(&copy, edited).unwrap();
    let out = script(&["--check", "--output", copy.to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stderr).contains("stale"));
}
