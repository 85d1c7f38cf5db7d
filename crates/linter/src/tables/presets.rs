//! Landing-zone presets: what a landing zone creates in every account it vends, entry by
//! entry, each with its source and date. `[allow] presets = ["control-tower"]` in
//! `astro-preflight.toml` allows a preset's entries (`account-not-empty`); a preset that is not
//! enabled is still recognised, and the finding names it.
//!
//! A preset never allows a VPC, a subnet or anything else that carries traffic: Account
//! Factory's optional VPC (and its stack) are entries that are only *named* (`allows: false`),
//! so that the customer confirms them with Astronomer support or removes them.

/// Where an entry comes from, and when it was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    pub title: &'static str,
    pub url: &'static str,
    pub as_of: &'static str,
}

/// AWS Control Tower User Guide, "Resource considerations for Account Factory".
pub const CONTROL_TOWER_SOURCE: Source = Source {
    title: "AWS Control Tower User Guide, \"Resource considerations for Account Factory\"",
    url: "https://docs.aws.amazon.com/controltower/latest/userguide/account-factory-considerations.html",
    as_of: "2026-12-07",
};

/// AWS CDK v2 Developer Guide, "Bootstrapping", and the bootstrap template of the aws-cdk CLI.
pub const CDK_SOURCE: Source = Source {
    title: "AWS CDK v2 Developer Guide, \"Bootstrapping\", and the bootstrap template of the aws-cdk CLI",
    url: "https://docs.aws.amazon.com/cdk/v2/guide/bootstrapping.html",
    as_of: "2026-12-07",
};

/// One thing a landing zone creates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PresetEntry {
    /// The CloudFormation type.
    pub kind: &'static str,
    /// The resource's name or ID; `*` matches any run of characters. An ARN is matched whole
    /// and by its last part (the name after the last `:` or `/`).
    pub id: &'static str,
    /// What it is, for the documentation and the finding ("before landing zone 3.0").
    pub what: &'static str,
    /// Whether enabling the preset allows it; `false` for what carries traffic (a VPC), which
    /// is only named.
    pub allows: bool,
    pub source: Source,
}

/// A landing zone's preset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Preset {
    /// Its name in `[allow] presets`.
    pub name: &'static str,
    /// Whose baseline, in a sentence: "AWS Control Tower's baseline".
    pub title: &'static str,
    pub entries: &'static [PresetEntry],
}

const fn ct(kind: &'static str, id: &'static str, what: &'static str) -> PresetEntry {
    PresetEntry {
        kind,
        id,
        what,
        allows: true,
        source: CONTROL_TOWER_SOURCE,
    }
}

const fn cdk(kind: &'static str, id: &'static str, what: &'static str) -> PresetEntry {
    PresetEntry {
        kind,
        id,
        what,
        allows: true,
        source: CDK_SOURCE,
    }
}

/// The stack of Account Factory's optional VPC.
pub const ACCOUNT_FACTORY_VPC_STACK: &str = "StackSet-AWSControlTowerBP-VPC-ACCOUNT-FACTORY-V1-*";

/// Every preset.
pub const PRESETS: &[Preset] = &[
    Preset {
        name: "control-tower",
        title: "AWS Control Tower's baseline",
        entries: &[
            ct(
                "AWS::CloudFormation::Stack",
                "StackSet-AWSControlTowerBP-BASELINE-CLOUDTRAIL-*",
                "Account Factory's CloudTrail stack (landing zones before 3.0)",
            ),
            ct(
                "AWS::CloudFormation::Stack",
                "StackSet-AWSControlTowerBP-BASELINE-CLOUDWATCH-*",
                "Account Factory's CloudWatch stack",
            ),
            ct(
                "AWS::CloudFormation::Stack",
                "StackSet-AWSControlTowerBP-BASELINE-CONFIG-*",
                "Account Factory's Config stack",
            ),
            ct(
                "AWS::CloudFormation::Stack",
                "StackSet-AWSControlTowerBP-BASELINE-ROLES-*",
                "Account Factory's roles stack",
            ),
            ct(
                "AWS::CloudFormation::Stack",
                "StackSet-AWSControlTowerBP-BASELINE-SERVICE-ROLES-*",
                "Account Factory's service roles stack",
            ),
            ct(
                "AWS::CloudTrail::Trail",
                "aws-controltower-BaselineCloudTrail",
                "the baseline trail",
            ),
            ct(
                "AWS::Config::DeliveryChannel",
                "aws-controltower-BaselineConfigDeliveryChannel",
                "the Config delivery channel",
            ),
            ct(
                "AWS::Config::ConfigurationRecorder",
                "aws-controltower-BaselineConfigRecorder",
                "the Config recorder",
            ),
            ct(
                "AWS::Logs::LogGroup",
                "/aws/lambda/aws-controltower-NotificationForwarder",
                "the notification forwarder's log group",
            ),
            ct(
                "AWS::Logs::LogGroup",
                "aws-controltower/CloudTrailLogs",
                "the trail's log group (older landing zones)",
            ),
            ct(
                "AWS::IAM::Role",
                "aws-controltower-AdministratorExecutionRole",
                "the administrator execution role",
            ),
            ct(
                "AWS::IAM::Role",
                "aws-controltower-CloudWatchLogsRole",
                "the trail's CloudWatch Logs role (landing zones before 3.0)",
            ),
            ct(
                "AWS::IAM::Role",
                "aws-controltower-ConfigRecorderRole",
                "the Config recorder's role (landing zones before 2.8)",
            ),
            ct(
                "AWS::IAM::Role",
                "aws-controltower-ForwardSnsNotificationRole",
                "the notification forwarder's role",
            ),
            ct(
                "AWS::IAM::Role",
                "aws-controltower-ReadOnlyExecutionRole",
                "the read-only execution role",
            ),
            ct(
                "AWS::IAM::Role",
                "AWSControlTowerExecution",
                "Control Tower's execution role",
            ),
            ct(
                "AWS::SNS::Topic",
                "aws-controltower-SecurityNotifications",
                "the security notifications topic",
            ),
            ct(
                "AWS::Lambda::Function",
                "aws-controltower-NotificationForwarder",
                "the notification forwarder",
            ),
            ct(
                "AWS::Events::Rule",
                "AWSControlTowerManagedRule",
                "Control Tower's managed EventBridge rule",
            ),
            ct(
                "AWS::Events::Rule",
                "aws-controltower-ConfigComplianceChangeEventRule",
                "the Config compliance EventBridge rule",
            ),
            PresetEntry {
                kind: "AWS::CloudFormation::Stack",
                id: ACCOUNT_FACTORY_VPC_STACK,
                what: "Account Factory's VPC stack: confirm the VPC with Astronomer support or remove it",
                allows: false,
                source: CONTROL_TOWER_SOURCE,
            },
        ],
    },
    Preset {
        name: "cdk-bootstrap",
        title: "the AWS CDK bootstrap",
        entries: &[
            cdk(
                "AWS::CloudFormation::Stack",
                "CDKToolkit",
                "the bootstrap stack",
            ),
            cdk(
                "AWS::S3::Bucket",
                "cdk-*-assets-*",
                "the file assets bucket (any qualifier)",
            ),
            cdk(
                "AWS::ECR::Repository",
                "cdk-*-container-assets-*",
                "the container assets repository (any qualifier)",
            ),
            cdk(
                "AWS::IAM::Role",
                "cdk-*-deploy-role-*",
                "the deployment role",
            ),
            cdk(
                "AWS::IAM::Role",
                "cdk-*-file-publishing-role-*",
                "the file publishing role",
            ),
            cdk(
                "AWS::IAM::Role",
                "cdk-*-image-publishing-role-*",
                "the image publishing role",
            ),
            cdk("AWS::IAM::Role", "cdk-*-lookup-role-*", "the lookup role"),
            cdk(
                "AWS::IAM::Role",
                "cdk-*-cfn-exec-role-*",
                "the CloudFormation execution role",
            ),
            cdk(
                "AWS::SSM::Parameter",
                "/cdk-bootstrap/*/version",
                "the bootstrap version parameter",
            ),
        ],
    },
];

impl PresetEntry {
    /// Whether a resource of this type and ID is this entry.
    pub fn matches(&self, kind: &str, id: &str) -> bool {
        self.kind == kind
            && (crate::wildcard::matches(self.id, id, &['*'], false)
                || (id.starts_with("arn:")
                    && id.rsplit([':', '/']).next().is_some_and(|name| {
                        crate::wildcard::matches(self.id, name, &['*'], false)
                    })))
    }
}

impl Preset {
    /// The entry a resource is, if any.
    pub fn entry(&self, kind: &str, id: &str) -> Option<&'static PresetEntry> {
        self.entries.iter().find(|e| e.matches(kind, id))
    }
}

/// A preset by name.
pub fn find(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.name == name)
}

/// Every preset's name.
pub fn names() -> Vec<&'static str> {
    PRESETS.iter().map(|p| p.name).collect()
}

/// What each preset allows, as Markdown: for `astro-preflight rules account-not-empty`, the
/// rule's page and `docs/online.md`.
pub fn markdown() -> String {
    let mut out = String::new();
    for preset in PRESETS {
        out.push_str(&format!("- `{}` ({}):\n", preset.name, preset.title));
        let mut sources: Vec<Source> = Vec::new();
        for e in preset.entries {
            out.push_str(&format!(
                "  - {} `{}`: {}{}\n",
                e.kind,
                e.id,
                e.what,
                if e.allows {
                    ""
                } else {
                    " (named, not allowed)"
                }
            ));
            if !sources.contains(&e.source) {
                sources.push(e.source);
            }
        }
        for s in sources {
            out.push_str(&format!(
                "  - source: {}, {}, read {}\n",
                s.title, s.url, s.as_of
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entries_match_by_name_and_arn() {
        let ct = find("control-tower").unwrap();
        assert!(
            ct.entry("AWS::IAM::Role", "AWSControlTowerExecution")
                .is_some()
        );
        assert!(
            ct.entry(
                "AWS::SNS::Topic",
                "arn:aws:sns:us-east-1:123456789012:aws-controltower-SecurityNotifications"
            )
            .is_some()
        );
        assert!(
            ct.entry(
                "AWS::CloudFormation::Stack",
                "StackSet-AWSControlTowerBP-BASELINE-CONFIG-3f2a"
            )
            .is_some_and(|e| e.allows)
        );
        assert!(
            ct.entry(
                "AWS::CloudFormation::Stack",
                "StackSet-AWSControlTowerBP-VPC-ACCOUNT-FACTORY-V1-9c1d"
            )
            .is_some_and(|e| !e.allows)
        );
        assert!(ct.entry("AWS::IAM::Role", "admin").is_none());
        let cdk = find("cdk-bootstrap").unwrap();
        assert!(
            cdk.entry(
                "AWS::S3::Bucket",
                "cdk-abc123xyz-assets-123456789012-eu-west-1"
            )
            .is_some()
        );
        assert!(
            cdk.entry(
                "AWS::IAM::Role",
                "cdk-hnb659fds-deploy-role-123456789012-us-east-1"
            )
            .is_some()
        );
        assert!(cdk.entry("AWS::S3::Bucket", "data-lake").is_none());
    }

    #[test]
    fn no_preset_allows_what_carries_traffic() {
        for preset in PRESETS {
            for e in preset.entries.iter().filter(|e| e.allows) {
                assert!(
                    !e.kind.starts_with("AWS::EC2::")
                        && !e.kind.starts_with("AWS::ElasticLoadBalancing")
                        && !e.id.contains("VPC"),
                    "{} {}",
                    preset.name,
                    e.id
                );
            }
        }
    }
}
