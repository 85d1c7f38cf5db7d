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

/// `ASTRO_API_TOKEN` (in the settings, as the pipeline reads it) is masked wherever a manifest
/// holds it: in the source every renderer quotes and in every message, and no fix writes it.
#[test]
fn the_astro_api_token_is_masked_in_the_source_and_the_messages() {
    const TOKEN: &str = "astro-token-Zq81xK0v";
    let manifest = format!(
        "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme\n  region: {TOKEN}\n"
    );
    let settings = Settings {
        astro_token: Some(astro_preflight_linter::settings::Secret(TOKEN.to_owned())),
        ..Settings::default()
    };
    let result = check(manifest.as_bytes(), &settings, None);
    assert!(!result.document.source.contains(TOKEN));
    assert_eq!(
        result.document.source.len(),
        manifest.len(),
        "spans still hold"
    );
    assert!(!result.diagnostics.is_empty());
    for d in &result.diagnostics {
        let text = format!("{d:?}");
        assert!(!text.contains(TOKEN), "{text}");
    }
    // Without the token in the settings the same manifest shows the value.
    let shown = check(manifest.as_bytes(), &Settings::default(), None);
    assert!(
        shown
            .diagnostics
            .iter()
            .any(|d| d.finding.message.contains(TOKEN))
    );
}
