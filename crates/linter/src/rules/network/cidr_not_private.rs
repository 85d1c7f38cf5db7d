use crate::cidr::is_private;
use crate::context::{Context, Emitter};
use crate::registry::rule;

rule! {
    /// The VPC CIDR or a peering CIDR lies outside RFC 1918 private address space.
    ///
    /// ## What it checks
    ///
    /// That each CIDR lies wholly within 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16.
    ///
    /// ## Why
    ///
    /// Astro's cluster VPC and the networks it routes to must use private addresses;
    /// public ranges (or 100.64.0.0/10, or 172.0.0.0/8, which only partly overlaps
    /// 172.16.0.0/12) collide with the internet and are refused.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// cluster:
    ///   vpcCidr: 100.64.0.0/16
    /// ```
    ///
    /// ## Source
    ///
    /// RFC 1918; Astronomer's `astro/install-aws-hybrid.md` (VPC CIDR requirements).
    id: "cidr-not-private",
    severity: Error,
    kind: Offline,
    prerequisite: VPC_CIDR,
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    for cidr in cx.all_cidrs() {
        let Ok(parsed) = &cidr.parsed else { continue };
        if !is_private(&parsed.net) {
            let what = if cidr.entry.is_some() {
                "peering CIDR"
            } else {
                "VPC CIDR"
            };
            out.push(
                cx.finding(
                    &cidr.pointer,
                    format!(
                        "{what} {} is not in RFC 1918 private address space",
                        parsed.net
                    ),
                )
                .with_help("use a range within 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16")
                .with_label("not private"),
            );
        }
    }
}
