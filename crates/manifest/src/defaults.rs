//! Astronomer's defaults, one table per install profile: what a cluster gets for each field
//! the manifest does not set, and the smallest VPC the profile accepts. The typed model's
//! schema, the linter's effective values and the rule documentation all read these tables;
//! a test ties the committed schema to them.
//!
//! Source: Astronomer's install pages for AWS (`astro/install-aws-hybrid.md`,
//! `astro/install-aws.md`), as summarised in `docs/rules/`; last changed upstream 2024-05-23.

use crate::model::InstallProfile;

/// The defaults of one install profile.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Defaults {
    pub region: &'static str,
    pub vpc_cidr: &'static str,
    /// The longest VPC prefix the profile accepts (the smallest VPC): /20 hybrid, /19
    /// cross-account-role.
    pub max_vpc_prefix: u8,
    pub node_instance_type: &'static str,
    pub max_node_count: u32,
    /// The metadata database's RDS type; `None`: the profile takes none.
    pub db_instance_type: Option<&'static str>,
}

/// `install: hybrid`.
pub const HYBRID: Defaults = Defaults {
    region: "us-east-1",
    vpc_cidr: "172.20.0.0/20",
    max_vpc_prefix: 20,
    node_instance_type: "m5.xlarge",
    max_node_count: 20,
    db_instance_type: Some("db.m6g.large"),
};

/// `install: cross-account-role`.
pub const CROSS_ACCOUNT_ROLE: Defaults = Defaults {
    region: "us-east-1",
    vpc_cidr: "172.20.0.0/19",
    max_vpc_prefix: 19,
    node_instance_type: "m5.xlarge",
    max_node_count: 20,
    db_instance_type: None,
};

impl InstallProfile {
    /// This profile's defaults.
    pub fn defaults(self) -> &'static Defaults {
        match self {
            InstallProfile::Hybrid => &HYBRID,
            InstallProfile::CrossAccountRole => &CROSS_ACCOUNT_ROLE,
        }
    }
}

/// The defaults of a profile; hybrid's when the profile is unknown (missing or invalid, which
/// the schema reports).
pub fn for_profile(profile: Option<InstallProfile>) -> &'static Defaults {
    profile.map_or(&HYBRID, InstallProfile::defaults)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The committed schema states the defaults of this table (hybrid's, as the schema cannot
    /// know the profile; the VPC CIDR's description names both).
    #[test]
    fn the_committed_schema_states_these_defaults() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../schemas/install-manifest.schema.json"
        );
        let schema: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).expect("the schema"))
                .expect("JSON");
        let cluster = schema
            .pointer("/properties/cluster/properties")
            .expect("the cluster's properties");
        let default = |field: &str| cluster[field]["default"].clone();
        assert_eq!(default("region"), HYBRID.region);
        assert_eq!(default("vpcCidr"), HYBRID.vpc_cidr);
        assert_eq!(default("nodeInstanceType"), HYBRID.node_instance_type);
        assert_eq!(default("maxNodeCount"), HYBRID.max_node_count);
        assert_eq!(
            default("dbInstanceType"),
            HYBRID.db_instance_type.expect("hybrid takes a database")
        );
        let vpc = cluster["vpcCidr"]["description"]
            .as_str()
            .expect("a description");
        for d in [&HYBRID, &CROSS_ACCOUNT_ROLE] {
            assert!(
                vpc.contains(d.vpc_cidr) && vpc.contains(&format!("/{}", d.max_vpc_prefix)),
                "{vpc}"
            );
        }
        assert_eq!(CROSS_ACCOUNT_ROLE.db_instance_type, None);
    }
}
