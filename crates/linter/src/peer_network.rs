//! How AWS treats traffic between the cluster's VPC and a peer VPC, evaluated over the peer's
//! network as its account shows it (`astro_preflight_facts::peering`): which route table
//! serves each subnet and where it sends the cluster's CIDR, what each network ACL decides for
//! traffic from and to the cluster's CIDR, and whether a security group admits it. The
//! peering rules (`rules/online/peering_*.rs`) report what these functions find.

use std::collections::BTreeMap;

use astro_preflight_facts::peering::{
    NetworkAcl, PeerNetwork, PeeringConnection, Route, RouteTable, SecurityGroup,
};
use astro_preflight_facts::registry::peering_key;
use astro_preflight_facts::{Fact, PeeringRequest};
use ipnet::Ipv4Net;

use crate::cidr::{contains, overlaps, parse_cidr};
use crate::context::Context;
use crate::request::requested_peering;

/// The number of a network ACL's default `*` entry, which denies what no other entry decides.
pub const DEFAULT_ACL_RULE: i32 = 32767;

/// A peering entry whose connection with the cluster's VPC is active, with what is needed to
/// evaluate its network.
pub struct Active<'a> {
    /// The entry's index in the manifest.
    pub index: usize,
    pub request: PeeringRequest,
    pub network: &'a PeerNetwork,
    pub connection: &'a PeeringConnection,
    /// The cluster's VPC CIDR.
    pub cluster: Ipv4Net,
    /// The entry's CIDRs that parse.
    pub cidrs: Vec<Ipv4Net>,
}

/// Each peering entry asked about, with its network fact: its index, request and fact.
pub fn entries<'a>(cx: &'a Context<'_>) -> Vec<(usize, PeeringRequest, &'a Fact<PeerNetwork>)> {
    let Some(map) = cx.facts.and_then(|f| f.peer_networks.value()) else {
        return Vec::new();
    };
    requested_peering(cx)
        .filter_map(|(index, p)| {
            let fact = map.get(&peering_key(&p.region, &p.vpc_id))?;
            Some((index, p, fact))
        })
        .collect()
}

/// The cluster's VPC ID, once the facts show it exists.
pub fn cluster_vpc<'a>(cx: &'a Context<'_>) -> Option<&'a str> {
    cx.facts
        .and_then(|f| f.cluster_vpc.value())
        .and_then(Option::as_ref)
        .map(|v| v.vpc_id.as_str())
}

/// Each entry's connection with the cluster's VPC, the one to check (see
/// [`PeerNetwork::connection`]); `None` for an entry with none.
pub fn connections<'a>(
    cx: &'a Context<'_>,
) -> Vec<(usize, PeeringRequest, Option<&'a PeeringConnection>)> {
    let vpc = cluster_vpc(cx);
    entries(cx)
        .into_iter()
        .filter_map(|(index, request, fact)| {
            let network = fact.value()?;
            Some((index, request, network.connection(vpc)))
        })
        .collect()
}

/// The entries whose connection is active and whose VPC the facts show (it has a route table,
/// as every VPC has: credentials of another account see none).
pub fn active<'a>(cx: &'a Context<'_>) -> Vec<Active<'a>> {
    let Some(cluster) = cx.vpc_cidr.as_ref().and_then(|c| c.parsed.as_ref().ok()) else {
        return Vec::new();
    };
    let vpc = cluster_vpc(cx);
    entries(cx)
        .into_iter()
        .filter_map(|(index, request, fact)| {
            let network = fact.value()?;
            let connection = network.connection(vpc).filter(|c| c.is_active())?;
            if network.route_tables.is_empty() {
                return None;
            }
            let cidrs = cx
                .peering_cidrs
                .iter()
                .filter(|c| c.entry == Some(index))
                .filter_map(|c| c.parsed.as_ref().ok().map(|p| p.net))
                .collect();
            Some(Active {
                index,
                request,
                network,
                connection,
                cluster: cluster.net,
                cidrs,
            })
        })
        .collect()
}

impl<'a> Active<'a> {
    /// The subnets that matter: those of the peer VPC inside the entry's CIDRs (all of them
    /// when none is).
    pub fn subnets(&self) -> Vec<&'a str> {
        let network: &'a PeerNetwork = self.network;
        let all = &network.subnets;
        let within: Vec<&str> = all
            .iter()
            .filter(|s| {
                parse_cidr(&s.cidr)
                    .is_ok_and(|net| self.cidrs.iter().any(|c| overlaps(c, &net.net)))
            })
            .map(|s| s.id.as_str())
            .collect();
        if within.is_empty() {
            all.iter().map(|s| s.id.as_str()).collect()
        } else {
            within
        }
    }

    /// Each route table that serves the subnets, with the subnets it serves: a subnet's
    /// explicit association, else the VPC's main table. Without subnets, the main table
    /// alone (it will serve the first ones).
    pub fn route_tables(&self) -> Vec<(&RouteTable, Vec<&str>)> {
        let tables = &self.network.route_tables;
        self.by_subnet(
            tables,
            |t| &t.id,
            |t| &t.subnets,
            tables.iter().find(|t| t.main),
        )
    }

    /// What serves each subnet (`items` whose `subnets` name it, else `fallback`), with the
    /// subnets each serves; without subnets, `fallback` alone.
    fn by_subnet<'n, T>(
        &self,
        items: &'n [T],
        id: impl Fn(&'n T) -> &'n String,
        subnets_of: impl Fn(&'n T) -> &'n Vec<String>,
        fallback: Option<&'n T>,
    ) -> Vec<(&'n T, Vec<&'n str>)>
    where
        'a: 'n,
    {
        let mut served: BTreeMap<&str, (&T, Vec<&str>)> = BTreeMap::new();
        let subnets = self.subnets();
        for subnet in &subnets {
            let item = items
                .iter()
                .find(|t| subnets_of(t).iter().any(|s| s == subnet))
                .or(fallback);
            if let Some(item) = item {
                served
                    .entry(id(item).as_str())
                    .or_insert_with(|| (item, Vec::new()))
                    .1
                    .push(subnet);
            }
        }
        if subnets.is_empty()
            && let Some(item) = fallback
        {
            served.insert(id(item).as_str(), (item, Vec::new()));
        }
        served.into_values().collect()
    }

    /// The route a table takes for the cluster's CIDR: the longest prefix among the routes
    /// whose destination contains it; but a more specific route to part of it that does not
    /// go through the peering connection (active) comes first, since that part takes it.
    pub fn route<'t>(&self, table: &'t RouteTable) -> Option<&'t Route> {
        let pcx = self.connection.id.as_str();
        let overlapping = || {
            table.routes.iter().filter_map(|r| {
                let net = parse_cidr(&r.destination).ok()?.net;
                overlaps(&net, &self.cluster).then_some((net, r))
            })
        };
        let diverted = overlapping()
            .filter(|(net, r)| {
                net.prefix_len() > self.cluster.prefix_len()
                    && !(r.target == pcx && r.state == "active")
            })
            .max_by_key(|(net, _)| net.prefix_len());
        if let Some((_, route)) = diverted {
            return Some(route);
        }
        overlapping()
            .filter(|(net, _)| contains(net, &self.cluster))
            .max_by_key(|(net, _)| net.prefix_len())
            .map(|(_, r)| r)
    }

    /// Each network ACL on the subnets, with the subnets it is on: a subnet's association,
    /// else the VPC's default ACL. Without subnets, the default ACL alone.
    pub fn network_acls(&self) -> Vec<(&NetworkAcl, Vec<&str>)> {
        let acls = &self.network.network_acls;
        self.by_subnet(
            acls,
            |a| &a.id,
            |a| &a.subnets,
            acls.iter().find(|a| a.default),
        )
    }

    /// What an ACL decides for traffic from (`egress` false) or to (`egress` true) the
    /// cluster's CIDR, as AWS evaluates it: entries in number order, the first that matches
    /// decides. A deny that matches any of the cluster's addresses blocks them; an allow that
    /// covers the whole CIDR lets it through; an allow of part of it leaves the rest to the
    /// entries after it. `Some((rule number, its CIDR))` when traffic is denied (the default
    /// `*` entry, [`DEFAULT_ACL_RULE`], when no entry decides); `None` when it is allowed.
    pub fn acl_denies(&self, acl: &NetworkAcl, egress: bool) -> Option<(i32, String)> {
        let mut entries: Vec<_> = acl.entries.iter().filter(|e| e.egress == egress).collect();
        entries.sort_by_key(|e| e.rule_number);
        for entry in entries {
            let Ok(net) = parse_cidr(&entry.cidr).map(|c| c.net) else {
                continue;
            };
            if !overlaps(&net, &self.cluster) {
                continue;
            }
            if !entry.allow {
                return Some((entry.rule_number, entry.cidr.clone()));
            }
            if contains(&net, &self.cluster) {
                return None;
            }
        }
        Some((DEFAULT_ACL_RULE, "0.0.0.0/0".to_owned()))
    }

    /// The security groups of the peer VPC that admit traffic from the cluster: an ingress
    /// rule whose CIDR contains the cluster's CIDR, or that names a prefix list with such a
    /// CIDR, or that references a security group of the cluster's VPC (one named with this
    /// peering connection or the cluster's VPC, or any group outside the peer VPC in the
    /// cluster's account: a reference across a peering reaches that VPC's instances).
    pub fn admitting_groups(&self, account_id: Option<&str>) -> Vec<&SecurityGroup> {
        let groups = &self.network.security_groups;
        let covers = |cidr: &str| parse_cidr(cidr).is_ok_and(|c| contains(&c.net, &self.cluster));
        groups
            .iter()
            .filter(|g| {
                g.ingress.iter().any(|rule| {
                    rule.cidrs.iter().any(|c| covers(c))
                        || rule.prefix_lists.iter().any(|id| {
                            self.network
                                .prefix_lists
                                .get(id)
                                .is_some_and(|cidrs| cidrs.iter().any(|c| covers(c)))
                        })
                        || rule.groups.iter().any(|r| {
                            r.peering_connection_id.as_deref() == Some(self.connection.id.as_str())
                                || r.vpc_id.as_deref()
                                    == Some(self.connection.cluster_vpc_id.as_str())
                                || (!groups.iter().any(|own| own.id == r.group_id)
                                    && r.user_id.as_deref().is_none_or(|u| Some(u) == account_id))
                        })
                })
            })
            .collect()
    }
}
