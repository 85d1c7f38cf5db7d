use crate::context::{Context, Emitter};
use crate::registry::rule;

use super::region_name;

rule! {
    /// The node instance type is offered in fewer than 2 availability zones of the region.
    ///
    /// ## What it checks
    ///
    /// `ec2:DescribeInstanceTypeOfferings` (location type `availability-zone`) for
    /// `cluster.nodeInstanceType` in the region.
    ///
    /// ## Why
    ///
    /// Astro spreads the cluster over two availability zones; a type offered in one zone
    /// (or none) cannot be placed in both, and node groups fail to start.
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
    ///   nodeInstanceType: m6id.metal
    /// ```
    ///
    /// In us-east-1, where (in this example) only `us-east-1d` offers `m6id.metal`.
    ///
    /// ## Source
    ///
    /// Astronomer's `astro/install-aws-hybrid.md` (two availability zones); AWS EC2 API
    /// Reference, `DescribeInstanceTypeOfferings`.
    id: "instance-type-not-offered",
    severity: Error,
    kind: Online,
    facts: [INSTANCE_TYPE_ZONES],
    prerequisite: NODE_INSTANCE_TYPE,
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    let Some(zones) = cx.facts.and_then(|f| f.instance_type_zones.value()) else {
        return;
    };
    let Some(node) = cx.node_instance_type else {
        return;
    };
    if zones.len() >= 2 {
        return;
    }
    let where_ = if zones.is_empty() {
        "in no availability zone".to_owned()
    } else {
        format!("only in {}", zones.join(", "))
    };
    out.push(
        cx.finding(node.pointer, format!("`{}` is offered {where_} of {}; Astro needs it in at least 2", node.value, region_name(cx)))
            .with_help("choose a type offered in at least two zones: `aws ec2 describe-instance-type-offerings --location-type availability-zone`")
            .with_label("not offered in 2 zones"),
    );
}
