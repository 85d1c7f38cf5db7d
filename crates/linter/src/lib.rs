//! astro-preflight's rule engine, rules and data tables.
//!
//! [`engine::check`] takes the bytes of a manifest, [`Settings`] (configuration) and, for the
//! online rules, [`Facts`]; it returns the diagnostics. [`pipeline::Pipeline`] is how every
//! command (`check`, `handoff`, `facts`) and the language server come to those: configuration
//! discovery, the settings of the environment, the facts source. Rules are pure functions of the
//! [`context::Context`] (the manifest's effective values, the tables, the facts): no I/O, no
//! AWS SDK. To add a rule: a file under `rules/<topic>/` declared with `rule!`, listed in
//! `rules::ALL`, a fixture under `tests/fixtures/`, and `UPDATE_GENERATED=1 cargo test` to
//! regenerate `docs/rules/`.

pub mod allow;
pub mod astro;
pub mod cidr;
pub mod config;
pub mod context;
pub mod diagnostic;
pub mod docs;
pub mod editor_schema;
pub mod engine;
pub mod fix;
mod mask;
pub(crate) mod peer_network;
pub mod pipeline;
pub mod prerequisites;
pub mod registry;
pub mod request;
pub(crate) mod rules;
pub mod sanitize;
mod schema_merge;
pub mod settings;
pub mod sink;
pub mod suppression;
pub mod tables;
mod wildcard;

pub use astro_preflight_facts::Facts;
pub use config::{Config, ConfigError};
pub use diagnostic::{Applicability, Diagnostic, Edit, Finding, Fix, Related, Severity};
pub use engine::{FactsGiven, FileResult, OnlineStatus, check, check_document};
pub use registry::{Rule, RuleKind};
pub use settings::{Level, Settings};
