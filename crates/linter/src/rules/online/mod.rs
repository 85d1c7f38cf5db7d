//! Rules that need live AWS facts (`--online`, or `--facts FILE`).

pub mod account_mismatch;
pub mod account_not_empty;
pub mod check_incomplete;
pub mod cluster_vpc_found;
pub mod instance_type_not_offered;
pub mod peering_dns_resolution_off;
pub mod peering_nacl_blocks;
pub mod peering_no_ingress;
pub mod peering_not_established;
pub mod peering_pending_acceptance;
pub mod peering_route_missing;
pub mod peering_vpc_not_found;
pub mod peering_vpc_overlap;
pub mod quota_capacity;
pub mod quota_on_demand;
pub mod quota_spot;
pub mod region_not_enabled;
pub mod region_opt_in_setup;
pub mod role_boundary_missing;
pub mod role_changes_unmonitored;
pub mod role_missing;
pub mod role_policy_missing;
pub mod role_trust_invalid;

use astro_preflight_facts::registry::{Entry, Scope, State, peering_key};
use astro_preflight_facts::{Fact, Facts, PeerVpc};

use crate::context::{Context, REGION};
use crate::request::requested_peering;

/// The minimum EC2 quota, in vCPUs, for both the on-demand and the spot quota.
pub const MIN_QUOTA_VCPUS: f64 = 40.0;

/// Where a region-wide fact points: the region value (or, defaulted, the cluster key).
pub(crate) fn region_pointer(cx: &Context<'_>) -> &'static str {
    cx.region.map_or(REGION, |r| r.pointer)
}

pub(crate) fn region_name<'a>(cx: &Context<'a>) -> &'a str {
    cx.region.map_or("the region", |r| r.value)
}

/// The cross-account role, when the facts say it exists.
pub(crate) fn existing_role<'a>(cx: &Context<'a>) -> Option<&'a astro_preflight_facts::role::Role> {
    cx.facts
        .and_then(|f| f.role.value())
        .and_then(Option::as_ref)
}

/// Whether the facts say that the region is not enabled: AWS then refuses every call made in
/// it, so the facts asked there failed for that reason alone (reported by region-not-enabled).
pub(crate) fn region_refuses_calls(facts: &Facts) -> bool {
    facts
        .region_status
        .value()
        .is_some_and(|status| !status.is_enabled())
}

/// Whether a fact's entry was asked in the manifest's region.
pub(crate) fn in_home_region(facts: &Facts, entry: &Entry<'_>) -> bool {
    let home = facts.request.region.as_str();
    match entry.decl.scope {
        Scope::Region => true,
        Scope::EachEnabledRegion => entry.scope == Some(home),
        Scope::EachPeering => entry.scope.is_some_and(|key| {
            key.split_once('/')
                .is_some_and(|(region, _)| region == home)
        }),
        Scope::Account | Scope::Global | Scope::Organization => false,
    }
}

/// The entries of the facts asked in the manifest's region that failed.
pub(crate) fn regional_failures(facts: &Facts) -> impl Iterator<Item = Entry<'_>> {
    facts
        .entries()
        .into_iter()
        .filter(|e| matches!(e.state, State::Failed(_)) && in_home_region(facts, e))
}

/// Each peering entry asked about: its index in the manifest, VPC ID, region, and its fact.
pub(crate) fn peer_vpcs<'a>(
    cx: &'a Context<'_>,
) -> Vec<(usize, String, String, &'a Fact<Option<PeerVpc>>)> {
    let Some(facts) = cx.facts else {
        return Vec::new();
    };
    let Some(map) = facts.peer_vpcs.value() else {
        return Vec::new();
    };
    requested_peering(cx)
        .filter_map(|(index, p)| {
            let fact = map.get(&peering_key(&p.region, &p.vpc_id))?;
            Some((index, p.vpc_id, p.region, fact))
        })
        .collect()
}
