//! `instance-type-not-in-region` over every supported region and node type, in both install
//! profiles; the RDS class (hybrid only); and its hand-over to `instance-type-not-offered` when
//! live facts are present.

use astro_preflight_linter::tables::{db_types, instance_types, regions};
use astro_preflight_linter::{Diagnostic, Facts, FileResult, Settings, check};

const RULE: &str = "instance-type-not-in-region";

/// Where AWS does not offer a supported node type (the facts file; cfn-lint's data).
fn expected_gap(region: &str, node_type: &str) -> bool {
    let family = node_type.split('.').next().unwrap();
    match family {
        "m6id" => [
            "af-south-1",
            "ap-east-1",
            "ap-northeast-3",
            "eu-west-3",
            "me-south-1",
        ]
        .contains(&region),
        _ if node_type == "t2.xlarge" => {
            ["af-south-1", "ap-east-1", "eu-south-1", "me-south-1"].contains(&region)
        }
        _ => false,
    }
}

fn manifest(profile: &str, region: &str, node: &str, db: Option<&str>) -> String {
    let mut text = format!(
        "version: 1\ninstall: {profile}\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme\n  region: {region}\n  nodeInstanceType: {node}\n"
    );
    if let Some(db) = db {
        text.push_str(&format!("  dbInstanceType: {db}\n"));
    }
    text
}

/// The rule ID of a diagnostic: the one place this file reads it.
fn rule_of(d: &Diagnostic) -> &str {
    d.rule.id
}

fn fired(result: &FileResult, pointer: &str) -> Vec<String> {
    result
        .diagnostics
        .iter()
        .filter(|d| rule_of(d) == RULE && d.finding.pointer == pointer)
        .map(|d| {
            format!(
                "{} / {}",
                d.finding.message,
                d.finding.help.as_deref().unwrap_or("")
            )
        })
        .collect()
}

#[test]
fn every_supported_region_and_node_type_in_both_profiles() {
    let settings = Settings::default();
    let mut gaps = 0;
    for profile in ["hybrid", "cross-account-role"] {
        for region in regions::SUPPORTED {
            for t in instance_types::SUPPORTED {
                let result = check(
                    manifest(profile, region, t.name, None).as_bytes(),
                    &settings,
                    None,
                );
                let got = fired(&result, "/cluster/nodeInstanceType");
                let want = expected_gap(region, t.name);
                assert_eq!(
                    !got.is_empty(),
                    want,
                    "{profile} {region} {}: {got:?}",
                    t.name
                );
                if want {
                    gaps += 1;
                    let d = &got[0];
                    assert!(
                        d.contains(region) && d.contains("2026-") && d.contains("cfn-lint"),
                        "{d}"
                    );
                    // The help names only types offered there, four at most.
                    let help = d.split_once(" / ").unwrap().1;
                    let named: Vec<_> = instance_types::SUPPORTED
                        .iter()
                        .filter(|o| help.contains(&format!("`{}`", o.name)))
                        .collect();
                    assert!((1..=4).contains(&named.len()), "{help}");
                    for other in named {
                        assert!(
                            !expected_gap(region, other.name),
                            "{d} suggests {}",
                            other.name
                        );
                    }
                }
            }
        }
    }
    // 5 regions x 8 m6id sizes + 4 regions x t2.xlarge, in each profile.
    assert_eq!(gaps, 2 * (5 * 8 + 4));
}

#[test]
fn nearest_sizes_of_the_same_family_come_first() {
    // ap-southeast-6 (allowed by configuration) has m6i up to 16xlarge only.
    let mut settings = Settings::default();
    settings
        .tables
        .extra_regions
        .push("ap-southeast-6".to_owned());
    let result = check(
        manifest("cross-account-role", "ap-southeast-6", "m6i.24xlarge", None).as_bytes(),
        &settings,
        None,
    );
    let got = fired(&result, "/cluster/nodeInstanceType");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].contains("`m6i.16xlarge`") && !got[0].contains("nor is any other"),
        "{}",
        got[0]
    );
    // A type offered there is not reported.
    let result = check(
        manifest("cross-account-role", "ap-southeast-6", "m6i.16xlarge", None).as_bytes(),
        &settings,
        None,
    );
    assert!(fired(&result, "/cluster/nodeInstanceType").is_empty());
}

#[test]
fn the_database_class_is_checked_for_hybrid_only() {
    // Every supported class is offered for PostgreSQL in every supported region.
    for region in regions::SUPPORTED {
        for db in db_types::SUPPORTED {
            let result = check(
                manifest("hybrid", region, "m5.xlarge", Some(db)).as_bytes(),
                &Settings::default(),
                None,
            );
            assert!(
                fired(&result, "/cluster/dbInstanceType").is_empty(),
                "{region} {db}"
            );
        }
    }
    // ca-west-1 (allowed by configuration) has no db.r5 nor db.m5.
    let mut settings = Settings::default();
    settings.tables.extra_regions.push("ca-west-1".to_owned());
    let result = check(
        manifest("hybrid", "ca-west-1", "m5.xlarge", Some("db.r5.large")).as_bytes(),
        &settings,
        None,
    );
    let got = fired(&result, "/cluster/dbInstanceType");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0].contains("RDS for PostgreSQL") && got[0].contains("`db.r6g.large`"),
        "{}",
        got[0]
    );
    // The same class on a cross-account-role install is ignored (db-instance-type-ignored says so).
    let result = check(
        manifest(
            "cross-account-role",
            "ca-west-1",
            "m5.xlarge",
            Some("db.r5.large"),
        )
        .as_bytes(),
        &settings,
        None,
    );
    assert!(fired(&result, "/cluster/dbInstanceType").is_empty());
    // The default class is checked too.
    let result = check(
        manifest("hybrid", "ca-west-1", "m5.xlarge", None).as_bytes(),
        &settings,
        None,
    );
    assert!(
        fired(&result, "/cluster/dbInstanceType").is_empty(),
        "db.m6g.large is offered in ca-west-1"
    );
}

#[test]
fn unsupported_types_and_regions_are_left_to_their_own_rules() {
    let settings = Settings::default();
    // Another partition: region-unsupported reports it, this rule stays quiet.
    let result = check(
        manifest("hybrid", "us-gov-east-1", "m6id.xlarge", None).as_bytes(),
        &settings,
        None,
    );
    assert!(fired(&result, "/cluster/nodeInstanceType").is_empty());
    // An unsupported type: instance-type-unsupported reports it.
    let result = check(
        manifest("hybrid", "af-south-1", "m6id.large", None).as_bytes(),
        &settings,
        None,
    );
    assert!(fired(&result, "/cluster/nodeInstanceType").is_empty());
    // An allowed type outside the generated families: nothing is known, nothing is said.
    let mut settings = Settings::default();
    settings
        .tables
        .extra_instance_types
        .push("m7i.xlarge".to_owned());
    let result = check(
        manifest("hybrid", "af-south-1", "m7i.xlarge", None).as_bytes(),
        &settings,
        None,
    );
    assert!(fired(&result, "/cluster/nodeInstanceType").is_empty());
}

fn facts(region: &str, node: &str, zones: Option<&[&str]>) -> Facts {
    let zones = match zones {
        Some(z) => serde_json::json!({ "status": "ok", "value": z }),
        None => {
            serde_json::json!({ "status": "failed", "error": { "action": "ec2:DescribeInstanceTypeOfferings", "kind": "access-denied", "message": "denied" } })
        }
    };
    let ok = |v: serde_json::Value| serde_json::json!({ "status": "ok", "value": v });
    let json = serde_json::json!({
        "version": 1,
        "gatheredAt": "2026-11-25T08:00:00Z",
        "request": { "accountId": "123456789012", "region": region, "instanceType": node, "peering": [] },
        "identity": ok(serde_json::json!({ "account": "123456789012" })),
        "regionStatus": ok(serde_json::json!({ "status": "ENABLED" })),
        "quotaOnDemand": ok(serde_json::json!({ "code": "L-1216C47A", "value": 1000.0, "source": "applied" })),
        "quotaSpot": ok(serde_json::json!({ "code": "L-34B43A08", "value": 1000.0, "source": "applied" })),
        "instanceTypeZones": zones,
        "instanceTypeVcpus": ok(serde_json::json!(4)),
        "nonDefaultVpcs": ok(serde_json::json!([])),
        "instances": ok(serde_json::json!([])),
        "peering": []
    });
    Facts::from_json(&json.to_string()).unwrap()
}

#[test]
fn live_offerings_have_the_last_word() {
    let text = manifest("hybrid", "af-south-1", "m6id.xlarge", None);
    let rules = |r: &FileResult| -> Vec<String> {
        r.diagnostics
            .iter()
            .map(|d| rule_of(d).to_owned())
            .collect()
    };
    // Offered in no zone, live: one report, the online rule's.
    let r = check(
        text.as_bytes(),
        &Settings::default(),
        Some(&facts("af-south-1", "m6id.xlarge", Some(&[]))),
    );
    assert!(
        rules(&r).contains(&"instance-type-not-offered".to_owned()),
        "{:?}",
        rules(&r)
    );
    assert!(
        fired(&r, "/cluster/nodeInstanceType").is_empty(),
        "double report"
    );
    // Offered in two zones, live: the live answer beats the table.
    let r = check(
        text.as_bytes(),
        &Settings::default(),
        Some(&facts(
            "af-south-1",
            "m6id.xlarge",
            Some(&["af-south-1a", "af-south-1b"]),
        )),
    );
    assert!(fired(&r, "/cluster/nodeInstanceType").is_empty());
    assert!(!rules(&r).contains(&"instance-type-not-offered".to_owned()));
    // The zones could not be gathered: the table speaks.
    let r = check(
        text.as_bytes(),
        &Settings::default(),
        Some(&facts("af-south-1", "m6id.xlarge", None)),
    );
    assert_eq!(fired(&r, "/cluster/nodeInstanceType").len(), 1);
}
