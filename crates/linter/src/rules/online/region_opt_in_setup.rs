use astro_preflight_facts::role::{REGION_ACTIONS, ROLE_NAME};

use crate::context::{ACCOUNT_ID, Context, Emitter};
use crate::registry::rule;
use crate::tables::regions::is_opt_in;

use super::{existing_role, region_name};

rule! {
    /// The region is opt-in and the account's extra set-up for it is incomplete.
    ///
    /// ## What it checks
    ///
    /// Only for a `cluster.region` that AWS disables by default (opt-in, e.g. `ap-east-1`,
    /// `me-south-1`, `af-south-1`, `eu-south-1`):
    ///
    /// - the cross-account role `astronomer-remote-management` may call
    ///   `account:EnableRegion`, `account:DisableRegion` and `account:ListRegions`
    ///   (`iam:SimulatePrincipalPolicy` on the role, its permissions boundary included); each
    ///   denied action is named. Not asked when the role does not exist (`role-missing`).
    /// - the tokens of the account's STS global endpoint are version 2, valid in every region
    ///   (`iam:GetAccountSummary`, `GlobalEndpointTokenVersion`).
    ///
    /// Both are asked only when a manifest of the account is in an opt-in region.
    ///
    /// ## Why
    ///
    /// Astronomer's install pages ask for this set-up in an opt-in region. They say to add the
    /// actions to the role's "trust relationship": that is a mistake, the trust policy only
    /// says who may assume the role; the actions belong in its permissions policy. They also
    /// ask for `aws-portal:ViewAccount`, a legacy action (the `aws-portal` namespace left
    /// standard support in July 2023): it is mentioned, not required. Version 1 tokens of the
    /// global STS endpoint are refused by opt-in regions.
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
    ///   region: me-south-1
    /// ```
    ///
    /// In an account whose STS global endpoint still issues version 1 tokens (or whose role lacks
    /// `account:ListRegions`).
    ///
    /// ## Source
    ///
    /// Astronomer's `astro/install-aws-hybrid.md` (opt-in regions); AWS Account Management
    /// Reference (enabling regions); AWS IAM User Guide, "Managing AWS STS in an AWS Region".
    id: "region-opt-in-setup",
    severity: Error,
    kind: Online,
    facts: [ROLE, ROLE_REGION_ACTIONS, STS_TOKEN_VERSION],
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    let (Some(facts), Some(region)) = (cx.facts, cx.region) else {
        return;
    };
    if !is_opt_in(region.value) {
        return;
    }
    let region = region_name(cx);
    if existing_role(cx).is_some()
        && let Some(decisions) = facts.role_region_actions.value()
    {
        let denied: Vec<&str> = REGION_ACTIONS
            .iter()
            .copied()
            .filter(|action| {
                !decisions
                    .iter()
                    .any(|d| d.action.eq_ignore_ascii_case(action) && d.is_allowed())
            })
            .collect();
        if !denied.is_empty() {
            out.push(
                cx.finding(
                    ACCOUNT_ID,
                    format!(
                        "{region} is an opt-in region and the role {ROLE_NAME} may not call {}",
                        denied.join(", ")
                    ),
                )
                .with_help(format!(
                    "allow {} in the role's permissions policy (not its trust policy, which the install page calls the \"trust relationship\": that only says who may assume the role); the page also asks for aws-portal:ViewAccount, a legacy action that is not needed",
                    REGION_ACTIONS.join(", ")
                ))
                .with_label("opt-in region set-up incomplete"),
            );
        }
    }
    if facts.sts_token_version.value() == Some(&Some(1)) {
        out.push(
            cx.finding(
                ACCOUNT_ID,
                format!("{region} is an opt-in region and the account's STS global endpoint issues version 1 tokens, which opt-in regions refuse"),
            )
            .with_help("switch to version 2 tokens: `aws iam set-security-token-service-preferences --global-endpoint-token-version v2Token`")
            .with_label("opt-in region set-up incomplete"),
        );
    }
}
