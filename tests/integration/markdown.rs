//! `--format markdown`: parsed as GitHub-flavoured Markdown (pulldown-cmark, tables on): one
//! line when nothing is found; otherwise a table with a row per file and the findings with
//! links to their rule and line; manifest values render as text (no HTML, links or broken
//! table cells of their own).

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde_json::Value;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

const GITHUB_VARS: [&str; 5] = [
    "GITHUB_SERVER_URL",
    "GITHUB_REPOSITORY",
    "GITHUB_SHA",
    "CI_PROJECT_URL",
    "CI_COMMIT_SHA",
];

/// The commit links of the GitHub variables the tests set.
const BLOB: &str = "https://github.example/acme/infra/blob/0123abc/";

fn command(cwd: &Path) -> Command {
    let mut cmd = Command::cargo_bin("astro-preflight").unwrap();
    cmd.current_dir(cwd);
    // These tests may themselves run in GitHub Actions or GitLab CI: paths are plain text
    // unless a test sets these.
    for var in GITHUB_VARS {
        cmd.env_remove(var);
    }
    cmd
}

fn markdown(args: &[&str], cwd: &Path) -> (i32, String) {
    markdown_in(args, cwd, &[])
}

/// The Markdown report with these CI variables set.
fn markdown_in(args: &[&str], cwd: &Path, vars: &[(&str, &str)]) -> (i32, String) {
    let mut cmd = command(cwd);
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let out = cmd
        .args(["check", "--format", "markdown"])
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn json(args: &[&str], cwd: &Path) -> Value {
    let out = command(cwd)
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

/// What a Markdown renderer makes of the text.
#[derive(Debug, Default)]
struct Rendered {
    /// Body rows of tables, each its cells' text.
    rows: Vec<Vec<String>>,
    /// Link targets, with their text.
    links: Vec<(String, String)>,
    /// Raw HTML, which must never appear.
    html: Vec<String>,
    /// Every list item's text.
    items: Vec<String>,
    /// All the text, as it reads.
    text: String,
}

fn render(md: &str) -> Rendered {
    let mut r = Rendered::default();
    let (mut in_head, mut row, mut cell) = (false, None::<Vec<String>>, None::<String>);
    let mut link: Option<(String, String)> = None;
    let mut items: Vec<String> = Vec::new();
    for event in Parser::new_ext(md, Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH) {
        let mut text = None;
        match event {
            Event::Start(Tag::TableHead) => in_head = true,
            Event::End(TagEnd::TableHead) => in_head = false,
            Event::Start(Tag::TableRow) if !in_head => row = Some(Vec::new()),
            Event::End(TagEnd::TableRow) => r.rows.extend(row.take()),
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => {
                if let (Some(row), Some(c)) = (row.as_mut(), cell.take()) {
                    row.push(c.trim().to_owned());
                }
            }
            Event::Start(Tag::Link { dest_url, .. }) => {
                link = Some((dest_url.to_string(), String::new()))
            }
            Event::End(TagEnd::Link) => r.links.extend(link.take()),
            Event::Start(Tag::Item) => items.push(String::new()),
            Event::End(TagEnd::Item) => r.items.extend(items.pop()),
            Event::Html(h) | Event::InlineHtml(h) => r.html.push(h.to_string()),
            Event::Text(t) | Event::Code(t) => text = Some(t.to_string()),
            Event::SoftBreak | Event::HardBreak => text = Some(" ".to_owned()),
            _ => {}
        }
        if let Some(t) = text {
            for s in cell
                .iter_mut()
                .chain(link.as_mut().map(|l| &mut l.1))
                .chain(items.iter_mut())
            {
                s.push_str(&t);
            }
            r.text.push_str(&t);
        }
    }
    r
}

#[test]
fn a_clean_run_is_a_short_headline_and_its_notes() {
    let (code, md) = markdown(
        &["examples/hybrid.yaml", "examples/cross-account-role.yaml"],
        &root(),
    );
    assert_eq!(code, 0);
    let mut lines = md.lines().filter(|l| !l.is_empty());
    assert_eq!(
        lines.next(),
        Some("\u{2705} **astro-preflight**: 2 files checked: no problems"),
        "{md}"
    );
    // Each note a line of its own, short.
    for line in lines {
        assert!(
            line.starts_with("note: ") && line.chars().count() <= 80,
            "{line}"
        );
    }
    let r = render(&md);
    assert!(r.rows.is_empty() && r.items.is_empty());
}

#[test]
fn a_row_per_file_and_every_finding_with_its_links() {
    let vars = [
        ("GITHUB_SERVER_URL", "https://github.example"),
        ("GITHUB_REPOSITORY", "acme/infra"),
        ("GITHUB_SHA", "0123abc"),
    ];
    let (code, md) = markdown_in(&["examples/", "no/such.yaml"], &root(), &vars);
    assert_eq!(code, 2);
    let report = json(&["examples/", "no/such.yaml"], &root());
    let r = render(&md);
    assert!(r.html.is_empty(), "{:?}", r.html);
    let files = report["files"].as_array().unwrap();
    assert_eq!(r.rows.len(), files.len(), "{md}");
    let mut findings = 0;
    for (row, file) in r.rows.iter().zip(files) {
        assert_eq!(row.len(), 5, "{row:?}");
        let path = file["path"].as_str().unwrap();
        assert_eq!(row[0], path);
        if file.get("error").is_some() {
            assert!(row[4].contains("could not be read"), "{row:?}");
            continue;
        }
        let diagnostics = file["diagnostics"].as_array().unwrap();
        let count = |s: &str| {
            diagnostics
                .iter()
                .filter(|d| d["severity"] == s)
                .count()
                .to_string()
        };
        assert_eq!(row[1..4], [count("error"), count("warning"), count("info")]);
        let expected = if count("error") != "0" {
            "failed"
        } else {
            "passed"
        };
        assert!(row[4].contains(expected), "{row:?}");
        for d in diagnostics {
            findings += 1;
            let line = d["line"].as_u64().unwrap();
            let (rule, message) = (d["rule"].as_str().unwrap(), d["message"].as_str().unwrap());
            let item = r
                .items
                .iter()
                // (Rendered: the code spans' text without their backticks.)
                .find(|i| i.contains(rule) && i.contains(&message.replace('`', "")))
                .unwrap_or_else(|| panic!("no item for {rule}: {message} in\n{md}"));
            let anchor = if d["endLine"] == d["line"] {
                format!("{BLOB}{path}#L{line}")
            } else {
                format!("{BLOB}{path}#L{line}-L{}", d["endLine"])
            };
            assert!(
                r.links.iter().any(|(url, _)| *url == anchor),
                "no link {anchor} in\n{md}"
            );
            assert!(item.contains(&format!("line {line}")), "{item}");
            let doc = r
                .links
                .iter()
                .find(|(_, text)| text == rule)
                .unwrap_or_else(|| panic!("no link to the rule {rule}"));
            assert!(
                doc.0.ends_with(&format!("/docs/rules/{rule}.md")),
                "{doc:?}"
            );
            assert!(root().join(format!("docs/rules/{rule}.md")).is_file());
        }
    }
    assert!(findings > 10);
}

#[test]
fn links_point_into_the_commit_inside_github_actions() {
    let out = command(&root())
        .args([
            "check",
            "--format",
            "markdown",
            "examples/broken/too-small.yaml",
        ])
        .env("GITHUB_SERVER_URL", "https://github.example")
        .env("GITHUB_REPOSITORY", "acme/infra")
        .env("GITHUB_SHA", "0123abc")
        .output()
        .unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    let r = render(&md);
    let base = format!("{BLOB}examples/broken/too-small.yaml");
    let file_links: Vec<&String> = r
        .links
        .iter()
        .map(|(url, _)| url)
        .filter(|u| !u.contains("/docs/rules/"))
        .collect();
    assert!(!file_links.is_empty());
    for url in file_links {
        assert!(url.starts_with(&base), "{url}");
    }
    assert!(
        r.links.iter().any(|(url, _)| *url == format!("{base}#L9")),
        "{md}"
    );
}

#[test]
fn manifest_values_render_as_text() {
    let dir = tempfile::tempdir().unwrap();
    // Invalid (upper case) and short enough to be quoted whole in the message.
    let name = "X | <b>y</b> [a](https://evil.x) *b* `c` @team &amp; ~d~ \\";
    let text = format!(
        "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: '{name}'\n"
    );
    std::fs::write(dir.path().join("a|b <i>.yaml"), text).unwrap();
    let (code, md) = markdown(&["a|b <i>.yaml"], dir.path());
    assert_eq!(code, 1);
    let r = render(&md);
    assert!(r.html.is_empty(), "raw HTML: {:?}\n{md}", r.html);
    assert!(
        r.links.iter().all(|(url, _)| !url.contains("evil")),
        "{:?}",
        r.links
    );
    assert_eq!(r.rows.len(), 1, "{md}");
    assert_eq!(r.rows[0].len(), 5, "{:?}", r.rows[0]);
    assert_eq!(r.rows[0][0], "a|b <i>.yaml");
    // The value reads as it is (but for the zero-width space that keeps `@team` from being a
    // mention, and its `c`, a code span).
    let value = name.replace('@', "@\u{200B}").replace('`', "");
    assert!(
        r.items.iter().any(|i| i.contains(&value)),
        "{:?}\n{md}",
        r.items
    );
    assert!(!r.text.contains("@team"));
}

#[test]
fn links_point_into_the_commit_inside_gitlab_ci_and_nowhere_elsewhere() {
    let args = ["examples/broken/too-small.yaml"];
    let (_, md) = markdown_in(
        &args,
        &root(),
        &[
            ("CI_PROJECT_URL", "https://gitlab.example/acme/infra"),
            ("CI_COMMIT_SHA", "0123abc"),
        ],
    );
    let r = render(&md);
    assert!(
        r.links.iter().any(|(url, _)| url
            == "https://gitlab.example/acme/infra/-/blob/0123abc/examples/broken/too-small.yaml#L9"),
        "{md}"
    );
    // Without them: plain paths and line numbers, no link but the rules' pages.
    let (_, md) = markdown(&args, &root());
    let r = render(&md);
    assert!(
        r.links.iter().all(|(url, _)| url.contains("/docs/rules/")),
        "{:?}",
        r.links
    );
    assert!(r.rows[0][0] == "examples/broken/too-small.yaml" && r.text.contains("line 9"));
}

#[test]
fn code_spans_render_as_code_with_their_text_intact() {
    let dir = tempfile::tempdir().unwrap();
    // A node type with a backtick and Markdown in it, quoted in a code span by the rule.
    let text = "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme\n  nodeInstanceType: 'm5.*x*`large'\n";
    std::fs::write(dir.path().join("m.yaml"), text).unwrap();
    let (code, md) = markdown(
        &["m.yaml", "--select", "instance-type-unsupported"],
        dir.path(),
    );
    assert_eq!(code, 1, "{md}");
    let codes: Vec<String> = Parser::new_ext(&md, Options::ENABLE_TABLES)
        .filter_map(|e| match e {
            Event::Code(c) => Some(c.to_string()),
            _ => None,
        })
        .collect();
    assert!(
        codes.contains(&"m5.*x*`large".to_owned()),
        "{codes:?}\n{md}"
    );
    assert!(!md.contains("\\`"), "{md}");
    // Every code span of the messages of the JSON report is one in the Markdown.
    let (_, md) = markdown(&["examples/"], &root());
    let codes: Vec<String> = Parser::new_ext(&md, Options::ENABLE_TABLES)
        .filter_map(|e| match e {
            Event::Code(c) => Some(c.to_string()),
            _ => None,
        })
        .collect();
    let report = json(&["examples/"], &root());
    for file in report["files"].as_array().unwrap() {
        for d in file["diagnostics"].as_array().unwrap() {
            let message = d["message"].as_str().unwrap();
            for (i, span) in message.split('`').enumerate() {
                if i % 2 == 1 {
                    assert!(codes.iter().any(|c| c == span), "`{span}` of {message}");
                }
            }
        }
    }
}

#[test]
fn warnings_fail_a_file_with_deny_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let text = "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme\n  nodeInstanceType: t3.xlarge\n";
    std::fs::write(dir.path().join("m.yaml"), text).unwrap();
    let (code, md) = markdown(&["m.yaml"], dir.path());
    assert_eq!(code, 0);
    let row = &render(&md).rows[0];
    assert!(row[4].contains("passed") && row[2] == "1", "{row:?}");
    let (code, md) = markdown(&["m.yaml", "--deny-warnings"], dir.path());
    assert_eq!(code, 1);
    assert!(render(&md).rows[0][4].contains("failed"), "{md}");
}
