use astro_preflight_manifest::InstallProfile;

use crate::context::{Context, Emitter};
use crate::diagnostic::{Applicability, Fix};
use crate::fix::remove_entry_line;
use crate::registry::rule;

rule! {
    /// `dbInstanceType` is set for a cross-account-role install, which does not take it.
    ///
    /// ## What it checks
    ///
    /// Whether `cluster.dbInstanceType` is present when `install` is `cross-account-role`.
    ///
    /// ## Why
    ///
    /// Only the hybrid install asks for a metadata database type; the cross-account-role
    /// install ignores it, so the value you wrote has no effect.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// install: cross-account-role
    /// cluster:
    ///   dbInstanceType: db.r5.large   # ignored
    /// ```
    ///
    /// ## Fix
    ///
    /// Unsafe (`check --fix --unsafe-fixes`): the `dbInstanceType` line is removed (not when it
    /// shares its line with other keys, in flow style).
    ///
    /// ## Source
    ///
    /// Astronomer's `astro/install-aws-hybrid.md` (hybrid asks for the RDS type) and the
    /// earlier `astro/install-aws.md` (cross-account role, no RDS type).
    id: "db-instance-type-ignored",
    severity: Warning,
    kind: Offline,
    fix: Unsafe,
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    if cx.profile != Some(InstallProfile::CrossAccountRole) {
        return;
    }
    let Some(db) = cx.db_instance_type else {
        return;
    };
    let mut d = cx
        .finding(
            db.pointer,
            format!(
                "`dbInstanceType` ({}) has no effect on a cross-account-role install",
                db.value
            ),
        )
        .with_help("remove it, or use `install: hybrid` if you meant the hybrid install")
        .with_label("ignored");
    if let Some(edit) = remove_entry_line(&cx.document.source, cx.parsed, db.pointer) {
        d = d.with_fix(Fix {
            message: "remove the `dbInstanceType` line".to_owned(),
            applicability: Applicability::Unsafe,
            edits: vec![edit],
        });
    }
    out.push(d);
}
