//! Output safety in every format, `--diff`, `--fix`, `handoff` and the language server: manifest
//! values, file content and file names holding terminal escape sequences, bidi overrides, line
//! breaks or CI command syntax cannot act on the terminal or start a command, and an external
//! ID never appears in any output.

use std::path::Path;

use assert_cmd::Command;
use serde_json::Value;

const FORMATS: [&str; 8] = [
    "human", "json", "sarif", "github", "junit", "markdown", "gitlab", "rdjson",
];

fn bin() -> Command {
    let mut cmd = Command::cargo_bin("astro-preflight").unwrap();
    // No colour: every escape sequence in the output would have come from a manifest.
    cmd.env("NO_COLOR", "1")
        .timeout(std::time::Duration::from_secs(60));
    cmd
}

struct Run {
    code: i32,
    /// stdout and stderr together: both reach the terminal or the CI log.
    text: String,
    stdout: String,
}

fn check(dir: &Path, format: &str, args: &[&str]) -> Run {
    let out = bin()
        .current_dir(dir)
        .args(["check", "--format", format])
        .args(args)
        .output()
        .unwrap();
    let stdout = String::from_utf8(out.stdout)
        .unwrap_or_else(|e| panic!("{format}: stdout is not UTF-8: {e}"));
    let stderr = String::from_utf8(out.stderr)
        .unwrap_or_else(|e| panic!("{format}: stderr is not UTF-8: {e}"));
    assert!(!stderr.contains("panicked"), "{stderr}");
    Run {
        code: out.status.code().unwrap(),
        text: format!("{stdout}{stderr}"),
        stdout,
    }
}

fn write(dir: &Path, name: &str, text: &str) {
    std::fs::write(dir.join(name), text).unwrap();
}

/// Values that would act on a terminal or a CI log if printed raw: SGR colours, an OSC 8
/// hyperlink, an OSC 0 window title, BEL, a bare CR (rewrites the line), C1 CSI, DEL, bidi
/// overrides (Trojan Source), GitHub workflow commands at the start of a line (after a line
/// break), their `%0A` escape, Azure Pipelines' `##vso[`, XML markup.
const HOSTILE: &str = r#"version: 1
install: hybrid
account:
  id: "123456789012"
cluster:
  name: "evil\n::error file=pwn.yaml,line=1::injected\n::add-mask::x"
  region: "\e[31mred\e[0m\e]8;;https://example.com/\e\\link\e]8;;\e\\"
  nodeInstanceType: "m5\rX::warning::cr\x07\u009b31m\x7f"
  dbInstanceType: "db.m6g.large\u202e\u2066%0A::stop-commands::tok"
  vpcCidr: "10.0.0.0/22\n##vso[task.setvariable variable=x]y\n##[error]z"
"\e]0;title\x07": 1
"\n::set-output name=x::y": 2
"]]></failure><x>&amp;</x>": 3
"::notice::start": 4
"#;

/// Characters that must never reach the output raw.
fn raw_controls(text: &str) -> Vec<(usize, char)> {
    text.char_indices()
        .filter(|(_, c)| {
            (c.is_control() && *c != '\n' && *c != '\t')
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
        })
        .collect()
}

/// Lines that a CI runner would read as a command: GitHub's runner trims the line's leading
/// white space (any Unicode white space) and looks for `::`, and finds its older `##[` form
/// anywhere in a line, as Azure Pipelines finds `##vso[`. CR breaks a line too.
fn command_lines(text: &str) -> Vec<&str> {
    text.split(['\n', '\r'])
        .filter(|l| l.trim_start().starts_with("::") || l.contains("##[") || l.contains("##vso["))
        .collect()
}

fn json_of(dir: &Path, args: &[&str]) -> Value {
    let r = check(dir, "json", args);
    serde_json::from_str(&r.stdout).unwrap()
}

#[test]
fn hostile_values_cannot_act_on_a_terminal_or_start_a_command_in_any_format() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "hostile.yaml", HOSTILE);
    let v = json_of(dir.path(), &["hostile.yaml"]);
    let diagnostics = v["files"][0]["diagnostics"].as_array().unwrap().clone();
    // Every hostile value is in some message, so the test sees how each is printed.
    let messages: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    for needle in [
        "evil\\n::error",
        "\u{1b}[31mred",
        "m5\rX::warning",
        "\u{202e}",
        "##vso[",
        "\u{1b}]0;title\u{7}",
        "\n::set-output",
        "]]></failure>",
        "::notice::start",
    ] {
        assert!(
            messages.iter().any(|m| m.contains(needle)),
            "no message holds {needle:?}: {messages:#?}"
        );
    }

    for format in FORMATS {
        let r = check(dir.path(), format, &["hostile.yaml"]);
        assert_eq!(r.code, 1, "{format}");
        assert_eq!(
            raw_controls(&r.text),
            [],
            "{format}: raw control characters in\n{}",
            r.text
        );
        let commands = command_lines(&r.text);
        if format == "github" {
            // Exactly the tool's own annotations, one per diagnostic, each a well-formed
            // command of a registered rule.
            assert_eq!(commands.len(), diagnostics.len(), "{}", r.text);
            for (line, d) in commands.iter().zip(&diagnostics) {
                let (head, _data) = line[2..]
                    .split_once("::")
                    .unwrap_or_else(|| panic!("not a command: {line}"));
                let (name, properties) = head.split_once(' ').unwrap();
                assert!(matches!(name, "error" | "warning" | "notice"), "{line}");
                let title = properties
                    .split(',')
                    .find_map(|p| p.strip_prefix("title="))
                    .unwrap();
                assert_eq!(title, d["rule"].as_str().unwrap(), "{line}");
            }
        } else {
            assert_eq!(
                commands,
                Vec::<&str>::new(),
                "{format}: lines a CI runner would run:\n{}",
                r.text
            );
        }
        match format {
            // Escaped, not dropped: the parsed document holds the values as they were.
            "json" | "sarif" => {
                let parsed: Value = serde_json::from_str(&r.stdout).unwrap();
                let strings = parsed.to_string();
                assert!(strings.contains("\\u001b"), "{format}: {strings}");
                if format == "sarif" {
                    crate::sarif::validate(&parsed);
                }
            }
            "human" | "junit" => assert!(
                r.stdout.contains("\\u{1b}[31mred"),
                "{format}: {}",
                r.stdout
            ),
            _ => {}
        }
        if format == "junit" {
            let mut reader = quick_xml::Reader::from_str(&r.stdout);
            loop {
                match reader.read_event() {
                    Ok(quick_xml::events::Event::Eof) => break,
                    Ok(_) => {}
                    Err(e) => panic!("junit: not well-formed XML ({e}):\n{}", r.stdout),
                }
            }
        }
    }
}

#[cfg(unix)]
#[test]
fn hostile_file_names_cannot_act_on_a_terminal_or_start_a_command() {
    let dir = tempfile::tempdir().unwrap();
    let tree = dir.path().join("tree");
    std::fs::create_dir(&tree).unwrap();
    let finding = "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme\n  vpcCidr: 10.0.0.0/22\n";
    // A manifest with a finding, and a FIFO (an input error, reported by path), both named to
    // start commands and colour the terminal.
    let name = "x\n::error::named\u{1b}[31m\u{7}\r##vso[y]z.yaml";
    std::fs::write(tree.join(name), finding).unwrap();
    let fifo = tree.join("p\n::warning::fifo\u{1b}]0;t\u{7}.yaml");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    for format in FORMATS {
        let r = check(dir.path(), format, &["tree"]);
        assert_eq!(r.code, 2, "{format}: {}", r.text);
        assert_eq!(
            raw_controls(&r.text),
            [],
            "{format}: raw control characters in\n{}",
            r.text
        );
        let commands = command_lines(&r.text);
        if format == "github" {
            assert_eq!(
                commands.len(),
                2,
                "one annotation for the finding, one for the FIFO: {}",
                r.text
            );
            // The finding, at its file; the FIFO, as a message of the tool.
            assert!(commands[0].starts_with("::error file=tree/x%0A%3A%3Aerror%3A%3Anamed\\u{1b}[31m\\u{7}%0D##vso[y]z.yaml,line=7,"), "{}", r.text);
            assert!(commands[1].starts_with("::error title=astro-preflight::tree/p\\u{a}::warning::fifo\\u{1b}]0;t\\u{7}.yaml: is not a regular file"), "{}", r.text);
        } else {
            assert_eq!(commands, Vec::<&str>::new(), "{format}:\n{}", r.text);
        }
    }
}

/// External IDs written every way a manifest might hold one. Each secret holds `SEKRET`,
/// which no output may contain.
const SECRETS: &[(&str, &str)] = &[
    (
        "plain",
        "account:\n  id: \"123456789012\"\n  externalId: SEKRET-plain-4f1c9a\ncluster:\n  name: acme\n",
    ),
    (
        "not ASCII",
        "account:\n  id: \"123456789012\"\n  external_id: \"SEKRET-ünïcødé-€-𝄞\"\ncluster:\n  name: acme\n",
    ),
    (
        "in a flow mapping",
        "account: {id: \"123456789012\", External-ID: SEKRET-flow-77, other: 1}\ncluster:\n  name: acme\n",
    ),
    (
        "quoted key, namespaced",
        "account:\n  id: \"123456789012\"\n  \"sts:ExternalId\": 'SEKRET-sts-12'\ncluster:\n  name: acme\n",
    ),
    (
        "block scalar",
        "account:\n  id: \"123456789012\"\n  externalId: |\n    SEKRET-block-line-1\n    SEKRET-block-line-2\ncluster:\n  name: acme\n",
    ),
    // The value itself is elsewhere, where a rule quotes it.
    (
        "through an alias",
        "cluster:\n  name: acme\n  region: &x SEKRET-alias-9\naccount:\n  id: \"123456789012\"\n  externalId: *x\n",
    ),
    // Files that do not parse: no tree to find the key in, and the snippet shows the line.
    (
        "duplicated",
        "account:\n  id: \"123456789012\"\n  externalId: SEKRET-dup-1\n  externalId: SEKRET-dup-1\ncluster:\n  name: acme\n",
    ),
    (
        "tagged",
        "account: {id: \"123456789012\", ExternalId: !!int SEKRET-tagged-5}\ncluster:\n  name: acme\n",
    ),
    (
        "after a syntax error",
        "account:\n  id: \"123456789012\"\n  externalId: SEKRET-broken-3\ncluster: [\n  name: acme\n",
    ),
    (
        "under a wrong type",
        "account:\n  id: \"123456789012\"\ncluster:\n  name: {externalId: SEKRET-nested-8}\n",
    ),
];

#[test]
fn an_external_id_never_appears_in_any_output() {
    let dir = tempfile::tempdir().unwrap();
    let mut names = Vec::new();
    for (i, (what, body)) in SECRETS.iter().enumerate() {
        let name = format!("secret-{i}.yaml");
        write(
            dir.path(),
            &name,
            &format!("version: 1\ninstall: cross-account-role\n{body}"),
        );
        names.push((name, *what));
    }
    for (name, what) in &names {
        for format in FORMATS {
            let r = check(dir.path(), format, &[name]);
            assert_eq!(r.code, 1, "{what} ({format}): {}", r.text);
            assert!(
                !r.text.contains("SEKRET"),
                "{what}: the secret is in the {format} output:\n{}",
                r.text
            );
            for fragment in ["ünïcødé", "𝄞", "block-line"] {
                assert!(
                    !r.text.contains(fragment),
                    "{what}: {fragment} in the {format} output:\n{}",
                    r.text
                );
            }
        }
        // The files that parse are told about the key, at the key.
        let v = json_of(dir.path(), &[name]);
        let rules: Vec<&str> = v["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap())
            .collect();
        assert!(
            rules.contains(&"external-id-in-manifest") || rules.contains(&"yaml-syntax"),
            "{what}: {rules:?}"
        );
    }
    // Every file at once, in every format, the summary included.
    let all: Vec<&str> = names.iter().map(|(n, _)| n.as_str()).collect();
    for format in FORMATS {
        let r = check(dir.path(), format, &all);
        assert!(!r.text.contains("SEKRET"), "{format}:\n{}", r.text);
    }
}

#[test]
fn masking_keeps_lines_and_columns_true() {
    // Non-ASCII secret before a finding on the same line: the finding's column counts the
    // characters of the file as written.
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "m.yaml",
        "version: 1\ninstall: hybrid\naccount: {id: \"123456789012\"}\ncluster: {name: acme, externalId: \"SEKRET-é€𝄞\", vpcCidr: 10.0.0.0/22}\n",
    );
    let v = json_of(dir.path(), &["m.yaml"]);
    let d: Vec<&Value> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .collect();
    let external = d
        .iter()
        .find(|d| d["rule"] == "external-id-in-manifest")
        .unwrap();
    assert_eq!(
        (external["line"].as_u64(), external["column"].as_u64()),
        (Some(4), Some(23))
    );
    let small = d.iter().find(|d| d["rule"] == "cidr-too-small").unwrap();
    assert_eq!(
        (
            small["line"].as_u64(),
            small["column"].as_u64(),
            small["endColumn"].as_u64()
        ),
        (Some(4), Some(58), Some(69))
    );
    let r = check(dir.path(), "human", &["m.yaml"]);
    assert!(
        r.stdout.contains("m.yaml:4:23") && r.stdout.contains("m.yaml:4:58"),
        "{}",
        r.stdout
    );
    // The snippet shows the CIDR where it is, after the masked secret.
    assert!(
        r.stdout
            .contains("externalId: ********×∗𝟎*, vpcCidr: 10.0.0.0/22}"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("SEKRET"));
}

/// One hostile manifest that parses, has fixes (for `--diff` and `--fix`), an external ID in a
/// flow mapping on a line a fix changes and repeated where a context line shows it, terminal
/// escapes and bidi overrides in values (YAML escapes) and raw in the text (a comment, a block
/// scalar), and workflow commands (`::error`, `::add-mask::`, `::stop-commands::`, the older
/// `##[` and Azure's `##vso[`) at the start of lines of the file and of values.
const HOSTILE_FIXABLE: &str = "# \u{202e}evil\u{202c} ##[error]v1-command ##vso[task.complete result=Succeeded]x\n\
version: 1\n\
install: cross-account-role\n\
account: {id: 012345678901, externalId: SEKRET-flow-4f1c9a}\n\
cluster:\n\
\x20 name: \"evil\\n::error file=pwn.yaml,line=1::injected\\e[31m\\u202e\"\n\
\x20 region: \"::add-mask::SEKRET-flow-4f1c9a\"\n\
\x20 vpcCidr: 172.20.1.0/20\n\
\x20 notes: |\n\
\x20   ::stop-commands::tok\n\
\x20   ::error::from-a-block-scalar \u{2066}isolated\u{2069}\n\
\x20   \u{3000}::warning::after-an-ideographic-space\n\
\x20   ##[add-mask]v1\n";

/// The same kind of file, which does not parse (raw controls are not YAML): the snippet
/// shows the raw line.
const HOSTILE_BROKEN: &str = "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\n  externalId: SEKRET-broken-77 \u{1b}]0;title\u{7}\ncluster: [\n  name: \"\u{1b}[31m\r::error::cr\u{9b}\"\n";

/// Every way the text can hurt: raw controls (tab and line feeds aside; a CR only as part of
/// CRLF), lines a CI runner would run, the secret.
fn assert_harmless(what: &str, text: &str, own_commands: usize) {
    let raw: Vec<(usize, char)> = text
        .char_indices()
        .filter(|(i, c)| {
            let crlf = *c == '\r' && text[i + 1..].starts_with('\n');
            (c.is_control() && !matches!(c, '\n' | '\t') && !crlf)
                || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}' | '\u{2028}' | '\u{2029}')
        })
        .collect();
    assert_eq!(raw, [], "{what}: raw control characters in\n{text}");
    let commands = command_lines(text);
    assert_eq!(
        commands.len(),
        own_commands,
        "{what}: lines a CI runner would run:\n{commands:#?}\n{text}"
    );
    assert!(!text.contains("SEKRET"), "{what}: the secret is in\n{text}");
    assert!(
        !text.contains("4f1c9a"),
        "{what}: part of the secret is in\n{text}"
    );
}

#[test]
fn one_hostile_manifest_through_every_output() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "hostile.yaml", HOSTILE_FIXABLE);
    write(dir.path(), "broken.yaml", HOSTILE_BROKEN);
    // It parses, and has what each output needs.
    let v = json_of(dir.path(), &["hostile.yaml"]);
    let diagnostics = v["files"][0]["diagnostics"].as_array().unwrap().clone();
    let rules: Vec<&str> = diagnostics
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    for rule in [
        "external-id-in-manifest",
        "account-id-unquoted",
        "cidr-host-bits",
    ] {
        assert!(rules.contains(&rule), "{rules:?}");
    }

    for format in FORMATS {
        let r = check(dir.path(), format, &["hostile.yaml", "broken.yaml"]);
        assert_eq!(r.code, 1, "{format}: {}", r.text);
        let own = if format == "github" {
            let all = json_of(dir.path(), &["hostile.yaml", "broken.yaml"]);
            all["files"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["diagnostics"].as_array().unwrap().len())
                .sum()
        } else {
            0
        };
        assert_harmless(format, &r.text, own);
        if format == "github" {
            for line in command_lines(&r.text) {
                assert!(
                    ["::error file=", "::warning file=", "::notice file="]
                        .iter()
                        .any(|p| line.starts_with(p)),
                    "not one of the tool's annotations: {line}"
                );
            }
        }
    }

    // --diff: the masked text, every line through the sanitiser.
    for extra in [&[][..], &["--unsafe-fixes"][..]] {
        let out = bin()
            .current_dir(dir.path())
            .args(["check", "--diff"])
            .args(extra)
            .arg("hostile.yaml")
            .output()
            .unwrap();
        let stdout = String::from_utf8(out.stdout).unwrap();
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(out.status.code(), Some(1), "{stdout}{stderr}");
        assert_harmless("--diff", &format!("{stdout}{stderr}"), 0);
        // The changed line of the flow mapping, its secret masked as the report masks it.
        assert!(
            stdout.contains("+account: {id: \"012345678901\", externalId: ******************}"),
            "{stdout}"
        );
        assert!(stdout.contains("+  vpcCidr: 172.20.0.0/20"), "{stdout}");
        // Context lines: escaped where a runner would read a command, the rest as written.
        assert!(
            stdout.contains("     \\u{3a}:stop-commands::tok"),
            "{stdout}"
        );
        assert!(stdout.contains("\\u{202e}"), "{stdout}");
        assert!(stdout.contains("#\\u{23}[error]v1-command"), "{stdout}");
    }

    // --fix: its report and summary, and the file fixed with the secret in place.
    let fixed = tempfile::tempdir().unwrap();
    write(fixed.path(), "hostile.yaml", HOSTILE_FIXABLE);
    for format in ["human", "github"] {
        let out = bin()
            .current_dir(fixed.path())
            .args(["check", "--fix", "--format", format, "hostile.yaml"])
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap()
        );
        let own = if format == "github" {
            command_lines(&text)
                .iter()
                .filter(|l| l.starts_with("::error file=") || l.starts_with("::warning file="))
                .count()
        } else {
            0
        };
        assert_harmless(&format!("--fix {format}"), &text, own);
    }
    let after = std::fs::read_to_string(fixed.path().join("hostile.yaml")).unwrap();
    assert!(after.contains("{id: \"012345678901\", externalId: SEKRET-flow-4f1c9a}"));

    // handoff: refused (errors), the findings on stderr as `check` renders them.
    for format in ["markdown", "json"] {
        let out = bin()
            .current_dir(dir.path())
            .args(["handoff", "--format", format, "hostile.yaml"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        let text = format!(
            "{}{}",
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap()
        );
        assert!(text.contains("not handed off"), "{text}");
        assert_harmless(&format!("handoff {format}"), &text, 0);
    }
}

/// A manifest that is handed off under a hostile file name: the name reaches the hand-off's
/// Markdown, and nothing of it can act.
#[cfg(unix)]
#[test]
fn handoff_under_a_hostile_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let name = "m\n::error::named \u{1b}[31m\u{202e} ##[add-mask]x.yaml";
    write(
        dir.path(),
        name,
        "version: 1\ninstall: cross-account-role\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme\n  region: us-east-1\n",
    );
    for format in ["markdown", "json"] {
        let out = bin()
            .current_dir(dir.path())
            .args(["handoff", "--format", format, name])
            .output()
            .unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap()
        );
        assert_eq!(out.status.code(), Some(0), "{text}");
        assert_harmless(&format!("handoff {format}"), &text, 0);
    }
}

/// The language server's diagnostics, related information and quick-fix titles for the same
/// manifest: sanitised, secret masked.
#[test]
fn one_hostile_manifest_through_the_language_server() {
    use std::io::{BufRead, BufReader, Read, Write};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.yaml");
    std::fs::write(&path, HOSTILE_FIXABLE).unwrap();
    let uri = format!("file://{}", path.display());
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("astro-preflight"))
        .arg("server")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let mut send = |v: Value| {
        let body = v.to_string();
        write!(stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        stdin.flush().unwrap();
    };
    send(
        serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}}),
    );
    send(serde_json::json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    send(
        serde_json::json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": HOSTILE_FIXABLE}}}),
    );
    let everything = serde_json::json!({"start": {"line": 0, "character": 0}, "end": {"line": 20, "character": 0}});
    send(
        serde_json::json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/codeAction", "params": {"textDocument": {"uri": uri}, "range": everything, "context": {"diagnostics": []}}}),
    );
    send(serde_json::json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown"}));
    send(serde_json::json!({"jsonrpc": "2.0", "method": "exit"}));
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut messages = Vec::new();
    loop {
        let mut length = None;
        loop {
            let mut line = String::new();
            if stdout.read_line(&mut line).unwrap() == 0 {
                break;
            }
            let line = line.trim_end();
            if line.is_empty() {
                break;
            }
            length = line
                .strip_prefix("Content-Length: ")
                .and_then(|n| n.parse::<usize>().ok());
        }
        let Some(length) = length else { break };
        let mut body = vec![0; length];
        stdout.read_exact(&mut body).unwrap();
        messages.push(serde_json::from_slice::<Value>(&body).unwrap());
    }
    assert!(child.wait().unwrap().success());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert_harmless("server log", &stderr, 0);
    let published = messages
        .iter()
        .find(|m| m["method"] == "textDocument/publishDiagnostics")
        .expect("diagnostics");
    let actions = messages
        .iter()
        .find(|m| m["id"] == 2)
        .expect("code actions");
    assert!(
        !actions["result"].as_array().unwrap().is_empty(),
        "{actions}"
    );
    // Every string the editor would show, decoded.
    let mut shown = Vec::new();
    for d in published["params"]["diagnostics"].as_array().unwrap() {
        shown.push(d["message"].as_str().unwrap().to_owned());
    }
    for a in actions["result"].as_array().unwrap() {
        shown.push(a["title"].as_str().unwrap().to_owned());
    }
    let text = shown.join("\n");
    assert!(text.contains("\\u{202e}"), "{text}");
    assert_harmless("language server", &text, 0);
}
