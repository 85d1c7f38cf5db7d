use astro_preflight_facts::role::{POLICY_NAME, ROLE_NAME, STACK_NAME};

use crate::context::{ACCOUNT_ID, Context, Emitter};
use crate::registry::rule;

use super::existing_role;

rule! {
    /// The managed policy `AstronomerCrossAccountRole` is not attached to the cross-account
    /// role.
    ///
    /// ## What it checks
    ///
    /// `iam:ListAttachedRolePolicies` of `astronomer-remote-management`: one of the attached
    /// managed policies must be named `AstronomerCrossAccountRole`. Does not run when the role
    /// does not exist (`role-missing`).
    ///
    /// ## Why
    ///
    /// The policy holds the permissions Astronomer needs to build and run the cluster; the
    /// CloudFormation template creates it and attaches it to the role. A role without it can
    /// be assumed but can do nothing, and the install fails part-way.
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
    /// When the role has only `ReadOnlyAccess` attached: the policy was detached, or the role was
    /// made by hand without it.
    ///
    /// ## Source
    ///
    /// Astronomer's `astro/install-aws-hybrid.md` (the CloudFormation template
    /// `AstroCrossAccountRole`).
    id: "role-policy-missing",
    severity: Error,
    kind: Online,
    facts: [ROLE, ROLE_POLICIES],
    prerequisite: CROSS_ACCOUNT_ROLE,
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    if existing_role(cx).is_none() {
        return;
    }
    let Some(policies) = cx.facts.and_then(|f| f.role_policies.value()) else {
        return;
    };
    if policies.iter().any(|p| p.name == POLICY_NAME) {
        return;
    }
    let attached = if policies.is_empty() {
        "no managed policy is attached".to_owned()
    } else {
        let names: Vec<&str> = policies.iter().map(|p| p.name.as_str()).collect();
        format!("attached: {}", names.join(", "))
    };
    out.push(
        cx.finding(
            ACCOUNT_ID,
            format!("the managed policy {POLICY_NAME} is not attached to the role {ROLE_NAME} ({attached})"),
        )
        .with_help(format!(
            "attach it (`aws iam attach-role-policy --role-name {ROLE_NAME} --policy-arn arn:aws:iam::ACCOUNT:policy/{POLICY_NAME}`), or update the CloudFormation stack `{STACK_NAME}` so that it is recreated"
        ))
        .with_label("policy not attached"),
    );
}
