//! `AwsFactsProvider` against a local AWS emulator (moto, extended by
//! `tests/emulator/server.py`), one emulator per scenario.

mod support;

use std::time::{Duration, Instant};

use astro_preflight_aws::{AwsFactsProvider, AwsOptions};
use astro_preflight_facts::{
    Fact, FactErrorKind, Facts, FactsProvider, FactsRequest, PeerVpc, PeeringRequest, QuotaSource,
    actions,
};
use serde_json::json;
use support::{DEFAULT_ACCOUNT, Emulator, SilentListener, block_on, refused_url};

fn request(region: &str) -> FactsRequest {
    FactsRequest {
        account_id: DEFAULT_ACCOUNT.to_owned(),
        region: region.to_owned(),
        instance_type: "m5.xlarge".to_owned(),
        peering: vec![],
    }
}

/// Gathers with the emulator's default provider and checks that only actions of the table
/// were called.
fn gather(emulator: &Emulator, request: &FactsRequest) -> Facts {
    let before = emulator.calls().len();
    let facts = emulator.provider().gather(request);
    emulator.assert_only_known_actions(before);
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

#[test]
fn a_clean_account_passes_every_fact() {
    let emulator = Emulator::start();
    let facts = gather(&emulator, &request("us-east-1"));

    assert_eq!(value(&facts.identity).account, DEFAULT_ACCOUNT);
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
    assert!(value(&facts.non_default_vpcs).is_empty());
    assert!(value(&facts.instances).is_empty());
    assert!(facts.peering.is_empty());
    assert_eq!(facts.request, request("us-east-1"));

    // The facts file round-trips.
    assert_eq!(Facts::from_json(&facts.to_json()), Ok(facts));
}

#[test]
fn credentials_of_another_account_skip_everything_else() {
    let emulator = Emulator::start();
    let (key, secret, token) = emulator.credentials_for("111122223333");
    let provider = AwsFactsProvider::new(emulator.options()).with_static_credentials(
        key.clone(),
        secret.clone(),
        Some(token.clone()),
    );
    let mut request = request("us-east-1");
    request.peering.push(PeeringRequest {
        vpc_id: "vpc-0a1b2c3d4e5f67890".into(),
        region: "us-west-2".into(),
    });
    let before = emulator.calls().len();
    let facts = provider.gather(&request);

    assert_eq!(value(&facts.identity).account, "111122223333");
    assert_eq!(facts.region_status, Fact::Skipped);
    assert_eq!(facts.quota_on_demand, Fact::Skipped);
    assert_eq!(facts.quota_spot, Fact::Skipped);
    assert_eq!(facts.instance_type_zones, Fact::Skipped);
    assert_eq!(facts.instance_type_vcpus, Fact::Skipped);
    assert_eq!(facts.non_default_vpcs, Fact::Skipped);
    assert_eq!(facts.instances, Fact::Skipped);
    assert_eq!(facts.peering.len(), 1);
    assert_eq!(facts.peering[0].vpc, Fact::Skipped);
    // Nothing but the identity was asked.
    assert_eq!(
        emulator.actions_since(before),
        [actions::STS_GET_CALLER_IDENTITY]
    );
    // The credentials appear nowhere in the facts.
    let json = facts.to_json();
    for secret in [&key, &secret, &token] {
        assert!(!json.contains(secret.as_str()), "{json}");
    }
}

#[test]
fn quotas_below_the_minimum_are_reported_as_applied() {
    let emulator = Emulator::start();
    emulator.scenario(json!({ "quotas": { "L-1216C47A": 32, "L-34B43A08": 8 } }));
    let facts = gather(&emulator, &request("eu-west-1"));

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
    let emulator = Emulator::start();
    emulator.scenario(json!({
        "quotas": { "L-1216C47A": null, "L-34B43A08": 64 },
        "defaultQuotas": { "L-1216C47A": 5, "L-34B43A08": 5 },
    }));
    let before = emulator.calls().len();
    let facts = gather(&emulator, &request("us-east-1"));

    let on_demand = value(&facts.quota_on_demand);
    assert_eq!(
        (on_demand.value, on_demand.source),
        (5.0, QuotaSource::AwsDefault)
    );
    let spot = value(&facts.quota_spot);
    assert_eq!((spot.value, spot.source), (64.0, QuotaSource::Applied));
    let actions = emulator.actions_since(before);
    assert!(
        actions.contains(&actions::SERVICEQUOTAS_GET_AWS_DEFAULT_SERVICE_QUOTA.to_owned()),
        "{actions:?}"
    );
}

#[test]
fn a_vpc_and_a_running_instance_are_found() {
    let emulator = Emulator::start();
    let ec2 = emulator.ec2("us-east-1");
    let (vpc_id, instance_id) = block_on(async {
        let vpc = ec2
            .create_vpc()
            .cidr_block("10.0.0.0/16")
            .send()
            .await
            .expect("create a VPC");
        let vpc_id = vpc
            .vpc()
            .and_then(|v| v.vpc_id())
            .expect("VPC id")
            .to_owned();
        let images = ec2.describe_images().send().await.expect("describe images");
        let image = images
            .images()
            .first()
            .and_then(|i| i.image_id())
            .expect("an image")
            .to_owned();
        let run = ec2
            .run_instances()
            .image_id(image)
            .instance_type(aws_sdk_ec2::types::InstanceType::T3Micro)
            .min_count(1)
            .max_count(1)
            .send()
            .await
            .expect("run an instance");
        let instance_id = run
            .instances()
            .first()
            .and_then(|i| i.instance_id())
            .expect("instance id")
            .to_owned();
        (vpc_id, instance_id)
    });

    let facts = gather(&emulator, &request("us-east-1"));
    assert_eq!(value(&facts.non_default_vpcs), &[vpc_id]);
    let instances = value(&facts.instances);
    assert_eq!(instances.len(), 1, "{instances:?}");
    assert_eq!(instances[0].id, instance_id);
    assert!(
        ["pending", "running"].contains(&instances[0].state.as_str()),
        "{instances:?}"
    );

    // Another region of the same account is empty.
    let facts = gather(&emulator, &request("us-west-2"));
    assert!(value(&facts.non_default_vpcs).is_empty());
    assert!(value(&facts.instances).is_empty());
}

#[test]
fn a_terminated_instance_does_not_count() {
    let emulator = Emulator::start();
    let ec2 = emulator.ec2("us-east-1");
    block_on(async {
        let images = ec2.describe_images().send().await.expect("describe images");
        let image = images
            .images()
            .first()
            .and_then(|i| i.image_id())
            .expect("an image");
        let run = ec2
            .run_instances()
            .image_id(image)
            .min_count(1)
            .max_count(1)
            .send()
            .await
            .expect("run an instance");
        let id = run
            .instances()
            .first()
            .and_then(|i| i.instance_id())
            .expect("id");
        ec2.terminate_instances()
            .instance_ids(id)
            .send()
            .await
            .expect("terminate");
    });
    let facts = gather(&emulator, &request("us-east-1"));
    assert!(value(&facts.instances).is_empty(), "{:?}", facts.instances);
}

#[test]
fn a_peering_vpc_that_does_not_exist_is_none() {
    let emulator = Emulator::start();
    let mut request = request("us-east-1");
    request.peering.push(PeeringRequest {
        vpc_id: "vpc-0a1b2c3d4e5f67890".into(),
        region: "us-west-2".into(),
    });
    let facts = gather(&emulator, &request);
    assert_eq!(facts.peering.len(), 1);
    assert_eq!(facts.peering[0].vpc_id, "vpc-0a1b2c3d4e5f67890");
    assert_eq!(facts.peering[0].region, "us-west-2");
    assert_eq!(facts.peering[0].vpc, Fact::Ok { value: None });
}

#[test]
fn a_peering_vpc_reports_every_cidr_in_its_own_region() {
    let emulator = Emulator::start();
    let ec2 = emulator.ec2("eu-west-1");
    let vpc_id = block_on(async {
        let vpc = ec2
            .create_vpc()
            .cidr_block("10.30.0.0/16")
            .send()
            .await
            .expect("create a VPC");
        let vpc_id = vpc
            .vpc()
            .and_then(|v| v.vpc_id())
            .expect("VPC id")
            .to_owned();
        ec2.associate_vpc_cidr_block()
            .vpc_id(&vpc_id)
            .cidr_block("10.31.0.0/16")
            .send()
            .await
            .expect("associate a secondary CIDR");
        vpc_id
    });

    let mut request = request("us-east-1");
    request.peering = vec![
        PeeringRequest {
            vpc_id: vpc_id.clone(),
            region: "eu-west-1".into(),
        },
        // The same VPC looked up in another region does not exist there.
        PeeringRequest {
            vpc_id: vpc_id.clone(),
            region: "us-east-1".into(),
        },
    ];
    let facts = gather(&emulator, &request);
    assert_eq!(
        facts.peering[0].vpc,
        Fact::Ok {
            value: Some(PeerVpc {
                cidrs: vec!["10.30.0.0/16".into(), "10.31.0.0/16".into()]
            })
        }
    );
    assert_eq!(facts.peering[1].vpc, Fact::Ok { value: None });
    // The peering VPC is in eu-west-1: the cluster's region is still empty.
    assert!(value(&facts.non_default_vpcs).is_empty());
}

#[test]
fn region_opt_in_statuses() {
    let emulator = Emulator::start();
    emulator.scenario(json!({ "regions": { "me-south-1": "ENABLED" } }));

    // An opt-in region that is not enabled (the default for ap-east-1).
    let facts = gather(&emulator, &request("ap-east-1"));
    assert_eq!(value(&facts.region_status).status, "DISABLED");
    assert!(!value(&facts.region_status).is_enabled());

    let facts = gather(&emulator, &request("me-south-1"));
    assert_eq!(value(&facts.region_status).status, "ENABLED");
    assert!(value(&facts.region_status).is_enabled());
}

#[test]
fn a_denied_call_fails_alone() {
    let emulator = Emulator::start();
    emulator.scenario(json!({ "deny": [actions::EC2_DESCRIBE_VPCS] }));
    let facts = gather(&emulator, &request("us-east-1"));

    assert_failed(
        &facts.non_default_vpcs,
        FactErrorKind::AccessDenied,
        actions::EC2_DESCRIBE_VPCS,
    );
    let message = &facts.non_default_vpcs.error().expect("an error").message;
    assert!(message.starts_with("UnauthorizedOperation: "), "{message}");
    assert!(!message.contains(support::ACCESS_KEY_ID), "{message}");
    // Everything else was gathered.
    assert!(facts.identity.value().is_some());
    assert!(facts.region_status.value().is_some());
    assert!(facts.quota_on_demand.value().is_some());
    assert!(facts.quota_spot.value().is_some());
    assert!(facts.instance_type_zones.value().is_some());
    assert!(facts.instance_type_vcpus.value().is_some());
    assert!(facts.instances.value().is_some());
}

#[test]
fn denied_identity_still_gathers_the_rest() {
    let emulator = Emulator::start();
    emulator.scenario(json!({ "deny": [actions::STS_GET_CALLER_IDENTITY] }));
    let facts = gather(&emulator, &request("us-east-1"));
    assert_failed(
        &facts.identity,
        FactErrorKind::AccessDenied,
        actions::STS_GET_CALLER_IDENTITY,
    );
    assert!(facts.region_status.value().is_some());
    assert!(facts.instances.value().is_some());
}

#[test]
fn a_denied_describe_regions_falls_back_to_the_account_api() {
    let emulator = Emulator::start();
    emulator.scenario(json!({
        "deny": [actions::EC2_DESCRIBE_REGIONS],
        "regions": { "af-south-1": "ENABLING" },
    }));
    let before = emulator.calls().len();
    let facts = gather(&emulator, &request("af-south-1"));
    assert_eq!(value(&facts.region_status).status, "ENABLING");
    let actions = emulator.actions_since(before);
    assert!(
        actions.contains(&actions::ACCOUNT_GET_REGION_OPT_STATUS.to_owned()),
        "{actions:?}"
    );

    // Both denied: the failure names the primary action and mentions the fallback.
    emulator.scenario(json!({
        "deny": [actions::EC2_DESCRIBE_REGIONS, actions::ACCOUNT_GET_REGION_OPT_STATUS],
    }));
    let facts = gather(&emulator, &request("af-south-1"));
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
    let emulator = Emulator::start();
    emulator.scenario(json!({
        "errors": {
            "ec2:DescribeInstances": "throttle",
            "servicequotas:GetServiceQuota": "throttle",
            "ec2:DescribeInstanceTypes": "internal",
        }
    }));
    let before = emulator.calls().len();
    let started = Instant::now();
    let facts = gather(&emulator, &request("us-east-1"));
    let elapsed = started.elapsed();

    assert_failed(
        &facts.instances,
        FactErrorKind::Throttled,
        actions::EC2_DESCRIBE_INSTANCES,
    );
    let message = &facts.instances.error().expect("an error").message;
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
    // The SDK retried (three attempts each), within the call timeout.
    let calls = emulator.actions_since(before);
    let attempts = calls
        .iter()
        .filter(|a| *a == "ec2:DescribeInstances")
        .count();
    assert_eq!(attempts, 3, "{calls:?}");
    assert!(
        elapsed < support::CALL_TIMEOUT + Duration::from_secs(1),
        "{elapsed:?}"
    );
    assert!(facts.non_default_vpcs.value().is_some());
}

#[test]
fn a_slow_call_times_out_alone() {
    let emulator = Emulator::start();
    emulator.scenario(json!({ "delays": { "ec2:DescribeInstances": 4 } }));
    let started = Instant::now();
    let facts = gather(&emulator, &request("us-east-1"));
    let elapsed = started.elapsed();

    assert_failed(
        &facts.instances,
        FactErrorKind::Timeout,
        actions::EC2_DESCRIBE_INSTANCES,
    );
    assert!(facts.non_default_vpcs.value().is_some());
    assert!(facts.quota_spot.value().is_some());
    assert!(
        elapsed < support::CALL_TIMEOUT + Duration::from_secs(2),
        "{elapsed:?}"
    );
}

#[test]
fn calls_run_concurrently() {
    let emulator = Emulator::start();
    // Warm up moto's backends so that only the delays count.
    gather(&emulator, &request("us-east-1"));
    emulator.scenario(json!({ "delays": { "*": 0.5 } }));
    let started = Instant::now();
    let facts = gather(&emulator, &request("us-east-1"));
    let elapsed = started.elapsed();

    assert!(facts.instances.value().is_some(), "{:?}", facts.instances);
    assert!(facts.quota_spot.value().is_some(), "{:?}", facts.quota_spot);
    // The identity, then eight calls at once: about 1 s; one after the other it would be 4.5 s.
    assert!(elapsed < Duration::from_millis(2500), "{elapsed:?}");
}

#[test]
fn an_unknown_instance_type_has_no_vcpus_and_no_zones() {
    let emulator = Emulator::start();
    let mut request = request("us-east-1");
    request.instance_type = "m5.huge".into();
    let facts = gather(&emulator, &request);
    assert_eq!(facts.instance_type_vcpus, Fact::Ok { value: None });
    assert_eq!(facts.instance_type_zones, Fact::Ok { value: vec![] });
}

#[test]
fn gather_all_returns_one_facts_per_request_in_order() {
    let emulator = Emulator::start();
    let requests = [
        request("us-east-1"),
        request("ap-east-1"),
        request("eu-west-1"),
    ];
    let before = emulator.calls().len();
    let all = emulator.provider().gather_all(&requests);
    emulator.assert_only_known_actions(before);

    assert_eq!(all.len(), 3);
    for (facts, request) in all.iter().zip(&requests) {
        assert_eq!(&facts.request, request);
        assert_eq!(value(&facts.identity).account, DEFAULT_ACCOUNT);
    }
    assert_eq!(value(&all[0].region_status).status, "ENABLED_BY_DEFAULT");
    assert_eq!(value(&all[1].region_status).status, "DISABLED");
    assert_eq!(value(&all[2].instance_type_zones).len(), 3);
    assert!(all.iter().all(|f| f.gathered_at == all[0].gathered_at));
}

#[test]
fn a_provider_can_be_reused() {
    let emulator = Emulator::start();
    let provider = emulator.provider();
    let first = provider.gather(&request("us-east-1"));
    let second = provider.gather(&request("us-east-1"));
    assert_eq!(first.identity, second.identity);
    assert!(second.instances.value().is_some());
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
    })
    .with_static_credentials(support::ACCESS_KEY_ID, support::SECRET_ACCESS_KEY, None);
    let mut request = request("us-east-1");
    request.peering.push(PeeringRequest {
        vpc_id: "vpc-0a1b2c3d".into(),
        region: "us-west-2".into(),
    });

    let started = Instant::now();
    let facts = provider.gather(&request);
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
    assert_failed(
        &facts.non_default_vpcs,
        FactErrorKind::Timeout,
        actions::EC2_DESCRIBE_VPCS,
    );
    assert_failed(
        &facts.instances,
        FactErrorKind::Timeout,
        actions::EC2_DESCRIBE_INSTANCES,
    );
    assert_failed(
        &facts.peering[0].vpc,
        FactErrorKind::Timeout,
        actions::EC2_DESCRIBE_VPCS,
    );
    let message = &facts.instances.error().expect("an error").message;
    assert!(message.contains("total timeout 3 s"), "{message}");
}

#[test]
fn a_refused_connection_is_a_network_failure() {
    let provider = AwsFactsProvider::new(AwsOptions {
        profile: None,
        endpoint_url: Some(refused_url()),
        call_timeout: Duration::from_secs(2),
        total_timeout: Duration::from_secs(5),
    })
    .with_static_credentials(support::ACCESS_KEY_ID, support::SECRET_ACCESS_KEY, None);
    let started = Instant::now();
    let facts = provider.gather(&request("us-east-1"));
    let elapsed = started.elapsed();

    assert_failed(
        &facts.identity,
        FactErrorKind::Network,
        actions::STS_GET_CALLER_IDENTITY,
    );
    assert_failed(
        &facts.non_default_vpcs,
        FactErrorKind::Network,
        actions::EC2_DESCRIBE_VPCS,
    );
    assert_failed(
        &facts.quota_spot,
        FactErrorKind::Network,
        actions::SERVICEQUOTAS_GET_SERVICE_QUOTA,
    );
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    let json = facts.to_json();
    assert!(!json.contains(support::ACCESS_KEY_ID), "{json}");
    assert!(!json.contains(support::SECRET_ACCESS_KEY), "{json}");
}

#[test]
fn gathering_from_async_code_does_not_panic() {
    let emulator = Emulator::start();
    let provider = emulator.provider();
    let facts = block_on(async { provider.gather(&request("us-east-1")) });
    assert!(facts.identity.value().is_some());
    // Dropping the provider inside async code does not panic either.
    block_on(async move { drop(provider) });
}
