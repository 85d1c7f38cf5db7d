use crate::context::{ACCOUNT_ID, Context, Emitter};
use crate::registry::rule;

rule! {
    /// The AWS credentials belong to another account than `account.id`; the other online
    /// rules do not run.
    ///
    /// ## What it checks
    ///
    /// `sts:GetCallerIdentity` for the credentials in use, against `account.id`.
    ///
    /// ## Why
    ///
    /// Every other online fact (regions, quotas, emptiness) would describe the wrong account.
    /// Either the manifest names the wrong account, or the wrong profile is in use.
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
    /// Checked with credentials of account 210987654321 (`sts:GetCallerIdentity`).
    ///
    /// ## Source
    ///
    /// AWS STS API Reference, `GetCallerIdentity`.
    id: "account-mismatch",
    severity: Error,
    kind: Online,
    facts: [IDENTITY],
    prerequisite: DEDICATED_ACCOUNT,
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    let Some(facts) = cx.facts else { return };
    let Some(identity) = facts.identity.value() else {
        return;
    };
    let Some(expected) = cx.account_id else {
        return;
    };
    if identity.account != expected {
        out.push(
            cx.finding(ACCOUNT_ID, format!("the AWS credentials belong to account {}, not {expected}; the other online checks did not run", identity.account))
                .with_help("use credentials (or `--profile`) for the account in the manifest, or correct `account.id`")
                .with_label("another account"),
        );
    }
}
