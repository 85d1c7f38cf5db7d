//! `astro-preflight.toml`: per-rule severity, extra allowed values, and load limits.
//!
//! ```toml
//! [rules]
//! cidr-host-bits = "off"
//! region-opt-in = "info"
//!
//! [allow]
//! regions = ["ap-southeast-3"]
//! instance-types = ["m7i.xlarge"]
//! db-instance-types = ["db.m7g.large"]
//!
//! [limits]
//! max-file-size = 1048576
//! ```

use std::collections::BTreeMap;

use astro_preflight_manifest::Limits;
use schemars::JsonSchema;
use serde::Deserialize;

use crate::allow::AllowedResource;
use crate::registry;
use crate::settings::{Level, Settings};
use crate::tables::{Tables, presets};

/// The configuration file name, looked up beside a manifest and in its parent directories.
pub const FILE_NAME: &str = "astro-preflight.toml";

/// A rule's setting in `[rules]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RuleLevel {
    Error,
    Warning,
    Info,
    Off,
}

/// astro-preflight configuration (`astro-preflight.toml`).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "astro-preflight configuration")]
pub struct Config {
    /// Severity per rule ID: `error`, `warning`, `info` or `off`.
    #[serde(default)]
    #[schemars(extend("examples" = [{"cidr-host-bits": "off", "region-opt-in": "info"}]))]
    pub rules: BTreeMap<String, RuleLevel>,

    /// Values to accept besides the built-in tables, so that a newly supported region or type
    /// needs no new release.
    #[serde(default)]
    pub allow: Allow,

    /// Bounds on manifest files.
    #[serde(default)]
    pub limits: LimitsConfig,

    /// Astronomer's own API, for the organization's live cluster options.
    #[serde(default)]
    pub astro: AstroConfig,
}

/// The Astro organization whose cluster options `--online` and `facts` read (with
/// `ASTRO_API_TOKEN`); `--astro-organization` and `ASTRO_ORGANIZATION_ID` come first.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct AstroConfig {
    /// The organization's ID (Astro's Organization settings show it). Not a secret; the token
    /// never goes in this file.
    #[schemars(pattern(r"^[A-Za-z0-9_-]{1,128}$"), extend("examples" = ["clx0abcdef0000000000000000"]))]
    pub organization_id: Option<String>,
}

/// Extra allowed values.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Allow {
    /// Extra AWS regions to accept (`region-unsupported` stays silent for them).
    #[serde(default)]
    #[schemars(extend("examples" = [["ap-southeast-3"]]))]
    pub regions: Vec<String>,
    /// Extra node instance types to accept.
    #[serde(default)]
    #[schemars(extend("examples" = [["m7i.xlarge"]]))]
    pub instance_types: Vec<String>,
    /// Extra RDS instance types to accept for the metadata database.
    #[serde(default)]
    #[schemars(extend("examples" = [["db.m7g.large"]]))]
    pub db_instance_types: Vec<String>,
    /// Resources that do not make the account "used" (`account-not-empty`), each with the
    /// reason it is allowed: a landing zone's baseline, say.
    #[serde(default)]
    pub resources: Vec<AllowResource>,
    /// Landing-zone presets whose baseline does not make the account "used"
    /// (`account-not-empty`): `control-tower`, `cdk-bootstrap`. A preset never allows a VPC.
    #[serde(default)]
    #[schemars(extend("examples" = [["control-tower", "cdk-bootstrap"]]))]
    pub presets: Vec<String>,
}

/// One resource, or a family of them, that does not make the account "used".
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AllowResource {
    /// The CloudFormation type name, e.g. `AWS::S3::Bucket`.
    #[serde(rename = "type")]
    #[schemars(pattern(r"^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+$"), extend("examples" = ["AWS::S3::Bucket"]))]
    pub kind: String,
    /// A glob on the resource's ID or name (`*`, `?`, `[abc]`).
    #[schemars(extend("examples" = ["cdk-*"]))]
    pub id: String,
    /// Why it is allowed (required).
    #[serde(default)]
    #[schemars(required, length(min = 1), extend("examples" = ["CDK bootstrap of the landing zone"]))]
    pub reason: Option<String>,
}

/// Bounds on manifest files (hostile input is refused early with a clear diagnostic).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct LimitsConfig {
    /// Largest manifest file, in bytes (default 1048576, at most 67108864).
    #[schemars(range(min = 1, max = Limits::CEILING_MAX_BYTES))]
    pub max_file_size: Option<usize>,
    /// Deepest nesting of mappings and sequences (default 32, at most 256).
    #[schemars(range(min = 1, max = Limits::CEILING_MAX_DEPTH))]
    pub max_depth: Option<usize>,
    /// Most YAML nodes, aliases counted as expanded (default 20000, at most 1000000).
    #[schemars(range(min = 1, max = Limits::CEILING_MAX_NODES))]
    pub max_nodes: Option<usize>,
}

/// A configuration file that cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    pub message: String,
    /// Byte range in the file, when known.
    pub span: Option<std::ops::Range<usize>>,
}

impl Config {
    /// Parses and validates the text of a configuration file.
    pub fn from_toml(text: &str) -> Result<Config, ConfigError> {
        let config: Config = toml::from_str(text).map_err(|e| ConfigError {
            message: e.message().to_owned(),
            span: e.span(),
        })?;
        for (id, level) in &config.rules {
            let rule = registry::lookup(id).map_err(|message| ConfigError {
                message,
                span: find_key(text, id),
            })?;
            if *level == RuleLevel::Off && !rule.can_be_turned_off {
                return Err(ConfigError {
                    message: format!(
                        "`{id}` cannot be turned off: a file that does not parse cannot be checked"
                    ),
                    span: find_key(text, id),
                });
            }
        }
        for (n, entry) in config.allow.resources.iter().enumerate() {
            let at = find_nth_table(text, "allow.resources", n);
            if entry.reason.as_deref().is_none_or(|r| r.trim().is_empty()) {
                return Err(ConfigError {
                    message: format!(
                        "`[[allow.resources]]` entry {} (`{}` `{}`) gives no reason: say why the resource may stay, e.g. `reason = \"CDK bootstrap of the landing zone\"`",
                        n + 1,
                        entry.kind,
                        entry.id
                    ),
                    span: at,
                });
            }
            if let Err(e) = AllowedResource::new(&entry.kind, &entry.id, "") {
                return Err(ConfigError {
                    message: format!(
                        "`[[allow.resources]]` entry {}: `{}` is not a glob: {e}",
                        n + 1,
                        entry.id
                    ),
                    span: at,
                });
            }
        }
        for name in &config.allow.presets {
            if presets::find(name).is_none() {
                let names = presets::names();
                return Err(ConfigError {
                    message: format!(
                        "`{name}` is not a landing-zone preset; the presets are {}",
                        astro_preflight_manifest::suggest::or_list(&names)
                    ),
                    span: text
                        .find(&format!("\"{name}\""))
                        .map(|at| at..at + name.len() + 2)
                        .or_else(|| find_key(text, "presets")),
                });
            }
        }
        let limits = [
            ("max-file-size", config.limits.max_file_size),
            ("max-depth", config.limits.max_depth),
            ("max-nodes", config.limits.max_nodes),
        ];
        if let Some((key, _)) = limits.iter().find(|(_, value)| *value == Some(0)) {
            return Err(ConfigError {
                message: format!("`{key}` must be greater than 0"),
                span: find_key(text, key).or_else(|| find_key(text, "limits")),
            });
        }
        let ceilings = [
            Limits::CEILING_MAX_BYTES,
            Limits::CEILING_MAX_DEPTH,
            Limits::CEILING_MAX_NODES,
        ];
        if let Some(((key, value), ceiling)) = limits
            .iter()
            .zip(ceilings)
            .find(|((_, value), ceiling)| value.is_some_and(|v| v > *ceiling))
        {
            return Err(ConfigError {
                message: format!(
                    "`{key}` is {}, more than its ceiling of {ceiling}, which bounds the time and memory a hostile file can cost",
                    value.unwrap_or_default()
                ),
                span: find_key(text, key).or_else(|| find_key(text, "limits")),
            });
        }
        Ok(config)
    }

    /// The settings this configuration gives.
    pub fn settings(&self) -> Settings {
        let levels = self
            .rules
            .iter()
            .filter_map(|(id, level)| {
                let level = match level {
                    RuleLevel::Error => Level::On(crate::Severity::Error),
                    RuleLevel::Warning => Level::On(crate::Severity::Warning),
                    RuleLevel::Info => Level::On(crate::Severity::Info),
                    RuleLevel::Off => Level::Off,
                };
                // `from_toml` refused unknown IDs.
                Some((registry::find(id)?, level))
            })
            .collect();
        let allowed_resources = self
            .allow
            .resources
            .iter()
            .filter_map(|r| {
                AllowedResource::new(&r.kind, &r.id, r.reason.as_deref().unwrap_or_default()).ok()
            })
            .collect();
        let defaults = Limits::default();
        Settings {
            tables: Tables {
                extra_regions: self.allow.regions.clone(),
                extra_instance_types: self.allow.instance_types.clone(),
                extra_db_types: self.allow.db_instance_types.clone(),
            },
            levels,
            limits: Limits {
                max_bytes: self.limits.max_file_size.unwrap_or(defaults.max_bytes),
                max_depth: self.limits.max_depth.unwrap_or(defaults.max_depth),
                max_nodes: self.limits.max_nodes.unwrap_or(defaults.max_nodes),
            },
            inline_ignores: true,
            deny_warnings: false,
            allowed_resources,
            presets: self
                .allow
                .presets
                .iter()
                .filter_map(|name| presets::find(name))
                .collect(),
            // Never from a file: the command line reads ASTRO_EXTERNAL_ID.
            external_id_digest: None,
            astro_organization: self.astro.organization_id.clone(),
            // Never from a file: the command line reads ASTRO_API_TOKEN.
            astro_token: None,
        }
    }
}

/// The byte range of the header of the `n`th `[[table]]`.
fn find_nth_table(text: &str, table: &str, n: usize) -> Option<std::ops::Range<usize>> {
    let header = format!("[[{table}]]");
    let mut offset = 0;
    let mut seen = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with(&header) {
            if seen == n {
                let start = offset + line.len() - trimmed.len();
                return Some(start..start + header.len());
            }
            seen += 1;
        }
        offset += line.len();
    }
    None
}

/// The byte range of a key at the start of a line, quoted or not.
fn find_key(text: &str, key: &str) -> Option<std::ops::Range<usize>> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        for candidate in [
            key.to_owned(),
            format!("\"{key}\""),
            format!("'{key}'"),
            format!("[{key}]"),
        ] {
            if let Some(rest) = trimmed.strip_prefix(candidate.as_str()) {
                let rest = rest.trim_start();
                if rest.starts_with('=')
                    || rest.is_empty()
                    || rest.starts_with('\n')
                    || candidate.starts_with('[')
                {
                    let start = offset + indent;
                    return Some(start..start + candidate.len());
                }
            }
        }
        offset += line.len();
    }
    None
}

/// The configuration JSON Schema, as committed in `schemas/config.schema.json`.
pub fn config_schema_text() -> String {
    let generator = schemars::generate::SchemaSettings::draft2020_12().into_generator();
    let mut schema = astro_preflight_manifest::schema::tidy(
        generator.into_root_schema_for::<Config>().to_value(),
    );
    // Name every rule, so that editors complete the IDs and describe them, and refuse `off`
    // where the configuration does.
    let rules: serde_json::Map<String, serde_json::Value> = registry::all()
        .iter()
        .map(|rule| {
            let level = if rule.can_be_turned_off {
                serde_json::json!({ "$ref": "#/$defs/RuleLevel" })
            } else {
                serde_json::json!({ "enum": ["error", "warning", "info"] })
            };
            let mut property = serde_json::json!({ "description": format!("{} (default: {})", rule.summary(), rule.default_severity.as_str()) });
            property.as_object_mut().expect("an object").extend(level.as_object().expect("an object").clone());
            (rule.id.to_owned(), property)
        })
        .collect();
    if let Some(table) = schema
        .pointer_mut("/properties/rules")
        .and_then(|v| v.as_object_mut())
    {
        table.insert("properties".to_owned(), serde_json::Value::Object(rules));
        table.insert(
            "additionalProperties".to_owned(),
            serde_json::Value::Bool(false),
        );
    }
    let mut text = serde_json::to_string_pretty(&schema).expect("schema serializes");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_levels_and_allow_lists() {
        let c = Config::from_toml(
            "[rules]\ncidr-host-bits = \"off\"\n[allow]\nregions = [\"ap-southeast-3\"]\n",
        )
        .unwrap();
        let s = c.settings();
        assert_eq!(
            s.levels.get(registry::find("cidr-host-bits").unwrap()),
            Some(&Level::Off)
        );
        assert!(s.tables.region_supported("ap-southeast-3"));
    }

    #[test]
    fn unknown_rules_and_keys_point_at_their_line() {
        let text = "[rules]\ncidr-host-bit = \"off\"\n";
        let e = Config::from_toml(text).unwrap_err();
        assert!(
            e.message.contains("did you mean `cidr-host-bits`"),
            "{}",
            e.message
        );
        assert_eq!(&text[e.span.unwrap()], "cidr-host-bit");
        let e = Config::from_toml("[rulez]\n").unwrap_err();
        assert!(e.span.is_some());
        let e = Config::from_toml("[rules]\nschema = \"off\"\n").unwrap_err();
        assert!(e.message.contains("cannot be turned off"));
        let e = Config::from_toml("[rules]\nyaml-syntax = \"off\"\n").unwrap_err();
        assert!(e.message.contains("cannot be turned off"));
        // The suppression rules cannot be silenced inline, but they can be turned off.
        let c = Config::from_toml(
            "[rules]\nsuppression-unused = \"off\"\nsuppression-invalid = \"info\"\n",
        )
        .unwrap();
        assert_eq!(
            c.settings()
                .levels
                .get(registry::find("suppression-unused").unwrap()),
            Some(&Level::Off)
        );
        let text = "[limits]\nmax-file-size = 100\nmax-depth = 0\n";
        let e = Config::from_toml(text).unwrap_err();
        assert_eq!(e.message, "`max-depth` must be greater than 0");
        assert_eq!(&text[e.span.unwrap()], "max-depth");
        let e = Config::from_toml("[rules]\ncidr-host-bits = \"loud\"\n").unwrap_err();
        assert!(e.span.is_some(), "{e:?}");
    }

    #[test]
    fn allowed_resources_need_a_reason() {
        let text = "[[allow.resources]]\ntype = \"AWS::S3::Bucket\"\nid = \"cdk-*\"\nreason = \"CDK bootstrap\"\n\n[[allow.resources]]\ntype = \"AWS::IAM::Role\"\nid = \"landing-*\"\n";
        let e = Config::from_toml(text).unwrap_err();
        assert!(
            e.message
                .contains("entry 2 (`AWS::IAM::Role` `landing-*`) gives no reason"),
            "{}",
            e.message
        );
        assert_eq!(e.span.map(|s| s.start), text.rfind("[[allow.resources]]"));
        let c = Config::from_toml(&text.replace(
            "id = \"landing-*\"\n",
            "id = \"landing-*\"\nreason = \"baseline\"\n",
        ))
        .unwrap();
        let allowed = c.settings().allowed_resources;
        assert_eq!(allowed.len(), 2);
        assert!(allowed[1].allows("AWS::IAM::Role", "landing-admin"));
    }
}
