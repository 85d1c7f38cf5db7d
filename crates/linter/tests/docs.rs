//! `docs/rules/` is generated from the rules' doc comments; it must match them.

use std::path::PathBuf;

use astro_preflight_linter::{docs, registry};

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
