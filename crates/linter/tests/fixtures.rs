//! Every rule against its fixture manifests, with snapshots of all the diagnostics each yields.
//!
//! `fixtures/<rule>/<case>.yaml` must make `<rule>` fire; `fixtures/<rule>/ok-<case>.yaml` must
//! not. A `<case>.facts.json` beside a manifest supplies the online facts, stated as what
//! differs from `fixtures/base.facts.json` (see `support/facts.rs`). Snapshots hold every
//! diagnostic of the file, so a second diagnostic for one problem shows up in review.

#[path = "support/facts.rs"]
mod fixture_facts;

use std::fmt::Write;
use std::path::Path;

use astro_preflight_facts::registry::State;
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
    let facts = fixture_facts::facts_of(path)
        .map(|text| Facts::from_json(&text).expect("fixture facts parse"));
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

#[test]
fn the_base_facts_are_whole_and_of_a_clean_account() {
    // Every fact of the registry gathered (or skipped as moot), none failed: what a fixture
    // leaves out is a fact that raises nothing.
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let base = std::fs::read_to_string(fixtures.join("base.facts.json")).unwrap();
    let base = Facts::from_json(&base).expect("the base is a facts file of this version");
    let json: serde_json::Value = serde_json::from_str(&base.to_json()).unwrap();
    for decl in astro_preflight_facts::registry::ALL {
        assert!(
            json["facts"].get(decl.name).is_some(),
            "the base lacks {}",
            decl.name
        );
    }
    for entry in base.entries() {
        assert!(
            matches!(entry.state, State::Ok | State::Skipped),
            "{}: {:?}",
            entry.decl.name,
            entry.state
        );
    }
    // A fixture that states nothing is the base: for a manifest of its request, no online
    // rule fires.
    let manifest = fixtures.join("account-mismatch/ok-clean-account.yaml");
    let layer = manifest.with_extension("facts.json");
    assert_eq!(std::fs::read_to_string(&layer).unwrap().trim(), "{}");
    let result = run(&manifest);
    assert_eq!(result.online, astro_preflight_linter::OnlineStatus::Ran);
    assert!(
        result
            .diagnostics
            .iter()
            .all(|d| d.rule.kind != RuleKind::Online),
        "{}",
        render(&result)
    );
}

#[test]
fn a_fixture_states_only_what_differs_from_the_base() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let quota = fixtures.join("quota-spot/five-vcpus.facts.json");
    let facts = Facts::from_json(&fixture_facts::whole_facts(&quota)).unwrap();
    assert_eq!(facts.quota_spot.value().map(|q| q.value), Some(5.0));
    // What it does not state is the base's.
    assert_eq!(facts.quota_on_demand.value().map(|q| q.value), Some(256.0));
    // `null` is a fact not gathered; the request is stated field by field.
    let base = std::fs::read_to_string(fixtures.join("base.facts.json")).unwrap();
    let layer = serde_json::json!({
        "request": { "region": "eu-west-1" },
        "facts": { "instanceTypeZones": null }
    });
    let whole = fixture_facts::layered(serde_json::from_str(&base).unwrap(), layer);
    let facts = Facts::from_json(&whole.to_string()).unwrap();
    assert_eq!(facts.instance_type_zones.state(), State::NotGathered);
    assert_eq!(facts.request.region, "eu-west-1");
    assert_eq!(facts.request.instance_type, "m5.xlarge");
    // A file with its own version is whole.
    let old = fixtures.join("check-incomplete/old-facts-file.facts.json");
    let facts = Facts::from_json(&fixture_facts::whole_facts(&old)).unwrap();
    assert_eq!(facts.role.state(), State::NotGathered);
}
