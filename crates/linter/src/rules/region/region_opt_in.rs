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
    /// The install fails unless, before it starts:
    ///
    /// - the region is enabled in the account (with `--online`, `region-not-enabled` checks
    ///   this);
    /// - the `astronomer-remote-management` role's **permissions policy** allows
    ///   `account:EnableRegion`, `account:DisableRegion` and `account:ListRegions`, plus
    ///   `aws-portal:ViewAccount`, which Astronomer asks for. Astronomer's install page says to
    ///   add them to the role's "trust relationship", but a trust policy only says who may
    ///   assume the role and grants no action: they belong in its permissions policy.
    ///   `aws-portal:ViewAccount` is a legacy action (the `aws-portal` namespace left standard
    ///   support in July 2023); AWS's own example policy for enabling regions needs only the
    ///   three `account:` actions;
    /// - the account's STS **global endpoint** issues version 2 tokens
    ///   (`aws iam set-security-token-service-preferences --global-endpoint-token-version v2Token`):
    ///   version 1 tokens from the global endpoint (`sts.amazonaws.com`) are not valid in
    ///   opt-in regions. Tokens from regional STS endpoints are valid in every region already,
    ///   so the step matters only for callers of the global endpoint.
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
    /// AWS "Enable or disable AWS Regions in your account" (opt-in regions, the `account:`
    /// actions); AWS IAM User Guide, "Manage AWS STS in an AWS Region" (token versions of the
    /// global endpoint); AWS Billing, "Migrating access control for AWS Billing, Cost
    /// Management, and Account consoles" (`aws-portal` actions retired); AWS IAM User Guide,
    /// "Roles terms and concepts" (trust policy versus permissions policy); Astronomer's
    /// `astro/install-aws-hybrid.md` and `astro/manage-hybrid-clusters.md`.
    id: "region-opt-in",
    severity: Warning,
    kind: Offline,
    tables: [AwsOptInRegions, AstroRegions],
    prerequisite: REGION,
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
                "before the install: enable the region in the account; add account:EnableRegion, account:DisableRegion and \
                 account:ListRegions (and the legacy aws-portal:ViewAccount, which Astronomer asks for) to the permissions \
                 policy of the astronomer-remote-management role, not to its trust relationship; and, for tokens from the \
                 global STS endpoint, run `aws iam set-security-token-service-preferences --global-endpoint-token-version v2Token`",
            )
            .with_label("disabled by default"),
    );
}
