//! Every AWS API action astro-preflight may call, in one table.
//!
//! The AWS gatherer names its calls with these constants, the fact registry names each fact's
//! with them, and [`ALL`] is derived from the registry; a test proves that
//! `docs/iam-policy.json` allows every entry of [`ALL`] and nothing that is not read-only.

use std::sync::LazyLock;

pub const STS_GET_CALLER_IDENTITY: &str = "sts:GetCallerIdentity";
pub const EC2_DESCRIBE_REGIONS: &str = "ec2:DescribeRegions";
pub const ACCOUNT_GET_REGION_OPT_STATUS: &str = "account:GetRegionOptStatus";
pub const SERVICEQUOTAS_GET_SERVICE_QUOTA: &str = "servicequotas:GetServiceQuota";
pub const SERVICEQUOTAS_GET_AWS_DEFAULT_SERVICE_QUOTA: &str =
    "servicequotas:GetAWSDefaultServiceQuota";
pub const EC2_DESCRIBE_INSTANCE_TYPE_OFFERINGS: &str = "ec2:DescribeInstanceTypeOfferings";
pub const EC2_DESCRIBE_INSTANCE_TYPES: &str = "ec2:DescribeInstanceTypes";
pub const EC2_DESCRIBE_VPCS: &str = "ec2:DescribeVpcs";
pub const EC2_DESCRIBE_INSTANCES: &str = "ec2:DescribeInstances";
// The peer's side of a peering entry, after the install.
pub const EC2_DESCRIBE_SUBNETS: &str = "ec2:DescribeSubnets";
pub const EC2_DESCRIBE_ROUTE_TABLES: &str = "ec2:DescribeRouteTables";
pub const EC2_DESCRIBE_NETWORK_ACLS: &str = "ec2:DescribeNetworkAcls";
pub const EC2_DESCRIBE_SECURITY_GROUPS: &str = "ec2:DescribeSecurityGroups";
pub const EC2_GET_MANAGED_PREFIX_LIST_ENTRIES: &str = "ec2:GetManagedPrefixListEntries";
// The whole-account inventory (the registry's inventory facts).
pub const EC2_DESCRIBE_NAT_GATEWAYS: &str = "ec2:DescribeNatGateways";
pub const EC2_DESCRIBE_ADDRESSES: &str = "ec2:DescribeAddresses";
pub const EC2_DESCRIBE_VPC_PEERING_CONNECTIONS: &str = "ec2:DescribeVpcPeeringConnections";
pub const EC2_DESCRIBE_TRANSIT_GATEWAY_ATTACHMENTS: &str = "ec2:DescribeTransitGatewayAttachments";
/// Both load balancer APIs (v2 and classic) share this IAM action.
pub const ELB_DESCRIBE_LOAD_BALANCERS: &str = "elasticloadbalancing:DescribeLoadBalancers";
pub const EKS_LIST_CLUSTERS: &str = "eks:ListClusters";
pub const RDS_DESCRIBE_DB_INSTANCES: &str = "rds:DescribeDBInstances";
pub const RDS_DESCRIBE_DB_CLUSTERS: &str = "rds:DescribeDBClusters";
pub const LAMBDA_LIST_FUNCTIONS: &str = "lambda:ListFunctions";
pub const CLOUDFORMATION_LIST_STACKS: &str = "cloudformation:ListStacks";
/// The IAM action of S3's `ListBuckets` operation.
pub const S3_LIST_ALL_MY_BUCKETS: &str = "s3:ListAllMyBuckets";
pub const IAM_LIST_USERS: &str = "iam:ListUsers";
pub const IAM_LIST_ROLES: &str = "iam:ListRoles";
pub const EC2_DESCRIBE_TRANSIT_GATEWAYS: &str = "ec2:DescribeTransitGateways";
pub const EC2_DESCRIBE_VPN_CONNECTIONS: &str = "ec2:DescribeVpnConnections";
/// AWS Cloud Control API's `ListResources`: the listings of the types below go through it, and
/// each needs its type's own list permission beside it (Cloud Control calls the type's list
/// handler with the caller's credentials).
pub const CLOUDFORMATION_LIST_RESOURCES: &str = "cloudformation:ListResources";
pub const DYNAMODB_LIST_TABLES: &str = "dynamodb:ListTables";
pub const SQS_LIST_QUEUES: &str = "sqs:ListQueues";
pub const SNS_LIST_TOPICS: &str = "sns:ListTopics";
pub const ECS_LIST_CLUSTERS: &str = "ecs:ListClusters";
pub const EFS_DESCRIBE_FILE_SYSTEMS: &str = "elasticfilesystem:DescribeFileSystems";
pub const ELASTICACHE_DESCRIBE_CACHE_CLUSTERS: &str = "elasticache:DescribeCacheClusters";
pub const REDSHIFT_DESCRIBE_CLUSTERS: &str = "redshift:DescribeClusters";
pub const ES_LIST_DOMAIN_NAMES: &str = "es:ListDomainNames";
pub const KMS_LIST_KEYS: &str = "kms:ListKeys";
pub const KMS_DESCRIBE_KEY: &str = "kms:DescribeKey";
pub const SECRETSMANAGER_LIST_SECRETS: &str = "secretsmanager:ListSecrets";
pub const ECR_DESCRIBE_REPOSITORIES: &str = "ecr:DescribeRepositories";
pub const KINESIS_LIST_STREAMS: &str = "kinesis:ListStreams";
pub const KAFKA_LIST_CLUSTERS: &str = "kafka:ListClustersV2";
pub const STATES_LIST_STATE_MACHINES: &str = "states:ListStateMachines";
/// API Gateway's REST and HTTP/WebSocket APIs are read with this one action.
pub const APIGATEWAY_GET: &str = "apigateway:GET";
pub const EVENTS_LIST_RULES: &str = "events:ListRules";
pub const LOGS_DESCRIBE_LOG_GROUPS: &str = "logs:DescribeLogGroups";
pub const ROUTE53_LIST_HOSTED_ZONES: &str = "route53:ListHostedZones";
pub const CLOUDFRONT_LIST_DISTRIBUTIONS: &str = "cloudfront:ListDistributions";
// Astronomer's cross-account role, the opt-in region's set-up, the role's monitoring.
pub const IAM_GET_ROLE: &str = "iam:GetRole";
pub const IAM_LIST_ATTACHED_ROLE_POLICIES: &str = "iam:ListAttachedRolePolicies";
/// Evaluates the role's policies for a few actions; IAM classes it as a read.
pub const IAM_SIMULATE_PRINCIPAL_POLICY: &str = "iam:SimulatePrincipalPolicy";
pub const IAM_GET_ACCOUNT_SUMMARY: &str = "iam:GetAccountSummary";
/// With `Scope=Local`: the account's customer-managed policies (the Hybrid permissions
/// boundary).
pub const IAM_LIST_POLICIES: &str = "iam:ListPolicies";
pub const CLOUDTRAIL_DESCRIBE_TRAILS: &str = "cloudtrail:DescribeTrails";
pub const CLOUDTRAIL_GET_TRAIL_STATUS: &str = "cloudtrail:GetTrailStatus";
pub const LOGS_DESCRIBE_METRIC_FILTERS: &str = "logs:DescribeMetricFilters";
pub const CLOUDWATCH_DESCRIBE_ALARMS: &str = "cloudwatch:DescribeAlarms";

/// `--assume-role`: a session in each manifest's account. Needed by the caller's own
/// credentials (on the roles to assume), not by the assumed role.
pub const STS_ASSUME_ROLE: &str = "sts:AssumeRole";

/// Every action: those of the fact registry's declarations (once each, in registry order),
/// then `sts:AssumeRole`.
pub static ALL: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    let mut all: Vec<&'static str> = Vec::new();
    let registry = crate::registry::ALL.iter().flat_map(|decl| decl.actions);
    for action in registry.chain([&STS_ASSUME_ROLE]) {
        if !all.contains(action) {
            all.push(action);
        }
    }
    all
});

/// The EC2 quota codes the online rules check.
pub const QUOTA_ON_DEMAND: &str = "L-1216C47A";
pub const QUOTA_SPOT: &str = "L-34B43A08";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_is_listed_once() {
        let mut sorted = ALL.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(sorted.len(), ALL.len());
        for decl in crate::registry::ALL {
            for action in decl.actions {
                assert!(ALL.contains(action), "{action}");
            }
        }
        assert_eq!(ALL.last(), Some(&STS_ASSUME_ROLE));
    }
}
