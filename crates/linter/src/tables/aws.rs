//! AWS's own facts, generated: every partition and its regions (botocore), and which instance
//! types of Astro's families AWS offers in each region (cfn-lint, from the AWS price list).
//!
//! `generated/aws.json` is written by `scripts/aws_tables.py` from the packages pinned in
//! `scripts/requirements-test.txt`; a test fails when it differs from what they give. The
//! crate's build script turns it into the statics below (sorted slices, looked up by binary
//! search), so that a run parses nothing; a test checks that they hold what the file says.

/// A package the generated data came from.
#[derive(Debug, Clone)]
pub struct Source<'a> {
    pub package: &'a str,
    pub version: &'a str,
    /// The release date of that version (YYYY-MM-DD).
    pub date: &'a str,
    pub files: &'a [&'a str],
}

/// An AWS partition (`aws`, `aws-cn`, `aws-us-gov`, the ISO partitions, `aws-eusc`).
#[derive(Debug, Clone)]
pub struct Partition<'a> {
    pub id: &'a str,
    pub name: &'a str,
    /// Region name and description (`us-gov-west-1`, `AWS GovCloud (US-West)`), sorted by name.
    pub regions: &'a [(&'a str, &'a str)],
}

impl<'a> Partition<'a> {
    /// The description of one of its regions.
    pub fn region_description(&self, region: &str) -> Option<&'a str> {
        lookup(self.regions, region)
            .copied()
            .filter(|s| !s.is_empty())
    }

    /// Whether it lists this region.
    pub fn has_region(&self, region: &str) -> bool {
        lookup(self.regions, region).is_some()
    }

    /// Its regions' names, sorted.
    pub fn region_names(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        self.regions.iter().map(|(name, _)| *name)
    }
}

/// The value under `key` in a slice sorted by key.
fn lookup<'s, V>(sorted: &'s [(&str, V)], key: &str) -> Option<&'s V> {
    sorted
        .binary_search_by(|(k, _)| (*k).cmp(key))
        .ok()
        .map(|i| &sorted[i].1)
}

/// Which sizes of each family are offered, per region.
#[derive(Debug, Clone)]
pub struct Offerings<'a> {
    /// The families covered, in Astronomer's order.
    pub families: &'a [&'a str],
    /// Region → family → sizes offered (smallest first), each level sorted by its key.
    offered: &'a [(&'a str, ByFamily<'a>)],
}

/// One region's families, sorted by name, each with the sizes offered (smallest first).
type ByFamily<'a> = &'a [(&'a str, &'a [&'a str])];

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
        let Some(by_family) = lookup(self.offered, region) else {
            return Offered::Unknown;
        };
        match lookup(by_family, family) {
            Some(sizes) if sizes.contains(&size) => Offered::Yes,
            _ => Offered::No,
        }
    }

    /// Whether the region is in the data at all.
    pub fn covers_region(&self, region: &str) -> bool {
        lookup(self.offered, region).is_some()
    }

    /// Whether any size of the family is offered in the region.
    pub fn family_offered(&self, region: &str, family: &str) -> bool {
        lookup(self.offered, region)
            .and_then(|by_family| lookup(by_family, family))
            .is_some_and(|sizes| !sizes.is_empty())
    }
}

/// The whole generated file.
#[derive(Debug, Clone)]
pub struct AwsTables<'a> {
    pub sources: &'a [Source<'a>],
    pub partitions: &'a [Partition<'a>],
    pub ec2: Offerings<'a>,
    pub rds_postgres: Offerings<'a>,
}

static TABLES: AwsTables<'static> = include!(concat!(env!("OUT_DIR"), "/aws_tables.rs"));

/// The generated tables.
pub fn tables() -> &'static AwsTables<'static> {
    &TABLES
}

impl<'a> AwsTables<'a> {
    /// The package a part of the data came from (`botocore`, `cfn-lint`).
    pub fn source(&self, package: &str) -> Option<&Source<'a>> {
        self.sources.iter().find(|s| s.package == package)
    }

    /// The partition that lists this region.
    pub fn partition_of(&self, region: &str) -> Option<&Partition<'a>> {
        self.partitions.iter().find(|p| p.has_region(region))
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

    /// The statics the build script writes hold what `generated/aws.json` says, every entry.
    #[test]
    fn the_statics_are_the_generated_file() {
        let json: serde_json::Value =
            serde_json::from_str(include_str!("generated/aws.json")).expect("parses");
        let t = tables();
        let strings = |v: &serde_json::Value| -> Vec<String> {
            v.as_array()
                .unwrap()
                .iter()
                .map(|s| s.as_str().unwrap().to_owned())
                .collect()
        };
        let sources = json["sources"].as_array().unwrap();
        assert_eq!(t.sources.len(), sources.len());
        for (s, j) in t.sources.iter().zip(sources) {
            assert_eq!(
                (s.package, s.version, s.date),
                (
                    j["package"].as_str().unwrap(),
                    j["version"].as_str().unwrap(),
                    j["date"].as_str().unwrap()
                )
            );
            assert_eq!(s.files, strings(&j["files"]));
        }
        let partitions = json["partitions"].as_array().unwrap();
        assert_eq!(t.partitions.len(), partitions.len());
        for (p, j) in t.partitions.iter().zip(partitions) {
            assert_eq!(
                (p.id, p.name),
                (j["id"].as_str().unwrap(), j["name"].as_str().unwrap())
            );
            let regions = j["regions"].as_object().unwrap();
            assert_eq!(p.regions.len(), regions.len(), "{}", p.id);
            assert!(p.regions.is_sorted_by_key(|(name, _)| *name), "{}", p.id);
            for (name, description) in regions {
                assert_eq!(
                    p.regions.iter().find(|(n, _)| n == name).map(|(_, d)| *d),
                    description.as_str(),
                    "{name}"
                );
                assert!(p.has_region(name), "{name}");
            }
        }
        for (offerings, key) in [(&t.ec2, "ec2"), (&t.rds_postgres, "rdsPostgres")] {
            assert_eq!(offerings.families, strings(&json[key]["families"]));
            let offered = json[key]["offered"].as_object().unwrap();
            assert!(!offered.is_empty());
            assert_eq!(offerings.offered.len(), offered.len(), "{key}");
            assert!(offerings.offered.is_sorted_by_key(|(region, _)| *region));
            for (region, families) in offered {
                let by_family = lookup(offerings.offered, region).expect(region);
                let families = families.as_object().unwrap();
                assert_eq!(by_family.len(), families.len(), "{key} {region}");
                assert!(by_family.is_sorted_by_key(|(family, _)| *family));
                for (family, sizes) in families {
                    assert_eq!(
                        lookup(by_family, family).map(|s| s.to_vec()),
                        Some(strings(sizes).iter().map(String::as_str).collect()),
                        "{key} {region} {family}"
                    );
                }
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
