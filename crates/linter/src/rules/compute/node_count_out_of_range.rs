use crate::context::{Context, Emitter};
use crate::registry::rule;

rule! {
    /// `maxNodeCount` is outside the bounds Astronomer accepts.
    ///
    /// ## What it checks
    ///
    /// `cluster.maxNodeCount` (default 20, or the organization's default) against the bounds
    /// of the maximum node count: `nodeCountMin` and `nodeCountMax` of Astronomer's cluster
    /// options for the organization when they were gathered (`ASTRO_API_TOKEN` with
    /// `--online`, or a facts file that holds them), and the message says so; otherwise the
    /// tables' (at least 1; Astronomer's docs state no maximum).
    ///
    /// ## Why
    ///
    /// Astronomer refuses a cluster whose maximum node count is outside its bounds.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// cluster:
    ///   maxNodeCount: 0
    /// ```
    ///
    /// ## Source
    ///
    /// Astro Platform API, "Get cluster options" (`nodeCountMin`, `nodeCountMax`,
    /// `nodeCountDefault`); Astronomer's `astro/resource-reference-aws-hybrid.md` (default 20).
    id: "node-count-out-of-range",
    severity: Error,
    kind: Offline,
    supersedes_schema: true,
    facts: [CLUSTER_OPTIONS],
    tables: [AstroDefaults],
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    let Some(count) = cx.max_node_count else {
        return;
    };
    let (min, max) = cx.astro.node_count_bounds();
    let n = count.value;
    let bounds = match max {
        Some(max) => format!("from {min} to {max}"),
        None => format!("at least {min}"),
    };
    let (message, label) = if n < min {
        (
            format!("maxNodeCount {n} is below the minimum {min}"),
            "too low",
        )
    } else if let Some(max) = max
        && n > max
    {
        (
            format!("maxNodeCount {n} is above the maximum {max}"),
            "too high",
        )
    } else {
        return;
    };
    out.push(
        cx.finding(
            count.pointer,
            format!("{message} (per {})", cx.astro.source()),
        )
        .with_help(format!("set `maxNodeCount` {bounds}"))
        .with_label(label),
    );
}
