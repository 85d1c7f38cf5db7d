//! Docs that cannot drift: every JSON block in the Markdown docs says where it comes from, on
//! the line before its fence, and is checked against it:
//!
//! - `<!-- output: ARGS -->`: what `astro-preflight ARGS` prints, run from the repository root
//!   (its inputs are files, e.g. under `docs/examples/json/`); `UPDATE_GENERATED=1` (and so
//!   `scripts/regenerate`) rewrites the block from the run;
//! - `<!-- file: PATH -->`: the file's text, as committed;
//! - `<!-- abridged: WHAT -->`: a shortened example of WHAT whose real output depends on the
//!   network or AWS (egress, a facts file): valid JSON, and its keys are listed in the schema
//!   or tables beside it;
//! - `<!-- input -->`: something the reader writes (editor settings, a trust policy, a problem
//!   matcher): valid JSON. (The rules' pages, generated from their doc comments, hold only
//!   such JSON, and need no marker.)
//!
//! And the report's JSON Schema (`schemas/check-report.schema.json`) accepts real reports and
//! refuses a field it does not list.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The binary from the repository root, with nothing from the environment that changes its
/// output (CI variables, colour, width).
fn bin() -> Command {
    let mut cmd = Command::cargo_bin("astro-preflight").unwrap();
    cmd.current_dir(root());
    for var in [
        "GITHUB_SERVER_URL",
        "GITHUB_REPOSITORY",
        "GITHUB_SHA",
        "CI_PROJECT_URL",
        "CI_COMMIT_SHA",
        "COLUMNS",
        "NO_COLOR",
        "FORCE_COLOR",
        "CLICOLOR_FORCE",
        "ASTRO_EXTERNAL_ID",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// The Markdown files of the docs: README.md and docs/, recursively.
fn markdown_files() -> Vec<PathBuf> {
    let mut files = vec![root().join("README.md")];
    let mut dirs = vec![root().join("docs")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "md") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// A JSON block: the marker before it, its fence's indent, and the line range of its text.
struct Block {
    marker: String,
    indent: usize,
    lines: std::ops::Range<usize>,
}

fn blocks(text: &str) -> Vec<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim_start() == "```json" {
            let indent = line.len() - line.trim_start().len();
            let end = (i + 1..lines.len())
                .find(|&j| lines[j].trim_start() == "```")
                .expect("a closed fence");
            let marker = if i > 0 { lines[i - 1].trim() } else { "" };
            out.push(Block {
                marker: marker.to_owned(),
                indent,
                lines: i + 1..end,
            });
            i = end;
        }
        i += 1;
    }
    out
}

fn text_of(lines: &[&str], block: &Block) -> String {
    lines[block.lines.clone()]
        .iter()
        .map(|l| l.get(block.indent..).unwrap_or("").to_owned() + "\n")
        .collect()
}

/// What `astro-preflight ARGS` prints.
fn output(args: &str) -> String {
    let out = bin().args(args.split_whitespace()).output().unwrap();
    assert!(
        out.status.code().is_some_and(|c| c < 2),
        "astro-preflight {args}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn every_json_example_in_the_docs_is_what_it_says() {
    let update = std::env::var_os("UPDATE_GENERATED").is_some();
    let mut outputs = 0;
    for file in markdown_files() {
        let shown = file.strip_prefix(root()).unwrap().display().to_string();
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let mut rewritten: Vec<String> = lines.iter().map(|l| (*l).to_owned()).collect();
        // Replaced from the last block up, so that line numbers above stay right.
        for block in blocks(&text).iter().rev() {
            let body = text_of(&lines, block);
            // The rules' pages are generated from their doc comments, where a JSON block is a
            // policy or a setting the reader writes.
            if shown.starts_with("docs/rules/") {
                serde_json::from_str::<Value>(&body)
                    .unwrap_or_else(|e| panic!("{shown}:{}: not JSON: {e}", block.lines.start));
                continue;
            }
            let marker = block
                .marker
                .strip_prefix("<!--")
                .and_then(|m| m.strip_suffix("-->"))
                .map(str::trim)
                .unwrap_or_else(|| {
                    panic!(
                        "{shown}:{}: a JSON block without `<!-- output: ARGS -->`, `<!-- file: PATH -->`, `<!-- abridged: WHAT -->` or `<!-- input -->` before it",
                        block.lines.start
                    )
                });
            let at = format!("{shown}:{}", block.lines.start);
            if let Some(args) = marker.strip_prefix("output:") {
                outputs += 1;
                let real = output(args.trim());
                if update {
                    let pad = " ".repeat(block.indent);
                    let new: Vec<String> = real.lines().map(|l| format!("{pad}{l}")).collect();
                    rewritten.splice(block.lines.clone(), new);
                } else {
                    assert_eq!(
                        body,
                        real,
                        "{at}: the example is not what `astro-preflight {}` prints: run scripts/regenerate",
                        args.trim()
                    );
                }
            } else if let Some(path) = marker.strip_prefix("file:") {
                let committed = std::fs::read_to_string(root().join(path.trim())).unwrap();
                assert_eq!(body, committed, "{at}: differs from {}", path.trim());
            } else if marker.starts_with("abridged:") || marker == "input" {
                serde_json::from_str::<Value>(&body)
                    .unwrap_or_else(|e| panic!("{at}: not JSON: {e}"));
            } else {
                panic!("{at}: unknown marker `{marker}`");
            }
        }
        if update {
            let mut new = rewritten.join("\n");
            new.push('\n');
            if new != text {
                std::fs::write(&file, new).unwrap();
            }
        }
    }
    assert!(outputs >= 2, "the JSON interfaces' examples are real runs");
}

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/check-report.schema.json")).unwrap(),
    )
    .unwrap();
    jsonschema::draft202012::new(&schema).unwrap()
}

fn report(args: &[&str], dir: &Path) -> Value {
    let out = bin()
        .args(["check", "--format", "json"])
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn the_report_schema_accepts_real_reports_and_lists_every_field() {
    let validator = validator();
    let mut reports = vec![
        // Findings with help, related places and fixes; a clean file; an unreadable input.
        report(&["examples/", "no/such.yaml"], &root()),
        report(
            &["examples/", "--deny-warnings", "--no-inline-ignores"],
            &root(),
        ),
    ];
    // Suppressed findings.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("m.yaml"),
        "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme\n  vpcCidr: 172.20.1.0/20 # preflight-ignore: cidr-host-bits -- shared\n",
    )
    .unwrap();
    reports.push(report(&["m.yaml"], dir.path()));
    assert_eq!(reports[2]["summary"]["suppressed"], 1);
    // `data`: account-not-empty's resources, from a fixture's facts.
    let fixtures = root().join("crates/linter/tests/fixtures/account-not-empty");
    let facts = crate::fixture_facts::write_whole(
        &fixtures.join("other-region-and-global.facts.json"),
        dir.path(),
    );
    let with_data = report(
        &[
            "--facts",
            facts.to_str().unwrap(),
            fixtures
                .join("other-region-and-global.yaml")
                .to_str()
                .unwrap(),
        ],
        dir.path(),
    );
    assert!(
        with_data["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d.get("data").is_some()),
        "{with_data}"
    );
    reports.push(with_data);
    let mut seen_fix = false;
    for r in &reports {
        let errors: Vec<String> = validator.iter_errors(r).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:?}\n{r}");
        seen_fix |= r.to_string().contains("\"applicability\"");
    }
    assert!(seen_fix);
    // A field the schema does not list is refused: the schema lists every field there is.
    let mut extra = reports[0].clone();
    extra["files"][0]["diagnostics"][0]["unlisted"] = Value::Bool(true);
    assert!(!validator.is_valid(&extra));
    let mut extra = reports[0].clone();
    extra["summary"]["unlisted"] = Value::from(1);
    assert!(!validator.is_valid(&extra));
}

/// Every `check` option, as `check --help` lists them (hidden ones are not listed).
fn check_options() -> Vec<String> {
    let help = output("check --help");
    let mut options: Vec<String> = help
        .lines()
        .filter_map(|l| {
            let l = l.trim_start();
            let l = l
                .strip_prefix("-")
                .filter(|r| r.len() > 2 && r.as_bytes()[1] == b',')
                .map_or(l, |r| r[2..].trim_start());
            l.strip_prefix("--").map(|rest| {
                let name: String = rest
                    .chars()
                    .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                    .collect();
                format!("--{name}")
            })
        })
        .filter(|o| o != "--help")
        .collect();
    options.sort();
    options.dedup();
    options
}

#[test]
fn the_readmes_option_table_names_every_check_option() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let (_, table) = readme
        .split_once("`check` options:")
        .expect("README lists check's options");
    let table: Vec<&str> = table
        .lines()
        .skip_while(|l| !l.starts_with('|'))
        .take_while(|l| l.starts_with('|'))
        .skip(2)
        .collect();
    let first_column: Vec<String> = table
        .iter()
        .filter_map(|row| row.split(" | ").next())
        .map(|cell| {
            cell.trim_start_matches("| `")
                .split([' ', '`'])
                .next()
                .unwrap()
                .to_owned()
        })
        .collect();
    let options = check_options();
    assert!(options.len() > 10, "{options:?}");
    // Each row is an option of `check`; each option is in the table (a row's own, or named in
    // a row with backticks: `--profile` in `--online`'s).
    for row in &first_column {
        assert!(
            options.contains(row),
            "README's table has {row}, which check has not"
        );
    }
    let all = table.join("\n");
    for option in &options {
        assert!(
            first_column.contains(option) || all.contains(&format!("`{option}")),
            "README's option table does not name {option}"
        );
    }
}
