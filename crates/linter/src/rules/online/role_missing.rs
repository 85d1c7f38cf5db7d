use astro_preflight_facts::role::{ROLE_NAME, STACK_NAME};

use crate::context::{ACCOUNT_ID, Context, Emitter};
use crate::registry::rule;

rule! {
    /// Astronomer's cross-account role `astronomer-remote-management` does not exist in the
    /// account.
    ///
    /// ## What it checks
    ///
    /// `iam:GetRole` for `astronomer-remote-management`. When the role does not exist,
    /// `role-trust-invalid` and `role-policy-missing` do not run (nothing to check), and the
    /// role's permissions for an opt-in region (`region-opt-in-setup`) are not asked.
    ///
    /// ## Why
    ///
    /// Astronomer installs and operates the cluster through this role: the install pages have
    /// the customer create it, before the install, from Astronomer's CloudFormation template
    /// (stack `AstroCrossAccountRole`, parameter `ExternalId`: the external ID Astronomer
    /// gave). Without it the install cannot start.
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
    /// In a fresh account in which the CloudFormation stack was never created.
    ///
    /// ## Source
    ///
    /// Astronomer's `astro/install-aws-hybrid.md` ("Create a cross-account IAM role for
    /// Astro").
    id: "role-missing",
    severity: Error,
    kind: Online,
    facts: [ROLE],
    prerequisite: CROSS_ACCOUNT_ROLE,
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    let Some(role) = cx.facts.and_then(|f| f.role.value()) else {
        return;
    };
    if role.is_some() {
        return;
    }
    out.push(
        cx.finding(
            ACCOUNT_ID,
            format!("the cross-account role {ROLE_NAME} does not exist in the account"),
        )
        .with_help(format!(
            "create it with Astronomer's CloudFormation template: stack `{STACK_NAME}`, parameter `ExternalId` set to the external ID Astronomer gave you (keep it out of the manifest)"
        ))
        .with_label("no cross-account role"),
    );
}
