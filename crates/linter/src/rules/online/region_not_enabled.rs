use crate::context::{Context, Emitter};
use crate::registry::rule;

use super::{region_name, region_pointer, regional_failures};

rule! {
    /// The region is not enabled in the account.
    ///
    /// ## What it checks
    ///
    /// The opt-in status of `cluster.region` in the account (`ec2:DescribeRegions` with all
    /// regions, or `account:GetRegionOptStatus`): it must be enabled by default or enabled.
    ///
    /// ## Why
    ///
    /// Nothing can be created in a disabled region; the install fails at its first call
    /// there. Enabling a region can take minutes to hours. AWS also refuses the calls of the
    /// other online checks made in that region (quotas, node type, account emptiness): this
    /// diagnostic says so, and `check-incomplete` does not repeat it for each call.
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
    ///   region: me-south-1
    /// ```
    ///
    /// In an account where me-south-1 was never enabled.
    ///
    /// ## Source
    ///
    /// AWS Account Management Reference, "Enable or disable AWS Regions in your account".
    id: "region-not-enabled",
    severity: Error,
    kind: Online,
    facts: [REGION_STATUS],
    prerequisite: REGION,
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    let Some(status) = cx.facts.and_then(|f| f.region_status.value()) else {
        return;
    };
    if status.is_enabled() {
        return;
    }
    let region = region_name(cx);
    let mut message = format!(
        "{region} is not enabled in the account (status {})",
        status.status
    );
    if cx
        .facts
        .is_some_and(|f| regional_failures(f).next().is_some())
    {
        // check-incomplete leaves these to this rule.
        message.push_str("; until it is, AWS refuses every call made there, so the checks that need them (quotas, node type, account emptiness, peering VPCs in the region) did not run");
    }
    out.push(
        cx.finding(region_pointer(cx), message)
            .with_help(format!("enable it: `aws account enable-region --region-name {region}` (or in the console under Account > AWS Regions), then wait for ENABLED"))
            .with_label("not enabled"),
    );
}
