//! The live AWS facts that astro-preflight's online rules check, and the trait that gathers them.
//!
//! This crate holds data only: the AWS implementation lives in `astro-preflight-aws`, so the rule
//! engine and its tests never compile the AWS SDK. A [`Facts`] value is also the format of the
//! facts file that `astro-preflight facts` writes and `check --facts` replays.
//!
//! Every fact is a [`Fact`]: gathered, failed (with the IAM action and the error), or skipped
//! (not gathered because an earlier fact made it moot, such as credentials for another account).

use serde::{Deserialize, Serialize};

pub mod actions;
pub mod arn;
pub mod astro;
pub mod inventory;
pub mod peering;
pub mod registry;
pub mod role;
mod v1;

/// The version of the facts file format.
pub const FACTS_VERSION: u32 = 2;

/// The version of a facts file holding several gatherings (accounts and regions), each of
/// them a [`FACTS_VERSION`] document: `{"version": 3, "gatherings": [...]}`.
pub const FACTS_SET_VERSION: u32 = 3;

/// What to gather: derived from a manifest's effective values.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FactsRequest {
    /// The manifest's `account.id`.
    pub account_id: String,
    /// The cluster's region.
    pub region: String,
    /// The cluster's VPC CIDR (`cluster.vpcCidr`, effective): how the cluster's VPC is found
    /// once it is installed. Absent from files written before it was asked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vpc_cidr: Option<String>,
    /// The node instance type.
    pub instance_type: String,
    /// The VPCs to peer with, each in its own region.
    #[serde(default)]
    pub peering: Vec<PeeringRequest>,
    /// Whether the region is disabled by default on AWS (opt-in): only then are the extra
    /// set-up's facts asked (the role's `account:` permissions, the STS token version).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub opt_in_region: bool,
}

/// A VPC to look up.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PeeringRequest {
    pub vpc_id: String,
    pub region: String,
    /// The peer VPC's account (`peering[].accountId`) when it is not the manifest's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
}

/// One gathered fact: its value, why it could not be gathered, or that it was not asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "camelCase", deny_unknown_fields)]
pub enum Fact<T> {
    /// The call succeeded.
    Ok { value: T },
    /// The call failed: access denied, throttled, timed out, unreachable.
    Failed { error: FactError },
    /// Not gathered, because an earlier fact made it moot (the credentials belong to another
    /// account, so nothing of this account can be learned).
    Skipped,
    /// Not in the facts file: it was written by an older version that did not gather it.
    #[serde(skip)]
    NotGathered,
}

// Written out: `derive(Default)` would require `T: Default`.
#[allow(clippy::derivable_impls)]
impl<T> Default for Fact<T> {
    fn default() -> Self {
        Fact::NotGathered
    }
}

impl<T> Fact<T> {
    /// The value, when the fact was gathered.
    pub fn value(&self) -> Option<&T> {
        match self {
            Fact::Ok { value } => Some(value),
            _ => None,
        }
    }

    /// The error, when the fact could not be gathered.
    pub fn error(&self) -> Option<&FactError> {
        match self {
            Fact::Failed { error } => Some(error),
            _ => None,
        }
    }

    pub fn ok(value: T) -> Self {
        Fact::Ok { value }
    }

    pub fn failed(error: FactError) -> Self {
        Fact::Failed { error }
    }

    /// The fact with its value converted.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Fact<U> {
        match self {
            Fact::Ok { value } => Fact::Ok { value: f(value) },
            Fact::Failed { error } => Fact::Failed { error },
            Fact::Skipped => Fact::Skipped,
            Fact::NotGathered => Fact::NotGathered,
        }
    }

    /// Whether the fact is absent from the facts file (see [`Fact::NotGathered`]).
    pub fn is_not_gathered(&self) -> bool {
        matches!(self, Fact::NotGathered)
    }
}

/// Why a fact could not be gathered.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FactError {
    /// The IAM action of the call that failed, e.g. `ec2:DescribeVpcs`.
    pub action: String,
    /// The class of failure.
    pub kind: FactErrorKind,
    /// The service's error code and message, or the transport error; never credentials.
    pub message: String,
}

/// The class of a failed call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FactErrorKind {
    /// The credentials lack the IAM action.
    AccessDenied,
    /// AWS throttled the call and the SDK's retries ran out.
    Throttled,
    /// The call, or the whole gathering, ran out of time.
    Timeout,
    /// The endpoint could not be reached.
    Network,
    /// No usable credentials were found.
    Credentials,
    /// The service answered with another error.
    Service,
    /// What was asked for does not exist (the Astro API's 404: the organization).
    NotFound,
    /// The answer could not be read (not the documented shape).
    Malformed,
}

impl FactErrorKind {
    pub fn describe(self) -> &'static str {
        match self {
            FactErrorKind::AccessDenied => "access denied",
            FactErrorKind::Throttled => "throttled",
            FactErrorKind::Timeout => "timed out",
            FactErrorKind::Network => "endpoint unreachable",
            FactErrorKind::Credentials => "credentials missing or refused",
            FactErrorKind::Service => "service error",
            FactErrorKind::NotFound => "not found",
            FactErrorKind::Malformed => "malformed answer",
        }
    }

    /// What to do about a failed call of the IAM action `action`: add the permission only
    /// when it was denied; run again when it was throttled or timed out; never a permission
    /// for a network or credential failure.
    pub fn advice(self, action: &str) -> String {
        match self {
            FactErrorKind::AccessDenied => format!(
                "allow `{action}` to the credentials' role or user (docs/iam-policy.json has every action), then run again"
            ),
            FactErrorKind::Throttled => {
                "AWS throttled the calls: run again later, or lower --max-concurrent-calls"
                    .to_owned()
            }
            FactErrorKind::Timeout => {
                "run again, or allow more time with --timeout".to_owned()
            }
            FactErrorKind::Network => "check the network route, DNS and proxy to the AWS endpoint (or --endpoint-url), then run again".to_owned(),
            FactErrorKind::Credentials => "AWS refused the credentials (expired, invalid, or a clock off by more than 5 minutes): renew them or fix the clock, then run again".to_owned(),
            FactErrorKind::Service | FactErrorKind::NotFound | FactErrorKind::Malformed => {
                "run again; if it persists, the message above is AWS's own".to_owned()
            }
        }
    }
}

/// Who the credentials belong to (`sts:GetCallerIdentity`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Identity {
    /// The 12-digit account of the credentials.
    pub account: String,
}

/// Whether a region is enabled in the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RegionStatus {
    /// As the Account API spells it: `ENABLED_BY_DEFAULT`, `ENABLED`, `ENABLING`, `DISABLING`,
    /// `DISABLED`. (EC2's `opt-in-not-required`, `opted-in` and `not-opted-in` are mapped to
    /// these.)
    pub status: String,
}

impl RegionStatus {
    pub fn is_enabled(&self) -> bool {
        matches!(self.status.as_str(), "ENABLED_BY_DEFAULT" | "ENABLED")
    }
}

/// A service quota value (`servicequotas:GetServiceQuota`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Quota {
    /// The quota code, e.g. `L-1216C47A`.
    pub code: String,
    /// The value in vCPUs.
    pub value: f64,
    /// Where the value came from.
    pub source: QuotaSource,
}

/// Whether a quota value is the account's applied value or AWS's default.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum QuotaSource {
    /// `GetServiceQuota`: the value applied to this account.
    Applied,
    /// `GetAWSDefaultServiceQuota`: the account has no applied value.
    AwsDefault,
}

/// The CIDR associations of an existing VPC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PeerVpc {
    /// Every IPv4 CIDR block associated with the VPC (primary first) whose association is
    /// `associated` or `associating`.
    pub cidrs: Vec<String>,
}

/// Everything the online rules need for one manifest: the facts of the registry
/// ([`registry::Values`], reached through `Deref`), with what was asked and when.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Facts {
    /// [`FACTS_VERSION`].
    pub version: u32,
    /// When the facts were gathered (RFC 3339, UTC); empty for [`Facts::absent`].
    pub gathered_at: String,
    /// What was asked.
    pub request: FactsRequest,
    /// One entry per fact of the registry; a fact missing from a file (written by an older
    /// version) is [`Fact::NotGathered`].
    pub facts: registry::Values,
}

impl std::ops::Deref for Facts {
    type Target = registry::Values;
    fn deref(&self) -> &registry::Values {
        &self.facts
    }
}

impl std::ops::DerefMut for Facts {
    fn deref_mut(&mut self) -> &mut registry::Values {
        &mut self.facts
    }
}

impl Facts {
    /// Facts for which nothing was gathered: every fact [`Fact::Skipped`].
    pub fn skipped(request: FactsRequest, gathered_at: String) -> Facts {
        Facts {
            version: FACTS_VERSION,
            gathered_at,
            request,
            facts: registry::Values::skipped(),
        }
    }

    /// The facts of a request that a facts file holds no gathering for: nothing gathered, so
    /// `check-incomplete` reports the manifest as not checked online.
    pub fn absent(request: FactsRequest) -> Facts {
        Facts {
            version: FACTS_VERSION,
            gathered_at: String::new(),
            request,
            facts: registry::Values::default(),
        }
    }

    /// Whether these are [`Facts::absent`].
    pub fn is_absent(&self) -> bool {
        self.gathered_at.is_empty()
    }

    /// Reads a facts file: this version, or an older one (what it lacks is
    /// [`Fact::NotGathered`]); a newer or unknown version is refused with a clear message.
    pub fn from_json(text: &str) -> Result<Facts, FactsFileError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| FactsFileError::Malformed(e.to_string()))?;
        Facts::from_value(value)
    }

    fn from_value(value: serde_json::Value) -> Result<Facts, FactsFileError> {
        match value.get("version").and_then(serde_json::Value::as_u64) {
            Some(v) if v == u64::from(FACTS_VERSION) => {
                serde_json::from_value(value).map_err(|e| FactsFileError::Malformed(e.to_string()))
            }
            Some(1) => v1::upgrade(value),
            Some(v) => Err(FactsFileError::Version(v)),
            None => Err(FactsFileError::Malformed(
                "missing the integer field `version`".to_owned(),
            )),
        }
    }

    /// The facts file text: pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(self).expect("facts serialize");
        s.push('\n');
        s
    }

    /// Why nothing was gathered, when one cause explains it: the credentials were refused at
    /// the first call (`sts:GetCallerIdentity`), or no fact was gathered and every call failed
    /// the same way with a network, time-out or credential failure. `None` when anything was
    /// gathered or the failures differ.
    pub fn root_cause(&self) -> Option<&FactError> {
        if let Some(error) = self.identity.error()
            && error.kind == FactErrorKind::Credentials
        {
            return Some(error);
        }
        let mut first: Option<&FactError> = None;
        // The Astro API's fact has causes of its own: the root cause is AWS's.
        for entry in self
            .entries()
            .into_iter()
            .filter(|e| !e.decl.from_astro_api())
        {
            match entry.state {
                registry::State::Ok => return None,
                registry::State::Failed(error) => match first {
                    None => first = Some(error),
                    Some(seen) if seen.kind != error.kind => return None,
                    Some(_) => {}
                },
                registry::State::Skipped | registry::State::NotGathered => {}
            }
        }
        first.filter(|e| {
            matches!(
                e.kind,
                FactErrorKind::Network | FactErrorKind::Timeout | FactErrorKind::Credentials
            )
        })
    }

    /// Every scope's state of every fact, in registry order.
    pub fn entries(&self) -> Vec<registry::Entry<'_>> {
        self.facts.entries()
    }
}

/// A facts file: one gathering (versions 1 and 2) or several, one per distinct request (the
/// accounts and regions of many manifests: version 3).
#[derive(Debug, Clone, PartialEq)]
pub struct FactsFile {
    pub gatherings: Vec<Facts>,
}

impl FactsFile {
    /// Reads a facts file of any version this release reads.
    pub fn from_json(text: &str) -> Result<FactsFile, FactsFileError> {
        let value: serde_json::Value =
            serde_json::from_str(text).map_err(|e| FactsFileError::Malformed(e.to_string()))?;
        if value.get("version").and_then(serde_json::Value::as_u64)
            != Some(u64::from(FACTS_SET_VERSION))
        {
            return Facts::from_value(value).map(|facts| FactsFile {
                gatherings: vec![facts],
            });
        }
        let Some(serde_json::Value::Array(items)) = value.get("gatherings") else {
            return Err(FactsFileError::Malformed(
                "missing the array `gatherings`".to_owned(),
            ));
        };
        let gatherings = items
            .iter()
            .map(|item| Facts::from_value(item.clone()))
            .collect::<Result<Vec<Facts>, _>>()?;
        Ok(FactsFile { gatherings })
    }

    /// The file's text: one gathering as a version 2 file (which older releases read), several
    /// as version 3.
    pub fn to_json(&self) -> String {
        if let [one] = self.gatherings.as_slice() {
            return one.to_json();
        }
        let value = serde_json::json!({
            "version": FACTS_SET_VERSION,
            "gatherings": self.gatherings,
        });
        let mut s = serde_json::to_string_pretty(&value).expect("facts serialize");
        s.push('\n');
        s
    }
}

/// A facts file that cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FactsFileError {
    #[error("not a facts file: {0}")]
    Malformed(String),
    #[error(
        "facts file version {0} is newer than this astro-preflight reads (versions 1 to {FACTS_SET_VERSION}): update astro-preflight, or gather the facts again with this version"
    )]
    Version(u64),
}

/// Gathers the facts for a request. The AWS implementation is `astro-preflight-aws`; tests
/// and `check --facts` use saved facts.
pub trait FactsProvider: Sync {
    /// Checks, before any call, that facts can be gathered at all (the AWS provider resolves
    /// its credentials). `Err`: one line saying why not and what to do; nothing is gathered.
    fn ready(&self) -> Result<(), String> {
        Ok(())
    }

    /// Gathers every fact of the request. Never fails as a whole: a call that fails is a
    /// [`Fact::Failed`] and the others are still gathered.
    fn gather(&self, request: &FactsRequest) -> Facts;

    /// Gathers the facts of several requests (one per manifest); an implementation may share
    /// clients and run them concurrently.
    fn gather_all(&self, requests: &[FactsRequest]) -> Vec<Facts> {
        requests.iter().map(|r| self.gather(r)).collect()
    }
}
