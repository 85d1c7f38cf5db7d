use astro_preflight_facts::role::{ASTRONOMER_ACCOUNT, Condition, ROLE_NAME, TrustStatement};

use crate::context::{ACCOUNT_ID, Context, Emitter};
use crate::registry::rule;
use crate::wildcard;

use super::existing_role;

rule! {
    /// The cross-account role's trust policy does not let Astronomer, and only Astronomer,
    /// assume it with the external ID.
    ///
    /// ## What it checks
    ///
    /// The trust policy of `astronomer-remote-management` (`iam:GetRole`; URL-decoded and
    /// normalised: a principal as a string or a list, an account as its ID or its `:root`
    /// ARN, condition keys in any case). It must have an `Allow` statement that lets
    /// Astronomer's account `406882777402` call `sts:AssumeRole` under a `StringEquals`
    /// condition on `sts:ExternalId`. Each of these is reported, saying which part is wrong:
    ///
    /// - no statement lets Astronomer's account assume the role;
    /// - that statement has no condition on `sts:ExternalId`;
    /// - the condition is `StringLike` (or another operator than `StringEquals`), or its value
    ///   holds a wildcard (`*`, `?`);
    /// - when the environment variable `ASTRO_EXTERNAL_ID` is set, the condition's value is
    ///   not that external ID ("the external ID differs from ASTRO_EXTERNAL_ID");
    /// - any `Allow` statement lets another principal assume the role: `*`, another account,
    ///   a service or a federated identity, or every principal but some (`NotPrincipal`).
    ///
    /// The external ID is a secret: the facts hold only its SHA-256 digest, and neither the
    /// role's value nor `ASTRO_EXTERNAL_ID` is ever printed, in any format. Does not run when
    /// the role does not exist (`role-missing`).
    ///
    /// ## Why
    ///
    /// The external ID is what stops another Astronomer customer from steering Astronomer
    /// into this account (the "confused deputy"): without the condition, or with a wildcard,
    /// it protects nothing. A second statement that trusts someone else hands the account's
    /// administration to them.
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
    /// When the role's trust policy has no `sts:ExternalId` condition.
    ///
    /// The expected statement (the external ID as a placeholder):
    ///
    /// ```json
    /// {
    ///   "Effect": "Allow",
    ///   "Principal": { "AWS": "arn:aws:iam::406882777402:root" },
    ///   "Action": "sts:AssumeRole",
    ///   "Condition": { "StringEquals": { "sts:ExternalId": "<EXTERNAL_ID>" } }
    /// }
    /// ```
    ///
    /// ## Source
    ///
    /// Astronomer's `astro/install-aws-hybrid.md` (the CloudFormation template, parameter
    /// `ExternalId`); AWS IAM User Guide, "Access to AWS accounts owned by third parties".
    id: "role-trust-invalid",
    severity: Error,
    kind: Online,
    facts: [ROLE],
    prerequisite: CROSS_ACCOUNT_ROLE,
    check: check,
}

/// The statement the trust policy must hold, with the external ID as a placeholder.
pub(crate) const EXPECTED_STATEMENT: &str = r#"{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::406882777402:root"}, "Action": "sts:AssumeRole", "Condition": {"StringEquals": {"sts:ExternalId": "<EXTERNAL_ID>"}}}"#;

/// The actions by which a principal assumes a role.
const ASSUME_ACTIONS: [&str; 3] = [
    "sts:AssumeRole",
    "sts:AssumeRoleWithSAML",
    "sts:AssumeRoleWithWebIdentity",
];

/// Whether the statement's actions include `action`.
fn allows(statement: &TrustStatement, action: &str) -> bool {
    let listed = statement
        .actions
        .iter()
        .any(|a| wildcard::iam_action(a, action));
    listed != statement.not_action
}

fn is_allow(statement: &TrustStatement) -> bool {
    statement.effect.eq_ignore_ascii_case("Allow")
}

/// "statement 2 (Sid \"Other\")".
fn name(index: usize, statement: &TrustStatement) -> String {
    match &statement.sid {
        Some(sid) if !sid.is_empty() => format!("statement {} (Sid \"{sid}\")", index + 1),
        _ => format!("statement {}", index + 1),
    }
}

/// What is wrong with an external-ID condition; `None` when it is right.
fn condition_problem(condition: &Condition, expected: Option<&str>) -> Option<&'static str> {
    if !condition.operator.eq_ignore_ascii_case("StringEquals") {
        if condition.operator.to_ascii_lowercase().contains("like") {
            return Some(
                "its sts:ExternalId condition uses StringLike, which matches patterns: it must be StringEquals",
            );
        }
        return Some("its sts:ExternalId condition does not use StringEquals");
    }
    if condition.wildcard {
        return Some(
            "its sts:ExternalId condition is a wildcard: it must be the exact external ID",
        );
    }
    if condition.values.is_empty() {
        return Some("its sts:ExternalId condition has no value");
    }
    if let Some(expected) = expected
        && !condition.values.iter().any(|v| v == expected)
    {
        return Some("the external ID differs from ASTRO_EXTERNAL_ID");
    }
    None
}

/// What is wrong with a statement that trusts Astronomer's account; `None` when it is right.
fn astronomer_problem(statement: &TrustStatement, expected: Option<&str>) -> Option<&'static str> {
    let conditions: Vec<&Condition> = statement
        .conditions
        .iter()
        .filter(|c| c.is_external_id())
        .collect();
    if conditions.is_empty() {
        return Some(
            "it has no condition on sts:ExternalId, so anyone at Astronomer's account can assume the role for any customer",
        );
    }
    // Conditions are all required: one right condition is enough.
    let problems: Vec<Option<&'static str>> = conditions
        .iter()
        .map(|c| condition_problem(c, expected))
        .collect();
    if problems.iter().any(Option::is_none) {
        return None;
    }
    problems.into_iter().flatten().next()
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    let Some(role) = existing_role(cx) else {
        return;
    };
    let expected = cx.settings.external_id_digest.as_deref();
    let help = format!(
        "the trust policy needs this statement (with your external ID): {EXPECTED_STATEMENT}"
    );
    let mut finding = |message: String, label: &str| {
        out.push(
            cx.finding(ACCOUNT_ID, message)
                .with_help(help.clone())
                .with_label(label.to_owned()),
        );
    };
    if let Some(why) = &role.trust_unreadable {
        finding(
            format!("the trust policy of the role {ROLE_NAME} could not be read: {why}"),
            "trust policy unreadable",
        );
        return;
    }

    // Astronomer's statements: Allow, naming Astronomer's account.
    let astronomer: Vec<(usize, &TrustStatement)> = role
        .trust
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            is_allow(s)
                && !s.not_principal
                && s.principals
                    .iter()
                    .any(|p| p.is_account(ASTRONOMER_ACCOUNT))
        })
        .collect();
    let assuming: Vec<&(usize, &TrustStatement)> = astronomer
        .iter()
        .filter(|(_, s)| allows(s, "sts:AssumeRole"))
        .collect();
    if assuming.is_empty() {
        let message = match astronomer.first() {
            Some((index, s)) => format!(
                "the trust policy of the role {ROLE_NAME} names Astronomer's account {ASTRONOMER_ACCOUNT} ({}) but does not allow it sts:AssumeRole",
                name(*index, s)
            ),
            None => format!(
                "the trust policy of the role {ROLE_NAME} does not let Astronomer's account {ASTRONOMER_ACCOUNT} assume the role"
            ),
        };
        finding(message, "Astronomer cannot assume the role");
    } else {
        let problems: Vec<(usize, &TrustStatement, Option<&'static str>)> = assuming
            .iter()
            .map(|(i, s)| (*i, *s, astronomer_problem(s, expected)))
            .collect();
        if problems.iter().all(|(_, _, p)| p.is_some())
            && let Some((index, s, Some(problem))) = problems.first()
        {
            finding(
                format!(
                    "the trust policy of the role {ROLE_NAME}: {} lets Astronomer's account {ASTRONOMER_ACCOUNT} assume the role, but {problem}",
                    name(*index, s)
                ),
                "external ID not required",
            );
        }
    }

    // Anyone else who may assume the role.
    for (index, statement) in role.trust.iter().enumerate() {
        if !is_allow(statement) || !ASSUME_ACTIONS.iter().any(|a| allows(statement, a)) {
            continue;
        }
        let others: Vec<String> = if statement.not_principal {
            vec!["every principal but those of its NotPrincipal".to_owned()]
        } else {
            statement
                .principals
                .iter()
                .filter(|p| p.account() != Some(ASTRONOMER_ACCOUNT))
                .map(|p| {
                    if p.kind == "AWS" {
                        p.id.clone()
                    } else {
                        format!("{} {}", p.kind, p.id)
                    }
                })
                .collect()
        };
        if others.is_empty() {
            continue;
        }
        finding(
            format!(
                "the trust policy of the role {ROLE_NAME}: {} lets another principal than Astronomer's account assume the role: {}",
                name(index, statement),
                others.join(", ")
            ),
            "trusts another principal",
        );
    }
}
