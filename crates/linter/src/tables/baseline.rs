//! What a fresh AWS account, or one prepared for Astro as the install page says, already
//! holds: these resources do not make the account "used" (`account-not-empty`). Users allow
//! more with `[[allow.resources]]`.
//!
//! Sources: AWS IAM User Guide, "Service-linked roles" (path `/aws-service-role/`) and IAM
//! Identity Center's reserved path `/aws-reserved/`; AWS Organizations User Guide,
//! "OrganizationAccountAccessRole"; Astronomer's `astro/install-aws.md` (the
//! `AstroCrossAccountRole` stack and its role `astronomer-remote-management`). The default VPC
//! and its parts are not listed at all. As of 2026-11-25.

/// One baseline entry.
pub struct Baseline {
    pub kind: &'static str,
    /// The resource's ID or name; `None`: any.
    pub id: Option<&'static str>,
    /// For IAM: the path prefix; `None`: any.
    pub path_prefix: Option<&'static str>,
    pub reason: &'static str,
}

pub const BASELINE: &[Baseline] = &[
    Baseline {
        kind: "AWS::IAM::Role",
        id: None,
        path_prefix: Some("/aws-service-role/"),
        reason: "AWS service-linked role",
    },
    Baseline {
        kind: "AWS::IAM::Role",
        id: None,
        path_prefix: Some("/aws-reserved/"),
        reason: "AWS reserved role (IAM Identity Center)",
    },
    Baseline {
        kind: "AWS::IAM::Role",
        id: Some("OrganizationAccountAccessRole"),
        path_prefix: None,
        reason: "the role AWS Organizations creates in a new member account",
    },
    Baseline {
        kind: "AWS::IAM::Role",
        id: Some("astronomer-remote-management"),
        path_prefix: None,
        reason: "Astronomer's cross-account role, created by the install page",
    },
    Baseline {
        kind: "AWS::CloudFormation::Stack",
        id: Some("AstroCrossAccountRole"),
        path_prefix: None,
        reason: "Astronomer's cross-account role stack, created by the install page",
    },
];

/// Whether a resource belongs to the baseline.
pub fn is_baseline(kind: &str, id: &str, path: Option<&str>) -> bool {
    BASELINE.iter().any(|b| {
        b.kind == kind
            && b.id.is_none_or(|want| want == id)
            && b.path_prefix
                .is_none_or(|prefix| path.is_some_and(|p| p.starts_with(prefix)))
    })
}

#[cfg(test)]
mod tests {
    use super::is_baseline;

    #[test]
    fn the_baseline() {
        assert!(is_baseline(
            "AWS::IAM::Role",
            "AWSServiceRoleForSupport",
            Some("/aws-service-role/support.amazonaws.com/")
        ));
        assert!(is_baseline(
            "AWS::IAM::Role",
            "OrganizationAccountAccessRole",
            Some("/")
        ));
        assert!(is_baseline(
            "AWS::CloudFormation::Stack",
            "AstroCrossAccountRole",
            None
        ));
        assert!(!is_baseline("AWS::IAM::Role", "admin", Some("/")));
        assert!(!is_baseline(
            "AWS::S3::Bucket",
            "OrganizationAccountAccessRole",
            None
        ));
    }
}
