use astro_preflight_facts::actions::QUOTA_SPOT;

use crate::context::{Context, Emitter};
use crate::registry::rule;

use super::{MIN_QUOTA_VCPUS, region_name, region_pointer};

rule! {
    /// The EC2 Spot Instance Requests quota (L-34B43A08) is below 40 vCPUs in the
    /// region.
    ///
    /// ## What it checks
    ///
    /// `servicequotas:GetServiceQuota` for service `ec2`, quota L-34B43A08 ("All
    /// Standard (A, C, D, H, I, M, R, T, Z) Spot Instance Requests"), falling back to AWS's
    /// default when the account has no applied value.
    ///
    /// ## Why
    ///
    /// Astro needs at least 40 vCPUs of spot capacity; a new account often has 5, and
    /// the install fails when its nodes cannot start. Quota increases take time: ask early.
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
    /// ```
    ///
    /// In an account whose Spot quota is 5 vCPUs.
    ///
    /// ## Source
    ///
    /// Astronomer's `astro/install-aws-hybrid.md` (prerequisites); AWS Service Quotas.
    id: "quota-spot",
    severity: Error,
    kind: Online,
    facts: [QUOTA_SPOT],
    prerequisite: QUOTAS,
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    // After the install the account holds Astronomer's cluster (cluster-vpc-found).
    if super::cluster_vpc_found::installed(cx) {
        return;
    }
    let Some(quota) = cx.facts.and_then(|f| f.quota_spot.value()) else {
        return;
    };
    if quota.value < MIN_QUOTA_VCPUS {
        out.push(
            cx.finding(
                region_pointer(cx),
                format!("the Spot Instance Requests quota ({QUOTA_SPOT}) is {} vCPUs in {}; Astro needs at least {MIN_QUOTA_VCPUS}", quota.value, region_name(cx)),
            )
            .with_help(format!(
                "request an increase: `aws service-quotas request-service-quota-increase --service-code ec2 --quota-code {QUOTA_SPOT} --desired-value {MIN_QUOTA_VCPUS} --region {}`",
                region_name(cx)
            ))
            .with_label(format!("quota below {MIN_QUOTA_VCPUS} vCPUs")),
        );
    }
}
