use astro_preflight_facts::actions::QUOTA_ON_DEMAND;

use crate::context::{Context, Emitter};
use crate::registry::rule;

use super::{MIN_QUOTA_VCPUS, region_name, region_pointer};

rule! {
    /// The EC2 On-Demand Standard instances quota (L-1216C47A) is below 40 vCPUs in the
    /// region.
    ///
    /// ## What it checks
    ///
    /// `servicequotas:GetServiceQuota` for service `ec2`, quota L-1216C47A ("Running
    /// On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances"), falling back to AWS's
    /// default when the account has no applied value.
    ///
    /// ## Why
    ///
    /// Astro needs at least 40 vCPUs of on-demand capacity; a new account often has 5, and
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
    /// In a new account whose On-Demand quota is still AWS's default of 5 vCPUs.
    ///
    /// ## Source
    ///
    /// Astronomer's `astro/install-aws-hybrid.md` (prerequisites); AWS Service Quotas.
    id: "quota-on-demand",
    severity: Error,
    kind: Online,
    facts: [QUOTA_ON_DEMAND, INSTANCE_TYPE_VCPUS],
    prerequisite: QUOTAS,
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    // After the install the account holds Astronomer's cluster (cluster-vpc-found).
    if super::cluster_vpc_found::installed(cx) {
        return;
    }
    let Some(quota) = cx.facts.and_then(|f| f.quota_on_demand.value()) else {
        return;
    };
    if quota.value < MIN_QUOTA_VCPUS {
        // Ask for enough to reach maxNodeCount, not just the minimum.
        let needed = match (cx.max_node_count, cx.node_instance_type) {
            (Some(count), Some(node)) => {
                let vcpus = cx
                    .facts
                    .and_then(|f| f.instance_type_vcpus.value().copied().flatten());
                let vcpus = vcpus
                    .or_else(|| crate::tables::instance_types::find(node.value).map(|t| t.vcpus))
                    .unwrap_or(0);
                u64::from(count.value) * u64::from(vcpus)
            }
            _ => 0,
        };
        let desired = needed.max(MIN_QUOTA_VCPUS as u64);
        out.push(
            cx.finding(
                region_pointer(cx),
                format!("the On-Demand Standard instances quota ({QUOTA_ON_DEMAND}) is {} vCPUs in {}; Astro needs at least {MIN_QUOTA_VCPUS}", quota.value, region_name(cx)),
            )
            .with_help(format!(
                "request an increase: `aws service-quotas request-service-quota-increase --service-code ec2 --quota-code {QUOTA_ON_DEMAND} --desired-value {desired} --region {}`{}",
                region_name(cx),
                if needed > MIN_QUOTA_VCPUS as u64 { format!(" ({needed} vCPUs lets the cluster reach maxNodeCount)") } else { String::new() }
            ))
            .with_label(format!("quota below {MIN_QUOTA_VCPUS} vCPUs")),
        );
    }
}
