use crate::cidr::overlaps;
use crate::context::{Context, Emitter};
use crate::registry::rule;

rule! {
    /// The VPC CIDR overlaps a peering CIDR.
    ///
    /// ## What it checks
    ///
    /// Each `peering[].cidrs` entry against `cluster.vpcCidr` (the default when it is not
    /// set); both places are labelled.
    ///
    /// ## Why
    ///
    /// Routes to a peered network that overlaps the cluster's own VPC cannot be created, so
    /// the peering (and with it access to your data sources) fails after the install.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// cluster:
    ///   vpcCidr: 10.10.0.0/20
    /// peering:
    ///   - vpcId: vpc-0a1b2c3d
    ///     region: us-east-1
    ///     cidrs: [10.10.0.0/16]   # contains the VPC CIDR
    ///     dnsServers: [10.10.0.2]
    /// ```
    ///
    /// ## Source
    ///
    /// AWS VPC Peering Guide, "VPC peering limitations" (no overlapping CIDR blocks);
    /// Astronomer's `astro/install-aws-hybrid.md`.
    id: "cidr-overlap",
    severity: Error,
    kind: Offline,
    prerequisite: PEERING,
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    let Some(vpc) = &cx.vpc_cidr else { return };
    let Ok(vpc_net) = &vpc.parsed else { return };
    for peer in &cx.peering_cidrs {
        let Ok(peer_net) = &peer.parsed else { continue };
        if !overlaps(&vpc_net.net, &peer_net.net) {
            continue;
        }
        let message = format!(
            "VPC CIDR {} overlaps peering CIDR {}",
            vpc_net.net, peer_net.net
        );
        // The VPC CIDR is the subject; when it is defaulted, point at the peering CIDR instead.
        let d = if vpc.defaulted {
            cx.finding(&peer.pointer, message)
                .with_label("overlaps the default VPC CIDR")
        } else {
            cx.finding(&vpc.pointer, message)
                .with_label("the VPC CIDR")
                .with_related(cx.related(&peer.pointer, "overlaps this peering CIDR"))
        };
        out.push(
            d.with_help("choose a VPC CIDR that shares no address with the networks you peer with"),
        );
    }
}
