use astro_preflight_facts::actions::QUOTA_ON_DEMAND;

use crate::context::{Context, Emitter};
use crate::registry::rule;
use crate::tables::instance_types;

use super::region_name;

rule! {
    /// `maxNodeCount` times the node type's vCPUs exceeds the account's On-Demand quota
    /// (L-1216C47A): the cluster cannot reach its maximum size.
    ///
    /// ## What it checks
    ///
    /// `cluster.maxNodeCount` (default 20) x the vCPUs of `cluster.nodeInstanceType` (from
    /// `ec2:DescribeInstanceTypes`, or the built-in table) against the applied value of
    /// L-1216C47A in the region.
    ///
    /// ## Why
    ///
    /// The default cluster, 20 x m5.xlarge, is 80 vCPUs: already twice the 40-vCPU minimum.
    /// When the quota is lower, scaling stops short of `maxNodeCount` and tasks queue. A
    /// warning, not an error: the cluster installs, but cannot grow as configured.
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
    ///   nodeInstanceType: m5.2xlarge
    ///   maxNodeCount: 10
    /// ```
    ///
    /// Ten m5.2xlarge nodes (8 vCPUs each) in an account whose On-Demand quota is 64 vCPUs.
    ///
    /// ## Source
    ///
    /// AWS Service Quotas (vCPU-based On-Demand limits); inferred from Astronomer's defaults.
    id: "quota-capacity",
    severity: Warning,
    kind: Online,
    facts: [QUOTA_ON_DEMAND, INSTANCE_TYPE_VCPUS],
    tables: [AstroDefaults],
    prerequisite: QUOTAS,
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    // After the install the account holds Astronomer's cluster (cluster-vpc-found).
    if super::cluster_vpc_found::installed(cx) {
        return;
    }
    let Some(facts) = cx.facts else { return };
    let Some(quota) = facts.quota_on_demand.value() else {
        return;
    };
    // Below the minimum, quota-on-demand reports it, with the capacity in its help.
    if quota.value < super::MIN_QUOTA_VCPUS {
        return;
    }
    let (Some(count), Some(node)) = (cx.max_node_count, cx.node_instance_type) else {
        return;
    };
    let vcpus = facts
        .instance_type_vcpus
        .value()
        .copied()
        .flatten()
        .or_else(|| instance_types::find(node.value).map(|t| t.vcpus));
    let Some(vcpus) = vcpus else { return };
    let needed = u64::from(count.value) * u64::from(vcpus);
    if (needed as f64) > quota.value {
        let fits = (quota.value / f64::from(vcpus)).floor();
        out.push(
            cx.finding(
                count.pointer,
                format!(
                    "{} nodes x {vcpus} vCPUs ({}) is {needed} vCPUs, more than the On-Demand quota of {} vCPUs in {}: the cluster can reach only {fits} node{}",
                    count.value,
                    node.value,
                    quota.value,
                    region_name(cx),
                    if fits == 1.0 { "" } else { "s" }
                ),
            )
            .with_help(format!("request {QUOTA_ON_DEMAND} of at least {needed} vCPUs, or lower `maxNodeCount`"))
            .with_label("exceeds the quota"),
        );
    }
}
