use crate::cidr::overlaps;
use crate::context::{Context, Emitter};
use crate::registry::rule;

rule! {
    /// Two peering CIDRs overlap each other.
    ///
    /// ## What it checks
    ///
    /// Every pair of `peering[].cidrs` entries, within one peering entry and across entries.
    ///
    /// ## Why
    ///
    /// Two routes to overlapping ranges through different peering connections are ambiguous:
    /// traffic goes to the more specific route, which is rarely what was meant. Within one
    /// entry it is a redundant route.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// peering:
    ///   - vpcId: vpc-0a1b2c3d
    ///     region: us-east-1
    ///     cidrs: [10.10.0.0/16, 10.10.4.0/24]
    ///     dnsServers: [10.10.0.2]
    /// ```
    ///
    /// ## Source
    ///
    /// AWS VPC Peering Guide, "Invalid VPC peering connection configurations" (overlapping
    /// CIDR blocks).
    id: "peering-cidr-overlap",
    severity: Warning,
    kind: Offline,
    prerequisite: PEERING,
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    let cidrs: Vec<_> = cx
        .peering_cidrs
        .iter()
        .filter_map(|c| c.parsed.as_ref().ok().map(|p| (c, p.net)))
        .collect();
    for (i, (later, later_net)) in cidrs.iter().enumerate() {
        for (earlier, earlier_net) in &cidrs[..i] {
            if overlaps(earlier_net, later_net) {
                out.push(
                    cx.finding(
                        &later.pointer,
                        format!("peering CIDR {later_net} overlaps peering CIDR {earlier_net}"),
                    )
                    .with_label("overlaps")
                    .with_related(cx.related(&earlier.pointer, "this earlier CIDR"))
                    .with_help("route each network once, through one peering connection"),
                );
            }
        }
    }
}
