use serde_json::json;

use crate::context::{Context, Emitter};
use crate::peer_network::connections;
use crate::registry::rule;

rule! {
    /// The peering does not let the peer VPC resolve the cluster VPC's private DNS names,
    /// while the entry gives DNS servers.
    ///
    /// ## What it checks
    ///
    /// For each entry with `dnsServers` whose peering connection is active: the cluster
    /// side's `AllowDnsResolutionFromRemoteVpc` option of the connection
    /// (`ec2:DescribeVpcPeeringConnections`). JSON `data`: `peeringConnectionId`,
    /// `dnsServers`.
    ///
    /// ## Why
    ///
    /// DNS servers in the peer VPC that resolve names of the cluster's VPC get its public
    /// addresses, not its private ones, unless the peering allows DNS resolution from the
    /// remote VPC: traffic then leaves the peering.
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
    /// When the active connection's DNS resolution option is off.
    ///
    /// ## Source
    ///
    /// Amazon VPC Peering Guide, "Enable DNS resolution for a VPC peering connection".
    id: "peering-dns-resolution-off",
    severity: Warning,
    kind: Online,
    facts: [PEER_NETWORKS, CLUSTER_VPC],
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    for (index, _, connection) in connections(cx) {
        let Some(connection) = connection.filter(|c| c.is_active()) else {
            continue;
        };
        if connection.dns_resolution_from_peer != Some(false) {
            continue;
        }
        let dns: Vec<&str> = cx
            .dns_servers
            .iter()
            .filter(|d| d.entry == index)
            .map(|d| d.text)
            .collect();
        if dns.is_empty() {
            continue;
        }
        let side = if connection.cluster_requested {
            "requester"
        } else {
            "accepter"
        };
        let region = cx.region.map_or("", |r| r.value);
        out.push(
            cx.finding(
                &format!("/peering/{index}/dnsServers"),
                format!(
                    "the peering connection {} does not let this VPC resolve the cluster VPC's private DNS names (AllowDnsResolutionFromRemoteVpc is off on the cluster's side), while DNS servers are given",
                    connection.id
                ),
            )
            .with_help(format!(
                "ask Astronomer to enable it, or in the cluster's account: `aws ec2 modify-vpc-peering-connection-options --vpc-peering-connection-id {} --{side}-peering-connection-options AllowDnsResolutionFromRemoteVpc=true --region {region}`",
                connection.id
            ))
            .with_label("DNS resolution off")
            .with_data(json!({
                "peeringConnectionId": connection.id,
                "dnsServers": dns,
            })),
        );
    }
}
