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
