//! The cluster's region.

pub mod peering_region_invalid;
pub mod region_limited;
pub mod region_opt_in;
pub mod region_unsupported;
