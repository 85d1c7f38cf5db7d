//! `AwsFactsProvider` against a local AWS emulator (moto, extended by
//! `tests/emulator/server.py`). The tests share one emulator, each in an account of its own.

mod support;

use std::time::{Duration, Instant};

use astro_preflight_aws::{AwsFactsProvider, AwsOptions};
use astro_preflight_facts::{
    Fact, FactErrorKind, Facts, FactsProvider, FactsRequest, PeerVpc, PeeringRequest, QuotaSource,
    actions,
};
use serde_json::json;
use support::{
    SilentListener, TestAccount, block_on, home_instances, home_vpcs, peers, refused_url,
};

/// Gathers with the account's provider and checks that only actions of the table were called.
fn gather(account: &TestAccount, request: &FactsRequest) -> Facts {
    let before = account.actions().len();
    let facts = account.provider().gather(request);
    account.assert_only_known_actions(before);
    facts
}

fn value<T: std::fmt::Debug>(fact: &Fact<T>) -> &T {
    match fact {
        Fact::Ok { value } => value,
        other => panic!("expected a gathered fact, got {other:?}"),
    }
}

/// Asserts that a fact failed with this kind and action.
fn assert_failed<T: std::fmt::Debug>(fact: &Fact<T>, kind: FactErrorKind, action: &str) {
    match fact {
        Fact::Failed { error } => {
            assert_eq!(error.kind, kind, "{error:?}");
            assert_eq!(error.action, action, "{error:?}");
        }
        other => panic!("expected a {kind:?} failure of {action}, got {other:?}"),
    }
}

/// Runs an instance in the account (set-up) and returns its ID.
async fn run_instance(ec2: &aws_sdk_ec2::Client) -> String {
    let images = ec2.describe_images().send().await.expect("describe images");
    let image = images
        .images()
        .first()
        .and_then(|i| i.image_id())
        .expect("an image");
    let run = ec2
        .run_instances()
        .image_id(image)
        .instance_type(aws_sdk_ec2::types::InstanceType::T3Micro)
        .min_count(1)
        .max_count(1)
        .send()
        .await
        .expect("run an instance");
    run.instances()
        .first()
        .and_then(|i| i.instance_id())
        .expect("instance id")
        .to_owned()
}

/// Creates a VPC in the account (set-up) and returns its ID.
async fn create_vpc(ec2: &aws_sdk_ec2::Client, cidr: &str) -> String {
    let vpc = ec2
        .create_vpc()
        .cidr_block(cidr)
        .send()
        .await
        .expect("create a VPC");
    vpc.vpc()
        .and_then(|v| v.vpc_id())
        .expect("VPC id")
        .to_owned()
}

#[test]
fn a_clean_account_passes_every_fact() {
    let account = TestAccount::new();
    let request = account.request("us-east-1");
    let facts = gather(&account, &request);

    assert_eq!(value(&facts.identity).account, account.id);
    assert_eq!(value(&facts.region_status).status, "ENABLED_BY_DEFAULT");
    let on_demand = value(&facts.quota_on_demand);
    assert_eq!(on_demand.code, actions::QUOTA_ON_DEMAND);
    assert_eq!(on_demand.value, 64.0);
    assert_eq!(on_demand.source, QuotaSource::Applied);
    let spot = value(&facts.quota_spot);
    assert_eq!(spot.code, actions::QUOTA_SPOT);
    assert_eq!(spot.source, QuotaSource::Applied);
    assert_eq!(
        value(&facts.instance_type_zones),
        &[
            "us-east-1a",
            "us-east-1b",
            "us-east-1c",
            "us-east-1d",
            "us-east-1f"
        ]
    );
    assert_eq!(value(&facts.instance_type_vcpus), &Some(4));
    assert!(value(&home_vpcs(&facts)).is_empty());
    assert!(value(&home_instances(&facts)).is_empty());
    assert!(peers(&facts).is_empty());
    assert_eq!(facts.request, request);

    // The facts file round-trips.
    assert_eq!(Facts::from_json(&facts.to_json()), Ok(facts));
}

#[test]
fn credentials_of_another_account_skip_everything_else() {
    let manifest_account = TestAccount::new();
    let other = TestAccount::new();
    let mut request = manifest_account.request("us-east-1");
    request.peering.push(PeeringRequest {
        vpc_id: "vpc-0a1b2c3d4e5f67890".into(),
        region: "us-west-2".into(),
        account_id: None,
    });
    let facts = other.provider().gather(&request);

    assert_eq!(value(&facts.identity).account, other.id);
    assert_eq!(facts.region_status, Fact::Skipped);
    assert_eq!(facts.quota_on_demand, Fact::Skipped);
    assert_eq!(facts.quota_spot, Fact::Skipped);
    assert_eq!(facts.instance_type_zones, Fact::Skipped);
    assert_eq!(facts.instance_type_vcpus, Fact::Skipped);
    assert_eq!(home_vpcs(&facts), Fact::Skipped);
    assert_eq!(home_instances(&facts), Fact::Skipped);
    assert_eq!(peers(&facts).len(), 1);
    assert_eq!(peers(&facts)[0].vpc, Fact::Skipped);
    // Nothing but the identity was asked.
    assert_eq!(other.actions(), [actions::STS_GET_CALLER_IDENTITY]);
    assert!(manifest_account.actions().is_empty());
    // The credentials appear nowhere in the facts.
    let json = facts.to_json();
    let (key, secret, token) = other.credentials();
    for secret in [key, secret, token] {
        assert!(!json.contains(secret), "{json}");
    }
}

#[test]
fn quotas_below_the_minimum_are_reported_as_applied() {
    let account = TestAccount::new();
    account.scenario(json!({ "quotas": { "L-1216C47A": 32, "L-34B43A08": 8 } }));
    let facts = gather(&account, &account.request("eu-west-1"));

    let on_demand = value(&facts.quota_on_demand);
    assert_eq!(
        (on_demand.value, on_demand.source),
        (32.0, QuotaSource::Applied)
    );
    let spot = value(&facts.quota_spot);
    assert_eq!((spot.value, spot.source), (8.0, QuotaSource::Applied));
}

#[test]
fn a_quota_without_applied_value_falls_back_to_the_aws_default() {
    let account = TestAccount::new();
    account.scenario(json!({
        "quotas": { "L-1216C47A": null, "L-34B43A08": 64 },
        "defaultQuotas": { "L-1216C47A": 5, "L-34B43A08": 5 },
    }));
    let facts = gather(&account, &account.request("us-east-1"));

    let on_demand = value(&facts.quota_on_demand);
    assert_eq!(
        (on_demand.value, on_demand.source),
        (5.0, QuotaSource::AwsDefault)
    );
    let spot = value(&facts.quota_spot);
    assert_eq!((spot.value, spot.source), (64.0, QuotaSource::Applied));
    let actions = account.actions();
    assert!(
        actions.contains(&actions::SERVICEQUOTAS_GET_AWS_DEFAULT_SERVICE_QUOTA.to_owned()),
        "{actions:?}"
    );
}

#[test]
fn a_vpc_and_a_running_instance_are_found() {
    let account = TestAccount::new();
    let ec2 = account.ec2("us-east-1");
    let (vpc_id, instance_id) = block_on(async {
        (
            create_vpc(&ec2, "10.0.0.0/16").await,
            run_instance(&ec2).await,
        )
    });

    let facts = gather(&account, &account.request("us-east-1"));
    assert_eq!(value(&home_vpcs(&facts)), &[vpc_id]);
    // A live instance (pending or running) is listed.
    let instances = value(&home_instances(&facts)).to_vec();
    assert_eq!(instances, [instance_id.to_string()], "{instances:?}");

    // Another region of the same account is empty.
    let facts = gather(&account, &account.request("us-west-2"));
    assert!(value(&home_vpcs(&facts)).is_empty());
    assert!(value(&home_instances(&facts)).is_empty());
}

#[test]
fn a_terminated_instance_does_not_count() {
    let account = TestAccount::new();
    let ec2 = account.ec2("us-east-1");
    block_on(async {
        let id = run_instance(&ec2).await;
        ec2.terminate_instances()
            .instance_ids(id)
            .send()
            .await
            .expect("terminate");
    });
    let facts = gather(&account, &account.request("us-east-1"));
    assert!(
        value(&home_instances(&facts)).is_empty(),
        "{:?}",
        home_instances(&facts)
    );
}

#[test]
fn a_peering_vpc_that_does_not_exist_is_none() {
    let account = TestAccount::new();
    let mut request = account.request("us-east-1");
    request.peering.push(PeeringRequest {
        vpc_id: "vpc-0a1b2c3d4e5f67890".into(),
        region: "us-west-2".into(),
        account_id: None,
    });
    let facts = gather(&account, &request);
    assert_eq!(peers(&facts).len(), 1);
    assert_eq!(peers(&facts)[0].vpc_id, "vpc-0a1b2c3d4e5f67890");
    assert_eq!(peers(&facts)[0].region, "us-west-2");
    assert_eq!(peers(&facts)[0].vpc, Fact::Ok { value: None });
}

#[test]
fn a_peering_vpc_reports_every_cidr_in_its_own_region() {
    let account = TestAccount::new();
    let ec2 = account.ec2("eu-west-1");
    let vpc_id = block_on(async {
        let vpc_id = create_vpc(&ec2, "10.30.0.0/16").await;
        ec2.associate_vpc_cidr_block()
            .vpc_id(&vpc_id)
            .cidr_block("10.31.0.0/16")
            .send()
            .await
            .expect("associate a secondary CIDR");
        vpc_id
    });

    let mut request = account.request("us-east-1");
    request.peering = vec![
        PeeringRequest {
            vpc_id: vpc_id.clone(),
            region: "eu-west-1".into(),
            account_id: None,
        },
        // The same VPC looked up in another region does not exist there.
        PeeringRequest {
            vpc_id: vpc_id.clone(),
            region: "us-east-1".into(),
            account_id: None,
        },
    ];
    let facts = gather(&account, &request);
    assert_eq!(
        peers(&facts)[0].vpc,
        Fact::Ok {
            value: Some(PeerVpc {
                cidrs: vec!["10.30.0.0/16".into(), "10.31.0.0/16".into()]
            })
        }
    );
    assert_eq!(peers(&facts)[1].vpc, Fact::Ok { value: None });
    // The peering VPC is in eu-west-1: the cluster's region is still empty.
    assert!(value(&home_vpcs(&facts)).is_empty());
}

#[test]
fn region_opt_in_statuses() {
    let account = TestAccount::new();
    account.scenario(json!({ "regions": { "me-south-1": "ENABLED" } }));

    // An opt-in region that is not enabled (the default for ap-east-1).
    let facts = gather(&account, &account.request("ap-east-1"));
    assert_eq!(value(&facts.region_status).status, "DISABLED");
    assert!(!value(&facts.region_status).is_enabled());
    // The inventory does not list a region that is not enabled.
    assert_eq!(home_instances(&facts), Fact::NotGathered);
    assert!(!value(&facts.enabled_regions).contains(&"ap-east-1".to_owned()));
    // AWS refuses the credentials in that region; that is explained, not blamed on them.
    assert_failed(
        &facts.quota_on_demand,
        FactErrorKind::Service,
        actions::SERVICEQUOTAS_GET_SERVICE_QUOTA,
    );
    let message = facts
        .quota_on_demand
        .error()
        .expect("an error")
        .message
        .clone();
    assert!(
        message.ends_with("(the region ap-east-1 is DISABLED in this account)"),
        "{message}"
    );
    assert_failed(
        &facts.quota_spot,
        FactErrorKind::Service,
        actions::SERVICEQUOTAS_GET_SERVICE_QUOTA,
    );
    // The identity is asked in the home region, which is enabled.
    assert_eq!(value(&facts.identity).account, account.id);

    let facts = gather(&account, &account.request("me-south-1"));
    assert_eq!(value(&facts.region_status).status, "ENABLED");
    assert!(value(&facts.region_status).is_enabled());
    assert!(
        home_instances(&facts).value().is_some(),
        "{:?}",
        home_instances(&facts)
    );
}

#[test]
fn a_denied_call_fails_alone() {
    let account = TestAccount::new();
    account.scenario(json!({ "deny": [actions::EC2_DESCRIBE_VPCS] }));
    let facts = gather(&account, &account.request("us-east-1"));

    assert_failed(
        &home_vpcs(&facts),
        FactErrorKind::AccessDenied,
        actions::EC2_DESCRIBE_VPCS,
    );
    let message = home_vpcs(&facts).error().expect("an error").message.clone();
    assert!(message.starts_with("UnauthorizedOperation: "), "{message}");
    // Everything else was gathered.
    assert!(facts.identity.value().is_some());
    assert!(facts.region_status.value().is_some());
    assert!(facts.quota_on_demand.value().is_some());
    assert!(facts.quota_spot.value().is_some());
    assert!(facts.instance_type_zones.value().is_some());
    assert!(facts.instance_type_vcpus.value().is_some());
    assert!(home_instances(&facts).value().is_some());
}

#[test]
fn denied_identity_still_gathers_the_rest() {
    let account = TestAccount::new();
    account.scenario(json!({ "deny": [actions::STS_GET_CALLER_IDENTITY] }));
    let facts = gather(&account, &account.request("us-east-1"));
    assert_failed(
        &facts.identity,
        FactErrorKind::AccessDenied,
        actions::STS_GET_CALLER_IDENTITY,
    );
    let message = &facts.identity.error().expect("an error").message;
    assert!(message.starts_with("AccessDenied: "), "{message}");
    assert!(facts.region_status.value().is_some());
    assert!(home_instances(&facts).value().is_some());
}

#[test]
fn a_denied_describe_regions_falls_back_to_the_account_api() {
    let account = TestAccount::new();
    account.scenario(json!({
        "deny": [actions::EC2_DESCRIBE_REGIONS],
        "regions": { "af-south-1": "ENABLING" },
    }));
    let facts = gather(&account, &account.request("af-south-1"));
    assert_eq!(value(&facts.region_status).status, "ENABLING");
    let actions = account.actions();
    assert!(
        actions.contains(&actions::ACCOUNT_GET_REGION_OPT_STATUS.to_owned()),
        "{actions:?}"
    );

    // Both denied: the failure names the primary action and mentions the fallback.
    account.scenario(json!({
        "deny": [actions::EC2_DESCRIBE_REGIONS, actions::ACCOUNT_GET_REGION_OPT_STATUS],
    }));
    let facts = gather(&account, &account.request("af-south-1"));
    assert_failed(
        &facts.region_status,
        FactErrorKind::AccessDenied,
        actions::EC2_DESCRIBE_REGIONS,
    );
    let message = &facts.region_status.error().expect("an error").message;
    assert!(
        message.contains(actions::ACCOUNT_GET_REGION_OPT_STATUS),
        "{message}"
    );
}

#[test]
fn throttling_and_server_errors_are_classified_after_retries() {
    let account = TestAccount::new();
    account.scenario(json!({
        "errors": {
            "ec2:DescribeInstances": "throttle",
            "servicequotas:GetServiceQuota": "throttle",
            "ec2:DescribeInstanceTypes": "internal",
        }
    }));
    let started = Instant::now();
    let facts = gather(&account, &account.request("us-east-1"));
    let elapsed = started.elapsed();

    assert_failed(
        &home_instances(&facts),
        FactErrorKind::Throttled,
        actions::EC2_DESCRIBE_INSTANCES,
    );
    let message = home_instances(&facts)
        .error()
        .expect("an error")
        .message
        .clone();
    assert!(message.starts_with("RequestLimitExceeded: "), "{message}");
    assert_failed(
        &facts.quota_on_demand,
        FactErrorKind::Throttled,
        actions::SERVICEQUOTAS_GET_SERVICE_QUOTA,
    );
    assert_failed(
        &facts.instance_type_vcpus,
        FactErrorKind::Service,
        actions::EC2_DESCRIBE_INSTANCE_TYPES,
    );
    // The SDK retried (three attempts in each region the inventory lists).
    let calls = account.actions();
    let attempts = calls
        .iter()
        .filter(|a| *a == "ec2:DescribeInstances")
        .count();
    assert_eq!(
        attempts,
        3 * value(&facts.enabled_regions).len(),
        "{calls:?}"
    );
    // The retries' backoffs are capped to fit in the call timeout: no call of the region's
    // facts hit it. (The adaptive retry mode slows the other EC2 calls of a region whose
    // client was throttled, as it is meant to; the inventory's listings there may run out of
    // time, and are then reported as such, never as empty.)
    let timed_out: Vec<String> = facts
        .entries()
        .into_iter()
        .filter(|e| e.decl.resource_type.is_none())
        .filter(|e| {
            matches!(e.state, astro_preflight_facts::registry::State::Failed(error) if error.kind == FactErrorKind::Timeout)
        })
        .map(|e| format!("{} {:?}", e.decl.name, e.scope))
        .collect();
    assert!(timed_out.is_empty(), "{elapsed:?}: {timed_out:?}");
    assert!(home_vpcs(&facts).value().is_some());
}

#[test]
fn a_slow_call_times_out_alone() {
    let account = TestAccount::new();
    account.scenario(json!({ "delays": { "ec2:DescribeInstances": 6 } }));
    let call_timeout = Duration::from_secs(3);
    let provider = account.provider_with(AwsOptions {
        call_timeout,
        ..account.options()
    });
    let started = Instant::now();
    let facts = provider.gather(&account.request("us-east-1"));
    let elapsed = started.elapsed();

    assert_failed(
        &home_instances(&facts),
        FactErrorKind::Timeout,
        actions::EC2_DESCRIBE_INSTANCES,
    );
    assert!(home_vpcs(&facts).value().is_some());
    assert!(facts.quota_spot.value().is_some());
    // The identity and the enabled regions come first, then the listings time out together.
    assert!(elapsed < call_timeout * 3, "{elapsed:?}");
}

#[test]
fn calls_run_concurrently() {
    let account = TestAccount::new();
    account.scenario(json!({ "delays": { "*": 1.0 } }));
    let started = Instant::now();
    let facts = gather(&account, &account.request("us-east-1"));
    let elapsed = started.elapsed();

    assert!(
        home_instances(&facts).value().is_some(),
        "{:?}",
        home_instances(&facts)
    );
    assert!(facts.quota_spot.value().is_some(), "{:?}", facts.quota_spot);
    // The identity, then the region's facts and the inventory at once (the enabled regions,
    // then some 220 listings, 64 at a time): about 6 s on an idle machine; one after the other
    // it would be minutes.
    assert!(elapsed < Duration::from_secs(25), "{elapsed:?}");
}

#[test]
fn an_unknown_instance_type_has_no_vcpus_and_no_zones() {
    let account = TestAccount::new();
    let mut request = account.request("us-east-1");
    request.instance_type = "m5.huge".into();
    let facts = gather(&account, &request);
    assert_eq!(facts.instance_type_vcpus, Fact::Ok { value: None });
    assert_eq!(facts.instance_type_zones, Fact::Ok { value: vec![] });
}

#[test]
fn gather_all_returns_one_facts_per_request_in_order() {
    let account = TestAccount::new();
    let requests = [
        account.request("us-east-1"),
        account.request("ap-east-1"),
        account.request("eu-west-1"),
    ];
    let all = account.provider().gather_all(&requests);
    account.assert_only_known_actions(0);

    assert_eq!(all.len(), 3);
    for (facts, request) in all.iter().zip(&requests) {
        assert_eq!(&facts.request, request);
        assert_eq!(value(&facts.identity).account, account.id);
    }
    assert_eq!(value(&all[0].region_status).status, "ENABLED_BY_DEFAULT");
    assert_eq!(value(&all[1].region_status).status, "DISABLED");
    // A region that is not enabled is not listed.
    assert_eq!(home_vpcs(&all[1]), Fact::NotGathered);
    assert_eq!(value(&all[2].instance_type_zones).len(), 3);
    assert!(all.iter().all(|f| f.gathered_at == all[0].gathered_at));
}

#[test]
fn a_provider_can_be_reused() {
    let account = TestAccount::new();
    let provider = account.provider();
    let first = provider.gather(&account.request("us-east-1"));
    let second = provider.gather(&account.request("us-east-1"));
    assert_eq!(first.identity, second.identity);
    assert!(home_instances(&second).value().is_some());
}

#[test]
fn gathering_from_async_code_does_not_panic() {
    let account = TestAccount::new();
    let provider = account.provider();
    let facts = block_on(async { provider.gather(&account.request("us-east-1")) });
    assert!(facts.identity.value().is_some());
    // Dropping the provider inside async code does not panic either.
    block_on(async move { drop(provider) });
}

fn request_without_emulator() -> FactsRequest {
    FactsRequest {
        account_id: support::DEFAULT_ACCOUNT.into(),
        region: "us-east-1".into(),
        instance_type: "m5.xlarge".into(),
        vpc_cidr: None,
        opt_in_region: false,
        peering: vec![PeeringRequest {
            vpc_id: "vpc-0a1b2c3d".into(),
            region: "us-west-2".into(),
            account_id: None,
        }],
    }
}

#[test]
fn an_endpoint_that_never_answers_ends_within_the_total_timeout() {
    let silent = SilentListener::start();
    let total = Duration::from_secs(3);
    let provider = AwsFactsProvider::new(AwsOptions {
        profile: None,
        endpoint_url: Some(silent.url()),
        call_timeout: Duration::from_secs(2),
        total_timeout: total,
        ..AwsOptions::default()
    })
    .with_static_credentials(support::ACCESS_KEY_ID, support::SECRET_ACCESS_KEY, None);

    let started = Instant::now();
    let facts = provider.gather(&request_without_emulator());
    let elapsed = started.elapsed();

    assert!(elapsed < total + Duration::from_millis(500), "{elapsed:?}");
    // The identity hit the call timeout (2 s); the rest ran out of total time (1 s later).
    assert_failed(
        &facts.identity,
        FactErrorKind::Timeout,
        actions::STS_GET_CALLER_IDENTITY,
    );
    assert_failed(
        &facts.region_status,
        FactErrorKind::Timeout,
        actions::EC2_DESCRIBE_REGIONS,
    );
    assert_failed(
        &facts.quota_on_demand,
        FactErrorKind::Timeout,
        actions::SERVICEQUOTAS_GET_SERVICE_QUOTA,
    );
    assert_failed(
        &facts.quota_spot,
        FactErrorKind::Timeout,
        actions::SERVICEQUOTAS_GET_SERVICE_QUOTA,
    );
    assert_failed(
        &facts.instance_type_zones,
        FactErrorKind::Timeout,
        actions::EC2_DESCRIBE_INSTANCE_TYPE_OFFERINGS,
    );
    assert_failed(
        &facts.instance_type_vcpus,
        FactErrorKind::Timeout,
        actions::EC2_DESCRIBE_INSTANCE_TYPES,
    );
    // Without the enabled regions, no region is listed: the inventory fails with them.
    assert_failed(
        &home_vpcs(&facts),
        FactErrorKind::Timeout,
        actions::EC2_DESCRIBE_REGIONS,
    );
    assert_failed(
        &home_instances(&facts),
        FactErrorKind::Timeout,
        actions::EC2_DESCRIBE_REGIONS,
    );
    assert_failed(
        &peers(&facts)[0].vpc,
        FactErrorKind::Timeout,
        actions::EC2_DESCRIBE_VPCS,
    );
    let message = home_instances(&facts)
        .error()
        .expect("an error")
        .message
        .clone();
    assert!(message.contains("total timeout 3 s"), "{message}");
}

#[test]
fn a_refused_connection_is_a_network_failure() {
    let provider = AwsFactsProvider::new(AwsOptions {
        profile: None,
        endpoint_url: Some(refused_url()),
        call_timeout: Duration::from_secs(2),
        total_timeout: Duration::from_secs(5),
        ..AwsOptions::default()
    })
    .with_static_credentials(support::ACCESS_KEY_ID, support::SECRET_ACCESS_KEY, None);
    let started = Instant::now();
    let facts = provider.gather(&request_without_emulator());
    let elapsed = started.elapsed();

    assert_failed(
        &facts.identity,
        FactErrorKind::Network,
        actions::STS_GET_CALLER_IDENTITY,
    );
    // Without the enabled regions, no region is listed: the inventory fails with them.
    assert_failed(
        &home_vpcs(&facts),
        FactErrorKind::Network,
        actions::EC2_DESCRIBE_REGIONS,
    );
    assert_failed(
        &facts.quota_spot,
        FactErrorKind::Network,
        actions::SERVICEQUOTAS_GET_SERVICE_QUOTA,
    );
    assert_failed(
        &peers(&facts)[0].vpc,
        FactErrorKind::Network,
        actions::EC2_DESCRIBE_VPCS,
    );
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    let json = facts.to_json();
    assert!(!json.contains(support::ACCESS_KEY_ID), "{json}");
    assert!(!json.contains(support::SECRET_ACCESS_KEY), "{json}");
}
