use crate::context::{Context, Emitter};
use crate::registry::rule;
use crate::tables::regions;

rule! {
    /// The region is disabled by default on AWS (an opt-in region) and needs extra set-up
    /// before Astro can be installed.
    ///
    /// ## What it checks
    ///
    /// Whether `cluster.region` is one of the commercial regions AWS launched after
    /// 2019-03-20, which are disabled in every account until enabled. Of Astro's regions, four
    /// are: af-south-1, ap-east-1, eu-south-1 and me-south-1. (Astronomer's install pages name
    /// only ap-east-1 and me-south-1, and no page names eu-south-1, but AWS disables it by
    /// default all the same.)
    ///
    /// ## Why
    ///
    /// The install fails unless, before it starts: the region is enabled in the account; the
    /// `astronomer-remote-management` role may call `account:EnableRegion`,
    /// `account:DisableRegion`, `account:ListRegions` and `aws-portal:ViewAccount`; and the
    /// account's STS global endpoint issues version 2 tokens
    /// (`aws iam set-security-token-service-preferences --global-endpoint-token-version v2Token`).
    /// With `--online`, `region-not-enabled` checks the first of these.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// cluster:
    ///   region: eu-south-1
    /// ```
    ///
    /// ## Source
    ///
    /// AWS "Enable or disable AWS Regions in your account"; Astronomer's
    /// `astro/install-aws-hybrid.md` and `astro/manage-hybrid-clusters.md`.
    id: "region-opt-in",
    severity: Warning,
    kind: Offline,
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    let Some(region) = cx.region else { return };
    // An unsupported region is reported once, by region-unsupported.
    if !regions::is_opt_in(region.value) || !cx.tables.region_supported(region.value) {
        return;
    }
    out.push(
        cx.finding(region.pointer, format!("{} is an opt-in region: AWS disables it by default, and Astro needs extra set-up there", region.value))
            .with_help(
                "before the install: enable the region in the account; allow account:EnableRegion, account:DisableRegion, \
                 account:ListRegions and aws-portal:ViewAccount on the astronomer-remote-management role; and run \
                 `aws iam set-security-token-service-preferences --global-endpoint-token-version v2Token`",
            )
            .with_label("disabled by default"),
    );
}
