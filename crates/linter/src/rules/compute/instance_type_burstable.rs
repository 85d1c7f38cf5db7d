use crate::context::{Context, Emitter};
use crate::registry::rule;
use crate::tables::instance_types;

rule! {
    /// The node instance type is a burstable t2/t3 type, which Astronomer advises against for
    /// production.
    ///
    /// ## What it checks
    ///
    /// Whether `cluster.nodeInstanceType` is a supported t2 or t3 type (t2.xlarge, t3.xlarge,
    /// t3.2xlarge).
    ///
    /// ## Why
    ///
    /// Burstable types run on CPU credits: under sustained load (an Airflow scheduler, busy
    /// workers) the credits run out and the node is throttled to its baseline, or billed for
    /// unlimited mode. Turn this rule off for development clusters.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// cluster:
    ///   nodeInstanceType: t3.xlarge
    /// ```
    ///
    /// ## Source
    ///
    /// Astronomer's `astro/resource-reference-aws-hybrid.md` ("t" series not advised for
    /// production); AWS "Burstable performance instances".
    id: "instance-type-burstable",
    severity: Warning,
    kind: Offline,
    tables: [AstroNodeTypes],
    prerequisite: NODE_INSTANCE_TYPE,
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    let Some(node) = cx.node_instance_type else {
        return;
    };
    if instance_types::is_burstable(node.value) && cx.tables.instance_type_supported(node.value) {
        out.push(
            cx.finding(
                node.pointer,
                format!(
                    "`{}` is a burstable type, not advised for production",
                    node.value
                ),
            )
            .with_help(
                "for production use a fixed-performance type such as m5.xlarge or m6i.xlarge",
            )
            .with_label("burstable"),
        );
    }
}
