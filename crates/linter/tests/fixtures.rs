//! Every rule against its fixture manifests, with snapshots of all the diagnostics each yields.
//!
//! `fixtures/<rule>/<case>.yaml` must make `<rule>` fire; `fixtures/<rule>/ok-<case>.yaml` must
//! not. A `<case>.facts.json` beside a manifest supplies the online facts. Snapshots hold every
//! diagnostic of the file, so a second diagnostic for one problem shows up in review.

use std::fmt::Write;
use std::path::Path;

use astro_preflight_linter::{Facts, FileResult, RuleKind, Settings, check, registry};

fn render(result: &FileResult) -> String {
    let mut out = String::new();
    for d in &result.diagnostics {
        let l = d.finding.location;
        writeln!(
            out,
            "{}:{}-{}:{} {} {} [{}]\n  {}",
            l.start.line,
            l.start.column,
            l.end.line,
            l.end.column,
            d.severity.as_str(),
            d.rule.id,
            d.finding.pointer,
            d.finding.message
        )
        .unwrap();
        writeln!(out, "  label: {}", d.finding.label).unwrap();
        if let Some(help) = &d.finding.help {
            writeln!(out, "  help: {help}").unwrap();
        }
        for r in &d.finding.related {
            writeln!(
                out,
                "  related {}:{} [{}] {}",
                r.location.start.line, r.location.start.column, r.pointer, r.message
            )
            .unwrap();
        }
    }
    if result.suppressed > 0 {
        writeln!(out, "suppressed: {}", result.suppressed).unwrap();
    }
    if out.is_empty() {
        out.push_str("(no diagnostics)\n");
    }
    out
}

fn run(path: &Path) -> FileResult {
    let bytes = std::fs::read(path).unwrap();
    let facts_path = path.with_extension("facts.json");
    let facts = facts_path.exists().then(|| {
        Facts::from_json(&std::fs::read_to_string(&facts_path).unwrap())
            .expect("fixture facts parse")
    });
    check(&bytes, &Settings::default(), facts.as_ref())
}

#[test]
fn fixtures() {
    insta::glob!("fixtures/*/*.yaml", |path| {
        let rule = path
            .parent()
            .unwrap()
            .file_name()
            .unwrap()
            .to_str()
            .unwrap();
        let case = path.file_stem().unwrap().to_str().unwrap();
        assert!(
            registry::find(rule).is_some(),
            "fixture directory {rule} names no rule"
        );
        let result = run(path);
        let fired = result.diagnostics.iter().any(|d| d.rule.id == rule);
        if case.starts_with("ok-") {
            assert!(
                !fired,
                "{rule}/{case}: the rule must not fire\n{}",
                render(&result)
            );
        } else {
            assert!(
                fired,
                "{rule}/{case}: the rule must fire\n{}",
                render(&result)
            );
        }
        insta::assert_snapshot!(render(&result));
    });
}

#[test]
fn every_rule_has_a_fixture_that_fires() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    for rule in registry::all() {
        let dir = root.join(rule.id);
        let firing = std::fs::read_dir(&dir)
            .unwrap_or_else(|_| panic!("no fixtures for {}", rule.id))
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .filter(|p| !p.file_stem().unwrap().to_str().unwrap().starts_with("ok-"))
            .count();
        assert!(firing > 0, "{} has no firing fixture", rule.id);
    }
}

#[test]
fn online_rules_do_not_run_without_facts() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/quota-on-demand/five-vcpus.yaml");
    let result = check(&std::fs::read(path).unwrap(), &Settings::default(), None);
    assert_eq!(result.online, astro_preflight_linter::OnlineStatus::Skipped);
    assert!(
        result
            .diagnostics
            .iter()
            .all(|d| d.rule.kind != RuleKind::Online)
    );
}
