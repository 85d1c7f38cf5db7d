use crate::context::{Context, Emitter};
use crate::peer_network::connections;
use crate::registry::rule;

rule! {
    /// A peering entry has no peering connection with the cluster's VPC yet: the peering rules
    /// do not apply to it.
    ///
    /// ## What it checks
    ///
    /// `ec2:DescribeVpcPeeringConnections` in each entry's account (`peering[].accountId`,
    /// by default `account.id`) and region, for a connection between the entry's `vpcId` and
    /// the cluster's VPC (the manifest's account, `cluster.region` and `cluster.vpcCidr`)
    /// that has not been deleted, rejected or expired. When an entry has none, one note
    /// (once per manifest) names the entries without one.
    ///
    /// ## Why
    ///
    /// Astronomer requests the peering after the install. Before it, no connection is
    /// expected, and nothing about routes, network ACLs or security groups can be checked
    /// yet.
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
    /// Before Astronomer has requested the peering.
    ///
    /// ## Source
    ///
    /// Astronomer's `astro/install-aws-hybrid.md` ("When VPC peering with Astronomer is
    /// complete...").
    id: "peering-not-established",
    severity: Info,
    kind: Online,
    facts: [PEER_NETWORKS, CLUSTER_VPC],
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    let none: Vec<(usize, String)> = connections(cx)
        .into_iter()
        .filter(|(_, _, c)| c.is_none())
        .map(|(index, request, _)| (index, format!("{} in {}", request.vpc_id, request.region)))
        .collect();
    let Some((first, _)) = none.first() else {
        return;
    };
    let names: Vec<&str> = none.iter().map(|(_, n)| n.as_str()).collect();
    let vpcs: Vec<serde_json::Value> = none
        .iter()
        .map(|(index, _)| serde_json::json!(index))
        .collect();
    out.push(
        cx.finding(
            &format!("/peering/{first}/vpcId"),
            format!(
                "no peering connection with the cluster's VPC yet for {}: the peering rules do not apply to {} until Astronomer requests it",
                names.join(", "),
                if none.len() == 1 { "it" } else { "them" }
            ),
        )
        .with_label("not peered yet")
        .with_data(serde_json::json!({ "entries": vpcs })),
    );
}
