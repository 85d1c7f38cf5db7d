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

/// The lines of `text` longer than `columns` characters.
fn too_long(text: &str, columns: usize) -> Vec<String> {
    text.lines()
        .filter(|l| l.chars().count() > columns)
        .map(str::to_owned)
        .collect()
}

/// Whether a line is one word, as the wrapping counts them: no space outside code spans.
fn one_word(line: &str) -> bool {
    !line
        .trim()
        .split('`')
        .step_by(2)
        .any(|outside| outside.trim_end_matches(['.', ',']).contains(' '))
}

#[test]
fn help_rules_and_notes_fit_in_80_columns() {
    let commands = [
        "", "check", "rules", "schema", "facts", "server", "handoff", "egress",
    ];
    for command in commands {
        for flag in ["--help", "-h"] {
            let args: Vec<&str> = [command, flag]
                .into_iter()
                .filter(|a| !a.is_empty())
                .collect();
            let out = String::from_utf8(run(&args, "80")).unwrap();
            assert!(!out.is_empty(), "{args:?}");
            assert_eq!(too_long(&out, 80), Vec::<String>::new(), "{args:?}");
        }
    }
    // `rules`: the list and the tables' sources, and every rule's page (but its code blocks).
    let list = String::from_utf8(run(&["rules"], "80")).unwrap();
    assert_eq!(too_long(&list, 80), Vec::<String>::new());
    let wide = String::from_utf8(run(&["rules"], "250")).unwrap();
    assert!(
        !too_long(&wide, 100).is_empty(),
        "wider when the terminal is"
    );
    for rule in astro_preflight_linter::registry::all() {
        let page = String::from_utf8(run(&["rules", rule.id], "80")).unwrap();
        let mut fenced = false;
        for line in page.lines() {
            if line.trim_start().starts_with("```") {
                fenced = !fenced;
                continue;
            }
            // A line of one word (a URL, a code span) may overflow.
            if !fenced && !one_word(line) {
                assert!(line.chars().count() <= 80, "{}: {line}", rule.id);
            }
        }
    }
    // The notes of an offline run: one short line at 80 columns, wrapped when narrower.
    let out = String::from_utf8(run(&["check", "examples/hybrid.yaml"], "80")).unwrap();
    let notes: Vec<&str> = out.lines().filter(|l| l.starts_with("note:")).collect();
    assert_eq!(notes.len(), 1, "{out}");
    assert!(
        notes[0].contains("online rules skipped; run with --online or --facts FILE"),
        "{out}"
    );
    let narrow = String::from_utf8(run(&["check", "examples/hybrid.yaml"], "40")).unwrap();
    assert_eq!(too_long(&narrow, 40), Vec::<String>::new(), "{narrow}");
    // The human report of findings at 80 columns.
    let report = String::from_utf8(run(&["check", "examples/"], "80")).unwrap();
    for line in too_long(&report, 80) {
        // Only a source line quoted as it is in the file, or a command that is not broken, may
        // be longer.
        let rest = line.trim_start_matches([' ', '│', '·', '╰', '─', '├', '╭', '┬', '▶']);
        assert!(line.contains('│') || one_word(rest), "{line}");
    }
}

#[test]
fn schema_takes_manifest_or_config_and_timeouts_state_their_range() {
    let manifest = run(&["schema", "manifest"], "80");
    assert_eq!(manifest, run(&["schema"], "80"));
    let config = run(&["schema", "config"], "80");
    assert_ne!(config, manifest);
    assert!(String::from_utf8_lossy(&config).contains("astro-preflight configuration"));
    // The old switch still works, hidden.
    assert_eq!(run(&["schema", "--config"], "80"), config);
    let help = String::from_utf8(run(&["schema", "--help"], "80")).unwrap();
    assert!(
        !help.contains("--config") && help.contains("config"),
        "{help}"
    );
    for args in [
        ["egress", "--timeout", "0"],
        ["egress", "--timeout", "3601"],
        ["check", "--timeout", "0"],
    ] {
        let out = Command::cargo_bin("astro-preflight")
            .unwrap()
            .args(args)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("more than 0 and at most 3600"), "{err}");
    }
    for args in [["egress", "--help"], ["facts", "--help"]] {
        let help = String::from_utf8(run(&args, "80")).unwrap();
        assert!(
            help.contains("more than 0, at") || help.contains("more than 0,"),
            "{help}"
        );
    }
}
