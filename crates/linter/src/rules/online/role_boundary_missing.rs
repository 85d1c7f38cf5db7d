use astro_preflight_facts::role::STACK_NAME;
use astro_preflight_manifest::InstallProfile;

use crate::context::{ACCOUNT_ID, Context, Emitter};
use crate::registry::rule;

/// What the name of the Hybrid install's permissions boundary policy contains: the install
/// page's monitoring pattern watches `*OperationalBoundary*`.
pub const BOUNDARY_NAME_PART: &str = "OperationalBoundary";

rule! {
    /// A Hybrid install's permissions boundary policy (a customer-managed policy whose name
    /// contains `OperationalBoundary`) does not exist in the account.
    ///
    /// ## What it checks
    ///
    /// Hybrid installs only: `iam:ListPolicies` with `Scope=Local` (the account's
    /// customer-managed policies, every page) holds a policy whose name contains
    /// `OperationalBoundary`. When the listing could not be made, `check-incomplete` says so
    /// and this rule does not run.
    ///
    /// ## Why
    ///
    /// The Hybrid install page has the customer create "the IAM policies used by Astro": the
    /// cross-account role Astro assumes *and* permissions boundaries for IAM entities, with
    /// Astronomer's CloudFormation stack `AstroCrossAccountRole`; the page's monitoring
    /// pattern watches changes to a policy named `*OperationalBoundary*`. Without the
    /// boundary, the roles Astro creates for the cluster cannot be bounded and the install
    /// fails.
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
    /// In an account whose customer-managed policies hold no `*OperationalBoundary*` policy.
    ///
    /// ## Source
    ///
    /// Astronomer's `astro/install-aws-hybrid.md` ("Create the IAM policies used by Astro.
    /// This includes a cross-account IAM role that Astro can assume and permissions
    /// boundaries for IAM entities"; the CloudWatch metric filter on
    /// `$.requestParameters.policyArn = "*OperationalBoundary*"`; the CloudFormation template
    /// `astronomer-remote-management-stack.yaml`, stack `AstroCrossAccountRole`).
    id: "role-boundary-missing",
    severity: Error,
    kind: Online,
    facts: [CUSTOMER_POLICIES],
    prerequisite: CROSS_ACCOUNT_ROLE,
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    if cx.profile != Some(InstallProfile::Hybrid) {
        return;
    }
    let Some(policies) = cx.facts.and_then(|f| f.customer_policies.value()) else {
        return;
    };
    if policies
        .iter()
        .any(|name| name.contains(BOUNDARY_NAME_PART))
    {
        return;
    }
    out.push(
        cx.finding(
            ACCOUNT_ID,
            format!(
                "no permissions boundary policy (a customer-managed policy named `*{BOUNDARY_NAME_PART}*`) exists in the account"
            ),
        )
        .with_help(format!(
            "create Astronomer's CloudFormation stack `{STACK_NAME}` (template `astronomer-remote-management-stack.yaml`, from the Hybrid install page): it creates the cross-account role and the permissions boundary that the roles of the cluster are bounded by"
        ))
        .with_label("no permissions boundary"),
    );
}
