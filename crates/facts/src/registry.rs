//! The registry of facts: every fact the online rules may read, declared once in [`facts!`]
//! with its IAM actions, its scope and what it tells. The [`Facts`](crate::Facts) struct, the
//! facts file, "skipped", the failures that `check-incomplete` reports and the IAM policy all
//! follow from these declarations. The rules that read a fact declare it in their own `rule!`
//! (the linter derives, from those, which rules a fact serves).
//!
//! Adding a fact: one line in [`facts!`] below; its gatherer in `crates/aws` (an arm of the
//! exhaustive match in `gatherers.rs`, which does not compile without it, and its function);
//! its value in the fixtures' base (`crates/linter/tests/fixtures/base.facts.json`); and the
//! rule that reads it. A fact that names a CloudFormation type is a listing of the
//! [`INVENTORY`] group.

use std::collections::BTreeMap;

use crate::actions::*;
use crate::astro::ClusterOptions;
use crate::inventory::Resource;
use crate::peering::{ClusterVpc, PeerNetwork};
use crate::role::{ActionDecision, AttachedPolicy, Monitoring, Role};
use crate::{Fact, FactError, Identity, PeerVpc, Quota, RegionStatus};

/// Where a fact is asked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Once per account, through the home region's endpoint (the caller's identity, the list
    /// of enabled regions).
    Account,
    /// Once per account, from a global service (S3's bucket list, IAM).
    Global,
    /// In the manifest's region.
    Region,
    /// In every region enabled in the account; one value per region.
    EachEnabledRegion,
    /// For each peering entry, in the peer's account (`peering[].accountId`, by default the
    /// manifest's) and region; one value per entry (`REGION/VPC-ID`).
    EachPeering,
    /// Once per run, for the Astro organization, from the Astro API (not AWS): no IAM action.
    Organization,
}

impl Scope {
    /// Whether the fact has one value per region or per peering entry.
    pub fn is_each(self) -> bool {
        matches!(self, Scope::EachEnabledRegion | Scope::EachPeering)
    }
}

/// One fact's declaration.
#[derive(Debug)]
pub struct FactDecl {
    pub id: FactId,
    /// Its key in the facts file.
    pub name: &'static str,
    /// The IAM actions that gather it (the first is the one normally called; the others are
    /// fallbacks or further pages of the same answer); none for a fact of the Astro API (see
    /// [`FactDecl::source`]).
    pub actions: &'static [&'static str],
    pub scope: Scope,
    /// What it tells, for messages: "the On-Demand quota".
    pub describes: &'static str,
    /// For the account inventory: the CloudFormation type it lists.
    pub resource_type: Option<&'static str>,
}

/// Where a fact comes from: AWS (through IAM actions) or Astronomer's own API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// AWS, through these IAM actions.
    Aws(&'static [&'static str]),
    /// The Astro Platform API (`crates/astro-api`), with an Astro API token: in no IAM policy.
    AstroApi,
}

impl FactDecl {
    /// Where the fact comes from: a fact of the organization's scope from the Astro API, every
    /// other from AWS through its IAM actions.
    pub fn source(&self) -> Source {
        match self.scope {
            Scope::Organization => Source::AstroApi,
            _ => Source::Aws(self.actions),
        }
    }

    /// Whether the Astro API gives it.
    pub fn from_astro_api(&self) -> bool {
        self.source() == Source::AstroApi
    }
}

impl PartialEq for FactDecl {
    fn eq(&self, other: &FactDecl) -> bool {
        self.id == other.id
    }
}

impl Eq for FactDecl {}

/// A fact's state, whatever its value type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum State<'a> {
    Ok,
    Failed(&'a FactError),
    Skipped,
    NotGathered,
}

impl<T> Fact<T> {
    /// The state, without the value.
    pub fn state(&self) -> State<'_> {
        match self {
            Fact::Ok { .. } => State::Ok,
            Fact::Failed { error } => State::Failed(error),
            Fact::Skipped => State::Skipped,
            Fact::NotGathered => State::NotGathered,
        }
    }
}

/// One scope's state of a fact: `scope` is `None` for a fact asked once, else the region (or
/// the peering entry) it was asked in.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry<'a> {
    pub decl: &'static FactDecl,
    pub scope: Option<&'a str>,
    pub state: State<'a>,
}

/// A fact with one value per region or peering entry: the outer fact says whether the set of
/// scopes could be known (the enabled regions), the inner ones each scope's value.
pub type Each<T> = Fact<BTreeMap<String, Fact<T>>>;

/// An inventory fact: listed once (a global service) or in each enabled region.
#[derive(Debug, Clone, Copy)]
pub enum Listed<'a> {
    Once(&'a Fact<Vec<Resource>>),
    Each(&'a Each<Vec<Resource>>),
}

/// An inventory fact to fill in.
#[derive(Debug)]
pub enum ListedMut<'a> {
    Once(&'a mut Fact<Vec<Resource>>),
    Each(&'a mut Each<Vec<Resource>>),
}

fn one_entries<'a, T>(decl: &'static FactDecl, fact: &'a Fact<T>, out: &mut Vec<Entry<'a>>) {
    out.push(Entry {
        decl,
        scope: None,
        state: fact.state(),
    });
}

fn each_entries<'a, T>(decl: &'static FactDecl, fact: &'a Each<T>, out: &mut Vec<Entry<'a>>) {
    match fact {
        Fact::Ok { value } => {
            for (scope, fact) in value {
                out.push(Entry {
                    decl,
                    scope: Some(scope),
                    state: fact.state(),
                });
            }
        }
        other => out.push(Entry {
            decl,
            scope: None,
            state: other.state(),
        }),
    }
}

/// A failed scope of a fact, to amend: see [`Values::errors_mut`].
type ErrorMut<'a> = (&'static FactDecl, Option<&'a str>, &'a mut FactError);

fn one_error<'a, T>(decl: &'static FactDecl, fact: &'a mut Fact<T>, out: &mut Vec<ErrorMut<'a>>) {
    if let Fact::Failed { error } = fact {
        out.push((decl, None, error));
    }
}

fn each_errors<'a, T>(decl: &'static FactDecl, fact: &'a mut Each<T>, out: &mut Vec<ErrorMut<'a>>) {
    match fact {
        Fact::Ok { value } => {
            for (scope, fact) in value.iter_mut() {
                if let Fact::Failed { error } = fact {
                    out.push((decl, Some(scope.as_str()), error));
                }
            }
        }
        Fact::Failed { error } => out.push((decl, None, error)),
        Fact::Skipped | Fact::NotGathered => {}
    }
}

macro_rules! facts {
    (
        $(
            $(#[doc = $doc:literal])*
            $field:ident / $name:literal / $variant:ident / $static:ident: $ty:ty = $scope:ident, [$($action:ident),*],
                $describes:literal $(, $resource:literal)?;
        )*
    ) => {
        /// Every fact, by name.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum FactId { $($variant),* }

        $(
            $(#[doc = $doc])*
            pub static $static: FactDecl = FactDecl {
                id: FactId::$variant,
                name: $name,
                actions: &[$($action),*],
                scope: Scope::$scope,
                describes: $describes,
                resource_type: facts!(@resource $($resource)?),
            };
        )*

        /// Every fact, in the order of the facts file.
        pub static ALL: &[&FactDecl] = DECLS;
        const DECLS: &[&FactDecl] = &[$(&$static),*];

        /// One fact's value, in the fact's own type: what its gatherer gives.
        #[derive(Debug, Clone, PartialEq)]
        pub enum FactValue { $($variant($ty)),* }

        impl FactValue {
            /// The fact skipped (not asked: what it depends on is not there).
            pub fn skipped(id: FactId) -> FactValue {
                match id { $(FactId::$variant => FactValue::$variant(Fact::Skipped)),* }
            }
        }

        /// The gathered values, one field per fact.
        #[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
        #[serde(deny_unknown_fields)]
        pub struct Values {
            $(
                $(#[doc = $doc])*
                #[serde(rename = $name, default, skip_serializing_if = "Fact::is_not_gathered")]
                pub $field: $ty,
            )*
        }

        impl Values {
            /// Stores one fact's value in its field.
            pub fn set(&mut self, value: FactValue) {
                match value { $(FactValue::$variant(fact) => self.$field = fact),* }
            }

            /// Every fact skipped.
            pub fn skipped() -> Values {
                Values { $($field: Fact::Skipped),* }
            }

            /// Every fact failed, each with the error `error` gives for its declaration (the
            /// gathering could not start, or ran out of time before its first call).
            pub fn all_failed(error: impl Fn(&'static FactDecl) -> FactError) -> Values {
                Values { $($field: Fact::failed(error(&$static))),* }
            }

            /// Every scope's state of every fact, in declaration order.
            pub fn entries(&self) -> Vec<Entry<'_>> {
                let mut out = Vec::new();
                $( facts!(@entries $scope, &$static, &self.$field, &mut out); )*
                out
            }

            /// Every failed scope of every fact, with its declaration and its region or
            /// peering entry (`None` for a fact asked once, or whose scopes were not known), to
            /// amend the error.
            pub fn errors_mut(&mut self) -> Vec<ErrorMut<'_>> {
                let mut out = Vec::new();
                $( facts!(@errors $scope, &$static, &mut self.$field, &mut out); )*
                out
            }

            /// The inventory facts: the resources of the account, listing by listing.
            pub fn inventory(&self) -> Vec<(&'static FactDecl, Listed<'_>)> {
                let mut out = Vec::new();
                $( facts!(@inventory [$($resource)?] $scope, &$static, &self.$field, &mut out, Listed); )*
                out
            }

            /// The inventory facts, to fill in.
            pub fn inventory_mut(&mut self) -> Vec<(&'static FactDecl, ListedMut<'_>)> {
                let mut out = Vec::new();
                $( facts!(@inventory [$($resource)?] $scope, &$static, &mut self.$field, &mut out, ListedMut); )*
                out
            }
        }
    };
    (@inventory [] $scope:ident, $decl:expr, $fact:expr, $out:expr, $kind:ident) => {};
    (@inventory [$r:literal] EachEnabledRegion, $decl:expr, $fact:expr, $out:expr, $kind:ident) => { $out.push(($decl, $kind::Each($fact))) };
    (@inventory [$r:literal] $scope:ident, $decl:expr, $fact:expr, $out:expr, $kind:ident) => { $out.push(($decl, $kind::Once($fact))) };
    (@resource) => { None };
    (@resource $resource:literal) => { Some($resource) };
    (@errors EachEnabledRegion, $decl:expr, $fact:expr, $out:expr) => { each_errors($decl, $fact, $out) };
    (@errors EachPeering, $decl:expr, $fact:expr, $out:expr) => { each_errors($decl, $fact, $out) };
    (@errors $scope:ident, $decl:expr, $fact:expr, $out:expr) => { one_error($decl, $fact, $out) };
    (@entries EachEnabledRegion, $decl:expr, $fact:expr, $out:expr) => { each_entries($decl, $fact, $out) };
    (@entries EachPeering, $decl:expr, $fact:expr, $out:expr) => { each_entries($decl, $fact, $out) };
    (@entries $scope:ident, $decl:expr, $fact:expr, $out:expr) => { one_entries($decl, $fact, $out) };
}

facts! {
    /// Whose credentials these are (`sts:GetCallerIdentity`).
    identity / "identity" / Identity / IDENTITY: Fact<Identity> = Account, [STS_GET_CALLER_IDENTITY],
        "the account identity";
    /// Whether the manifest's region is enabled (`ec2:DescribeRegions` with all regions, or
    /// `account:GetRegionOptStatus` when that is denied).
    region_status / "regionStatus" / RegionStatus / REGION_STATUS: Fact<RegionStatus> = Region,
        [EC2_DESCRIBE_REGIONS, ACCOUNT_GET_REGION_OPT_STATUS], "whether the region is enabled";
    /// Every region enabled in the account (`ec2:DescribeRegions`): where the inventory looks.
    enabled_regions / "enabledRegions" / EnabledRegions / ENABLED_REGIONS: Fact<Vec<String>> = Account,
        [EC2_DESCRIBE_REGIONS], "the regions enabled in the account";
    /// L-1216C47A, Running On-Demand Standard instances, in vCPUs.
    quota_on_demand / "quotaOnDemand" / QuotaOnDemand / QUOTA_ON_DEMAND: Fact<Quota> = Region,
        [SERVICEQUOTAS_GET_SERVICE_QUOTA, SERVICEQUOTAS_GET_AWS_DEFAULT_SERVICE_QUOTA], "the On-Demand quota";
    /// L-34B43A08, All Standard Spot Instance Requests, in vCPUs.
    quota_spot / "quotaSpot" / QuotaSpot / QUOTA_SPOT: Fact<Quota> = Region,
        [SERVICEQUOTAS_GET_SERVICE_QUOTA, SERVICEQUOTAS_GET_AWS_DEFAULT_SERVICE_QUOTA], "the Spot quota";
    /// The availability zones of the region that offer the node type.
    instance_type_zones / "instanceTypeZones" / InstanceTypeZones / INSTANCE_TYPE_ZONES: Fact<Vec<String>> = Region,
        [EC2_DESCRIBE_INSTANCE_TYPE_OFFERINGS], "where the node type is offered";
    /// The node type's default vCPUs; `None` when AWS does not know the type.
    instance_type_vcpus / "instanceTypeVcpus" / InstanceTypeVcpus / INSTANCE_TYPE_VCPUS: Fact<Option<u32>> = Region,
        [EC2_DESCRIBE_INSTANCE_TYPES], "the node type's vCPUs";
    /// Each peering VPC in its region (`REGION/VPC-ID`): `None` when it does not exist,
    /// otherwise every associated IPv4 CIDR block.
    peer_vpcs / "peerVpcs" / PeerVpcs / PEER_VPCS: Each<Option<PeerVpc>> = EachPeering, [EC2_DESCRIBE_VPCS],
        "the peering VPC";
    /// The cluster's VPC, once Astronomer has installed it: the VPC of the manifest's account
    /// and region whose CIDR is `cluster.vpcCidr`; `None` before the install.
    cluster_vpc / "clusterVpc" / ClusterVpc / CLUSTER_VPC: Fact<Option<ClusterVpc>> = Region, [EC2_DESCRIBE_VPCS],
        "the cluster's VPC";
    /// Each peering entry's connection with the cluster's VPC and, once it is active, the peer
    /// VPC's subnets, route tables, network ACLs and security groups (with the prefix lists
    /// they name), in the peer's account and region.
    peer_networks / "peerNetworks" / PeerNetworks / PEER_NETWORKS: Each<PeerNetwork> = EachPeering,
        [EC2_DESCRIBE_VPC_PEERING_CONNECTIONS, EC2_DESCRIBE_SUBNETS, EC2_DESCRIBE_ROUTE_TABLES,
         EC2_DESCRIBE_NETWORK_ACLS, EC2_DESCRIBE_SECURITY_GROUPS, EC2_GET_MANAGED_PREFIX_LIST_ENTRIES],
        "the peering connection and the peer VPC's network";
    /// EC2 instances that are not terminated.
    instances / "ec2Instances" / Instances / INSTANCES: Each<Vec<Resource>> = EachEnabledRegion,
        [EC2_DESCRIBE_INSTANCES], "the account's EC2 instances", "AWS::EC2::Instance";
    /// VPCs of the account that are not the default VPC.
    vpcs / "ec2Vpcs" / Vpcs / VPCS: Each<Vec<Resource>> = EachEnabledRegion, [EC2_DESCRIBE_VPCS],
        "the account's VPCs", "AWS::EC2::VPC";
    /// NAT gateways that are not deleted.
    nat_gateways / "ec2NatGateways" / NatGateways / NAT_GATEWAYS: Each<Vec<Resource>> = EachEnabledRegion,
        [EC2_DESCRIBE_NAT_GATEWAYS], "the account's NAT gateways", "AWS::EC2::NatGateway";
    /// Elastic IP addresses.
    elastic_ips / "ec2ElasticIps" / ElasticIps / ELASTIC_IPS: Each<Vec<Resource>> = EachEnabledRegion,
        [EC2_DESCRIBE_ADDRESSES], "the account's Elastic IPs", "AWS::EC2::EIP";
    /// VPC peering connections that are active or pending.
    vpc_peering_connections / "ec2VpcPeeringConnections" / VpcPeeringConnections / VPC_PEERING_CONNECTIONS: Each<Vec<Resource>> =
        EachEnabledRegion, [EC2_DESCRIBE_VPC_PEERING_CONNECTIONS], "the account's VPC peering connections",
        "AWS::EC2::VPCPeeringConnection";
    /// Transit gateway attachments that are not deleted.
    transit_gateway_attachments / "ec2TransitGatewayAttachments" / TransitGatewayAttachments / TRANSIT_GATEWAY_ATTACHMENTS: Each<Vec<Resource>> =
        EachEnabledRegion, [EC2_DESCRIBE_TRANSIT_GATEWAY_ATTACHMENTS], "the account's transit gateway attachments",
        "AWS::EC2::TransitGatewayAttachment";
    /// Application, network and gateway load balancers, by name, through Cloud Control
    /// (`ListResources` of `AWS::ElasticLoadBalancingV2::LoadBalancer`).
    load_balancers / "elbv2LoadBalancers" / LoadBalancers / LOAD_BALANCERS: Each<Vec<Resource>> = EachEnabledRegion,
        [CLOUDFORMATION_LIST_RESOURCES, ELB_DESCRIBE_LOAD_BALANCERS], "the account's load balancers",
        "AWS::ElasticLoadBalancingV2::LoadBalancer";
    /// Classic load balancers, through Cloud Control (`ListResources` of
    /// `AWS::ElasticLoadBalancing::LoadBalancer`).
    classic_load_balancers / "elbClassicLoadBalancers" / ClassicLoadBalancers / CLASSIC_LOAD_BALANCERS: Each<Vec<Resource>> =
        EachEnabledRegion, [CLOUDFORMATION_LIST_RESOURCES, ELB_DESCRIBE_LOAD_BALANCERS], "the account's classic load balancers",
        "AWS::ElasticLoadBalancing::LoadBalancer";
    /// EKS clusters, through Cloud Control (`ListResources` of `AWS::EKS::Cluster`).
    eks_clusters / "eksClusters" / EksClusters / EKS_CLUSTERS: Each<Vec<Resource>> = EachEnabledRegion,
        [CLOUDFORMATION_LIST_RESOURCES, EKS_LIST_CLUSTERS], "the account's EKS clusters", "AWS::EKS::Cluster";
    /// RDS DB instances, through Cloud Control (`ListResources` of `AWS::RDS::DBInstance`).
    db_instances / "rdsDbInstances" / DbInstances / DB_INSTANCES: Each<Vec<Resource>> = EachEnabledRegion,
        [CLOUDFORMATION_LIST_RESOURCES, RDS_DESCRIBE_DB_INSTANCES], "the account's RDS DB instances", "AWS::RDS::DBInstance";
    /// RDS DB clusters, through Cloud Control (`ListResources` of `AWS::RDS::DBCluster`).
    db_clusters / "rdsDbClusters" / DbClusters / DB_CLUSTERS: Each<Vec<Resource>> = EachEnabledRegion,
        [CLOUDFORMATION_LIST_RESOURCES, RDS_DESCRIBE_DB_CLUSTERS], "the account's RDS DB clusters", "AWS::RDS::DBCluster";
    /// Lambda functions, through Cloud Control (`ListResources` of `AWS::Lambda::Function`).
    lambda_functions / "lambdaFunctions" / LambdaFunctions / LAMBDA_FUNCTIONS: Each<Vec<Resource>> = EachEnabledRegion,
        [CLOUDFORMATION_LIST_RESOURCES, LAMBDA_LIST_FUNCTIONS], "the account's Lambda functions", "AWS::Lambda::Function";
    /// CloudFormation stacks that are not deleted, by name, through Cloud Control
    /// (`ListResources` of `AWS::CloudFormation::Stack`).
    stacks / "cloudFormationStacks" / Stacks / STACKS: Each<Vec<Resource>> = EachEnabledRegion,
        [CLOUDFORMATION_LIST_RESOURCES, CLOUDFORMATION_LIST_STACKS], "the account's CloudFormation stacks", "AWS::CloudFormation::Stack";
    /// S3 buckets (global: `AWS::S3::Bucket`'s list handler answers the buckets of every region),
    /// through Cloud Control (`ListResources` of `AWS::S3::Bucket`).
    buckets / "s3Buckets" / Buckets / BUCKETS: Fact<Vec<Resource>> = Global,
        [CLOUDFORMATION_LIST_RESOURCES, S3_LIST_ALL_MY_BUCKETS], "the account's S3 buckets", "AWS::S3::Bucket";
    /// IAM users (global).
    iam_users / "iamUsers" / IamUsers / IAM_USERS: Fact<Vec<Resource>> = Global, [IAM_LIST_USERS],
        "the account's IAM users", "AWS::IAM::User";
    /// IAM roles (global), with their paths.
    iam_roles / "iamRoles" / IamRoles / IAM_ROLES: Fact<Vec<Resource>> = Global, [IAM_LIST_ROLES],
        "the account's IAM roles", "AWS::IAM::Role";
    /// Transit gateways that are not deleted.
    transit_gateways / "ec2TransitGateways" / TransitGateways / TRANSIT_GATEWAYS: Each<Vec<Resource>> = EachEnabledRegion,
        [EC2_DESCRIBE_TRANSIT_GATEWAYS], "the account's transit gateways", "AWS::EC2::TransitGateway";
    /// Site-to-Site VPN connections that are not deleted.
    vpn_connections / "ec2VpnConnections" / VpnConnections / VPN_CONNECTIONS: Each<Vec<Resource>> = EachEnabledRegion,
        [EC2_DESCRIBE_VPN_CONNECTIONS], "the account's VPN connections", "AWS::EC2::VPNConnection";
    /// DynamoDB tables, through Cloud Control (`ListResources` of `AWS::DynamoDB::Table`).
    dynamodb_tables / "dynamodbTables" / DynamodbTables / DYNAMODB_TABLES: Each<Vec<Resource>> = EachEnabledRegion,
        [CLOUDFORMATION_LIST_RESOURCES, DYNAMODB_LIST_TABLES], "the account's DynamoDB tables (AWS::DynamoDB::Table)", "AWS::DynamoDB::Table";
    /// SQS queues, through Cloud Control (`ListResources` of `AWS::SQS::Queue`).
    sqs_queues / "sqsQueues" / SqsQueues / SQS_QUEUES: Each<Vec<Resource>> = EachEnabledRegion,
        [CLOUDFORMATION_LIST_RESOURCES, SQS_LIST_QUEUES], "the account's SQS queues (AWS::SQS::Queue)", "AWS::SQS::Queue";
    /// SNS topics, through Cloud Control (`ListResources` of `AWS::SNS::Topic`).
    sns_topics / "snsTopics" / SnsTopics / SNS_TOPICS: Each<Vec<Resource>> = EachEnabledRegion,
        [CLOUDFORMATION_LIST_RESOURCES, SNS_LIST_TOPICS], "the account's SNS topics (AWS::SNS::Topic)", "AWS::SNS::Topic";
    /// ECS clusters, through Cloud Control (`ListResources` of `AWS::ECS::Cluster`).
    ecs_clusters / "ecsClusters" / EcsClusters / ECS_CLUSTERS: Each<Vec<Resource>> = EachEnabledRegion,
        [CLOUDFORMATION_LIST_RESOURCES, ECS_LIST_CLUSTERS], "the account's ECS clusters (AWS::ECS::Cluster)", "AWS::ECS::Cluster";
    /// EFS file systems, through Cloud Control (`ListResources` of `AWS::EFS::FileSystem`).
    efs_file_systems / "efsFileSystems" / EfsFileSystems / EFS_FILE_SYSTEMS: Each<Vec<Resource>> = EachEnabledRegion,
        [CLOUDFORMATION_LIST_RESOURCES, EFS_DESCRIBE_FILE_SYSTEMS], "the account's EFS file systems (AWS::EFS::FileSystem)", "AWS::EFS::FileSystem";
    /// ElastiCache clusters, through Cloud Control (`ListResources` of `AWS::ElastiCache::CacheCluster`).
    elasticache_clusters / "elastiCacheClusters" / ElastiCacheClusters / ELASTICACHE_CLUSTERS: Each<Vec<Resource>> = EachEnabledRegion,
        [CLOUDFORMATION_LIST_RESOURCES, ELASTICACHE_DESCRIBE_CACHE_CLUSTERS], "the account's ElastiCache clusters (AWS::ElastiCache::CacheCluster)", "AWS::ElastiCache::CacheCluster";
    /// Redshift clusters, through Cloud Control (`ListResources` of `AWS::Redshift::Cluster`).
    redshift_clusters / "redshiftClusters" / RedshiftClusters / REDSHIFT_CLUSTERS: Each<Vec<Resource>> = EachEnabledRegion,
        [CLOUDFORMATION_LIST_RESOURCES, REDSHIFT_DESCRIBE_CLUSTERS], "the account's Redshift clusters (AWS::Redshift::Cluster)", "AWS::Redshift::Cluster";
    /// OpenSearch domains, through Cloud Control (`ListResources` of `AWS::OpenSearchService::Domain`).
    opensearch_domains / "openSearchDomains" / OpenSearchDomains / OPENSEARCH_DOMAINS: Each<Vec<Resource>> = EachEnabledRegion,
        [CLOUDFORMATION_LIST_RESOURCES, ES_LIST_DOMAIN_NAMES], "the account's OpenSearch domains (AWS::OpenSearchService::Domain)", "AWS::OpenSearchService::Domain";
    /// Customer-managed KMS keys, through Cloud Control (`ListResources` of `AWS::KMS::Key`).
    kms_keys / "kmsKeys" / KmsKeys / KMS_KEYS: Each<Vec<Resource>> = EachEnabledRegion,
        [CLOUDFORMATION_LIST_RESOURCES, KMS_LIST_KEYS, KMS_DESCRIBE_KEY], "the account's customer-managed KMS keys (AWS::KMS::Key)", "AWS::KMS::Key";
    /// Secrets Manager secrets, through Cloud Control (`ListResources` of `AWS::SecretsManager::Secret`).
    secrets / "secretsManagerSecrets" / Secrets / SECRETS: Each<Vec<Resource>> = EachEnabledRegion,
        [CLOUDFORMATION_LIST_RESOURCES, SECRETSMANAGER_LIST_SECRETS], "the account's Secrets Manager secrets (AWS::SecretsManager::Secret)", "AWS::SecretsManager::Secret";
    /// ECR repositories, through Cloud Control (`ListResources` of `AWS::ECR::Repository`).
    ecr_repositories / "ecrRepositories" / EcrRepositories / ECR_REPOSITORIES: Each<Vec<Resource>> = EachEnabledRegion,
        [CLOUDFORMATION_LIST_RESOURCES, ECR_DESCRIBE_REPOSITORIES], "the account's ECR repositories (AWS::ECR::Repository)", "AWS::ECR::Repository";
    /// Kinesis data streams, through Cloud Control (`ListResources` of `AWS::Kinesis::Stream`).
    kinesis_streams / "kinesisStreams" / KinesisStreams / KINESIS_STREAMS: Each<Vec<Resource>> = EachEnabledRegion,
        [CLOUDFORMATION_LIST_RESOURCES, KINESIS_LIST_STREAMS], "the account's Kinesis data streams (AWS::Kinesis::Stream)", "AWS::Kinesis::Stream";
    /// MSK clusters, through Cloud Control (`ListResources` of `AWS::MSK::Cluster`).
    msk_clusters / "mskClusters" / MskClusters / MSK_CLUSTERS: Each<Vec<Resource>> = EachEnabledRegion,
        [CLOUDFORMATION_LIST_RESOURCES, KAFKA_LIST_CLUSTERS], "the account's MSK clusters (AWS::MSK::Cluster)", "AWS::MSK::Cluster";
    /// Step Functions state machines, through Cloud Control (`ListResources` of `AWS::StepFunctions::StateMachine`).
    state_machines / "stepFunctionsStateMachines" / StateMachines / STATE_MACHINES: Each<Vec<Resource>> = EachEnabledRegion,
        [CLOUDFORMATION_LIST_RESOURCES, STATES_LIST_STATE_MACHINES], "the account's Step Functions state machines (AWS::StepFunctions::StateMachine)", "AWS::StepFunctions::StateMachine";
    /// API Gateway REST APIs, through Cloud Control (`ListResources` of `AWS::ApiGateway::RestApi`).
    rest_apis / "apiGatewayRestApis" / RestApis / REST_APIS: Each<Vec<Resource>> = EachEnabledRegion,
        [CLOUDFORMATION_LIST_RESOURCES, APIGATEWAY_GET], "the account's API Gateway REST APIs (AWS::ApiGateway::RestApi)", "AWS::ApiGateway::RestApi";
    /// API Gateway HTTP and WebSocket APIs, through Cloud Control (`ListResources` of `AWS::ApiGatewayV2::Api`).
    http_apis / "apiGatewayV2Apis" / HttpApis / HTTP_APIS: Each<Vec<Resource>> = EachEnabledRegion,
        [CLOUDFORMATION_LIST_RESOURCES, APIGATEWAY_GET], "the account's API Gateway HTTP and WebSocket APIs (AWS::ApiGatewayV2::Api)", "AWS::ApiGatewayV2::Api";
    /// EventBridge rules, through Cloud Control (`ListResources` of `AWS::Events::Rule`).
    event_rules / "eventBridgeRules" / EventRules / EVENT_RULES: Each<Vec<Resource>> = EachEnabledRegion,
        [CLOUDFORMATION_LIST_RESOURCES, EVENTS_LIST_RULES], "the account's EventBridge rules (AWS::Events::Rule)", "AWS::Events::Rule";
    /// CloudWatch Logs log groups, through Cloud Control (`ListResources` of `AWS::Logs::LogGroup`).
    log_groups / "logGroups" / LogGroups / LOG_GROUPS: Each<Vec<Resource>> = EachEnabledRegion,
        [CLOUDFORMATION_LIST_RESOURCES, LOGS_DESCRIBE_LOG_GROUPS], "the account's CloudWatch Logs log groups (AWS::Logs::LogGroup)", "AWS::Logs::LogGroup";
    /// Route 53 hosted zones (global), through Cloud Control (`ListResources` of `AWS::Route53::HostedZone`).
    hosted_zones / "route53HostedZones" / HostedZones / HOSTED_ZONES: Fact<Vec<Resource>> = Global,
        [CLOUDFORMATION_LIST_RESOURCES, ROUTE53_LIST_HOSTED_ZONES], "the account's Route 53 hosted zones (AWS::Route53::HostedZone)", "AWS::Route53::HostedZone";
    /// CloudFront distributions (global), through Cloud Control (`ListResources` of `AWS::CloudFront::Distribution`).
    distributions / "cloudFrontDistributions" / Distributions / DISTRIBUTIONS: Fact<Vec<Resource>> = Global,
        [CLOUDFORMATION_LIST_RESOURCES, CLOUDFRONT_LIST_DISTRIBUTIONS], "the account's CloudFront distributions (AWS::CloudFront::Distribution)", "AWS::CloudFront::Distribution";
    /// Astronomer's cross-account role `astronomer-remote-management` with its trust policy
    /// (external IDs as digests); `None` when it does not exist.
    role / "role" / Role / ROLE: Fact<Option<Role>> = Global, [IAM_GET_ROLE],
        "the cross-account role";
    /// The managed policies attached to the role (skipped when there is no role).
    role_policies / "rolePolicies" / RolePolicies / ROLE_POLICIES: Fact<Vec<AttachedPolicy>> = Global,
        [IAM_LIST_ATTACHED_ROLE_POLICIES], "the role's attached policies";
    /// Whether the role may call the `account:` actions an opt-in region needs (asked only for
    /// a manifest in an opt-in region, and skipped when there is no role).
    role_region_actions / "roleRegionActions" / RoleRegionActions / ROLE_REGION_ACTIONS: Fact<Vec<ActionDecision>> = Global,
        [IAM_SIMULATE_PRINCIPAL_POLICY], "the role's permissions for opt-in regions";
    /// The version of the tokens of STS's global endpoint (`GlobalEndpointTokenVersion` of the
    /// account summary; asked only for a manifest in an opt-in region).
    sts_token_version / "stsTokenVersion" / StsTokenVersion / STS_TOKEN_VERSION: Fact<Option<u32>> = Global,
        [IAM_GET_ACCOUNT_SUMMARY], "the STS global endpoint's token version";
    /// The trails that could watch the role's policies, their log groups, metric filters and
    /// alarms.
    role_monitoring / "roleMonitoring" / RoleMonitoring / ROLE_MONITORING: Fact<Monitoring> = Account,
        [CLOUDTRAIL_DESCRIBE_TRAILS, CLOUDTRAIL_GET_TRAIL_STATUS, LOGS_DESCRIBE_METRIC_FILTERS, CLOUDWATCH_DESCRIBE_ALARMS],
        "the monitoring of the role's policies";
    /// Astronomer's cluster options for the organization (Astro API "Get cluster options",
    /// `type=HYBRID`, `provider=AWS`): regions (limited, banned node types), node and database
    /// types, defaults, node-count bounds. Asked once per run, only with `ASTRO_API_TOKEN`
    /// (skipped without it); the rules read the bundled tables when it is not gathered.
    cluster_options / "clusterOptions" / ClusterOptions / CLUSTER_OPTIONS: Fact<ClusterOptions> = Organization, [],
        "Astronomer's cluster options for the organization";
    /// The names of the account's customer-managed IAM policies (`iam:ListPolicies` with
    /// `Scope=Local`): the Hybrid install's permissions boundary among them.
    customer_policies / "customerManagedPolicies" / CustomerPolicies / CUSTOMER_POLICIES: Fact<Vec<String>> = Global,
        [IAM_LIST_POLICIES], "the account's customer-managed policies";
}

/// The whole-account inventory: every fact that lists one kind of resource of the account (it
/// names the resource's CloudFormation type), in registry order. A rule that reads the
/// inventory names this group in its `facts`.
pub static INVENTORY: &[&FactDecl] = &inventory::<{ inventory_len(DECLS) }>(DECLS);

const fn inventory_len(all: &[&FactDecl]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < all.len() {
        if all[i].resource_type.is_some() {
            n += 1;
        }
        i += 1;
    }
    n
}

const fn inventory<const N: usize>(all: &[&'static FactDecl]) -> [&'static FactDecl; N] {
    let mut out = [all[0]; N];
    let (mut n, mut i) = (0, 0);
    while i < all.len() {
        if all[i].resource_type.is_some() {
            out[n] = all[i];
            n += 1;
        }
        i += 1;
    }
    out
}

/// The sum of the slices' lengths: the `N` of [`concat`].
pub const fn total_len<T>(parts: &[&[T]]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < parts.len() {
        n += parts[i].len();
        i += 1;
    }
    n
}

/// The slices one after the other, at compile time (a rule's facts and the groups it names);
/// `N` must be [`total_len`] of `parts`, and not 0.
pub const fn concat<T: Copy, const N: usize>(parts: &[&[T]]) -> [T; N] {
    assert!(N == total_len(parts) && N > 0, "N is the total length");
    let mut first = 0;
    while parts[first].is_empty() {
        first += 1;
    }
    let mut out = [parts[first][0]; N];
    let mut n = 0;
    let mut i = 0;
    while i < parts.len() {
        let mut j = 0;
        while j < parts[i].len() {
            out[n] = parts[i][j];
            n += 1;
            j += 1;
        }
        i += 1;
    }
    out
}

/// The declaration of a fact.
pub fn decl(id: FactId) -> &'static FactDecl {
    ALL.iter()
        .copied()
        .find(|d| d.id == id)
        .expect("every FactId is declared")
}

/// The key of a peering entry's fact.
pub fn peering_key(region: &str, vpc_id: &str) -> String {
    format!("{region}/{vpc_id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique() {
        let mut names: Vec<&str> = ALL.iter().map(|d| d.name).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), ALL.len());
    }

    #[test]
    fn the_inventory_is_every_fact_that_names_a_type_once() {
        let listed: Vec<&str> = ALL
            .iter()
            .filter(|d| d.resource_type.is_some())
            .map(|d| d.name)
            .collect();
        let group: Vec<&str> = INVENTORY.iter().map(|d| d.name).collect();
        assert_eq!(group, listed);
        let mut types: Vec<_> = INVENTORY.iter().map(|d| d.resource_type).collect();
        types.sort_unstable();
        types.dedup();
        assert_eq!(types.len(), INVENTORY.len());
        for decl in INVENTORY {
            assert!(
                decl.resource_type.is_some_and(|t| t.starts_with("AWS::")),
                "{}",
                decl.name
            );
        }
    }

    #[test]
    fn astro_api_facts_name_no_iam_action() {
        for decl in ALL {
            assert_eq!(
                decl.actions.is_empty(),
                decl.from_astro_api(),
                "{}",
                decl.name
            );
        }
        assert_eq!(CLUSTER_OPTIONS.source(), Source::AstroApi);
    }

    #[test]
    fn concat_joins_in_order() {
        const PARTS: &[&[u8]] = &[&[1, 2], &[], &[3]];
        const JOINED: [u8; total_len(PARTS)] = concat(PARTS);
        assert_eq!(JOINED, [1, 2, 3]);
    }

    #[test]
    fn inventory_facts_name_their_type_and_others_do_not() {
        for decl in ALL {
            // Every fact asked in each region is a listing; a global fact may be one (S3, IAM
            // users and roles) or not (the cross-account role).
            if decl.scope == Scope::EachEnabledRegion {
                assert!(decl.resource_type.is_some(), "{}", decl.name);
            }
            if decl.resource_type.is_some() {
                assert!(
                    matches!(decl.scope, Scope::EachEnabledRegion | Scope::Global),
                    "{}",
                    decl.name
                );
            }
        }
    }
}
