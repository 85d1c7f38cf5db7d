//! `docs/rules/` is generated from the rules' doc comments; it must match them. Each rule's
//! `## Example` is a test: the rule fires on it.

#[path = "support/facts.rs"]
mod fixture_facts;

use std::path::{Path, PathBuf};

use astro_preflight_linter::request::{facts_mismatch, facts_request};
use astro_preflight_linter::{Facts, RuleKind, Settings, check, docs, registry};
use astro_preflight_manifest::Limits;

fn rules_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules")
}

#[test]
fn rule_docs_are_current() {
    let dir = rules_dir();
    let mut expected = vec![("README.md".to_owned(), docs::index_page())];
    for rule in registry::all() {
        expected.push((format!("{}.md", rule.id), docs::rule_page(rule)));
    }
    if std::env::var_os("UPDATE_GENERATED").is_some() {
        std::fs::create_dir_all(&dir).unwrap();
        for entry in std::fs::read_dir(&dir).unwrap() {
            std::fs::remove_file(entry.unwrap().path()).unwrap();
        }
        for (name, text) in &expected {
            std::fs::write(dir.join(name), text).unwrap();
        }
    }
    let mut stale = Vec::new();
    for (name, text) in &expected {
        if std::fs::read_to_string(dir.join(name)).ok().as_deref() != Some(text.as_str()) {
            stale.push(name.clone());
        }
    }
    let committed = std::fs::read_dir(&dir).map(|d| d.count()).unwrap_or(0);
    assert!(
        stale.is_empty() && committed == expected.len(),
        "docs/rules is stale ({stale:?}; {committed} files for {} pages): run `UPDATE_GENERATED=1 cargo test -p astro-preflight-linter --test docs`",
        expected.len()
    );
}

#[test]
fn every_rule_documents_what_why_and_source() {
    for rule in registry::all() {
        let doc = rule.documentation();
        assert!(!rule.summary().is_empty(), "{} has no summary", rule.id);
        assert!(doc.contains("## Source"), "{} names no source", rule.id);
        assert!(
            doc.contains("## What it checks"),
            "{} does not say what it checks",
            rule.id
        );
    }
}

/// The first YAML block of a documentation's `## Example` section.
fn example(doc: &str) -> Option<&str> {
    let (_, section) = doc.split_once("\n## Example\n")?;
    let section = section.split("\n## ").next().unwrap_or(section);
    let (_, block) = section.split_once("```yaml\n")?;
    block.split_once("```").map(|(yaml, _)| yaml)
}

/// The facts an online rule's example is checked against: `fixtures/RULE/example.facts.json`
/// (what differs from `fixtures/base.facts.json`).
fn example_facts(rule: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rule)
        .join("example.facts.json")
}

/// Why a rule's example does not show it, if it does not.
fn example_fails(rule: &astro_preflight_linter::Rule) -> Option<String> {
    let doc = rule.documentation();
    let Some(yaml) = example(&doc) else {
        return Some("no YAML block in `## Example`".to_owned());
    };
    let path = example_facts(rule.id);
    if path.exists() != (rule.kind == RuleKind::Online) {
        return Some(format!(
            "an online rule's example, and only one, is checked against {}",
            path.display()
        ));
    }
    let facts = if rule.kind == RuleKind::Online {
        let facts = Facts::from_json(&fixture_facts::whole_facts(&path))
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        // As `check --facts` would: the facts must be the example manifest's.
        let document = astro_preflight_manifest::load(yaml.as_bytes(), &Limits::default());
        let Some(request) = facts_request(&document) else {
            return Some("the example asks AWS nothing".to_owned());
        };
        if let Some(mismatch) = facts_mismatch(&request, &facts) {
            return Some(format!("{}: {mismatch}", path.display()));
        }
        Some(facts)
    } else {
        None
    };
    let result = check(yaml.as_bytes(), &Settings::default(), facts.as_ref());
    let fired: Vec<_> = result.diagnostics.iter().map(|d| d.rule.id).collect();
    (!fired.contains(&rule.id)).then(|| format!("it does not fire on\n{yaml}(fired: {fired:?})"))
}

#[test]
fn every_rule_fires_on_its_example() {
    let failures: Vec<String> = registry::all()
        .iter()
        .filter_map(|rule| example_fails(rule).map(|why| format!("{}: {why}", rule.id)))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn an_example_is_the_first_yaml_block_of_its_section() {
    let doc = "Summary.\n\n## Why\n\n```yaml\nnot: this\n```\n\n## Example\n\n```toml\nx = 1\n```\n\n```yaml\na: 1\n```\n\n```yaml\nb: 2\n```\n\n## Source\n";
    assert_eq!(example(doc), Some("a: 1\n"));
    assert_eq!(
        example("## Example\n\nprose only\n\n## Source\n\n```yaml\na: 1\n```\n"),
        None
    );
}
