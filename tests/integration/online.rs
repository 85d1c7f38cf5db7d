//! The binary's online path end to end, against the local AWS emulator: `check --online`,
//! `facts` and `check --facts`, with the credentials of a fresh emulated account per test.
//!
//! Every run is also checked for leaked secrets (the secret access key and the session token of
//! the credentials in use never appear in stdout, stderr or a facts file), and most scenarios
//! replay their facts: `facts` then `check --facts` gives exactly the diagnostics of
//! `check --online`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::{Value, json};

use crate::emulator::{Account, EXTERNAL_ID, Emulator, PeerNet, SilentListener, refused_url};

/// Quotas high enough that no quota rule fires for 20 x m5.xlarge (80 vCPUs).
pub(crate) fn ample_quotas() -> Value {
    json!({ "quotas": { "L-1216C47A": 256, "L-34B43A08": 256 } })
}

/// A manifest with every cluster field given, so that line numbers are known:
/// `account.id` on line 4, `cluster.region` 7, `vpcCidr` 8, `nodeInstanceType` 9,
/// `maxNodeCount` 10, and peering entry `i`'s `vpcId` on line `12 + 4i`.
struct Manifest {
    install: String,
    account: String,
    region: String,
    vpc_cidr: String,
    node_type: String,
    max_nodes: u32,
    peering: Vec<Peer>,
}

struct Peer {
    vpc_id: String,
    region: String,
    cidr: String,
    dns: String,
    /// `accountId`, written after the entry's other keys.
    account: Option<String>,
}

impl Peer {
    fn new(vpc_id: &str, region: &str, cidr: &str, dns: &str) -> Peer {
        Peer {
            vpc_id: vpc_id.into(),
            region: region.into(),
            cidr: cidr.into(),
            dns: dns.into(),
            account: None,
        }
    }

    fn in_account(mut self, account: &str) -> Peer {
        self.account = Some(account.to_owned());
        self
    }
}

impl Manifest {
    fn new(account: &str) -> Manifest {
        Manifest {
            install: "hybrid".into(),
            account: account.to_owned(),
            region: "us-east-1".into(),
            vpc_cidr: "172.20.0.0/20".into(),
            node_type: "m5.xlarge".into(),
            max_nodes: 20,
            peering: Vec::new(),
        }
    }

    /// A cross-account-role install (with the /19 it needs).
    fn cross_account(mut self) -> Manifest {
        self.install = "cross-account-role".into();
        self.vpc_cidr = "172.20.0.0/19".into();
        self
    }

    fn region(mut self, region: &str) -> Manifest {
        self.region = region.into();
        self
    }

    fn node_type(mut self, node_type: &str) -> Manifest {
        self.node_type = node_type.into();
        self
    }

    fn peer(mut self, peer: Peer) -> Manifest {
        self.peering.push(peer);
        self
    }

    fn text(&self) -> String {
        let mut text = format!(
            "version: 1\ninstall: {}\naccount:\n  id: \"{}\"\ncluster:\n  name: acme-prod\n  region: {}\n  \
             vpcCidr: {}\n  nodeInstanceType: {}\n  maxNodeCount: {}\n",
            self.install, self.account, self.region, self.vpc_cidr, self.node_type, self.max_nodes
        );
        if !self.peering.is_empty() {
            text.push_str("peering:\n");
            for p in &self.peering {
                text.push_str(&format!(
                    "  - vpcId: {}\n    region: {}\n    cidrs: [{}]\n    dnsServers: [{}]\n",
                    p.vpc_id, p.region, p.cidr, p.dns
                ));
                if let Some(account) = &p.account {
                    text.push_str(&format!("    accountId: \"{account}\"\n"));
                }
            }
        }
        text
    }

    /// Writes the manifest into a new temporary directory: (directory, manifest path).
    fn write(&self) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("temporary directory");
        let path = dir.path().join("manifest.yaml");
        std::fs::write(&path, self.text()).expect("write the manifest");
        (dir, path)
    }
}

/// Credentials for a run: (access key id, secret access key, session token).
#[derive(Clone)]
pub(crate) struct Creds {
    key: String,
    secret: String,
    token: String,
}

impl Creds {
    pub(crate) fn of(account: &Account) -> Creds {
        Creds {
            key: account.access_key_id.clone(),
            secret: account.secret_access_key.clone(),
            token: account.session_token.clone(),
        }
    }

    /// Made-up credentials, for endpoints that are not the emulator.
    fn made_up() -> Creds {
        Creds {
            key: "AKIAIOSFODNN7EXAMPLE".into(),
            secret: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY".into(),
            token: "FwoGZXIvYXdzEXAMPLESESSIONTOKENxyzzy0123456789".into(),
        }
    }
}

/// The binary with an environment that holds no AWS settings but the ones given: no profile,
/// no config files, no instance metadata.
pub(crate) fn bin(creds: Option<&Creds>) -> Command {
    aws_env(
        Command::cargo_bin("astro-preflight").expect("the binary"),
        creds,
    )
}

/// `cmd` with `bin`'s environment.
fn aws_env(mut cmd: Command, creds: Option<&Creds>) -> Command {
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("AWS_") {
            cmd.env_remove(&name);
        }
    }
    let nowhere = std::env::temp_dir().join("astro-preflight-online-tests-no-such-file");
    cmd.env("AWS_CONFIG_FILE", &nowhere)
        .env("AWS_SHARED_CREDENTIALS_FILE", &nowhere)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_REGION", "us-east-1")
        .env("NO_COLOR", "1");
    if let Some(c) = creds {
        cmd.env("AWS_ACCESS_KEY_ID", &c.key)
            .env("AWS_SECRET_ACCESS_KEY", &c.secret)
            .env("AWS_SESSION_TOKEN", &c.token);
    }
    cmd
}

/// What a run of the binary gave.
pub(crate) struct Run {
    pub(crate) code: i32,
    pub(crate) stdout: String,
    pub(crate) stderr: String,
    elapsed: Duration,
}

impl Run {
    pub(crate) fn json(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| {
            panic!("not JSON ({e}):\n{}\nstderr:\n{}", self.stdout, self.stderr)
        })
    }

    /// The diagnostics of the only file.
    fn diagnostics(&self) -> Vec<Value> {
        let json = self.json();
        let files = json["files"].as_array().expect("files");
        assert_eq!(files.len(), 1, "{json:#}");
        files[0]["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .clone()
    }

    /// (rule, pointer, line) of every error and warning, in output order (infos, such as
    /// `role-changes-unmonitored` in an account without a trail, through [`Run::infos`]).
    fn findings(&self) -> Vec<(String, String, u64)> {
        self.diagnostics()
            .iter()
            .filter(|d| d["severity"] != "info")
            .map(|d| {
                (
                    str_of(&d["rule"]),
                    str_of(&d["pointer"]),
                    d["line"].as_u64().expect("line"),
                )
            })
            .collect()
    }

    /// The rules of the info diagnostics.
    fn infos(&self) -> Vec<String> {
        self.diagnostics()
            .iter()
            .filter(|d| d["severity"] == "info")
            .map(|d| str_of(&d["rule"]))
            .collect()
    }

    fn rules(&self) -> Vec<String> {
        let mut rules: Vec<String> = self
            .findings()
            .into_iter()
            .map(|(rule, _, _)| rule)
            .collect();
        rules.sort();
        rules
    }

    /// The diagnostics of one rule.
    fn of(&self, rule: &str) -> Vec<Value> {
        self.diagnostics()
            .into_iter()
            .filter(|d| d["rule"] == rule)
            .collect()
    }
}

fn str_of(value: &Value) -> String {
    value
        .as_str()
        .unwrap_or_else(|| panic!("not a string: {value}"))
        .to_owned()
}

pub(crate) fn exec(mut cmd: Command, creds: Option<&Creds>) -> Run {
    let start = Instant::now();
    let out = cmd.output().expect("run the binary");
    let elapsed = start.elapsed();
    let run = Run {
        code: out.status.code().expect("an exit code"),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        elapsed,
    };
    if let Some(c) = creds {
        assert_no_secrets(c, "stdout", &run.stdout);
        assert_no_secrets(c, "stderr", &run.stderr);
    }
    run
}

fn assert_no_secrets(creds: &Creds, what: &str, text: &str) {
    assert!(
        !text.contains(&creds.secret),
        "the secret access key appears in {what}:\n{text}"
    );
    assert!(
        !text.contains(&creds.token),
        "the session token appears in {what}:\n{text}"
    );
}

/// `check --online --format json MANIFEST ARGS... --endpoint-url ENDPOINT`.
fn check_online(creds: &Creds, endpoint: &str, manifest: &Path, args: &[&str]) -> Run {
    let mut cmd = bin(Some(creds));
    cmd.args([
        "check",
        "--online",
        "--format",
        "json",
        "--endpoint-url",
        endpoint,
    ])
    .args(args)
    .arg(manifest);
    exec(cmd, Some(creds))
}

/// `check --online` with the account's own credentials against the shared emulator.
fn live(account: &Account, manifest: &Path) -> Run {
    check_online(&Creds::of(account), &account.emulator.url(), manifest, &[])
}

/// `facts MANIFEST` (to stdout, or with `-o`) then `check --facts FILE MANIFEST` without any
/// credentials: the same exit code and exactly the same diagnostics as the live run.
fn assert_replay_matches(creds: &Creds, manifest: &Path, live: &Run, to_stdout: bool) {
    let dir = tempfile::tempdir().expect("temporary directory");
    let facts_path = dir.path().join("facts.json");
    let mut cmd = bin(Some(creds));
    cmd.args(["facts", "--endpoint-url", &Emulator::shared().url()])
        .arg(manifest);
    if !to_stdout {
        cmd.arg("-o").arg(&facts_path);
    }
    let gathered = exec(cmd, Some(creds));
    // Some facts failed: the file is written, the failures listed on stderr, exit 1.
    let partial = gathered.stderr.contains("could not be gathered");
    assert_eq!(
        gathered.code,
        i32::from(partial),
        "facts failed:\n{}",
        gathered.stderr
    );
    if to_stdout {
        std::fs::write(&facts_path, &gathered.stdout).expect("write the facts");
    } else {
        assert_eq!(gathered.stdout, "", "facts -o writes nothing to stdout");
    }
    let text = std::fs::read_to_string(&facts_path).expect("read the facts");
    assert_no_secrets(creds, "the facts file", &text);
    let facts: Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("facts are not JSON ({e}): {text}"));
    assert_eq!(facts["version"], 2, "{facts:#}");

    let mut cmd = bin(None);
    cmd.args(["check", "--format", "json", "--facts"])
        .arg(&facts_path)
        .arg(manifest);
    let replayed = exec(cmd, None);
    assert_eq!(
        replayed.diagnostics(),
        live.diagnostics(),
        "check --facts differs from check --online\nfacts:\n{text}"
    );
    assert_eq!(replayed.code, live.code);
}

fn triples(expected: &[(&str, &str, u64)]) -> Vec<(String, String, u64)> {
    expected
        .iter()
        .map(|(r, p, l)| ((*r).to_owned(), (*p).to_owned(), *l))
        .collect()
}

// ---- scenarios ---------------------------------------------------------------------------

#[test]
fn a_clean_account_passes_with_no_online_finding() {
    let account = Account::new();
    account.scenario(ample_quotas());
    let (_dir, manifest) = Manifest::new(&account.id).write();

    let run = live(&account, &manifest);
    assert_eq!(run.findings(), [], "{}", run.stdout);
    assert_eq!(run.code, 0);
    let summary = &run.json()["summary"];
    assert_eq!(
        (&summary["files"], &summary["errors"], &summary["warnings"]),
        (&json!(1), &json!(0), &json!(0)),
        "{summary}"
    );
    // The facts were really asked, of this account, identity first.
    let calls = account.calls();
    assert_eq!(
        calls.first().map(|(a, _)| a.as_str()),
        Some("sts:GetCallerIdentity"),
        "{calls:?}"
    );
    for action in [
        "ec2:DescribeRegions",
        "servicequotas:GetServiceQuota",
        "ec2:DescribeInstanceTypeOfferings",
        "ec2:DescribeVpcs",
        "ec2:DescribeInstances",
    ] {
        assert!(
            calls.iter().any(|(a, _)| a == action),
            "{action} not called: {calls:?}"
        );
    }

    // The human report of an online run does not say that the online rules were skipped.
    let creds = Creds::of(&account);
    let mut cmd = bin(Some(&creds));
    cmd.args([
        "check",
        "--online",
        "--endpoint-url",
        &account.emulator.url(),
    ])
    .arg(&manifest);
    let human = exec(cmd, Some(&creds));
    assert_eq!(human.code, 0, "{}{}", human.stdout, human.stderr);
    // Only the info that the optional monitoring of the role is not set up.
    assert_eq!(run.infos(), ["role-changes-unmonitored"], "{}", run.stdout);
    assert!(
        human.stdout.contains("1 file checked: 1 info"),
        "{}",
        human.stdout
    );
    assert!(!human.stdout.contains("skipped"), "{}", human.stdout);

    assert_replay_matches(&creds, &manifest, &run, true);
}

#[test]
fn credentials_of_another_account_give_account_mismatch_only() {
    let manifest_account = Account::new();
    let other = Account::new();
    // Everything else would fire, were it checked: low quotas, a VPC, a missing peer VPC.
    other.scenario(json!({ "quotas": { "L-1216C47A": 8, "L-34B43A08": 8 } }));
    other.create_vpc("us-east-1", "10.0.0.0/16");
    let (_dir, manifest) = Manifest::new(&manifest_account.id)
        .peer(Peer::new(
            "vpc-0a1b2c3d4e5f67890",
            "us-west-2",
            "10.10.0.0/16",
            "10.10.0.2",
        ))
        .write();
    let calls_before = other.calls().len();

    let creds = Creds::of(&other);
    let run = check_online(&creds, &other.emulator.url(), &manifest, &[]);
    assert_eq!(
        run.findings(),
        triples(&[("account-mismatch", "/account/id", 4)]),
        "{}",
        run.stdout
    );
    assert_eq!(run.code, 1);
    let message = str_of(&run.of("account-mismatch")[0]["message"]);
    assert!(
        message.contains(&other.id) && message.contains(&manifest_account.id),
        "{message}"
    );
    // Nothing but the identity was asked.
    let calls: Vec<String> = other
        .calls()
        .into_iter()
        .skip(calls_before)
        .map(|(a, _)| a)
        .collect();
    assert_eq!(calls, ["sts:GetCallerIdentity"]);
    assert!(manifest_account.calls().is_empty());

    assert_replay_matches(&creds, &manifest, &run, false);
}

#[test]
fn quotas_below_the_minimum_give_quota_on_demand_and_quota_spot() {
    let account = Account::new();
    account.scenario(json!({ "quotas": { "L-1216C47A": 32, "L-34B43A08": 8 } }));
    let (_dir, manifest) = Manifest::new(&account.id).write();

    let run = live(&account, &manifest);
    assert_eq!(
        run.findings(),
        triples(&[
            ("quota-on-demand", "/cluster/region", 7),
            ("quota-spot", "/cluster/region", 7)
        ]),
        "{}",
        run.stdout
    );
    assert_eq!(run.code, 1);
    let on_demand = str_of(&run.of("quota-on-demand")[0]["message"]);
    assert!(
        on_demand.contains("L-1216C47A") && on_demand.contains("32"),
        "{on_demand}"
    );
    let spot = str_of(&run.of("quota-spot")[0]["message"]);
    assert!(spot.contains("L-34B43A08") && spot.contains('8'), "{spot}");

    assert_replay_matches(&Creds::of(&account), &manifest, &run, false);
}

#[test]
fn a_quota_that_cannot_carry_max_node_count_gives_quota_capacity() {
    let account = Account::new();
    account.scenario(json!({ "quotas": { "L-1216C47A": 64, "L-34B43A08": 256 } }));
    let (_dir, manifest) = Manifest::new(&account.id).write();

    let run = live(&account, &manifest);
    assert_eq!(
        run.findings(),
        triples(&[("quota-capacity", "/cluster/maxNodeCount", 10)]),
        "{}",
        run.stdout
    );
    let d = &run.of("quota-capacity")[0];
    assert_eq!(d["severity"], "warning");
    let message = str_of(&d["message"]);
    assert!(
        message.contains("80 vCPUs") && message.contains("64"),
        "{message}"
    );
    // A warning: exit 0, unless warnings are denied.
    assert_eq!(run.code, 0);
    let denied = check_online(
        &Creds::of(&account),
        &account.emulator.url(),
        &manifest,
        &["--deny-warnings"],
    );
    assert_eq!(denied.code, 1);
    assert_eq!(denied.findings(), run.findings());

    assert_replay_matches(&Creds::of(&account), &manifest, &run, true);
}

#[test]
fn a_vpc_and_a_running_instance_give_account_not_empty() {
    let account = Account::new();
    account.scenario(ample_quotas());
    let vpc = account.create_vpc("us-east-1", "10.0.0.0/16");
    let instance = account.run_instance("us-east-1");
    // The whole account counts: a VPC in another enabled region too.
    let elsewhere = account.create_vpc("eu-west-1", "10.1.0.0/16");
    let (_dir, manifest) = Manifest::new(&account.id).write();

    let run = live(&account, &manifest);
    assert_eq!(
        run.findings(),
        triples(&[("account-not-empty", "/account/id", 4)]),
        "{}",
        run.stdout
    );
    assert_eq!(run.code, 1);
    let message = str_of(&run.of("account-not-empty")[0]["message"]);
    assert!(message.contains(&vpc), "{message}");
    assert!(message.contains(&instance), "{message}");
    assert!(message.contains(&elsewhere), "{message}");
    assert!(
        message.contains("3 resources") && message.contains("in eu-west-1"),
        "{message}"
    );
    assert_eq!(message.matches("vpc-").count(), 2, "{message}");
    // Every resource is in the JSON diagnostic's data, with its CloudFormation type and region.
    let data = &run.of("account-not-empty")[0]["data"]["resources"];
    assert!(data.as_array().is_some_and(|r| r.len() == 3), "{data}");
    assert!(
        data.as_array()
            .unwrap()
            .iter()
            .any(|r| r["type"] == "AWS::EC2::VPC"
                && r["id"] == elsewhere.as_str()
                && r["region"] == "eu-west-1"),
        "{data}"
    );

    assert_replay_matches(&Creds::of(&account), &manifest, &run, false);
}

#[test]
fn peering_vpcs_that_do_not_exist_or_overlap_through_a_secondary_cidr() {
    let account = Account::new();
    account.scenario(ample_quotas());
    // The peer VPC's primary CIDR is clear of the cluster's 172.20.0.0/20; its secondary is not.
    let overlapping = account.create_vpc("us-west-2", "10.10.0.0/16");
    account.associate_cidr("us-west-2", &overlapping, "172.20.0.0/16");
    let clear = account.create_vpc("us-west-2", "10.20.0.0/16");
    account.associate_cidr("us-west-2", &clear, "10.21.0.0/16");
    let missing = "vpc-0a1b2c3d4e5f67890";
    let (_dir, manifest) = Manifest::new(&account.id)
        .peer(Peer::new(missing, "us-west-2", "10.30.0.0/16", "10.30.0.2"))
        .peer(Peer::new(
            &overlapping,
            "us-west-2",
            "10.10.0.0/16",
            "10.10.0.2",
        ))
        .peer(Peer::new(&clear, "us-west-2", "10.20.0.0/16", "10.20.0.2"))
        .write();

    let run = live(&account, &manifest);
    // The peered VPCs live in this test's own account, so account-not-empty reports them too.
    assert_eq!(
        run.findings(),
        triples(&[
            ("account-not-empty", "/account/id", 4),
            ("peering-vpc-not-found", "/peering/0/vpcId", 12),
            ("peering-vpc-overlap", "/peering/1/vpcId", 16)
        ]),
        "{}",
        run.stdout
    );
    assert_eq!(run.code, 1);
    let not_found = str_of(&run.of("peering-vpc-not-found")[0]["message"]);
    assert!(
        not_found.contains(missing) && not_found.contains("us-west-2"),
        "{not_found}"
    );
    let overlap = str_of(&run.of("peering-vpc-overlap")[0]["message"]);
    assert!(
        overlap.contains(&overlapping)
            && overlap.contains("172.20.0.0/16")
            && overlap.contains("172.20.0.0/20"),
        "{overlap}"
    );
    // The VPCs were asked in the peering entries' region.
    let asked: Vec<String> = account
        .calls()
        .into_iter()
        .filter(|(a, _)| a == "ec2:DescribeVpcs")
        .map(|(_, r)| r)
        .collect();
    // Three lookups, and the inventory's listing of the region.
    assert_eq!(
        asked.iter().filter(|r| *r == "us-west-2").count(),
        4,
        "{asked:?}"
    );

    assert_replay_matches(&Creds::of(&account), &manifest, &run, true);
}

#[test]
fn a_disabled_opt_in_region_gives_region_not_enabled() {
    let account = Account::new();
    account.scenario(json!({
        "quotas": { "L-1216C47A": 256, "L-34B43A08": 256 },
        "regions": { "me-south-1": "DISABLED" },
    }));
    // A peering VPC in an enabled region is still checked.
    let (_dir, manifest) = Manifest::new(&account.id)
        .region("me-south-1")
        .peer(Peer::new(
            "vpc-0a1b2c3d4e5f67890",
            "us-west-2",
            "10.10.0.0/16",
            "10.10.0.2",
        ))
        .write();

    let run = live(&account, &manifest);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let not_enabled = run.of("region-not-enabled");
    assert_eq!(not_enabled.len(), 1, "{}", run.stdout);
    assert_eq!(
        (
            str_of(&not_enabled[0]["pointer"]),
            not_enabled[0]["line"].as_u64()
        ),
        ("/cluster/region".to_owned(), Some(7))
    );
    assert_eq!(not_enabled[0]["severity"], "error");
    let message = str_of(&not_enabled[0]["message"]);
    assert!(
        message.contains("me-south-1") && message.contains("DISABLED"),
        "{message}"
    );
    assert!(message.contains("did not run"), "{message}");
    // The offline rule says what an opt-in region needs; the calls refused in the region are
    // not repeated as check-incomplete warnings.
    assert_eq!(
        run.rules(),
        [
            "peering-vpc-not-found",
            "region-not-enabled",
            "region-opt-in"
        ],
        "{}",
        run.stdout
    );
    let refused: Vec<(String, String)> = account
        .calls()
        .into_iter()
        .filter(|(_, region)| region == "me-south-1")
        .collect();
    assert!(!refused.is_empty(), "nothing was asked in me-south-1");
    assert_replay_matches(&Creds::of(&account), &manifest, &run, true);

    // Enabled, the same region passes.
    account.scenario(json!({ "regions": { "me-south-1": "ENABLED" } }));
    let enabled = live(&account, &manifest);
    assert_eq!(
        enabled.rules(),
        ["peering-vpc-not-found", "region-opt-in"],
        "{}",
        enabled.stdout
    );
    assert!(
        enabled
            .of("region-opt-in")
            .iter()
            .all(|d| d["severity"] == "warning")
    );

    assert_replay_matches(&Creds::of(&account), &manifest, &enabled, false);
}

#[test]
fn a_denied_call_gives_check_incomplete_naming_the_action() {
    let account = Account::new();
    account.scenario(json!({
        "quotas": { "L-1216C47A": 256, "L-34B43A08": 256 },
        "deny": ["ec2:DescribeVpcs"],
    }));
    let (_dir, manifest) = Manifest::new(&account.id).write();

    let run = live(&account, &manifest);
    assert_eq!(
        run.findings(),
        triples(&[("check-incomplete", "/account/id", 4)]),
        "{}",
        run.stdout
    );
    let d = &run.of("check-incomplete")[0];
    assert_eq!(d["severity"], "error");
    let message = str_of(&d["message"]);
    assert!(
        message.contains("ec2:DescribeVpcs") && message.contains("access denied"),
        "{message}"
    );
    assert!(
        str_of(&d["help"]).contains("allow `ec2:DescribeVpcs`"),
        "{d}"
    );
    // Unproven is not passed: an error, exit 1...
    assert_eq!(run.code, 1);
    // ...unless the configuration lowers it.
    std::fs::write(
        manifest.with_file_name("astro-preflight.toml"),
        "[rules]\ncheck-incomplete = \"warning\"\n",
    )
    .expect("write the configuration");
    let lowered = live(&account, &manifest);
    assert_eq!(lowered.code, 0, "{}", lowered.stdout);
    assert_eq!(lowered.findings(), run.findings());
    assert_eq!(lowered.of("check-incomplete")[0]["severity"], "warning");
    std::fs::remove_file(manifest.with_file_name("astro-preflight.toml"))
        .expect("remove the configuration");

    assert_replay_matches(&Creds::of(&account), &manifest, &run, true);
}

#[test]
fn a_denied_call_leaves_every_other_rule_reported() {
    let account = Account::new();
    account.scenario(json!({
        "quotas": { "L-1216C47A": 8, "L-34B43A08": 8 },
        "deny": ["ec2:DescribeVpcs"],
    }));
    let instance = account.run_instance("us-east-1");
    let (_dir, manifest) = Manifest::new(&account.id)
        .node_type("t3.xlarge")
        .peer(Peer::new(
            "vpc-0a1b2c3d4e5f67890",
            "us-west-2",
            "10.10.0.0/16",
            "10.10.0.2",
        ))
        .write();

    let run = live(&account, &manifest);
    assert_eq!(
        run.findings(),
        triples(&[
            ("account-not-empty", "/account/id", 4),
            ("check-incomplete", "/account/id", 4),
            ("quota-on-demand", "/cluster/region", 7),
            ("quota-spot", "/cluster/region", 7),
            ("instance-type-burstable", "/cluster/nodeInstanceType", 9),
            ("check-incomplete", "/peering/0/vpcId", 12),
        ]),
        "{}",
        run.stdout
    );
    assert_eq!(run.code, 1);
    for d in run.of("check-incomplete") {
        let message = str_of(&d["message"]);
        assert!(message.contains("ec2:DescribeVpcs"), "{message}");
    }
    // The instances were still listed.
    let not_empty = str_of(&run.of("account-not-empty")[0]["message"]);
    assert!(not_empty.contains(&instance), "{not_empty}");

    assert_replay_matches(&Creds::of(&account), &manifest, &run, false);
}

/// A manifest with an offline finding (a burstable type: warning), for endpoints that fail.
fn offline_finding_manifest() -> (tempfile::TempDir, PathBuf) {
    Manifest::new("123456789012").node_type("t3.xlarge").write()
}

#[test]
fn an_endpoint_that_never_answers_is_bounded_by_the_timeout() {
    let listener = SilentListener::start();
    let (_dir, manifest) = offline_finding_manifest();
    let creds = Creds::made_up();

    let run = check_online(&creds, &listener.url(), &manifest, &["--timeout", "3"]);
    assert!(
        run.elapsed < Duration::from_secs(15),
        "took {:?}",
        run.elapsed
    );
    assert!(
        run.elapsed >= Duration::from_secs(2),
        "gave up before the timeout: {:?}",
        run.elapsed
    );
    assert!(
        listener.accepted() > 0,
        "the binary never connected to the endpoint"
    );
    // Nothing could be gathered, for one cause: said once, on one line, exit 2.
    assert_one_cause(&run, "timed out", "run again");
}

/// The run stopped before any finding, with one line on stderr naming the cause and what to
/// do (never a permission to add), exit 2.
fn assert_one_cause(run: &Run, cause: &str, advice: &str) {
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert_eq!(run.stdout, "");
    let lines: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{}", run.stderr);
    assert!(
        lines[0].starts_with("error: ") && lines[0].contains(cause) && lines[0].contains(advice),
        "{}",
        run.stderr
    );
    assert!(!lines[0].contains("allow `"), "{}", run.stderr);
}

#[test]
fn a_refused_connection_is_reported_quickly() {
    let (_dir, manifest) = offline_finding_manifest();
    let creds = Creds::made_up();

    let run = check_online(&creds, &refused_url(), &manifest, &["--timeout", "3"]);
    assert!(
        run.elapsed < Duration::from_secs(15),
        "took {:?}",
        run.elapsed
    );
    assert_one_cause(&run, "endpoint unreachable", "check the network");
    // facts: the same line, and no file.
    let dir = tempfile::tempdir().expect("temporary directory");
    let out = dir.path().join("facts.json");
    let mut cmd = bin(Some(&creds));
    cmd.args([
        "facts",
        "--timeout",
        "3",
        "--endpoint-url",
        &refused_url(),
        "-o",
    ])
    .arg(&out)
    .arg(&manifest);
    let facts = exec(cmd, Some(&creds));
    assert_one_cause(&facts, "endpoint unreachable", "check the network");
    assert!(!out.exists());
}

#[test]
fn no_credentials_stop_every_online_command_on_one_line() {
    let (dir, manifest) = offline_finding_manifest();
    let out = dir.path().join("facts.json");
    let commands: [&[&str]; 3] = [
        &["check", "--online"],
        &["handoff", "--online"],
        &["facts", "-o", out.to_str().expect("a UTF-8 path")],
    ];
    for args in commands {
        let mut cmd = bin(None);
        cmd.args(args).arg(&manifest);
        let run = exec(cmd, None);
        assert_eq!(run.code, 2, "{args:?}: {}\n{}", run.stdout, run.stderr);
        assert_eq!(run.stdout, "", "{args:?}");
        let lines: Vec<&str> = run.stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{args:?}: {}", run.stderr);
        for tried in [
            "no AWS credentials found",
            "AWS_ACCESS_KEY_ID",
            "the profile `default`",
            "AWS_WEB_IDENTITY_TOKEN_FILE",
            "container",
            "instance metadata",
            "aws configure",
        ] {
            assert!(
                lines[0].contains(tried),
                "{args:?}: no {tried:?} in {}",
                lines[0]
            );
        }
        // Nothing to wait for: no call is made.
        assert!(
            run.elapsed < Duration::from_secs(2),
            "{args:?}: {:?}",
            run.elapsed
        );
    }
    assert!(!out.exists(), "no facts file is written");
}

#[test]
fn an_unknown_profile_is_named() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let config = dir.path().join("config");
    std::fs::write(&config, "[profile dev]\nregion = us-east-1\n").expect("write the config");
    let (_m, manifest) = offline_finding_manifest();
    let mut cmd = bin(None);
    cmd.env("AWS_CONFIG_FILE", &config)
        .args(["check", "--online", "--profile", "prod"])
        .arg(&manifest);
    let run = exec(cmd, None);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("the AWS profile `prod` is not defined")
            && run.stderr.contains("`dev`"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_profile_whose_credentials_come_from_sso_or_a_process_is_named() {
    let dir = tempfile::tempdir().expect("temporary directory");
    let config = dir.path().join("config");
    std::fs::write(
        &config,
        "[profile dev]\nsso_session = corp\nsso_account_id = 123456789012\nsso_role_name = Admin\n\
         [sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = us-east-1\n\
         [profile tool]\ncredential_process = /bin/false\n\
         [profile admin]\nrole_arn = arn:aws:iam::123456789012:role/Admin\nsource_profile = dev\n",
    )
    .expect("write the config");
    let (_m, manifest) = offline_finding_manifest();
    for (profile, source) in [
        ("dev", "IAM Identity Center (SSO)"),
        ("admin", "IAM Identity Center (SSO)"),
        ("tool", "credential_process"),
    ] {
        let mut cmd = bin(None);
        cmd.env("AWS_CONFIG_FILE", &config)
            .args(["check", "--online", "--profile", profile])
            .arg(&manifest);
        let run = exec(cmd, None);
        assert_eq!(run.code, 2, "{}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
        assert!(
            run.stderr.contains(&format!(
                "the AWS profile `{profile}` gets its credentials from {source}"
            )) && run.stderr.contains(&format!(
                "aws configure export-credentials --profile {profile}"
            )),
            "{}",
            run.stderr
        );
    }
}

#[test]
fn expired_credentials_stop_the_run_on_one_line() {
    let account = Account::new();
    account.scenario(json!({ "errors": { "sts:GetCallerIdentity": "expired" } }));
    let (_dir, manifest) = Manifest::new(&account.id).write();
    let run = live(&account, &manifest);
    assert_one_cause(&run, "ExpiredToken", "renew them");
}

#[test]
fn facts_to_stdout_and_to_a_file_agree() {
    let account = Account::new();
    account.scenario(json!({ "quotas": { "L-1216C47A": 32, "L-34B43A08": null } }));
    let (dir, manifest) = Manifest::new(&account.id).write();
    let creds = Creds::of(&account);

    let mut cmd = bin(Some(&creds));
    cmd.args(["facts", "--endpoint-url", &account.emulator.url()])
        .arg(&manifest);
    let stdout = exec(cmd, Some(&creds));
    assert_eq!(stdout.code, 0, "{}", stdout.stderr);
    // The file it replaces keeps its mode, and is replaced whole: a new file renamed over it.
    let out = dir.path().join("facts.json");
    std::fs::write(&out, "an older facts file\n").expect("write the old file");
    #[cfg(unix)]
    let before = {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&out, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(&out).expect("metadata"))
    };
    let mut cmd = bin(Some(&creds));
    cmd.args([
        "facts",
        "--endpoint-url",
        &account.emulator.url(),
        "--output",
    ])
    .arg(&out)
    .arg(&manifest);
    let file = exec(cmd, Some(&creds));
    assert_eq!(file.code, 0, "{}", file.stderr);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let after = std::fs::metadata(&out).expect("metadata");
        assert_eq!(after.permissions().mode() & 0o7777, 0o640);
        assert_ne!(after.ino(), before);
    }
    #[cfg(unix)]
    facts_that_cannot_be_written_leave_the_file_whole(&account, &creds, &manifest, &out);

    let mut a: Value = serde_json::from_str(&stdout.stdout).expect("facts JSON");
    let mut b: Value = serde_json::from_str(&std::fs::read_to_string(&out).expect("facts file"))
        .expect("facts JSON");
    for facts in [&mut a, &mut b] {
        assert!(facts["gatheredAt"].is_string(), "{facts:#}");
        facts["gatheredAt"] = Value::Null;
    }
    assert_eq!(a, b);
    assert_eq!(a["request"]["accountId"], account.id.as_str());
    assert_eq!(
        a["facts"]["identity"],
        json!({ "status": "ok", "value": { "account": account.id } })
    );
    assert_eq!(a["facts"]["quotaOnDemand"]["value"]["value"], 32.0);
    assert_eq!(a["facts"]["quotaSpot"]["value"]["source"], "aws-default");
}

/// Under a file-size limit smaller than the facts (SIGXFSZ at its default, which would end the
/// process mid-write), `facts -o` fails: the file it would replace is left whole and no
/// temporary file is left beside it.
#[cfg(unix)]
fn facts_that_cannot_be_written_leave_the_file_whole(
    account: &Account,
    creds: &Creds,
    manifest: &Path,
    out: &Path,
) {
    let whole = std::fs::read(out).expect("the facts file");
    assert!(whole.len() > 4096, "facts of {} bytes", whole.len());
    let mut cmd = aws_env(Command::new("bash"), Some(creds));
    cmd.arg("-c")
        .arg("trap - XFSZ; ulimit -f 1; exec \"$0\" \"$@\"")
        .arg(assert_cmd::cargo::cargo_bin("astro-preflight"))
        .args(["facts", "--endpoint-url", &account.emulator.url(), "-o"])
        .arg(out)
        .arg(manifest);
    let run = exec(cmd, Some(creds));
    assert_eq!(run.code, 2, "{}\n{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("cannot write"), "{}", run.stderr);
    assert_eq!(std::fs::read(out).expect("the facts file"), whole);
    let dir = out.parent().expect("a directory");
    let names: Vec<String> = std::fs::read_dir(dir)
        .expect("read the directory")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.contains("facts.json"))
        .collect();
    assert_eq!(names, ["facts.json"], "{names:?}");
}

#[test]
fn an_invalid_account_id_still_runs_the_offline_rules() {
    let account = Account::new();
    let creds = Creds::of(&account);
    let dir = tempfile::tempdir().expect("temporary directory");
    let manifest = dir.path().join("manifest.yaml");
    std::fs::write(
        &manifest,
        "version: 1\ninstall: hybrid\naccount:\n  id: \"12345\"\ncluster:\n  name: acme-prod\n  vpcCidr: 172.20.0.0/22\n",
    )
    .expect("write the manifest");

    let run = check_online(&creds, &account.emulator.url(), &manifest, &[]);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let findings = run.findings();
    assert!(
        findings.contains(&("schema".to_owned(), "/account/id".to_owned(), 4)),
        "{findings:?}"
    );
    assert!(
        findings.contains(&(
            "cidr-too-small".to_owned(),
            "/cluster/vpcCidr".to_owned(),
            7
        )),
        "{findings:?}"
    );
    assert!(
        run.rules()
            .iter()
            .all(|r| r == "schema" || r == "cidr-too-small"),
        "{findings:?}"
    );
    // Nothing could be asked of AWS for this manifest, so nothing was.
    assert!(account.calls().is_empty(), "{:?}", account.calls());

    // The human report does not tell to run with --online, which was given.
    let mut cmd = bin(Some(&creds));
    cmd.args([
        "check",
        "--online",
        "--endpoint-url",
        &account.emulator.url(),
    ])
    .arg(&manifest);
    let human = exec(cmd, Some(&creds));
    assert_eq!(human.code, 1, "{}{}", human.stdout, human.stderr);
    assert!(
        !human.stdout.contains("run with --online"),
        "{}",
        human.stdout
    );
}

#[test]
fn without_online_or_facts_the_online_rules_are_said_to_be_skipped() {
    let (_dir, manifest) = Manifest::new("123456789012").write();
    let mut cmd = bin(None);
    cmd.arg("check").arg(&manifest);
    let human = exec(cmd, None);
    assert_eq!(human.code, 0, "{}{}", human.stdout, human.stderr);
    assert!(
        human.stdout.contains("online rules skipped"),
        "{}",
        human.stdout
    );
    assert!(human.stdout.contains("--online"), "{}", human.stdout);

    // JSON output is the diagnostics alone: none here.
    let mut cmd = bin(None);
    cmd.args(["check", "--format", "json"]).arg(&manifest);
    let json = exec(cmd, None);
    assert_eq!(json.findings(), []);
}

#[test]
fn peering_findings_point_at_their_own_entry_when_an_earlier_entry_is_incomplete() {
    let account = Account::new();
    account.scenario(ample_quotas());
    let overlapping = account.create_vpc("us-west-2", "172.20.0.0/16");
    let dir = tempfile::tempdir().expect("temporary directory");
    let manifest = dir.path().join("manifest.yaml");
    // Entry 0 has no region (a schema error) and a malformed VPC ID: nothing to ask about it.
    std::fs::write(
        &manifest,
        format!(
            "{}peering:\n  - vpcId: vpc-12\n    cidrs: [10.30.0.0/16]\n    dnsServers: [10.30.0.2]\n  \
             - vpcId: vpc-0a1b2c3d4e5f67890\n    region: us-west-2\n    cidrs: [10.40.0.0/16]\n    dnsServers: [10.40.0.2]\n  \
             - vpcId: {overlapping}\n    region: us-west-2\n    cidrs: [10.10.0.0/16]\n    dnsServers: [10.10.0.2]\n",
            Manifest::new(&account.id).text()
        ),
    )
    .expect("write the manifest");

    let run = live(&account, &manifest);
    let online: Vec<(String, String, u64)> = run
        .findings()
        .into_iter()
        .filter(|(rule, _, _)| rule != "schema")
        .collect();
    // The peered VPCs live in this test's own account, so account-not-empty reports them too.
    assert_eq!(
        online,
        triples(&[
            ("account-not-empty", "/account/id", 4),
            ("peering-vpc-not-found", "/peering/1/vpcId", 15),
            ("peering-vpc-overlap", "/peering/2/vpcId", 19)
        ]),
        "{}",
        run.stdout
    );
    assert!(run.rules().contains(&"schema".to_owned()), "{}", run.stdout);
    // The malformed VPC ID was not asked about.
    let asked = account
        .calls()
        .into_iter()
        .filter(|(a, r)| a == "ec2:DescribeVpcs" && r == "us-west-2")
        .count();
    assert_eq!(
        asked, 3,
        "the inventory's listing of us-west-2 and two peering VPCs"
    );

    assert_replay_matches(&Creds::of(&account), &manifest, &run, false);
}

#[test]
fn a_throttled_call_gives_check_incomplete_after_the_retries() {
    let account = Account::new();
    account.scenario(json!({
        "quotas": { "L-1216C47A": 256, "L-34B43A08": 256 },
        "errors": { "ec2:DescribeInstances": "throttle" },
    }));
    let (_dir, manifest) = Manifest::new(&account.id).write();

    let run = live(&account, &manifest);
    assert_eq!(
        run.findings(),
        triples(&[("check-incomplete", "/account/id", 4)]),
        "{}",
        run.stdout
    );
    let d = &run.of("check-incomplete")[0];
    let message = str_of(&d["message"]);
    assert!(
        message.contains("ec2:DescribeInstances") && message.contains("throttled"),
        "{message}"
    );
    // Throttled: run again, not a permission to add.
    let help = str_of(&d["help"]);
    assert!(
        help.contains("run again") && !help.contains("allow"),
        "{help}"
    );
    // The SDK retried before giving up.
    let attempts = account
        .calls()
        .iter()
        .filter(|(a, _)| a == "ec2:DescribeInstances")
        .count();
    assert!(attempts > 1, "{attempts} attempt(s)");
    assert_eq!(run.code, 1);
}

#[test]
fn several_manifests_are_checked_in_one_online_run() {
    let account = Account::new();
    let other = Account::new();
    account.scenario(json!({ "quotas": { "L-1216C47A": 256, "L-34B43A08": 8 } }));
    let dir = tempfile::tempdir().expect("temporary directory");
    let files = [
        ("a-use1.yaml", Manifest::new(&account.id).text()),
        (
            "b-eu.yaml",
            Manifest::new(&account.id).region("eu-west-1").text(),
        ),
        ("c-other-account.yaml", Manifest::new(&other.id).text()),
        ("d-bad-account.yaml", Manifest::new("12345").text()),
    ];
    for (name, text) in &files {
        std::fs::write(dir.path().join(name), text).expect("write a manifest");
    }
    let creds = Creds::of(&account);
    let mut cmd = bin(Some(&creds));
    cmd.args([
        "check",
        "--online",
        "--format",
        "json",
        "--endpoint-url",
        &account.emulator.url(),
    ])
    .arg(dir.path());
    let run = exec(cmd, Some(&creds));
    let json = run.json();
    let by_file: Vec<(String, Vec<String>)> = json["files"]
        .as_array()
        .expect("files")
        .iter()
        .map(|f| {
            let name = Path::new(&str_of(&f["path"]))
                .file_name()
                .expect("a name")
                .to_string_lossy()
                .into_owned();
            let rules = f["diagnostics"]
                .as_array()
                .expect("diagnostics")
                .iter()
                .filter(|d| d["severity"] != "info")
                .map(|d| str_of(&d["rule"]))
                .collect();
            (name, rules)
        })
        .collect();
    let mut by_file = by_file;
    by_file.sort();
    let expected: Vec<(String, Vec<String>)> = [
        ("a-use1.yaml", vec!["quota-spot"]),
        ("b-eu.yaml", vec!["quota-spot"]),
        ("c-other-account.yaml", vec!["account-mismatch"]),
        ("d-bad-account.yaml", vec!["schema"]),
    ]
    .into_iter()
    .map(|(n, r)| (n.to_owned(), r.into_iter().map(str::to_owned).collect()))
    .collect();
    assert_eq!(by_file, expected, "{json:#}");
    assert_eq!(run.code, 1);
    // Each region was asked once: two quotas each.
    let calls = account.calls();
    let spot_regions: Vec<&str> = calls
        .iter()
        .filter(|(a, _)| a == "servicequotas:GetServiceQuota")
        .map(|(_, r)| r.as_str())
        .collect();
    assert_eq!(
        spot_regions.iter().filter(|r| **r == "us-east-1").count(),
        2,
        "{calls:?}"
    );
    assert_eq!(
        spot_regions.iter().filter(|r| **r == "eu-west-1").count(),
        2,
        "{calls:?}"
    );
}

#[test]
fn assume_role_checks_each_manifest_in_its_own_account() {
    // A platform team's job: one set of credentials, manifests of two other accounts.
    let caller = Account::new();
    let used = Account::new();
    let clean = Account::new();
    used.scenario(ample_quotas());
    clean.scenario(ample_quotas());
    let vpc = used.create_vpc("eu-west-1", "10.7.0.0/16");
    let dir = tempfile::tempdir().expect("temporary directory");
    let used_path = dir.path().join("used.yaml");
    let clean_path = dir.path().join("clean.yaml");
    std::fs::write(&used_path, Manifest::new(&used.id).text()).expect("write a manifest");
    std::fs::write(&clean_path, Manifest::new(&clean.id).text()).expect("write a manifest");
    let creds = Creds::of(&caller);
    let endpoint = caller.emulator.url();

    for role in [
        "astro-preflight".to_owned(),
        "arn:aws:iam::{account}:role/platform/astro-preflight".to_owned(),
    ] {
        let before = caller.calls().len();
        let run = check_online(&creds, &endpoint, dir.path(), &["--assume-role", &role]);
        let json = run.json();
        // The diagnostics of one file, infos left out.
        let of_file = |name: &str| -> Vec<&Value> {
            json["files"]
                .as_array()
                .expect("files")
                .iter()
                .find(|f| str_of(&f["path"]).ends_with(name))
                .unwrap_or_else(|| panic!("no {name} in {json:#}"))["diagnostics"]
                .as_array()
                .expect("diagnostics")
                .iter()
                .filter(|d| d["severity"] != "info")
                .collect()
        };
        let rules_of = |name: &str| -> Vec<String> {
            of_file(name).iter().map(|d| str_of(&d["rule"])).collect()
        };
        // Neither is account-mismatch: each was gathered in its own account.
        assert_eq!(
            rules_of("used.yaml"),
            ["account-not-empty"],
            "{role}: {json:#}"
        );
        assert_eq!(
            rules_of("clean.yaml"),
            Vec::<String>::new(),
            "{role}: {json:#}"
        );
        assert_eq!(run.code, 1, "{role}");
        let resources = &of_file("used.yaml")[0]["data"]["resources"];
        assert_eq!(
            resources,
            &json!([{ "type": "AWS::EC2::VPC", "id": vpc, "region": "eu-west-1" }]),
            "{role}"
        );
        // The caller assumed the role once in each account and asked nothing else itself.
        let calls: Vec<String> = caller
            .calls()
            .into_iter()
            .skip(before)
            .map(|(action, _)| action)
            .collect();
        assert_eq!(calls, ["sts:AssumeRole", "sts:AssumeRole"], "{role}");
        // Each account was asked for its own facts (the assumed role's answer is the identity).
        for account in [&used, &clean] {
            let asked: Vec<String> = account.calls().into_iter().map(|(a, _)| a).collect();
            assert!(
                asked.iter().any(|a| a == "servicequotas:GetServiceQuota"),
                "{asked:?}"
            );
            assert!(asked.iter().any(|a| a == "ec2:DescribeVpcs"), "{asked:?}");
        }
    }

    // `facts --assume-role` gathers the same, and replays to the same diagnostics.
    let facts = dir.path().join("facts");
    std::fs::create_dir(&facts).expect("facts directory");
    for (path, account) in [(&used_path, &used), (&clean_path, &clean)] {
        let live = check_online(
            &creds,
            &endpoint,
            path,
            &["--assume-role", "astro-preflight"],
        );
        let out = facts.join(format!("{}.json", account.id));
        let mut cmd = bin(Some(&creds));
        cmd.args([
            "facts",
            "--endpoint-url",
            &endpoint,
            "--assume-role",
            "astro-preflight",
        ])
        .arg(path)
        .arg("-o")
        .arg(&out);
        let gathered = exec(cmd, Some(&creds));
        assert_eq!(gathered.code, 0, "{}", gathered.stderr);
        let text = std::fs::read_to_string(&out).expect("read the facts");
        let value: Value = serde_json::from_str(&text).expect("facts are JSON");
        assert_eq!(
            value["facts"]["identity"]["value"]["account"],
            account.id.as_str(),
            "{text}"
        );
        let mut cmd = bin(None);
        cmd.args(["check", "--format", "json", "--facts"])
            .arg(&out)
            .arg(path);
        let replayed = exec(cmd, None);
        assert_eq!(replayed.diagnostics(), live.diagnostics(), "{text}");
        assert_eq!(replayed.code, live.code);
    }
}

#[test]
fn facts_of_a_folder_in_two_accounts_and_two_regions_replay_as_live() {
    let caller = Account::new();
    let first = Account::new();
    let second = Account::new();
    first.scenario(ample_quotas());
    second.scenario(ample_quotas());
    let dir = tempfile::tempdir().expect("temporary directory");
    let manifests = dir.path().join("manifests");
    std::fs::create_dir(&manifests).expect("manifests directory");
    for (name, account, region) in [
        ("a-first-use1.yaml", &first, "us-east-1"),
        ("b-first-euw1.yaml", &first, "eu-west-1"),
        ("c-second-use1.yaml", &second, "us-east-1"),
        ("d-second-euw1.yaml", &second, "eu-west-1"),
    ] {
        let text = Manifest::new(&account.id).region(region).text();
        std::fs::write(manifests.join(name), text).expect("write a manifest");
    }
    let creds = Creds::of(&caller);
    let endpoint = caller.emulator.url();
    let live = check_online(
        &creds,
        &endpoint,
        &manifests,
        &["--assume-role", "astro-preflight"],
    );
    let out = dir.path().join("facts.json");
    let mut cmd = bin(Some(&creds));
    cmd.args([
        "facts",
        "--endpoint-url",
        &endpoint,
        "--assume-role",
        "astro-preflight",
    ])
    .arg(&manifests)
    .arg("-o")
    .arg(&out);
    let gathered = exec(cmd, Some(&creds));
    assert_eq!(gathered.code, 0, "{}", gathered.stderr);
    // One file, one gathering per account and region.
    let text = std::fs::read_to_string(&out).expect("read the facts");
    let value: Value = serde_json::from_str(&text).expect("facts are JSON");
    assert_eq!(value["version"], 3);
    let mut places: Vec<(String, String)> = value["gatherings"]
        .as_array()
        .expect("gatherings")
        .iter()
        .map(|g| {
            assert_eq!(g["version"], 2);
            assert_eq!(
                g["facts"]["identity"]["value"]["account"],
                g["request"]["accountId"]
            );
            (
                str_of(&g["request"]["accountId"]),
                str_of(&g["request"]["region"]),
            )
        })
        .collect();
    places.sort();
    let mut expected = vec![];
    for account in [&first, &second] {
        for region in ["eu-west-1", "us-east-1"] {
            expected.push((account.id.clone(), region.to_owned()));
        }
    }
    expected.sort();
    assert_eq!(places, expected);
    // Replayed: each manifest gets its own account's and region's facts.
    let mut cmd = bin(None);
    cmd.args(["check", "--format", "json", "--facts"])
        .arg(&out)
        .arg(&manifests);
    let replayed = exec(cmd, None);
    assert_eq!(replayed.json()["files"], live.json()["files"], "{text}");
    assert_eq!(replayed.code, live.code);
    // A manifest of an account the file lacks: not checked online (check-incomplete), the
    // others as before; not a usage error.
    let third = manifests.join("e-third.yaml");
    std::fs::write(&third, Manifest::new("999999999999").text()).expect("write a manifest");
    let mut cmd = bin(None);
    cmd.args(["check", "--format", "json", "--facts"])
        .arg(&out)
        .arg(&manifests);
    let partial = exec(cmd, None);
    // check-incomplete is an error by default: not checked is not passed.
    assert_eq!(partial.code, 1, "{}", partial.stderr);
    let json = partial.json();
    let lacking = json["files"]
        .as_array()
        .expect("files")
        .iter()
        .find(|f| str_of(&f["path"]).ends_with("e-third.yaml"))
        .expect("the third manifest");
    assert!(
        lacking["diagnostics"]
            .as_array()
            .expect("diagnostics")
            .iter()
            .any(|d| {
                d["rule"] == "check-incomplete"
                    && str_of(&d["message"]).contains("no facts for account 999999999999")
            }),
        "{lacking:#}"
    );
    // An older single-manifest file still loads and serves its manifest.
    let single = value["gatherings"][0].to_string();
    let old = dir.path().join("one.json");
    std::fs::write(&old, single).expect("write");
    let mut cmd = bin(None);
    cmd.args(["check", "--format", "json", "--facts"])
        .arg(&old)
        .arg(&manifests);
    let replayed = exec(cmd, None);
    assert_eq!(replayed.code, 1, "{}", replayed.stderr);
    let served = replayed.json()["files"]
        .as_array()
        .expect("files")
        .iter()
        .filter(|f| {
            !f["diagnostics"]
                .as_array()
                .expect("diagnostics")
                .iter()
                .any(|d| d["rule"] == "check-incomplete")
        })
        .count();
    assert_eq!(served, 1, "{}", replayed.stdout);
}

// ---- Astronomer's cross-account role (issue 10) ----------------------------------------------

/// The five rules of the role and its surroundings.
const ROLE_RULES: [&str; 5] = [
    "role-missing",
    "role-trust-invalid",
    "role-policy-missing",
    "region-opt-in-setup",
    "role-changes-unmonitored",
];

/// `check --online --format FORMAT` with `ASTRO_EXTERNAL_ID` set (or not).
fn check_with_external_id(
    account: &Account,
    manifest: &Path,
    external_id: Option<&str>,
    format: &str,
) -> Run {
    let creds = Creds::of(account);
    let mut cmd = bin(Some(&creds));
    cmd.env_remove("ASTRO_EXTERNAL_ID");
    if let Some(id) = external_id {
        cmd.env("ASTRO_EXTERNAL_ID", id);
    }
    cmd.args([
        "check",
        "--online",
        "--format",
        format,
        "--endpoint-url",
        &account.emulator.url(),
    ])
    .arg(manifest);
    exec(cmd, Some(&creds))
}

/// The diagnostics of the role rules: (rule, message), in output order.
fn role_findings(run: &Run) -> Vec<(String, String)> {
    run.diagnostics()
        .iter()
        .filter(|d| ROLE_RULES.contains(&d["rule"].as_str().unwrap_or_default()))
        .map(|d| (str_of(&d["rule"]), str_of(&d["message"])))
        .collect()
}

/// The message of the only role finding, which must be of `rule` (`role-changes-unmonitored`,
/// an info about an optional set-up, is not counted when asking for another rule).
fn only(run: &Run, rule: &str) -> String {
    let found: Vec<(String, String)> = role_findings(run)
        .into_iter()
        .filter(|(r, _)| r == rule || r != "role-changes-unmonitored")
        .collect();
    assert_eq!(found.len(), 1, "{found:#?}\n{}", run.stdout);
    assert_eq!(found[0].0, rule, "{found:#?}");
    found[0].1.clone()
}

/// An account whose role has this trust policy and the template's managed policy.
fn account_trusting(statements: Vec<Value>) -> Account {
    use astro_preflight_emulator::setup::{POLICY_NAME, policy, trust_policy};
    let account = Account::bare();
    let setup = account.setup();
    setup.create_role(&trust_policy(statements));
    setup.attach_policy(POLICY_NAME, &policy("Allow", &["ec2:*"]));
    setup.token_version(2);
    account.scenario(ample_quotas());
    account
}

#[test]
fn the_role_right_in_every_respect_gives_no_role_finding_in_both_profiles() {
    use astro_preflight_emulator::setup::{CROSS_ACCOUNT_EVENTS, filter_pattern};
    let account = Account::new();
    account.scenario(json!({ "quotas": { "L-1216C47A": 256, "L-34B43A08": 256 },
                             "regions": { "ap-east-1": "ENABLED" } }));
    account.setup().monitoring(
        "us-east-1",
        Some(&filter_pattern(CROSS_ACCOUNT_EVENTS)),
        true,
    );
    for manifest in [
        Manifest::new(&account.id),
        Manifest::new(&account.id).cross_account(),
        Manifest::new(&account.id).region("ap-east-1"),
    ] {
        let (_dir, path) = manifest.write();
        let run = check_with_external_id(&account, &path, Some(EXTERNAL_ID), "json");
        assert_eq!(role_findings(&run), [], "{}", run.stdout);
        // The monitoring's bucket and delivery role are part of the install.
        assert!(run.of("account-not-empty").is_empty(), "{}", run.stdout);
        assert!(
            !run.rules().contains(&"check-incomplete".to_owned()),
            "{}",
            run.stdout
        );
        assert_eq!(run.infos(), Vec::<String>::new(), "{}", run.stdout);
    }
    // The role's calls were made, IAM once per run.
    let calls = account.calls();
    for action in [
        "iam:GetRole",
        "iam:ListAttachedRolePolicies",
        "iam:SimulatePrincipalPolicy",
        "iam:GetAccountSummary",
        "cloudtrail:DescribeTrails",
        "cloudtrail:GetTrailStatus",
        "logs:DescribeMetricFilters",
        "cloudwatch:DescribeAlarms",
    ] {
        assert!(
            calls.iter().any(|(a, _)| a == action),
            "{action}: {calls:?}"
        );
    }
}

#[test]
fn a_missing_role_gives_role_missing_once_and_not_the_rules_that_need_it() {
    let account = Account::bare();
    account.setup().token_version(2);
    account.scenario(json!({ "regions": { "me-south-1": "ENABLED" } }));
    let (_dir, manifest) = Manifest::new(&account.id).region("me-south-1").write();
    let run = live(&account, &manifest);
    let message = only(&run, "role-missing");
    assert!(
        message.contains("astronomer-remote-management"),
        "{message}"
    );
    let help = str_of(&run.of("role-missing")[0]["help"]);
    assert!(
        help.contains("AstroCrossAccountRole") && help.contains("ExternalId"),
        "{help}"
    );
    assert_eq!(str_of(&run.of("role-missing")[0]["pointer"]), "/account/id");
    assert!(
        !run.rules().contains(&"check-incomplete".to_owned()),
        "{}",
        run.stdout
    );
    assert_replay_matches(&Creds::of(&account), &manifest, &run, false);
}

#[test]
fn trust_policies_that_are_wrong_say_which_part() {
    use astro_preflight_emulator::setup::astronomer_statement;
    let condition = |operator: &str, value: &str| {
        json!({
            "Effect": "Allow",
            "Principal": { "AWS": ["406882777402"] },
            "Action": ["sts:AssumeRole"],
            "Condition": { operator: { "STS:ExternalID": value } }
        })
    };
    let cases: Vec<(&str, Vec<Value>, &str)> = vec![
        (
            "another account",
            vec![json!({
                "Effect": "Allow",
                "Principal": { "AWS": "arn:aws:iam::111122223333:root" },
                "Action": "sts:AssumeRole",
                "Condition": { "StringEquals": { "sts:ExternalId": EXTERNAL_ID } }
            })],
            "does not let Astronomer's account 406882777402 assume the role",
        ),
        (
            "no external-ID condition",
            vec![json!({
                "Effect": "Allow",
                "Principal": { "AWS": "406882777402" },
                "Action": "sts:AssumeRole"
            })],
            "no condition on sts:ExternalId",
        ),
        (
            "a wildcard",
            vec![condition("StringEquals", "*")],
            "is a wildcard",
        ),
        (
            "StringLike",
            vec![condition("StringLike", EXTERNAL_ID)],
            "uses StringLike",
        ),
        (
            "a second statement trusting everyone",
            vec![
                astronomer_statement(EXTERNAL_ID),
                json!({ "Sid": "Anyone", "Effect": "Allow", "Principal": "*", "Action": "sts:AssumeRole" }),
            ],
            "statement 2 (Sid \"Anyone\") lets another principal than Astronomer's account assume the role: *",
        ),
    ];
    for (case, statements, expected) in cases {
        let account = account_trusting(statements);
        let (_dir, manifest) = Manifest::new(&account.id).write();
        let run = check_with_external_id(&account, &manifest, Some(EXTERNAL_ID), "json");
        let messages: Vec<String> = run
            .of("role-trust-invalid")
            .iter()
            .map(|d| str_of(&d["message"]))
            .collect();
        assert!(
            messages.iter().any(|m| m.contains(expected)),
            "{case}: {messages:#?}"
        );
        // No other role rule: the role exists and has its policy.
        let others: Vec<(String, String)> = role_findings(&run)
            .into_iter()
            .filter(|(r, _)| r != "role-trust-invalid" && r != "role-changes-unmonitored")
            .collect();
        assert_eq!(others, [], "{case}");
        let help = str_of(&run.of("role-trust-invalid")[0]["help"]);
        assert!(help.contains("<EXTERNAL_ID>"), "{case}: {help}");
        assert!(!run.stdout.contains(EXTERNAL_ID), "{case}: {}", run.stdout);
    }
}

#[test]
fn astro_external_id_differing_is_reported_and_neither_value_appears_in_any_format() {
    use astro_preflight_emulator::setup::astronomer_statement;
    let other = "astro-test-other-external-id-51b2";
    let account = account_trusting(vec![astronomer_statement(EXTERNAL_ID)]);
    let (_dir, manifest) = Manifest::new(&account.id).cross_account().write();

    // Equal: no finding; unset: no comparison, no finding.
    for id in [Some(EXTERNAL_ID), None] {
        let run = check_with_external_id(&account, &manifest, id, "json");
        assert!(run.of("role-trust-invalid").is_empty(), "{}", run.stdout);
    }
    let run = check_with_external_id(&account, &manifest, Some(other), "json");
    let message = only(&run, "role-trust-invalid");
    assert!(
        message.ends_with("the external ID differs from ASTRO_EXTERNAL_ID"),
        "{message}"
    );

    for format in crate::formats() {
        let format = format.as_str();
        let run = check_with_external_id(&account, &manifest, Some(other), format);
        assert_eq!(run.code, 1, "{format}: {}{}", run.stdout, run.stderr);
        assert!(
            run.stdout.contains("external ID differs"),
            "{format}: {}",
            run.stdout
        );
        for secret in [EXTERNAL_ID, other] {
            assert!(
                !run.stdout.contains(secret),
                "{format} prints {secret}:\n{}",
                run.stdout
            );
            assert!(
                !run.stderr.contains(secret),
                "{format} prints {secret}:\n{}",
                run.stderr
            );
        }
    }
    // Nor the facts file.
    let creds = Creds::of(&account);
    let mut cmd = bin(Some(&creds));
    cmd.env("ASTRO_EXTERNAL_ID", other)
        .args(["facts", "--endpoint-url", &account.emulator.url()])
        .arg(&manifest);
    let facts = exec(cmd, Some(&creds));
    assert_eq!(facts.code, 0, "{}", facts.stderr);
    assert!(facts.stdout.contains("sha256:"), "{}", facts.stdout);
    for secret in [EXTERNAL_ID, other] {
        assert!(!facts.stdout.contains(secret), "{}", facts.stdout);
    }
}

#[test]
fn the_managed_policy_not_attached_gives_role_policy_missing() {
    use astro_preflight_emulator::setup::{astronomer_statement, policy, trust_policy};
    let account = Account::bare();
    let setup = account.setup();
    setup.create_role(&trust_policy(vec![astronomer_statement(EXTERNAL_ID)]));
    setup.attach_policy("SomethingElse", &policy("Allow", &["ec2:*"]));
    account.scenario(ample_quotas());
    let (_dir, manifest) = Manifest::new(&account.id).write();
    let run = live(&account, &manifest);
    let message = only(&run, "role-policy-missing");
    assert!(
        message.contains("AstronomerCrossAccountRole") && message.contains("SomethingElse"),
        "{message}"
    );
    assert_replay_matches(&Creds::of(&account), &manifest, &run, true);
}

#[test]
fn an_opt_in_regions_set_up_token_version_and_permissions() {
    // Token version 1 (moto's default), the permissions complete.
    let account = Account::bare();
    account.setup().astronomer_role(EXTERNAL_ID, true);
    account.scenario(json!({ "regions": { "ap-east-1": "ENABLED" } }));
    let (_dir, manifest) = Manifest::new(&account.id).region("ap-east-1").write();
    let run = live(&account, &manifest);
    let message = only(&run, "region-opt-in-setup");
    assert!(message.contains("version 1"), "{message}");
    let help = str_of(&run.of("region-opt-in-setup")[0]["help"]);
    assert!(
        help.contains(
            "aws iam set-security-token-service-preferences --global-endpoint-token-version v2Token"
        ),
        "{help}"
    );
    // The same account in a region that is not opt-in: neither asked nor reported.
    let (_dir2, plain) = Manifest::new(&account.id).write();
    let before = account.calls().len();
    let run = live(&account, &plain);
    assert!(run.of("region-opt-in-setup").is_empty(), "{}", run.stdout);
    assert!(
        account.calls()[before..]
            .iter()
            .all(|(a, _)| a != "iam:SimulatePrincipalPolicy" && a != "iam:GetAccountSummary")
    );

    // Version 2 tokens, the role without the account: actions.
    let account = Account::bare();
    let setup = account.setup();
    setup.astronomer_role(EXTERNAL_ID, false);
    setup.put_role_policy(
        "some-region-actions",
        &astro_preflight_emulator::setup::policy("Allow", &["account:ListRegions"]),
    );
    setup.token_version(2);
    account.scenario(json!({ "regions": { "af-south-1": "ENABLED" } }));
    let (_dir, manifest) = Manifest::new(&account.id).region("af-south-1").write();
    let run = live(&account, &manifest);
    let message = only(&run, "region-opt-in-setup");
    assert!(
        message.contains("account:EnableRegion, account:DisableRegion")
            && !message.contains("ListRegions"),
        "{message}"
    );
    let help = str_of(&run.of("region-opt-in-setup")[0]["help"]);
    assert!(
        help.contains("permissions policy") && help.contains("aws-portal:ViewAccount"),
        "{help}"
    );
    assert_replay_matches(&Creds::of(&account), &manifest, &run, true);
}

#[test]
fn the_monitoring_missing_link_is_named() {
    use astro_preflight_emulator::setup::{CROSS_ACCOUNT_EVENTS, HYBRID_EVENTS, filter_pattern};
    // Nothing at all (Account::new has the role, no trail).
    let account = Account::new();
    account.scenario(ample_quotas());
    let (_dir, manifest) = Manifest::new(&account.id).write();
    let run = live(&account, &manifest);
    let message = only(&run, "role-changes-unmonitored");
    assert!(message.contains("no CloudTrail trail"), "{message}");
    assert_eq!(run.of("role-changes-unmonitored")[0]["severity"], "info");
    assert_eq!(run.code, 0, "an info does not fail the run");

    // Without the alarm.
    let account = Account::new();
    account.scenario(ample_quotas());
    account.setup().monitoring(
        "us-east-1",
        Some(&filter_pattern(CROSS_ACCOUNT_EVENTS)),
        false,
    );
    let (_dir, manifest) = Manifest::new(&account.id).write();
    let run = live(&account, &manifest);
    let message = only(&run, "role-changes-unmonitored");
    assert!(message.contains("no CloudWatch alarm"), "{message}");
    assert_replay_matches(&Creds::of(&account), &manifest, &run, true);

    // A cross-account-role install whose filter lacks CreatePolicyVersion; the same filter is
    // enough for a hybrid install.
    let account = Account::new();
    account.scenario(ample_quotas());
    account
        .setup()
        .monitoring("us-west-2", Some(&filter_pattern(HYBRID_EVENTS)), true);
    let (_dir, cross) = Manifest::new(&account.id).cross_account().write();
    let run = live(&account, &cross);
    let message = only(&run, "role-changes-unmonitored");
    assert!(message.contains("CreatePolicyVersion"), "{message}");
    let help = str_of(&run.of("role-changes-unmonitored")[0]["help"]);
    assert!(help.contains("$.eventName = CreatePolicyVersion"), "{help}");
    let (_dir2, hybrid) = Manifest::new(&account.id).write();
    let run = live(&account, &hybrid);
    assert_eq!(role_findings(&run), [], "{}", run.stdout);
}

#[test]
fn a_denied_role_call_gives_check_incomplete_naming_it() {
    let account = Account::new();
    account.scenario(
        json!({ "deny": ["iam:GetRole"], "quotas": { "L-1216C47A": 256, "L-34B43A08": 256 } }),
    );
    let (_dir, manifest) = Manifest::new(&account.id).write();
    let run = live(&account, &manifest);
    let incomplete = run.of("check-incomplete");
    assert!(
        incomplete
            .iter()
            .any(|d| str_of(&d["message"]).contains("iam:GetRole")),
        "{}",
        run.stdout
    );
    // Not reported as missing, nor as passed.
    assert!(run.of("role-missing").is_empty(), "{}", run.stdout);
}

/// One manifest through every command that checks it, with `ASTRO_EXTERNAL_ID` set to another
/// ID than the role's: `check --online`; `facts` then `check --facts`; `handoff --facts`, which
/// refuses it and shows its findings as `check` does; the language server with the facts file
/// in its settings. The same findings everywhere, the external ID's digest included
/// (`role-trust-invalid`), and the offline ones (`cidr-host-bits`, with its fix).
#[test]
fn check_handoff_facts_and_the_language_server_find_the_same() {
    const OTHER_ID: &str = "not-the-external-id-of-the-role";
    let account = Account::new();
    account.scenario(json!({ "quotas": { "L-1216C47A": 8, "L-34B43A08": 8 } }));
    let mut manifest = Manifest::new(&account.id);
    manifest.vpc_cidr = "172.20.0.1/20".into();
    let (dir, path) = manifest.write();
    let creds = Creds::of(&account);
    let url = account.emulator.url();
    let with_id = |creds: Option<&Creds>| {
        let mut cmd = bin(creds);
        cmd.env("ASTRO_EXTERNAL_ID", OTHER_ID)
            .env("COLUMNS", "10000");
        cmd
    };

    let mut cmd = with_id(Some(&creds));
    cmd.args([
        "check",
        "--online",
        "--format",
        "json",
        "--endpoint-url",
        &url,
    ])
    .arg(&path);
    let online = exec(cmd, Some(&creds));
    let found: Vec<(String, u64, String)> = online
        .diagnostics()
        .iter()
        .map(|d| {
            (
                str_of(&d["rule"]),
                d["line"].as_u64().expect("line"),
                str_of(&d["message"]),
            )
        })
        .collect();
    for rule in ["role-trust-invalid", "quota-on-demand", "cidr-host-bits"] {
        assert!(
            found.iter().any(|(r, _, _)| r == rule),
            "{rule}: {found:#?}"
        );
    }

    let facts = dir.path().join("facts.json");
    let mut cmd = with_id(Some(&creds));
    cmd.args(["facts", "--endpoint-url", &url, "-o"])
        .arg(&facts)
        .arg(&path);
    let gathered = exec(cmd, Some(&creds));
    assert_eq!(gathered.code, 0, "{}", gathered.stderr);
    let mut cmd = with_id(None);
    cmd.args(["check", "--format", "json", "--facts"])
        .arg(&facts)
        .arg(&path);
    let replayed = exec(cmd, None);
    assert_eq!(replayed.diagnostics(), online.diagnostics());
    assert_eq!(replayed.code, online.code);

    // handoff: the findings on stderr are `check`'s human report, byte for byte.
    let mut cmd = with_id(None);
    cmd.args(["check", "--facts"]).arg(&facts).arg(&path);
    let human = exec(cmd, None);
    let mut cmd = with_id(None);
    cmd.args(["handoff", "--facts"]).arg(&facts).arg(&path);
    let handoff = exec(cmd, None);
    assert_eq!(handoff.code, 1, "{}", handoff.stderr);
    assert_eq!(
        handoff.stderr,
        format!(
            "{}error: {} has errors: not handed off\n",
            human.stdout,
            path.display()
        )
    );

    let mut server = crate::lsp::Session::start_with(&[("ASTRO_EXTERNAL_ID", OTHER_ID)]);
    server.request(
        "initialize",
        json!({"processId": null, "rootUri": null, "capabilities": {},
               "initializationOptions": {"astroPreflight": {"factsFile": facts}}}),
    );
    server.notify("initialized", json!({}));
    let uri = crate::lsp::file_uri(&path);
    let text = std::fs::read_to_string(&path).expect("the manifest");
    server.notify(
        "textDocument/didOpen",
        json!({"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}),
    );
    let published = server.diagnostics(&uri);
    let mut in_editor: Vec<(String, u64, String)> = published["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                str_of(&d["code"]),
                d["range"]["start"]["line"].as_u64().expect("line") + 1,
                str_of(&d["message"]),
            )
        })
        .collect();
    let mut expected = found;
    in_editor.sort();
    expected.sort();
    assert_eq!(in_editor, expected);
    assert_eq!(server.request("shutdown", json!(null)), json!(null));
    server.notify("exit", json!(null));
    assert!(server.child.wait().expect("the server exits").success());
}

// ---- after the install: the peering --------------------------------------------------------

/// The peering scenarios build several networks each: one at a time, so that the shared
/// emulator keeps answering the other tests' calls within their time limits.
static ONE_NETWORK_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn one_network_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    ONE_NETWORK_AT_A_TIME
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The cluster's VPC CIDR and region in the peering scenarios.
const CLUSTER_CIDR: &str = "10.20.0.0/20";
/// The peer VPCs' region.
const PEER_REGION: &str = "us-west-2";

/// A peering after the install, right in every respect but what the caller then breaks: a peer
/// VPC of `peer` (`cidr`, a /16, with one subnet) in us-west-2, a connection requested from the
/// cluster's VPC `cluster_vpc` of `cluster` (us-east-1) and, when `accept`, accepted by `peer`
/// with DNS resolution on, a route to the cluster's CIDR through it in the peer's main route
/// table, and a security group admitting the cluster's CIDR on 443.
fn peered(
    cluster: &Account,
    cluster_vpc: &str,
    peer: &Account,
    cidr: &str,
    accept: bool,
) -> (PeerNet, String) {
    let net = peer.peer_net(PEER_REGION, cidr);
    let pcx = cluster.request_peering("us-east-1", cluster_vpc, &peer.id, &net);
    if accept {
        peer.accept_peering(PEER_REGION, &pcx);
        cluster.allow_dns_resolution("us-east-1", &pcx);
        peer.create_route(PEER_REGION, &net.main_table, CLUSTER_CIDR, &pcx);
        peer.security_group(PEER_REGION, &net.vpc, "10.20.0.0/16");
    }
    (net, pcx)
}

/// The manifest of the peering scenarios: the cluster's CIDR, and these entries.
fn peering_manifest(account: &Account, peers: Vec<Peer>) -> Manifest {
    let mut manifest = Manifest::new(&account.id);
    manifest.vpc_cidr = CLUSTER_CIDR.to_owned();
    manifest.peering = peers;
    manifest
}

/// (rule, pointer) of every error and warning.
fn rule_pointers(run: &Run) -> Vec<(String, String)> {
    run.findings()
        .into_iter()
        .map(|(rule, pointer, _)| (rule, pointer))
        .collect()
}

/// `check --online` with the caller's credentials, assuming `astro-preflight` in each account.
fn assumed(caller: &Account, manifest: &Path) -> Run {
    check_online(
        &Creds::of(caller),
        &caller.emulator.url(),
        manifest,
        &["--assume-role", "astro-preflight", "--timeout", "120"],
    )
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(r, p)| ((*r).to_owned(), (*p).to_owned()))
        .collect()
}

#[test]
fn before_the_install_the_peering_rules_say_once_that_they_do_not_apply() {
    let _one = one_network_at_a_time();
    // No cluster VPC yet; the peer VPC in another account, asked there through --assume-role.
    let caller = Account::new();
    let cluster = Account::new();
    let peer = Account::new();
    cluster.scenario(ample_quotas());
    let net = peer.peer_net(PEER_REGION, "10.10.0.0/16");
    let (_dir, manifest) = peering_manifest(
        &cluster,
        vec![Peer::new(&net.vpc, PEER_REGION, "10.10.0.0/16", "10.10.0.2").in_account(&peer.id)],
    )
    .write();
    let set_up = peer.calls().len();
    let run = assumed(&caller, &manifest);
    assert_eq!(rule_pointers(&run), [], "{}", run.stdout);
    assert_eq!(run.code, 0, "{}", run.stdout);
    let mut infos = run.infos();
    infos.sort();
    assert_eq!(
        infos,
        ["peering-not-established", "role-changes-unmonitored"],
        "{}",
        run.stdout
    );
    // The peer VPC was found in its own account, where only the connection was asked for.
    let asked: Vec<String> = peer
        .calls()
        .into_iter()
        .skip(set_up)
        .map(|(a, _)| a)
        .collect();
    assert!(asked.iter().any(|a| a == "ec2:DescribeVpcs"), "{asked:?}");
    assert!(
        asked
            .iter()
            .any(|a| a == "ec2:DescribeVpcPeeringConnections"),
        "{asked:?}"
    );
    assert!(
        !asked.iter().any(|a| a == "ec2:DescribeRouteTables"),
        "{asked:?}"
    );
}

#[test]
fn after_the_install_each_peering_entry_is_checked_as_aws_routes_and_filters() {
    let _one = one_network_at_a_time();
    let account = Account::new();
    account.scenario(ample_quotas());
    // Astronomer's cluster: its VPC (account-not-empty and the quota rules then do not apply).
    let cluster_vpc = account.create_vpc("us-east-1", CLUSTER_CIDR);
    let peer = |cidr: &str, accept: bool| peered(&account, &cluster_vpc, &account, cidr, accept);

    let (right, _) = peer("10.10.0.0/16", true);
    // Active, but no route in the peer's main route table.
    let no_route = account.peer_net(PEER_REGION, "10.11.0.0/16");
    let pcx_no_route = account.request_peering("us-east-1", &cluster_vpc, &account.id, &no_route);
    account.accept_peering(PEER_REGION, &pcx_no_route);
    account.allow_dns_resolution("us-east-1", &pcx_no_route);
    account.security_group(PEER_REGION, &no_route.vpc, "10.0.0.0/8");
    // The cluster's CIDR through an internet gateway, more specific than the peering's route.
    let (wrong, _) = peer("10.12.0.0/16", true);
    let igw = account.internet_gateway(PEER_REGION, &wrong.vpc);
    account.create_route(PEER_REGION, &wrong.main_table, "10.20.0.0/22", &igw);
    // A denying ACL entry before the default ACL's allowing rule 100, and one after it.
    let (denied, _) = peer("10.13.0.0/16", true);
    account.acl_entry(
        PEER_REGION,
        &denied.default_acl,
        50,
        false,
        false,
        "10.20.0.0/16",
    );
    let (allowed_first, _) = peer("10.14.0.0/16", true);
    account.acl_entry(
        PEER_REGION,
        &allowed_first.default_acl,
        200,
        true,
        false,
        "10.20.0.0/16",
    );
    // No security group covering the cluster's CIDR (a /24 of it is not all of it).
    let no_ingress = account.peer_net(PEER_REGION, "10.15.0.0/16");
    let pcx_no_ingress =
        account.request_peering("us-east-1", &cluster_vpc, &account.id, &no_ingress);
    account.accept_peering(PEER_REGION, &pcx_no_ingress);
    account.allow_dns_resolution("us-east-1", &pcx_no_ingress);
    account.create_route(
        PEER_REGION,
        &no_ingress.main_table,
        CLUSTER_CIDR,
        &pcx_no_ingress,
    );
    account.security_group(PEER_REGION, &no_ingress.vpc, "10.20.0.0/24");
    // DNS resolution left off.
    let no_dns = account.peer_net(PEER_REGION, "10.16.0.0/16");
    let pcx_no_dns = account.request_peering("us-east-1", &cluster_vpc, &account.id, &no_dns);
    account.accept_peering(PEER_REGION, &pcx_no_dns);
    account.create_route(PEER_REGION, &no_dns.main_table, CLUSTER_CIDR, &pcx_no_dns);
    account.security_group(PEER_REGION, &no_dns.vpc, "10.20.0.0/20");
    // Never accepted.
    let (pending, pcx_pending) = peer("10.17.0.0/16", false);

    let entries = [
        &right,
        &no_route,
        &wrong,
        &denied,
        &allowed_first,
        &no_ingress,
        &no_dns,
        &pending,
    ];
    let peers = entries
        .iter()
        .enumerate()
        .map(|(i, net)| {
            Peer::new(
                &net.vpc,
                PEER_REGION,
                &format!("10.{}.0.0/16", 10 + i),
                &format!("10.{}.0.2", 10 + i),
            )
        })
        .collect();
    let (_dir, manifest) = peering_manifest(&account, peers).write();
    // A generous time limit: eight entries' networks on a loaded machine.
    let run = check_online(
        &Creds::of(&account),
        &account.emulator.url(),
        &manifest,
        &["--timeout", "120"],
    );
    assert_eq!(
        rule_pointers(&run),
        pairs(&[
            ("peering-route-missing", "/peering/1/vpcId"),
            ("peering-route-missing", "/peering/2/vpcId"),
            ("peering-nacl-blocks", "/peering/3/vpcId"),
            ("peering-no-ingress", "/peering/5/vpcId"),
            ("peering-dns-resolution-off", "/peering/6/dnsServers"),
            ("peering-pending-acceptance", "/peering/7/vpcId"),
        ]),
        "{}",
        run.stdout
    );
    assert_eq!(run.code, 1);
    let mut infos = run.infos();
    infos.sort();
    assert_eq!(infos, ["cluster-vpc-found", "role-changes-unmonitored"]);
    let found = &run.of("cluster-vpc-found")[0];
    assert_eq!(found["data"]["vpcId"], json!(cluster_vpc), "{found}");

    let routes = run.of("peering-route-missing");
    assert_eq!(
        routes[0]["data"],
        json!({
            "peeringConnectionId": pcx_no_route,
            "routeTableId": no_route.main_table,
            "main": true,
            "subnetIds": [no_route.subnet],
            "clusterCidr": CLUSTER_CIDR,
            "route": null,
        })
    );
    assert_eq!(routes[1]["data"]["routeTableId"], json!(wrong.main_table));
    assert_eq!(
        routes[1]["data"]["route"],
        json!({ "destination": "10.20.0.0/22", "target": igw, "state": "active" })
    );
    assert!(
        str_of(&routes[1]["message"]).contains(&igw),
        "{}",
        routes[1]
    );

    let acl = &run.of("peering-nacl-blocks")[0];
    assert_eq!(
        acl["data"]["networkAclId"],
        json!(denied.default_acl),
        "{acl}"
    );
    assert_eq!(acl["data"]["ruleNumber"], json!(50), "{acl}");
    assert_eq!(acl["data"]["direction"], json!("inbound"), "{acl}");
    assert_eq!(acl["data"]["subnetIds"], json!([denied.subnet]), "{acl}");

    let pending_finding = &run.of("peering-pending-acceptance")[0];
    assert_eq!(
        pending_finding["data"]["peeringConnectionId"],
        json!(pcx_pending)
    );
    assert!(
        str_of(&pending_finding["help"]).contains(&format!(
            "aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id {pcx_pending} --region us-west-2"
        )),
        "{pending_finding}"
    );
    assert_eq!(
        run.of("peering-dns-resolution-off")[0]["data"]["peeringConnectionId"],
        json!(pcx_no_dns)
    );
    assert_eq!(
        run.of("peering-no-ingress")[0]["data"]["peeringConnectionId"],
        json!(pcx_no_ingress)
    );

    assert_replay_matches(&Creds::of(&account), &manifest, &run, true);
}

#[test]
fn a_peer_in_another_account_is_checked_there_through_assume_role() {
    let _one = one_network_at_a_time();
    let caller = Account::new();
    let cluster = Account::new();
    let peer = Account::new();
    cluster.scenario(ample_quotas());
    let cluster_vpc = cluster.create_vpc("us-east-1", CLUSTER_CIDR);
    let (right, _) = peered(&cluster, &cluster_vpc, &peer, "10.10.0.0/16", true);
    let (blocked, pcx_blocked) = peered(&cluster, &cluster_vpc, &peer, "10.11.0.0/16", true);
    // The replies to the cluster denied by the default `*` entry: no outbound rule allows them.
    peer.acl_entry(
        PEER_REGION,
        &blocked.default_acl,
        90,
        true,
        false,
        "0.0.0.0/0",
    );
    let (_dir, manifest) = peering_manifest(
        &cluster,
        vec![
            Peer::new(&right.vpc, PEER_REGION, "10.10.0.0/16", "10.10.0.2").in_account(&peer.id),
            Peer::new(&blocked.vpc, PEER_REGION, "10.11.0.0/16", "10.11.0.2").in_account(&peer.id),
        ],
    )
    .write();
    let run = assumed(&caller, &manifest);
    assert_eq!(
        rule_pointers(&run),
        pairs(&[("peering-nacl-blocks", "/peering/1/vpcId")]),
        "{}",
        run.stdout
    );
    let acl = &run.of("peering-nacl-blocks")[0];
    assert_eq!(
        (
            &acl["data"]["peeringConnectionId"],
            &acl["data"]["direction"],
            &acl["data"]["ruleNumber"]
        ),
        (&json!(pcx_blocked), &json!("outbound"), &json!(90)),
        "{acl}"
    );
    // The caller assumed the role in both accounts; the peer's network was asked in its own.
    let assumed = caller
        .calls()
        .into_iter()
        .filter(|(a, _)| a == "sts:AssumeRole")
        .count();
    assert_eq!(assumed, 2);
    let asked: Vec<(String, String)> = peer.calls();
    for action in [
        "ec2:DescribeVpcPeeringConnections",
        "ec2:DescribeRouteTables",
        "ec2:DescribeNetworkAcls",
        "ec2:DescribeSecurityGroups",
        "ec2:DescribeSubnets",
    ] {
        assert!(
            asked.iter().any(|(a, r)| a == action && r == PEER_REGION),
            "{action}: {asked:?}"
        );
    }
}

#[test]
fn a_denied_call_in_a_peer_account_is_check_incomplete_for_that_entry_only() {
    let _one = one_network_at_a_time();
    let caller = Account::new();
    let cluster = Account::new();
    let peer = Account::new();
    cluster.scenario(ample_quotas());
    let cluster_vpc = cluster.create_vpc("us-east-1", CLUSTER_CIDR);
    let (own, _) = peered(&cluster, &cluster_vpc, &cluster, "10.10.0.0/16", true);
    let (other, _) = peered(&cluster, &cluster_vpc, &peer, "10.11.0.0/16", true);
    peer.scenario(json!({ "deny": ["ec2:DescribeRouteTables"] }));
    let (_dir, manifest) = peering_manifest(
        &cluster,
        vec![
            Peer::new(&own.vpc, PEER_REGION, "10.10.0.0/16", "10.10.0.2"),
            Peer::new(&other.vpc, PEER_REGION, "10.11.0.0/16", "10.11.0.2").in_account(&peer.id),
        ],
    )
    .write();
    let run = assumed(&caller, &manifest);
    assert_eq!(
        rule_pointers(&run),
        pairs(&[("check-incomplete", "/peering/1/vpcId")]),
        "{}",
        run.stdout
    );
    let message = str_of(&run.of("check-incomplete")[0]["message"]);
    assert!(
        message.contains("ec2:DescribeRouteTables") && message.contains("access denied"),
        "{message}"
    );
    assert_eq!(run.code, 1);
}

#[test]
fn a_control_tower_account_is_recognised_and_allowed_by_its_preset_but_not_its_vpc() {
    let account = Account::new();
    account.scenario(ample_quotas());
    account.emulator.control(
        "POST",
        "/_preflight/landing-zone",
        Some(&json!({ "account": account.id, "preset": "control-tower", "region": "us-east-1" })),
    );
    let (dir, manifest) = Manifest::new(&account.id).write();

    // Without the preset: the baseline is reported, recognised, each resource named with it.
    let run = live(&account, &manifest);
    assert_eq!(run.rules(), ["account-not-empty"], "{}", run.stdout);
    let finding = &run.of("account-not-empty")[0];
    let message = str_of(&finding["message"]);
    assert!(
        message.contains("13 of these 13 resources are AWS Control Tower's baseline; enable the `control-tower` preset if Astronomer support accepts it"),
        "{message}"
    );
    let resources = finding["data"]["resources"].as_array().expect("resources");
    assert_eq!(resources.len(), 13, "{resources:?}");
    assert!(
        resources.iter().all(|r| r["preset"] == "control-tower"),
        "{resources:?}"
    );
    assert!(resources.iter().any(|r| {
        r["type"] == "AWS::SNS::Topic"
            && r["id"]
                .as_str()
                .is_some_and(|id| id.ends_with(":aws-controltower-SecurityNotifications"))
    }));

    // With it: clean.
    std::fs::write(
        dir.path().join("astro-preflight.toml"),
        "[allow]\npresets = [\"control-tower\"]\n",
    )
    .expect("configuration");
    let run = live(&account, &manifest);
    assert_eq!(run.findings(), [], "{}", run.stdout);
    assert_eq!(run.code, 0);

    // Account Factory's VPC is never allowed: it is named as Account Factory's.
    account.emulator.control(
        "POST",
        "/_preflight/landing-zone",
        Some(&json!({ "account": account.id, "preset": "control-tower", "region": "eu-west-1", "vpc": true })),
    );
    let run = live(&account, &manifest);
    assert_eq!(run.rules(), ["account-not-empty"], "{}", run.stdout);
    let finding = &run.of("account-not-empty")[0];
    let message = str_of(&finding["message"]);
    assert!(
        message.contains("in eu-west-1 is Account Factory's VPC"),
        "{message}"
    );
    let resources = finding["data"]["resources"].as_array().expect("resources");
    let kinds: BTreeSet<&str> = resources
        .iter()
        .filter_map(|r| r["type"].as_str())
        .collect();
    assert_eq!(
        kinds,
        BTreeSet::from(["AWS::CloudFormation::Stack", "AWS::EC2::VPC"]),
        "{resources:?}"
    );
}

#[test]
fn a_cdk_bootstrapped_account_and_a_new_type_elsewhere() {
    let account = Account::new();
    account.scenario(ample_quotas());
    account.emulator.control(
        "POST",
        "/_preflight/landing-zone",
        Some(&json!({ "account": account.id, "preset": "cdk-bootstrap", "region": "us-east-1", "qualifier": "abc123xyz" })),
    );
    let (dir, manifest) = Manifest::new(&account.id).write();
    std::fs::write(
        dir.path().join("astro-preflight.toml"),
        "[allow]\npresets = [\"cdk-bootstrap\"]\n",
    )
    .expect("configuration");
    let run = live(&account, &manifest);
    assert_eq!(run.findings(), [], "{}", run.stdout);

    // A DynamoDB table (through Cloud Control) in another enabled region is reported.
    let made = account.emulator.control(
        "POST",
        "/_preflight/samples",
        Some(&json!({ "account": account.id, "region": "eu-west-2" })),
    );
    let table = made["resources"]
        .as_array()
        .expect("samples")
        .iter()
        .find(|r| r["type"] == "AWS::DynamoDB::Table")
        .expect("a table")["id"]
        .clone();
    let run = live(&account, &manifest);
    let data = &run.of("account-not-empty")[0]["data"]["resources"];
    assert!(
        data.as_array()
            .expect("resources")
            .iter()
            .any(|r| r["type"] == "AWS::DynamoDB::Table"
                && r["id"] == table
                && r["region"] == "eu-west-2"),
        "{data}"
    );
}

#[test]
fn a_hybrid_account_without_the_permissions_boundary_gives_role_boundary_missing() {
    let account = Account::new();
    account.scenario(ample_quotas());
    account.setup().delete_boundary_policy();
    let (_dir, manifest) = Manifest::new(&account.id).write();
    let run = live(&account, &manifest);
    assert_eq!(run.rules(), ["role-boundary-missing"], "{}", run.stdout);
    let help = str_of(&run.of("role-boundary-missing")[0]["help"]);
    assert!(help.contains("AstroCrossAccountRole"), "{help}");
    // A cross-account-role install does not need it.
    let (_dir, manifest) = Manifest::new(&account.id).cross_account().write();
    let run = live(&account, &manifest);
    assert_eq!(run.findings(), [], "{}", run.stdout);
}
