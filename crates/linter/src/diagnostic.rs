//! What a rule reports.

use astro_preflight_manifest::{Location, Span};
use serde::{Deserialize, Serialize};

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, schemars::JsonSchema)]
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

/// A second place a diagnostic points at, with its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Related {
    pub pointer: String,
    pub span: Span,
    pub location: Location,
    pub message: String,
}

/// One finding about one manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The rule ID, e.g. `cidr-too-small`.
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub help: Option<String>,
    /// RFC 6901 pointer of the value concerned (`""`: the whole document).
    pub pointer: String,
    /// The bytes to show: the value, or the key of a missing value.
    pub span: Span,
    /// `span` as lines and columns.
    pub location: Location,
    /// The label under the span.
    pub label: String,
    /// Other places that explain the finding (the other CIDR of an overlap).
    pub related: Vec<Related>,
    /// The repair, when the rule knows one.
    pub fix: Option<Fix>,
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

impl Diagnostic {
    /// Attaches a repair.
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}
