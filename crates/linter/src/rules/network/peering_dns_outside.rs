use crate::cidr::contains_addr;
use crate::context::{Context, Emitter};
use crate::registry::rule;

rule! {
    /// A DNS server of a peering entry lies in none of that entry's CIDRs.
    ///
    /// ## What it checks
    ///
    /// Each `peering[].dnsServers` address against the `cidrs` of the same entry.
    ///
    /// ## Why
    ///
    /// Astro resolves names in the peered network through these servers over the peering
    /// connection; a server outside the routed CIDRs is unreachable, and name resolution for
    /// your data sources fails.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// peering:
    ///   - vpcId: vpc-0a1b2c3d
    ///     region: us-east-1
    ///     cidrs: [10.10.0.0/16]
    ///     dnsServers: [10.20.0.2]   # not in 10.10.0.0/16
    /// ```
    ///
    /// ## Source
    ///
    /// Astronomer's `astro/install-aws-hybrid.md` (VPC peering prerequisites: DNS servers);
    /// inferred: a resolver is reachable only through a routed CIDR.
    id: "peering-dns-outside",
    severity: Warning,
    kind: Offline,
    prerequisite: PEERING,
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    for dns in &cx.dns_servers {
        let Ok(addr) = dns.parsed else { continue };
        let nets: Vec<_> = cx
            .peering_cidrs
            .iter()
            .filter(|c| c.entry == Some(dns.entry))
            .filter_map(|c| c.parsed.as_ref().ok().map(|p| p.net))
            .collect();
        if nets.is_empty() || nets.iter().any(|n| contains_addr(n, addr)) {
            continue;
        }
        let list: Vec<String> = nets.iter().map(ToString::to_string).collect();
        out.push(
            cx.finding(
                &dns.pointer,
                format!(
                    "DNS server {addr} is in none of this peering entry's CIDRs ({})",
                    list.join(", ")
                ),
            )
            .with_help("add the DNS server's subnet to `cidrs`, or correct the address")
            .with_label("not routed"),
        );
    }
}
