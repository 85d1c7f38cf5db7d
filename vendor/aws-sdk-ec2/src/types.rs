

pub use crate::types::_transit_gateway_vpc_attachment::TransitGatewayVpcAttachment;

pub use crate::types::_vpc_peering_connection::VpcPeeringConnection;

pub use crate::types::_domain_type::DomainType;

pub use crate::types::_iam_instance_profile_specification::IamInstanceProfileSpecification;

pub use crate::types::_route_table_association_state::RouteTableAssociationState;

pub use crate::types::_subnet_ipv6_cidr_block_association::SubnetIpv6CidrBlockAssociation;

pub use crate::types::_vpc_ipv6_cidr_block_association::VpcIpv6CidrBlockAssociation;

pub use crate::types::_vpc_cidr_block_association::VpcCidrBlockAssociation;

pub use crate::types::_volume_type::VolumeType;

pub use crate::types::_instance_requirements_request::InstanceRequirementsRequest;

pub use crate::types::_gateway_type::GatewayType;

pub use crate::types::_subnet::Subnet;

pub use crate::types::_vpc::Vpc;

pub use crate::types::_fleet_type::FleetType;

pub use crate::types::_operator_request::OperatorRequest;

pub use crate::types::_availability_mode::AvailabilityMode;

pub use crate::types::_connectivity_type::ConnectivityType;

pub use crate::types::_nat_gateway::NatGateway;

pub use crate::types::_network_acl::NetworkAcl;

pub use crate::types::_rule_action::RuleAction;

pub use crate::types::_icmp_type_code::IcmpTypeCode;

pub use crate::types::_port_range::PortRange;

pub use crate::types::_connection_tracking_specification_request::ConnectionTrackingSpecificationRequest;

pub use crate::types::_route_table::RouteTable;

pub use crate::types::_transit_gateway_request_options::TransitGatewayRequestOptions;

pub use crate::types::_transit_gateway::TransitGateway;

pub use crate::types::_transit_gateway_attachment_resource_type::TransitGatewayAttachmentResourceType;

pub use crate::types::_create_transit_gateway_vpc_attachment_request_options::CreateTransitGatewayVpcAttachmentRequestOptions;

pub use crate::types::_operator_response::OperatorResponse;

pub use crate::types::_vpc_encryption_control_configuration::VpcEncryptionControlConfiguration;

pub use crate::types::_tenancy::Tenancy;

pub use crate::types::_vpc_encryption_control::VpcEncryptionControl;

pub use crate::types::_vpn_connection::VpnConnection;

pub use crate::types::_enclave_options::EnclaveOptions;

pub use crate::types::_location_type::LocationType;

pub use crate::types::_instance_type::InstanceType;

pub use crate::types::_target_capacity_unit_type::TargetCapacityUnitType;

pub use crate::types::_transit_gateway_attachment_nat_gateway_support_state::TransitGatewayAttachmentNatGatewaySupportState;

pub use crate::types::_boot_mode_values::BootModeValues;

pub use crate::types::_platform_values::PlatformValues;

pub use crate::types::_vpc_encryption_control_exclusion_state_input::VpcEncryptionControlExclusionStateInput;

pub use crate::types::_enclave_options_request::EnclaveOptionsRequest;

pub use crate::types::_capacity_reservation_specification::CapacityReservationSpecification;

pub use crate::types::_nested_virtualization_specification::NestedVirtualizationSpecification;

pub use crate::types::_instance_auto_recovery_state::InstanceAutoRecoveryState;

pub use crate::types::_instance_reboot_migration_state::InstanceRebootMigrationState;

pub use crate::types::_http_tokens_state::HttpTokensState;

pub use crate::types::_instance_metadata_endpoint_state::InstanceMetadataEndpointState;

pub use crate::types::_instance_metadata_protocol_state::InstanceMetadataProtocolState;

pub use crate::types::_instance_metadata_tags_state::InstanceMetadataTagsState;

pub use crate::types::_instance_metadata_options_response::InstanceMetadataOptionsResponse;

pub use crate::types::_instance_bandwidth_weighting::InstanceBandwidthWeighting;

pub use crate::types::_hostname_type::HostnameType;

pub use crate::types::_excess_capacity_termination_policy::ExcessCapacityTerminationPolicy;

pub use crate::types::_vpc_encryption_control_mode::VpcEncryptionControlMode;

pub use crate::types::_vpn_tunnel_bandwidth::VpnTunnelBandwidth;

pub use crate::types::_tpm_support_values::TpmSupportValues;

pub use crate::types::_imds_support_values::ImdsSupportValues;

pub use crate::types::_architecture_values::ArchitectureValues;

pub use crate::types::_spot_fleet_request_config_data::SpotFleetRequestConfigData;

pub use crate::types::_instance_interruption_behavior::InstanceInterruptionBehavior;

pub use crate::types::_spot_instance_type::SpotInstanceType;

pub use crate::types::_run_instances_monitoring_enabled::RunInstancesMonitoringEnabled;

pub use crate::types::_placement::Placement;

pub use crate::types::_launch_template_specification::LaunchTemplateSpecification;

pub use crate::types::_instance_market_options_request::InstanceMarketOptionsRequest;

pub use crate::types::_credit_specification_request::CreditSpecificationRequest;

pub use crate::types::_cpu_options_request::CpuOptionsRequest;

pub use crate::types::_hibernation_options_request::HibernationOptionsRequest;

pub use crate::types::_instance_metadata_options_request::InstanceMetadataOptionsRequest;

pub use crate::types::_private_dns_name_options_request::PrivateDnsNameOptionsRequest;

pub use crate::types::_instance_maintenance_options_request::InstanceMaintenanceOptionsRequest;

pub use crate::types::_instance_network_performance_options_request::InstanceNetworkPerformanceOptionsRequest;

pub use crate::types::_shutdown_behavior::ShutdownBehavior;

pub use crate::types::_tag_specification::TagSpecification;

pub use crate::types::_transit_gateway_attachment_state::TransitGatewayAttachmentState;

pub use crate::types::_transit_gateway_vpc_attachment_options::TransitGatewayVpcAttachmentOptions;

pub use crate::types::_vpc_peering_connection_vpc_info::VpcPeeringConnectionVpcInfo;

pub use crate::types::_vpc_peering_connection_state_reason::VpcPeeringConnectionStateReason;

pub use crate::types::_nat_gateway_address::NatGatewayAddress;

pub use crate::types::_iam_instance_profile::IamInstanceProfile;

pub use crate::types::_route_table_association_state_code::RouteTableAssociationStateCode;

pub use crate::types::_subnet_cidr_block_state::SubnetCidrBlockState;

pub use crate::types::_ipv6_address_attribute::Ipv6AddressAttribute;

pub use crate::types::_ip_source::IpSource;

pub use crate::types::_transit_gateway_association_state::TransitGatewayAssociationState;

pub use crate::types::_vpc_cidr_block_state::VpcCidrBlockState;

pub use crate::types::_attachment_status::AttachmentStatus;

pub use crate::types::_ip_permission::IpPermission;

pub use crate::types::_tag::Tag;

pub use crate::types::_v_cpu_count_range_request::VCpuCountRangeRequest;

pub use crate::types::_memory_mib_request::MemoryMiBRequest;

pub use crate::types::_memory_gib_per_v_cpu_request::MemoryGiBPerVCpuRequest;

pub use crate::types::_bare_metal::BareMetal;

pub use crate::types::_burstable_performance::BurstablePerformance;

pub use crate::types::_network_interface_count_request::NetworkInterfaceCountRequest;

pub use crate::types::_local_storage::LocalStorage;

pub use crate::types::_total_local_storage_gb_request::TotalLocalStorageGbRequest;

pub use crate::types::_baseline_ebs_bandwidth_mbps_request::BaselineEbsBandwidthMbpsRequest;

pub use crate::types::_accelerator_count_request::AcceleratorCountRequest;

pub use crate::types::_accelerator_total_memory_mib_request::AcceleratorTotalMemoryMiBRequest;

pub use crate::types::_network_bandwidth_gbps_request::NetworkBandwidthGbpsRequest;

pub use crate::types::_baseline_performance_factors_request::BaselinePerformanceFactorsRequest;

pub use crate::types::_private_dns_name_options_on_launch::PrivateDnsNameOptionsOnLaunch;

pub use crate::types::_block_public_access_states::BlockPublicAccessStates;

pub use crate::types::_subnet_state::SubnetState;

pub use crate::types::_vpc_state::VpcState;

pub use crate::types::_block_device_mapping::BlockDeviceMapping;

pub use crate::types::_state_reason::StateReason;

pub use crate::types::_availability_zone_address::AvailabilityZoneAddress;

pub use crate::types::_provisioned_bandwidth::ProvisionedBandwidth;

pub use crate::types::_nat_gateway_state::NatGatewayState;

pub use crate::types::_auto_scaling_ips_state::AutoScalingIpsState;

pub use crate::types::_auto_provision_zones_state::AutoProvisionZonesState;

pub use crate::types::_ipv4_prefix_specification_request::Ipv4PrefixSpecificationRequest;

pub use crate::types::_ipv6_prefix_specification_request::Ipv6PrefixSpecificationRequest;

pub use crate::types::_private_ip_address_specification::PrivateIpAddressSpecification;

pub use crate::types::_instance_ipv6_address::InstanceIpv6Address;

pub use crate::types::_network_interface_status::NetworkInterfaceStatus;

pub use crate::types::_auto_accept_shared_attachments_value::AutoAcceptSharedAttachmentsValue;

pub use crate::types::_default_route_table_association_value::DefaultRouteTableAssociationValue;

pub use crate::types::_default_route_table_propagation_value::DefaultRouteTablePropagationValue;

pub use crate::types::_vpn_ecmp_support_value::VpnEcmpSupportValue;

pub use crate::types::_dns_support_value::DnsSupportValue;

pub use crate::types::_security_group_referencing_support_value::SecurityGroupReferencingSupportValue;

pub use crate::types::_multicast_support_value::MulticastSupportValue;

pub use crate::types::_transit_gateway_state::TransitGatewayState;

pub use crate::types::_transit_gateway_options::TransitGatewayOptions;

pub use crate::types::_ipv6_support_value::Ipv6SupportValue;

pub use crate::types::_appliance_mode_support_value::ApplianceModeSupportValue;

pub use crate::types::_vpc_encryption_control_state::VpcEncryptionControlState;

pub use crate::types::_vpc_encryption_control_exclusions::VpcEncryptionControlExclusions;

pub use crate::types::_tunnel_inside_ip_version::TunnelInsideIpVersion;

pub use crate::types::_gateway_association_state::GatewayAssociationState;

pub use crate::types::_vpn_connection_options::VpnConnectionOptions;

pub use crate::types::_vpn_state::VpnState;

pub use crate::types::_filter::Filter;

pub use crate::types::_address::Address;

pub use crate::types::_product_code::ProductCode;

pub use crate::types::_image::Image;

pub use crate::types::_instance_block_device_mapping::InstanceBlockDeviceMapping;

pub use crate::types::_group_identifier::GroupIdentifier;

pub use crate::types::_reservation::Reservation;

pub use crate::types::_instance_type_offering::InstanceTypeOffering;

pub use crate::types::_instance_type_info::InstanceTypeInfo;

pub use crate::types::_region::Region;

pub use crate::types::_security_group::SecurityGroup;

pub use crate::types::_transit_gateway_attachment::TransitGatewayAttachment;

pub use crate::types::_architecture_type::ArchitectureType;

pub use crate::types::_virtualization_type::VirtualizationType;

pub use crate::types::_instance_requirements::InstanceRequirements;

pub use crate::types::_prefix_list_entry::PrefixListEntry;

pub use crate::types::_capacity_reservation_preference::CapacityReservationPreference;

pub use crate::types::_capacity_reservation_target::CapacityReservationTarget;

pub use crate::types::_instance_metadata_options_state::InstanceMetadataOptionsState;

pub use crate::types::_launch_template_config::LaunchTemplateConfig;

pub use crate::types::_allocation_strategy::AllocationStrategy;

pub use crate::types::_on_demand_allocation_strategy::OnDemandAllocationStrategy;

pub use crate::types::_spot_maintenance_strategies::SpotMaintenanceStrategies;

pub use crate::types::_load_balancers_config::LoadBalancersConfig;

pub use crate::types::_spot_placement::SpotPlacement;

pub use crate::types::_elastic_gpu_specification::ElasticGpuSpecification;

pub use crate::types::_elastic_inference_accelerator::ElasticInferenceAccelerator;

pub use crate::types::_market_type::MarketType;

pub use crate::types::_spot_market_options::SpotMarketOptions;

pub use crate::types::_amd_sev_snp_specification::AmdSevSnpSpecification;

pub use crate::types::_license_configuration_request::LicenseConfigurationRequest;

pub use crate::types::_instance_secondary_interface_specification_request::InstanceSecondaryInterfaceSpecificationRequest;

pub use crate::types::_instance_network_interface_specification::InstanceNetworkInterfaceSpecification;

pub use crate::types::_instance::Instance;

pub use crate::types::_instance_state_change::InstanceStateChange;

pub use crate::types::_resource_type::ResourceType;

pub use crate::types::_vpc_peering_connection_options_description::VpcPeeringConnectionOptionsDescription;

pub use crate::types::_vpc_peering_connection_state_reason_code::VpcPeeringConnectionStateReasonCode;

pub use crate::types::_nat_gateway_address_status::NatGatewayAddressStatus;

pub use crate::types::_subnet_cidr_block_state_code::SubnetCidrBlockStateCode;

pub use crate::types::_vpc_cidr_block_state_code::VpcCidrBlockStateCode;

pub use crate::types::_cpu_manufacturer::CpuManufacturer;

pub use crate::types::_instance_generation::InstanceGeneration;

pub use crate::types::_local_storage_type::LocalStorageType;

pub use crate::types::_accelerator_type::AcceleratorType;

pub use crate::types::_accelerator_manufacturer::AcceleratorManufacturer;

pub use crate::types::_accelerator_name::AcceleratorName;

pub use crate::types::_cpu_performance_factor_request::CpuPerformanceFactorRequest;

pub use crate::types::_block_public_access_mode::BlockPublicAccessMode;

pub use crate::types::_ebs_block_device::EbsBlockDevice;

pub use crate::types::_nat_gateway_attached_appliance::NatGatewayAttachedAppliance;

pub use crate::types::_network_acl_association::NetworkAclAssociation;

pub use crate::types::_network_acl_entry::NetworkAclEntry;

pub use crate::types::_route_table_association::RouteTableAssociation;

pub use crate::types::_propagating_vgw::PropagatingVgw;

pub use crate::types::_route::Route;

pub use crate::types::_encryption_support::EncryptionSupport;

pub use crate::types::_vpc_encryption_control_exclusion::VpcEncryptionControlExclusion;

pub use crate::types::_vpn_static_route::VpnStaticRoute;

pub use crate::types::_vgw_telemetry::VgwTelemetry;

pub use crate::types::_vpc_encryption_control_exclusion_state::VpcEncryptionControlExclusionState;

pub use crate::types::_service_managed::ServiceManaged;

pub use crate::types::_product_code_values::ProductCodeValues;

pub use crate::types::_hypervisor_type::HypervisorType;

pub use crate::types::_device_type::DeviceType;

pub use crate::types::_scan_results::ScanResults;

pub use crate::types::_instance_type_specification::InstanceTypeSpecification;

pub use crate::types::_image_state::ImageState;

pub use crate::types::_image_type_values::ImageTypeValues;

pub use crate::types::_ebs_instance_block_device::EbsInstanceBlockDevice;

pub use crate::types::_instance_state::InstanceState;

pub use crate::types::_instance_type_hypervisor::InstanceTypeHypervisor;

pub use crate::types::_processor_info::ProcessorInfo;

pub use crate::types::_v_cpu_info::VCpuInfo;

pub use crate::types::_memory_info::MemoryInfo;

pub use crate::types::_instance_storage_info::InstanceStorageInfo;

pub use crate::types::_ebs_info::EbsInfo;

pub use crate::types::_network_info::NetworkInfo;

pub use crate::types::_gpu_info::GpuInfo;

pub use crate::types::_fpga_info::FpgaInfo;

pub use crate::types::_placement_group_info::PlacementGroupInfo;

pub use crate::types::_inference_accelerator_info::InferenceAcceleratorInfo;

pub use crate::types::_nitro_enclaves_support::NitroEnclavesSupport;

pub use crate::types::_nitro_tpm_support::NitroTpmSupport;

pub use crate::types::_nitro_tpm_info::NitroTpmInfo;

pub use crate::types::_media_accelerator_info::MediaAcceleratorInfo;

pub use crate::types::_neuron_info::NeuronInfo;

pub use crate::types::_phc_support::PhcSupport;

pub use crate::types::_reboot_migration_support::RebootMigrationSupport;

pub use crate::types::_secondary_interface_type::SecondaryInterfaceType;

pub use crate::types::_secondary_interface_status::SecondaryInterfaceStatus;

pub use crate::types::_transit_gateway_attachment_association::TransitGatewayAttachmentAssociation;

pub use crate::types::_severity_label::SeverityLabel;

pub use crate::types::_capacity_reservation_target_response::CapacityReservationTargetResponse;

pub use crate::types::_v_cpu_count_range::VCpuCountRange;

pub use crate::types::_memory_mib::MemoryMiB;

pub use crate::types::_memory_gib_per_v_cpu::MemoryGiBPerVCpu;

pub use crate::types::_network_interface_count::NetworkInterfaceCount;

pub use crate::types::_total_local_storage_gb::TotalLocalStorageGb;

pub use crate::types::_baseline_ebs_bandwidth_mbps::BaselineEbsBandwidthMbps;

pub use crate::types::_accelerator_count::AcceleratorCount;

pub use crate::types::_accelerator_total_memory_mib::AcceleratorTotalMemoryMiB;

pub use crate::types::_network_bandwidth_gbps::NetworkBandwidthGbps;

pub use crate::types::_baseline_performance_factors::BaselinePerformanceFactors;

pub use crate::types::_fleet_launch_template_specification::FleetLaunchTemplateSpecification;

pub use crate::types::_monitoring::Monitoring;

pub use crate::types::_spot_capacity_rebalance::SpotCapacityRebalance;

pub use crate::types::_spot_fleet_launch_specification::SpotFleetLaunchSpecification;

pub use crate::types::_classic_load_balancers_config::ClassicLoadBalancersConfig;

pub use crate::types::_target_groups_config::TargetGroupsConfig;

pub use crate::types::_ena_srd_specification_request::EnaSrdSpecificationRequest;

pub use crate::types::_instance_lifecycle_type::InstanceLifecycleType;

pub use crate::types::_cpu_options::CpuOptions;

pub use crate::types::_capacity_reservation_specification_response::CapacityReservationSpecificationResponse;

pub use crate::types::_hibernation_options::HibernationOptions;

pub use crate::types::_private_dns_name_options_response::PrivateDnsNameOptionsResponse;

pub use crate::types::_instance_maintenance_options::InstanceMaintenanceOptions;

pub use crate::types::_instance_boot_mode_values::InstanceBootModeValues;

pub use crate::types::_instance_network_performance_options::InstanceNetworkPerformanceOptions;

pub use crate::types::_ipv6_cidr_block::Ipv6CidrBlock;

pub use crate::types::_cidr_block::CidrBlock;

pub use crate::types::_user_id_group_pair::UserIdGroupPair;

pub use crate::types::_ip_range::IpRange;

pub use crate::types::_ipv6_range::Ipv6Range;

pub use crate::types::_prefix_list_id::PrefixListId;

pub use crate::types::_nat_gateway_appliance_type::NatGatewayApplianceType;

pub use crate::types::_nat_gateway_appliance_state::NatGatewayApplianceState;

pub use crate::types::_nat_gateway_appliance_modify_state::NatGatewayApplianceModifyState;

pub use crate::types::_route_origin::RouteOrigin;

pub use crate::types::_route_state::RouteState;

pub use crate::types::_encryption_state_value::EncryptionStateValue;

pub use crate::types::_tunnel_option::TunnelOption;

pub use crate::types::_vpn_static_route_source::VpnStaticRouteSource;

pub use crate::types::_telemetry_status::TelemetryStatus;

pub use crate::types::_image_watermark::ImageWatermark;

pub use crate::types::_instance_state_name::InstanceStateName;

pub use crate::types::_usage_class_type::UsageClassType;

pub use crate::types::_root_device_type::RootDeviceType;

pub use crate::types::_ephemeral_nvme_support::EphemeralNvmeSupport;

pub use crate::types::_instance_storage_encryption_support::InstanceStorageEncryptionSupport;

pub use crate::types::_ebs_optimized_support::EbsOptimizedSupport;

pub use crate::types::_ebs_encryption_support::EbsEncryptionSupport;

pub use crate::types::_ebs_optimized_info::EbsOptimizedInfo;

pub use crate::types::_ebs_nvme_support::EbsNvmeSupport;

pub use crate::types::_attachment_limit_type::AttachmentLimitType;

pub use crate::types::_ena_support::EnaSupport;

pub use crate::types::_efa_info::EfaInfo;

pub use crate::types::_flexible_ena_queues_support::FlexibleEnaQueuesSupport;

pub use crate::types::_default_connection_tracking_configuration::DefaultConnectionTrackingConfiguration;

pub use crate::types::_boot_mode_type::BootModeType;

pub use crate::types::_region_geography::RegionGeography;

pub use crate::types::_cpu_performance_factor::CpuPerformanceFactor;

pub use crate::types::_launch_template_overrides::LaunchTemplateOverrides;

pub use crate::types::_monitoring_state::MonitoringState;

pub use crate::types::_replacement_strategy::ReplacementStrategy;

pub use crate::types::_spot_fleet_monitoring::SpotFleetMonitoring;

pub use crate::types::_instance_secondary_interface_private_ip_address_request::InstanceSecondaryInterfacePrivateIpAddressRequest;

pub use crate::types::_ena_srd_udp_specification_request::EnaSrdUdpSpecificationRequest;

pub use crate::types::_elastic_gpu_association::ElasticGpuAssociation;

pub use crate::types::_elastic_inference_accelerator_association::ElasticInferenceAcceleratorAssociation;

pub use crate::types::_instance_network_interface::InstanceNetworkInterface;

pub use crate::types::_license_configuration::LicenseConfiguration;

pub use crate::types::_instance_secondary_interface::InstanceSecondaryInterface;

pub use crate::types::_performance_factor_reference_request::PerformanceFactorReferenceRequest;

pub use crate::types::_vpn_tunnel_log_options::VpnTunnelLogOptions;

pub use crate::types::_instance_type_item::InstanceTypeItem;

pub use crate::types::_supported_additional_processor_feature::SupportedAdditionalProcessorFeature;

pub use crate::types::_disk_info::DiskInfo;

pub use crate::types::_ebs_card_info::EbsCardInfo;

pub use crate::types::_network_card_info::NetworkCardInfo;

pub use crate::types::_bandwidth_weighting_type::BandwidthWeightingType;

pub use crate::types::_gpu_device_info::GpuDeviceInfo;

pub use crate::types::_fpga_device_info::FpgaDeviceInfo;

pub use crate::types::_placement_group_strategy::PlacementGroupStrategy;

pub use crate::types::_inference_device_info::InferenceDeviceInfo;

pub use crate::types::_media_device_info::MediaDeviceInfo;

pub use crate::types::_neuron_device_info::NeuronDeviceInfo;

pub use crate::types::_spot_fleet_tag_specification::SpotFleetTagSpecification;

pub use crate::types::_classic_load_balancer::ClassicLoadBalancer;

pub use crate::types::_target_group::TargetGroup;

pub use crate::types::_instance_network_interface_association::InstanceNetworkInterfaceAssociation;

pub use crate::types::_instance_network_interface_attachment::InstanceNetworkInterfaceAttachment;

pub use crate::types::_connection_tracking_specification_response::ConnectionTrackingSpecificationResponse;

pub use crate::types::_instance_secondary_interface_attachment::InstanceSecondaryInterfaceAttachment;

pub use crate::types::_phase1_encryption_algorithms_list_value::Phase1EncryptionAlgorithmsListValue;

pub use crate::types::_phase2_encryption_algorithms_list_value::Phase2EncryptionAlgorithmsListValue;

pub use crate::types::_phase1_integrity_algorithms_list_value::Phase1IntegrityAlgorithmsListValue;

pub use crate::types::_phase2_integrity_algorithms_list_value::Phase2IntegrityAlgorithmsListValue;

pub use crate::types::_phase1_dh_group_numbers_list_value::Phase1DhGroupNumbersListValue;

pub use crate::types::_phase2_dh_group_numbers_list_value::Phase2DhGroupNumbersListValue;

pub use crate::types::_ike_versions_list_value::IkeVersionsListValue;

pub use crate::types::_cloud_watch_log_options::CloudWatchLogOptions;

pub use crate::types::_disk_type::DiskType;

pub use crate::types::_gpu_device_memory_info::GpuDeviceMemoryInfo;

pub use crate::types::_fpga_device_memory_info::FpgaDeviceMemoryInfo;

pub use crate::types::_inference_device_memory_info::InferenceDeviceMemoryInfo;

pub use crate::types::_media_device_memory_info::MediaDeviceMemoryInfo;

pub use crate::types::_neuron_device_core_info::NeuronDeviceCoreInfo;

pub use crate::types::_neuron_device_memory_info::NeuronDeviceMemoryInfo;

pub use crate::types::_performance_factor_reference::PerformanceFactorReference;

pub use crate::types::_instance_attachment_ena_srd_specification::InstanceAttachmentEnaSrdSpecification;

pub use crate::types::_instance_private_ip_address::InstancePrivateIpAddress;

pub use crate::types::_instance_ipv4_prefix::InstanceIpv4Prefix;

pub use crate::types::_instance_ipv6_prefix::InstanceIpv6Prefix;

pub use crate::types::_instance_secondary_interface_private_ip_address::InstanceSecondaryInterfacePrivateIpAddress;

pub use crate::types::_network_card_interface_type::NetworkCardInterfaceType;

pub use crate::types::_instance_attachment_ena_srd_udp_specification::InstanceAttachmentEnaSrdUdpSpecification;

mod _accelerator_count;

mod _accelerator_count_request;

mod _accelerator_manufacturer;

mod _accelerator_name;

mod _accelerator_total_memory_mib;

mod _accelerator_total_memory_mib_request;

mod _accelerator_type;

mod _address;

mod _allocation_strategy;

mod _amd_sev_snp_specification;

mod _appliance_mode_support_value;

mod _architecture_type;

mod _architecture_values;

mod _attachment_limit_type;

mod _attachment_status;

mod _auto_accept_shared_attachments_value;

mod _auto_provision_zones_state;

mod _auto_scaling_ips_state;

mod _availability_mode;

mod _availability_zone_address;

mod _bandwidth_weighting_type;

mod _bare_metal;

mod _baseline_ebs_bandwidth_mbps;

mod _baseline_ebs_bandwidth_mbps_request;

mod _baseline_performance_factors;

mod _baseline_performance_factors_request;

mod _block_device_mapping;

mod _block_public_access_mode;

mod _block_public_access_states;

mod _boot_mode_type;

mod _boot_mode_values;

mod _burstable_performance;

mod _capacity_reservation_preference;

mod _capacity_reservation_specification;

mod _capacity_reservation_specification_response;

mod _capacity_reservation_target;

mod _capacity_reservation_target_response;

mod _cidr_block;

mod _classic_load_balancer;

mod _classic_load_balancers_config;

mod _cloud_watch_log_options;

mod _connection_tracking_specification_request;

mod _connection_tracking_specification_response;

mod _connectivity_type;

mod _cpu_manufacturer;

mod _cpu_options;

mod _cpu_options_request;

mod _cpu_performance_factor;

mod _cpu_performance_factor_request;

mod _create_transit_gateway_vpc_attachment_request_options;

mod _credit_specification_request;

mod _default_connection_tracking_configuration;

mod _default_route_table_association_value;

mod _default_route_table_propagation_value;

mod _device_type;

mod _disk_info;

mod _disk_type;

mod _dns_support_value;

mod _domain_type;

mod _ebs_block_device;

mod _ebs_card_info;

mod _ebs_encryption_support;

mod _ebs_info;

mod _ebs_instance_block_device;

mod _ebs_nvme_support;

mod _ebs_optimized_info;

mod _ebs_optimized_support;

mod _efa_info;

mod _elastic_gpu_association;

mod _elastic_gpu_specification;

mod _elastic_inference_accelerator;

mod _elastic_inference_accelerator_association;

mod _ena_srd_specification_request;

mod _ena_srd_udp_specification_request;

mod _ena_support;

mod _enclave_options;

mod _enclave_options_request;

mod _encryption_state_value;

mod _encryption_support;

mod _ephemeral_nvme_support;

mod _excess_capacity_termination_policy;

mod _filter;

mod _fleet_launch_template_specification;

mod _fleet_type;

mod _flexible_ena_queues_support;

mod _fpga_device_info;

mod _fpga_device_memory_info;

mod _fpga_info;

mod _gateway_association_state;

mod _gateway_type;

mod _gpu_device_info;

mod _gpu_device_memory_info;

mod _gpu_info;

mod _group_identifier;

mod _hibernation_options;

mod _hibernation_options_request;

mod _hostname_type;

mod _http_tokens_state;

mod _hypervisor_type;

mod _iam_instance_profile;

mod _iam_instance_profile_specification;

mod _icmp_type_code;

mod _ike_versions_list_value;

mod _image;

mod _image_state;

mod _image_type_values;

mod _image_watermark;

mod _imds_support_values;

mod _inference_accelerator_info;

mod _inference_device_info;

mod _inference_device_memory_info;

mod _instance;

mod _instance_attachment_ena_srd_specification;

mod _instance_attachment_ena_srd_udp_specification;

mod _instance_auto_recovery_state;

mod _instance_bandwidth_weighting;

mod _instance_block_device_mapping;

mod _instance_boot_mode_values;

mod _instance_generation;

mod _instance_interruption_behavior;

mod _instance_ipv4_prefix;

mod _instance_ipv6_address;

mod _instance_ipv6_prefix;

mod _instance_lifecycle_type;

mod _instance_maintenance_options;

mod _instance_maintenance_options_request;

mod _instance_market_options_request;

mod _instance_metadata_endpoint_state;

mod _instance_metadata_options_request;

mod _instance_metadata_options_response;

mod _instance_metadata_options_state;

mod _instance_metadata_protocol_state;

mod _instance_metadata_tags_state;

mod _instance_network_interface;

mod _instance_network_interface_association;

mod _instance_network_interface_attachment;

mod _instance_network_interface_specification;

mod _instance_network_performance_options;

mod _instance_network_performance_options_request;

mod _instance_private_ip_address;

mod _instance_reboot_migration_state;

mod _instance_requirements;

mod _instance_requirements_request;

mod _instance_secondary_interface;

mod _instance_secondary_interface_attachment;

mod _instance_secondary_interface_private_ip_address;

mod _instance_secondary_interface_private_ip_address_request;

mod _instance_secondary_interface_specification_request;

mod _instance_state;

mod _instance_state_change;

mod _instance_state_name;

mod _instance_storage_encryption_support;

mod _instance_storage_info;

mod _instance_type;

mod _instance_type_hypervisor;

mod _instance_type_info;

mod _instance_type_item;

mod _instance_type_offering;

mod _instance_type_specification;

mod _ip_permission;

mod _ip_range;

mod _ip_source;

mod _ipv4_prefix_specification_request;

mod _ipv6_address_attribute;

mod _ipv6_cidr_block;

mod _ipv6_prefix_specification_request;

mod _ipv6_range;

mod _ipv6_support_value;

mod _launch_template_config;

mod _launch_template_overrides;

mod _launch_template_specification;

mod _license_configuration;

mod _license_configuration_request;

mod _load_balancers_config;

mod _local_storage;

mod _local_storage_type;

mod _location_type;

mod _market_type;

mod _media_accelerator_info;

mod _media_device_info;

mod _media_device_memory_info;

mod _memory_gib_per_v_cpu;

mod _memory_gib_per_v_cpu_request;

mod _memory_info;

mod _memory_mib;

mod _memory_mib_request;

mod _monitoring;

mod _monitoring_state;

mod _multicast_support_value;

mod _nat_gateway;

mod _nat_gateway_address;

mod _nat_gateway_address_status;

mod _nat_gateway_appliance_modify_state;

mod _nat_gateway_appliance_state;

mod _nat_gateway_appliance_type;

mod _nat_gateway_attached_appliance;

mod _nat_gateway_state;

mod _nested_virtualization_specification;

mod _network_acl;

mod _network_acl_association;

mod _network_acl_entry;

mod _network_bandwidth_gbps;

mod _network_bandwidth_gbps_request;

mod _network_card_info;

mod _network_card_interface_type;

mod _network_info;

mod _network_interface_count;

mod _network_interface_count_request;

mod _network_interface_status;

mod _neuron_device_core_info;

mod _neuron_device_info;

mod _neuron_device_memory_info;

mod _neuron_info;

mod _nitro_enclaves_support;

mod _nitro_tpm_info;

mod _nitro_tpm_support;

mod _on_demand_allocation_strategy;

mod _operator_request;

mod _operator_response;

mod _performance_factor_reference;

mod _performance_factor_reference_request;

mod _phase1_dh_group_numbers_list_value;

mod _phase1_encryption_algorithms_list_value;

mod _phase1_integrity_algorithms_list_value;

mod _phase2_dh_group_numbers_list_value;

mod _phase2_encryption_algorithms_list_value;

mod _phase2_integrity_algorithms_list_value;

mod _phc_support;

mod _placement;

mod _placement_group_info;

mod _placement_group_strategy;

mod _platform_values;

mod _port_range;

mod _prefix_list_entry;

mod _prefix_list_id;

mod _private_dns_name_options_on_launch;

mod _private_dns_name_options_request;

mod _private_dns_name_options_response;

mod _private_ip_address_specification;

mod _processor_info;

mod _product_code;

mod _product_code_values;

mod _propagating_vgw;

mod _provisioned_bandwidth;

mod _reboot_migration_support;

mod _region;

mod _region_geography;

mod _replacement_strategy;

mod _reservation;

mod _resource_type;

mod _root_device_type;

mod _route;

mod _route_origin;

mod _route_state;

mod _route_table;

mod _route_table_association;

mod _route_table_association_state;

mod _route_table_association_state_code;

mod _rule_action;

mod _run_instances_monitoring_enabled;

mod _scan_results;

mod _secondary_interface_status;

mod _secondary_interface_type;

mod _security_group;

mod _security_group_referencing_support_value;

mod _service_managed;

mod _severity_label;

mod _shutdown_behavior;

mod _spot_capacity_rebalance;

mod _spot_fleet_launch_specification;

mod _spot_fleet_monitoring;

mod _spot_fleet_request_config_data;

mod _spot_fleet_tag_specification;

mod _spot_instance_type;

mod _spot_maintenance_strategies;

mod _spot_market_options;

mod _spot_placement;

mod _state_reason;

mod _subnet;

mod _subnet_cidr_block_state;

mod _subnet_cidr_block_state_code;

mod _subnet_ipv6_cidr_block_association;

mod _subnet_state;

mod _supported_additional_processor_feature;

mod _tag;

mod _tag_specification;

mod _target_capacity_unit_type;

mod _target_group;

mod _target_groups_config;

mod _telemetry_status;

mod _tenancy;

mod _total_local_storage_gb;

mod _total_local_storage_gb_request;

mod _tpm_support_values;

mod _transit_gateway;

mod _transit_gateway_association_state;

mod _transit_gateway_attachment;

mod _transit_gateway_attachment_association;

mod _transit_gateway_attachment_nat_gateway_support_state;

mod _transit_gateway_attachment_resource_type;

mod _transit_gateway_attachment_state;

mod _transit_gateway_options;

mod _transit_gateway_request_options;

mod _transit_gateway_state;

mod _transit_gateway_vpc_attachment;

mod _transit_gateway_vpc_attachment_options;

mod _tunnel_inside_ip_version;

mod _tunnel_option;

mod _usage_class_type;

mod _user_id_group_pair;

mod _v_cpu_count_range;

mod _v_cpu_count_range_request;

mod _v_cpu_info;

mod _vgw_telemetry;

mod _virtualization_type;

mod _volume_type;

mod _vpc;

mod _vpc_cidr_block_association;

mod _vpc_cidr_block_state;

mod _vpc_cidr_block_state_code;

mod _vpc_encryption_control;

mod _vpc_encryption_control_configuration;

mod _vpc_encryption_control_exclusion;

mod _vpc_encryption_control_exclusion_state;

mod _vpc_encryption_control_exclusion_state_input;

mod _vpc_encryption_control_exclusions;

mod _vpc_encryption_control_mode;

mod _vpc_encryption_control_state;

mod _vpc_ipv6_cidr_block_association;

mod _vpc_peering_connection;

mod _vpc_peering_connection_options_description;

mod _vpc_peering_connection_state_reason;

mod _vpc_peering_connection_state_reason_code;

mod _vpc_peering_connection_vpc_info;

mod _vpc_state;

mod _vpn_connection;

mod _vpn_connection_options;

mod _vpn_ecmp_support_value;

mod _vpn_state;

mod _vpn_static_route;

mod _vpn_static_route_source;

mod _vpn_tunnel_bandwidth;

mod _vpn_tunnel_log_options;

/// Builders
pub mod builders;
