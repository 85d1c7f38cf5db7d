//! AWS's own facts, generated: every partition and its regions (botocore), and which instance
//! types of Astro's families AWS offers in each region (cfn-lint, from the AWS price list).
//!
//! `generated/aws.json` is written by `scripts/aws_tables.py` from the packages pinned in
//! `scripts/requirements-test.txt`; a test fails when it differs from what they give. It is
//! parsed once, on first use.

use std::sync::{LazyLock, OnceLock};

use serde::Deserialize;
use serde_json::value::RawValue;

const JSON: &str = include_str!("generated/aws.json");

type Map<K, V> = std::collections::BTreeMap<K, V>;

/// A package the generated data came from.
#[derive(Debug, Clone, Deserialize)]
pub struct Source<'a> {
    pub package: &'a str,
    pub version: &'a str,
    /// The release date of that version (YYYY-MM-DD).
    pub date: &'a str,
    #[serde(borrow)]
    pub files: Vec<&'a str>,
}

/// An AWS partition (`aws`, `aws-cn`, `aws-us-gov`, the ISO partitions, `aws-eusc`).
#[derive(Debug, Clone, Deserialize)]
pub struct Partition<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// Region name → description (`us-gov-west-1` → `AWS GovCloud (US-West)`).
    #[serde(borrow)]
    pub regions: Map<&'a str, &'a str>,
}

impl Partition<'_> {
    /// The description of one of its regions.
    pub fn region_description(&self, region: &str) -> Option<&str> {
        self.regions.get(region).copied().filter(|s| !s.is_empty())
    }
}

/// Which sizes of each family are offered, per region.
#[derive(Debug, Clone, Deserialize)]
pub struct Offerings<'a> {
    /// The families covered, in Astronomer's order.
    #[serde(borrow)]
    pub families: Vec<&'a str>,
    /// Region → family → sizes offered (smallest first).
    #[serde(borrow)]
    offered: Map<&'a str, RegionOfferings<'a>>,
}

/// One region's families and sizes: kept as their JSON text, and read on the first question
/// about that region. Reading every region's at start-up was a third of a one-manifest check,
/// which asks about one region.
#[derive(Debug, Clone)]
struct RegionOfferings<'a> {
    text: &'a str,
    by_family: OnceLock<Map<&'a str, Vec<&'a str>>>,
}

impl<'de: 'a, 'a> Deserialize<'de> for RegionOfferings<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(RegionOfferings::new(
            <&'a RawValue>::deserialize(deserializer)?.get(),
        ))
    }
}

impl<'a> RegionOfferings<'a> {
    fn new(text: &'a str) -> RegionOfferings<'a> {
        RegionOfferings {
            text,
            by_family: OnceLock::new(),
        }
    }

    fn by_family(&self) -> &Map<&'a str, Vec<&'a str>> {
        self.by_family.get_or_init(|| {
            serde_json::from_str(self.text)
                .expect("generated/aws.json parses (tested by tables::aws::tests)")
        })
    }
}

impl<'a> Offerings<'a> {
    /// One section (`ec2`, `rdsPostgres`) read through the generator's layout, from the start
    /// of its value: `families` on one line, then each region of `offered` on its own line
    /// (indented six spaces) to the `}` that closes it (a region's text has no other). Only
    /// the families are parsed; a region when first asked about. With the text after the
    /// section; `None` when the text does not have that layout.
    fn from_layout(text: &'a str) -> Option<(Offerings<'a>, &'a str)> {
        const FAMILIES: &str = "{\n    \"families\": ";
        const OFFERED: &str = ",\n    \"offered\": {\n";
        const REGION: &str = "      \"";
        const END: &str = "\n    }\n  }";
        let rest = text.strip_prefix(FAMILIES)?;
        let end = rest.find('\n')?;
        let families = serde_json::from_str(rest[..end].strip_suffix(',')?).ok()?;
        let mut rest = rest[end..].strip_prefix(&OFFERED[1..])?;
        let mut offered = Map::new();
        while let Some(line) = rest.strip_prefix(REGION) {
            let (name, value) = line.split_once("\": ")?;
            let close = value.find('}')? + 1;
            offered.insert(name, RegionOfferings::new(&value[..close]));
            rest = &value[close..];
            rest = rest.strip_prefix(",\n").unwrap_or(rest);
        }
        let rest = rest.strip_prefix(END)?;
        Some((Offerings { families, offered }, rest))
    }
}

/// Whether AWS offers a type in a region, as far as the data knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offered {
    Yes,
    No,
    /// The region, or the type's family, is not in the data: nothing can be said.
    Unknown,
}

impl Offerings<'_> {
    /// Whether `name` (`m6id.xlarge`, `db.r5.large`) is offered in `region`.
    pub fn offered(&self, region: &str, name: &str) -> Offered {
        let Some((family, size)) = name.rsplit_once('.') else {
            return Offered::Unknown;
        };
        if !self.families.contains(&family) {
            return Offered::Unknown;
        }
        let Some(by_family) = self.offered.get(region).map(RegionOfferings::by_family) else {
            return Offered::Unknown;
        };
        match by_family.get(family) {
            Some(sizes) if sizes.contains(&size) => Offered::Yes,
            _ => Offered::No,
        }
    }

    /// Whether the region is in the data at all.
    pub fn covers_region(&self, region: &str) -> bool {
        self.offered.contains_key(region)
    }

    /// Whether any size of the family is offered in the region.
    pub fn family_offered(&self, region: &str, family: &str) -> bool {
        self.offered
            .get(region)
            .and_then(|f| f.by_family().get(family))
            .is_some_and(|s| !s.is_empty())
    }
}

/// The whole generated file.
///
/// Strings borrow from the embedded text, so the generator writes none with an escape.
#[derive(Debug, Clone, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AwsTables<'a> {
    #[serde(borrow)]
    pub sources: Vec<Source<'a>>,
    #[serde(borrow)]
    pub partitions: Vec<Partition<'a>>,
    #[serde(borrow)]
    pub ec2: Offerings<'a>,
    #[serde(borrow)]
    pub rds_postgres: Offerings<'a>,
}

static TABLES: LazyLock<AwsTables<'static>> = LazyLock::new(|| {
    AwsTables::from_layout(JSON).unwrap_or_else(|| {
        serde_json::from_str(JSON)
            .expect("generated/aws.json parses (tested by tables::aws::tests)")
    })
});

/// The generated tables.
pub fn tables() -> &'static AwsTables<'static> {
    &TABLES
}

impl<'a> AwsTables<'a> {
    /// The tables read through the generator's layout (each top-level key on its own line,
    /// indented two spaces), so that the regions' offerings are not even scanned until asked
    /// about: parsing the whole file, or skipping over the regions' text as JSON, was most of
    /// a one-manifest check's rules. `None` when the text does not have that layout: then the
    /// caller parses it whole. A test checks that both ways read the same tables.
    fn from_layout(json: &'a str) -> Option<AwsTables<'a>> {
        // Each section from the end of the one before: the text is read once, in order.
        let value_of = |text: &'a str, key: &str| -> Option<&'a str> {
            let marker = format!("\n  \"{key}\": ");
            Some(&text[text.find(&marker)? + marker.len()..])
        };
        let rest = value_of(json, "sources")?;
        let end = rest.find(",\n  \"partitions\": ")?;
        let sources = serde_json::from_str(&rest[..end]).ok()?;
        let rest = value_of(&rest[end..], "partitions")?;
        let end = rest.find(",\n  \"ec2\": ")?;
        let partitions = serde_json::from_str(&rest[..end]).ok()?;
        let (ec2, rest) = Offerings::from_layout(value_of(&rest[end..], "ec2")?)?;
        let (rds_postgres, rest) =
            Offerings::from_layout(rest.strip_prefix(",\n  \"rdsPostgres\": ")?)?;
        (rest.trim() == "}").then_some(AwsTables {
            sources,
            partitions,
            ec2,
            rds_postgres,
        })
    }

    /// The package a part of the data came from (`botocore`, `cfn-lint`).
    pub fn source(&self, package: &str) -> Option<&Source<'a>> {
        self.sources.iter().find(|s| s.package == package)
    }

    /// The partition that lists this region.
    pub fn partition_of(&self, region: &str) -> Option<&Partition<'a>> {
        self.partitions
            .iter()
            .find(|p| p.regions.contains_key(region))
    }

    /// Whether the name is a region of the commercial partition (`aws`).
    pub fn is_commercial(&self, region: &str) -> bool {
        self.partition_of(region).is_some_and(|p| p.id == "aws")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tables::{db_types, instance_types, regions};

    /// The tables read through the generator's layout are the tables parsed whole.
    #[test]
    fn layout_reads_what_the_whole_parse_reads() {
        let layout = AwsTables::from_layout(JSON).expect("generated/aws.json has the layout");
        let whole: AwsTables<'_> = serde_json::from_str(JSON).expect("parses");
        assert_eq!(
            format!("{:?}", layout.sources),
            format!("{:?}", whole.sources)
        );
        assert_eq!(
            format!("{:?}", layout.partitions),
            format!("{:?}", whole.partitions)
        );
        for (layout, whole) in [
            (&layout.ec2, &whole.ec2),
            (&layout.rds_postgres, &whole.rds_postgres),
        ] {
            assert_eq!(layout.families, whole.families);
            assert!(!whole.offered.is_empty());
            assert_eq!(
                layout.offered.keys().collect::<Vec<_>>(),
                whole.offered.keys().collect::<Vec<_>>()
            );
            for (region, offerings) in &whole.offered {
                assert_eq!(
                    layout.offered[region].by_family(),
                    offerings.by_family(),
                    "{region}"
                );
            }
        }
    }

    #[test]
    fn parses_and_names_its_sources() {
        let t = tables();
        for package in ["botocore", "cfn-lint"] {
            let s = t
                .source(package)
                .unwrap_or_else(|| panic!("no {package} source"));
            assert!(!s.version.is_empty() && s.date.len() == 10, "{s:?}");
        }
    }

    #[test]
    fn every_partition_by_name() {
        let t = tables();
        for (region, id) in [
            ("us-east-1", "aws"),
            ("cn-north-1", "aws-cn"),
            ("us-gov-west-1", "aws-us-gov"),
            ("us-iso-east-1", "aws-iso"),
            ("us-isob-east-1", "aws-iso-b"),
            ("eu-isoe-west-1", "aws-iso-e"),
            ("us-isof-south-1", "aws-iso-f"),
            ("eusc-de-east-1", "aws-eusc"),
        ] {
            assert_eq!(t.partition_of(region).map(|p| p.id), Some(id), "{region}");
        }
        assert!(
            t.partition_of("aws-global").is_none(),
            "an endpoint is not a region"
        );
        assert!(t.partition_of("us-east-9").is_none());
    }

    #[test]
    fn every_astro_region_is_commercial_and_covered() {
        let t = tables();
        for region in regions::SUPPORTED
            .iter()
            .chain(regions::OPT_IN)
            .chain(regions::ENABLED_BY_DEFAULT)
        {
            assert!(
                t.is_commercial(region),
                "{region} is not in botocore's aws partition"
            );
        }
        for region in regions::SUPPORTED {
            assert!(t.ec2.covers_region(region), "no EC2 offerings for {region}");
            assert!(
                t.rds_postgres.covers_region(region),
                "no RDS offerings for {region}"
            );
        }
    }

    /// The generator keeps only some families: every type Astronomer lists must be in one.
    #[test]
    fn every_astro_family_is_generated() {
        let t = tables();
        for it in instance_types::SUPPORTED {
            assert_ne!(
                t.ec2.offered("us-east-1", it.name),
                Offered::Unknown,
                "{}: add its family to EC2_FAMILIES in scripts/aws_tables.py",
                it.name
            );
        }
        for db in db_types::SUPPORTED {
            assert_ne!(
                t.rds_postgres.offered("us-east-1", db),
                Offered::Unknown,
                "{db}: add its family to RDS_FAMILIES in scripts/aws_tables.py"
            );
        }
    }

    #[test]
    fn known_gaps() {
        let t = tables();
        assert_eq!(t.ec2.offered("af-south-1", "m6id.xlarge"), Offered::No);
        assert_eq!(t.ec2.offered("eu-south-1", "t2.xlarge"), Offered::No);
        assert_eq!(t.ec2.offered("eu-south-1", "m6id.xlarge"), Offered::Yes);
        assert_eq!(t.ec2.offered("us-east-1", "m5.xlarge"), Offered::Yes);
        assert_eq!(t.ec2.offered("us-east-1", "m7i.xlarge"), Offered::Unknown);
        assert_eq!(t.ec2.offered("nowhere-1", "m5.xlarge"), Offered::Unknown);
        assert_eq!(
            t.rds_postgres.offered("af-south-1", "db.m6g.large"),
            Offered::Yes
        );
    }
}
