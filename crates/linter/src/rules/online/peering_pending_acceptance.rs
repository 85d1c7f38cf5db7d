use crate::context::{Context, Emitter};
use crate::peer_network::connections;
use crate::registry::rule;

rule! {
    /// The peering connection waits for the customer's acceptance.
    ///
    /// ## What it checks
    ///
    /// The status of the peering connection between each entry's VPC and the cluster's VPC
    /// (`ec2:DescribeVpcPeeringConnections` in the entry's account and region):
    /// `pending-acceptance` (or still `initiating-request`). The help gives the command that
    /// accepts it, with its ID and the region to run it in; JSON `data` carries
    /// `peeringConnectionId`, `status`, `region` and `accountId`.
    ///
    /// ## Why
    ///
    /// Astronomer requests the peering from the cluster's VPC; the owner of the peer VPC must
    /// accept it within 7 days, or it expires. Until then no traffic flows.
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
    /// When the connection Astronomer requested is still `pending-acceptance`.
    ///
    /// ## Source
    ///
    /// Astronomer's `astro/install-aws-hybrid.md` (accept the peering request); Amazon VPC
    /// Peering Guide, "Accept a VPC peering connection".
    id: "peering-pending-acceptance",
    severity: Error,
    kind: Online,
    facts: [PEER_NETWORKS, CLUSTER_VPC],
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    for (index, request, connection) in connections(cx) {
        let Some(connection) = connection.filter(|c| c.is_pending()) else {
            continue;
        };
        // The accepter accepts, in its own region: the peer's, when the cluster requested.
        let region = if connection.cluster_requested {
            request.region.as_str()
        } else {
            cx.region.map_or(request.region.as_str(), |r| r.value)
        };
        let account = request
            .account_id
            .as_deref()
            .or(cx.account_id)
            .unwrap_or_default();
        out.push(
            cx.finding(
                &format!("/peering/{index}/vpcId"),
                format!(
                    "the peering connection {} between the cluster's VPC {} and {} is {}: it waits for acceptance in account {account}",
                    connection.id, connection.cluster_vpc_id, request.vpc_id, connection.status
                ),
            )
            .with_help(format!(
                "accept it with the credentials of account {account}: `aws ec2 accept-vpc-peering-connection --vpc-peering-connection-id {} --region {region}`",
                connection.id
            ))
            .with_label("not accepted")
            .with_data(serde_json::json!({
                "peeringConnectionId": connection.id,
                "status": connection.status,
                "region": region,
                "accountId": account,
            })),
        );
    }
}
