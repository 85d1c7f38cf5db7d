use astro_preflight_facts::{Fact, FactError};

use crate::context::{Context, Emitter, ACCOUNT_ID, NODE_INSTANCE_TYPE};
use crate::registry::rule;
use crate::request::peering_index;

use super::{region_pointer, region_refuses_calls};

rule! {
    /// A live fact could not be gathered (access denied, throttled, timed out, unreachable),
    /// so the rules that need it did not run.
    ///
    /// ## What it checks
    ///
    /// Every fact of the online run. Each failure names the IAM action that failed and the
    /// error; `docs/iam-policy.json` is the policy that allows every call. A warning by
    /// default, so that a partial run still reports what it could; with `--deny-warnings` it
    /// fails the run. Calls refused because the region is not enabled are reported by
    /// `region-not-enabled` instead.
    ///
    /// ## Source
    ///
    /// `docs/online.md`.
    id: "check-incomplete",
    severity: Warning,
    kind: Online,
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_>) {
    let Some(facts) = cx.facts else { return };
    let mut failures: Vec<(String, &FactError, &str)> = Vec::new();
    let regional = region_pointer(cx).to_owned();
    // In a region that is not enabled every call made there is refused: region-not-enabled
    // reports that, once, rather than one warning per refused call with the wrong advice.
    let refused = region_refuses_calls(facts);
    let home: [(&str, Option<&FactError>, &str); 2] = [
        (ACCOUNT_ID, facts.identity.error(), "the account identity (account-mismatch)"),
        (regional.as_str(), facts.region_status.error(), "whether the region is enabled (region-not-enabled)"),
    ];
    let in_region: [(&str, Option<&FactError>, &str); 6] = [
        (regional.as_str(), facts.quota_on_demand.error(), "the On-Demand quota (quota-on-demand, quota-capacity)"),
        (regional.as_str(), facts.quota_spot.error(), "the Spot quota (quota-spot)"),
        (NODE_INSTANCE_TYPE, facts.instance_type_zones.error(), "where the node type is offered (instance-type-not-offered)"),
        (NODE_INSTANCE_TYPE, facts.instance_type_vcpus.error(), "the node type's vCPUs (quota-capacity uses the built-in table)"),
        (ACCOUNT_ID, facts.non_default_vpcs.error(), "the account's VPCs (account-not-empty)"),
        (ACCOUNT_ID, facts.instances.error(), "the account's instances (account-not-empty)"),
    ];
    let in_region = if refused { &in_region[..0] } else { &in_region[..] };
    for (pointer, error, what) in home.iter().chain(in_region) {
        if let Some(error) = error {
            failures.push(((*pointer).to_owned(), error, what));
        }
    }
    for (index, fact) in facts.peering.iter().enumerate() {
        if refused && fact.region == facts.request.region {
            continue;
        }
        if let Fact::Failed { error } = &fact.vpc {
            failures.push((format!("/peering/{}/vpcId", peering_index(cx, index)), error, "the peering VPC (peering-vpc-not-found, peering-vpc-overlap)"));
        }
    }
    for (pointer, error, what) in failures {
        out.push(
            cx.diagnostic(&pointer, format!("could not check {what}: {} failed ({}): {}", error.action, error.kind.describe(), error.message))
                .with_help(format!("allow `{}` (see docs/iam-policy.json), or run again if the failure was transient", error.action))
                .with_label("not checked"),
        );
    }
}
