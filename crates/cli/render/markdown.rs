//! `--format markdown`: GitHub-flavoured Markdown for a job summary (`$GITHUB_STEP_SUMMARY`)
//! or a pull request comment.
//!
//! When nothing is found, one line. Otherwise a heading with the summary, a table with a row
//! per file (errors, warnings, infos, result), then per file with findings a list of them,
//! each with its rule (linked to its documentation) and its line (linked into the file).
//!
//! Line links: inside GitHub Actions (`GITHUB_SERVER_URL`, `GITHUB_REPOSITORY` and `GITHUB_SHA`
//! set) they are absolute links to the file at the commit, which is what a job summary needs;
//! elsewhere they are relative (`manifests/prod.yaml#L7`), which a rendered Markdown file in
//! the repository resolves. Absolute paths get no link.
//!
//! Manifest values reach the messages, so every text is escaped: control characters as
//! `\u{..}`, Markdown and HTML punctuation with a backslash, and `@` followed by a zero-width
//! space so that a value cannot mention a user or a team in a comment.

use std::fmt::Write as _;
use std::io::{self, Write};

use astro_preflight_linter::{Diagnostic, Severity};

use super::{rule_id, rule_url, sanitize_message};
use crate::report::{Outcome, Report};

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(markdown(report, &LinkBase::from_env()).as_bytes())
}

/// Where line links point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinkBase {
    /// Relative to the document (a Markdown file in the repository).
    Relative,
    /// `https://github.com/OWNER/REPO/blob/SHA/`: the files at a commit.
    Blob(String),
}

impl LinkBase {
    /// From GitHub Actions' default environment, when it is set.
    pub fn from_env() -> LinkBase {
        let var = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        match (
            var("GITHUB_SERVER_URL"),
            var("GITHUB_REPOSITORY"),
            var("GITHUB_SHA"),
        ) {
            (Some(server), Some(repo), Some(sha)) => LinkBase::Blob(format!(
                "{}/{repo}/blob/{sha}/",
                server.trim_end_matches('/')
            )),
            _ => LinkBase::Relative,
        }
    }

    /// The link to a reported path, or none for an absolute one or stdin.
    fn file(&self, path: &str) -> Option<String> {
        let location = super::sarif::artifact_location(path);
        // Only relative paths have a base; `<stdin>` is not a file either.
        location.uri_base_id?;
        if path.starts_with('<') {
            return None;
        }
        let uri = location.uri;
        Some(match self {
            LinkBase::Relative => uri,
            LinkBase::Blob(base) => format!("{base}{uri}"),
        })
    }
}

/// The whole report as Markdown.
pub fn markdown(report: &Report, links: &LinkBase) -> String {
    let summary = &report.summary;
    let mut md = String::new();
    let failed = report.status() != crate::exit::Status::Success;
    let clean = summary.errors + summary.warnings + summary.infos + summary.failures == 0;
    let mark = if failed {
        "\u{274C}" // ❌
    } else if clean {
        "\u{2705}" // ✅
    } else {
        "\u{26A0}\u{FE0F}" // ⚠️
    };
    let mut headline = format!("{mark} **astro-preflight**: {}", escape(&summary.line()));
    for note in &report.notes {
        let _ = write!(headline, "; {}", escape(note));
    }
    if clean {
        md.push_str(&headline);
        md.push('\n');
        return md;
    }

    let _ = writeln!(md, "### {headline}\n");
    md.push_str("| File | Errors | Warnings | Infos | Result |\n|---|---:|---:|---:|---|\n");
    for outcome in &report.outcomes {
        let name = file_cell(outcome, links);
        match &outcome.result {
            Err(message) => {
                let _ = writeln!(
                    md,
                    "| {name} | | | | \u{274C} could not be read: {} |",
                    escape(message)
                );
            }
            Ok(file) => {
                let count =
                    |s: Severity| file.diagnostics.iter().filter(|d| d.severity == s).count();
                let (errors, warnings, infos) = (
                    count(Severity::Error),
                    count(Severity::Warning),
                    count(Severity::Info),
                );
                // Under --deny-warnings the sink reported warnings as errors.
                let result = if errors > 0 {
                    "\u{274C} failed"
                } else if warnings + infos > 0 {
                    "\u{26A0}\u{FE0F} passed with findings"
                } else {
                    "\u{2705} passed"
                };
                let mut result = result.to_owned();
                if file.suppressed > 0 {
                    let _ = write!(result, " ({} suppressed)", file.suppressed);
                }
                let _ = writeln!(
                    md,
                    "| {name} | {errors} | {warnings} | {infos} | {result} |"
                );
            }
        }
    }

    for outcome in &report.outcomes {
        let Ok(file) = &outcome.result else { continue };
        if file.diagnostics.is_empty() {
            continue;
        }
        let _ = writeln!(md, "\n#### {}\n", file_cell(outcome, links));
        let link = links.file(&outcome.path);
        for d in &file.diagnostics {
            md.push_str(&finding(d, link.as_deref()));
        }
    }
    md
}

fn file_cell(outcome: &Outcome, links: &LinkBase) -> String {
    let name = escape(&outcome.path);
    match links.file(&outcome.path) {
        Some(url) => format!("[{name}]({url})"),
        None => name,
    }
}

/// `- ❌ **error** [`rule`](doc): message ([line 7](file#L7))`, then the help and the related
/// places, indented under it.
fn finding(d: &Diagnostic, file_link: Option<&str>) -> String {
    let (mark, word) = match d.severity {
        Severity::Error => ("\u{274C}", "error"),
        Severity::Warning => ("\u{26A0}\u{FE0F}", "warning"),
        Severity::Info => ("\u{2139}\u{FE0F}", "info"),
    };
    let id = rule_id(d);
    let start = d.finding.location.start.line.max(1);
    let end = d.finding.location.end.line.max(start);
    let mut item = format!(
        "- {mark} **{word}** [`{id}`]({}): {} ({})\n",
        rule_url(id),
        escape(&d.finding.message),
        line_link(file_link, start, end)
    );
    for r in &d.finding.related {
        let line = r.location.start.line.max(1);
        let _ = writeln!(
            item,
            "  - {} ({})",
            escape(&r.message),
            line_link(file_link, line, r.location.end.line.max(line))
        );
    }
    if let Some(help) = &d.finding.help {
        let _ = writeln!(item, "  - help: {}", escape(help));
    }
    item
}

fn line_link(file_link: Option<&str>, start: usize, end: usize) -> String {
    let (text, anchor) = if end > start {
        (format!("lines {start}-{end}"), format!("#L{start}-L{end}"))
    } else {
        (format!("line {start}"), format!("#L{start}"))
    };
    match file_link {
        Some(link) => format!("[{text}]({link}{anchor})"),
        None => text,
    }
}

/// Text as Markdown that renders as itself, on one line: controls and line breaks as
/// `\u{..}`, the ASCII punctuation that Markdown or HTML give a meaning inside a line
/// backslash-escaped (in a table cell too: `\|`), `@` followed by a zero-width space. (Text
/// never starts a line here, so `-`, `+`, `=` and digits followed by `.` need no escape.)
pub fn escape(text: &str) -> String {
    let text = sanitize_message(text);
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '{' | '}' | '[' | ']' | '<' | '>' | '(' | ')' | '#' | '!'
            | '|' | '~' | '&' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '@' => out.push_str("@\u{200B}"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_and_html_render_as_text() {
        assert_eq!(
            escape("a|b <img src=x> [l](u) *e*"),
            r"a\|b \<img src=x\> \[l\]\(u\) \*e\*"
        );
        assert_eq!(escape("x\ny"), r"x\\u\{a\}y");
        assert_eq!(escape("@octocat"), "@\u{200B}octocat");
    }

    #[test]
    fn line_links_point_at_lines() {
        assert_eq!(line_link(Some("m.yaml"), 7, 7), "[line 7](m.yaml#L7)");
        assert_eq!(line_link(Some("m.yaml"), 7, 9), "[lines 7-9](m.yaml#L7-L9)");
        assert_eq!(line_link(None, 3, 3), "line 3");
    }

    #[test]
    fn links_are_relative_or_into_the_commit() {
        let blob = LinkBase::Blob("https://github.com/o/r/blob/abc/".to_owned());
        assert_eq!(
            blob.file("m a.yaml").as_deref(),
            Some("https://github.com/o/r/blob/abc/m%20a.yaml")
        );
        assert_eq!(
            LinkBase::Relative.file("dir/m.yaml").as_deref(),
            Some("dir/m.yaml")
        );
        assert_eq!(LinkBase::Relative.file("<stdin>"), None);
        if cfg!(unix) {
            assert_eq!(LinkBase::Relative.file("/tmp/m.yaml"), None);
        }
    }
}
