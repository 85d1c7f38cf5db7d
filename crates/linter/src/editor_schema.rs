//! The manifest JSON Schema as published for editors (`schemas/install-manifest.schema.json`,
//! `astro-preflight schema`): the schema generated from the typed manifest, plus what only the
//! linter's tables know. Every supported region, node instance type and database instance type
//! is listed as `examples`, so that completion offers them (not as an `enum`: `[allow]` in
//! `astro-preflight.toml` extends the tables, and the rules, not the schema, say what is
//! supported); `cluster.region` gets a `pattern` for the shape of an AWS region name, so that an
//! editor flags `mars-1` or `us-east-l` as it is typed, and so does `peering[].region`, with
//! every region of the commercial partition as its examples.
//!
//! The loader validates against the generated schema alone: a region of the wrong shape is
//! reported once, by `region-unsupported`, with the closest supported region.

use serde_json::{Value, json};

use crate::tables::{db_types, instance_types, regions};

/// The shape of an AWS region name: a two-letter area, an optional partition (`gov`, `iso`,
/// `isob`, `isoe`, `isof`), a direction, a number. `us-east-1`, `us-gov-west-1`,
/// `cn-northwest-1`, `eu-isoe-west-1`.
pub const REGION_PATTERN: &str = "^[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-[0-9]+$";

/// The manifest schema for editors.
pub fn manifest_schema() -> Value {
    let mut schema = astro_preflight_manifest::schema::manifest_schema();
    let cluster = &mut schema["properties"]["cluster"]["properties"];
    let region = &mut cluster["region"];
    region["pattern"] = json!(REGION_PATTERN);
    region["examples"] = json!(regions::SUPPORTED);
    cluster["nodeInstanceType"]["examples"] =
        instance_types::SUPPORTED.iter().map(|t| t.name).collect();
    cluster["dbInstanceType"]["examples"] = json!(db_types::SUPPORTED);
    // A peer VPC may be in any commercial region, with the same shape.
    let peer_region = &mut schema["$defs"]["Peering"]["properties"]["region"];
    peer_region["pattern"] = json!(REGION_PATTERN);
    peer_region["examples"] = regions::commercial().collect();
    schema
}

/// The schema as pretty JSON with a final newline: exactly the committed file.
pub fn manifest_schema_text() -> String {
    let mut text = serde_json::to_string_pretty(&manifest_schema()).expect("schema serializes");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matches_region_shape(name: &str) -> bool {
        let schema = json!({ "type": "string", "pattern": REGION_PATTERN });
        jsonschema::is_valid(&schema, &json!(name))
    }

    #[test]
    fn every_known_region_has_the_shape_and_typos_do_not() {
        let known = regions::SUPPORTED
            .iter()
            .chain(regions::OPT_IN)
            .chain(regions::ENABLED_BY_DEFAULT);
        for region in known.chain(&[
            "us-gov-west-1",
            "cn-northwest-1",
            "us-iso-east-1",
            "us-isob-east-1",
            "eu-isoe-west-1",
        ]) {
            assert!(matches_region_shape(region), "{region}");
        }
        for typo in [
            "mars-1",
            "us-east-l",
            "us-east",
            "US-EAST-1",
            "us-east-1 ",
            "useast1",
            "us_east_1",
        ] {
            assert!(!matches_region_shape(typo), "{typo}");
        }
    }

    #[test]
    fn every_supported_value_is_an_example_and_none_is_an_enum() {
        let schema = manifest_schema();
        let cluster = &schema["properties"]["cluster"]["properties"];
        for (field, count) in [
            ("region", regions::SUPPORTED.len()),
            ("nodeInstanceType", instance_types::SUPPORTED.len()),
            ("dbInstanceType", db_types::SUPPORTED.len()),
        ] {
            assert_eq!(
                cluster[field]["examples"].as_array().map(Vec::len),
                Some(count),
                "{field}"
            );
            assert!(
                cluster[field].get("enum").is_none(),
                "{field}: [allow] extends the tables"
            );
        }
        assert!(
            cluster["region"]["examples"]
                .as_array()
                .unwrap()
                .contains(&json!("eu-west-1"))
        );
        assert!(
            cluster["nodeInstanceType"]["examples"]
                .as_array()
                .unwrap()
                .contains(&json!("m5.xlarge"))
        );
    }
}
