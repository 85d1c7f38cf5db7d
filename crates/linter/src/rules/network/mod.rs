//! The VPC CIDR, the peering CIDRs and DNS servers.

pub mod cidr_host_bits;
pub mod cidr_invalid;
pub mod cidr_not_private;
pub mod cidr_overlap;
pub mod cidr_too_large;
pub mod cidr_too_small;
pub mod peering_cidr_overlap;
pub mod peering_dns_outside;

use crate::context::Context;

/// The largest prefix length (smallest VPC) a profile accepts.
pub(crate) fn max_prefix(cx: &Context<'_>) -> u8 {
    cx.defaults.max_vpc_prefix
}

pub(crate) fn profile_name(cx: &Context<'_>) -> &'static str {
    match cx.profile {
        Some(p) => p.as_str(),
        None => "hybrid",
    }
}
