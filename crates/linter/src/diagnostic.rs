//! What a rule reports: a [`Finding`] (where, what, why, how to fix), which the
//! [`sink`](crate::sink) turns into a [`Diagnostic`] with the rule and the severity it runs at.

use astro_preflight_manifest::{Location, Span};
use serde::{Deserialize, Serialize};

use crate::registry::Rule;

/// How serious a finding is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// Whether a fix may be applied without review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Applicability {
    Safe,
    Unsafe,
}

impl Applicability {
    pub fn as_str(self) -> &'static str {
        match self {
            Applicability::Safe => "safe",
            Applicability::Unsafe => "unsafe",
        }
    }
}

/// A replacement of a byte span of the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    pub span: Span,
    pub replacement: String,
}

/// A repair of a diagnostic's finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub message: String,
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

/// A second place a diagnostic points at, with its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub pointer: String,
    pub span: Span,
    pub location: Location,
    pub message: String,
}

/// What a rule found, before the sink gives it its rule and severity.
#[derive(Debug, Clone, PartialEq)]
pub struct Finding {
    pub message: String,
    pub help: Option<String>,
    /// RFC 6901 pointer of the value concerned (`""`: the whole document).
    pub pointer: String,
    /// The bytes to show: the value, or the key of a missing value.
    pub span: Span,
    /// `span` as lines and columns.
    pub location: Location,
    /// The label under the span; the rule ID when empty.
    pub label: String,
    /// Other places that explain the finding (the other CIDR of an overlap).
    pub related: Vec<Related>,
    pub fix: Option<Fix>,
    /// Structured evidence for machine readers (`data` in JSON, `properties` in SARIF).
    pub data: Option<serde_json::Value>,
}

impl Finding {
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    pub fn with_label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    pub fn with_related(mut self, related: Related) -> Self {
        self.related.push(related);
        self
    }

    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }

    pub fn with_data(mut self, data: serde_json::Value) -> Self {
        self.data = Some(data);
        self
    }
}

/// One finding about one manifest, as reported: the finding, the rule that found it and the
/// severity it is reported at.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    pub rule: &'static Rule,
    pub severity: Severity,
    /// Its label is the rule ID when the rule gave none.
    pub finding: Finding,
}

impl Diagnostic {
    pub(crate) fn new(rule: &'static Rule, severity: Severity, mut finding: Finding) -> Diagnostic {
        if finding.label.is_empty() {
            finding.label = rule.id.to_owned();
        }
        Diagnostic {
            rule,
            severity,
            finding,
        }
    }
}
