//! Everything that shapes a check besides the manifest and the facts: the tables with their
//! `[allow]` extensions, each rule's level, load limits, and how findings are filtered.

use std::collections::HashMap;

use astro_preflight_manifest::Limits;

use crate::allow::AllowedResource;
use crate::diagnostic::Severity;
use crate::registry::Rule;
use crate::tables::Tables;
use crate::tables::presets::Preset;

/// What a rule is set to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Off,
    On(Severity),
}

/// Everything that shapes a check besides the manifest and the facts.
#[derive(Debug, Clone)]
pub struct Settings {
    pub tables: Tables,
    /// Per-rule level; rules not named keep their default severity.
    pub levels: HashMap<&'static Rule, Level>,
    pub limits: Limits,
    /// Honour `# preflight-ignore` comments (off for audits: `--no-inline-ignores`).
    pub inline_ignores: bool,
    /// Warnings are reported as errors (`--deny-warnings`).
    pub deny_warnings: bool,
    /// Resources that do not make the account "used" (`[[allow.resources]]`).
    pub allowed_resources: Vec<AllowedResource>,
    /// The landing-zone presets enabled (`[allow] presets`).
    pub presets: Vec<&'static Preset>,
    /// The digest (`astro_preflight_facts::role::external_id_digest`) of the external ID the
    /// role's trust policy must require (`ASTRO_EXTERNAL_ID`), never the value itself.
    pub external_id_digest: Option<String>,
    /// `[astro] organization-id` of the configuration: the organization whose cluster options
    /// are read, when neither `--astro-organization` nor `ASTRO_ORGANIZATION_ID` names one.
    pub astro_organization: Option<String>,
    /// `ASTRO_API_TOKEN`, only to mask it wherever a manifest or a message holds it.
    pub astro_token: Option<Secret>,
}

/// A secret value: never shown by `Debug`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(pub String);

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret(***)")
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            tables: Tables::default(),
            levels: HashMap::new(),
            limits: Limits::default(),
            inline_ignores: true,
            deny_warnings: false,
            allowed_resources: Vec::new(),
            presets: Vec::new(),
            external_id_digest: None,
            astro_organization: None,
            astro_token: None,
        }
    }
}

impl Settings {
    /// Sets a rule's level.
    pub fn set(&mut self, rule: &'static Rule, level: Level) {
        self.levels.insert(rule, level);
    }
}
