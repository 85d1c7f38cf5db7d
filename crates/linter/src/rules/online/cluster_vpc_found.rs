use crate::context::{Context, Emitter, VPC_CIDR};
use crate::peer_network::cluster_vpc;
use crate::registry::rule;

use super::region_name;

rule! {
    /// The cluster's VPC exists: the install is done, so the rules about an account before
    /// the install do not apply, and the peering rules do.
    ///
    /// ## What it checks
    ///
    /// `ec2:DescribeVpcs` in `account.id` and `cluster.region` for a VPC whose CIDR is
    /// `cluster.vpcCidr`: the VPC Astronomer creates for the cluster. When it exists, one
    /// note names it, and `account-not-empty`, `quota-on-demand`, `quota-spot` and
    /// `quota-capacity` do not run (the account holds Astronomer's own cluster, and the
    /// cluster runs within its quotas), while the peering rules (`peering-pending-acceptance`,
    /// `peering-route-missing`, `peering-nacl-blocks`, `peering-no-ingress`,
    /// `peering-dns-resolution-off`) check each peering entry.
    ///
    /// ## Why
    ///
    /// One manifest and one CI job from onboarding to operation: before the install the run
    /// checks the account is ready, after it that the network towards the customer's VPCs
    /// works.
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
    /// ```
    ///
    /// In an account that holds a VPC with the CIDR 10.20.0.0/20 in us-east-1.
    ///
    /// ## Source
    ///
    /// Astronomer's `astro/install-aws-hybrid.md` (the cluster's VPC is created with the CIDR
    /// given to Astronomer).
    id: "cluster-vpc-found",
    severity: Info,
    kind: Online,
    facts: [CLUSTER_VPC],
    check: check,
}

/// Whether the facts show the cluster's VPC: the install is done.
pub(crate) fn installed(cx: &Context<'_>) -> bool {
    cluster_vpc(cx).is_some()
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    let Some(vpc) = cluster_vpc(cx) else { return };
    let cidr = cx.vpc_cidr.as_ref().map_or("", |c| c.text);
    out.push(
        cx.finding(
            VPC_CIDR,
            format!(
                "the cluster's VPC {vpc} ({cidr}) exists in {}: the install is done, so account-not-empty and the quota rules do not apply; the peering rules do",
                region_name(cx)
            ),
        )
        .with_label("installed")
        .with_data(serde_json::json!({ "vpcId": vpc })),
    );
}
