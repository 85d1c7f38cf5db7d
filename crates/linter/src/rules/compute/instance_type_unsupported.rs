use astro_preflight_manifest::suggest::suggestions;

use crate::context::{Context, Emitter};
use crate::diagnostic::{Applicability, Fix};
use crate::fix::replace_scalar;
use crate::registry::rule;

rule! {
    /// The node instance type is not one that Astro supports.
    ///
    /// ## What it checks
    ///
    /// `cluster.nodeInstanceType` (default `m5.xlarge`) against the 51 supported types: m5,
    /// m5d, m6i, m6id, r6i and c6i in every size from `xlarge` to `metal` (xlarge, 2xlarge,
    /// 4xlarge, 8xlarge, 12xlarge, 16xlarge, 24xlarge, metal), plus t2.xlarge, t3.xlarge and
    /// t3.2xlarge. Sizes below xlarge (`m5.large`) are not supported. Add a type with
    /// `[allow] instance-types = [...]` in `astro-preflight.toml`.
    ///
    /// When Astronomer's cluster options for the organization were gathered (`ASTRO_API_TOKEN`
    /// with `--online`, or a facts file that holds them), the type is checked against their
    /// list instead, and the message says so; when they could not be read, the tables are read
    /// and the message says that too.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// cluster:
    ///   nodeInstanceType: m5.large
    /// ```
    ///
    /// ## Fix
    ///
    /// Unsafe (`check --fix --unsafe-fixes`): the type is replaced by the supported type it is
    /// closest to in spelling, when exactly one is closest. `m5.large` becomes `m5.xlarge`, a
    /// larger machine: review the size.
    ///
    /// ## Source
    ///
    /// Astronomer's `astro/resource-reference-aws-hybrid.md` (worker node types).
    id: "instance-type-unsupported",
    severity: Error,
    kind: Offline,
    fix: Unsafe,
    facts: [CLUSTER_OPTIONS],
    tables: [AstroNodeTypes, AstroDefaults],
    prerequisite: NODE_INSTANCE_TYPE,
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    let Some(node) = cx.node_instance_type else {
        return;
    };
    if cx.astro.instance_type_supported(cx.tables, node.value) {
        return;
    }
    // The nearest supported types: the first is suggested, a unique one is also the fix.
    let supported = cx.astro.instance_types();
    let nearest = suggestions(node.value, supported.iter().copied());
    let help = cx.astro.help(
        &nearest,
        &supported,
        "m5, m5d, m6i, m6id, r6i, c6i from xlarge to metal, and t2.xlarge, t3.xlarge, t3.2xlarge",
    );
    let message = cx.astro.say(
        &format!("node instance type `{}`", node.value),
        format!(
            "node instance type `{}` is not supported by Astro",
            node.value
        ),
    );
    let mut d = cx
        .finding(node.pointer, message)
        .with_help(help)
        .with_label("unsupported");
    if let [best] = nearest[..]
        && let Some(edit) = replace_scalar(
            &cx.document.source,
            cx.parsed,
            node.pointer,
            node.value,
            best,
        )
    {
        d = d.with_fix(Fix {
            message: format!("replace with `{best}`"),
            applicability: Applicability::Unsafe,
            edits: vec![edit],
        });
    }
    out.push(d);
}
