use astro_preflight_manifest::suggest::{or_list, suggestions};

use crate::context::{Context, Emitter};
use crate::diagnostic::{Applicability, Fix};
use crate::fix::replace_scalar;
use crate::registry::rule;
use crate::tables::regions;

rule! {
    /// The region is not one that Astro supports on AWS.
    ///
    /// ## What it checks
    ///
    /// `cluster.region` (default `us-east-1`) against the 20 regions Astro supports:
    /// af-south-1, ap-east-1, ap-northeast-1, ap-northeast-2, ap-northeast-3, ap-south-1,
    /// ap-southeast-1, ap-southeast-2, ca-central-1, eu-central-1, eu-south-1, eu-west-1,
    /// eu-west-2, eu-west-3, me-south-1, sa-east-1, us-east-1, us-east-2, us-west-1,
    /// us-west-2. eu-north-1 was supported from 2022-05-31 to 2023-07-20 and no longer is.
    /// A region of another AWS partition is never an Astro region, and the message names the
    /// partition: AWS GovCloud (US) (`aws-us-gov`), China (`aws-cn`), the ISO partitions
    /// (`aws-iso`, `aws-iso-b`, `aws-iso-e`, `aws-iso-f`) and the AWS European Sovereign Cloud
    /// (`aws-eusc`, `eusc-de-east-1`). Which region belongs to which partition comes from
    /// botocore's data, not from the shape of the name. Add a region with
    /// `[allow] regions = [...]` in `astro-preflight.toml`.
    ///
    /// When Astronomer's cluster options for the organization were gathered (`ASTRO_API_TOKEN`
    /// with `--online`, or a facts file that holds them), the region is checked against their
    /// regions instead, and the message says so; when they could not be read, the tables are
    /// read and the message says that too.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// cluster:
    ///   region: eu-north-1   # no longer supported
    /// ```
    ///
    /// ## Fix
    ///
    /// Unsafe (`check --fix --unsafe-fixes`): a misspelt name is replaced by the supported region
    /// it is closest to, when exactly one is closest. When several are as close, the help names
    /// them all ("did you mean `us-east-1` or `us-east-2`?") and nothing is replaced, unless one
    /// differs only by a visually confusable character (`l`/`1`, `O`/`0`, `I`/`1`): `us-east-l`
    /// suggests `us-east-1` alone, with the fix. Another partition's or a real AWS region is
    /// never replaced: choosing a region is a decision.
    ///
    /// ## Source
    ///
    /// Astronomer's `astro/resource-reference-aws-hybrid.md` (supported regions) and
    /// `astro/release-notes.md` (eu-north-1 added 2022-05-31, removed 2023-07-20); botocore's
    /// `partitions.json` and `endpoints.json` (partitions and their regions).
    id: "region-unsupported",
    severity: Error,
    kind: Offline,
    fix: Unsafe,
    facts: [CLUSTER_OPTIONS],
    tables: [AstroRegions, AwsPartitions, AstroDefaults],
    prerequisite: REGION,
    check: check,
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    let Some(region) = cx.region else { return };
    let name = region.value;
    if cx.astro.region_supported(cx.tables, name) {
        return;
    }
    let supported = cx.astro.regions();
    let (message, label) = if let Some(other) = regions::in_other_partition(name) {
        (
            format!("{other}, where Astro does not run"),
            "not an Astro partition",
        )
    } else if let Some((_, from, until)) = regions::FORMERLY_SUPPORTED
        .iter()
        .find(|(r, _, _)| *r == name)
    {
        (
            format!("{name} is no longer supported by Astro (supported from {from} to {until})"),
            "no longer supported",
        )
    } else if regions::is_commercial(name) {
        (
            format!("{name} is an AWS region that Astro does not support"),
            "not an Astro region",
        )
    } else {
        (
            format!("`{name}` is not an AWS region that Astro supports"),
            "unknown region",
        )
    };
    let message = cx.astro.say(&format!("`{name}`"), message);
    let label = match cx.astro.live() {
        Some(_) => "not offered to your organization",
        None => label,
    };
    // A typo gets a suggestion; a real region (or another partition's) gets the list.
    let typo = !regions::is_commercial(name) && regions::other_partition(name).is_none();
    // The nearest supported regions: the first is suggested, a unique one is also the fix.
    let nearest = if typo {
        suggestions(name, supported.iter().copied())
    } else {
        Vec::new()
    };
    let help = match nearest.as_slice() {
        best if !best.is_empty() => format!("did you mean {}?", or_list(best)),
        _ => format!(
            "choose one of {}; or, once Astronomer supports it, allow it with `[allow] regions` in astro-preflight.toml",
            supported.join(", ")
        ),
    };
    let mut d = cx
        .finding(region.pointer, message)
        .with_help(help)
        .with_label(label);
    if let [best] = nearest[..]
        && let Some(edit) =
            replace_scalar(&cx.document.source, cx.parsed, region.pointer, name, best)
    {
        d = d.with_fix(Fix {
            message: format!("replace with `{best}`"),
            applicability: Applicability::Unsafe,
            edits: vec![edit],
        });
    }
    out.push(d);
}
