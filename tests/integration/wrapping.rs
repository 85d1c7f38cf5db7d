//! Text that users copy stays whole in the human report: a rule ID, a region, a resource name
//! (`astronomer-remote-management`) or a command in backticks is never broken across lines,
//! at any terminal width.

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(args: &[&str], columns: &str) -> Vec<u8> {
    let mut cmd = Command::cargo_bin("astro-preflight").unwrap();
    cmd.current_dir(root())
        .env("NO_COLOR", "1")
        .env("COLUMNS", columns)
        .args(args);
    cmd.output().unwrap().stdout
}

/// The words of a text that must stay whole: each `code span`, and each word with a hyphen.
fn whole_words(text: &str) -> Vec<String> {
    let mut out: Vec<String> = text
        .split('`')
        .skip(1)
        .step_by(2)
        .map(|code| code.to_owned())
        .collect();
    for word in text.split(|c: char| c.is_whitespace() || "`(),;:\"'".contains(c)) {
        let word = word.trim_end_matches(['.', '?']);
        if word.contains('-') && word.len() > 3 && !word.starts_with('-') || word.starts_with("--")
        {
            out.push(word.to_owned());
        }
    }
    out
}

#[test]
fn help_and_messages_are_never_broken_inside_a_word_or_a_command() {
    let json = run(&["check", "--format", "json", "examples/broken"], "100");
    let report: Value = serde_json::from_slice(&json).unwrap();
    let mut words = Vec::new();
    for file in report["files"].as_array().unwrap() {
        for d in file["diagnostics"].as_array().unwrap() {
            words.push(d["rule"].as_str().unwrap().to_owned());
            for key in ["message", "help"] {
                words.extend(d[key].as_str().map(whole_words).unwrap_or_default());
            }
        }
    }
    // The opt-in help carries the longest command and the role name.
    assert!(
        words
            .iter()
            .any(|w| w.contains("--global-endpoint-token-version")),
        "{words:?}"
    );
    assert!(
        words.iter().any(|w| w == "astronomer-remote-management"),
        "{words:?}"
    );
    for columns in ["80", "100", "120"] {
        let human = String::from_utf8(run(&["check", "examples/broken"], columns)).unwrap();
        for word in &words {
            assert!(
                human.lines().any(|line| line.contains(word.as_str())),
                "at {columns} columns, `{word}` is broken across lines:\n{human}"
            );
        }
    }
}
