use crate::context::{Context, Emitter};
use crate::registry::rule;

rule! {
    /// Astronomer does not offer the node instance type in the cluster's region, for this
    /// organization.
    ///
    /// ## What it checks
    ///
    /// `cluster.nodeInstanceType` (default `m5.xlarge`, or the organization's default) against
    /// the `bannedInstances` of `cluster.region` in Astronomer's cluster options for the
    /// organization (the Astro API's "Get cluster options", `type=HYBRID`, `provider=AWS`,
    /// gathered with `ASTRO_API_TOKEN` by `--online` or `facts`). The bundled tables know of no
    /// banned type, so without the live options the rule has nothing to check.
    ///
    /// ## Why
    ///
    /// A type Astronomer supports elsewhere may not be offered in every region; the install
    /// request would be sent back.
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
    ///   region: eu-west-1
    ///   nodeInstanceType: m5.metal
    /// ```
    ///
    /// When the organization's cluster options ban `m5.metal` in eu-west-1.
    ///
    /// ## Source
    ///
    /// Astro Platform API, "Get cluster options" (`regions[].bannedInstances`).
    id: "instance-type-banned-in-region",
    severity: Error,
    kind: Online,
    facts: [CLUSTER_OPTIONS],
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    let Some(options) = cx.astro.live() else {
        return;
    };
    let (Some(region), Some(node)) = (cx.region, cx.node_instance_type) else {
        return;
    };
    let Some(offered) = options.region(region.value) else {
        return; // region-unsupported says so.
    };
    if !offered.banned_instances.iter().any(|t| t == node.value) {
        return;
    }
    let elsewhere: Vec<&str> = options
        .node_instances
        .iter()
        .map(String::as_str)
        .filter(|t| !offered.banned_instances.iter().any(|b| b == t))
        .collect();
    let help = if elsewhere.is_empty() {
        "choose another region".to_owned()
    } else {
        format!(
            "choose a type offered in {}: {}",
            region.value,
            elsewhere.join(", ")
        )
    };
    out.push(
        cx.finding(
            node.pointer,
            format!(
                "node instance type `{}` is banned in {} for your organization (per {})",
                node.value,
                region.value,
                cx.astro.source()
            ),
        )
        .with_help(help)
        .with_label("banned in this region")
        .with_related(cx.related(region.pointer, "the region")),
    );
}
