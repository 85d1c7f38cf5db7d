use crate::context::{Context, Emitter};
use crate::diagnostic::{Applicability, Fix};
use crate::fix::replace_scalar;
use crate::registry::rule;

rule! {
    /// A CIDR has host bits set, so AWS would silently use another network.
    ///
    /// ## What it checks
    ///
    /// That the address of each CIDR (the VPC CIDR and the peering CIDRs) is the network
    /// address: no bit set beyond the prefix length.
    ///
    /// ## Why
    ///
    /// AWS stores a CIDR in canonical form. `172.20.1.0/20` is accepted and becomes
    /// `172.20.0.0/20`: a different range from the one you reviewed, which may now overlap a
    /// network you meant to avoid. The other rules check the canonical network.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// cluster:
    ///   vpcCidr: 172.20.1.0/20   # AWS uses 172.20.0.0/20
    /// ```
    ///
    /// ## Fix
    ///
    /// Safe (`check --fix`, or the editor's quick fix): the CIDR is rewritten as its network
    /// address, in the value's own quotes.
    ///
    /// ## Source
    ///
    /// RFC 4632 section 3.1; AWS VPC User Guide, "VPC CIDR blocks".
    id: "cidr-host-bits",
    severity: Warning,
    kind: Offline,
    fix: Safe,
    prerequisite: VPC_CIDR,
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    for cidr in cx.all_cidrs() {
        let Ok(parsed) = &cidr.parsed else { continue };
        if parsed.has_host_bits() {
            let mut d = cx
                .finding(
                    &cidr.pointer,
                    format!(
                        "`{}` has host bits set: AWS would use the network {}",
                        cidr.text, parsed.net
                    ),
                )
                .with_help(format!("write the canonical form: {}", parsed.net))
                .with_label(format!("means {}", parsed.net));
            let canonical = parsed.net.to_string();
            if let Some(edit) = replace_scalar(
                &cx.document.source,
                cx.parsed,
                &cidr.pointer,
                cidr.text,
                &canonical,
            ) {
                d = d.with_fix(Fix {
                    message: format!("write the canonical network {canonical}"),
                    applicability: Applicability::Safe,
                    edits: vec![edit],
                });
            }
            out.push(d);
        }
    }
}
