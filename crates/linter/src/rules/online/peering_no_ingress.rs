use serde_json::json;

use crate::context::{Context, Emitter};
use crate::peer_network::active;
use crate::registry::rule;

rule! {
    /// No security group of the peer VPC admits traffic from the cluster's CIDR.
    ///
    /// ## What it checks
    ///
    /// For each entry whose peering connection is active, in the entry's account and region
    /// (`ec2:DescribeSecurityGroups`, `ec2:GetManagedPrefixListEntries`): whether any
    /// security group of the peer VPC has an ingress rule (any protocol and port) that covers
    /// `cluster.vpcCidr`:
    ///
    /// - an IPv4 range that contains the whole cluster CIDR;
    /// - a managed prefix list one of whose CIDRs contains it;
    /// - a reference to a security group of the cluster's VPC: one named with this peering
    ///   connection or with the cluster's VPC ID, or a group outside the peer VPC in the
    ///   manifest's account. Across a peering, a reference admits the instances of the
    ///   referenced group, the cluster's nodes among them; it is taken as covering.
    ///
    /// JSON `data`: `peeringConnectionId`, `vpcId`, `securityGroupIds` (the groups looked
    /// at), `clusterCidr`.
    ///
    /// ## Why
    ///
    /// "Configure and validate ... security group rules of your resources": with no group
    /// admitting the cluster, no resource of the peer VPC accepts Astro's connections. A
    /// warning: the groups of the resources Astro needs may be in this VPC yet to come.
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
    /// When the peer VPC has only its default security group (which admits its own members).
    ///
    /// ## Source
    ///
    /// Astronomer's `astro/install-aws-hybrid.md`; Amazon VPC Peering Guide, "Update your
    /// security groups to reference peer security groups".
    id: "peering-no-ingress",
    severity: Warning,
    kind: Online,
    facts: [PEER_NETWORKS, CLUSTER_VPC],
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    for entry in active(cx) {
        if !entry.admitting_groups(cx.account_id).is_empty() {
            continue;
        }
        let groups: Vec<&str> = entry
            .network
            .security_groups
            .iter()
            .map(|g| g.id.as_str())
            .collect();
        out.push(
            cx.finding(
                &format!("/peering/{}/vpcId", entry.index),
                format!(
                    "no security group of {} admits traffic from the cluster's CIDR {} ({} group{} looked at)",
                    entry.request.vpc_id,
                    entry.cluster,
                    groups.len(),
                    if groups.len() == 1 { "" } else { "s" }
                ),
            )
            .with_help(format!(
                "allow {} (or the cluster's security group across {}) in the security groups of the resources Astro reaches",
                entry.cluster, entry.connection.id
            ))
            .with_label("no ingress")
            .with_data(json!({
                "peeringConnectionId": entry.connection.id,
                "vpcId": entry.request.vpc_id,
                "securityGroupIds": groups,
                "clusterCidr": entry.cluster.to_string(),
            })),
        );
    }
}
