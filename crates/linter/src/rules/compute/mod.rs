//! Node and metadata database instance types.

pub mod db_instance_type_ignored;
pub mod db_instance_type_unsupported;
pub mod instance_type_banned_in_region;
pub mod instance_type_burstable;
pub mod instance_type_not_in_region;
pub mod instance_type_unsupported;
pub mod node_count_out_of_range;
