//! The cross-account role's facts against the local AWS emulator: the role and its trust policy
//! (external IDs only as digests), its attached policies, its simulated permissions and the STS
//! token version for an opt-in region, the monitoring chain; each asked once per account, and
//! a denied call recorded as failed with its action.

mod support;

use astro_preflight_emulator::setup::{
    CROSS_ACCOUNT_EVENTS, HYBRID_EVENTS, POLICY_NAME, astronomer_statement, filter_pattern, policy,
    trust_policy,
};
use astro_preflight_facts::role::{ASTRONOMER_ACCOUNT, ROLE_NAME, external_id_digest};
use astro_preflight_facts::{Fact, FactErrorKind, Facts, FactsProvider, FactsRequest, actions};
use serde_json::json;
use support::TestAccount;

const EXTERNAL_ID: &str = "preflight-test-external-id-0001";

fn gather(account: &TestAccount, requests: &[FactsRequest]) -> Vec<Facts> {
    let before = account.actions().len();
    let facts = account.provider().gather_all(requests);
    account.assert_only_known_actions(before);
    facts
}

fn opt_in(account: &TestAccount, region: &str) -> FactsRequest {
    FactsRequest {
        opt_in_region: true,
        ..account.request(region)
    }
}

fn count(account: &TestAccount, action: &str) -> usize {
    account.actions().iter().filter(|a| *a == action).count()
}

#[test]
fn the_templates_role_is_gathered_with_its_external_id_as_a_digest() {
    let account = TestAccount::new();
    account.setup().astronomer_role(EXTERNAL_ID, true);
    let facts = gather(&account, &[account.request("us-east-1")]).remove(0);

    let role = facts
        .role
        .value()
        .expect("gathered")
        .as_ref()
        .expect("exists");
    assert_eq!(
        role.arn,
        format!("arn:aws:iam::{}:role/{ROLE_NAME}", account.id)
    );
    assert_eq!(role.trust.len(), 1, "{role:?}");
    let statement = &role.trust[0];
    assert!(statement.principals[0].is_account(ASTRONOMER_ACCOUNT));
    assert_eq!(statement.actions, ["sts:AssumeRole"]);
    let condition = &statement.conditions[0];
    assert_eq!(condition.operator, "StringEquals");
    assert!(condition.is_external_id() && !condition.wildcard);
    assert_eq!(condition.values, [external_id_digest(EXTERNAL_ID)]);
    // The value itself is nowhere in the facts file.
    assert!(!facts.to_json().contains(EXTERNAL_ID));

    let policies = facts.role_policies.value().expect("gathered");
    assert_eq!(
        policies.iter().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        [POLICY_NAME]
    );
    // Not an opt-in region: neither the simulation nor the token version is asked.
    assert_eq!(facts.role_region_actions, Fact::Skipped);
    assert_eq!(facts.sts_token_version, Fact::Skipped);
    assert_eq!(count(&account, actions::IAM_SIMULATE_PRINCIPAL_POLICY), 0);
    assert_eq!(count(&account, actions::IAM_GET_ACCOUNT_SUMMARY), 0);
    // Nothing set up: no trail.
    assert_eq!(
        facts.role_monitoring.value().map(|m| m.trails.len()),
        Some(0)
    );
}

#[test]
fn a_missing_role_skips_what_depends_on_it() {
    let account = TestAccount::new();
    let facts = gather(&account, &[opt_in(&account, "ap-east-1")]).remove(0);
    assert_eq!(facts.role, Fact::ok(None));
    assert_eq!(facts.role_policies, Fact::Skipped);
    assert_eq!(facts.role_region_actions, Fact::Skipped);
    // The token version does not need the role: moto's accounts start at version 1.
    assert_eq!(facts.sts_token_version, Fact::ok(Some(1)));
    assert_eq!(count(&account, actions::IAM_LIST_ATTACHED_ROLE_POLICIES), 0);
}

#[test]
fn an_opt_in_region_asks_the_roles_permissions_and_the_token_version_once_per_account() {
    let account = TestAccount::new();
    let setup = account.setup();
    setup.create_role(&trust_policy(vec![astronomer_statement(EXTERNAL_ID)]));
    setup.attach_policy(POLICY_NAME, &policy("Allow", &["account:*Region", "ec2:*"]));
    setup.put_role_policy("no-disable", &policy("Deny", &["account:DisableRegion"]));
    setup.token_version(2);

    let facts = gather(
        &account,
        &[account.request("us-east-1"), opt_in(&account, "me-south-1")],
    );
    let decisions: Vec<(String, String)> = facts[1]
        .role_region_actions
        .value()
        .expect("simulated")
        .iter()
        .map(|d| (d.action.clone(), d.decision.clone()))
        .collect();
    assert_eq!(
        decisions,
        [
            ("account:EnableRegion".to_owned(), "allowed".to_owned()),
            (
                "account:DisableRegion".to_owned(),
                "explicitDeny".to_owned()
            ),
            ("account:ListRegions".to_owned(), "implicitDeny".to_owned()),
        ]
    );
    assert_eq!(facts[1].sts_token_version, Fact::ok(Some(2)));
    // One account, two manifests: each IAM call once.
    for action in [
        actions::IAM_GET_ROLE,
        actions::IAM_LIST_ATTACHED_ROLE_POLICIES,
        actions::IAM_SIMULATE_PRINCIPAL_POLICY,
        actions::IAM_GET_ACCOUNT_SUMMARY,
        actions::CLOUDTRAIL_DESCRIBE_TRAILS,
    ] {
        assert_eq!(
            count(&account, action),
            1,
            "{action}: {:?}",
            account.actions()
        );
    }
}

#[test]
fn the_monitoring_chain_is_followed_to_the_alarm() {
    let account = TestAccount::new();
    let pattern = filter_pattern(CROSS_ACCOUNT_EVENTS);
    account
        .setup()
        .monitoring("us-west-2", Some(&pattern), true);
    let facts = gather(&account, &[account.request("us-east-1")]).remove(0);
    let monitoring = facts.role_monitoring.value().expect("gathered");
    assert_eq!(monitoring.trails.len(), 1, "{monitoring:?}");
    let trail = &monitoring.trails[0];
    assert!(trail.multi_region);
    assert_eq!(trail.logging, Some(true));
    // What account-not-empty sets aside as part of the install.
    let bucket = format!("trail-{}", account.id);
    assert_eq!(trail.s3_bucket.as_deref(), Some(bucket.as_str()));
    assert_eq!(trail.log_role.as_deref(), Some("CloudTrailToLogs"));
    assert!(trail.monitors());
    let group = trail
        .log_group
        .as_ref()
        .expect("a log group of the account");
    assert_eq!(
        (group.name.as_str(), group.region.as_str()),
        ("CloudTrail/astro", "us-west-2")
    );
    assert_eq!(group.metric_filters.len(), 1);
    let filter = &group.metric_filters[0];
    assert_eq!(filter.pattern, pattern);
    let metric = &filter.metrics[0];
    assert_eq!(
        (metric.namespace.as_str(), metric.name.as_str()),
        ("CloudTrailMetrics", "AstroRoleChanges")
    );
    assert_eq!(metric.alarms.len(), 1, "{metric:?}");
    assert_eq!(metric.alarms[0].actions, 1);
}

#[test]
fn without_an_alarm_the_metric_has_none() {
    let account = TestAccount::new();
    account
        .setup()
        .monitoring("us-east-1", Some(&filter_pattern(HYBRID_EVENTS)), false);
    let facts = gather(&account, &[account.request("us-east-1")]).remove(0);
    let monitoring = facts.role_monitoring.value().expect("gathered");
    let group = monitoring.trails[0]
        .log_group
        .as_ref()
        .expect("a log group");
    assert_eq!(group.metric_filters[0].metrics[0].alarms, []);
}

#[test]
fn denied_calls_fail_their_facts_with_their_actions() {
    let account = TestAccount::new();
    account.setup().astronomer_role(EXTERNAL_ID, true);
    account.setup().monitoring(
        "us-east-1",
        Some("{ $.eventSource = iam.amazonaws.com }"),
        true,
    );
    for (denied, check) in [
        (actions::IAM_GET_ROLE, "role"),
        (actions::IAM_LIST_ATTACHED_ROLE_POLICIES, "rolePolicies"),
        (actions::IAM_SIMULATE_PRINCIPAL_POLICY, "roleRegionActions"),
        (actions::IAM_GET_ACCOUNT_SUMMARY, "stsTokenVersion"),
        (actions::CLOUDTRAIL_DESCRIBE_TRAILS, "roleMonitoring"),
        (actions::CLOUDTRAIL_GET_TRAIL_STATUS, "roleMonitoring"),
        (actions::LOGS_DESCRIBE_METRIC_FILTERS, "roleMonitoring"),
        (actions::CLOUDWATCH_DESCRIBE_ALARMS, "roleMonitoring"),
    ] {
        account.scenario(json!({ "deny": [denied] }));
        let facts = gather(&account, &[opt_in(&account, "af-south-1")]).remove(0);
        let failed: Vec<(&str, FactErrorKind, String)> = facts
            .entries()
            .into_iter()
            .filter_map(|e| match e.state {
                astro_preflight_facts::registry::State::Failed(error)
                    if e.decl.name.starts_with("role") || e.decl.name == "stsTokenVersion" =>
                {
                    Some((e.decl.name, error.kind, error.action.clone()))
                }
                _ => None,
            })
            .collect();
        assert_eq!(
            failed,
            [(check, FactErrorKind::AccessDenied, denied.to_owned())],
            "{denied}"
        );
    }
}

/// What makes a new fact's gatherer impossible to forget: a full gathering (the role in
/// place, an opt-in region, the cluster's CIDR, a peering entry) leaves no fact of the registry "not gathered".
#[test]
fn a_full_gathering_gathers_every_fact_of_the_registry() {
    let account = TestAccount::new();
    account.setup().astronomer_role(EXTERNAL_ID, true);
    let request = FactsRequest {
        peering: vec![astro_preflight_facts::PeeringRequest {
            vpc_id: "vpc-0a1b2c3d".into(),
            region: "us-west-2".into(),
            account_id: None,
        }],
        vpc_cidr: Some("10.10.0.0/20".into()),
        ..opt_in(&account, "us-east-1")
    };
    let facts = gather(&account, &[request]).remove(0);
    let entries = facts.facts.entries();
    let names: std::collections::BTreeSet<&str> = entries.iter().map(|e| e.decl.name).collect();
    assert_eq!(
        names.len(),
        astro_preflight_facts::registry::ALL.len(),
        "{names:?}"
    );
    // Every fact AWS gives; the Astro API's are the binary's to gather, skipped here.
    for entry in entries.iter().filter(|e| !e.decl.from_astro_api()) {
        assert!(
            !matches!(
                entry.state,
                astro_preflight_facts::registry::State::NotGathered
                    | astro_preflight_facts::registry::State::Skipped
            ),
            "{} ({:?}) was not gathered: {:?}",
            entry.decl.name,
            entry.scope,
            entry.state
        );
    }
}
