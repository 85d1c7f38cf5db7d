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
    /// The organization's cluster options, from the Astro API.
    Live { options: &'a ClusterOptions },
    /// The bundled tables; `failed`: the live options were asked for and could not be read.
    Tables { failed: bool },
}

impl<'a> Lists<'a> {
    /// The lists a manifest's check reads, from its facts.
    pub fn of(facts: Option<&'a Facts>) -> Lists<'a> {
        match facts.map(|f| &f.cluster_options) {
            Some(Fact::Ok { value }) => Lists::Live { options: value },
            Some(Fact::Failed { .. }) => Lists::Tables { failed: true },
            _ => Lists::Tables { failed: false },
        }
    }

    /// The live options, when read.
    pub fn live(self) -> Option<&'a ClusterOptions> {
        match self {
            Lists::Live { options } => Some(options),
            Lists::Tables { .. } => None,
        }
    }

    pub fn region_supported(self, tables: &Tables, name: &str) -> bool {
        match self.live() {
            Some(o) => o.region(name).is_some() || tables.extra_regions.iter().any(|r| r == name),
            None => tables.region_supported(name),
        }
    }

    pub fn instance_type_supported(self, tables: &Tables, name: &str) -> bool {
        match self.live() {
            Some(_) => listed(&self.instance_types(), &tables.extra_instance_types, name),
            None => tables.instance_type_supported(name),
        }
    }

    pub fn db_type_supported(self, tables: &Tables, name: &str) -> bool {
        match self.live() {
            Some(_) => listed(&self.db_types(), &tables.extra_db_types, name),
            None => tables.db_type_supported(name),
        }
    }

    /// The supported regions, in the source's order.
    pub fn regions(self) -> Vec<&'a str> {
        match self {
            Lists::Live { options } => options.regions.iter().map(|r| r.name.as_str()).collect(),
            Lists::Tables { .. } => regions::SUPPORTED.to_vec(),
        }
    }

    pub fn instance_types(self) -> Vec<&'a str> {
        match self {
            Lists::Live { options } => options.node_instances.iter().map(String::as_str).collect(),
            Lists::Tables { .. } => instance_types::SUPPORTED.iter().map(|t| t.name).collect(),
        }
    }

    pub fn db_types(self) -> Vec<&'a str> {
        match self {
            Lists::Live { options } => options
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
            Lists::Live { options } => {
                (options.node_count_min.unwrap_or(1), options.node_count_max)
            }
            Lists::Tables { .. } => (1, None),
        }
    }

    /// A rule's message that `subject` is not supported: from the live options, "SUBJECT is not
    /// in Astronomer's cluster options for your organization (fetched live from the Astro API)"; from the
    /// tables, `from_tables`, with the fallback said when the live options could not be read.
    /// (No date: a replay from a facts file says what the live run said.)
    pub fn say(self, subject: &str, from_tables: String) -> String {
        match self {
            Lists::Live { .. } => format!(
                "{subject} is not in Astronomer's cluster options for your organization (fetched live from the Astro API)"
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
    /// fetched live from the Astro API", or the bundled tables (and why, when the live options failed).
    pub fn source(self) -> String {
        match self {
            Lists::Live { .. } => {
                "Astronomer's cluster options for your organization, fetched live from the Astro API".to_owned()
            }
            Lists::Tables { failed: false } => {
                format!("the bundled tables, from Astronomer's docs of {ASTRONOMER_SOURCE_CHANGED}")
            }
            Lists::Tables { failed: true } => format!(
                "the bundled tables, from Astronomer's docs of {ASTRONOMER_SOURCE_CHANGED}, as the Astro API's cluster options could not be read (see check-incomplete)"
            ),
        }
    }
}

/// Whether `name` is in the live list or the configuration's `[allow]` extras.
fn listed(live: &[&str], extra: &[String], name: &str) -> bool {
    live.contains(&name) || extra.iter().any(|t| t == name)
}

/// What a message from the tables adds when the live options could not be read.
fn fallback() -> String {
    format!(
        "(read from the bundled tables of {ASTRONOMER_SOURCE_CHANGED}: the Astro API's cluster options could not be read, see check-incomplete)"
    )
}

/// What differs between the bundled tables and an organization's live cluster options, one
/// line each (`+` only live, `-` only in the tables, `~` changed): regions and their limits and
/// banned types, node and database types, the defaults (hybrid's). Empty when they agree. The
/// node-count bounds are not compared: Astronomer's docs, and so the tables, state none.
pub fn drift(live: &ClusterOptions) -> Vec<String> {
    use astro_preflight_manifest::defaults::HYBRID;
    let mut out = Vec::new();
    let mut lists = |what: &str, tables: Vec<&str>, live: Vec<&str>| {
        for name in &live {
            if !tables.contains(name) {
                out.push(format!("+ {what} {name}: offered live, not in the tables"));
            }
        }
        for name in &tables {
            if !live.contains(name) {
                out.push(format!("- {what} {name}: in the tables, not offered live"));
            }
        }
    };
    let tables = Lists::Tables { failed: false };
    let now = Lists::Live { options: live };
    lists("region", tables.regions(), now.regions());
    lists(
        "node instance type",
        tables.instance_types(),
        now.instance_types(),
    );
    lists("database instance type", tables.db_types(), now.db_types());
    for region in &live.regions {
        if region.limited {
            out.push(format!(
                "+ limited region {}: limited for the organization (the tables know no limited region)",
                region.name
            ));
        }
        for banned in &region.banned_instances {
            out.push(format!(
                "+ banned node instance type {banned} in {}: the tables know no banned type",
                region.name
            ));
        }
    }
    let mut changed = |what: &str, table: String, live: Option<String>| {
        if let Some(live) = live
            && live != table
        {
            out.push(format!("~ {what}: {table} in the tables, {live} live"));
        }
    };
    changed(
        "default region",
        HYBRID.region.to_owned(),
        live.default_region.clone(),
    );
    changed(
        "default node instance type",
        HYBRID.node_instance_type.to_owned(),
        live.default_node_instance.clone(),
    );
    changed(
        "default database instance type",
        HYBRID.db_instance_type.unwrap_or_default().to_owned(),
        live.default_database_instance.clone(),
    );
    changed(
        "default VPC CIDR",
        HYBRID.vpc_cidr.to_owned(),
        live.default_vpc_subnet_range.clone(),
    );
    changed(
        "default maximum node count",
        HYBRID.max_node_count.to_string(),
        live.node_count_default.map(|n| n.to_string()),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use astro_preflight_facts::astro::AstroRegion;

    /// The tables as live options: no drift.
    fn as_tables() -> ClusterOptions {
        let tables = Lists::Tables { failed: false };
        ClusterOptions {
            organization_id: "org".into(),
            regions: tables
                .regions()
                .into_iter()
                .map(|name| AstroRegion {
                    name: name.into(),
                    limited: false,
                    banned_instances: Vec::new(),
                })
                .collect(),
            default_region: Some("us-east-1".into()),
            node_instances: tables
                .instance_types()
                .into_iter()
                .map(Into::into)
                .collect(),
            default_node_instance: Some("m5.xlarge".into()),
            database_instances: tables.db_types().into_iter().map(Into::into).collect(),
            default_database_instance: Some("db.m6g.large".into()),
            default_vpc_subnet_range: Some("172.20.0.0/20".into()),
            node_count_min: Some(1),
            node_count_max: Some(100),
            node_count_default: Some(20),
        }
    }

    #[test]
    fn the_tables_as_live_options_do_not_drift() {
        assert_eq!(drift(&as_tables()), Vec::<String>::new());
    }

    #[test]
    fn every_difference_is_a_line() {
        let mut live = as_tables();
        live.regions.push(AstroRegion {
            name: "eu-north-1".into(),
            limited: true,
            banned_instances: vec!["m5.metal".into()],
        });
        live.node_instances.retain(|t| t != "t3.xlarge");
        live.node_count_min = Some(2);
        live.node_count_max = Some(7);
        live.node_count_default = Some(10);
        let lines = drift(&live);
        for expected in [
            "+ region eu-north-1",
            "- node instance type t3.xlarge",
            "+ limited region eu-north-1",
            "+ banned node instance type m5.metal in eu-north-1",
            "~ default maximum node count: 20 in the tables, 10 live",
        ] {
            assert!(
                lines.iter().any(|l| l.starts_with(expected)),
                "{expected}: {lines:#?}"
            );
        }
        assert_eq!(lines.len(), 5, "{lines:#?}");
    }
}
