//! `--assume-role`: a session in another account, for its facts and inventory.
//!
//! The role is a name (`astro-preflight`, or with a path `team/astro-preflight`), assumed in
//! each manifest's account, or an ARN in which `{account}` stands for the manifest's account
//! (`arn:aws:iam::{account}:role/astro-preflight`). One `sts:AssumeRole` call per account, with
//! the caller's credentials, session name `astro-preflight`; the temporary credentials last
//! longer than any gathering (one hour), so they are not refreshed.

use std::time::SystemTime;

use astro_preflight_facts::arn::Arn;
use astro_preflight_facts::{FactError, FactErrorKind, Identity, actions};
use aws_config::SdkConfig;
use aws_credential_types::Credentials;
use aws_credential_types::provider::SharedCredentialsProvider;

use crate::budget::Budget;

/// The role session name, as CloudTrail shows it in the assumed account.
pub const SESSION_NAME: &str = "astro-preflight";

/// What `{account}` stands for in a role ARN.
pub const ACCOUNT_PLACEHOLDER: &str = "{account}";

/// Checks an `--assume-role` value before any call: a role name (with an optional path) or a
/// role ARN. The message says what is wrong.
pub fn check_role(role: &str) -> Result<(), String> {
    role_arn(role, "123456789012", "aws").map(|_| ())
}

/// The ARN of the role to assume in `account_id`.
pub fn role_arn(role: &str, account_id: &str, partition: &str) -> Result<String, String> {
    let role = role.trim();
    if role.is_empty() {
        return Err("the role to assume is empty".to_owned());
    }
    if role.starts_with("arn:") {
        let arn = role.replace(ACCOUNT_PLACEHOLDER, account_id);
        // arn:PARTITION:iam::ACCOUNT:role/PATH/NAME
        let Some(parts) = Arn::parse(&arn).filter(|a| {
            !a.partition.is_empty()
                && a.service == "iam"
                && a.region.is_empty()
                && a.account.len() == 12
                && a.account.bytes().all(|b| b.is_ascii_digit())
                && a.resource
                    .strip_prefix("role/")
                    .is_some_and(valid_role_path)
        }) else {
            return Err(format!(
                "`{role}` is not an IAM role ARN (arn:aws:iam::{ACCOUNT_PLACEHOLDER}:role/NAME)"
            ));
        };
        if parts.account != account_id {
            return Err(format!(
                "the role `{role}` is in account {}, not in {account_id}; write \
                 {ACCOUNT_PLACEHOLDER} for the account in the ARN, or give the role's name",
                parts.account
            ));
        }
        return Ok(arn);
    }
    if !valid_role_path(role) {
        return Err(format!(
            "`{role}` is not a role name (letters, digits and +=,.@_- ; a path before it with /) \
             or a role ARN"
        ));
    }
    Ok(format!("arn:{partition}:iam::{account_id}:role/{role}"))
}

/// `NAME` or `PATH/NAME`: IAM's characters, at most 64 for the name.
fn valid_role_path(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or_default();
    let allowed = |c: char| c.is_ascii_alphanumeric() || "+=,.@_-".contains(c);
    !name.is_empty()
        && name.len() <= 64
        && path.split('/').all(|segment| segment.chars().all(allowed))
        && !path.starts_with('/')
}

/// The partition of a region: `aws-cn` for China, `aws-us-gov` for GovCloud, else `aws`.
pub(crate) fn partition(region: Option<&str>) -> &'static str {
    match region {
        Some(r) if r.starts_with("cn-") => "aws-cn",
        Some(r) if r.starts_with("us-gov-") => "aws-us-gov",
        Some(r) if r.starts_with("us-isob-") => "aws-iso-b",
        Some(r) if r.starts_with("us-iso-") => "aws-iso",
        _ => "aws",
    }
}

/// The SDK configuration of a session of `role` in `account_id`: `base` with the temporary
/// credentials of one `sts:AssumeRole` call (made with `base`'s credentials).
pub(crate) async fn config_for_account(
    base: &SdkConfig,
    role: &str,
    account_id: &str,
    budget: &Budget,
) -> Result<SdkConfig, FactError> {
    let action = actions::STS_ASSUME_ROLE;
    let fail = |kind: FactErrorKind, message: String| FactError {
        action: action.to_owned(),
        kind,
        message,
    };
    let partition = partition(base.region().map(|r| r.as_ref()));
    let arn = role_arn(role, account_id, partition).map_err(|m| fail(FactErrorKind::Service, m))?;
    let sts = aws_sdk_sts::Client::new(base);
    let request = sts
        .assume_role()
        .role_arn(&arn)
        .role_session_name(SESSION_NAME)
        .send();
    let out = budget
        .call(request)
        .await
        .map_err(|err| err.into_fact_error(action))?;
    let Some(credentials) = out.credentials() else {
        return Err(fail(
            FactErrorKind::Service,
            "unexpected answer: no Credentials".to_owned(),
        ));
    };
    // The session acts in the account of the role it assumed.
    if let Some(assumed) = out.assumed_role_user().map(|u| u.arn())
        && let Some(account) = Arn::parse(assumed).map(|a| a.account)
        && account != account_id
    {
        return Err(fail(
            FactErrorKind::Service,
            format!("assuming {arn} gave a session in account {account}, not {account_id}"),
        ));
    }
    let expiry = SystemTime::try_from(*credentials.expiration()).ok();
    let credentials = Credentials::new(
        credentials.access_key_id(),
        credentials.secret_access_key(),
        Some(credentials.session_token().to_owned()),
        expiry,
        "astro-preflight-assume-role",
    );
    Ok(base
        .to_builder()
        .credentials_provider(SharedCredentialsProvider::new(credentials))
        .build())
}

/// The identity of a session made by [`config_for_account`]: the account itself.
pub(crate) fn identity_of(account_id: &str) -> Identity {
    Identity {
        account: account_id.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ACCOUNT: &str = "111122223333";

    #[test]
    fn a_role_name_becomes_an_arn_in_the_account() {
        assert_eq!(
            role_arn("astro-preflight", ACCOUNT, "aws").as_deref(),
            Ok("arn:aws:iam::111122223333:role/astro-preflight")
        );
        assert_eq!(
            role_arn("team/astro-preflight", ACCOUNT, "aws-cn").as_deref(),
            Ok("arn:aws-cn:iam::111122223333:role/team/astro-preflight")
        );
    }

    #[test]
    fn the_placeholder_of_an_arn_is_the_account() {
        assert_eq!(
            role_arn("arn:aws:iam::{account}:role/ops/preflight", ACCOUNT, "aws").as_deref(),
            Ok("arn:aws:iam::111122223333:role/ops/preflight")
        );
        // An ARN of that very account needs no placeholder.
        assert!(role_arn("arn:aws:iam::111122223333:role/preflight", ACCOUNT, "aws").is_ok());
    }

    #[test]
    fn bad_roles_are_refused_with_a_reason() {
        let other = role_arn("arn:aws:iam::999999999999:role/preflight", ACCOUNT, "aws");
        assert!(
            other.as_ref().is_err_and(|m| m.contains("{account}")),
            "{other:?}"
        );
        for bad in [
            "",
            "  ",
            "arn:aws:iam::{account}:user/preflight",
            "arn:aws:s3:::bucket",
            "arn:aws:iam::12:role/x",
            "role with spaces",
            "/leading",
            "a:b",
            "trailing/",
        ] {
            assert!(check_role(bad).is_err(), "{bad:?} was accepted");
        }
        assert!(check_role("astro-preflight").is_ok());
        assert!(check_role("arn:aws:iam::{account}:role/astro-preflight").is_ok());
    }

    #[test]
    fn partitions_follow_the_region() {
        assert_eq!(partition(Some("us-east-1")), "aws");
        assert_eq!(partition(Some("cn-north-1")), "aws-cn");
        assert_eq!(partition(Some("us-gov-west-1")), "aws-us-gov");
        assert_eq!(partition(None), "aws");
    }
}
