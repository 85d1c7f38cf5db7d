use crate::context::{Context, Emitter};
use crate::registry::rule;

use super::{region_name, region_pointer};

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
    /// there. Enabling a region can take minutes to hours.
    ///
    /// ## Example
    ///
    /// `region: me-south-1` in an account where me-south-1 was never enabled.
    ///
    /// ## Source
    ///
    /// AWS Account Management Reference, "Enable or disable AWS Regions in your account".
    id: "region-not-enabled",
    severity: Error,
    kind: Online,
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_>) {
    let Some(status) = cx.facts.and_then(|f| f.region_status.value()) else { return };
    if status.is_enabled() {
        return;
    }
    let region = region_name(cx);
    out.push(
        cx.diagnostic(region_pointer(cx), format!("{region} is not enabled in the account (status {})", status.status))
            .with_help(format!("enable it: `aws account enable-region --region-name {region}` (or in the console under Account > AWS Regions), then wait for ENABLED"))
            .with_label("not enabled"),
    );
}
