//! AWS regions.
//!
//! Sources: Astronomer's docs (`astro/resource-reference-aws-hybrid.md`, `astro/release-notes.md`,
//! `astro/install-aws-hybrid.md`, `astro/manage-hybrid-clusters.md`) for the supported list; AWS's
//! "Enable or disable AWS Regions in your account" for the opt-in rule (every commercial region
//! launched after 2019-03-20 is disabled by default).
//! Hand-kept: the source last changed on 2024-05-23 and was last checked on 2026-11-25
//! (`sources::ASTRONOMER_SOURCE_CHANGED`, `sources::LAST_CHECKED`). AWS's own facts are
//! generated instead: `aws.rs`.

/// The 20 regions Astro supports on AWS.
pub const SUPPORTED: &[&str] = &[
    "af-south-1",
    "ap-east-1",
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ca-central-1",
    "eu-central-1",
    "eu-south-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "me-south-1",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

/// Regions Astro supported once and no longer: (region, from, until).
pub const FORMERLY_SUPPORTED: &[(&str, &str, &str)] = &[("eu-north-1", "2022-05-31", "2023-07-20")];

/// Commercial regions disabled by default (opt-in), in launch order.
pub const OPT_IN: &[&str] = &[
    "ap-east-1",
    "me-south-1",
    "af-south-1",
    "eu-south-1",
    "ap-southeast-3",
    "me-central-1",
    "eu-central-2",
    "eu-south-2",
    "ap-south-2",
    "ap-southeast-4",
    "il-central-1",
    "ca-west-1",
    "ap-southeast-5",
    "ap-southeast-7",
    "mx-central-1",
    "ap-east-2",
    "ap-southeast-6",
];

/// Commercial regions enabled by default (launched before 2019-03-20).
pub const ENABLED_BY_DEFAULT: &[&str] = &[
    "ap-northeast-1",
    "ap-northeast-2",
    "ap-northeast-3",
    "ap-south-1",
    "ap-southeast-1",
    "ap-southeast-2",
    "ca-central-1",
    "eu-central-1",
    "eu-north-1",
    "eu-west-1",
    "eu-west-2",
    "eu-west-3",
    "sa-east-1",
    "us-east-1",
    "us-east-2",
    "us-west-1",
    "us-west-2",
];

pub fn is_opt_in(region: &str) -> bool {
    OPT_IN.contains(&region)
}

/// Whether the name is a region of the commercial partition (botocore's `aws`).
pub fn is_commercial(region: &str) -> bool {
    super::aws::tables().is_commercial(region)
}

/// "us-gov-west-1 (AWS GovCloud (US-West)) is a region of the AWS GovCloud (US) partition
/// (`aws-us-gov`)", when the region is in another partition than the commercial one.
pub fn in_other_partition(region: &str) -> Option<String> {
    let (id, partition, description) = other_partition(region)?;
    let named = match description {
        Some(d) => format!("{region} ({d})"),
        None => region.to_owned(),
    };
    Some(format!(
        "{named} is a region of the {partition} partition (`{id}`)"
    ))
}

/// Every region of the commercial partition (botocore's `aws`), in the table's order.
pub fn commercial() -> impl Iterator<Item = &'static str> {
    super::aws::tables()
        .partitions
        .iter()
        .filter(|p| p.id == "aws")
        .flat_map(super::aws::Partition::region_names)
}

/// The partition a region belongs to, when it is not the commercial one: (partition id, its
/// name, the region's description), from botocore's data (`aws.rs`).
pub fn other_partition(region: &str) -> Option<(&'static str, &'static str, Option<&'static str>)> {
    let partition = super::aws::tables().partition_of(region)?;
    (partition.id != "aws").then(|| {
        (
            partition.id,
            partition.name,
            partition.region_description(region),
        )
    })
}
