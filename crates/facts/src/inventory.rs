//! The whole-account inventory: the resources that make an AWS account "used", and the
//! listings that find them.
//!
//! Astro installs only into an empty account. Each [`Listing`] is one kind of resource, named by
//! its CloudFormation type, with the IAM action that lists it and whether it is listed once for
//! the account (`global`) or in every enabled region. The listings report everything they find
//! except what AWS itself always has (the default VPC); what a fresh account may hold besides
//! (AWS's service roles, Astronomer's own stack and role, a user's allow-list) is for the rule
//! that reads the inventory to set aside.

use serde::{Deserialize, Serialize};

use std::sync::LazyLock;

use crate::registry::{self, FactDecl, Scope};

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

/// One kind of listing: what it lists and the IAM action that lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Listing {
    /// A stable name, e.g. `ec2Instances`.
    pub id: &'static str,
    /// The CloudFormation type of what it lists, e.g. `AWS::EC2::Instance`.
    pub resource_type: &'static str,
    /// The IAM action of its calls, e.g. `ec2:DescribeInstances`.
    pub action: &'static str,
    /// Listed once for the account (S3, IAM), not in each enabled region.
    pub global: bool,
}

impl Listing {
    /// The listing of this ID.
    pub fn by_id(id: &str) -> Option<&'static Listing> {
        LISTINGS.iter().find(|l| l.id == id)
    }

    /// The regional listings.
    pub fn regional() -> impl Iterator<Item = &'static Listing> {
        LISTINGS.iter().filter(|l| !l.global)
    }

    /// The global listings.
    pub fn global() -> impl Iterator<Item = &'static Listing> {
        LISTINGS.iter().filter(|l| l.global)
    }
}

/// Every listing of the inventory, from the facts registry (each inventory fact names the
/// CloudFormation type it lists): regional ones first, then global ones.
pub static LISTINGS: LazyLock<Vec<Listing>> = LazyLock::new(|| {
    let listing = |decl: &'static FactDecl| {
        decl.resource_type.map(|resource_type| Listing {
            id: decl.name,
            resource_type,
            action: decl.actions[0],
            global: decl.scope == Scope::Global,
        })
    };
    let mut all: Vec<Listing> = registry::ALL.iter().copied().filter_map(listing).collect();
    all.sort_by_key(|l| l.global);
    all
});

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn listings_have_unique_ids_and_types() {
        let ids: BTreeSet<_> = LISTINGS.iter().map(|l| l.id).collect();
        let types: BTreeSet<_> = LISTINGS.iter().map(|l| l.resource_type).collect();
        assert_eq!(ids.len(), LISTINGS.len());
        assert_eq!(types.len(), LISTINGS.len());
        assert_eq!(LISTINGS.len(), 16);
    }

    #[test]
    fn every_action_is_in_the_table() {
        for listing in LISTINGS.iter() {
            assert!(
                crate::actions::ALL.contains(&listing.action),
                "{} ({}) is not in actions::ALL",
                listing.id,
                listing.action
            );
            assert!(
                listing.resource_type.starts_with("AWS::"),
                "{}",
                listing.resource_type
            );
        }
    }

    #[test]
    fn only_s3_and_iam_are_global() {
        let global: Vec<_> = Listing::global().map(|l| l.resource_type).collect();
        assert_eq!(
            global,
            ["AWS::S3::Bucket", "AWS::IAM::User", "AWS::IAM::Role"]
        );
        assert_eq!(Listing::regional().count(), 13);
        assert_eq!(
            Listing::by_id("rdsDbClusters").map(|l| l.resource_type),
            Some("AWS::RDS::DBCluster")
        );
    }

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
