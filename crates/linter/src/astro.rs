//! Astronomer's lists as the rules read them: the organization's live cluster options (the
//! fact `clusterOptions`, from the Astro API) when they were gathered, the bundled tables
//! otherwise. `[allow]` in `astro-preflight.toml` extends either. Every message about them says
//! which source it read, and why the tables when the live options failed.

use astro_preflight_facts::astro::ClusterOptions;
use astro_preflight_facts::{Fact, Facts};
use astro_preflight_manifest::suggest::or_list;

use crate::tables::sources::ASTRONOMER_SOURCE_CHANGED;
use crate::tables::{Tables, db_types, instance_types, regions};

/// Which of Astronomer's lists a check reads.
#[derive(Debug, Clone, Copy)]
pub enum Lists<'a> {
    /// The organization's cluster options, gathered at `gathered_at` (RFC 3339).
    Live {
        options: &'a ClusterOptions,
        gathered_at: &'a str,
    },
    /// The bundled tables; `failed`: the live options were asked for and could not be read.
    Tables { failed: bool },
}

impl<'a> Lists<'a> {
    /// The lists a manifest's check reads, from its facts.
    pub fn of(facts: Option<&'a Facts>) -> Lists<'a> {
        match facts.map(|f| (&f.cluster_options, f.gathered_at.as_str())) {
            Some((Fact::Ok { value }, gathered_at)) => Lists::Live {
                options: value,
                gathered_at,
            },
            Some((Fact::Failed { .. }, _)) => Lists::Tables { failed: true },
            _ => Lists::Tables { failed: false },
        }
    }

    /// The live options, when read.
    pub fn live(self) -> Option<&'a ClusterOptions> {
        match self {
            Lists::Live { options, .. } => Some(options),
            Lists::Tables { .. } => None,
        }
    }

    pub fn region_supported(self, tables: &Tables, name: &str) -> bool {
        match self {
            Lists::Live { options, .. } => {
                options.region(name).is_some() || tables.extra_regions.iter().any(|r| r == name)
            }
            Lists::Tables { .. } => tables.region_supported(name),
        }
    }

    pub fn instance_type_supported(self, tables: &Tables, name: &str) -> bool {
        match self {
            Lists::Live { options, .. } => {
                options.node_instances.iter().any(|t| t == name)
                    || tables.extra_instance_types.iter().any(|t| t == name)
            }
            Lists::Tables { .. } => tables.instance_type_supported(name),
        }
    }

    pub fn db_type_supported(self, tables: &Tables, name: &str) -> bool {
        match self {
            Lists::Live { options, .. } => {
                options.database_instances.iter().any(|t| t == name)
                    || tables.extra_db_types.iter().any(|t| t == name)
            }
            Lists::Tables { .. } => tables.db_type_supported(name),
        }
    }

    /// The supported regions, in the source's order.
    pub fn regions(self) -> Vec<&'a str> {
        match self {
            Lists::Live { options, .. } => {
                options.regions.iter().map(|r| r.name.as_str()).collect()
            }
            Lists::Tables { .. } => regions::SUPPORTED.to_vec(),
        }
    }

    pub fn instance_types(self) -> Vec<&'a str> {
        match self {
            Lists::Live { options, .. } => {
                options.node_instances.iter().map(String::as_str).collect()
            }
            Lists::Tables { .. } => instance_types::SUPPORTED.iter().map(|t| t.name).collect(),
        }
    }

    pub fn db_types(self) -> Vec<&'a str> {
        match self {
            Lists::Live { options, .. } => options
                .database_instances
                .iter()
                .map(String::as_str)
                .collect(),
            Lists::Tables { .. } => db_types::SUPPORTED.to_vec(),
        }
    }

    /// The bounds of `maxNodeCount`: the live options', or the tables' (at least 1, no stated
    /// maximum).
    pub fn node_count_bounds(self) -> (u32, Option<u32>) {
        match self {
            Lists::Live { options, .. } => {
                (options.node_count_min.unwrap_or(1), options.node_count_max)
            }
            Lists::Tables { .. } => (1, None),
        }
    }

    /// A rule's message that `subject` is not supported: from the live options, "SUBJECT is not
    /// in Astronomer's cluster options for your organization (fetched live AT)"; from the
    /// tables, `from_tables`, with the fallback said when the live options could not be read.
    pub fn say(self, subject: &str, from_tables: String) -> String {
        match self {
            Lists::Live { gathered_at, .. } => format!(
                "{subject} is not in Astronomer's cluster options for your organization (fetched live {gathered_at})"
            ),
            Lists::Tables { failed: false } => from_tables,
            Lists::Tables { failed: true } => format!("{from_tables} {}", fallback()),
        }
    }

    /// The help of a type not supported: the nearest `supported` names as a did-you-mean, then
    /// the live list, or what the tables support (`tables`, in a phrase).
    pub fn help(self, nearest: &[&str], supported: &[&str], tables: &str) -> String {
        let (lead, listed) = match self {
            Lists::Live { .. } => ("offered to your organization: ", supported.join(", ")),
            Lists::Tables { .. } => ("supported: ", tables.to_owned()),
        };
        match nearest {
            [] => format!("{lead}{listed}"),
            best => format!(
                "did you mean {}? {}{}{listed}",
                or_list(best),
                lead[..1].to_uppercase(),
                &lead[1..]
            ),
        }
    }

    /// The source a message names: "Astronomer's cluster options for your organization,
    /// fetched live AT", or the bundled tables (and why, when the live options failed).
    pub fn source(self) -> String {
        match self {
            Lists::Live { gathered_at, .. } => format!(
                "Astronomer's cluster options for your organization, fetched live {gathered_at}"
            ),
            Lists::Tables { failed: false } => {
                format!("the bundled tables, from Astronomer's docs of {ASTRONOMER_SOURCE_CHANGED}")
            }
            Lists::Tables { failed: true } => format!(
                "the bundled tables, from Astronomer's docs of {ASTRONOMER_SOURCE_CHANGED}, as the Astro API's cluster options could not be read (see check-incomplete)"
            ),
        }
    }
}

/// What a message from the tables adds when the live options could not be read.
fn fallback() -> String {
    format!(
        "(read from the bundled tables of {ASTRONOMER_SOURCE_CHANGED}: the Astro API's cluster options could not be read, see check-incomplete)"
    )
}
