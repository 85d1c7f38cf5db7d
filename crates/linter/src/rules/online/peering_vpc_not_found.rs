use crate::context::{Context, Emitter};
use crate::registry::rule;
use crate::request::peering_index;

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
    /// the install. (If the VPC lives in another account, the credentials cannot see it: run
    /// this check with that account's credentials, or suppress it with a reason.)
    ///
    /// ## Source
    ///
    /// AWS EC2 API Reference, `DescribeVpcs` (`InvalidVpcID.NotFound`).
    id: "peering-vpc-not-found",
    severity: Error,
    kind: Online,
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_>) {
    let Some(facts) = cx.facts else { return };
    for (index, fact) in facts.peering.iter().enumerate() {
        if let Some(None) = fact.vpc.value() {
            let pointer = format!("/peering/{}/vpcId", peering_index(cx, index));
            out.push(
                cx.diagnostic(&pointer, format!("VPC {} does not exist in {}", fact.vpc_id, fact.region))
                    .with_help("check the VPC ID and the entry's region")
                    .with_label("not found"),
            );
        }
    }
}
