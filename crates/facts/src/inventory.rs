//! The whole-account inventory: the resources that make an AWS account "used", and the
//! listings that find them.
//!
//! Astro installs only into an empty account. Each listing is a fact of the registry's
//! [`INVENTORY`](crate::registry::INVENTORY) group: one kind of resource, named by its
//! CloudFormation type, with the IAM action that lists it, listed once for the account (scope
//! `Global`) or in every enabled region. The listings report everything they find except what
//! AWS itself always has (the default VPC); what a fresh account may hold besides (AWS's
//! service roles, Astronomer's own stack and role, a user's allow-list) is for the rule that
//! reads the inventory to set aside.

use serde::{Deserialize, Serialize};

/// The `region` of a resource that belongs to no region (S3 buckets, IAM users and roles).
pub const GLOBAL: &str = "global";

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_resource_serializes_with_its_cloudformation_type() {
        let role = Resource {
            kind: "AWS::IAM::Role".into(),
            id: "AWSServiceRoleForSupport".into(),
            region: GLOBAL.into(),
            path: Some("/aws-service-role/".into()),
        };
        let json = serde_json::to_value(&role).expect("serialize");
        assert_eq!(
            json,
            serde_json::json!({
                "type": "AWS::IAM::Role",
                "id": "AWSServiceRoleForSupport",
                "region": "global",
                "path": "/aws-service-role/"
            })
        );
        let db = Resource {
            kind: "AWS::RDS::DBInstance".into(),
            id: "orders".into(),
            region: "us-west-2".into(),
            path: None,
        };
        let json = serde_json::to_string(&db).expect("serialize");
        assert_eq!(
            json,
            r#"{"type":"AWS::RDS::DBInstance","id":"orders","region":"us-west-2"}"#
        );
        assert_eq!(serde_json::from_str::<Resource>(&json).ok(), Some(db));
        assert!(
            serde_json::from_str::<Resource>(r#"{"type":"x","id":"y","region":"z","extra":1}"#)
                .is_err()
        );
    }
}
