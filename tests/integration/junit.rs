//! `--format junit`: well-formed XML 1.0 (parsed here with quick-xml), one suite per file,
//! one failed test case per (file, rule) with findings, one passing case per clean file.

use std::path::PathBuf;

use assert_cmd::Command;
use quick_xml::XmlVersion;
use quick_xml::events::Event;
use serde_json::Value;

fn bin() -> Command {
    let mut cmd = Command::cargo_bin("astro-preflight").unwrap();
    cmd.current_dir(PathBuf::from(env!("CARGO_MANIFEST_DIR")));
    cmd
}

/// An element: name, attributes (unescaped and normalised as a parser reports them),
/// children and text.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    children: Vec<Element>,
    text: String,
}

impl Element {
    fn attr(&self, key: &str) -> &str {
        self.attributes
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .unwrap_or_else(|| panic!("no {key} on {}", self.name))
    }

    fn count(&self, key: &str) -> usize {
        self.attr(key).parse().unwrap()
    }

    fn all(&self, name: &str) -> Vec<&Element> {
        self.children.iter().filter(|c| c.name == name).collect()
    }
}

/// Parses the whole document (end tags checked), and checks that it holds only characters
/// XML 1.0 allows.
fn parse(xml: &str) -> Element {
    for c in xml.chars() {
        let allowed = matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}');
        assert!(allowed, "{:?} is not allowed in XML 1.0", c);
    }
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));
    let mut reader = quick_xml::Reader::from_str(xml);
    reader.config_mut().check_end_names = true;
    let mut stack = vec![Element::default()];
    let element = |e: &quick_xml::events::BytesStart<'_>| Element {
        name: e.name().as_ref().to_owned(),
        attributes: e
            .attributes()
            .map(|a| {
                let a = a.unwrap();
                (
                    a.key.as_ref().to_owned(),
                    a.normalized_value(XmlVersion::Explicit1_0)
                        .unwrap()
                        .into_owned(),
                )
            })
            .collect(),
        ..Element::default()
    };
    loop {
        match reader
            .read_event()
            .unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{xml}"))
        {
            Event::Start(e) => stack.push(element(&e)),
            Event::Empty(e) => stack.last_mut().unwrap().children.push(element(&e)),
            Event::End(_) => {
                let done = stack.pop().unwrap();
                stack.last_mut().unwrap().children.push(done);
            }
            Event::Text(t) => stack.last_mut().unwrap().text.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let resolved = match r.resolve_char_ref().unwrap() {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_xml_entity(&r)
                        .unwrap_or_else(|| panic!("unknown entity {:?}", &*r))
                        .to_owned(),
                };
                stack.last_mut().unwrap().text.push_str(&resolved);
            }
            Event::Eof => break,
            Event::Decl(_) => {}
            other => panic!("unexpected {other:?}"),
        }
    }
    let mut document = stack.pop().unwrap();
    assert!(stack.is_empty());
    assert_eq!(document.children.len(), 1, "one root element");
    document.children.pop().unwrap()
}

fn junit(args: &[&str]) -> (i32, Element) {
    let out = bin()
        .args(["check", "--format", "junit"])
        .args(args)
        .output()
        .unwrap();
    let xml = String::from_utf8(out.stdout).unwrap();
    (out.status.code().unwrap(), parse(&xml))
}

fn json(args: &[&str]) -> Value {
    let out = bin()
        .args(["check", "--format", "json"])
        .args(args)
        .output()
        .unwrap();
    serde_json::from_slice(&out.stdout).unwrap()
}

const VALID: &str =
    "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme\n";

#[test]
fn one_suite_per_file_and_one_case_per_rule_with_findings() {
    let (code, root) = junit(&["examples/"]);
    assert_eq!(code, 1);
    let json = json(&["examples/"]);
    assert_eq!(root.name, "testsuites");
    let suites = root.all("testsuite");
    let files = json["files"].as_array().unwrap();
    assert_eq!(suites.len(), files.len());
    let (mut tests, mut failures) = (0, 0);
    for (suite, file) in suites.iter().zip(files) {
        let path = file["path"].as_str().unwrap();
        assert_eq!(suite.attr("name"), path);
        let cases = suite.all("testcase");
        assert_eq!(suite.count("tests"), cases.len());
        let diagnostics = file["diagnostics"].as_array().unwrap();
        let mut rules: Vec<&str> = diagnostics
            .iter()
            .map(|d| d["rule"].as_str().unwrap())
            .collect();
        rules.sort();
        rules.dedup();
        if rules.is_empty() {
            assert_eq!(cases.len(), 1, "a clean file has one passing case");
            assert!(cases[0].children.is_empty(), "{:?}", cases[0]);
            assert_eq!(suite.count("failures"), 0);
        } else {
            let mut names: Vec<&str> = cases.iter().map(|c| c.attr("name")).collect();
            names.sort();
            assert_eq!(names, rules, "one case per rule with findings in {path}");
            // Failed: the cases of rules that reported an error; warnings and infos pass.
            let failing = rules
                .iter()
                .filter(|r| {
                    diagnostics
                        .iter()
                        .any(|d| d["rule"] == **r && d["severity"] == "error")
                })
                .count();
            assert_eq!(suite.count("failures"), failing);
            assert_eq!(
                cases
                    .iter()
                    .filter(|c| !c.all("failure").is_empty())
                    .count(),
                failing
            );
        }
        for case in &cases {
            assert_eq!(case.attr("file"), path);
            assert_eq!(
                case.attr("classname"),
                path.trim_end_matches(".yaml").trim_end_matches(".yml")
            );
            let found: Vec<&Value> = diagnostics
                .iter()
                .filter(|d| d["rule"] == case.attr("name"))
                .collect();
            let failure = case.all("failure");
            let has_error = found.iter().any(|d| d["severity"] == "error");
            assert_eq!(failure.len(), usize::from(has_error));
            // A rule with warnings or infos only: a passing case, its findings in <system-out>.
            let out = case.all("system-out");
            assert_eq!(out.len(), usize::from(!found.is_empty() && !has_error));
            if let Some(out) = out.first() {
                for d in &found {
                    let at = format!(
                        "{path}:{}:{}: {}: {}",
                        d["line"],
                        d["column"],
                        d["severity"].as_str().unwrap(),
                        d["message"].as_str().unwrap()
                    );
                    assert!(out.text.contains(&at), "{at:?} in {:?}", out.text);
                }
            }
            if let Some(failure) = failure.first() {
                assert_eq!(failure.attr("type"), "error");
                for d in &found {
                    let message = d["message"].as_str().unwrap();
                    assert!(
                        failure.attr("message").contains(message),
                        "{message:?} in {failure:?}"
                    );
                    let at = format!(
                        "{path}:{}:{}: {}: {message}",
                        d["line"],
                        d["column"],
                        d["severity"].as_str().unwrap()
                    );
                    assert!(failure.text.contains(&at), "{at:?} in {:?}", failure.text);
                }
            }
        }
        tests += cases.len();
        failures += suite.count("failures");
    }
    assert_eq!(root.count("tests"), tests);
    assert_eq!(root.count("failures"), failures);
    assert_eq!(root.count("errors"), 0);
    // The schema example has three schema findings: one case, three places.
    let schema_case = suites
        .iter()
        .find(|s| s.attr("name") == "examples/broken/schema.yaml")
        .unwrap()
        .all("testcase")
        .into_iter()
        .find(|c| c.attr("name") == "schema")
        .unwrap();
    assert_eq!(
        schema_case.all("failure")[0]
            .text
            .lines()
            .filter(|l| l.starts_with("examples/broken/schema.yaml:"))
            .count(),
        3
    );
}

#[test]
fn markup_and_forbidden_characters_are_escaped() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a&b <c> \"d\".yaml");
    let hostile = r#"<x a=\"1\">&amp; ]]> \e[31m\x01\x7f\uFFFE\r\n</testsuites>"#;
    std::fs::write(&path, format!("{VALID}  region: \"{hostile}\"\n")).unwrap();
    let shown = path.to_str().unwrap();
    let (code, root) = junit(&[shown]);
    assert_eq!(code, 1);
    let suite = &root.all("testsuite")[0];
    assert_eq!(suite.attr("name"), shown);
    let case = suite
        .all("testcase")
        .into_iter()
        .find(|c| c.attr("name") == "region-unsupported")
        .unwrap();
    assert_eq!(case.attr("file"), shown);
    let failure = &case.all("failure")[0];
    let expected = "<x a=\"1\">&amp; ]]> \\u{1b}[31m\\u{1}\\u{7f}\u{FFFE}\\u{d}\\u{a}</testsuites>";
    // U+FFFE is not a control character, so the message keeps it; XML cannot, so it is
    // escaped there.
    let expected = expected.replace('\u{FFFE}', "\\u{fffe}");
    assert!(
        failure.attr("message").contains(&expected),
        "{:?}",
        failure.attr("message")
    );
    assert!(failure.text.contains(&expected), "{:?}", failure.text);
    // The line breaks of the value are shown escaped; the text's own lines are ours.
    assert!(!failure.attr("message").contains('\n'));
    assert!(failure.text.contains("\n  help: "), "{:?}", failure.text);
}

#[test]
fn unreadable_inputs_are_errors() {
    let (code, root) = junit(&["examples/hybrid.yaml", "no/such.yaml"]);
    assert_eq!(code, 2);
    assert_eq!(
        (
            root.count("tests"),
            root.count("failures"),
            root.count("errors")
        ),
        (2, 0, 1)
    );
    let suites = root.all("testsuite");
    assert_eq!(suites[0].attr("name"), "examples/hybrid.yaml");
    assert!(suites[0].all("testcase")[0].children.is_empty());
    assert_eq!(suites[1].attr("name"), "no/such.yaml");
    assert_eq!(suites[1].count("errors"), 1);
    let error = &suites[1].all("testcase")[0].all("error")[0];
    assert_eq!(error.attr("message"), "no such file or directory");
    assert_eq!(error.text, "no/such.yaml: no such file or directory");
}

#[test]
fn the_parser_here_refuses_what_a_ci_server_would() {
    // The checks above can fail: these are refused.
    assert!(
        std::panic::catch_unwind(|| parse(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a><b></a>"
        ))
        .is_err()
    );
    assert!(
        std::panic::catch_unwind(|| parse(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a>\u{1b}</a>"
        ))
        .is_err()
    );
    assert!(
        std::panic::catch_unwind(|| parse(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a>&bogus;</a>"
        ))
        .is_err()
    );
    assert!(
        std::panic::catch_unwind(|| parse(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a x=\"1\" x=\"2\"/>"
        ))
        .is_err()
    );
}

/// What junitparser (a JUnit reader in Python, as CI servers read the report) makes of a
/// report: (tests, failed cases, errored cases, the output of passing cases).
fn junitparser(xml: &str) -> (usize, usize, usize, String) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("report.xml");
    std::fs::write(&file, xml).unwrap();
    let python =
        std::env::var("ASTRO_PREFLIGHT_PYTHON").unwrap_or_else(|_| ".venv/bin/python".to_owned());
    let script = r#"
import json, sys
from junitparser import Error, Failure, JUnitXml
tests = failed = errored = 0
out = []
for suite in JUnitXml.fromfile(sys.argv[1]):
    for case in suite:
        tests += 1
        failed += any(isinstance(r, Failure) for r in case.result)
        errored += any(isinstance(r, Error) for r in case.result)
        if case.is_passed and case.system_out:
            out.append(case.system_out)
print(json.dumps([tests, failed, errored, "\n".join(out)]))
"#;
    let out = std::process::Command::new(&python)
        .args(["-c", script])
        .arg(&file)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap_or_else(|e| panic!("{python}: {e} (scripts/test installs junitparser)"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn a_junit_reader_counts_errors_as_failures_and_warnings_as_passes() {
    let dir = tempfile::tempdir().unwrap();
    let warned = dir.path().join("warned.yaml");
    std::fs::write(
        &warned,
        format!("{VALID}  nodeInstanceType: t3.xlarge\n  vpcCidr: 10.10.1.0/20\n"),
    )
    .unwrap();
    let warned = warned.to_str().unwrap();
    let run = |args: &[&str]| {
        let out = bin()
            .args(["check", "--format", "junit"])
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            junitparser(&String::from_utf8(out.stdout).unwrap()),
        )
    };
    // Warnings only: exit 0, nothing failed, the warnings in the passing cases' output.
    let (code, (tests, failed, errored, out)) = run(&[warned]);
    assert_eq!((code, failed, errored), (0, 0, 0));
    assert_eq!(tests, 2, "{out}");
    assert!(
        out.contains("warning: `t3.xlarge` is a burstable type"),
        "{out}"
    );
    assert!(
        out.contains("cidr-host-bits") || out.contains("host bits set"),
        "{out}"
    );
    // Under --deny-warnings they are errors: exit 1, failed.
    let (code, (_, failed, errored, _)) = run(&[warned, "--deny-warnings"]);
    assert_eq!((code, failed, errored), (1, 2, 0));
    // Errors fail; an unreadable input is an error (exit 2).
    let (code, (_, failed, errored, _)) = run(&["examples/broken/too-small.yaml"]);
    assert_eq!((code, errored), (1, 0));
    assert_eq!(failed, 3);
    let (code, (_, _, errored, _)) = run(&[warned, "no/such.yaml"]);
    assert_eq!((code, errored), (2, 1));
}
