//! The facts the offline rules check, as data. Each table names its source and the date it
//! was last checked; `astro-preflight.toml` can extend the allowed lists without a release.

pub mod aws;
pub mod baseline;
pub mod db_types;
pub mod instance_types;
pub mod presets;
pub mod regions;
pub mod sources;

/// The tables in force for a run: the built-in data plus what configuration adds.
#[derive(Debug, Clone, Default)]
pub struct Tables {
    pub extra_regions: Vec<String>,
    pub extra_instance_types: Vec<String>,
    pub extra_db_types: Vec<String>,
}

impl Tables {
    pub fn region_supported(&self, region: &str) -> bool {
        regions::SUPPORTED.contains(&region) || self.extra_regions.iter().any(|r| r == region)
    }

    pub fn instance_type_supported(&self, name: &str) -> bool {
        instance_types::find(name).is_some() || self.extra_instance_types.iter().any(|t| t == name)
    }

    pub fn db_type_supported(&self, name: &str) -> bool {
        db_types::SUPPORTED.contains(&name) || self.extra_db_types.iter().any(|t| t == name)
    }
}
