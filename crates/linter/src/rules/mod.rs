//! Every rule: one file each, grouped by topic. A rule's doc comment is its documentation.

pub mod compute;
pub mod network;
pub mod online;
pub mod region;
pub mod suppression;
pub mod syntax;

use crate::registry::Rule;

/// Every rule, in the order of the documentation: syntax, region, network, compute, online,
/// suppression.
pub(crate) static ALL: &[&Rule] = &[
    &syntax::yaml_syntax::RULE,
    &syntax::schema::RULE,
    &syntax::manifest_unrecognized::RULE,
    &syntax::account_id_unquoted::RULE,
    &syntax::external_id_in_manifest::RULE,
    &region::region_unsupported::RULE,
    &region::region_limited::RULE,
    &region::region_opt_in::RULE,
    &region::peering_region_invalid::RULE,
    &network::cidr_invalid::RULE,
    &network::cidr_host_bits::RULE,
    &network::cidr_not_private::RULE,
    &network::cidr_too_small::RULE,
    &network::cidr_too_large::RULE,
    &network::cidr_overlap::RULE,
    &network::peering_cidr_overlap::RULE,
    &network::peering_dns_outside::RULE,
    &compute::instance_type_unsupported::RULE,
    &compute::instance_type_banned_in_region::RULE,
    &compute::instance_type_burstable::RULE,
    &compute::db_instance_type_unsupported::RULE,
    &compute::db_instance_type_ignored::RULE,
    &compute::instance_type_not_in_region::RULE,
    &compute::node_count_out_of_range::RULE,
    &online::account_mismatch::RULE,
    &online::region_not_enabled::RULE,
    &online::quota_on_demand::RULE,
    &online::quota_spot::RULE,
    &online::quota_capacity::RULE,
    &online::instance_type_not_offered::RULE,
    &online::account_not_empty::RULE,
    &online::peering_vpc_not_found::RULE,
    &online::peering_vpc_overlap::RULE,
    &online::cluster_vpc_found::RULE,
    &online::peering_not_established::RULE,
    &online::peering_pending_acceptance::RULE,
    &online::peering_route_missing::RULE,
    &online::peering_nacl_blocks::RULE,
    &online::peering_no_ingress::RULE,
    &online::peering_dns_resolution_off::RULE,
    &online::role_missing::RULE,
    &online::role_boundary_missing::RULE,
    &online::role_trust_invalid::RULE,
    &online::role_policy_missing::RULE,
    &online::region_opt_in_setup::RULE,
    &online::role_changes_unmonitored::RULE,
    &online::check_incomplete::RULE,
    &suppression::suppression_invalid::RULE,
    &suppression::suppression_unused::RULE,
];
