//! The whole-account inventory: one function per [`Listing`] of
//! `astro_preflight_facts::inventory::LISTINGS`, the enabled regions, and the order of the calls
//! for one account (the enabled regions, then every listing of every region and the global ones
//! at once).
//!
//! Every call names its IAM action with a constant of `astro_preflight_facts::actions`, goes
//! through [`Budget::call`] (each page of a paginated listing is one call), and a failure
//! becomes the listing's [`Fact::Failed`] with that action: a listing that could not run is
//! never an empty one.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use astro_preflight_facts::inventory::{GLOBAL, Listing, Resource};
use astro_preflight_facts::{Fact, FactError, FactErrorKind, Identity, actions};
use aws_config::SdkConfig;
use aws_sdk_ec2::types::Filter;

use crate::budget::Budget;
use crate::calls;
use crate::gather::join_all;

/// The result of one listing in one region (or globally).
#[derive(Debug, Clone, PartialEq)]
pub struct ListingResult {
    /// The listing's ID (`ec2Instances`...), see [`LISTINGS`](astro_preflight_facts::inventory::LISTINGS).
    pub listing: &'static str,
    /// The region listed, or `global`.
    pub region: String,
    /// What was found, sorted; or why it could not be listed.
    pub resources: Fact<Vec<Resource>>,
}

/// Everything found in one account.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountInventory {
    /// The account asked for.
    pub account_id: String,
    /// Whose resources were listed: the caller's account (`sts:GetCallerIdentity`), or with
    /// `--assume-role` the account of the assumed role (`sts:AssumeRole`). When it is another
    /// account than `account_id`, nothing is listed and every listing is skipped.
    pub identity: Fact<Identity>,
    /// The account's enabled regions (`ec2:DescribeRegions`), sorted. When it failed, no
    /// regional listing was made (`listings` holds the global ones only).
    pub regions: Fact<Vec<String>>,
    /// One result per global listing, then one per regional listing and enabled region.
    pub listings: Vec<ListingResult>,
}

impl AccountInventory {
    /// Every resource found, sorted by type, region and ID.
    pub fn resources(&self) -> Vec<&Resource> {
        let mut all: Vec<&Resource> = self
            .listings
            .iter()
            .filter_map(|l| l.resources.value())
            .flatten()
            .collect();
        all.sort();
        all
    }

    /// The errors of the calls that failed: the regions, and each listing that failed.
    pub fn failures(&self) -> Vec<(&str, &FactError)> {
        let mut failures = Vec::new();
        if let Some(error) = self.identity.error() {
            failures.push(("", error));
        }
        if let Some(error) = self.regions.error() {
            failures.push(("", error));
        }
        for listing in &self.listings {
            if let Some(error) = listing.resources.error() {
                failures.push((listing.region.as_str(), error));
            }
        }
        failures
    }

    /// True when every listing was made in every enabled region: only then does an empty
    /// [`resources`](Self::resources) prove an empty account.
    pub fn is_complete(&self) -> bool {
        self.identity
            .value()
            .is_some_and(|i| i.account == self.account_id)
            && self.regions.value().is_some()
            && self.listings.iter().all(|l| l.resources.value().is_some())
    }
}

/// The clients of one account's inventory: the global ones, and those of each region, built on
/// first use.
pub(crate) struct InventoryClients {
    /// The account whose resources are listed (VPCs shared into it by others are not its own).
    account_id: String,
    config: SdkConfig,
    /// EC2 in the home region, for `DescribeRegions`.
    pub(crate) ec2_home: aws_sdk_ec2::Client,
    s3: aws_sdk_s3::Client,
    iam: aws_sdk_iam::Client,
    regions: Mutex<HashMap<String, Arc<RegionClients>>>,
}

/// The clients of the regional listings in one region.
struct RegionClients {
    ec2: aws_sdk_ec2::Client,
    elb: aws_sdk_elasticloadbalancing::Client,
    elbv2: aws_sdk_elasticloadbalancingv2::Client,
    eks: aws_sdk_eks::Client,
    rds: aws_sdk_rds::Client,
    lambda: aws_sdk_lambda::Client,
    cloudformation: aws_sdk_cloudformation::Client,
}

/// A client of `$sdk` in `$region`, from the shared configuration.
macro_rules! client_in {
    ($sdk:ident, $config:expr, $region:expr) => {
        $sdk::Client::from_conf(
            $sdk::config::Builder::from($config)
                .region(aws_config::Region::new($region.to_owned()))
                .build(),
        )
    };
}
pub(crate) use client_in;

impl InventoryClients {
    /// The clients for `account_id`, from `config` (the caller's, or an assumed role's).
    pub(crate) fn new(config: &SdkConfig, account_id: &str) -> InventoryClients {
        InventoryClients {
            account_id: account_id.to_owned(),
            config: config.clone(),
            ec2_home: aws_sdk_ec2::Client::new(config),
            // S3's ListBuckets lists the buckets of every region from any region; IAM is
            // global. Both in the home region.
            s3: aws_sdk_s3::Client::new(config),
            iam: aws_sdk_iam::Client::new(config),
            regions: Mutex::new(HashMap::new()),
        }
    }

    fn region(&self, region: &str) -> Arc<RegionClients> {
        let mut regions = self
            .regions
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let config = &self.config;
        Arc::clone(regions.entry(region.to_owned()).or_insert_with(|| {
            Arc::new(RegionClients {
                ec2: client_in!(aws_sdk_ec2, config, region),
                elb: client_in!(aws_sdk_elasticloadbalancing, config, region),
                elbv2: client_in!(aws_sdk_elasticloadbalancingv2, config, region),
                eks: client_in!(aws_sdk_eks, config, region),
                rds: client_in!(aws_sdk_rds, config, region),
                lambda: client_in!(aws_sdk_lambda, config, region),
                cloudformation: client_in!(aws_sdk_cloudformation, config, region),
            })
        }))
    }
}

/// Gets every page of a paginator (`$pages`, the stream of its `.send()`), each page one call
/// of the budget, and runs `$body` with each: `Ok(())`, or the error of the first page that
/// failed, for the IAM action `$action`.
macro_rules! each_page {
    ($budget:expr, $action:expr, $pages:expr, |$page:ident| $body:block) => {{
        let mut pages = $pages;
        loop {
            match $budget.call(async { pages.next().await.transpose() }).await {
                Ok(Some($page)) => $body,
                Ok(None) => break Ok(()),
                Err(err) => break Err(err.into_fact_error($action)),
            }
        }
    }};
}
pub(crate) use each_page;

/// Lists one kind of resource in `region` (ignored for a global listing).
pub(crate) async fn list(
    listing: &Listing,
    clients: &InventoryClients,
    region: &str,
    budget: &Budget,
) -> Fact<Vec<Resource>> {
    let found = if listing.global {
        match listing.id {
            "s3Buckets" => s3_buckets(&clients.s3, budget).await,
            "iamUsers" => iam_users(&clients.iam, budget).await,
            "iamRoles" => iam_roles(&clients.iam, budget).await,
            other => unknown(listing, other),
        }
    } else {
        let c = clients.region(region);
        let account = clients.account_id.as_str();
        match listing.id {
            "ec2Instances" => ec2_instances(&c.ec2, budget).await,
            "ec2Vpcs" => ec2_vpcs(&c.ec2, budget, account).await,
            "ec2NatGateways" => ec2_nat_gateways(&c.ec2, budget).await,
            "ec2ElasticIps" => ec2_elastic_ips(&c.ec2, budget).await,
            "ec2VpcPeeringConnections" => ec2_peering_connections(&c.ec2, budget).await,
            "ec2TransitGatewayAttachments" => ec2_tgw_attachments(&c.ec2, budget).await,
            "elbv2LoadBalancers" => elbv2_load_balancers(&c.elbv2, budget).await,
            "elbClassicLoadBalancers" => elb_classic_load_balancers(&c.elb, budget).await,
            "eksClusters" => eks_clusters(&c.eks, budget).await,
            "rdsDbInstances" => rds_db_instances(&c.rds, budget).await,
            "rdsDbClusters" => rds_db_clusters(&c.rds, budget).await,
            "lambdaFunctions" => lambda_functions(&c.lambda, budget).await,
            "cloudFormationStacks" => cloudformation_stacks(&c.cloudformation, budget).await,
            other => unknown(listing, other),
        }
    };
    let region = if listing.global { GLOBAL } else { region };
    match found {
        Ok(found) => {
            let mut resources: Vec<Resource> = found
                .into_iter()
                .map(|(id, path)| Resource {
                    kind: listing.resource_type.to_owned(),
                    id,
                    region: region.to_owned(),
                    path,
                })
                .collect();
            resources.sort();
            resources.dedup();
            Fact::ok(resources)
        }
        Err(error) => Fact::failed(error),
    }
}

/// What a listing function finds: each resource's ID and, for IAM, its path.
type Found = Result<Vec<(String, Option<String>)>, FactError>;

fn unknown(listing: &Listing, id: &str) -> Found {
    Err(FactError {
        action: listing.action.to_owned(),
        kind: FactErrorKind::Service,
        message: format!("internal error: no listing function for {id}"),
    })
}

fn ids<'a>(found: &mut Vec<(String, Option<String>)>, ids: impl IntoIterator<Item = &'a str>) {
    found.extend(ids.into_iter().map(|id| (id.to_owned(), None)));
}

/// `ec2:DescribeRegions` (without `AllRegions`): the regions enabled in the account, sorted.
pub(crate) async fn enabled_regions(
    ec2: &aws_sdk_ec2::Client,
    budget: &Budget,
) -> Fact<Vec<String>> {
    let action = actions::EC2_DESCRIBE_REGIONS;
    match budget.call(ec2.describe_regions().send()).await {
        Ok(out) => {
            let mut regions: Vec<String> = out
                .regions()
                .iter()
                // Without AllRegions AWS lists the enabled ones only; keep it so if it did not.
                .filter(|r| {
                    r.opt_in_status()
                        .is_none_or(|s| matches!(s, "opt-in-not-required" | "opted-in"))
                })
                .filter_map(|r| r.region_name())
                .map(str::to_owned)
                .collect();
            regions.sort();
            regions.dedup();
            if regions.is_empty() {
                return Fact::failed(FactError {
                    action: action.to_owned(),
                    kind: FactErrorKind::Service,
                    message: "unexpected answer: no enabled region".to_owned(),
                });
            }
            Fact::ok(regions)
        }
        Err(err) => Fact::failed(err.into_fact_error(action)),
    }
}

/// The inventory of one account with `config`'s credentials: the identity (unless already
/// known, from `sts:AssumeRole`) and the enabled regions at once, then every listing at once.
pub(crate) async fn account_inventory(
    config: &SdkConfig,
    account_id: &str,
    known_identity: Option<Identity>,
    budget: &Budget,
) -> AccountInventory {
    let clients = InventoryClients::new(config, account_id);
    let identity = async {
        match known_identity {
            Some(identity) => Fact::ok(identity),
            None => calls::identity(&aws_sdk_sts::Client::new(config), budget).await,
        }
    };
    let (identity, regions) = tokio::join!(identity, enabled_regions(&clients.ec2_home, budget));
    if identity.value().is_some_and(|i| i.account != account_id) {
        // Credentials of another account: nothing listed would be about this one.
        return AccountInventory {
            account_id: account_id.to_owned(),
            identity,
            regions: Fact::Skipped,
            listings: Vec::new(),
        };
    }

    let mut work: Vec<(&Listing, &str)> = Listing::global().map(|l| (l, GLOBAL)).collect();
    if let Some(regions) = regions.value() {
        for region in regions {
            work.extend(Listing::regional().map(|l| (l, region.as_str())));
        }
    }
    let clients = &clients;
    let listings = join_all(work.into_iter().map(|(listing, region)| async move {
        ListingResult {
            listing: listing.id,
            region: region.to_owned(),
            resources: list(listing, clients, region, budget).await,
        }
    }))
    .await;
    AccountInventory {
        account_id: account_id.to_owned(),
        identity,
        regions,
        listings,
    }
}

/// An inventory in which nothing could be done (the role could not be assumed, the
/// configuration not loaded in time): the identity failed, nothing else was tried.
pub(crate) fn failed(account_id: &str, error: FactError) -> AccountInventory {
    AccountInventory {
        account_id: account_id.to_owned(),
        identity: Fact::failed(error),
        regions: Fact::Skipped,
        listings: Vec::new(),
    }
}

// ---- EC2 ------------------------------------------------------------------------------------

/// `ec2:DescribeInstances`: every instance that is not terminated.
async fn ec2_instances(ec2: &aws_sdk_ec2::Client, budget: &Budget) -> Found {
    let action = actions::EC2_DESCRIBE_INSTANCES;
    let mut found = Vec::new();
    let pages = ec2
        .describe_instances()
        .filters(filter("instance-state-name", calls::LIVE_INSTANCE_STATES))
        .into_paginator()
        .send();
    each_page!(budget, action, pages, |page| {
        ids(
            &mut found,
            page.reservations()
                .iter()
                .flat_map(|r| r.instances())
                .filter(|i| {
                    i.state()
                        .and_then(|s| s.name())
                        .is_none_or(|n| n.as_str() != "terminated")
                })
                .filter_map(|i| i.instance_id()),
        );
    })?;
    Ok(found)
}

/// `ec2:DescribeVpcs` (`is-default=false`): the VPCs the account owns, but its default VPC.
async fn ec2_vpcs(ec2: &aws_sdk_ec2::Client, budget: &Budget, account: &str) -> Found {
    let action = actions::EC2_DESCRIBE_VPCS;
    let mut found = Vec::new();
    let pages = ec2
        .describe_vpcs()
        .filters(filter("is-default", ["false"]))
        .into_paginator()
        .send();
    each_page!(budget, action, pages, |page| {
        ids(
            &mut found,
            page.vpcs()
                .iter()
                .filter(|v| v.is_default() != Some(true))
                // A VPC shared into the account (AWS RAM) belongs to its owner.
                .filter(|v| v.owner_id().is_none_or(|owner| owner == account))
                .filter_map(|v| v.vpc_id()),
        );
    })?;
    Ok(found)
}

/// `ec2:DescribeNatGateways`: every NAT gateway that is not deleted or being deleted.
async fn ec2_nat_gateways(ec2: &aws_sdk_ec2::Client, budget: &Budget) -> Found {
    let action = actions::EC2_DESCRIBE_NAT_GATEWAYS;
    let mut found = Vec::new();
    let pages = ec2.describe_nat_gateways().into_paginator().send();
    each_page!(budget, action, pages, |page| {
        ids(
            &mut found,
            page.nat_gateways()
                .iter()
                .filter(|n| {
                    n.state()
                        .is_none_or(|s| !matches!(s.as_str(), "deleted" | "deleting"))
                })
                .filter_map(|n| n.nat_gateway_id()),
        );
    })?;
    Ok(found)
}

/// `ec2:DescribeAddresses` (not paginated): every Elastic IP, by allocation ID (else address).
async fn ec2_elastic_ips(ec2: &aws_sdk_ec2::Client, budget: &Budget) -> Found {
    let action = actions::EC2_DESCRIBE_ADDRESSES;
    let out = budget
        .call(ec2.describe_addresses().send())
        .await
        .map_err(|err| err.into_fact_error(action))?;
    let mut found = Vec::new();
    ids(
        &mut found,
        out.addresses()
            .iter()
            .filter_map(|a| a.allocation_id().or(a.public_ip())),
    );
    Ok(found)
}

/// The peering connection states that count: active or on the way to it.
const LIVE_PEERING_STATES: [&str; 3] = ["active", "pending-acceptance", "provisioning"];

/// `ec2:DescribeVpcPeeringConnections`: active, pending-acceptance and provisioning ones.
async fn ec2_peering_connections(ec2: &aws_sdk_ec2::Client, budget: &Budget) -> Found {
    let action = actions::EC2_DESCRIBE_VPC_PEERING_CONNECTIONS;
    let mut found = Vec::new();
    let pages = ec2
        .describe_vpc_peering_connections()
        .into_paginator()
        .send();
    each_page!(budget, action, pages, |page| {
        ids(
            &mut found,
            page.vpc_peering_connections()
                .iter()
                .filter(|p| {
                    p.status()
                        .and_then(|s| s.code())
                        .is_some_and(|c| LIVE_PEERING_STATES.contains(&c.as_str()))
                })
                .filter_map(|p| p.vpc_peering_connection_id()),
        );
    })?;
    Ok(found)
}

/// `ec2:DescribeTransitGatewayAttachments`: every attachment that is not deleted.
async fn ec2_tgw_attachments(ec2: &aws_sdk_ec2::Client, budget: &Budget) -> Found {
    let action = actions::EC2_DESCRIBE_TRANSIT_GATEWAY_ATTACHMENTS;
    let mut found = Vec::new();
    let pages = ec2
        .describe_transit_gateway_attachments()
        .into_paginator()
        .send();
    each_page!(budget, action, pages, |page| {
        ids(
            &mut found,
            page.transit_gateway_attachments()
                .iter()
                .filter(|a| a.state().is_none_or(|s| s.as_str() != "deleted"))
                .filter_map(|a| a.transit_gateway_attachment_id()),
        );
    })?;
    Ok(found)
}

// ---- Load balancers, EKS, RDS, Lambda, CloudFormation ----------------------------------------

/// `elasticloadbalancing:DescribeLoadBalancers` (v2): application, network and gateway load
/// balancers, by name.
async fn elbv2_load_balancers(
    elbv2: &aws_sdk_elasticloadbalancingv2::Client,
    budget: &Budget,
) -> Found {
    let action = actions::ELB_DESCRIBE_LOAD_BALANCERS;
    let mut found = Vec::new();
    let pages = elbv2.describe_load_balancers().into_paginator().send();
    each_page!(budget, action, pages, |page| {
        ids(
            &mut found,
            page.load_balancers()
                .iter()
                .filter_map(|lb| lb.load_balancer_name().or(lb.load_balancer_arn())),
        );
    })?;
    Ok(found)
}

/// `elasticloadbalancing:DescribeLoadBalancers` (classic), by name.
async fn elb_classic_load_balancers(
    elb: &aws_sdk_elasticloadbalancing::Client,
    budget: &Budget,
) -> Found {
    let action = actions::ELB_DESCRIBE_LOAD_BALANCERS;
    let mut found = Vec::new();
    let pages = elb.describe_load_balancers().into_paginator().send();
    each_page!(budget, action, pages, |page| {
        ids(
            &mut found,
            page.load_balancer_descriptions()
                .iter()
                .filter_map(|lb| lb.load_balancer_name()),
        );
    })?;
    Ok(found)
}

/// `eks:ListClusters`: cluster names.
async fn eks_clusters(eks: &aws_sdk_eks::Client, budget: &Budget) -> Found {
    let action = actions::EKS_LIST_CLUSTERS;
    let mut found = Vec::new();
    let pages = eks.list_clusters().into_paginator().send();
    each_page!(budget, action, pages, |page| {
        ids(&mut found, page.clusters().iter().map(String::as_str));
    })?;
    Ok(found)
}

/// `rds:DescribeDBInstances`: DB instance identifiers (RDS, Aurora, Neptune, DocumentDB).
async fn rds_db_instances(rds: &aws_sdk_rds::Client, budget: &Budget) -> Found {
    let action = actions::RDS_DESCRIBE_DB_INSTANCES;
    let mut found = Vec::new();
    let pages = rds.describe_db_instances().into_paginator().send();
    each_page!(budget, action, pages, |page| {
        ids(
            &mut found,
            page.db_instances()
                .iter()
                .filter_map(|db| db.db_instance_identifier()),
        );
    })?;
    Ok(found)
}

/// `rds:DescribeDBClusters`: DB cluster identifiers.
async fn rds_db_clusters(rds: &aws_sdk_rds::Client, budget: &Budget) -> Found {
    let action = actions::RDS_DESCRIBE_DB_CLUSTERS;
    let mut found = Vec::new();
    let pages = rds.describe_db_clusters().into_paginator().send();
    each_page!(budget, action, pages, |page| {
        ids(
            &mut found,
            page.db_clusters()
                .iter()
                .filter_map(|db| db.db_cluster_identifier()),
        );
    })?;
    Ok(found)
}

/// `lambda:ListFunctions`: function names.
async fn lambda_functions(lambda: &aws_sdk_lambda::Client, budget: &Budget) -> Found {
    let action = actions::LAMBDA_LIST_FUNCTIONS;
    let mut found = Vec::new();
    let pages = lambda.list_functions().into_paginator().send();
    each_page!(budget, action, pages, |page| {
        ids(
            &mut found,
            page.functions().iter().filter_map(|f| f.function_name()),
        );
    })?;
    Ok(found)
}

/// `cloudformation:ListStacks`: stacks in every status but `DELETE_COMPLETE`, by name.
async fn cloudformation_stacks(
    cloudformation: &aws_sdk_cloudformation::Client,
    budget: &Budget,
) -> Found {
    use aws_sdk_cloudformation::types::StackStatus;

    let action = actions::CLOUDFORMATION_LIST_STACKS;
    let mut request = cloudformation.list_stacks();
    for status in StackStatus::values()
        .iter()
        .filter(|s| **s != StackStatus::DeleteComplete.as_str())
    {
        request = request.stack_status_filter(StackStatus::from(*status));
    }
    let mut found = Vec::new();
    let pages = request.into_paginator().send();
    each_page!(budget, action, pages, |page| {
        ids(
            &mut found,
            page.stack_summaries()
                .iter()
                .filter(|s| s.stack_status() != Some(&StackStatus::DeleteComplete))
                .filter_map(|s| s.stack_name()),
        );
    })?;
    Ok(found)
}

// ---- Global: S3, IAM -----------------------------------------------------------------------

/// `s3:ListAllMyBuckets` (the `ListBuckets` operation): every bucket, of every region.
async fn s3_buckets(s3: &aws_sdk_s3::Client, budget: &Budget) -> Found {
    let action = actions::S3_LIST_ALL_MY_BUCKETS;
    let mut found = Vec::new();
    let pages = s3.list_buckets().into_paginator().send();
    each_page!(budget, action, pages, |page| {
        ids(&mut found, page.buckets().iter().filter_map(|b| b.name()));
    })?;
    Ok(found)
}

/// `iam:ListUsers`: user names, with their paths.
async fn iam_users(iam: &aws_sdk_iam::Client, budget: &Budget) -> Found {
    let action = actions::IAM_LIST_USERS;
    let mut found = Vec::new();
    let pages = iam.list_users().into_paginator().send();
    each_page!(budget, action, pages, |page| {
        found.extend(
            page.users()
                .iter()
                .map(|u| (u.user_name().to_owned(), Some(u.path().to_owned()))),
        );
    })?;
    Ok(found)
}

/// `iam:ListRoles`: role names, with their paths (`/aws-service-role/`...).
async fn iam_roles(iam: &aws_sdk_iam::Client, budget: &Budget) -> Found {
    let action = actions::IAM_LIST_ROLES;
    let mut found = Vec::new();
    let pages = iam.list_roles().into_paginator().send();
    each_page!(budget, action, pages, |page| {
        found.extend(
            page.roles()
                .iter()
                .map(|r| (r.role_name().to_owned(), Some(r.path().to_owned()))),
        );
    })?;
    Ok(found)
}

/// An EC2 filter.
fn filter<'a>(name: &str, values: impl IntoIterator<Item = &'a str>) -> Filter {
    values
        .into_iter()
        .fold(Filter::builder().name(name), |b, v| b.values(v))
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;
    use astro_preflight_facts::inventory::LISTINGS;

    #[test]
    fn every_listing_has_a_function() {
        // A listing without a function would fail at run time with "no listing function":
        // prove at build time that the dispatch knows every ID.
        let source = include_str!("inventory.rs");
        let dispatch = source
            .split("pub(crate) async fn list(")
            .nth(1)
            .and_then(|s| s.split("\n}\n").next())
            .expect("the dispatch");
        for listing in LISTINGS.iter() {
            assert!(
                dispatch.contains(&format!("\"{}\" =>", listing.id)),
                "no function for {}",
                listing.id
            );
        }
    }

    #[test]
    fn each_listing_fails_with_its_own_action() {
        // Against a port that refuses connections, every listing fails at its first call:
        // the failure must name the listing's IAM action, and never read as "nothing found".
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        drop(listener);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            let config = SdkConfig::builder()
                .behavior_version(aws_config::BehaviorVersion::latest())
                .region(aws_config::Region::from_static("us-east-1"))
                .endpoint_url(url)
                .credentials_provider(
                    aws_credential_types::provider::SharedCredentialsProvider::new(
                        aws_credential_types::Credentials::new(
                            "AKIDEXAMPLE",
                            "secret",
                            None,
                            None,
                            "tests",
                        ),
                    ),
                )
                .retry_config(aws_config::retry::RetryConfig::disabled())
                .build();
            let budget = Budget::starting_now(
                std::time::Duration::from_secs(5),
                std::time::Duration::from_secs(20),
                Arc::new(tokio::sync::Semaphore::new(4)),
            );
            let clients = InventoryClients::new(&config, "123456789012");
            for listing in LISTINGS.iter() {
                let fact = list(listing, &clients, "eu-west-1", &budget).await;
                let error = fact
                    .error()
                    .unwrap_or_else(|| panic!("{}: {fact:?}", listing.id));
                assert_eq!(error.action, listing.action, "{}", listing.id);
                assert_eq!(
                    error.kind,
                    FactErrorKind::Network,
                    "{}: {error:?}",
                    listing.id
                );
            }
        });
    }
}
