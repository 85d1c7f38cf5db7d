//! The cluster's region.

pub mod region_opt_in;
pub mod region_unsupported;
