//! `--format github`: workflow commands as the Actions runner parses them, one per
//! diagnostic, escaped so that no manifest value can start a command of its own.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn bin() -> Command {
    let mut cmd = Command::cargo_bin("astro-preflight").unwrap();
    cmd.current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    cmd
}

fn output(args: &[&str]) -> (i32, String) {
    let out = bin()
        .args(["check", "--format", "github"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn json(args: &[&str]) -> Value {
    let out = bin()
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

/// A workflow command as the runner reads one line (`::name key=value,...::data`), with the
/// values and the data unescaped as the runner unescapes them.
#[derive(Debug)]
struct WorkflowCommand {
    name: String,
    properties: Vec<(String, String)>,
    data: String,
}

impl WorkflowCommand {
    fn get(&self, key: &str) -> Option<&str> {
        self.properties
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

/// The runner's `ActionCommand.TryParseV2`: a line that starts with `::` is a command; its
/// name runs to the first space or `::`, the properties to the next `::`, split at `,` and
/// `=`; then values are unescaped in the runner's order.
fn parse(line: &str) -> Option<WorkflowCommand> {
    let rest = line.trim_start().strip_prefix("::")?;
    let end = rest.find("::")?;
    let (head, data) = (&rest[..end], &rest[end + 2..]);
    let (name, properties) = head.split_once(' ').unwrap_or((head, ""));
    let properties = properties
        .split(',')
        .filter(|p| !p.is_empty())
        .map(|p| {
            let (k, v) = p
                .split_once('=')
                .unwrap_or_else(|| panic!("property without `=`: {p:?} in {line:?}"));
            (k.to_owned(), unescape_property(v))
        })
        .collect();
    Some(WorkflowCommand {
        name: name.to_owned(),
        properties,
        data: unescape_data(data),
    })
}

fn unescape_data(s: &str) -> String {
    s.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%25", "%")
}

fn unescape_property(s: &str) -> String {
    s.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
}

/// Every line but the last is a well-formed command; the last is the plain summary.
fn commands(text: &str) -> (Vec<WorkflowCommand>, String) {
    assert!(text.ends_with('\n'), "{text:?}");
    assert!(
        !text.contains('\r') && !text.contains('\u{1b}'),
        "raw control characters in {text:?}"
    );
    let lines: Vec<&str> = text.lines().collect();
    let (summary, rest) = lines.split_last().unwrap();
    assert!(
        parse(summary).is_none() && !summary.trim_start().starts_with("::"),
        "the summary is a command: {summary:?}"
    );
    assert!(summary.starts_with("astro-preflight: "), "{summary:?}");
    let commands = rest
        .iter()
        .map(|l| parse(l).unwrap_or_else(|| panic!("not a workflow command: {l:?}")))
        .collect();
    (commands, summary.to_string())
}

const VALID: &str =
    "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme\n";

#[test]
fn one_annotation_per_diagnostic_with_its_place() {
    let (code, text) = output(&["examples/"]);
    assert_eq!(code, 1);
    let (commands, summary) = commands(&text);
    let json = json(&["examples/"]);
    let diagnostics: Vec<(&str, &Value)> = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| {
            f["diagnostics"]
                .as_array()
                .unwrap()
                .iter()
                .map(move |d| (f["path"].as_str().unwrap(), d))
        })
        .collect();
    assert_eq!(commands.len(), diagnostics.len());
    for (c, (path, d)) in commands.iter().zip(&diagnostics) {
        let name = match d["severity"].as_str().unwrap() {
            "error" => "error",
            "warning" => "warning",
            _ => "notice",
        };
        assert_eq!(c.name, name);
        assert_eq!(c.get("file"), Some(*path));
        assert_eq!(c.get("title"), d["rule"].as_str());
        assert_eq!(c.get("line"), Some(d["line"].to_string().as_str()));
        assert_eq!(c.get("endLine"), Some(d["endLine"].to_string().as_str()));
        assert_eq!(c.get("col"), Some(d["column"].to_string().as_str()));
        assert_eq!(
            c.get("endColumn"),
            Some(d["endColumn"].to_string().as_str())
        );
        let mut lines = c.data.lines();
        assert_eq!(lines.next(), d["message"].as_str());
        if let Some(help) = d["help"].as_str() {
            assert_eq!(
                c.data.lines().last(),
                Some(format!("help: {help}").as_str())
            );
        }
    }
    let overlap = commands
        .iter()
        .find(|c| c.get("title") == Some("cidr-overlap"))
        .unwrap();
    assert!(
        overlap
            .data
            .contains("\nexamples/broken/too-small.yaml:13:13: overlaps this peering CIDR\n"),
        "{:?}",
        overlap.data
    );
    assert_eq!(
        summary,
        format!(
            "astro-preflight: 7 files checked: 13 errors, 6 warnings; {} online rules skipped; run with --online or --facts FILE",
            crate::online_rules()
        )
    );
}

#[test]
fn multi_line_spans_have_no_columns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("m.yaml");
    std::fs::write(
        &path,
        format!("{VALID}  maxNodeCount: [1,\n    2]\n  region: eu-north-1\n"),
    )
    .unwrap();
    let (code, text) = output(&[path.to_str().unwrap()]);
    assert_eq!(code, 1);
    let (commands, _) = commands(&text);
    let multi = commands
        .iter()
        .find(|c| c.get("title") == Some("schema"))
        .unwrap();
    assert_eq!(
        (multi.get("line"), multi.get("endLine")),
        (Some("7"), Some("8"))
    );
    assert_eq!((multi.get("col"), multi.get("endColumn")), (None, None));
    let single = commands
        .iter()
        .find(|c| c.get("title") == Some("region-unsupported"))
        .unwrap();
    assert_eq!(
        (
            single.get("line"),
            single.get("col"),
            single.get("endColumn")
        ),
        (Some("9"), Some("11"), Some("21"))
    );
}

#[test]
fn severities_map_to_error_warning_and_notice() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("astro-preflight.toml"),
        "[rules]\ninstance-type-burstable = \"info\"\n",
    )
    .unwrap();
    let path = dir.path().join("m.yaml");
    std::fs::write(
        &path,
        format!(
            "{VALID}  region: eu-south-1\n  nodeInstanceType: t3.xlarge\n  vpcCidr: 172.20.0.0/22\n"
        ),
    )
    .unwrap();
    let (code, text) = output(&[path.to_str().unwrap()]);
    assert_eq!(code, 1);
    let (commands, summary) = commands(&text);
    let by_rule = |rule: &str| {
        commands
            .iter()
            .find(|c| c.get("title") == Some(rule))
            .unwrap()
            .name
            .clone()
    };
    assert_eq!(by_rule("cidr-too-small"), "error");
    assert_eq!(by_rule("region-opt-in"), "warning");
    assert_eq!(by_rule("instance-type-burstable"), "notice");
    assert!(
        summary.starts_with("astro-preflight: 1 file checked: 1 error, 1 warning, 1 info"),
        "{summary}"
    );
}

/// Manifest values (and a file name) that try to start workflow commands of their own, decode
/// `%0A` into a line break, or colour the log.
#[test]
fn manifest_values_cannot_inject_workflow_commands() {
    let dir = tempfile::tempdir().unwrap();
    let hostile = "::set-output name=pwned::1\\n::error file=x::injected %0A::add-mask::x %0D \\e[31mred\\r\\n::warning::y";
    let manifest = format!(
        "{VALID}  region: \"{hostile}\"\n  \"::notice::k\\nz%0A::stop-commands::t\": 1\npeering:\n  - vpcId: vpc-0a1b2c3d\n    region: us-east-1\n    cidrs: [\"10.0.0.0/8\\n::error::x\"]\n    dnsServers: [10.0.0.2]\n"
    );
    let mut paths = vec![dir.path().join("m.yaml")];
    if cfg!(unix) {
        paths.push(dir.path().join("evil\n::error file=a,line=1::x%0A.yaml"));
    }
    for path in &paths {
        std::fs::write(path, &manifest).unwrap();
    }
    let args: Vec<&str> = paths.iter().map(|p| p.to_str().unwrap()).collect();
    let (code, text) = output(&args);
    assert_eq!(code, 1);
    // `commands` proves: every line but the summary is one of ours, no CR, no ESC.
    let (commands, _) = commands(&text);
    let json = json(&args);
    let count: usize = json["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["diagnostics"].as_array().unwrap().len())
        .sum();
    assert_eq!(commands.len(), count, "{text}");
    assert!(count >= 3 * paths.len(), "{json:#}");
    for c in &commands {
        assert!(
            ["error", "warning", "notice"].contains(&c.name.as_str()),
            "{c:?}"
        );
        let keys: Vec<&str> = c.properties.iter().map(|(k, _)| k.as_str()).collect();
        assert!(
            keys.iter()
                .all(|k| ["file", "line", "col", "endLine", "endColumn", "title"].contains(k)),
            "{keys:?}"
        );
        assert_eq!(keys.iter().filter(|k| **k == "file").count(), 1);
        let file = c.get("file").unwrap();
        assert!(
            paths.iter().any(|p| Path::new(file) == p.as_path()),
            "the file property round-trips: {file:?}"
        );
        // The runner sees the hostile text as text: no line of the decoded data is a command
        // but the ones we wrote (the related place and the help).
        for line in c.data.lines().skip(1) {
            assert!(
                line.starts_with("help: ") || line.contains(": "),
                "{line:?}"
            );
            assert!(!line.starts_with("::"), "{line:?}");
        }
    }
    let region = commands
        .iter()
        .find(|c| c.get("title") == Some("region-unsupported"))
        .unwrap();
    let first = region.data.lines().next().unwrap();
    assert!(first.contains("::set-output name=pwned::1\\u{a}::error file=x::injected %0A::add-mask::x %0D \\u{1b}[31mred\\u{d}\\u{a}::warning::y"), "{first:?}");
    let key = commands
        .iter()
        .find(|c| c.get("title") == Some("schema") && c.data.contains("unknown key"))
        .unwrap();
    assert!(
        key.data
            .lines()
            .next()
            .unwrap()
            .contains("`::notice::k\\u{a}z%0A::stop-commands::t`"),
        "{:?}",
        key.data
    );
}

#[test]
fn unreadable_inputs_are_error_commands() {
    let (code, text) = output(&["examples/hybrid.yaml", "no/such,file.yaml"]);
    assert_eq!(code, 2);
    let (commands, summary) = commands(&text);
    assert_eq!(commands.len(), 1);
    assert_eq!(commands[0].name, "error");
    assert_eq!(commands[0].get("title"), Some("astro-preflight"));
    assert_eq!(
        commands[0].data,
        "no/such,file.yaml: no such file or directory"
    );
    assert!(
        summary.contains("1 file checked: no problems; 1 input could not be read"),
        "{summary}"
    );
}
