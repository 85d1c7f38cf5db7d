//! Rules that need live AWS facts (`--online`, or `--facts FILE`).

pub mod account_mismatch;
pub mod account_not_empty;
pub mod check_incomplete;
pub mod instance_type_not_offered;
pub mod peering_vpc_not_found;
pub mod peering_vpc_overlap;
pub mod quota_capacity;
pub mod quota_on_demand;
pub mod quota_spot;
pub mod region_not_enabled;

use astro_preflight_facts::{FactError, Facts};

use crate::context::{Context, REGION};

/// The minimum EC2 quota, in vCPUs, for both the on-demand and the spot quota.
pub const MIN_QUOTA_VCPUS: f64 = 40.0;

/// Where a region-wide fact points: the region value (or, defaulted, the cluster key).
pub(crate) fn region_pointer(cx: &Context<'_>) -> &'static str {
    cx.region.map_or(REGION, |r| r.pointer)
}

pub(crate) fn region_name<'a>(cx: &Context<'a>) -> &'a str {
    cx.region.map_or("the region", |r| r.value)
}

/// Whether the facts say that the region is not enabled: AWS then refuses every call made in
/// it, so the facts asked there failed for that reason alone (reported by region-not-enabled).
pub(crate) fn region_refuses_calls(facts: &Facts) -> bool {
    facts.region_status.value().is_some_and(|status| !status.is_enabled())
}

/// The failures of the facts asked in the manifest's region (quotas, the node type, the
/// account's VPCs and instances, peering VPCs of that region).
pub(crate) fn regional_failures(facts: &Facts) -> impl Iterator<Item = &FactError> {
    [
        facts.quota_on_demand.error(),
        facts.quota_spot.error(),
        facts.instance_type_zones.error(),
        facts.instance_type_vcpus.error(),
        facts.non_default_vpcs.error(),
        facts.instances.error(),
    ]
    .into_iter()
    .flatten()
    .chain(facts.peering.iter().filter(|p| p.region == facts.request.region).filter_map(|p| p.vpc.error()))
}
