use astro_preflight_manifest::suggest::{or_list, suggestions};

use crate::context::{Context, Emitter};
use crate::diagnostic::{Applicability, Fix};
use crate::fix::replace_scalar;
use crate::registry::rule;
use crate::tables::regions;

rule! {
    /// A peering entry's region is not an AWS region of the commercial partition.
    ///
    /// ## What it checks
    ///
    /// Each `peering[].region`, as `region-unsupported` checks `cluster.region`: the shape of
    /// a region name (`us-east-1`, not `us-east1`), that AWS has such a region, and that it is
    /// in the commercial partition (`aws`), where Astro's VPC is: a VPC in another partition
    /// (China, GovCloud, the ISO partitions) cannot be peered with it. A misspelt name gets the
    /// closest AWS region ("did you mean `us-east-1`?"), as an unsafe fix when it is the only
    /// one that close. Any commercial region may hold the peer, not only those Astro runs in.
    ///
    /// ## Why
    ///
    /// The region goes into the hand-off for Astronomer support, who create the peering
    /// connection from it; a peering request to a region that does not exist, or that is in
    /// another partition, fails only then.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// version: 1
    /// install: hybrid
    /// account:
    ///   id: "123456789012"
    /// cluster:
    ///   name: acme
    ///   region: us-east-1
    /// peering:
    ///   - vpcId: vpc-0a1b2c3d4e5f67890
    ///     region: us-east1
    ///     cidrs: ["10.10.0.0/16"]
    ///     dnsServers: ["10.10.0.2"]
    /// ```
    ///
    /// ## Source
    ///
    /// AWS, "VPC peering limitations" (inter-region peering is within a partition); the
    /// regions of each partition are botocore's endpoint data (`tables/generated/aws.json`).
    id: "peering-region-invalid",
    severity: Error,
    kind: Offline,
    fix: Unsafe,
    tables: [AwsPartitions],
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    for entry in &cx.peering {
        let Some(name) = entry.region else { continue };
        if regions::is_commercial(name) {
            continue;
        }
        let pointer = format!("/peering/{}/region", entry.index);
        let mut nearest_region = Vec::new();
        let (message, label, help) = if let Some(other) = regions::in_other_partition(name) {
            (
                format!(
                    "{other}: a VPC there cannot be peered with Astro's, which is in the commercial partition"
                ),
                "another partition",
                "peer a VPC in a region of the commercial partition (`aws`)".to_owned(),
            )
        } else {
            nearest_region = suggestions(name, regions::commercial());
            let shape = if matches_shape(name) {
                "AWS has no such region"
            } else {
                "a region name is an area, a direction and a number, e.g. `us-east-1`"
            };
            let help = match nearest_region.as_slice() {
                best if !best.is_empty() => format!("did you mean {}?", or_list(best)),
                _ => "write the AWS region of the peer VPC, e.g. `us-east-1`".to_owned(),
            };
            (
                format!("`{name}` is not an AWS region: {shape}"),
                "unknown region",
                help,
            )
        };
        let mut d = cx
            .finding(&pointer, message)
            .with_help(help)
            .with_label(label);
        if let [best] = nearest_region[..]
            && let Some(edit) = replace_scalar(&cx.document.source, cx.parsed, &pointer, name, best)
        {
            d = d.with_fix(Fix {
                message: format!("replace with `{best}`"),
                applicability: Applicability::Unsafe,
                edits: vec![edit],
            });
        }
        out.push(d);
    }
}

/// Whether a name has the shape of a region's (`editor_schema::REGION_PATTERN`): two letters, an optional
/// partition, a direction, a number.
fn matches_shape(name: &str) -> bool {
    let mut parts = name.split('-');
    let area = parts.next().unwrap_or_default();
    let rest: Vec<&str> = parts.collect();
    let Some((number, middle)) = rest.split_last() else {
        return false;
    };
    let lower = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase());
    area.len() == 2
        && lower(area)
        && !number.is_empty()
        && number.bytes().all(|b| b.is_ascii_digit())
        && match middle {
            [direction] => lower(direction),
            [partition, direction] => {
                (*partition == "gov"
                    || (partition.starts_with("iso") && partition.len() <= 4 && lower(partition)))
                    && lower(direction)
            }
            _ => false,
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shape_of_region_names() {
        for name in [
            "us-east-1",
            "us-gov-west-1",
            "eu-isoe-west-1",
            "cn-northwest-1",
        ] {
            assert!(matches_shape(name), "{name}");
        }
        for name in [
            "us-east1",
            "useast-1",
            "us-east-l",
            "US-EAST-1",
            "u-east-1",
            "us--1",
        ] {
            assert!(!matches_shape(name), "{name}");
        }
    }
}
