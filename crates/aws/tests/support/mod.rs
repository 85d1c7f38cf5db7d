//! Test support: the shared local AWS emulator (crate `astro-preflight-emulator`) and accounts
//! of its own in it for each test ([`TestAccount`]), with providers and SDK clients pointed at it.
//!
//! One emulator serves all the tests of a test binary ([`Emulator::shared`]); each test works in
//! an AWS account of its own, with its own resources, scenario (denied calls, injected errors,
//! delays...) and call log, so tests run in parallel without meeting. When the emulator cannot
//! start, the test fails and says why: it is never skipped.

#![allow(dead_code, unused_imports)] // Each test binary uses a different part of this module.

use std::time::Duration;

use astro_preflight_aws::{AwsFactsProvider, AwsOptions};
pub use astro_preflight_emulator::{
    ACCESS_KEY_ID, Credentials, DEFAULT_ACCOUNT, Emulator, SECRET_ACCESS_KEY, SilentListener,
    refused_url,
};
use astro_preflight_facts::{FactsRequest, actions};
use serde_json::Value;

/// Limits for scenarios that expect answers: short, but with room for a busy machine (the
/// emulator answers in milliseconds when idle). Tests of the limits set their own.
pub const CALL_TIMEOUT: Duration = Duration::from_secs(5);
/// A whole-account inventory is some 230 calls, which the emulator answers one at a time.
pub const TOTAL_TIMEOUT: Duration = Duration::from_secs(30);

/// An AWS account of its own in the shared emulator, with credentials for it.
pub struct TestAccount {
    pub emulator: &'static Emulator,
    pub id: String,
    credentials: Credentials,
}

impl TestAccount {
    /// A fresh account (never used by another test of this process).
    pub fn new() -> TestAccount {
        let emulator = Emulator::shared();
        let (id, credentials) = emulator.fresh_account('9');
        TestAccount {
            emulator,
            id,
            credentials,
        }
    }

    /// Credentials of the account: (access key id, secret access key, session token).
    pub fn credentials(&self) -> (&str, &str, &str) {
        let c = &self.credentials;
        (&c.access_key_id, &c.secret_access_key, &c.session_token)
    }

    /// What to gather for this account in `region`, for an m5.xlarge cluster.
    pub fn request(&self, region: &str) -> FactsRequest {
        FactsRequest {
            account_id: self.id.clone(),
            region: region.to_owned(),
            instance_type: "m5.xlarge".to_owned(),
            vpc_cidr: None,
            opt_in_region: false,
            peering: vec![],
        }
    }

    /// Merges `scenario` into this account's scenario (see `tests/emulator/server.py`).
    pub fn scenario(&self, mut scenario: Value) {
        scenario["account"] = Value::String(self.id.clone());
        self.emulator.scenario(scenario);
    }

    /// The IAM actions this account has called, oldest first.
    pub fn actions(&self) -> Vec<String> {
        self.emulator
            .calls(Some(&self.id))
            .iter()
            .filter_map(|c| c["action"].as_str().map(str::to_owned))
            .collect()
    }

    /// Options that point at the emulator, with short timeouts.
    pub fn options(&self) -> AwsOptions {
        AwsOptions {
            profile: None,
            endpoint_url: Some(self.emulator.url()),
            call_timeout: CALL_TIMEOUT,
            total_timeout: TOTAL_TIMEOUT,
            ..AwsOptions::default()
        }
    }

    /// A provider with this account's credentials and `options`.
    pub fn provider_with(&self, options: AwsOptions) -> AwsFactsProvider {
        let c = &self.credentials;
        AwsFactsProvider::new(options).with_static_credentials(
            c.access_key_id.clone(),
            c.secret_access_key.clone(),
            Some(c.session_token.clone()),
        )
    }

    /// A provider with this account's credentials.
    pub fn provider(&self) -> AwsFactsProvider {
        self.provider_with(self.options())
    }

    /// An EC2 client of this account, for setting up a scenario (not the code under test).
    pub fn ec2(&self, region: &str) -> aws_sdk_ec2::Client {
        let c = &self.credentials;
        let config = aws_sdk_ec2::Config::builder()
            .behavior_version(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new(region.to_owned()))
            .endpoint_url(self.emulator.url())
            .credentials_provider(aws_credential_types::Credentials::new(
                c.access_key_id.clone(),
                c.secret_access_key.clone(),
                Some(c.session_token.clone()),
                None,
                "tests",
            ))
            .build();
        aws_sdk_ec2::Client::from_conf(config)
    }

    /// The SDK configuration of this account in `region`, for setting up a scenario with any
    /// service's client (not the code under test).
    pub fn sdk_config(&self, region: &str) -> aws_config::SdkConfig {
        let c = &self.credentials;
        aws_config::SdkConfig::builder()
            .behavior_version(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::new(region.to_owned()))
            .endpoint_url(self.emulator.url())
            .credentials_provider(
                aws_credential_types::provider::SharedCredentialsProvider::new(
                    aws_credential_types::Credentials::new(
                        c.access_key_id.clone(),
                        c.secret_access_key.clone(),
                        Some(c.session_token.clone()),
                        None,
                        "tests",
                    ),
                ),
            )
            .build()
    }

    /// Set-up calls in this account through the normal AWS APIs (the role, its policies, the
    /// STS token version, the monitoring).
    pub fn setup(&self) -> astro_preflight_emulator::setup::Setup<'_> {
        let c = &self.credentials;
        astro_preflight_emulator::setup::Setup {
            emulator: self.emulator,
            account_id: &self.id,
            access_key_id: &c.access_key_id,
            session_token: &c.session_token,
        }
    }

    /// Asserts that every call of this account since the `from`-th is one of `actions::ALL`.
    pub fn assert_only_known_actions(&self, from: usize) {
        for action in self.actions().into_iter().skip(from) {
            assert!(
                actions::ALL.contains(&action.as_str()),
                "the gatherer called {action}, which is not in actions::ALL"
            );
        }
    }
}

impl Default for TestAccount {
    fn default() -> Self {
        TestAccount::new()
    }
}

/// Runs a future to completion on a fresh runtime (for scenario set-up).
pub fn block_on<F: Future>(future: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("test runtime")
        .block_on(future)
}

/// A fact of the manifest's region read from a fact of each enabled region: the home region's
/// listing, as resource IDs; the state of the whole fact when it has no value per region.
fn home_ids(
    facts: &astro_preflight_facts::Facts,
    each: &astro_preflight_facts::registry::Each<Vec<astro_preflight_facts::inventory::Resource>>,
) -> astro_preflight_facts::Fact<Vec<String>> {
    use astro_preflight_facts::Fact;
    match each {
        Fact::Ok { value } => match value.get(&facts.request.region) {
            Some(fact) => fact
                .clone()
                .map(|list| list.into_iter().map(|r| r.id).collect()),
            None => Fact::NotGathered,
        },
        other => other.clone().map(|_| Vec::new()),
    }
}

/// The non-default VPCs listed in the manifest's region.
pub fn home_vpcs(facts: &astro_preflight_facts::Facts) -> astro_preflight_facts::Fact<Vec<String>> {
    home_ids(facts, &facts.vpcs)
}

/// The instances listed in the manifest's region.
pub fn home_instances(
    facts: &astro_preflight_facts::Facts,
) -> astro_preflight_facts::Fact<Vec<String>> {
    home_ids(facts, &facts.instances)
}

/// A peering entry and its fact, in the order of the request.
#[derive(Debug, Clone, PartialEq)]
pub struct Peer {
    pub vpc_id: String,
    pub region: String,
    pub vpc: astro_preflight_facts::Fact<Option<astro_preflight_facts::PeerVpc>>,
}

/// The peering facts in the order of the request (a whole fact skipped or failed: each entry so).
pub fn peers(facts: &astro_preflight_facts::Facts) -> Vec<Peer> {
    use astro_preflight_facts::Fact;
    use astro_preflight_facts::registry::peering_key;
    facts
        .request
        .peering
        .iter()
        .map(|p| {
            let vpc = match &facts.peer_vpcs {
                Fact::Ok { value } => value
                    .get(&peering_key(&p.region, &p.vpc_id))
                    .cloned()
                    .unwrap_or(Fact::NotGathered),
                other => other.clone().map(|_| None),
            };
            Peer {
                vpc_id: p.vpc_id.clone(),
                region: p.region.clone(),
                vpc,
            }
        })
        .collect()
}
