//! The whole-account inventory (`AwsFactsProvider::inventory`) against the local AWS emulator
//! (moto, extended by `tests/emulator/server.py`). The tests share one emulator, each in
//! accounts of its own.

mod support;

use std::collections::BTreeSet;
use std::time::Duration;

use astro_preflight_aws::{AccountInventory, AwsFactsProvider, AwsOptions};
use astro_preflight_facts::inventory::{GLOBAL, Resource};
use astro_preflight_facts::registry::{INVENTORY, Scope};
use astro_preflight_facts::{Fact, FactErrorKind, actions};
use serde_json::json;
use support::{TestAccount, block_on};

/// The regions every account has (the emulator's, as AWS's, before opt-in regions).
const DEFAULT_REGIONS: [&str; 17] = [
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ca-central-1",
    "eu-central-1",
    "eu-north-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

/// Limits with room for a busy machine: a whole inventory is about 220 calls, and moto sets up
/// each region of each service of a new account on its first call there.
fn options(account: &TestAccount) -> AwsOptions {
    AwsOptions {
        call_timeout: Duration::from_secs(30),
        total_timeout: Duration::from_secs(120),
        ..account.options()
    }
}

/// The inventory of the account, with its own credentials; checks that only actions of the
/// table were called.
fn inventory(account: &TestAccount) -> AccountInventory {
    let before = account.actions().len();
    let provider = account.provider_with(options(account));
    let mut found = provider.inventory(std::slice::from_ref(&account.id));
    account.assert_only_known_actions(before);
    assert_eq!(found.len(), 1);
    found.remove(0)
}

/// `(type, id, region)` of every resource found.
fn found(inventory: &AccountInventory) -> BTreeSet<(String, String, String)> {
    inventory
        .resources()
        .into_iter()
        .map(|r| (r.kind.clone(), r.id.clone(), r.region.clone()))
        .collect()
}

fn resource(kind: &str, id: &str, region: &str) -> (String, String, String) {
    (kind.to_owned(), id.to_owned(), region.to_owned())
}

/// The resource types found in `region`.
fn types_in(inventory: &AccountInventory, region: &str) -> BTreeSet<String> {
    inventory
        .resources()
        .into_iter()
        .filter(|r| r.region == region)
        .map(|r| r.kind.clone())
        .collect()
}

/// How many listings a whole inventory makes in an account with `regions` enabled regions:
/// each regional listing in each region, each global one once.
fn listings_in(regions: usize) -> usize {
    let global = INVENTORY
        .iter()
        .filter(|l| l.scope == Scope::Global)
        .count();
    regions * (INVENTORY.len() - global) + global
}

fn assert_complete(inventory: &AccountInventory) {
    assert!(
        inventory.is_complete(),
        "incomplete inventory: {:?}",
        inventory.failures()
    );
}

/// One resource of every regional type in `region`; returns the IDs by type.
async fn create_regional_resources(
    account: &TestAccount,
    region: &str,
) -> Vec<(&'static str, String)> {
    let config = account.sdk_config(region);
    let ec2 = aws_sdk_ec2::Client::new(&config);
    let mut ids = Vec::new();

    // EC2: an instance, VPCs, a NAT gateway and its Elastic IP, a peering connection, a
    // transit gateway attachment (the other types are listed through Cloud Control).
    let image = ec2
        .describe_images()
        .send()
        .await
        .expect("images")
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
    let instance = run.instances()[0].instance_id().expect("id").to_owned();
    ids.push(("AWS::EC2::Instance", instance));

    let vpc = |cidr: &'static str| {
        let ec2 = ec2.clone();
        async move {
            ec2.create_vpc()
                .cidr_block(cidr)
                .send()
                .await
                .expect("create a VPC")
                .vpc()
                .and_then(|v| v.vpc_id())
                .expect("VPC id")
                .to_owned()
        }
    };
    let vpc_a = vpc("10.1.0.0/16").await;
    let vpc_b = vpc("10.2.0.0/16").await;
    ids.push(("AWS::EC2::VPC", vpc_a.clone()));
    ids.push(("AWS::EC2::VPC", vpc_b.clone()));
    let subnet = |cidr: &'static str, zone: &'static str| {
        let (ec2, vpc_a) = (ec2.clone(), vpc_a.clone());
        let zone = format!("{region}{zone}");
        async move {
            ec2.create_subnet()
                .vpc_id(vpc_a)
                .cidr_block(cidr)
                .availability_zone(zone)
                .send()
                .await
                .expect("create a subnet")
                .subnet()
                .and_then(|s| s.subnet_id())
                .expect("subnet id")
                .to_owned()
        }
    };
    let subnet_a = subnet("10.1.1.0/24", "a").await;

    let allocation = ec2
        .allocate_address()
        .domain(aws_sdk_ec2::types::DomainType::Vpc)
        .send()
        .await
        .expect("allocate an address")
        .allocation_id()
        .expect("allocation id")
        .to_owned();
    ids.push(("AWS::EC2::EIP", allocation.clone()));
    let nat = ec2
        .create_nat_gateway()
        .subnet_id(&subnet_a)
        .allocation_id(allocation)
        .send()
        .await
        .expect("create a NAT gateway");
    let nat = nat
        .nat_gateway()
        .and_then(|n| n.nat_gateway_id())
        .expect("NAT id");
    ids.push(("AWS::EC2::NatGateway", nat.to_owned()));

    let peering = ec2
        .create_vpc_peering_connection()
        .vpc_id(&vpc_a)
        .peer_vpc_id(&vpc_b)
        .send()
        .await
        .expect("create a peering connection");
    let peering = peering
        .vpc_peering_connection()
        .and_then(|p| p.vpc_peering_connection_id())
        .expect("peering id");
    ids.push(("AWS::EC2::VPCPeeringConnection", peering.to_owned()));

    let tgw = ec2
        .create_transit_gateway()
        .send()
        .await
        .expect("create a transit gateway");
    let tgw = tgw
        .transit_gateway()
        .and_then(|t| t.transit_gateway_id())
        .expect("tgw id");
    let attachment = ec2
        .create_transit_gateway_vpc_attachment()
        .transit_gateway_id(tgw)
        .vpc_id(&vpc_a)
        .subnet_ids(&subnet_a)
        .send()
        .await
        .expect("attach a VPC");
    let attachment = attachment
        .transit_gateway_vpc_attachment()
        .and_then(|a| a.transit_gateway_attachment_id())
        .expect("attachment id");
    ids.push(("AWS::EC2::TransitGatewayAttachment", attachment.to_owned()));

    // One of each type listed through Cloud Control, made in moto by the emulator.
    ids.extend(samples(account, region, false));
    ids
}

/// One resource of each type the emulator lists through Cloud Control (`global`: the global
/// types instead), made in moto: `(type, id)`.
fn samples(account: &TestAccount, region: &str, global: bool) -> Vec<(&'static str, String)> {
    let made = account.emulator.control(
        "POST",
        "/_preflight/samples",
        Some(&json!({ "account": account.id, "region": region, "global": global })),
    );
    made["resources"]
        .as_array()
        .expect("samples")
        .iter()
        .map(|r| {
            let kind = r["type"].as_str().expect("type");
            let kind = INVENTORY
                .iter()
                .filter_map(|l| l.resource_type)
                .find(|t| *t == kind)
                .unwrap_or_else(|| panic!("{kind} is not listed"));
            (kind, r["id"].as_str().expect("id").to_owned())
        })
        .collect()
}

/// A CloudFormation stack or an S3 bucket named `name`, made in moto by the emulator in
/// `region`.
fn named(account: &TestAccount, kind: &str, name: &str, region: &str) {
    account.emulator.control(
        "POST",
        "/_preflight/named",
        Some(&json!({ "account": account.id, "region": region, "type": kind, "name": name })),
    );
}

#[test]
fn every_type_is_found_in_each_enabled_region_and_globally() {
    let account = TestAccount::new();
    // An opt-in region the account enabled, besides two enabled by default.
    account.scenario(json!({ "regions": { "ap-east-1": "ENABLED" } }));
    let (east, west, opt_in, global) = block_on(async {
        let east = create_regional_resources(&account, "us-east-1").await;
        let west = create_regional_resources(&account, "eu-west-1").await;
        let opt_in = create_regional_resources(&account, "ap-east-1").await;
        let global = samples(&account, "us-east-1", true);
        let iam = aws_sdk_iam::Client::new(&account.sdk_config("us-east-1"));
        iam.create_user()
            .user_name("alice")
            .send()
            .await
            .expect("create a user");
        iam.create_role()
            .role_name("ops")
            .path("/team/")
            .assume_role_policy_document("{}")
            .send()
            .await
            .expect("create a role");
        (east, west, opt_in, global)
    });

    let inventory = inventory(&account);
    assert_complete(&inventory);
    let found = found(&inventory);
    for (region, ids) in [
        ("us-east-1", &east),
        ("eu-west-1", &west),
        ("ap-east-1", &opt_in),
    ] {
        for (kind, id) in ids {
            assert!(
                found.contains(&resource(kind, id, region)),
                "{kind} {id} in {region} not found; found {found:#?}"
            );
        }
    }
    // Every regional type, in each of the three regions.
    let regional: BTreeSet<String> = INVENTORY
        .iter()
        .filter(|l| l.scope == Scope::EachEnabledRegion)
        .filter_map(|l| l.resource_type.map(str::to_owned))
        .collect();
    for region in ["us-east-1", "eu-west-1", "ap-east-1"] {
        assert_eq!(types_in(&inventory, region), regional, "{region}");
    }
    // Nothing of the deleted stack, nor of the default VPC.
    assert!(!found.iter().any(|(_, id, _)| id.starts_with("deleted-")));
    let default_vpcs = block_on(async {
        aws_sdk_ec2::Client::new(&account.sdk_config("eu-west-1"))
            .describe_vpcs()
            .send()
            .await
            .expect("describe VPCs")
            .vpcs()
            .iter()
            .filter(|v| v.is_default() == Some(true))
            .filter_map(|v| v.vpc_id().map(str::to_owned))
            .collect::<Vec<_>>()
    });
    assert_eq!(default_vpcs.len(), 1, "the emulator has a default VPC");
    assert!(!found.iter().any(|(_, id, _)| id == &default_vpcs[0]));

    // Globally: the Cloud Control types listed once (a hosted zone, a distribution, a bucket
    // made in another region than the home one, where Cloud Control is called).
    assert_eq!(global.len(), 3);
    for (kind, id) in &global {
        assert!(found.contains(&resource(kind, id, GLOBAL)), "{kind} {id}");
    }
    // Globally: the user, the roles with their paths.
    assert!(found.contains(&resource("AWS::IAM::User", "alice", GLOBAL)));
    let ops = inventory
        .resources()
        .into_iter()
        .find(|r| r.kind == "AWS::IAM::Role" && r.id == "ops")
        .expect("the role is listed");
    assert_eq!(ops.path.as_deref(), Some("/team/"));

    // The regions: the default ones and the enabled opt-in one, each listed, nothing else.
    let mut expected: Vec<String> = DEFAULT_REGIONS.iter().map(|r| (*r).to_owned()).collect();
    expected.push("ap-east-1".to_owned());
    expected.sort();
    assert_eq!(inventory.regions.value(), Some(&expected));
    let listed_regions: BTreeSet<&str> = inventory
        .listings
        .iter()
        .map(|l| l.region.as_str())
        .filter(|r| *r != GLOBAL)
        .collect();
    assert_eq!(listed_regions.len(), expected.len());
    assert_eq!(inventory.listings.len(), listings_in(expected.len()));
}

#[test]
fn a_clean_account_lists_only_its_baseline() {
    let account = TestAccount::new();
    block_on(async {
        let iam = aws_sdk_iam::Client::new(&account.sdk_config("us-east-1"));
        for (name, path) in [
            (
                "AWSServiceRoleForSupport",
                "/aws-service-role/support.amazonaws.com/",
            ),
            ("OrganizationAccountAccessRole", "/"),
            ("astronomer-remote-management", "/"),
        ] {
            iam.create_role()
                .role_name(name)
                .path(path)
                .assume_role_policy_document("{}")
                .send()
                .await
                .expect("create a role");
        }
    });
    named(
        &account,
        "AWS::CloudFormation::Stack",
        "AstroCrossAccountRole",
        "us-east-1",
    );

    let inventory = inventory(&account);
    assert_complete(&inventory);
    // No VPC at all: each region's default VPC is not listed.
    let resources: Vec<Resource> = inventory.resources().into_iter().cloned().collect();
    let role = |id: &str, path: &str| Resource {
        kind: "AWS::IAM::Role".into(),
        id: id.into(),
        region: GLOBAL.into(),
        path: Some(path.into()),
    };
    let mut expected = vec![
        Resource {
            kind: "AWS::CloudFormation::Stack".into(),
            id: "AstroCrossAccountRole".into(),
            region: "us-east-1".into(),
            path: None,
        },
        role(
            "AWSServiceRoleForSupport",
            "/aws-service-role/support.amazonaws.com/",
        ),
        role("OrganizationAccountAccessRole", "/"),
        role("astronomer-remote-management", "/"),
    ];
    expected.sort();
    assert_eq!(resources, expected);
    assert_eq!(
        inventory.regions.value().map(Vec::len),
        Some(DEFAULT_REGIONS.len())
    );
}

#[test]
fn a_region_that_is_not_enabled_is_not_listed() {
    let account = TestAccount::new();
    account.scenario(json!({ "regions": { "me-south-1": "ENABLED" } }));
    block_on(async {
        aws_sdk_ec2::Client::new(&account.sdk_config("me-south-1"))
            .create_vpc()
            .cidr_block("10.9.0.0/16")
            .send()
            .await
            .expect("create a VPC");
    });
    account.scenario(json!({ "regions": { "me-south-1": "DISABLED" } }));
    let before = account.emulator.calls(Some(&account.id)).len();
    let inventory = inventory(&account);
    assert_complete(&inventory);
    assert!(
        inventory.resources().is_empty(),
        "{:?}",
        inventory.resources()
    );
    assert!(
        !inventory
            .regions
            .value()
            .expect("regions")
            .contains(&"me-south-1".to_owned())
    );
    let calls = account.emulator.calls(Some(&account.id));
    assert!(
        calls[before..].iter().all(|c| c["region"] != "me-south-1"),
        "a call went to the disabled region"
    );
}

#[test]
fn a_denied_listing_fails_naming_its_action_and_the_rest_is_listed() {
    let account = TestAccount::new();
    account.scenario(json!({ "deny": ["rds:DescribeDBInstances", "s3:ListAllMyBuckets"] }));
    block_on(async {
        aws_sdk_ec2::Client::new(&account.sdk_config("us-west-2"))
            .create_vpc()
            .cidr_block("10.3.0.0/16")
            .send()
            .await
            .expect("create a VPC");
    });
    let inventory = inventory(&account);
    assert!(!inventory.is_complete());
    let mut denied_regions = BTreeSet::new();
    for listing in &inventory.listings {
        match (&listing.resources, listing.listing.name) {
            (Fact::Failed { error }, "rdsDbInstances" | "s3Buckets") => {
                assert_eq!(error.kind, FactErrorKind::AccessDenied, "{error:?}");
                let action = if listing.listing.name == "s3Buckets" {
                    actions::S3_LIST_ALL_MY_BUCKETS
                } else {
                    actions::RDS_DESCRIBE_DB_INSTANCES
                };
                assert_eq!(error.action, action);
                denied_regions.insert(listing.region.clone());
            }
            (Fact::Ok { .. }, _) => {}
            (other, id) => panic!("{id} in {}: {other:?}", listing.region),
        }
    }
    // RDS instances in every region, S3 globally.
    assert_eq!(denied_regions.len(), DEFAULT_REGIONS.len() + 1);
    assert!(denied_regions.contains(GLOBAL));
    // What could be listed still is.
    assert_eq!(
        types_in(&inventory, "us-west-2"),
        BTreeSet::from(["AWS::EC2::VPC".to_owned()])
    );
    assert_eq!(
        inventory
            .failures()
            .iter()
            .filter(|(region, _)| *region == "us-west-2")
            .map(|(_, e)| e.action.as_str())
            .collect::<Vec<_>>(),
        [actions::RDS_DESCRIBE_DB_INSTANCES]
    );
}

#[test]
fn every_listing_can_be_denied_and_says_which_action() {
    // Every inventory call, whatever its protocol (EC2, query, REST JSON, REST XML), is named
    // by the emulator and its denial read as such.
    let account = TestAccount::new();
    let every: BTreeSet<&str> = INVENTORY.iter().map(|l| l.actions[0]).collect();
    account.scenario(json!({ "deny": every }));
    let inventory = inventory(&account);
    assert!(!inventory.is_complete());
    assert_eq!(inventory.listings.len(), listings_in(DEFAULT_REGIONS.len()));
    for result in &inventory.listings {
        let listing = result.listing;
        let error = result.resources.error().unwrap_or_else(|| {
            panic!(
                "{} in {}: {:?}",
                listing.name, result.region, result.resources
            )
        });
        assert_eq!(error.kind, FactErrorKind::AccessDenied, "{error:?}");
        assert_eq!(error.action, listing.actions[0]);
    }
}

#[test]
fn delays_apply_to_the_inventory_calls() {
    // A listing slower than the call timeout fails as timed out, alone.
    let account = TestAccount::new();
    // A first inventory, without delays, sets up the emulator's regions for the account.
    assert_complete(&inventory(&account));
    account.scenario(json!({
        "delays": { "lambda:ListFunctions": 20, "s3:ListAllMyBuckets": 20 }
    }));
    let provider = account.provider_with(AwsOptions {
        call_timeout: Duration::from_secs(10),
        ..options(&account)
    });
    let inventory = provider
        .inventory(std::slice::from_ref(&account.id))
        .pop()
        .expect("one inventory");
    for result in &inventory.listings {
        match result.listing.name {
            "lambdaFunctions" | "s3Buckets" => {
                let error = result.resources.error().expect("timed out");
                assert_eq!(error.kind, FactErrorKind::Timeout, "{error:?}");
            }
            other => assert!(
                result.resources.value().is_some(),
                "{other} in {}: {:?}",
                result.region,
                result.resources
            ),
        }
    }
}

#[test]
fn without_the_enabled_regions_nothing_regional_is_listed() {
    let account = TestAccount::new();
    account.scenario(json!({ "deny": ["ec2:DescribeRegions"] }));
    let inventory = inventory(&account);
    assert!(!inventory.is_complete());
    let error = inventory.regions.error().expect("regions failed");
    assert_eq!(error.kind, FactErrorKind::AccessDenied);
    assert_eq!(error.action, actions::EC2_DESCRIBE_REGIONS);
    // The global listings only.
    assert!(inventory.listings.iter().all(|l| l.region == GLOBAL));
    assert_eq!(inventory.listings.len(), listings_in(0));
}

#[test]
fn credentials_of_another_account_list_nothing() {
    let account = TestAccount::new();
    let provider = account.provider_with(options(&account));
    let inventory = provider
        .inventory(&["000000000001".to_owned()])
        .pop()
        .expect("one inventory");
    assert_eq!(
        inventory.identity.value().map(|i| i.account.as_str()),
        Some(account.id.as_str())
    );
    assert!(inventory.listings.is_empty());
    assert!(!inventory.is_complete());
}

#[test]
fn assume_role_lists_each_accounts_own_resources() {
    let caller = TestAccount::new();
    let first = TestAccount::new();
    let second = TestAccount::new();
    let bucket = "AWS::S3::Bucket";
    named(&first, bucket, &format!("first-{}", first.id), "us-east-1");
    named(
        &second,
        bucket,
        &format!("second-{}", second.id),
        "us-east-1",
    );
    block_on(async {
        aws_sdk_ec2::Client::new(&second.sdk_config("eu-central-1"))
            .create_vpc()
            .cidr_block("10.4.0.0/16")
            .send()
            .await
            .expect("create a VPC");
    });

    for role in [
        "astro-preflight".to_owned(),
        "arn:aws:iam::{account}:role/ops/astro-preflight".to_owned(),
    ] {
        let provider = caller.provider_with(AwsOptions {
            assume_role: Some(role.clone()),
            ..options(&caller)
        });
        let before = caller.actions().len();
        let found = provider.inventory(&[first.id.clone(), second.id.clone()]);
        assert_eq!(found.len(), 2);
        let (a, b) = (&found[0], &found[1]);
        assert_complete(a);
        assert_complete(b);
        assert_eq!(a.account_id, first.id);
        assert_eq!(b.account_id, second.id);

        let buckets = |inventory: &AccountInventory| -> Vec<String> {
            inventory
                .resources()
                .into_iter()
                .filter(|r| r.kind == "AWS::S3::Bucket")
                .map(|r| r.id.clone())
                .collect()
        };
        assert_eq!(buckets(a), [format!("first-{}", first.id)], "{role}");
        assert_eq!(buckets(b), [format!("second-{}", second.id)], "{role}");
        assert!(types_in(a, "eu-central-1").is_empty(), "{role}");
        assert_eq!(
            types_in(b, "eu-central-1"),
            BTreeSet::from(["AWS::EC2::VPC".to_owned()])
        );
        // The caller assumed the role once per account, and listed nothing of its own.
        let calls: Vec<String> = caller.actions().into_iter().skip(before).collect();
        assert_eq!(calls, [actions::STS_ASSUME_ROLE, actions::STS_ASSUME_ROLE]);
    }
}

#[test]
fn a_role_that_cannot_be_assumed_is_a_failure_not_an_empty_account() {
    let caller = TestAccount::new();
    let target = TestAccount::new();
    caller.scenario(json!({ "deny": ["sts:AssumeRole"] }));
    let provider = caller.provider_with(AwsOptions {
        assume_role: Some("astro-preflight".to_owned()),
        ..options(&caller)
    });
    let inventory = provider
        .inventory(std::slice::from_ref(&target.id))
        .pop()
        .expect("one inventory");
    let error = inventory.identity.error().expect("identity failed");
    assert_eq!(error.kind, FactErrorKind::AccessDenied, "{error:?}");
    assert_eq!(error.action, actions::STS_ASSUME_ROLE);
    assert!(!inventory.is_complete());
    assert!(inventory.resources().is_empty());
    assert!(target.actions().is_empty(), "{:?}", target.actions());
}

#[test]
fn listings_follow_every_page() {
    let account = TestAccount::new();
    // The emulator's IAM answers 100 roles a page.
    block_on(async {
        let iam = aws_sdk_iam::Client::new(&account.sdk_config("us-east-1"));
        for n in 0..105 {
            iam.create_role()
                .role_name(format!("role-{n:03}"))
                .assume_role_policy_document("{}")
                .send()
                .await
                .expect("create a role");
        }
    });
    let inventory = inventory(&account);
    assert_complete(&inventory);
    let roles = inventory
        .resources()
        .into_iter()
        .filter(|r| r.kind == "AWS::IAM::Role")
        .count();
    assert_eq!(roles, 105);
    let pages = account
        .actions()
        .iter()
        .filter(|a| *a == actions::IAM_LIST_ROLES)
        .count();
    assert_eq!(pages, 2, "pages of roles");
}

#[test]
fn inventories_need_the_account_ids_only() {
    // No account, no call, no runtime.
    let provider = AwsFactsProvider::new(AwsOptions {
        endpoint_url: Some(support::refused_url()),
        ..AwsOptions::default()
    });
    assert!(provider.inventory(&[]).is_empty());
}

#[test]
fn a_cloud_control_type_denied_throttled_or_not_offered_in_one_region_fails_there_alone() {
    let account = TestAccount::new();
    account.scenario(json!({
        "deny": ["dynamodb:ListTables@eu-west-1"],
        "errors": { "sqs:ListQueues@us-east-1": "throttle" },
        "cloudControlUnsupported": { "ap-northeast-3": ["AWS::MSK::Cluster"] }
    }));
    let inventory = inventory(&account);
    assert!(!inventory.is_complete());
    let mut failed: Vec<(&str, &str, &str, FactErrorKind)> = inventory
        .listings
        .iter()
        .filter_map(|l| {
            let error = l.resources.error()?;
            Some((
                l.listing.resource_type.unwrap_or_default(),
                l.region.as_str(),
                error.action.as_str(),
                error.kind,
            ))
        })
        .collect();
    failed.sort_by_key(|f| (f.0, f.1));
    assert_eq!(
        failed,
        [
            (
                "AWS::DynamoDB::Table",
                "eu-west-1",
                actions::DYNAMODB_LIST_TABLES,
                FactErrorKind::AccessDenied
            ),
            (
                "AWS::MSK::Cluster",
                "ap-northeast-3",
                actions::CLOUDFORMATION_LIST_RESOURCES,
                FactErrorKind::Service
            ),
            (
                "AWS::SQS::Queue",
                "us-east-1",
                actions::CLOUDFORMATION_LIST_RESOURCES,
                FactErrorKind::Throttled
            ),
        ]
    );
}

#[test]
fn control_tower_and_cdk_bootstrap_accounts_are_listed_whole() {
    let account = TestAccount::new();
    let mut made = Vec::new();
    for spec in [
        json!({ "account": account.id, "preset": "control-tower", "region": "us-east-1", "vpc": true }),
        json!({ "account": account.id, "preset": "cdk-bootstrap", "region": "eu-west-1" }),
    ] {
        let built = account
            .emulator
            .control("POST", "/_preflight/landing-zone", Some(&spec));
        made.extend(built["resources"].as_array().expect("resources").clone());
    }
    let inventory = inventory(&account);
    assert_complete(&inventory);
    let found = found(&inventory);
    let mut listed = 0;
    for r in &made {
        let (kind, id, region) = (
            r["type"].as_str().expect("type"),
            r["id"].as_str().expect("id"),
            r["region"].as_str().expect("region"),
        );
        if kind == "AWS::SSM::Parameter" {
            continue; // Not a type of the inventory.
        }
        assert!(
            found.contains(&resource(kind, id, region)),
            "{kind} {id} in {region}"
        );
        listed += 1;
    }
    assert_eq!(listed, 15 + 8);
}
