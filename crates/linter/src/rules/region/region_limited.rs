use crate::context::{Context, Emitter};
use crate::registry::rule;

rule! {
    /// The cluster's region is limited for this organization: contact Astronomer's support
    /// before requesting the install.
    ///
    /// ## What it checks
    ///
    /// `cluster.region` (default `us-east-1`, or the organization's default) against the
    /// `limited` flag of its region in Astronomer's cluster options for the organization (the
    /// Astro API's "Get cluster options", `type=HYBRID`, `provider=AWS`, gathered with
    /// `ASTRO_API_TOKEN` by `--online` or `facts`). The bundled tables know of no limited
    /// region, so without the live options the rule has nothing to check.
    ///
    /// ## Why
    ///
    /// Astronomer offers a limited region to an organization only after its support has
    /// agreed to it; an install request for it without that agreement waits.
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
    ///   region: sa-east-1
    /// ```
    ///
    /// When the organization's cluster options mark sa-east-1 as limited.
    ///
    /// ## Source
    ///
    /// Astro Platform API, "Get cluster options" (`regions[].limited`).
    id: "region-limited",
    severity: Warning,
    kind: Online,
    facts: [CLUSTER_OPTIONS],
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    let (Some(options), Some(region)) = (cx.astro.live(), cx.region) else {
        return;
    };
    if !options.region(region.value).is_some_and(|r| r.limited) {
        return;
    }
    out.push(
        cx.finding(
            region.pointer,
            format!(
                "{} is a limited region for your organization (per {})",
                region.value,
                cx.astro.source()
            ),
        )
        .with_help("contact Astronomer's support before requesting the install, or choose a region that is not limited")
        .with_label("limited"),
    );
}
