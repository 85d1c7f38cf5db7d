

pub(crate) fn reflens_describe_images_output_output_next_token(
    input: &crate::operation::describe_images::DescribeImagesOutput,
) -> ::std::option::Option<&::std::string::String> {
    let input = match &input.next_token {
        ::std::option::Option::None => return ::std::option::Option::None,
        ::std::option::Option::Some(t) => t,
    };
    ::std::option::Option::Some(input)
}

pub(crate) fn reflens_describe_instance_type_offerings_output_output_next_token(
    input: &crate::operation::describe_instance_type_offerings::DescribeInstanceTypeOfferingsOutput,
) -> ::std::option::Option<&::std::string::String> {
    let input = match &input.next_token {
        ::std::option::Option::None => return ::std::option::Option::None,
        ::std::option::Option::Some(t) => t,
    };
    ::std::option::Option::Some(input)
}

pub(crate) fn reflens_describe_instance_types_output_output_next_token(
    input: &crate::operation::describe_instance_types::DescribeInstanceTypesOutput,
) -> ::std::option::Option<&::std::string::String> {
    let input = match &input.next_token {
        ::std::option::Option::None => return ::std::option::Option::None,
        ::std::option::Option::Some(t) => t,
    };
    ::std::option::Option::Some(input)
}

pub(crate) fn reflens_describe_instances_output_output_next_token(
    input: &crate::operation::describe_instances::DescribeInstancesOutput,
) -> ::std::option::Option<&::std::string::String> {
    let input = match &input.next_token {
        ::std::option::Option::None => return ::std::option::Option::None,
        ::std::option::Option::Some(t) => t,
    };
    ::std::option::Option::Some(input)
}

pub(crate) fn reflens_describe_nat_gateways_output_output_next_token(
    input: &crate::operation::describe_nat_gateways::DescribeNatGatewaysOutput,
) -> ::std::option::Option<&::std::string::String> {
    let input = match &input.next_token {
        ::std::option::Option::None => return ::std::option::Option::None,
        ::std::option::Option::Some(t) => t,
    };
    ::std::option::Option::Some(input)
}

pub(crate) fn reflens_describe_network_acls_output_output_next_token(
    input: &crate::operation::describe_network_acls::DescribeNetworkAclsOutput,
) -> ::std::option::Option<&::std::string::String> {
    let input = match &input.next_token {
        ::std::option::Option::None => return ::std::option::Option::None,
        ::std::option::Option::Some(t) => t,
    };
    ::std::option::Option::Some(input)
}

pub(crate) fn reflens_describe_route_tables_output_output_next_token(
    input: &crate::operation::describe_route_tables::DescribeRouteTablesOutput,
) -> ::std::option::Option<&::std::string::String> {
    let input = match &input.next_token {
        ::std::option::Option::None => return ::std::option::Option::None,
        ::std::option::Option::Some(t) => t,
    };
    ::std::option::Option::Some(input)
}

pub(crate) fn reflens_describe_security_groups_output_output_next_token(
    input: &crate::operation::describe_security_groups::DescribeSecurityGroupsOutput,
) -> ::std::option::Option<&::std::string::String> {
    let input = match &input.next_token {
        ::std::option::Option::None => return ::std::option::Option::None,
        ::std::option::Option::Some(t) => t,
    };
    ::std::option::Option::Some(input)
}

pub(crate) fn reflens_describe_subnets_output_output_next_token(
    input: &crate::operation::describe_subnets::DescribeSubnetsOutput,
) -> ::std::option::Option<&::std::string::String> {
    let input = match &input.next_token {
        ::std::option::Option::None => return ::std::option::Option::None,
        ::std::option::Option::Some(t) => t,
    };
    ::std::option::Option::Some(input)
}

pub(crate) fn reflens_describe_transit_gateway_attachments_output_output_next_token(
    input: &crate::operation::describe_transit_gateway_attachments::DescribeTransitGatewayAttachmentsOutput,
) -> ::std::option::Option<&::std::string::String> {
    let input = match &input.next_token {
        ::std::option::Option::None => return ::std::option::Option::None,
        ::std::option::Option::Some(t) => t,
    };
    ::std::option::Option::Some(input)
}

pub(crate) fn reflens_describe_transit_gateways_output_output_next_token(
    input: &crate::operation::describe_transit_gateways::DescribeTransitGatewaysOutput,
) -> ::std::option::Option<&::std::string::String> {
    let input = match &input.next_token {
        ::std::option::Option::None => return ::std::option::Option::None,
        ::std::option::Option::Some(t) => t,
    };
    ::std::option::Option::Some(input)
}

pub(crate) fn reflens_describe_vpc_peering_connections_output_output_next_token(
    input: &crate::operation::describe_vpc_peering_connections::DescribeVpcPeeringConnectionsOutput,
) -> ::std::option::Option<&::std::string::String> {
    let input = match &input.next_token {
        ::std::option::Option::None => return ::std::option::Option::None,
        ::std::option::Option::Some(t) => t,
    };
    ::std::option::Option::Some(input)
}

pub(crate) fn reflens_describe_vpcs_output_output_next_token(
    input: &crate::operation::describe_vpcs::DescribeVpcsOutput,
) -> ::std::option::Option<&::std::string::String> {
    let input = match &input.next_token {
        ::std::option::Option::None => return ::std::option::Option::None,
        ::std::option::Option::Some(t) => t,
    };
    ::std::option::Option::Some(input)
}

pub(crate) fn reflens_get_managed_prefix_list_entries_output_output_next_token(
    input: &crate::operation::get_managed_prefix_list_entries::GetManagedPrefixListEntriesOutput,
) -> ::std::option::Option<&::std::string::String> {
    let input = match &input.next_token {
        ::std::option::Option::None => return ::std::option::Option::None,
        ::std::option::Option::Some(t) => t,
    };
    ::std::option::Option::Some(input)
}

pub(crate) fn lens_describe_images_output_output_images(
    input: crate::operation::describe_images::DescribeImagesOutput,
) -> ::std::option::Option<::std::vec::Vec<crate::types::Image>> {
    let input = input.images?;
    ::std::option::Option::Some(input)
}

pub(crate) fn lens_describe_instance_type_offerings_output_output_instance_type_offerings(
    input: crate::operation::describe_instance_type_offerings::DescribeInstanceTypeOfferingsOutput,
) -> ::std::option::Option<::std::vec::Vec<crate::types::InstanceTypeOffering>> {
    let input = input.instance_type_offerings?;
    ::std::option::Option::Some(input)
}

pub(crate) fn lens_describe_instance_types_output_output_instance_types(
    input: crate::operation::describe_instance_types::DescribeInstanceTypesOutput,
) -> ::std::option::Option<::std::vec::Vec<crate::types::InstanceTypeInfo>> {
    let input = input.instance_types?;
    ::std::option::Option::Some(input)
}

pub(crate) fn lens_describe_instances_output_output_reservations(
    input: crate::operation::describe_instances::DescribeInstancesOutput,
) -> ::std::option::Option<::std::vec::Vec<crate::types::Reservation>> {
    let input = input.reservations?;
    ::std::option::Option::Some(input)
}

pub(crate) fn lens_describe_nat_gateways_output_output_nat_gateways(
    input: crate::operation::describe_nat_gateways::DescribeNatGatewaysOutput,
) -> ::std::option::Option<::std::vec::Vec<crate::types::NatGateway>> {
    let input = input.nat_gateways?;
    ::std::option::Option::Some(input)
}

pub(crate) fn lens_describe_network_acls_output_output_network_acls(
    input: crate::operation::describe_network_acls::DescribeNetworkAclsOutput,
) -> ::std::option::Option<::std::vec::Vec<crate::types::NetworkAcl>> {
    let input = input.network_acls?;
    ::std::option::Option::Some(input)
}

pub(crate) fn lens_describe_route_tables_output_output_route_tables(
    input: crate::operation::describe_route_tables::DescribeRouteTablesOutput,
) -> ::std::option::Option<::std::vec::Vec<crate::types::RouteTable>> {
    let input = input.route_tables?;
    ::std::option::Option::Some(input)
}

pub(crate) fn lens_describe_security_groups_output_output_security_groups(
    input: crate::operation::describe_security_groups::DescribeSecurityGroupsOutput,
) -> ::std::option::Option<::std::vec::Vec<crate::types::SecurityGroup>> {
    let input = input.security_groups?;
    ::std::option::Option::Some(input)
}

pub(crate) fn lens_describe_subnets_output_output_subnets(
    input: crate::operation::describe_subnets::DescribeSubnetsOutput,
) -> ::std::option::Option<::std::vec::Vec<crate::types::Subnet>> {
    let input = input.subnets?;
    ::std::option::Option::Some(input)
}

pub(crate) fn lens_describe_transit_gateway_attachments_output_output_transit_gateway_attachments(
    input: crate::operation::describe_transit_gateway_attachments::DescribeTransitGatewayAttachmentsOutput,
) -> ::std::option::Option<::std::vec::Vec<crate::types::TransitGatewayAttachment>> {
    let input = input.transit_gateway_attachments?;
    ::std::option::Option::Some(input)
}

pub(crate) fn lens_describe_transit_gateways_output_output_transit_gateways(
    input: crate::operation::describe_transit_gateways::DescribeTransitGatewaysOutput,
) -> ::std::option::Option<::std::vec::Vec<crate::types::TransitGateway>> {
    let input = input.transit_gateways?;
    ::std::option::Option::Some(input)
}

pub(crate) fn lens_describe_vpc_peering_connections_output_output_vpc_peering_connections(
    input: crate::operation::describe_vpc_peering_connections::DescribeVpcPeeringConnectionsOutput,
) -> ::std::option::Option<::std::vec::Vec<crate::types::VpcPeeringConnection>> {
    let input = input.vpc_peering_connections?;
    ::std::option::Option::Some(input)
}

pub(crate) fn lens_describe_vpcs_output_output_vpcs(
    input: crate::operation::describe_vpcs::DescribeVpcsOutput,
) -> ::std::option::Option<::std::vec::Vec<crate::types::Vpc>> {
    let input = input.vpcs?;
    ::std::option::Option::Some(input)
}

pub(crate) fn lens_get_managed_prefix_list_entries_output_output_entries(
    input: crate::operation::get_managed_prefix_list_entries::GetManagedPrefixListEntriesOutput,
) -> ::std::option::Option<::std::vec::Vec<crate::types::PrefixListEntry>> {
    let input = input.entries?;
    ::std::option::Option::Some(input)
}
