use crate::cidr::widen;
use crate::context::{Context, Emitter};
use crate::registry::rule;

rule! {
    /// The VPC CIDR is larger than /16, the largest VPC AWS creates.
    ///
    /// ## What it checks
    ///
    /// That the prefix length of `cluster.vpcCidr` is at least 16.
    ///
    /// ## Why
    ///
    /// AWS accepts VPC CIDR blocks from /16 to /28; `CreateVpc` refuses a /15.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// cluster:
    ///   vpcCidr: 10.0.0.0/8
    /// ```
    ///
    /// ## Source
    ///
    /// AWS VPC User Guide, "VPC CIDR blocks" (IPv4 VPC CIDR block sizes /16 to /28).
    id: "cidr-too-large",
    severity: Error,
    kind: Offline,
    prerequisite: VPC_CIDR,
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    let Some(cidr) = &cx.vpc_cidr else { return };
    let Ok(parsed) = &cidr.parsed else { return };
    if parsed.prefix() < 16 {
        // The /16 at the start of the given range.
        let example = widen(&parsed.net, 16);
        out.push(
            cx.finding(
                &cidr.pointer,
                format!(
                    "VPC CIDR {} is a /{}; AWS creates VPCs of /16 at the largest",
                    cidr.text,
                    parsed.prefix()
                ),
            )
            .with_help(format!("use a /16 to /20, e.g. {example}"))
            .with_label("larger than /16"),
        );
    }
}
