use astro_preflight_manifest::InstallProfile;

use crate::context::{Context, Effective, Emitter};
use crate::registry::rule;
use crate::tables::aws::{self, Offered, Offerings};
use crate::tables::{db_types, instance_types};

rule! {
    /// The node instance type (or, for a hybrid install, the metadata database class) is one
    /// Astro supports, but AWS does not offer it in the manifest's region.
    ///
    /// ## What it checks
    ///
    /// `cluster.nodeInstanceType` (default `m5.xlarge`) against the EC2 instance types AWS
    /// offers in `cluster.region`, and, for a `hybrid` install, `cluster.dbInstanceType`
    /// (default `db.m6g.large`) against the RDS for PostgreSQL classes offered there. For
    /// example, AWS offers no `m6id` size in af-south-1, ap-east-1, ap-northeast-3, eu-west-3
    /// or me-south-1, and no `t2.xlarge` in af-south-1, ap-east-1, eu-south-1 or me-south-1.
    /// The message names the date of the data; the help lists the nearest sizes of the same
    /// family that are offered there or, when the family is not offered at all, the other
    /// supported families that are.
    ///
    /// Only types and regions Astro supports are checked (`instance-type-unsupported`,
    /// `db-instance-type-unsupported` and `region-unsupported` report the others), and only
    /// when the data knows the region and the family: a type added with `[allow]` outside the
    /// generated families is not checked. With live facts (`--online` or `--facts`),
    /// `instance-type-not-offered` asks EC2 itself, zone by zone, and has the last word on the
    /// node type: this rule then checks only the database class.
    ///
    /// ## Why
    ///
    /// Astro creates the node group and the database in the region you choose; a type AWS
    /// does not sell there fails the install late, after the request has been reviewed.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// cluster:
    ///   region: af-south-1
    ///   nodeInstanceType: m6id.xlarge   # no m6id in Cape Town
    /// ```
    ///
    /// ## Source
    ///
    /// cfn-lint's `instancetype_enum.json` and `dbinstanceclass_enum.json`, which cfn-lint
    /// regenerates from the AWS price list, turned into `crates/linter/src/tables/generated/aws.json`
    /// by `scripts/aws_tables.py` (the package versions and their dates are in that file and in
    /// the Data section below); Astronomer's `astro/resource-reference-aws-hybrid.md` for the
    /// supported types.
    id: "instance-type-not-in-region",
    severity: Warning,
    kind: Offline,
    tables: [AstroNodeTypes, AstroDbTypes, AwsEc2Offerings, AwsRdsOfferings, AstroRegions],
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    let Some(region) = cx.region else { return };
    if !cx.tables.region_supported(region.value) {
        return;
    }
    let data = aws::tables();
    // Live offerings, when gathered, are fresher than any table: instance-type-not-offered decides.
    let live = cx
        .facts
        .and_then(|f| f.instance_type_zones.value())
        .is_some();
    let node = cx
        .node_instance_type
        .filter(|n| !live && cx.tables.instance_type_supported(n.value));
    if let Some(node) = node {
        let names: Vec<&str> = instance_types::SUPPORTED.iter().map(|t| t.name).collect();
        let what = What {
            offerings: &data.ec2,
            supported: &names,
            name: "node instance type",
            service: "EC2",
        };
        report(cx, out, &what, region.value, node);
    }
    let hybrid = cx.profile == Some(InstallProfile::Hybrid);
    let db = cx
        .db_instance_type
        .filter(|d| hybrid && cx.tables.db_type_supported(d.value));
    if let Some(db) = db {
        let what = What {
            offerings: &data.rds_postgres,
            supported: db_types::SUPPORTED,
            name: "metadata database class",
            service: "RDS for PostgreSQL",
        };
        report(cx, out, &what, region.value, db);
    }
}

/// What is checked: a node type against EC2's offerings, or a database class against RDS's.
struct What<'a> {
    offerings: &'a Offerings<'static>,
    /// Astronomer's list of that kind, for the suggestions.
    supported: &'a [&'a str],
    name: &'static str,
    service: &'static str,
}

fn report(
    cx: &Context<'_>,
    out: &mut Emitter<'_, '_>,
    what: &What<'_>,
    region: &str,
    value: Effective<&str>,
) {
    let What {
        offerings,
        supported,
        name: what,
        service,
    } = *what;
    if offerings.offered(region, value.value) != Offered::No {
        return;
    }
    let family = value.value.rsplit_once('.').map_or(value.value, |(f, _)| f);
    let data = aws::tables();
    let date = match data.source("cfn-lint") {
        Some(s) => format!(
            "AWS price list as of {}, via cfn-lint {}",
            s.date, s.version
        ),
        None => "AWS price list, via cfn-lint".to_owned(),
    };
    let place = match data
        .partition_of(region)
        .and_then(|p| p.region_description(region))
    {
        Some(d) => format!("{region} ({d})"),
        None => region.to_owned(),
    };
    let message = if offerings.family_offered(region, family) {
        format!(
            "{what} `{}` is not offered by {service} in {place} ({date})",
            value.value
        )
    } else {
        format!(
            "{what} `{}` is not offered by {service} in {place}, nor is any other {family} size ({date})",
            value.value
        )
    };
    let same = same_family(offerings, region, value.value, supported);
    let help = if !same.is_empty() {
        format!(
            "the nearest {family} sizes offered there: {}",
            same.join(", ")
        )
    } else {
        let others = other_families(offerings, region, value.value, supported);
        if others.is_empty() {
            format!("no type Astro supports is offered by {service} in {region}")
        } else {
            format!(
                "no {family} size is offered there; the nearest sizes of other supported families that are: {}",
                others.join(", ")
            )
        }
    };
    out.push(
        cx.finding(value.pointer, message)
            .with_help(help)
            .with_label(format!("not offered in {region}")),
    );
}

/// Sizes from smallest to largest; unknown sizes after the known ones.
const SIZES: &[&str] = &[
    "large", "xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge",
    "32xlarge", "metal",
];

fn size_rank(size: &str) -> usize {
    SIZES.iter().position(|s| *s == size).unwrap_or(SIZES.len())
}

fn split(name: &str) -> (&str, &str) {
    name.rsplit_once('.').unwrap_or((name, ""))
}

/// The offered supported sizes of the same family nearest to the wanted one: the next smaller
/// and the next larger.
fn same_family(offerings: &Offerings, region: &str, name: &str, supported: &[&str]) -> Vec<String> {
    let (family, size) = split(name);
    let rank = size_rank(size);
    let offered: Vec<&str> = supported
        .iter()
        .copied()
        .filter(|t| {
            split(t).0 == family && *t != name && offerings.offered(region, t) == Offered::Yes
        })
        .collect();
    let below = offered
        .iter()
        .filter(|t| size_rank(split(t).1) < rank)
        .max_by_key(|t| size_rank(split(t).1));
    let above = offered
        .iter()
        .filter(|t| size_rank(split(t).1) >= rank)
        .min_by_key(|t| size_rank(split(t).1));
    below
        .into_iter()
        .chain(above)
        .map(|t| format!("`{t}`"))
        .collect()
}

/// For the supported families most like this one (longest common prefix, then the same
/// storage suffix, then the table's order), the offered size nearest the wanted one; four at most.
fn other_families(
    offerings: &Offerings,
    region: &str,
    name: &str,
    supported: &[&str],
) -> Vec<String> {
    let (family, size) = split(name);
    let bare = family.trim_start_matches("db.");
    let rank = size_rank(size);
    let mut families: Vec<&str> = Vec::new();
    for t in supported {
        let f = split(t).0;
        if f != family && !families.contains(&f) {
            families.push(f);
        }
    }
    let likeness = |f: &str| {
        let other = f.trim_start_matches("db.");
        let prefix = bare
            .chars()
            .zip(other.chars())
            .take_while(|(a, b)| a == b)
            .count();
        (
            std::cmp::Reverse(prefix),
            bare.ends_with('d') != other.ends_with('d'),
        )
    };
    families.sort_by_key(|f| likeness(f)); // stable: the table's order breaks ties
    let mut out = Vec::new();
    for f in families {
        let nearest = supported
            .iter()
            .filter(|t| split(t).0 == f && offerings.offered(region, t) == Offered::Yes)
            .min_by_key(|t| {
                let r = size_rank(split(t).1);
                (r.abs_diff(rank), r < rank)
            });
        if let Some(t) = nearest {
            out.push(format!("`{t}`"));
        }
        if out.len() == 4 {
            break;
        }
    }
    out
}
