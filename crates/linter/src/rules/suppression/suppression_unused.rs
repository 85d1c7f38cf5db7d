use crate::registry::{engine_reported, rule};

rule! {
    /// A `preflight-ignore` comment suppresses nothing.
    ///
    /// ## What it checks
    ///
    /// That each rule named by a valid suppression comment reported something on the line
    /// of the comment (or, for a comment on its own line, the line below). A suppression of
    /// a rule that did not run (an online rule in an offline check, a rule turned off) is
    /// not reported.
    ///
    /// ## Why
    ///
    /// A stale suppression hides the next real finding on that line.
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
    ///   # preflight-ignore: cidr-host-bits -- shared with the VPN team
    ///   vpcCidr: 172.20.0.0/20
    /// ```
    ///
    /// The VPC CIDR has no host bits set, so `cidr-host-bits` reports nothing there.
    ///
    /// ## Source
    ///
    /// astro-preflight's suppression contract.
    id: "suppression-unused",
    severity: Warning,
    kind: Engine,
    suppressible: false,
    check: engine_reported,
}
