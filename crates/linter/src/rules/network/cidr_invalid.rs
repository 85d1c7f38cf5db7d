use crate::context::{Context, Emitter};
use crate::registry::rule;

rule! {
    /// A CIDR or IP address does not parse.
    ///
    /// ## What it checks
    ///
    /// `cluster.vpcCidr`, every `peering[].cidrs` entry (IPv4 `a.b.c.d/n`, n from 0 to 32) and
    /// every `peering[].dnsServers` entry (IPv4 `a.b.c.d`). Octets with leading zeros are
    /// refused: some tools read them as octal.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// cluster:
    ///   vpcCidr: 172.20.0.0/33   # prefix longer than 32
    /// ```
    ///
    /// ## Source
    ///
    /// RFC 4632 (CIDR notation); AWS VPC `CreateVpc` accepts IPv4 CIDR blocks only in this
    /// form.
    id: "cidr-invalid",
    severity: Error,
    kind: Offline,
    supersedes_schema: true,
    prerequisite: VPC_CIDR,
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    for cidr in cx.all_cidrs() {
        if let Err(reason) = &cidr.parsed {
            let what = if cidr.entry.is_some() {
                "peering CIDR"
            } else {
                "VPC CIDR"
            };
            out.push(
                cx.finding(
                    &cidr.pointer,
                    format!("{what} `{}` is not a valid IPv4 CIDR: {reason}", cidr.text),
                )
                .with_help("write an IPv4 network and prefix length, e.g. 10.20.0.0/16")
                .with_label("not a CIDR"),
            );
        }
    }
    for addr in &cx.dns_servers {
        if let Err(reason) = &addr.parsed {
            out.push(
                cx.finding(
                    &addr.pointer,
                    format!(
                        "DNS server `{}` is not a valid IPv4 address: {reason}",
                        addr.text
                    ),
                )
                .with_help("write an IPv4 address, e.g. 10.10.0.2")
                .with_label("not an IPv4 address"),
            );
        }
    }
}
