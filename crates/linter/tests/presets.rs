//! `account-not-empty` with landing-zone presets (`[allow] presets`): what a preset allows,
//! what the finding says when one is recognised but not enabled, and that no preset hides a
//! VPC.

#[path = "support/facts.rs"]
mod fixture_facts;

use std::path::Path;

use astro_preflight_linter::config::Config;
use astro_preflight_linter::{Facts, check};

/// `account-not-empty`'s findings for a fixture under a configuration: (message, data).
fn findings(case: &str, config: &str) -> Vec<(String, serde_json::Value)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/account-not-empty");
    let manifest = std::fs::read(dir.join(format!("{case}.yaml"))).expect("fixture");
    let facts = fixture_facts::whole_facts(&dir.join(format!("{case}.facts.json")));
    let facts = Facts::from_json(&facts).expect("fixture facts");
    let settings = Config::from_toml(config).expect("config").settings();
    check(&manifest, &settings, Some(&facts))
        .diagnostics
        .iter()
        .filter(|d| d.rule.id == "account-not-empty")
        .map(|d| {
            (
                d.finding.message.clone(),
                d.finding.data.clone().unwrap_or_default(),
            )
        })
        .collect()
}

fn ids(data: &serde_json::Value) -> Vec<(String, Option<String>)> {
    data["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap_or_default().to_owned(),
                r["preset"].as_str().map(str::to_owned),
            )
        })
        .collect()
}

#[test]
fn control_tower_is_recognised_and_allowed_by_its_preset() {
    let without = findings("control-tower", "");
    assert_eq!(without.len(), 1);
    let (message, data) = &without[0];
    assert!(
        message.contains("12 of these 13 resources are AWS Control Tower's baseline; enable the `control-tower` preset if Astronomer support accepts it"),
        "{message}"
    );
    let ids = ids(data);
    assert_eq!(ids.len(), 13);
    assert!(ids.contains(&("data-team-admin".into(), None)));
    assert!(ids.contains(&(
        "AWSControlTowerExecution".into(),
        Some("control-tower".into())
    )));

    let with = findings("control-tower", "[allow]\npresets = [\"control-tower\"]\n");
    assert_eq!(with.len(), 1);
    let (message, data) = &with[0];
    assert!(!message.contains("preset"), "{message}");
    assert_eq!(super_ids(data), ["data-team-admin"]);
}

fn super_ids(data: &serde_json::Value) -> Vec<String> {
    ids(data).into_iter().map(|(id, _)| id).collect()
}

#[test]
fn account_factorys_vpc_is_named_never_allowed() {
    let with = findings(
        "account-factory-vpc",
        "[allow]\npresets = [\"control-tower\"]\n",
    );
    assert_eq!(with.len(), 1);
    let (message, data) = &with[0];
    assert!(
        message.contains("vpc-0af0000000000000a in us-east-1 is Account Factory's VPC"),
        "{message}"
    );
    assert!(message.contains("confirm it with Astronomer support or remove it"));
    let mut found = super_ids(data);
    found.sort();
    assert_eq!(
        found,
        [
            "StackSet-AWSControlTowerBP-VPC-ACCOUNT-FACTORY-V1-0a1b2c3d",
            "vpc-0af0000000000000a"
        ]
    );
    for r in data["resources"].as_array().expect("resources") {
        assert_eq!(r["preset"], "control-tower", "{r}");
        assert!(
            r["presetEntry"]
                .as_str()
                .is_some_and(|e| e.contains("Account Factory's VPC"))
        );
    }
}

#[test]
fn cdk_bootstrap_for_any_qualifier() {
    let without = findings("cdk-bootstrap", "");
    assert_eq!(without.len(), 1);
    assert!(
        without[0].0.contains(
            "7 of these 7 resources are the AWS CDK bootstrap; enable the `cdk-bootstrap` preset"
        ),
        "{}",
        without[0].0
    );
    assert!(findings("cdk-bootstrap", "[allow]\npresets = [\"cdk-bootstrap\"]\n").is_empty());
    // Another landing zone's preset allows none of it.
    assert_eq!(
        findings("cdk-bootstrap", "[allow]\npresets = [\"control-tower\"]\n").len(),
        1
    );
}

#[test]
fn an_unknown_preset_is_refused_with_the_names() {
    let text = "[allow]\npresets = [\"control-towers\"]\n";
    let error = Config::from_toml(text).expect_err("unknown preset");
    assert!(
        error
            .message
            .contains("`control-towers` is not a landing-zone preset")
            && error.message.contains("`control-tower` or `cdk-bootstrap`"),
        "{}",
        error.message
    );
    assert_eq!(
        error.span,
        text.find("\"control-towers\"").map(|at| at..at + 16)
    );
}
