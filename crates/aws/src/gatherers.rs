//! Which gatherer gathers each fact of the registry: one exhaustive `match` on
//! [`FactId`], so a fact added to the registry does not compile until it has its gatherer here.
//! The orchestration (`gather.rs`, `inventory.rs`) asks this table which facts to gather where,
//! and never names a fact itself but the few it orders the others by (whose credentials, the
//! enabled regions, the role).

use std::future::Future;
use std::pin::Pin;

use astro_preflight_facts::registry::{FactId, FactValue};

use crate::calls::{self, RequestCx};
use crate::listings::{self, Found, ListingCx};
use crate::network;
use crate::role::{self, AccountCx};

/// A gatherer's work, to await.
pub(crate) type Gathering<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A listing of the inventory (see `listings.rs`).
pub(crate) type ListFn = for<'a> fn(&'a ListingCx<'a>) -> Gathering<'a, Found>;

/// How a fact is gathered.
#[derive(Clone, Copy)]
pub(crate) enum Gatherer {
    /// Whose credentials these are: first, once per account (`sts:GetCallerIdentity`, or the
    /// account of the role assumed there); another account's credentials learn nothing else.
    Identity,
    /// The regions enabled in the account: once per account, before the listings of each.
    EnabledRegions,
    /// One listing of the inventory: once per account, in each enabled region or, for a
    /// global service, once.
    Listing(ListFn),
    /// Once per request: about its region, node type or peering entries.
    Request(for<'a> fn(&'a RequestCx<'a>) -> Gathering<'a, FactValue>),
    /// Once per account, beside the inventory.
    Account(for<'a> fn(&'a AccountCx<'a>) -> Gathering<'a, FactValue>),
    /// Astronomer's cross-account role: once per account; what needs it waits for it.
    Role,
    /// Once per account, once the role is known (given its ARN); skipped when there is none.
    OfRole(for<'a> fn(&'a AccountCx<'a>, &'a str) -> Gathering<'a, FactValue>),
    /// Not from AWS: the Astro API's (`crates/astro-api`, called by the binary once per run),
    /// skipped in what this provider gathers.
    AstroApi,
}

/// The table below as the match of [`gatherer`]: each line a fact, how it is gathered and
/// (but for the gatherers the orchestration runs itself) its function, whose result is wrapped
/// as the fact's [`FactValue`].
macro_rules! gatherers {
    ($($fact:ident => $kind:ident $(($function:path))?,)*) => {
        /// The gatherer of a fact.
        pub(crate) fn gatherer(id: FactId) -> Gatherer {
            match id {
                $(FactId::$fact => gatherers!(@arm $fact $kind $($function)?),)*
            }
        }
    };
    (@arm $fact:ident Listing $function:path) => {
        Gatherer::Listing(|cx| Box::pin($function(cx)))
    };
    (@arm $fact:ident Request $function:path) => {
        Gatherer::Request(|cx| Box::pin(async move { FactValue::$fact($function(cx).await) }))
    };
    (@arm $fact:ident Account $function:path) => {
        Gatherer::Account(|cx| Box::pin(async move { FactValue::$fact($function(cx).await) }))
    };
    (@arm $fact:ident OfRole $function:path) => {
        Gatherer::OfRole(|cx, arn| {
            Box::pin(async move { FactValue::$fact($function(cx, arn).await) })
        })
    };
    (@arm $fact:ident $kind:ident) => {
        Gatherer::$kind
    };
}

gatherers! {
    Identity => Identity,
    RegionStatus => Request(calls::region_status),
    EnabledRegions => EnabledRegions,
    QuotaOnDemand => Request(calls::quota_on_demand),
    QuotaSpot => Request(calls::quota_spot),
    InstanceTypeZones => Request(calls::instance_type_zones),
    InstanceTypeVcpus => Request(calls::instance_type_vcpus),
    PeerVpcs => Request(calls::peer_vpcs),
    ClusterVpc => Request(network::cluster_vpc),
    PeerNetworks => Request(network::peer_networks),
    Instances => Listing(listings::ec2_instances),
    Vpcs => Listing(listings::ec2_vpcs),
    NatGateways => Listing(listings::ec2_nat_gateways),
    ElasticIps => Listing(listings::ec2_elastic_ips),
    VpcPeeringConnections => Listing(listings::ec2_peering_connections),
    TransitGatewayAttachments => Listing(listings::ec2_tgw_attachments),
    LoadBalancers => Listing(listings::cloud_control),
    ClassicLoadBalancers => Listing(listings::cloud_control),
    EksClusters => Listing(listings::cloud_control),
    DbInstances => Listing(listings::cloud_control),
    DbClusters => Listing(listings::cloud_control),
    LambdaFunctions => Listing(listings::cloud_control),
    Stacks => Listing(listings::cloud_control),
    Buckets => Listing(listings::cloud_control),
    IamUsers => Listing(listings::iam_users),
    IamRoles => Listing(listings::iam_roles),
    TransitGateways => Listing(listings::ec2_transit_gateways),
    VpnConnections => Listing(listings::ec2_vpn_connections),
    DynamodbTables => Listing(listings::cloud_control),
    SqsQueues => Listing(listings::cloud_control),
    SnsTopics => Listing(listings::cloud_control),
    EcsClusters => Listing(listings::cloud_control),
    EfsFileSystems => Listing(listings::cloud_control),
    ElastiCacheClusters => Listing(listings::cloud_control),
    RedshiftClusters => Listing(listings::cloud_control),
    OpenSearchDomains => Listing(listings::cloud_control),
    KmsKeys => Listing(listings::cloud_control),
    Secrets => Listing(listings::cloud_control),
    EcrRepositories => Listing(listings::cloud_control),
    KinesisStreams => Listing(listings::cloud_control),
    MskClusters => Listing(listings::cloud_control),
    StateMachines => Listing(listings::cloud_control),
    RestApis => Listing(listings::cloud_control),
    HttpApis => Listing(listings::cloud_control),
    EventRules => Listing(listings::cloud_control),
    LogGroups => Listing(listings::cloud_control),
    HostedZones => Listing(listings::cloud_control),
    Distributions => Listing(listings::cloud_control),
    Role => Role,
    RolePolicies => OfRole(role::attached_policies),
    RoleRegionActions => OfRole(role::region_actions),
    StsTokenVersion => Account(role::token_version),
    RoleMonitoring => Account(role::monitoring),
    ClusterOptions => AstroApi,
    CustomerPolicies => Account(role::customer_policies),
}

#[cfg(test)]
mod tests {
    use super::*;
    use astro_preflight_facts::registry::{ALL, INVENTORY, Scope};

    #[test]
    fn the_inventory_is_what_the_listings_gather() {
        for decl in ALL {
            let listing = matches!(gatherer(decl.id), Gatherer::Listing(_));
            assert_eq!(listing, INVENTORY.contains(decl), "{}", decl.name);
        }
    }

    #[test]
    fn the_astro_api_facts_are_not_gathered_here() {
        for decl in ALL {
            let astro = matches!(gatherer(decl.id), Gatherer::AstroApi);
            assert_eq!(astro, decl.from_astro_api(), "{}", decl.name);
        }
    }

    #[test]
    fn request_facts_are_about_the_request() {
        // What is asked per request is in its region or about its peering entries; what is
        // asked once per account is not.
        for decl in ALL {
            let per_request = matches!(gatherer(decl.id), Gatherer::Request(_));
            assert_eq!(
                per_request,
                matches!(decl.scope, Scope::Region | Scope::EachPeering),
                "{}",
                decl.name
            );
        }
    }
}
