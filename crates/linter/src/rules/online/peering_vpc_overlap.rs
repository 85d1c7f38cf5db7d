use crate::cidr::{overlaps, parse_cidr};
use crate::context::{Context, Emitter};
use crate::registry::rule;

use super::peer_vpcs;

rule! {
    /// A CIDR of a live peering VPC (any of its associations) overlaps the cluster's VPC CIDR.
    ///
    /// ## What it checks
    ///
    /// Every IPv4 CIDR block associated with each peering VPC (primary and secondary, from
    /// `ec2:DescribeVpcs`), against `cluster.vpcCidr`.
    ///
    /// ## Why
    ///
    /// The manifest lists only the CIDRs you want routed, but AWS refuses a peering
    /// connection between VPCs with any overlapping CIDR block, including secondary blocks
    /// the manifest does not mention.
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
    ///   vpcCidr: 10.20.0.0/20
    /// peering:
    ///   - vpcId: vpc-0a1b2c3d
    ///     region: us-west-2
    ///     cidrs: [10.10.0.0/16]
    ///     dnsServers: [10.10.0.2]
    /// ```
    ///
    /// When `vpc-0a1b2c3d` also has the secondary block 10.20.8.0/21, inside `cluster.vpcCidr`.
    ///
    /// ## Source
    ///
    /// AWS VPC Peering Guide, "VPC peering limitations".
    id: "peering-vpc-overlap",
    severity: Error,
    kind: Online,
    facts: [PEER_VPCS],
    prerequisite: PEERING,
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    let Some(vpc) = &cx.vpc_cidr else { return };
    let Ok(ours) = &vpc.parsed else { return };
    for (index, vpc_id, _, fact) in peer_vpcs(cx) {
        let Some(Some(peer)) = fact.value() else {
            continue;
        };
        for block in &peer.cidrs {
            let Ok(theirs) = parse_cidr(block) else {
                continue;
            };
            if overlaps(&ours.net, &theirs.net) {
                let pointer = format!("/peering/{index}/vpcId");
                let mut d = cx
                    .finding(
                        &pointer,
                        format!(
                            "VPC {vpc_id} has the CIDR block {}, which overlaps the VPC CIDR {}",
                            theirs.net, ours.net
                        ),
                    )
                    .with_help("choose a VPC CIDR that overlaps none of the peer VPC's CIDR blocks")
                    .with_label("overlapping CIDR block");
                if !vpc.defaulted {
                    d = d.with_related(cx.related(&vpc.pointer, "the VPC CIDR"));
                }
                out.push(d);
            }
        }
    }
}
