//! `--format junit`: JUnit XML, for GitLab (`artifacts:reports:junit`) and Jenkins.
//!
//! One test suite per input file. In it, one test case per rule that reported something:
//! failed (`<failure>`) when the rule reported an error, with every finding of that rule
//! (message and location); passed when it reported only warnings and infos, which are then in
//! the test case's `<system-out>` (GitLab and Jenkins show a test case's output in its details;
//! JUnit has no element for a passing test's warnings, and `<skipped>` would say the check did
//! not run). Under `--deny-warnings` the warnings are reported as errors, so they fail. A file
//! without findings has one passing test case. An input that could not be read is a test case
//! in error (`<error>`). So the failed and errored counts are 0 exactly when the exit status is.

use std::io::{self, Write};

use astro_preflight_linter::{Diagnostic, Severity, registry};

use super::sanitize_message;
use crate::report::Report;

/// The name of the passing test case of a file without findings.
pub const CLEAN_CASE: &str = "astro-preflight";

struct Suite {
    name: String,
    tests: usize,
    failures: usize,
    errors: usize,
    body: String,
}

pub fn render(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let suites: Vec<Suite> = report
        .outcomes
        .iter()
        .map(|o| suite(&o.path, &o.result))
        .collect();
    let tests: usize = suites.iter().map(|s| s.tests).sum();
    let failures: usize = suites.iter().map(|s| s.failures).sum();
    let errors: usize = suites.iter().map(|s| s.errors).sum();
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    xml.push_str(&format!(
        "<testsuites name=\"astro-preflight\" tests=\"{tests}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"0\" time=\"0\">\n"
    ));
    for s in &suites {
        xml.push_str(&format!(
            "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" skipped=\"0\" time=\"0\">\n",
            attribute(&s.name),
            s.tests,
            s.failures,
            s.errors
        ));
        xml.push_str(&s.body);
        xml.push_str("  </testsuite>\n");
    }
    xml.push_str("</testsuites>\n");
    out.write_all(xml.as_bytes())
}

fn suite(path: &str, result: &Result<crate::report::Checked, String>) -> Suite {
    let shown = sanitize_message(path);
    let mut s = Suite {
        name: shown.clone(),
        tests: 0,
        failures: 0,
        errors: 0,
        body: String::new(),
    };
    let open = |name: &str| {
        format!(
            "    <testcase name=\"{}\" classname=\"{}\" file=\"{}\" time=\"0\"",
            attribute(name),
            attribute(&classname(&shown)),
            attribute(&shown)
        )
    };
    match result {
        Err(message) => {
            s.tests = 1;
            s.errors = 1;
            let message = sanitize_message(message);
            s.body.push_str(&open(CLEAN_CASE));
            s.body.push_str(&format!(
                ">\n      <error type=\"input\" message=\"{}\">{}</error>\n    </testcase>\n",
                attribute(&message),
                text(&format!("{shown}: {message}"))
            ));
        }
        Ok(file) if file.diagnostics.is_empty() => {
            s.tests = 1;
            s.body.push_str(&open(CLEAN_CASE));
            s.body.push_str("/>\n");
        }
        Ok(file) => {
            // Rules in documentation order, each with its findings in file order.
            for rule in registry::all() {
                let found: Vec<&Diagnostic> = file
                    .diagnostics
                    .iter()
                    .filter(|d| d.rule == *rule)
                    .collect();
                if found.is_empty() {
                    continue;
                }
                s.tests += 1;
                let worst = found
                    .iter()
                    .map(|d| d.severity)
                    .max()
                    .unwrap_or(Severity::Info);
                let details = found
                    .iter()
                    .map(|d| finding(&shown, d))
                    .collect::<Vec<_>>()
                    .join("\n");
                s.body.push_str(&open(rule.id));
                if worst < Severity::Error {
                    s.body.push_str(&format!(
                        ">\n      <system-out>{}</system-out>\n    </testcase>\n",
                        text(&details)
                    ));
                    continue;
                }
                s.failures += 1;
                let message = found
                    .iter()
                    .map(|d| sanitize_message(&d.finding.message))
                    .collect::<Vec<_>>()
                    .join("; ");
                s.body.push_str(&format!(
                    ">\n      <failure type=\"{}\" message=\"{}\">{}</failure>\n    </testcase>\n",
                    worst.as_str(),
                    attribute(&message),
                    text(&details)
                ));
            }
        }
    }
    s
}

/// One finding as the text of a failure: `path:line:column: severity: message`, then the
/// related places and the help, indented.
fn finding(path: &str, d: &Diagnostic) -> String {
    let at = d.finding.location.start;
    let mut out = format!(
        "{path}:{}:{}: {}: {}",
        at.line,
        at.column,
        d.severity.as_str(),
        sanitize_message(&d.finding.message)
    );
    for r in &d.finding.related {
        let at = r.location.start;
        out.push_str(&format!(
            "\n  {path}:{}:{}: {}",
            at.line,
            at.column,
            sanitize_message(&r.message)
        ));
    }
    if let Some(help) = &d.finding.help {
        out.push_str(&format!("\n  help: {}", sanitize_message(help)));
    }
    out
}

/// The class name of a file's test cases: its path without the YAML extension, since
/// Jenkins reads the part after the last dot of a class name as the class.
fn classname(path: &str) -> String {
    path.strip_suffix(".yaml")
        .or_else(|| path.strip_suffix(".yml"))
        .unwrap_or(path)
        .to_owned()
}

/// Escapes an attribute value (in double quotes). Line breaks and tabs become character
/// references, which XML parsers keep (literal ones they normalise to spaces).
pub fn attribute(value: &str) -> String {
    escape(value, true)
}

/// Escapes element text.
pub fn text(value: &str) -> String {
    escape(value, false)
}

fn escape(value: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\n' if attribute => out.push_str("&#10;"),
            '\t' if attribute => out.push_str("&#9;"),
            '\r' => out.push_str("&#13;"),
            '\n' | '\t' => out.push(c),
            // Not allowed in XML 1.0 documents at all, not even as references.
            c if !allowed_in_xml(c) => out.push_str(&c.escape_unicode().to_string()),
            c => out.push(c),
        }
    }
    out
}

/// XML 1.0's `Char` production.
fn allowed_in_xml(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_characters_xml_forbids() {
        assert_eq!(
            attribute("a<b>&\"c\"\n\td"),
            "a&lt;b&gt;&amp;&quot;c&quot;&#10;&#9;d"
        );
        assert_eq!(text("a<b>\"c\"\n\r"), "a&lt;b&gt;\"c\"\n&#13;");
        assert_eq!(
            text("x\u{1b}[31m\u{0}\u{FFFE}y"),
            "x\\u{1b}[31m\\u{0}\\u{fffe}y"
        );
    }

    #[test]
    fn classnames_drop_the_extension() {
        assert_eq!(classname("a/b.c/m.yaml"), "a/b.c/m");
        assert_eq!(classname("m.yml"), "m");
        assert_eq!(classname("<stdin>"), "<stdin>");
    }
}
