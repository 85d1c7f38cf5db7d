//! The resources that make an account "used" (`account-not-empty`).

use serde::{Deserialize, Serialize};

/// A resource that makes an account "used".
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Resource {
    /// CloudFormation type name, e.g. `AWS::RDS::DBInstance`.
    #[serde(rename = "type")]
    pub kind: String,
    /// The resource's ID or name (instance ID, VPC ID, bucket name, role name, stack name...).
    pub id: String,
    /// The region, or `global` for S3 buckets, IAM users and roles.
    pub region: String,
    /// IAM only: the path (`/aws-service-role/`), for the baseline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
}

/// The region of global resources.
pub const GLOBAL: &str = "global";
