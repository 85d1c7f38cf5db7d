//! The peer's side of a peering entry after the install: the peering connections between the
//! cluster's VPC and the peer VPC, and the peer VPC's subnets, route tables, network ACLs and
//! security groups, as the peer's account sees them in the peer's region.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The cluster's VPC: the VPC of `account.id` in `cluster.region` whose CIDR is
/// `cluster.vpcCidr` (`ec2:DescribeVpcs`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClusterVpc {
    pub vpc_id: String,
}

/// What the peer's account shows of one peering entry.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PeerNetwork {
    /// The peering connections between the peer VPC and a VPC of the manifest's account, in
    /// the cluster's region, whose CIDR is the cluster's (every state but `deleted`,
    /// `rejected`, `failed` and `expired`).
    pub connections: Vec<PeeringConnection>,
    /// The rest is asked only when a connection is active; empty otherwise.
    #[serde(default)]
    pub subnets: Vec<Subnet>,
    #[serde(default)]
    pub route_tables: Vec<RouteTable>,
    #[serde(default)]
    pub network_acls: Vec<NetworkAcl>,
    #[serde(default)]
    pub security_groups: Vec<SecurityGroup>,
    /// The CIDRs of each managed prefix list an ingress rule names.
    #[serde(default)]
    pub prefix_lists: BTreeMap<String, Vec<String>>,
}

impl PeerNetwork {
    /// The connection to check: the active one, else the pending one, else any; with the
    /// cluster's VPC ID when it is known, a connection of that VPC only.
    pub fn connection(&self, cluster_vpc: Option<&str>) -> Option<&PeeringConnection> {
        let candidates = || {
            self.connections
                .iter()
                .filter(move |c| cluster_vpc.is_none_or(|id| c.cluster_vpc_id == id))
        };
        candidates()
            .find(|c| c.is_active())
            .or_else(|| candidates().find(|c| c.is_pending()))
            .or_else(|| candidates().next())
    }
}

/// A VPC peering connection (`ec2:DescribeVpcPeeringConnections`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PeeringConnection {
    /// `pcx-...`
    pub id: String,
    /// AWS's status code: `pending-acceptance`, `provisioning`, `active`...
    pub status: String,
    /// The cluster's side.
    pub cluster_vpc_id: String,
    /// Whether the cluster's VPC requested the connection (Astronomer does).
    pub cluster_requested: bool,
    /// The cluster side's `AllowDnsResolutionFromRemoteVpc`: the peer VPC resolves the cluster
    /// VPC's private DNS names. `None` when AWS does not say (the connection is not active).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_resolution_from_peer: Option<bool>,
}

impl PeeringConnection {
    pub fn is_active(&self) -> bool {
        self.status == "active"
    }

    /// Waiting for the accepter's owner (`pending-acceptance`) or for AWS (`initiating-request`).
    pub fn is_pending(&self) -> bool {
        matches!(
            self.status.as_str(),
            "pending-acceptance" | "initiating-request"
        )
    }
}

/// A subnet of the peer VPC (`ec2:DescribeSubnets`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Subnet {
    pub id: String,
    pub cidr: String,
}

/// A route table of the peer VPC (`ec2:DescribeRouteTables`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RouteTable {
    pub id: String,
    /// The VPC's main route table: it serves every subnet without an explicit association.
    pub main: bool,
    /// The subnets explicitly associated with it.
    pub subnets: Vec<String>,
    /// Its IPv4 routes to CIDR destinations.
    pub routes: Vec<Route>,
}

/// One route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Route {
    pub destination: String,
    /// The target's ID (`pcx-...`, `igw-...`, `tgw-...`, `nat-...`, `local`...); empty when AWS
    /// names none.
    pub target: String,
    /// `active` or `blackhole`.
    pub state: String,
}

/// A network ACL of the peer VPC (`ec2:DescribeNetworkAcls`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct NetworkAcl {
    pub id: String,
    /// The VPC's default network ACL: it serves every subnet not associated with another.
    pub default: bool,
    /// The subnets associated with it.
    pub subnets: Vec<String>,
    /// Its IPv4 entries, both directions.
    pub entries: Vec<AclEntry>,
}

/// One entry of a network ACL.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AclEntry {
    /// 1 to 32766; 32767 is the default `*` entry.
    pub rule_number: i32,
    /// Outbound (`true`) or inbound.
    pub egress: bool,
    /// `allow` (`true`) or `deny`.
    pub allow: bool,
    /// `-1` (all), or an IP protocol number.
    pub protocol: String,
    pub cidr: String,
}

/// A security group of the peer VPC (`ec2:DescribeSecurityGroups`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SecurityGroup {
    pub id: String,
    pub name: String,
    /// Its ingress rules.
    pub ingress: Vec<Ingress>,
}

/// One ingress permission of a security group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Ingress {
    /// `-1` (all), `tcp`, `udp`, `icmp`, or a number.
    pub protocol: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from_port: Option<i32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to_port: Option<i32>,
    /// IPv4 ranges.
    #[serde(default)]
    pub cidrs: Vec<String>,
    /// Managed prefix list IDs.
    #[serde(default)]
    pub prefix_lists: Vec<String>,
    /// Referenced security groups.
    #[serde(default)]
    pub groups: Vec<GroupRef>,
}

/// A security group an ingress rule references.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct GroupRef {
    pub group_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub peering_connection_id: Option<String>,
}
