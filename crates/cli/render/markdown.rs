//! `--format markdown`: GitHub-flavoured Markdown for a job summary (`$GITHUB_STEP_SUMMARY`)
//! or a pull request comment.
//!
//! When nothing is found, one line. Otherwise a heading with the summary, a table with a row
//! per file (errors, warnings, infos, result), then per file with findings a list of them,
//! each with its rule (linked to its documentation) and its line (linked into the file).
//!
//! Links: when the CI environment names the commit (GitHub Actions: `GITHUB_SERVER_URL`,
//! `GITHUB_REPOSITORY` and `GITHUB_SHA`; GitLab CI: `CI_PROJECT_URL` and `CI_COMMIT_SHA`), a
//! file and its lines link to the file at that commit, which is what a job summary and a pull
//! or merge request comment need (a relative link would resolve against the comment's page).
//! Elsewhere paths are plain text. Absolute paths get no link.
//!
//! Manifest values reach the messages, so every text is escaped: control characters as
//! `\u{..}`, Markdown and HTML punctuation with a backslash, and `@` followed by a zero-width
//! space so that a value cannot mention a user or a team in a comment. A message's code spans
//! (`` `t3.xlarge` ``) stay code spans, their text as it is (CommonMark shows a code span's text
//! literally: no emphasis, link, HTML or mention in it); one whose text holds backticks gets a
//! longer fence.

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
    /// Nowhere: paths are plain text.
    None,
    /// `https://github.com/OWNER/REPO/blob/SHA/` or `https://gitlab.com/GROUP/PROJECT/-/blob/SHA/`:
    /// the files at a commit.
    Blob(String),
}

impl LinkBase {
    /// From GitHub Actions' or GitLab CI's predefined variables, when they name a commit.
    pub fn from_env() -> LinkBase {
        LinkBase::from_vars(|name| std::env::var(name).ok())
    }

    fn from_vars(var: impl Fn(&str) -> Option<String>) -> LinkBase {
        let var = |name: &str| var(name).filter(|v| !v.trim().is_empty());
        if let (Some(server), Some(repo), Some(sha)) = (
            var("GITHUB_SERVER_URL"),
            var("GITHUB_REPOSITORY"),
            var("GITHUB_SHA"),
        ) {
            return LinkBase::Blob(format!(
                "{}/{repo}/blob/{sha}/",
                server.trim_end_matches('/')
            ));
        }
        if let (Some(project), Some(sha)) = (var("CI_PROJECT_URL"), var("CI_COMMIT_SHA")) {
            return LinkBase::Blob(format!("{}/-/blob/{sha}/", project.trim_end_matches('/')));
        }
        LinkBase::None
    }

    /// The link to a reported path, or none for an absolute one or stdin.
    fn file(&self, path: &str) -> Option<String> {
        let location = super::sarif::artifact_location(path);
        // Only relative paths have a base; `<stdin>` is not a file either.
        location.uri_base_id?;
        if path.starts_with('<') {
            return None;
        }
        match self {
            LinkBase::None => None,
            LinkBase::Blob(base) => Some(format!("{base}{}", location.uri)),
        }
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
    // The headline is the summary alone; the notes follow it, one a line.
    let headline = format!("{mark} **astro-preflight**: {}", escape(&summary.line()));
    let notes: String = report
        .notes
        .iter()
        .map(|note| format!("\n{}\n", inline(&format!("note: {note}"))))
        .collect();
    if clean {
        md.push_str(&headline);
        md.push('\n');
        md.push_str(&notes);
        return md;
    }

    let _ = writeln!(md, "### {headline}\n");
    if !notes.is_empty() {
        md.push_str(&notes[1..]);
        md.push('\n');
    }
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
        inline(&d.finding.message),
        line_link(file_link, start, end)
    );
    for r in &d.finding.related {
        let line = r.location.start.line.max(1);
        let _ = writeln!(
            item,
            "  - {} ({})",
            inline(&r.message),
            line_link(file_link, line, r.location.end.line.max(line))
        );
    }
    if let Some(help) = &d.finding.help {
        let _ = writeln!(item, "  - help: {}", inline(help));
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

/// A message as Markdown: its code spans (`` `value` ``, as the rules write them) as code spans
/// whose text is shown as it is, the rest escaped ([`escape`]). A code span opens at a backtick
/// at the start or after a space or an opening bracket or quote, and closes at the first
/// backtick after it that ends the text or is followed by a space or punctuation: a value with
/// a backtick in it stays one span, fenced with more backticks than it holds. A backtick that
/// opens nothing is escaped.
pub fn inline(text: &str) -> String {
    let text = sanitize_message(text);
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let opens = |i: usize| {
        chars[i].1 == '`' && (i == 0 || matches!(chars[i - 1].1, ' ' | '(' | '[' | '"' | '\''))
    };
    let closes = |i: usize| {
        chars[i].1 == '`'
            && chars
                .get(i + 1)
                .is_none_or(|(_, c)| c.is_whitespace() || ",.;:)]!?'\"".contains(*c))
    };
    let mut out = String::with_capacity(text.len() + 8);
    let mut plain_from = 0;
    let mut i = 0;
    while i < chars.len() {
        if opens(i)
            && let Some(end) = (i + 1..chars.len()).find(|&j| closes(j) && j > i + 1)
        {
            out.push_str(&escape(&text[plain_from..chars[i].0]));
            out.push_str(&code_span(&text[chars[i].0 + 1..chars[end].0]));
            plain_from = chars[end].0 + 1;
            i = end + 1;
            continue;
        }
        i += 1;
    }
    out.push_str(&escape(&text[plain_from..]));
    out
}

/// A CommonMark code span showing `code` as it is: fenced with one backtick more than the
/// longest run in it, padded with a space where the text starts or ends with a backtick (or
/// with a space at both ends, which CommonMark would strip).
fn code_span(code: &str) -> String {
    let mut longest = 0;
    let mut run = 0;
    for c in code.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    let pad = code.starts_with('`')
        || code.ends_with('`')
        || (code.starts_with(' ') && code.ends_with(' ') && !code.trim().is_empty());
    let pad = if pad { " " } else { "" };
    format!("{fence}{pad}{code}{pad}{fence}")
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
    fn links_are_into_the_commit_or_none() {
        let blob = LinkBase::Blob("https://github.com/o/r/blob/abc/".to_owned());
        assert_eq!(
            blob.file("m a.yaml").as_deref(),
            Some("https://github.com/o/r/blob/abc/m%20a.yaml")
        );
        assert_eq!(blob.file("<stdin>"), None);
        if cfg!(unix) {
            assert_eq!(blob.file("/tmp/m.yaml"), None);
        }
        assert_eq!(LinkBase::None.file("dir/m.yaml"), None);
        let vars = |pairs: &'static [(&'static str, &'static str)]| {
            LinkBase::from_vars(move |name| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| (*v).to_owned())
            })
        };
        assert_eq!(
            vars(&[
                ("GITHUB_SERVER_URL", "https://github.com/"),
                ("GITHUB_REPOSITORY", "o/r"),
                ("GITHUB_SHA", "abc")
            ]),
            blob
        );
        assert_eq!(
            vars(&[
                ("CI_PROJECT_URL", "https://gitlab.example/g/p"),
                ("CI_COMMIT_SHA", "abc")
            ]),
            LinkBase::Blob("https://gitlab.example/g/p/-/blob/abc/".to_owned())
        );
        assert_eq!(
            vars(&[("GITHUB_REPOSITORY", "o/r"), ("GITHUB_SHA", "abc")]),
            LinkBase::None
        );
    }

    #[test]
    fn code_spans_stay_code_with_a_longer_fence_when_needed() {
        assert_eq!(
            inline("`t3.xlarge` is a burstable type"),
            "`t3.xlarge` is a burstable type"
        );
        assert_eq!(inline("`a*b_c<d>` (`x|y`)"), "`a*b_c<d>` \\(`x|y`\\)");
        assert_eq!(inline("`a`b` is bad"), "``a`b`` is bad");
        assert_eq!(inline("`a``b` ends"), "```a``b``` ends");
        assert_eq!(inline("`a`` ends"), "`` a` `` ends");
        assert_eq!(inline("`x` and `y`."), "`x` and `y`.");
        assert_eq!(inline("don`t *"), "don\\`t \\*");
        assert_eq!(inline("`@team` and @team"), "`@team` and @\u{200B}team");
    }
}
