//! `astro-preflight handoff`: the effective values with defaults marked, both profiles, the
//! prerequisites and what verified them, a manifest with an error refused.

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn handoff(args: &[&str]) -> (i32, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_astro-preflight"))
        .arg("handoff")
        .args(args)
        .current_dir(root())
        .env("NO_COLOR", "1")
        .output()
        .expect("run astro-preflight");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

fn prerequisite<'a>(v: &'a Value, id: &str) -> &'a Value {
    v["prerequisites"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id)
        .unwrap_or_else(|| panic!("{id} in {v:#}"))
}

#[test]
fn hybrid_values_with_defaults_marked() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = write(
        dir.path(),
        "m.yaml",
        "version: 1\ninstall: hybrid\naccount:\n  id: \"012345678901\"\ncluster:\n  name: acme-prod\n  region: eu-west-1\n  maxNodeCount: 12\n\
         peering:\n  - vpcId: vpc-0a1b2c3d4e5f67890\n    region: eu-west-1\n    cidrs: [10.40.0.0/16, 10.41.0.0/16]\n    dnsServers: [10.40.0.2]\n  \
         - vpcId: vpc-0f1e2d3c\n    region: eu-west-1\n    cidrs: [10.50.0.0/16]\n    dnsServers: [10.50.0.2]\n    accountId: \"210987654321\"\n",
    );
    let (code, stdout, stderr) = handoff(&["--format", "json", &manifest]);
    assert_eq!(code, 0, "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["version"], 1);
    assert_eq!(v["install"], "hybrid");
    assert_eq!(v["accountId"], "012345678901");
    assert_eq!(v["clusterName"], "acme-prod");
    assert_eq!(
        v["region"],
        json!({"value": "eu-west-1", "defaulted": false})
    );
    assert_eq!(
        v["nodeInstanceType"],
        json!({"value": "m5.xlarge", "defaulted": true})
    );
    assert_eq!(v["maxNodeCount"], json!({"value": 12, "defaulted": false}));
    assert_eq!(
        v["dbInstanceType"],
        json!({"value": "db.m6g.large", "defaulted": true})
    );
    assert_eq!(
        v["vpcCidr"],
        json!({"value": "172.20.0.0/20", "defaulted": true})
    );
    assert_eq!(
        v["peering"],
        json!([
            {"vpcId": "vpc-0a1b2c3d4e5f67890", "region": "eu-west-1", "accountId": "012345678901", "cidrs": ["10.40.0.0/16", "10.41.0.0/16"], "dnsServers": ["10.40.0.2"]},
            {"vpcId": "vpc-0f1e2d3c", "region": "eu-west-1", "accountId": "210987654321", "cidrs": ["10.50.0.0/16"], "dnsServers": ["10.50.0.2"]}
        ])
    );
    // Offline: the CIDR is verified by rules, the quotas need facts, the status page is by hand.
    assert_eq!(prerequisite(&v, "vpc-cidr")["status"], "verified");
    assert!(
        prerequisite(&v, "vpc-cidr")["rules"]
            .as_array()
            .unwrap()
            .contains(&json!("cidr-too-small"))
    );
    assert_eq!(prerequisite(&v, "quotas")["status"], "to-confirm");
    assert!(
        prerequisite(&v, "quotas")["detail"]
            .as_str()
            .unwrap()
            .contains("needs --online")
    );
    assert_eq!(prerequisite(&v, "status-page")["status"], "to-confirm");
    assert_eq!(prerequisite(&v, "allowlist")["status"], "to-confirm");
    assert_eq!(
        prerequisite(&v, "peering")["status"],
        "to-confirm",
        "the peer VPCs need facts"
    );

    let (code, markdown, _) = handoff(&[&manifest]);
    assert_eq!(code, 0);
    assert!(
        markdown.contains("| Node instance type | m5.xlarge (Astronomer's default) |"),
        "{markdown}"
    );
    assert!(markdown.contains("| Region | eu-west-1 |"), "{markdown}");
    assert!(
        markdown.contains("| Maximum node count | 12 |"),
        "{markdown}"
    );
    assert!(
        markdown.contains(
            "| vpc-0a1b2c3d4e5f67890 | eu-west-1 | 012345678901 | 10.40.0.0/16, 10.41.0.0/16 | 10.40.0.2 |"
        ),
        "{markdown}"
    );
    assert!(
        markdown.contains("| vpc-0f1e2d3c | eu-west-1 | 210987654321 | 10.50.0.0/16 | 10.50.0.2 |"),
        "{markdown}"
    );
    assert!(
        markdown.contains("- [ ] **A subscription to the Astro status page"),
        "{markdown}"
    );
    assert!(
        markdown.contains("- [x] **A private VPC CIDR"),
        "{markdown}"
    );
}

#[test]
fn cross_account_role_has_no_database_type_and_its_own_default_cidr() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = write(
        dir.path(),
        "m.yaml",
        "version: 1\ninstall: cross-account-role\norganization: acme\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme-data\n",
    );
    let (code, stdout, stderr) = handoff(&["--format", "json", &manifest]);
    assert_eq!(code, 0, "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["install"], "cross-account-role");
    assert!(v.get("dbInstanceType").is_none(), "{v:#}");
    assert_eq!(
        v["vpcCidr"],
        json!({"value": "172.20.0.0/19", "defaulted": true})
    );
    assert_eq!(
        v["region"],
        json!({"value": "us-east-1", "defaulted": true})
    );
    assert_eq!(v["maxNodeCount"], json!({"value": 20, "defaulted": true}));
    assert_eq!(v["organization"], "acme");
    assert_eq!(v["peering"], json!([]));
    assert!(
        v["prerequisites"]
            .as_array()
            .unwrap()
            .iter()
            .all(|p| p["id"] != "db-instance-type" && p["id"] != "peering")
    );
    let (_, markdown, _) = handoff(&[&manifest]);
    assert!(!markdown.contains("RDS"), "{markdown}");
    assert!(markdown.contains("No VPC peering requested."), "{markdown}");
}

#[test]
fn facts_verify_the_online_prerequisites() {
    let fixtures = root().join("crates/linter/tests/fixtures");
    let dir = tempfile::tempdir().unwrap();
    let write = |path: &str| crate::fixture_facts::write_whole(&fixtures.join(path), dir.path());
    let manifest = fixtures.join("account-mismatch/ok-clean-account.yaml");
    let facts = write("account-mismatch/ok-clean-account.facts.json");
    let (code, stdout, stderr) = handoff(&[
        "--format",
        "json",
        "--facts",
        facts.to_str().unwrap(),
        manifest.to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    for id in [
        "dedicated-account",
        "quotas",
        "region",
        "node-instance-type",
    ] {
        let p = prerequisite(&v, id);
        assert_eq!(p["status"], "verified", "{p:#}");
        assert!(
            p["detail"].as_str().unwrap().contains("with saved facts"),
            "{p:#}"
        );
    }
    assert!(
        prerequisite(&v, "quotas")["rules"]
            .as_array()
            .unwrap()
            .contains(&json!("quota-on-demand"))
    );
    assert!(
        v["checked"]
            .as_str()
            .unwrap()
            .contains("ok-clean-account.facts.json")
    );
    // A warning of a rule that ran: verified, with the warning said.
    let manifest = fixtures.join("quota-capacity/default-cluster.yaml");
    let facts = write("quota-capacity/default-cluster.facts.json");
    let (code, stdout, _) = handoff(&[
        "--format",
        "json",
        "--facts",
        facts.to_str().unwrap(),
        manifest.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(prerequisite(&v, "quotas")["status"], "warning");
    assert!(
        prerequisite(&v, "quotas")["detail"]
            .as_str()
            .unwrap()
            .contains("quota-capacity")
    );
}

#[test]
fn a_manifest_with_an_error_is_not_handed_off() {
    let (code, stdout, stderr) = handoff(&["examples/broken/too-small.yaml"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stdout.is_empty(), "{stdout}");
    assert!(
        stderr.contains("cidr-too-small"),
        "rendered as check renders it: {stderr}"
    );
    assert!(stderr.contains("not handed off"), "{stderr}");
    let (code, stdout, _) = handoff(&["--format", "json", "examples/broken/syntax.yaml"]);
    assert_eq!(code, 1);
    assert!(stdout.is_empty());
    let (code, _, stderr) = handoff(&["examples/no-such-file.yaml"]);
    assert_eq!(code, 2, "{stderr}");
}

#[test]
fn the_external_id_is_never_handed_off() {
    let dir = tempfile::tempdir().unwrap();
    // An external ID in a manifest is an error: refused, and masked in the findings.
    let manifest = write(
        dir.path(),
        "m.yaml",
        "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\n  externalId: s3cr3t-external-id-value\ncluster:\n  name: acme\n",
    );
    let (code, stdout, stderr) = handoff(&[&manifest]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        !stdout.contains("s3cr3t") && !stderr.contains("s3cr3t"),
        "{stdout}{stderr}"
    );
}

#[test]
fn silenced_findings_are_said() {
    let dir = tempfile::tempdir().unwrap();
    let manifest = write(
        dir.path(),
        "m.yaml",
        "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme\n  \
         nodeInstanceType: t3.xlarge  # preflight-ignore: instance-type-burstable -- a development cluster\n",
    );
    let (code, stdout, stderr) = handoff(&["--format", "json", &manifest]);
    assert_eq!(code, 0, "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(v["suppressed"], 1, "{v:#}");
    assert_eq!(
        v["nodeInstanceType"],
        json!({"value": "t3.xlarge", "defaulted": false})
    );
    let (_, markdown, _) = handoff(&[&manifest]);
    assert!(markdown.contains("1 finding(s) silenced"), "{markdown}");
}

/// With facts in which every fact was gathered, each prerequisite is checked by exactly the
/// rules that name it in their declaration (the linter's registry), all of which ran: every
/// prerequisite and every rule, derived, none named here.
#[test]
fn every_prerequisite_is_checked_by_the_rules_that_declare_it() {
    use astro_preflight_linter::prerequisites;
    let fixtures = root().join("crates/linter/tests/fixtures/peering-vpc-overlap");
    let dir = tempfile::tempdir().unwrap();
    let facts =
        crate::fixture_facts::write_whole(&fixtures.join("ok-no-overlap.facts.json"), dir.path());
    let (code, stdout, stderr) = handoff(&[
        "--format",
        "json",
        "--facts",
        facts.to_str().unwrap(),
        fixtures.join("ok-no-overlap.yaml").to_str().unwrap(),
    ]);
    assert_eq!(code, 0, "{stderr}");
    let v: Value = serde_json::from_str(&stdout).unwrap();
    let listed: Vec<&str> = v["prerequisites"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap())
        .collect();
    let ids: Vec<&str> = prerequisites::ALL.iter().map(|p| p.id).collect();
    assert_eq!(
        listed, ids,
        "a hybrid manifest with peering: every prerequisite applies"
    );
    let mut verified_by_rules = 0;
    for p in prerequisites::ALL {
        let rules: Vec<&str> = p.rules().map(|r| r.id).collect();
        let out = prerequisite(&v, p.id);
        assert_eq!(out["rules"], json!(rules), "{out:#}");
        if rules.is_empty() {
            assert_eq!(out["status"], "to-confirm", "{out:#}");
        } else {
            assert_ne!(out["status"], "to-confirm", "{out:#}");
            verified_by_rules += 1;
        }
    }
    assert!(verified_by_rules > 0);
}
