use serde_json::json;

use crate::cidr::parse_cidr;
use crate::context::{Context, Emitter};
use crate::peer_network::active;
use crate::registry::rule;

rule! {
    /// A route table of the peer VPC has no route to the cluster's CIDR through the peering
    /// connection.
    ///
    /// ## What it checks
    ///
    /// For each entry whose peering connection is active, in the entry's account and region
    /// (`ec2:DescribeSubnets`, `ec2:DescribeRouteTables`): each subnet of the peer VPC within
    /// the entry's `cidrs` (all of them when none is) is served by its explicitly associated
    /// route table, else by the VPC's main table. The route each table takes for
    /// `cluster.vpcCidr` is the longest prefix among the routes whose destination contains
    /// it; it must go through the peering connection and be active. A more specific route to
    /// part of the cluster's CIDR through something else takes that part: it is reported as
    /// the route taken. One diagnostic per route
    /// table, naming the subnets it serves; a route through another target (an internet
    /// gateway, a transit gateway, a NAT gateway) or a blackhole is named as such. JSON
    /// `data`: `peeringConnectionId`, `routeTableId`, `subnetIds`, `clusterCidr`, and the
    /// route taken (`destination`, `target`, `state`) or `null`.
    ///
    /// ## Why
    ///
    /// "When VPC peering with Astronomer is complete, configure and validate ... egress
    /// routes on Astronomer route table": without a route back to the cluster's CIDR through
    /// the peering, replies from the peer VPC never reach Astro.
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
    /// When the peer VPC's main route table has no route to 10.20.0.0/20.
    ///
    /// ## Source
    ///
    /// Astronomer's `astro/install-aws-hybrid.md`; Amazon VPC Peering Guide, "Update your
    /// route tables for a VPC peering connection"; Amazon VPC User Guide, "Route priority"
    /// (longest prefix match).
    id: "peering-route-missing",
    severity: Error,
    kind: Online,
    facts: [PEER_NETWORKS, CLUSTER_VPC],
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    for entry in active(cx) {
        let pcx = entry.connection.id.as_str();
        for (table, subnets) in entry.route_tables() {
            let route = entry.route(table);
            let (why, label) = match route {
                Some(r) if r.target == pcx && r.state == "active" => continue,
                Some(r) if r.target == pcx => (
                    format!("its route {} through {pcx} is {}", r.destination, r.state),
                    "route not active",
                ),
                Some(r) => (
                    format!(
                        "it sends {}the cluster's CIDR through {} (route {}{}), not through the peering connection {pcx}",
                        if parse_cidr(&r.destination)
                            .is_ok_and(|n| n.net.prefix_len() > entry.cluster.prefix_len())
                        {
                            "part of "
                        } else {
                            ""
                        },
                        if r.target.is_empty() {
                            "no target"
                        } else {
                            r.target.as_str()
                        },
                        r.destination,
                        if r.state == "active" {
                            String::new()
                        } else {
                            format!(", {}", r.state)
                        }
                    ),
                    "wrong route target",
                ),
                None => (
                    format!("it has no route to the cluster's CIDR {}", entry.cluster),
                    "no route",
                ),
            };
            let main = if table.main { " (main)" } else { "" };
            let serves = match subnets.len() {
                0 => String::new(),
                1 => format!(", serving subnet {}", subnets[0]),
                _ => format!(", serving subnets {}", subnets.join(", ")),
            };
            out.push(
                cx.finding(
                    &format!("/peering/{}/vpcId", entry.index),
                    format!(
                        "route table {}{main} of {}{serves}: {why}",
                        table.id, entry.request.vpc_id
                    ),
                )
                .with_help(format!(
                    "add the route in the peer's account: `aws ec2 create-route --route-table-id {} --destination-cidr-block {} --vpc-peering-connection-id {pcx} --region {}`",
                    table.id, entry.cluster, entry.request.region
                ))
                .with_label(label)
                .with_data(json!({
                    "peeringConnectionId": pcx,
                    "routeTableId": table.id,
                    "main": table.main,
                    "subnetIds": subnets,
                    "clusterCidr": entry.cluster.to_string(),
                    "route": route.map(|r| json!({
                        "destination": r.destination,
                        "target": r.target,
                        "state": r.state,
                    })),
                })),
            );
        }
    }
}
