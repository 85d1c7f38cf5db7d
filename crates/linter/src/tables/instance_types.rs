//! EC2 instance types for the worker nodes.
//!
//! Source: Astronomer's `astro/resource-reference-aws-hybrid.md` (m5, m5d, m6i, m6id, r6i, c6i
//! from xlarge to metal, plus t2.xlarge, t3.xlarge, t3.2xlarge; "t" series not advised for
//! production) and AWS's instance type pages (default vCPUs; metal is 96 for m5/m5d and 128
//! for the sixth generation).
//! Hand-kept: the source last changed on 2024-05-23 and was last checked on 2026-11-25
//! (`sources::ASTRONOMER_SOURCE_CHANGED`, `sources::LAST_CHECKED`). AWS's own facts are
//! generated instead: `aws.rs`.

/// A supported node instance type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InstanceType {
    pub name: &'static str,
    pub vcpus: u32,
    /// t2/t3: burstable, not advised for production.
    pub burstable: bool,
}

const fn it(name: &'static str, vcpus: u32, burstable: bool) -> InstanceType {
    InstanceType {
        name,
        vcpus,
        burstable,
    }
}

/// Every supported type (51).
pub const SUPPORTED: &[InstanceType] = &[
    it("m5.xlarge", 4, false),
    it("m5.2xlarge", 8, false),
    it("m5.4xlarge", 16, false),
    it("m5.8xlarge", 32, false),
    it("m5.12xlarge", 48, false),
    it("m5.16xlarge", 64, false),
    it("m5.24xlarge", 96, false),
    it("m5.metal", 96, false),
    it("m5d.xlarge", 4, false),
    it("m5d.2xlarge", 8, false),
    it("m5d.4xlarge", 16, false),
    it("m5d.8xlarge", 32, false),
    it("m5d.12xlarge", 48, false),
    it("m5d.16xlarge", 64, false),
    it("m5d.24xlarge", 96, false),
    it("m5d.metal", 96, false),
    it("m6i.xlarge", 4, false),
    it("m6i.2xlarge", 8, false),
    it("m6i.4xlarge", 16, false),
    it("m6i.8xlarge", 32, false),
    it("m6i.12xlarge", 48, false),
    it("m6i.16xlarge", 64, false),
    it("m6i.24xlarge", 96, false),
    it("m6i.metal", 128, false),
    it("m6id.xlarge", 4, false),
    it("m6id.2xlarge", 8, false),
    it("m6id.4xlarge", 16, false),
    it("m6id.8xlarge", 32, false),
    it("m6id.12xlarge", 48, false),
    it("m6id.16xlarge", 64, false),
    it("m6id.24xlarge", 96, false),
    it("m6id.metal", 128, false),
    it("r6i.xlarge", 4, false),
    it("r6i.2xlarge", 8, false),
    it("r6i.4xlarge", 16, false),
    it("r6i.8xlarge", 32, false),
    it("r6i.12xlarge", 48, false),
    it("r6i.16xlarge", 64, false),
    it("r6i.24xlarge", 96, false),
    it("r6i.metal", 128, false),
    it("c6i.xlarge", 4, false),
    it("c6i.2xlarge", 8, false),
    it("c6i.4xlarge", 16, false),
    it("c6i.8xlarge", 32, false),
    it("c6i.12xlarge", 48, false),
    it("c6i.16xlarge", 64, false),
    it("c6i.24xlarge", 96, false),
    it("c6i.metal", 128, false),
    it("t2.xlarge", 4, true),
    it("t3.xlarge", 4, true),
    it("t3.2xlarge", 8, true),
];

/// The supported type of that name.
pub fn find(name: &str) -> Option<InstanceType> {
    SUPPORTED.iter().find(|t| t.name == name).copied()
}

/// Whether a type name is a t2/t3 (burstable) type.
pub fn is_burstable(name: &str) -> bool {
    name.starts_with("t2.") || name.starts_with("t3.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifty_one_types() {
        assert_eq!(SUPPORTED.len(), 51);
        assert_eq!(find("m5.metal").unwrap().vcpus, 96);
        assert_eq!(find("m6i.metal").unwrap().vcpus, 128);
        assert_eq!(find("c6i.24xlarge").unwrap().vcpus, 96);
        assert!(find("m5.large").is_none());
        assert!(find("t3.large").is_none());
        assert!(find("t3.2xlarge").unwrap().burstable);
    }
}
