use crate::cidr::free_range;
use crate::context::{Context, Emitter};
use crate::registry::rule;

use super::{max_prefix, profile_name};

rule! {
    /// The VPC CIDR is smaller than /20 (hybrid) or /19 (cross-account-role).
    ///
    /// ## What it checks
    ///
    /// The prefix length of `cluster.vpcCidr`: at most 20 for a `hybrid` install, at most 19
    /// for `cross-account-role`. The range the help suggests is private and overlaps none of
    /// the manifest's peering CIDRs and holds none of its peers' DNS servers: the one that
    /// contains the VPC CIDR when it fits, otherwise the next free one.
    ///
    /// ## Why
    ///
    /// Astro carves the VPC into subnets in two availability zones: two /26 public subnets
    /// and a /21 plus a /22 private (hybrid), or a /20 plus a /21 private
    /// (cross-account-role). A smaller VPC cannot hold them and the install fails. The
    /// minimum changed from /19 to /20 on 2023-03-28.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// install: hybrid
    /// cluster:
    ///   vpcCidr: 172.20.0.0/22   # 1024 addresses; needs a /20
    /// ```
    ///
    /// ## Source
    ///
    /// Astronomer's `astro/install-aws-hybrid.md` and `astro/release-notes.md` (2023-03-28:
    /// "The default CIDR range for new AWS clusters has been reduced from /19 to /20").
    id: "cidr-too-small",
    severity: Error,
    kind: Offline,
    tables: [AstroDefaults],
    prerequisite: VPC_CIDR,
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    let Some(cidr) = &cx.vpc_cidr else { return };
    let Ok(parsed) = &cidr.parsed else { return };
    let limit = max_prefix(cx);
    if parsed.prefix() > limit {
        // A range that fits the rest of the manifest: no peering CIDR or peer DNS server in it.
        let avoid: Vec<_> = cx
            .peering_cidrs
            .iter()
            .filter_map(|c| c.parsed.as_ref().ok().map(|p| p.net))
            .collect();
        let addrs: Vec<_> = cx
            .dns_servers
            .iter()
            .filter_map(|a| a.parsed.as_ref().ok().copied())
            .collect();
        let example = free_range(&parsed.net, limit, &avoid, &addrs);
        out.push(
            cx.finding(
                &cidr.pointer,
                format!(
                    "VPC CIDR {} has {} addresses; a {} install needs a /{limit} or larger",
                    cidr.text,
                    parsed.size(),
                    profile_name(cx)
                ),
            )
            .with_help(format!("use a /{limit}, e.g. {example}"))
            .with_label(format!("/{} is too small", parsed.prefix())),
        );
    }
}
