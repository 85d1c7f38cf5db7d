//! Astronomer's cluster options for an organization, as the Astro Platform API's "Get cluster
//! options" (`GET /v1/organizations/{organizationId}/cluster-options?provider=AWS&type=HYBRID`)
//! returns them: the fact `clusterOptions` of the registry, read by the rules that otherwise
//! read the bundled tables. Parsing the response is here (pure, no HTTP); the client that calls
//! the API is `crates/astro-api`, which the linter never compiles.

use serde::{Deserialize, Serialize};

use crate::{FactError, FactErrorKind};

/// The environment variable that holds the Astro API token (an Organization API token): a
/// secret, never printed, never in a facts file.
pub const TOKEN_VAR: &str = "ASTRO_API_TOKEN";
/// The environment variable that names the organization, when `--astro-organization` does not.
pub const ORGANIZATION_VAR: &str = "ASTRO_ORGANIZATION_ID";
/// Astronomer's API, the default of `--astro-api-url`.
pub const DEFAULT_API_URL: &str = "https://api.astronomer.io";
/// What the failures of the call name as their "action".
pub const OPERATION: &str = "Astro API GetClusterOptions";

/// A region Astronomer offers, for this organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AstroRegion {
    pub name: String,
    /// The region is limited for the organization: ask Astronomer's support first.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub limited: bool,
    /// Node instance types not offered in this region.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub banned_instances: Vec<String>,
}

/// The AWS Hybrid cluster options of one organization: what the rules read in place of the
/// bundled tables when they were gathered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ClusterOptions {
    /// The organization they were fetched for (not a secret).
    pub organization_id: String,
    pub regions: Vec<AstroRegion>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_region: Option<String>,
    /// Node instance types.
    pub node_instances: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_node_instance: Option<String>,
    /// Metadata database instance types.
    pub database_instances: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_database_instance: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default_vpc_subnet_range: Option<String>,
    /// The bounds and default of the maximum node count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_count_min: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_count_max: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_count_default: Option<u32>,
}

impl ClusterOptions {
    /// The region of this name, when offered.
    pub fn region(&self, name: &str) -> Option<&AstroRegion> {
        self.regions.iter().find(|r| r.name == name)
    }

    /// Reads the API's answer: a JSON array of `ClusterOptions`, of which the one whose
    /// `provider` is `AWS` (or the only one, when it names none); one such object alone is
    /// read as an array of one. `Err`: what is wrong with the
    /// body, in a sentence.
    pub fn from_api(organization_id: &str, body: &[u8]) -> Result<ClusterOptions, String> {
        let value: serde_json::Value =
            serde_json::from_slice(body).map_err(|e| format!("the body is not JSON ({e})"))?;
        let items = match value {
            serde_json::Value::Array(items) => items,
            // One provider's options on their own: read as an array of one.
            serde_json::Value::Object(ref o) if o.contains_key("regions") => vec![value],
            other => {
                return Err(format!(
                    "the body is a JSON {}, not the array of cluster options",
                    kind(&other)
                ));
            }
        };
        let aws = items
            .iter()
            .find(|o| o.get("provider").and_then(serde_json::Value::as_str) == Some("AWS"))
            .or(match items.as_slice() {
                [one] if one.get("provider").is_none() => Some(one),
                _ => None,
            })
            .ok_or("the array holds no options of the provider AWS")?;
        let api: api::Options = serde_json::from_value(aws.clone())
            .map_err(|e| format!("the AWS options do not have the documented shape ({e})"))?;
        Ok(ClusterOptions {
            organization_id: organization_id.to_owned(),
            regions: api
                .regions
                .into_iter()
                .map(|r| AstroRegion {
                    name: r.name,
                    limited: r.limited.unwrap_or(false),
                    banned_instances: r.banned_instances.unwrap_or_default(),
                })
                .collect(),
            default_region: api.default_region.map(|r| r.name),
            node_instances: api.node_instances.into_iter().map(|i| i.name).collect(),
            default_node_instance: api.default_node_instance.map(|i| i.name),
            database_instances: api.database_instances.into_iter().map(|i| i.name).collect(),
            default_database_instance: api.default_database_instance.map(|i| i.name),
            default_vpc_subnet_range: api.default_vpc_subnet_range,
            node_count_min: api.node_count_min,
            node_count_max: api.node_count_max,
            node_count_default: api.node_count_default,
        })
    }
}

fn kind(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "boolean",
        serde_json::Value::Number(_) => "number",
        serde_json::Value::String(_) => "string",
        serde_json::Value::Array(_) => "array",
        serde_json::Value::Object(_) => "object",
    }
}

/// The response's shape as documented (unknown fields are accepted: the API may add some).
mod api {
    use serde::Deserialize;

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub(super) struct Options {
        pub regions: Vec<Region>,
        pub default_region: Option<Region>,
        pub node_instances: Vec<Instance>,
        pub default_node_instance: Option<Instance>,
        pub database_instances: Vec<Instance>,
        pub default_database_instance: Option<Instance>,
        pub default_vpc_subnet_range: Option<String>,
        pub node_count_min: Option<u32>,
        pub node_count_max: Option<u32>,
        pub node_count_default: Option<u32>,
    }

    #[derive(Deserialize)]
    #[serde(rename_all = "camelCase")]
    pub(super) struct Region {
        pub name: String,
        pub limited: Option<bool>,
        pub banned_instances: Option<Vec<String>>,
    }

    #[derive(Deserialize)]
    pub(super) struct Instance {
        pub name: String,
    }
}

/// A failure of the call, as a fact's error: the API's status (or the transport's failure) and
/// its message, classed so that `check-incomplete` gives the right advice.
pub fn error(kind: FactErrorKind, message: impl Into<String>) -> FactError {
    FactError {
        action: OPERATION.to_owned(),
        kind,
        message: message.into(),
    }
}

/// The class of an HTTP status of the API: 401 the token, 403 the token's access to the
/// organization, 404 the organization, 429 throttled, anything else a service error.
pub fn status_kind(status: u16) -> FactErrorKind {
    match status {
        401 => FactErrorKind::Credentials,
        403 => FactErrorKind::AccessDenied,
        404 => FactErrorKind::NotFound,
        429 => FactErrorKind::Throttled,
        _ => FactErrorKind::Service,
    }
}

/// What to do about a failed call of the Astro API, by its class.
pub fn advice(kind: FactErrorKind) -> &'static str {
    match kind {
        FactErrorKind::Credentials => {
            "the Astro API refused the token: set ASTRO_API_TOKEN to a valid Organization API token (not expired), then run again"
        }
        FactErrorKind::AccessDenied => {
            "the token may not read this organization's cluster options: use a token of the organization named by --astro-organization (or ASTRO_ORGANIZATION_ID), with at least the Organization Member role"
        }
        FactErrorKind::NotFound => {
            "no such organization: check the organization ID given by --astro-organization, ASTRO_ORGANIZATION_ID or [astro] organization-id (Astro's Organization settings show it)"
        }
        FactErrorKind::Throttled => "the Astro API throttled the call: run again later",
        FactErrorKind::Timeout => "run again, or allow more time with --timeout",
        FactErrorKind::Network => {
            "check the network route, DNS and proxy (HTTPS_PROXY) to the Astro API (or --astro-api-url), then run again"
        }
        FactErrorKind::Malformed => {
            "the answer was not Astronomer's cluster options: check --astro-api-url, then run again"
        }
        FactErrorKind::Service => {
            "run again; if it persists, the message above is the Astro API's own"
        }
    }
}

/// Replaces every occurrence of `secret` in `text` (an error message, a body echoed back) by
/// `***`.
pub fn redact(text: &str, secret: &str) -> String {
    if secret.is_empty() {
        return text.to_owned();
    }
    text.replace(secret, "***")
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = r#"[{"provider":"AWS","regions":[{"name":"us-east-1"},{"name":"eu-west-1","limited":true,"bannedInstances":["m5.metal"]}],
        "defaultRegion":{"name":"us-east-1"},"nodeInstances":[{"name":"m5.xlarge","cpu":4,"memory":"16Gi"}],
        "defaultNodeInstance":{"name":"m5.xlarge","cpu":4,"memory":"16Gi"},"databaseInstances":[{"name":"db.m6g.large","cpu":2,"memory":"8Gi"}],
        "defaultDatabaseInstance":{"name":"db.m6g.large"},"defaultVpcSubnetRange":"172.20.0.0/20","nodeCountMin":2,"nodeCountMax":50,"nodeCountDefault":20,
        "defaultPodSubnetRange":"100.64.0.0/16","extra":1}]"#;

    #[test]
    fn reads_the_documented_shape() {
        let o = ClusterOptions::from_api("org", BODY.as_bytes()).unwrap();
        assert_eq!(o.regions.len(), 2);
        let eu = o.region("eu-west-1").unwrap();
        assert!(eu.limited);
        assert_eq!(eu.banned_instances, ["m5.metal"]);
        assert_eq!(o.node_count_min, Some(2));
        assert_eq!(o.node_count_max, Some(50));
        assert_eq!(o.default_database_instance.as_deref(), Some("db.m6g.large"));
    }

    #[test]
    fn refuses_what_is_not_the_shape() {
        for (body, says) in [
            ("{", "not JSON"),
            ("{}", "JSON object"),
            ("\"x\"", "JSON string"),
            ("[]", "no options of the provider AWS"),
            (r#"[{"provider":"GCP","regions":[]}]"#, "no options"),
            (r#"[{"provider":"AWS","regions":"x"}]"#, "documented shape"),
        ] {
            let e = ClusterOptions::from_api("org", body.as_bytes()).unwrap_err();
            assert!(e.contains(says), "{body}: {e}");
        }
    }

    #[test]
    fn redacts_the_secret() {
        assert_eq!(redact("token abc in abc", "abc"), "token *** in ***");
        assert_eq!(redact("x", ""), "x");
    }
}
