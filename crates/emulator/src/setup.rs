//! Set-up of an emulated account through the normal AWS APIs (not the code under test):
//! Astronomer's cross-account role, its policies, the STS token version, and the monitoring of
//! the role (an S3 bucket, a CloudWatch Logs group, a multi-region CloudTrail trail, a metric
//! filter, an alarm). Plain Query and JSON requests: moto does not verify signatures, it reads
//! the access key (hence the account) and the region from the `Authorization` header.

use serde_json::{Value, json};

use crate::Emulator;

/// Astronomer's account, which the role trusts.
pub const ASTRONOMER_ACCOUNT: &str = "406882777402";
/// The role's name.
pub const ROLE_NAME: &str = "astronomer-remote-management";
/// The managed policy's name.
pub const POLICY_NAME: &str = "AstronomerCrossAccountRole";
/// The Hybrid permissions boundary policy the template's stack creates (its name contains
/// `OperationalBoundary`, which the install page's monitoring pattern watches).
pub const BOUNDARY_POLICY_NAME: &str = "AstronomerOperationalBoundary";
/// The events the hybrid profile's metric filter covers.
pub const HYBRID_EVENTS: &[&str] = &["AttachRolePolicy", "DetachRolePolicy", "SetPolicyVersion"];
/// The events the cross-account-role profile's metric filter covers.
pub const CROSS_ACCOUNT_EVENTS: &[&str] = &[
    "AttachRolePolicy",
    "DetachRolePolicy",
    "SetPolicyVersion",
    "CreatePolicyVersion",
];

/// The statement Astronomer's template writes: Astronomer's account may assume the role with
/// the external ID.
pub fn astronomer_statement(external_id: &str) -> Value {
    json!({
        "Effect": "Allow",
        "Principal": { "AWS": format!("arn:aws:iam::{ASTRONOMER_ACCOUNT}:root") },
        "Action": "sts:AssumeRole",
        "Condition": { "StringEquals": { "sts:ExternalId": external_id } }
    })
}

/// A trust policy of these statements.
pub fn trust_policy(statements: Vec<Value>) -> Value {
    json!({ "Version": "2012-10-17", "Statement": statements })
}

/// A policy that allows (or denies) actions on any resource.
pub fn policy(effect: &str, actions: &[&str]) -> Value {
    json!({
        "Version": "2012-10-17",
        "Statement": [{ "Effect": effect, "Action": actions, "Resource": "*" }]
    })
}

/// The install page's metric filter pattern (`astro/install-aws-hybrid.md`) with these events.
pub fn filter_pattern(events: &[&str]) -> String {
    let names: Vec<String> = events
        .iter()
        .map(|e| format!("$.eventName = {e}"))
        .collect();
    format!(
        "{{ ({}) && ($.requestParameters.policyArn = \"*OperationalBoundary*\" || $.requestParameters.policyArn = \"*{POLICY_NAME}\"  || $.requestParameters.roleName = {ROLE_NAME}) }}",
        names.join(" || ")
    )
}

/// An account's set-up calls.
pub struct Setup<'a> {
    pub emulator: &'a Emulator,
    pub account_id: &'a str,
    pub access_key_id: &'a str,
    pub session_token: &'a str,
}

impl Setup<'_> {
    fn auth(&self, region: &str, service: &str) -> String {
        format!(
            "AWS4-HMAC-SHA256 Credential={}/20260101/{region}/{service}/aws4_request, SignedHeaders=host, Signature=0",
            self.access_key_id
        )
    }

    /// A Query API call; the XML answer. Panics unless it succeeds.
    pub fn query(
        &self,
        service: &str,
        version: &str,
        region: &str,
        params: &[(&str, &str)],
    ) -> String {
        let mut body = format!("Version={version}");
        for (name, value) in params {
            body.push_str(&format!("&{}={}", form_encode(name), form_encode(value)));
        }
        let auth = self.auth(region, service);
        let headers = [
            ("Authorization", auth.as_str()),
            ("X-Amz-Security-Token", self.session_token),
            (
                "Content-Type",
                "application/x-www-form-urlencoded; charset=utf-8",
            ),
        ];
        let (status, xml) = self
            .emulator
            .request("POST", "/", &headers, body.as_bytes());
        assert_eq!(status, 200, "{service} {params:?} in {region}: {xml}");
        xml
    }

    /// An AWS JSON call (`X-Amz-Target`); the JSON answer. Panics unless it succeeds.
    pub fn json(&self, service: &str, target: &str, region: &str, body: &Value) -> Value {
        let auth = self.auth(region, service);
        let headers = [
            ("Authorization", auth.as_str()),
            ("X-Amz-Security-Token", self.session_token),
            ("Content-Type", "application/x-amz-json-1.1"),
            ("X-Amz-Target", target),
        ];
        let (status, text) =
            self.emulator
                .request("POST", "/", &headers, body.to_string().as_bytes());
        assert_eq!(status, 200, "{target} in {region}: {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    fn iam(&self, params: &[(&str, &str)]) -> String {
        self.query("iam", "2010-05-08", "us-east-1", params)
    }

    /// Creates the role `astronomer-remote-management` with this trust policy.
    pub fn create_role(&self, trust: &Value) {
        self.iam(&[
            ("Action", "CreateRole"),
            ("RoleName", ROLE_NAME),
            ("AssumeRolePolicyDocument", &trust.to_string()),
        ]);
    }

    /// Creates a managed policy and attaches it to the role.
    pub fn attach_policy(&self, name: &str, document: &Value) {
        self.iam(&[
            ("Action", "CreatePolicy"),
            ("PolicyName", name),
            ("PolicyDocument", &document.to_string()),
        ]);
        let arn = format!("arn:aws:iam::{}:policy/{name}", self.account_id);
        self.iam(&[
            ("Action", "AttachRolePolicy"),
            ("RoleName", ROLE_NAME),
            ("PolicyArn", &arn),
        ]);
    }

    /// Puts an inline policy on the role.
    pub fn put_role_policy(&self, name: &str, document: &Value) {
        self.iam(&[
            ("Action", "PutRolePolicy"),
            ("RoleName", ROLE_NAME),
            ("PolicyName", name),
            ("PolicyDocument", &document.to_string()),
        ]);
    }

    /// The role as the template makes it: trusting Astronomer with `external_id`, with the
    /// managed policy `AstronomerCrossAccountRole` (which allows the `account:` actions of an
    /// opt-in region when `region_actions`), and the permissions boundary beside it.
    pub fn astronomer_role(&self, external_id: &str, region_actions: bool) {
        self.create_role(&trust_policy(vec![astronomer_statement(external_id)]));
        let mut actions = vec!["ec2:*", "eks:*", "iam:PassRole"];
        if region_actions {
            actions.extend([
                "account:EnableRegion",
                "account:DisableRegion",
                "account:ListRegions",
            ]);
        }
        self.attach_policy(POLICY_NAME, &policy("Allow", &actions));
        self.boundary_policy();
    }

    /// Deletes the permissions boundary policy (an account prepared without it).
    pub fn delete_boundary_policy(&self) {
        let arn = format!(
            "arn:aws:iam::{}:policy/{BOUNDARY_POLICY_NAME}",
            self.account_id
        );
        self.iam(&[("Action", "DeletePolicy"), ("PolicyArn", &arn)]);
    }

    /// The Hybrid install's permissions boundary, which the template's stack creates beside
    /// the role: a customer-managed policy whose name contains `OperationalBoundary`.
    pub fn boundary_policy(&self) {
        self.iam(&[
            ("Action", "CreatePolicy"),
            ("PolicyName", BOUNDARY_POLICY_NAME),
            (
                "PolicyDocument",
                &policy("Allow", &["ec2:*", "eks:*"]).to_string(),
            ),
        ]);
    }

    /// Sets the account's STS global endpoint token version (1 or 2).
    pub fn token_version(&self, version: u8) {
        let token = if version == 2 { "v2Token" } else { "v1Token" };
        self.iam(&[
            ("Action", "SetSecurityTokenServicePreferences"),
            ("GlobalEndpointTokenVersion", token),
        ]);
    }

    /// The monitoring of the install page in `region`: a multi-region trail delivering to a log
    /// group (with its S3 bucket and its delivery role), logging; with `pattern`, a metric
    /// filter on the group (metric `CloudTrailMetrics/AstroRoleChanges`); with `alarm`, an alarm
    /// with an SNS action on it.
    pub fn monitoring(&self, region: &str, pattern: Option<&str>, alarm: bool) {
        let bucket = format!("trail-{}", self.account_id);
        // In us-east-1, which needs no location constraint.
        let auth = self.auth("us-east-1", "s3");
        let headers = [
            ("Authorization", auth.as_str()),
            ("X-Amz-Security-Token", self.session_token),
        ];
        let (status, text) = self
            .emulator
            .request("PUT", &format!("/{bucket}"), &headers, b"");
        assert!(
            status == 200 || status == 409,
            "CreateBucket: {status} {text}"
        );
        let group = "CloudTrail/astro";
        self.json(
            "logs",
            "Logs_20140328.CreateLogGroup",
            region,
            &json!({ "logGroupName": group }),
        );
        let group_arn = format!(
            "arn:aws:logs:{region}:{}:log-group:{group}:*",
            self.account_id
        );
        // The role CloudTrail assumes to deliver to the group.
        let delivery_trust = json!({
            "Version": "2012-10-17",
            "Statement": [{
                "Effect": "Allow",
                "Principal": { "Service": "cloudtrail.amazonaws.com" },
                "Action": "sts:AssumeRole",
            }],
        });
        self.iam(&[
            ("Action", "CreateRole"),
            ("RoleName", "CloudTrailToLogs"),
            ("AssumeRolePolicyDocument", &delivery_trust.to_string()),
        ]);
        let role_arn = format!("arn:aws:iam::{}:role/CloudTrailToLogs", self.account_id);
        let target = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101";
        self.json(
            "cloudtrail",
            &format!("{target}.CreateTrail"),
            region,
            &json!({
                "Name": "astro-trail",
                "S3BucketName": bucket,
                "IsMultiRegionTrail": true,
                "CloudWatchLogsLogGroupArn": group_arn,
                "CloudWatchLogsRoleArn": role_arn,
            }),
        );
        self.json(
            "cloudtrail",
            &format!("{target}.StartLogging"),
            region,
            &json!({ "Name": "astro-trail" }),
        );
        let Some(pattern) = pattern else { return };
        self.json(
            "logs",
            "Logs_20140328.PutMetricFilter",
            region,
            &json!({
                "logGroupName": group,
                "filterName": "AstroRoleChanges",
                "filterPattern": pattern,
                "metricTransformations": [{
                    "metricName": "AstroRoleChanges",
                    "metricNamespace": "CloudTrailMetrics",
                    "metricValue": "1",
                }],
            }),
        );
        if alarm {
            let topic = format!("arn:aws:sns:{region}:{}:astro-alerts", self.account_id);
            self.query(
                "monitoring",
                "2010-08-01",
                region,
                &[
                    ("Action", "PutMetricAlarm"),
                    ("AlarmName", "AstroRoleChanges"),
                    ("MetricName", "AstroRoleChanges"),
                    ("Namespace", "CloudTrailMetrics"),
                    ("Statistic", "Sum"),
                    ("Period", "300"),
                    ("EvaluationPeriods", "1"),
                    ("Threshold", "1"),
                    ("ComparisonOperator", "GreaterThanOrEqualToThreshold"),
                    ("AlarmActions.member.1", &topic),
                ],
            );
        }
    }
}

/// `application/x-www-form-urlencoded` encoding of one name or value.
pub fn form_encode(text: &str) -> String {
    let mut out = String::new();
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}
