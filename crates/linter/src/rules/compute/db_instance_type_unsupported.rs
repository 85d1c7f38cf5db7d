use astro_preflight_manifest::InstallProfile;
use astro_preflight_manifest::suggest::suggestions;

use crate::context::{Context, Emitter};
use crate::diagnostic::{Applicability, Fix};
use crate::fix::replace_scalar;
use crate::registry::rule;

rule! {
    /// The metadata database (RDS) instance type is not one that Astro supports.
    ///
    /// ## What it checks
    ///
    /// For a `hybrid` install, `cluster.dbInstanceType` (default `db.m6g.large`) against the
    /// supported types: db.m6g and db.r6g from large to 16xlarge, db.r5 and db.m5 from large
    /// to 24xlarge. Add a type with `[allow] db-instance-types = [...]` in
    /// `astro-preflight.toml`.
    ///
    /// When Astronomer's cluster options for the organization were gathered (`ASTRO_API_TOKEN`
    /// with `--online`, or a facts file that holds them), the type is checked against their
    /// list instead, and the message says so; when they could not be read, the tables are read
    /// and the message says that too.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// install: hybrid
    /// cluster:
    ///   dbInstanceType: db.t3.medium
    /// ```
    ///
    /// ## Fix
    ///
    /// Unsafe (`check --fix --unsafe-fixes`): the type is replaced by the supported type it is
    /// closest to in spelling, when exactly one is closest.
    ///
    /// ## Source
    ///
    /// Astronomer's `astro/resource-reference-aws-hybrid.md` and `astro/release-notes.md`
    /// (db.r6g supported; the reference page lists it with the db.m6g sizes).
    id: "db-instance-type-unsupported",
    severity: Error,
    kind: Offline,
    fix: Unsafe,
    facts: [CLUSTER_OPTIONS],
    tables: [AstroDbTypes, AstroDefaults],
    prerequisite: DB_INSTANCE_TYPE,
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    if cx.profile != Some(InstallProfile::Hybrid) {
        return;
    }
    let Some(db) = cx.db_instance_type else {
        return;
    };
    if cx.astro.db_type_supported(cx.tables, db.value) {
        return;
    }
    // The nearest supported types: the first is suggested, a unique one is also the fix.
    let supported = cx.astro.db_types();
    let nearest = suggestions(db.value, supported.iter().copied());
    let help = cx.astro.help(
        &nearest,
        &supported,
        "db.m6g and db.r6g (large to 16xlarge), db.r5 and db.m5 (large to 24xlarge)",
    );
    let message = cx.astro.say(
        &format!("metadata database type `{}`", db.value),
        format!(
            "metadata database type `{}` is not supported by Astro",
            db.value
        ),
    );
    let mut d = cx
        .finding(db.pointer, message)
        .with_help(help)
        .with_label("unsupported");
    if let [best] = nearest[..]
        && let Some(edit) =
            replace_scalar(&cx.document.source, cx.parsed, db.pointer, db.value, best)
    {
        d = d.with_fix(Fix {
            message: format!("replace with `{best}`"),
            applicability: Applicability::Unsafe,
            edits: vec![edit],
        });
    }
    out.push(d);
}
