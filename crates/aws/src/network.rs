//! The gatherers of the network facts of a request once its cluster exists: the cluster's VPC
//! (in the manifest's account and region) and, for each peering entry, in the peer's account
//! and region, the peering connections with the cluster's VPC and, once one is active, the
//! peer VPC's subnets, route tables, network ACLs and security groups (with the managed prefix
//! lists their ingress rules name).

use std::collections::{BTreeMap, BTreeSet};

use astro_preflight_facts::peering::{
    AclEntry, ClusterVpc, GroupRef, Ingress, NetworkAcl, PeerNetwork, PeeringConnection, Route,
    RouteTable, SecurityGroup, Subnet,
};
use astro_preflight_facts::registry::{Each, peering_key};
use astro_preflight_facts::{Fact, FactError, PeeringRequest, actions};
use aws_sdk_ec2::types::VpcPeeringConnectionVpcInfo;

use crate::budget::Budget;
use crate::calls::RequestCx;
use crate::sdk::{each_page, filter, join_all};

/// `ec2:DescribeVpcs` in the manifest's region, for a VPC whose CIDR is the cluster's: the
/// cluster's VPC once Astronomer has installed it, `None` before. Skipped when the request
/// names no CIDR (a facts request of an older release).
pub(crate) async fn cluster_vpc(cx: &RequestCx<'_>) -> Fact<Option<ClusterVpc>> {
    let Some(cidr) = cx.request.vpc_cidr.as_deref() else {
        return Fact::Skipped;
    };
    let action = actions::EC2_DESCRIBE_VPCS;
    let ec2: aws_sdk_ec2::Client = cx.clients.in_region(&cx.request.region);
    let pages = ec2
        .describe_vpcs()
        .filters(filter("cidr-block-association.cidr-block", [cidr]))
        .into_paginator()
        .send();
    let mut found = BTreeSet::new();
    let listed: Result<(), FactError> = each_page!(cx.budget, action, pages, |page| {
        for vpc in page.vpcs() {
            let holds = vpc.cidr_block() == Some(cidr)
                || vpc
                    .cidr_block_association_set()
                    .iter()
                    .any(|a| a.cidr_block() == Some(cidr));
            if let (true, Some(id)) = (holds, vpc.vpc_id()) {
                found.insert(id.to_owned());
            }
        }
    });
    match listed {
        Ok(()) => Fact::ok(found.into_iter().next().map(|vpc_id| ClusterVpc { vpc_id })),
        Err(error) => Fact::failed(error),
    }
}

/// Each peering entry's network, in the peer's account and region, all at once (see
/// [`peer_network`]). Skipped when the request names no cluster CIDR.
pub(crate) async fn peer_networks(cx: &RequestCx<'_>) -> Each<PeerNetwork> {
    let Some(cidr) = cx.request.vpc_cidr.as_deref() else {
        return Fact::Skipped;
    };
    let entries = cx.request.peering.iter().map(|p| async move {
        let key = peering_key(&p.region, &p.vpc_id);
        let fact = match cx.peer_clients(p) {
            Ok(clients) => {
                let ec2: aws_sdk_ec2::Client = clients.in_region(&p.region);
                let cluster = ClusterSide {
                    account_id: &cx.request.account_id,
                    region: &cx.request.region,
                    cidr,
                };
                match peer_network(&ec2, cx.budget, p, &cluster).await {
                    Ok(network) => Fact::ok(network),
                    Err(error) => Fact::failed(error),
                }
            }
            Err(error) => Fact::failed(error.clone()),
        };
        (key, fact)
    });
    Fact::ok(
        join_all(entries)
            .await
            .into_iter()
            .collect::<BTreeMap<_, _>>(),
    )
}

/// What identifies the cluster's side of a peering connection.
struct ClusterSide<'a> {
    account_id: &'a str,
    region: &'a str,
    cidr: &'a str,
}

impl ClusterSide<'_> {
    /// Whether a side of a connection is the cluster's VPC: the manifest's account, the
    /// cluster's region (when AWS says) and the cluster's CIDR.
    fn is(&self, side: &VpcPeeringConnectionVpcInfo) -> bool {
        side.owner_id().is_none_or(|o| o == self.account_id)
            && side.region().is_none_or(|r| r == self.region)
            && (side.cidr_block() == Some(self.cidr)
                || side
                    .cidr_block_set()
                    .iter()
                    .any(|c| c.cidr_block() == Some(self.cidr)))
    }
}

/// The states of a connection that is gone or never was.
const ENDED: [&str; 5] = ["deleted", "deleting", "rejected", "failed", "expired"];

/// One peering entry: the connections between its VPC and the cluster's; then, when one is
/// active, the peer VPC's network.
async fn peer_network(
    ec2: &aws_sdk_ec2::Client,
    budget: &Budget,
    peer: &PeeringRequest,
    cluster: &ClusterSide<'_>,
) -> Result<PeerNetwork, FactError> {
    let connections = connections(ec2, budget, peer, cluster).await?;
    let mut network = PeerNetwork {
        connections,
        ..PeerNetwork::default()
    };
    if !network.connections.iter().any(PeeringConnection::is_active) {
        return Ok(network);
    }
    let vpc = peer.vpc_id.as_str();
    let (subnets, route_tables, network_acls, security_groups) = tokio::join!(
        subnets(ec2, budget, vpc),
        route_tables(ec2, budget, vpc),
        network_acls(ec2, budget, vpc),
        security_groups(ec2, budget, vpc),
    );
    network.subnets = subnets?;
    network.route_tables = route_tables?;
    network.network_acls = network_acls?;
    network.security_groups = security_groups?;
    let named: BTreeSet<&str> = network
        .security_groups
        .iter()
        .flat_map(|g| &g.ingress)
        .flat_map(|i| &i.prefix_lists)
        .map(String::as_str)
        .collect();
    let lists = join_all(named.into_iter().map(|id| async move {
        prefix_list(ec2, budget, id)
            .await
            .map(|cidrs| (id.to_owned(), cidrs))
    }))
    .await;
    for list in lists {
        let (id, cidrs) = list?;
        network.prefix_lists.insert(id, cidrs);
    }
    Ok(network)
}

/// `ec2:DescribeVpcPeeringConnections`: those between the peer VPC and the cluster's, that
/// have not ended.
async fn connections(
    ec2: &aws_sdk_ec2::Client,
    budget: &Budget,
    peer: &PeeringRequest,
    cluster: &ClusterSide<'_>,
) -> Result<Vec<PeeringConnection>, FactError> {
    let action = actions::EC2_DESCRIBE_VPC_PEERING_CONNECTIONS;
    let pages = ec2
        .describe_vpc_peering_connections()
        .into_paginator()
        .send();
    let mut found = Vec::new();
    each_page!(budget, action, pages, |page| {
        for pcx in page.vpc_peering_connections() {
            let (Some(id), Some(requester), Some(accepter)) = (
                pcx.vpc_peering_connection_id(),
                pcx.requester_vpc_info(),
                pcx.accepter_vpc_info(),
            ) else {
                continue;
            };
            let status = pcx
                .status()
                .and_then(|s| s.code())
                .map_or("", |c| c.as_str());
            if ENDED.contains(&status) {
                continue;
            }
            let (cluster_side, cluster_requested) =
                if requester.vpc_id() != Some(peer.vpc_id.as_str()) && cluster.is(requester) {
                    (requester, true)
                } else if cluster.is(accepter) && accepter.vpc_id() != Some(peer.vpc_id.as_str()) {
                    (accepter, false)
                } else {
                    continue;
                };
            let peer_side = if cluster_requested {
                accepter
            } else {
                requester
            };
            if peer_side.vpc_id() != Some(peer.vpc_id.as_str()) {
                continue;
            }
            found.push(PeeringConnection {
                id: id.to_owned(),
                status: status.to_owned(),
                cluster_vpc_id: cluster_side.vpc_id().unwrap_or_default().to_owned(),
                cluster_requested,
                dns_resolution_from_peer: cluster_side
                    .peering_options()
                    .and_then(|o| o.allow_dns_resolution_from_remote_vpc()),
            });
        }
    })?;
    found.sort_by(|a, b| a.id.cmp(&b.id));
    found.dedup_by(|a, b| a.id == b.id);
    Ok(found)
}

/// `ec2:DescribeSubnets` of the VPC.
async fn subnets(
    ec2: &aws_sdk_ec2::Client,
    budget: &Budget,
    vpc: &str,
) -> Result<Vec<Subnet>, FactError> {
    let action = actions::EC2_DESCRIBE_SUBNETS;
    let pages = ec2
        .describe_subnets()
        .filters(filter("vpc-id", [vpc]))
        .into_paginator()
        .send();
    let mut out = Vec::new();
    each_page!(budget, action, pages, |page| {
        out.extend(page.subnets().iter().filter_map(|s| {
            Some(Subnet {
                id: s.subnet_id()?.to_owned(),
                cidr: s.cidr_block()?.to_owned(),
            })
        }));
    })?;
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

/// `ec2:DescribeRouteTables` of the VPC.
async fn route_tables(
    ec2: &aws_sdk_ec2::Client,
    budget: &Budget,
    vpc: &str,
) -> Result<Vec<RouteTable>, FactError> {
    let action = actions::EC2_DESCRIBE_ROUTE_TABLES;
    let pages = ec2
        .describe_route_tables()
        .filters(filter("vpc-id", [vpc]))
        .into_paginator()
        .send();
    let mut out = Vec::new();
    each_page!(budget, action, pages, |page| {
        for table in page.route_tables() {
            let Some(id) = table.route_table_id() else {
                continue;
            };
            let associations = table.associations();
            let mut subnets: Vec<String> = associations
                .iter()
                .filter_map(|a| a.subnet_id())
                .map(str::to_owned)
                .collect();
            subnets.sort();
            let routes = table
                .routes()
                .iter()
                .filter_map(|r| {
                    Some(Route {
                        destination: r.destination_cidr_block()?.to_owned(),
                        target: [
                            r.vpc_peering_connection_id(),
                            r.transit_gateway_id(),
                            r.gateway_id(),
                            r.nat_gateway_id(),
                            r.network_interface_id(),
                            r.instance_id(),
                            r.local_gateway_id(),
                            r.carrier_gateway_id(),
                            r.egress_only_internet_gateway_id(),
                            r.core_network_arn(),
                        ]
                        .into_iter()
                        .flatten()
                        .next()
                        .unwrap_or_default()
                        .to_owned(),
                        state: r.state().map_or("active", |s| s.as_str()).to_owned(),
                    })
                })
                .collect();
            out.push(RouteTable {
                id: id.to_owned(),
                main: associations.iter().any(|a| a.main() == Some(true)),
                subnets,
                routes,
            });
        }
    })?;
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

/// `ec2:DescribeNetworkAcls` of the VPC.
async fn network_acls(
    ec2: &aws_sdk_ec2::Client,
    budget: &Budget,
    vpc: &str,
) -> Result<Vec<NetworkAcl>, FactError> {
    let action = actions::EC2_DESCRIBE_NETWORK_ACLS;
    let pages = ec2
        .describe_network_acls()
        .filters(filter("vpc-id", [vpc]))
        .into_paginator()
        .send();
    let mut out = Vec::new();
    each_page!(budget, action, pages, |page| {
        for acl in page.network_acls() {
            let Some(id) = acl.network_acl_id() else {
                continue;
            };
            let mut subnets: Vec<String> = acl
                .associations()
                .iter()
                .filter_map(|a| a.subnet_id())
                .map(str::to_owned)
                .collect();
            subnets.sort();
            let mut entries: Vec<AclEntry> = acl
                .entries()
                .iter()
                .filter_map(|e| {
                    Some(AclEntry {
                        rule_number: e.rule_number()?,
                        egress: e.egress().unwrap_or(false),
                        allow: e.rule_action()?.as_str() == "allow",
                        protocol: e.protocol().unwrap_or("-1").to_owned(),
                        cidr: e.cidr_block()?.to_owned(),
                    })
                })
                .collect();
            entries.sort_by_key(|e| (e.egress, e.rule_number));
            out.push(NetworkAcl {
                id: id.to_owned(),
                default: acl.is_default() == Some(true),
                subnets,
                entries,
            });
        }
    })?;
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

/// `ec2:DescribeSecurityGroups` of the VPC, with their ingress rules.
async fn security_groups(
    ec2: &aws_sdk_ec2::Client,
    budget: &Budget,
    vpc: &str,
) -> Result<Vec<SecurityGroup>, FactError> {
    let action = actions::EC2_DESCRIBE_SECURITY_GROUPS;
    let pages = ec2
        .describe_security_groups()
        .filters(filter("vpc-id", [vpc]))
        .into_paginator()
        .send();
    let mut out = Vec::new();
    each_page!(budget, action, pages, |page| {
        for group in page.security_groups() {
            let Some(id) = group.group_id() else {
                continue;
            };
            let ingress = group
                .ip_permissions()
                .iter()
                .map(|p| Ingress {
                    protocol: p.ip_protocol().unwrap_or("-1").to_owned(),
                    from_port: p.from_port(),
                    to_port: p.to_port(),
                    cidrs: p
                        .ip_ranges()
                        .iter()
                        .filter_map(|r| r.cidr_ip())
                        .map(str::to_owned)
                        .collect(),
                    prefix_lists: p
                        .prefix_list_ids()
                        .iter()
                        .filter_map(|l| l.prefix_list_id())
                        .map(str::to_owned)
                        .collect(),
                    groups: p
                        .user_id_group_pairs()
                        .iter()
                        .filter_map(|g| {
                            Some(GroupRef {
                                group_id: g.group_id()?.to_owned(),
                                user_id: g.user_id().map(str::to_owned),
                                vpc_id: g.vpc_id().map(str::to_owned),
                                peering_connection_id: g
                                    .vpc_peering_connection_id()
                                    .map(str::to_owned),
                            })
                        })
                        .collect(),
                })
                .collect();
            out.push(SecurityGroup {
                id: id.to_owned(),
                name: group.group_name().unwrap_or_default().to_owned(),
                ingress,
            });
        }
    })?;
    out.sort_by(|a, b| a.id.cmp(&b.id));
    Ok(out)
}

/// `ec2:GetManagedPrefixListEntries`: a prefix list's CIDRs.
async fn prefix_list(
    ec2: &aws_sdk_ec2::Client,
    budget: &Budget,
    id: &str,
) -> Result<Vec<String>, FactError> {
    let action = actions::EC2_GET_MANAGED_PREFIX_LIST_ENTRIES;
    let pages = ec2
        .get_managed_prefix_list_entries()
        .prefix_list_id(id)
        .into_paginator()
        .send();
    let mut out = Vec::new();
    each_page!(budget, action, pages, |page| {
        out.extend(
            page.entries()
                .iter()
                .filter_map(|e| e.cidr())
                .map(str::to_owned),
        );
    })?;
    Ok(out)
}
