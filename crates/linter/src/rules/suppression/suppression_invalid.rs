use crate::registry::{engine_reported, rule};

rule! {
    /// A `preflight-ignore` comment is malformed: no reason, an unknown rule, or a rule that
    /// cannot be suppressed.
    ///
    /// ## What it checks
    ///
    /// Each `# preflight-ignore: RULE[, RULE] -- reason` comment. The reason after `--` is
    /// required; a comment without one suppresses nothing. `yaml-syntax` and `schema` cannot
    /// be suppressed.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// cluster:
    ///   vpcCidr: 172.20.1.0/20  # preflight-ignore: cidr-host-bits
    /// ```
    ///
    /// Write `# preflight-ignore: cidr-host-bits -- shared with the VPN team`.
    ///
    /// ## Source
    ///
    /// astro-preflight's suppression contract.
    id: "suppression-invalid",
    severity: Warning,
    kind: Engine,
    suppressible: false,
    check: engine_reported,
}
