use serde_json::json;

use crate::context::{Context, Emitter};
use crate::peer_network::{DEFAULT_ACL_RULE, active};
use crate::registry::rule;

rule! {
    /// A network ACL of the peer VPC denies traffic from or to the cluster's CIDR before any
    /// entry allows it.
    ///
    /// ## What it checks
    ///
    /// For each entry whose peering connection is active, in the entry's account and region
    /// (`ec2:DescribeSubnets`, `ec2:DescribeNetworkAcls`): the network ACL of each subnet of
    /// the peer VPC within the entry's `cidrs` (all of them when none is; the VPC's default
    /// ACL for a subnet without its own), both directions: inbound from `cluster.vpcCidr`
    /// and outbound to it. As AWS evaluates them: the entries in rule-number order, the first
    /// that matches decides. A deny entry whose CIDR meets the cluster's CIDR before an allow
    /// entry whose CIDR contains it blocks the traffic; when no entry decides, the default
    /// `*` entry (reported as rule number 32767) denies. One diagnostic per ACL and
    /// direction; JSON `data`: `peeringConnectionId`, `networkAclId`, `direction`
    /// (`inbound` or `outbound`), `ruleNumber`, `ruleCidr`, `subnetIds`, `clusterCidr`.
    ///
    /// ## Why
    ///
    /// Network ACLs are stateless: traffic in from Astro and the replies out to it must both
    /// be allowed, or connections from Astro to the customer's resources hang.
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
    /// When the subnets' ACL has inbound rule 50 denying 10.20.0.0/16 before rule 100 allows
    /// everything.
    ///
    /// ## Source
    ///
    /// Astronomer's `astro/install-aws-hybrid.md` ("network ACLs and/or security group rules
    /// of your resources"); Amazon VPC User Guide, "Network ACL rules" (rule evaluation).
    id: "peering-nacl-blocks",
    severity: Error,
    kind: Online,
    facts: [PEER_NETWORKS, CLUSTER_VPC],
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    for entry in active(cx) {
        for (acl, subnets) in entry.network_acls() {
            for egress in [false, true] {
                let Some((rule, cidr)) = entry.acl_denies(acl, egress) else {
                    continue;
                };
                let (direction, flow) = if egress {
                    ("outbound", format!("to {}", entry.cluster))
                } else {
                    ("inbound", format!("from {}", entry.cluster))
                };
                let which = if rule == DEFAULT_ACL_RULE {
                    "its default rule * denies it: no rule allows it".to_owned()
                } else {
                    format!("rule {rule} denies {cidr} before any rule allows it")
                };
                let on = if subnets.is_empty() {
                    String::new()
                } else {
                    format!(
                        " on subnet{} {}",
                        if subnets.len() == 1 { "" } else { "s" },
                        subnets.join(", ")
                    )
                };
                out.push(
                    cx.finding(
                        &format!("/peering/{}/vpcId", entry.index),
                        format!(
                            "network ACL {}{on} of {} blocks {direction} traffic {flow}: {which}",
                            acl.id, entry.request.vpc_id
                        ),
                    )
                    .with_help(format!(
                        "allow the cluster's CIDR {} {direction} in network ACL {} with a rule numbered below {rule}",
                        entry.cluster, acl.id
                    ))
                    .with_label(format!("{direction} denied"))
                    .with_data(json!({
                        "peeringConnectionId": entry.connection.id,
                        "networkAclId": acl.id,
                        "direction": direction,
                        "ruleNumber": rule,
                        "ruleCidr": cidr,
                        "subnetIds": subnets,
                        "clusterCidr": entry.cluster.to_string(),
                    })),
                );
            }
        }
    }
}
