//! Astronomer's cross-account role and what the install pages ask around it: the role
//! `astronomer-remote-management` (its trust policy, its managed policy), the extra set-up of an
//! opt-in region (the role's `account:` permissions, the account's STS token version), and the
//! optional monitoring of the role's policies (CloudTrail, a metric filter, an alarm).
//!
//! The external ID is a secret: a trust policy is stored normalised, with each `sts:ExternalId`
//! condition value replaced by [`external_id_digest`] (the operator and whether the value held a
//! wildcard are kept), so that neither a facts file nor any output can carry it.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::arn::Arn;

/// The role Astronomer's CloudFormation template creates.
pub const ROLE_NAME: &str = "astronomer-remote-management";
/// The template's managed policy, attached to the role.
pub const POLICY_NAME: &str = "AstronomerCrossAccountRole";
/// The template's CloudFormation stack.
pub const STACK_NAME: &str = "AstroCrossAccountRole";
/// Astronomer's AWS account, which the role trusts.
pub const ASTRONOMER_ACCOUNT: &str = "406882777402";
/// The condition key of the external ID (condition keys are case-insensitive).
pub const EXTERNAL_ID_KEY: &str = "sts:ExternalId";
/// The actions an opt-in region needs the role to be allowed.
pub const REGION_ACTIONS: [&str; 3] = [
    "account:EnableRegion",
    "account:DisableRegion",
    "account:ListRegions",
];
/// The metric filter's events: every install profile's, then the cross-account-role profile's
/// extra one.
pub const MONITORED_EVENTS: [&str; 3] =
    ["AttachRolePolicy", "DetachRolePolicy", "SetPolicyVersion"];
pub const MONITORED_EVENT_CROSS_ACCOUNT: &str = "CreatePolicyVersion";

/// The digest that stands for an external ID: `sha256:` and the SHA-256 of its UTF-8 bytes in
/// lowercase hex.
pub fn external_id_digest(value: &str) -> String {
    let digest = Sha256::digest(value.as_bytes());
    let mut out = String::with_capacity(7 + 64);
    out.push_str("sha256:");
    for byte in digest {
        out.push_str(&format!("{byte:02x}"));
    }
    out
}

/// The role (`iam:GetRole`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Role {
    pub arn: String,
    /// The trust policy's statements, normalised (see [`TrustStatement`]).
    pub trust: Vec<TrustStatement>,
    /// Why the trust policy could not be read, when it could not (the statements are then
    /// empty).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub trust_unreadable: Option<String>,
}

/// One statement of a trust policy: each field as a list whether the policy wrote a string or
/// a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TrustStatement {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sid: Option<String>,
    /// `Allow` or `Deny`.
    pub effect: String,
    /// `Principal` (or `NotPrincipal`, see `not_principal`); `"Principal": "*"` is `AWS` `*`.
    pub principals: Vec<Principal>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub not_principal: bool,
    /// `Action` (or `NotAction`, see `not_action`).
    pub actions: Vec<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub not_action: bool,
    pub conditions: Vec<Condition>,
}

/// A principal: its kind (`AWS`, `Service`, `Federated`, `CanonicalUser`) and its ID.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Principal {
    pub kind: String,
    pub id: String,
}

impl Principal {
    /// The account of an `AWS` principal: its 12-digit ID, or the account of its ARN; `None`
    /// for `*` and other kinds.
    pub fn account(&self) -> Option<&str> {
        if self.kind != "AWS" {
            return None;
        }
        let id = self.id.as_str();
        if id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit()) {
            return Some(id);
        }
        let arn = Arn::parse(id)?;
        (arn.service == "iam" || arn.service == "sts").then_some(arn.account)
    }

    /// Whether it is a whole account: the 12-digit ID or its `:root` ARN.
    pub fn is_account(&self, account: &str) -> bool {
        self.kind == "AWS"
            && (self.id == account
                || Arn::parse(&self.id).is_some_and(|arn| {
                    arn.service == "iam"
                        && arn.region.is_empty()
                        && arn.account == account
                        && arn.resource == "root"
                }))
    }
}

/// One condition: operator, key, values. For the `sts:ExternalId` key (any case) each value is
/// its [`external_id_digest`], never the value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Condition {
    /// As written: `StringEquals`, `StringLike`, `ForAnyValue:StringEquals`...
    pub operator: String,
    /// As written.
    pub key: String,
    pub values: Vec<String>,
    /// Whether a value held `*` or `?`.
    pub wildcard: bool,
}

impl Condition {
    /// Whether it is a condition on the external ID.
    pub fn is_external_id(&self) -> bool {
        self.key.eq_ignore_ascii_case(EXTERNAL_ID_KEY)
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// A policy attached to the role (`iam:ListAttachedRolePolicies`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AttachedPolicy {
    pub name: String,
    pub arn: String,
}

/// What the role may do (`iam:SimulatePrincipalPolicy`): one decision per action.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ActionDecision {
    pub action: String,
    /// As IAM says it: `allowed`, `explicitDeny`, `implicitDeny`.
    pub decision: String,
}

impl ActionDecision {
    pub fn is_allowed(&self) -> bool {
        self.decision == "allowed"
    }
}

/// The account's CloudTrail trails that could watch the role (`cloudtrail:DescribeTrails`),
/// each followed to its CloudWatch Logs group, the group's metric filters and their alarms.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Monitoring {
    pub trails: Vec<Trail>,
}

/// One trail.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Trail {
    pub name: String,
    pub home_region: String,
    pub multi_region: bool,
    /// `cloudtrail:GetTrailStatus`; `None` when not asked (the trail could not serve anyway).
    pub logging: Option<bool>,
    /// The CloudWatch Logs group it delivers to, when it is one of this account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_group: Option<LogGroup>,
    /// The S3 bucket it delivers its log files to (every trail has one).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub s3_bucket: Option<String>,
    /// The name of the role it assumes to deliver to CloudWatch Logs, when that role is one of
    /// this account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub log_role: Option<String>,
}

impl Trail {
    /// Whether this trail carries the install page's monitoring: multi-region and delivering
    /// to a log group of this account. Its bucket and its log role are then part of the
    /// install, not existing infrastructure.
    pub fn monitors(&self) -> bool {
        self.multi_region && self.log_group.is_some()
    }
}

/// A CloudWatch Logs group and its metric filters (`logs:DescribeMetricFilters`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct LogGroup {
    pub name: String,
    pub region: String,
    pub metric_filters: Vec<MetricFilter>,
}

/// A metric filter: its pattern and the metrics it feeds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MetricFilter {
    pub name: String,
    pub pattern: String,
    pub metrics: Vec<Metric>,
}

/// A metric and the alarms on it (`cloudwatch:DescribeAlarms`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Metric {
    pub namespace: String,
    pub name: String,
    pub alarms: Vec<Alarm>,
}

/// An alarm and how many actions it takes when it fires.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Alarm {
    pub name: String,
    pub actions: usize,
    pub actions_enabled: bool,
}

/// Normalises a trust policy document (as IAM returns it: URL-encoded JSON, or JSON), hiding
/// external IDs: its statements, or why it cannot be read.
pub fn normalise_trust_policy(document: &str) -> Result<Vec<TrustStatement>, String> {
    let value: serde_json::Value = match serde_json::from_str(document) {
        Ok(value) => value,
        Err(_) => {
            let decoded = percent_decode(document)
                .ok_or_else(|| "the trust policy is not URL-encoded UTF-8".to_owned())?;
            serde_json::from_str(&decoded)
                .map_err(|e| format!("the trust policy is not JSON: {e}"))?
        }
    };
    let statements = match value.get("Statement") {
        Some(serde_json::Value::Array(list)) => list.clone(),
        Some(one @ serde_json::Value::Object(_)) => vec![one.clone()],
        _ => return Err("the trust policy has no Statement".to_owned()),
    };
    statements.iter().map(statement).collect()
}

fn strings(value: Option<&serde_json::Value>) -> Vec<String> {
    match value {
        Some(serde_json::Value::String(s)) => vec![s.clone()],
        Some(serde_json::Value::Array(list)) => list
            .iter()
            .map(|v| match v {
                serde_json::Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect(),
        Some(serde_json::Value::Null) | None => Vec::new(),
        Some(other) => vec![other.to_string()],
    }
}

fn statement(value: &serde_json::Value) -> Result<TrustStatement, String> {
    let object = value
        .as_object()
        .ok_or_else(|| "a statement of the trust policy is not an object".to_owned())?;
    let (principal, not_principal) = match (object.get("Principal"), object.get("NotPrincipal")) {
        (Some(p), _) => (Some(p), false),
        (None, Some(p)) => (Some(p), true),
        (None, None) => (None, false),
    };
    let principals = match principal {
        Some(serde_json::Value::String(s)) => vec![Principal {
            kind: "AWS".to_owned(),
            id: s.clone(),
        }],
        Some(serde_json::Value::Object(map)) => map
            .iter()
            .flat_map(|(kind, ids)| {
                strings(Some(ids)).into_iter().map(move |id| Principal {
                    kind: kind.clone(),
                    id,
                })
            })
            .collect(),
        _ => Vec::new(),
    };
    let (actions, not_action) = match (object.get("Action"), object.get("NotAction")) {
        (Some(a), _) => (strings(Some(a)), false),
        (None, Some(a)) => (strings(Some(a)), true),
        (None, None) => (Vec::new(), false),
    };
    let mut conditions = Vec::new();
    if let Some(serde_json::Value::Object(operators)) = object.get("Condition") {
        for (operator, keys) in operators {
            let Some(keys) = keys.as_object() else {
                continue;
            };
            for (key, values) in keys {
                let raw = strings(Some(values));
                let wildcard = raw.iter().any(|v| v.contains(['*', '?']));
                let values = if key.eq_ignore_ascii_case(EXTERNAL_ID_KEY) {
                    raw.iter().map(|v| external_id_digest(v)).collect()
                } else {
                    raw
                };
                conditions.push(Condition {
                    operator: operator.clone(),
                    key: key.clone(),
                    values,
                    wildcard,
                });
            }
        }
    }
    Ok(TrustStatement {
        sid: object
            .get("Sid")
            .and_then(|s| s.as_str())
            .map(str::to_owned),
        effect: object
            .get("Effect")
            .and_then(|s| s.as_str())
            .unwrap_or_default()
            .to_owned(),
        principals,
        not_principal,
        actions,
        not_action,
        conditions,
    })
}

/// `%XX` decoded (and `+` as a space, as IAM's form encoding writes it); `None` when the result
/// is not UTF-8 or an escape is malformed.
fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = text.get(i + 1..i + 3)?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_sha256_hex() {
        assert_eq!(
            external_id_digest("abc"),
            "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn a_url_encoded_trust_policy_is_normalised_and_hides_the_external_id() {
        let policy = r#"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":["406882777402","arn:aws:iam::111122223333:root"]},"Action":"sts:AssumeRole","Condition":{"StringLike":{"sts:externalid":["s3cr3t-*"]}}}}"#;
        let encoded: String = policy
            .bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect();
        for text in [policy, encoded.as_str()] {
            let statements = normalise_trust_policy(text).expect("readable");
            assert_eq!(statements.len(), 1);
            let s = &statements[0];
            assert_eq!(s.actions, ["sts:AssumeRole"]);
            assert_eq!(s.principals.len(), 2);
            assert!(s.principals[0].is_account(ASTRONOMER_ACCOUNT));
            assert!(!s.principals[1].is_account(ASTRONOMER_ACCOUNT));
            assert_eq!(s.principals[1].account(), Some("111122223333"));
            let c = &s.conditions[0];
            assert!(c.is_external_id() && c.wildcard);
            assert_eq!(c.operator, "StringLike");
            assert_eq!(c.values, [external_id_digest("s3cr3t-*")]);
            let json = serde_json::to_string(&statements).expect("serializes");
            assert!(!json.contains("s3cr3t"), "{json}");
        }
        assert!(normalise_trust_policy("%ZZ").is_err());
        assert!(normalise_trust_policy("{}").is_err());
    }

    #[test]
    fn a_star_principal_is_everyone() {
        let s = normalise_trust_policy(
            r#"{"Statement":[{"Effect":"Allow","Principal":"*","Action":["sts:AssumeRole"]}]}"#,
        )
        .expect("readable");
        assert_eq!(
            s[0].principals,
            [Principal {
                kind: "AWS".into(),
                id: "*".into()
            }]
        );
        assert_eq!(s[0].principals[0].account(), None);
    }
}
