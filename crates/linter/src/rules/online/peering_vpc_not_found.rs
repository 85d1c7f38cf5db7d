use crate::context::{Context, Emitter};
use crate::registry::rule;

use super::peer_vpcs;

rule! {
    /// A peering VPC does not exist in its region.
    ///
    /// ## What it checks
    ///
    /// `ec2:DescribeVpcs` for each `peering[].vpcId` in that entry's `region`, with the
    /// credentials in use.
    ///
    /// ## Why
    ///
    /// A wrong VPC ID or region only shows when the peering connection is requested, after
    /// the install. (If the VPC lives in another account, name it in `peering[].accountId` and
    /// run with `--assume-role`, so that the VPC is looked up in that account.)
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
    /// When us-west-2 has no `vpc-0a1b2c3d` visible to the credentials.
    ///
    /// ## Source
    ///
    /// AWS EC2 API Reference, `DescribeVpcs` (`InvalidVpcID.NotFound`).
    id: "peering-vpc-not-found",
    severity: Error,
    kind: Online,
    facts: [PEER_VPCS],
    prerequisite: PEERING,
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    for (index, vpc_id, region, fact) in peer_vpcs(cx) {
        if let Some(None) = fact.value() {
            let pointer = format!("/peering/{index}/vpcId");
            let other = cx
                .peering
                .iter()
                .find(|p| p.index == index)
                .and_then(|p| p.account_id)
                .filter(|a| Some(*a) != cx.account_id);
            let help = match other {
                Some(account) => format!(
                    "check the VPC ID and the entry's region; the VPC is in account {account}: run with `--assume-role` so that it is looked up there"
                ),
                None => "check the VPC ID and the entry's region".to_owned(),
            };
            out.push(
                cx.finding(&pointer, format!("VPC {vpc_id} does not exist in {region}"))
                    .with_help(help)
                    .with_label("not found"),
            );
        }
    }
}
