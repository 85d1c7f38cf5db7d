use crate::registry::{engine_reported, rule};

rule! {
    /// The manifest breaks its JSON Schema: a missing field, a wrong type, an unknown key, or a
    /// value of the wrong form.
    ///
    /// ## What it checks
    ///
    /// The manifest against `schemas/install-manifest.schema.json` (draft 2020-12), which is
    /// generated from astro-preflight's own types. Required: `version`, `install`,
    /// `account.id`, `cluster.name`, and for each peering entry `vpcId`, `region`, `cidrs`
    /// and `dnsServers`. Unknown keys are errors, with the closest known key suggested.
    ///
    /// ## Why
    ///
    /// A typo such as `vpcCIDR` is otherwise silently ignored, and the default CIDR is used
    /// instead of yours.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// cluster:
    ///   name: acme-prod
    ///   maxNodeCount: "20"   # must be an integer
    ///   vpcCIDR: 10.0.0.0/16 # unknown key: did you mean `vpcCidr`?
    /// ```
    ///
    /// ## Source
    ///
    /// The product contract (manifest version 1). Editors that speak the YAML language server
    /// protocol complete and check manifests that start with
    /// `# yaml-language-server: $schema=<path to schemas/install-manifest.schema.json>`.
    /// This rule cannot be suppressed or turned off.
    id: "schema",
    severity: Error,
    kind: Engine,
    suppressible: false,
    can_be_turned_off: false,
    check: engine_reported,
}
