//! `role-trust-invalid` against `ASTRO_EXTERNAL_ID` (its digest, in the settings): the role's
//! condition must hold that external ID, and neither value is ever printed.

#[path = "support/facts.rs"]
mod fixture_facts;

use std::path::Path;

use astro_preflight_facts::role::external_id_digest;
use astro_preflight_linter::{Facts, Settings, check};

/// The fixture whose role is the template's, with the external ID `example-external-id`.
fn template() -> (Vec<u8>, Facts) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/role-trust-invalid");
    let manifest = std::fs::read(dir.join("ok-template.yaml")).expect("fixture");
    let facts = fixture_facts::whole_facts(&dir.join("ok-template.facts.json"));
    (manifest, Facts::from_json(&facts).expect("fixture facts"))
}

fn trust_messages(expected: Option<&str>) -> Vec<String> {
    let (manifest, facts) = template();
    let settings = Settings {
        external_id_digest: expected.map(external_id_digest),
        ..Settings::default()
    };
    let result = check(&manifest, &settings, Some(&facts));
    for d in &result.diagnostics {
        let text = format!(
            "{} {} {}",
            d.finding.message,
            d.finding.help.as_deref().unwrap_or(""),
            d.finding.label
        );
        for secret in ["example-external-id", "another-external-id"] {
            assert!(!text.contains(secret), "{text}");
        }
        if let Some(expected) = expected {
            assert!(!text.contains(&external_id_digest(expected)), "{text}");
        }
    }
    result
        .diagnostics
        .iter()
        .filter(|d| d.rule.id == "role-trust-invalid")
        .map(|d| d.finding.message.clone())
        .collect()
}

#[test]
fn the_condition_must_hold_astro_external_id_when_it_is_set() {
    assert_eq!(trust_messages(None), Vec::<String>::new());
    assert_eq!(
        trust_messages(Some("example-external-id")),
        Vec::<String>::new()
    );
    let differs = trust_messages(Some("another-external-id"));
    assert_eq!(differs.len(), 1, "{differs:?}");
    assert!(
        differs[0].ends_with("the external ID differs from ASTRO_EXTERNAL_ID"),
        "{differs:?}"
    );
}
