use std::collections::BTreeMap;

use astro_preflight_facts::inventory::{GLOBAL, Resource};
use astro_preflight_facts::registry::{Listed, State};
use astro_preflight_facts::role::Monitoring;
use astro_preflight_facts::{Fact, Facts};
use serde_json::json;

use crate::allow::AllowedResource;
use crate::context::{ACCOUNT_ID, Context, Emitter};
use crate::registry::rule;
use crate::tables::baseline::is_baseline;
use crate::tables::presets::{self, ACCOUNT_FACTORY_VPC_STACK, PRESETS, Preset, PresetEntry};

/// How many resources a message names.
const NAMED: usize = 3;

rule! {
    /// The account is not empty: it holds resources beyond a fresh account's baseline, in any
    /// enabled region or in a global service.
    ///
    /// ## What it checks
    ///
    /// In every region enabled in the account (`ec2:DescribeRegions`): EC2 instances (not
    /// terminated), VPCs other than the default VPC, NAT gateways, Elastic IPs, VPC peering
    /// connections (active or pending), transit gateway attachments, load balancers (ELBv2
    /// and classic), EKS clusters, RDS DB instances and clusters, Lambda functions and
    /// CloudFormation stacks; and once, globally: S3 buckets, IAM users and IAM roles. Every
    /// listing is paginated.
    ///
    /// Allowed: the default VPC and its parts, AWS's own roles (paths `/aws-service-role/`,
    /// `/aws-reserved/`), `OrganizationAccountAccessRole`, and Astronomer's own
    /// `AstroCrossAccountRole` stack and `astronomer-remote-management` role; the S3 bucket
    /// the log group and the CloudWatch Logs delivery role of a trail that carries the install page's
    /// optional monitoring of the role (multi-region, delivering to a log group of the
    /// account; see `role-changes-unmonitored`); whatever `[[allow.resources]]` in
    /// `astro-preflight.toml` allows, each entry with its reason; and the baseline of each
    /// landing-zone preset enabled with `[allow] presets` (`control-tower`, `cdk-bootstrap`;
    /// listed below with their sources).
    ///
    /// A landing zone is recognised even when its preset is not enabled: the message counts
    /// the resources that are its baseline and names the preset to enable if Astronomer
    /// support accepts it, and each such resource carries `preset` (and `presetEntry`) in
    /// `data.resources`. No preset allows a VPC: Account Factory's optional VPC (a VPC in a
    /// region that holds its `StackSet-AWSControlTowerBP-VPC-ACCOUNT-FACTORY-V1-*` stack) is
    /// reported, named as Account Factory's, to be confirmed with Astronomer support or
    /// removed.
    ///
    /// One diagnostic per manifest counts what was found by type and region and names the
    /// first few; the JSON diagnostic carries the whole list in `data.resources` (`type` in
    /// CloudFormation spelling, `id`, `region` or `global`). When a listing could not be made
    /// (see `check-incomplete`), the account is not proven empty: nothing is reported as
    /// passed.
    ///
    /// ## Why
    ///
    /// "For security reasons, AWS accounts with existing infrastructure aren't supported":
    /// Astro needs an account dedicated to it.
    ///
    /// ## Example
    ///
    /// ```yaml
    /// version: 1
    /// install: hybrid
    /// account:
    ///   id: "123456789012"
    /// cluster:
    ///   name: acme
    /// ```
    ///
    /// In an account that already holds a VPC and EC2 instances.
    ///
    /// A resource of the landing zone can be allowed, with its reason:
    ///
    /// ```toml
    /// # astro-preflight.toml: a landing zone's CDK bootstrap is allowed
    /// [[allow.resources]]
    /// type = "AWS::S3::Bucket"
    /// id = "cdk-*"
    /// reason = "CDK bootstrap of the landing zone"
    /// ```
    ///
    /// ## Source
    ///
    /// Astronomer's `astro/install-aws-hybrid.md` and `astro/install-aws.md` (a dedicated
    /// account); what counts as existing infrastructure is inferred from what an install
    /// creates and what AWS creates in every account.
    id: "account-not-empty",
    severity: Error,
    kind: Online,
    facts: [ENABLED_REGIONS, ROLE_MONITORING] + INVENTORY,
    tables: [LandingZonePresets],
    prerequisite: DEDICATED_ACCOUNT,
    check: check,
}

/// What the inventory found, and whether every listing was made.
pub(crate) struct Inventory<'a> {
    /// Sorted by type, region, ID.
    pub resources: Vec<&'a Resource>,
    pub complete: bool,
}

/// Every resource listed, and whether every listing was made.
fn listed<'a>(facts: &'a Facts) -> (Vec<&'a Resource>, bool) {
    let mut facts_listed: Vec<&'a Fact<Vec<Resource>>> = Vec::new();
    let mut complete = facts.enabled_regions.state() == State::Ok;
    for (_, listed) in facts.inventory() {
        match listed {
            Listed::Once(fact) => facts_listed.push(fact),
            Listed::Each(Fact::Ok { value }) => facts_listed.extend(value.values()),
            Listed::Each(_) => complete = false,
        }
    }
    let mut resources = Vec::new();
    for fact in facts_listed {
        match fact {
            Fact::Ok { value } => resources.extend(value.iter()),
            _ => complete = false,
        }
    }
    (resources, complete)
}

/// Every listed resource that is neither baseline, nor part of the role's monitoring, nor
/// allowed.
pub(crate) fn inventory<'a>(cx: &'a Context<'_>) -> Option<Inventory<'a>> {
    let facts = cx.facts?;
    let (mut resources, complete) = listed(facts);
    let monitoring = facts.role_monitoring.value();
    resources.retain(|r| {
        !is_baseline(&r.kind, &r.id, r.path.as_deref())
            && !monitoring.is_some_and(|m| part_of_monitoring(m, r))
            && !allowed(&cx.settings.allowed_resources, r)
            && !cx
                .settings
                .presets
                .iter()
                .any(|p| p.entry(&r.kind, &r.id).is_some_and(|e| e.allows))
    });
    resources.sort_by(|a, b| (&a.kind, &a.region, &a.id).cmp(&(&b.kind, &b.region, &b.id)));
    resources.dedup();
    Some(Inventory {
        resources,
        complete,
    })
}

/// The bucket, the log group and the log delivery role of a trail that carries the role's
/// monitoring.
fn part_of_monitoring(monitoring: &Monitoring, r: &Resource) -> bool {
    monitoring
        .trails
        .iter()
        .filter(|t| t.monitors())
        .any(|t| match r.kind.as_str() {
            "AWS::S3::Bucket" => t.s3_bucket.as_deref() == Some(r.id.as_str()),
            "AWS::IAM::Role" => t.log_role.as_deref() == Some(r.id.as_str()),
            "AWS::Logs::LogGroup" => t
                .log_group
                .as_ref()
                .is_some_and(|g| g.name == r.id && g.region == r.region),
            _ => false,
        })
}

fn allowed(allow: &[AllowedResource], r: &Resource) -> bool {
    allow.iter().any(|a| a.allows(&r.kind, &r.id))
}

/// `[[allow.resources]]` entries that allowed nothing in a complete inventory.
pub(crate) fn unused_allowances<'a>(cx: &'a Context<'_>) -> Vec<&'a AllowedResource> {
    let Some(facts) = cx.facts else {
        return Vec::new();
    };
    let (resources, complete) = listed(facts);
    if !complete {
        return Vec::new();
    }
    cx.settings
        .allowed_resources
        .iter()
        .filter(|a| !resources.iter().any(|r| a.allows(&r.kind, &r.id)))
        .collect()
}

/// Account Factory's VPC: what a VPC in a region holding its stack is.
static ACCOUNT_FACTORY_VPC: PresetEntry = PresetEntry {
    kind: "AWS::EC2::VPC",
    id: "*",
    what: "Account Factory's VPC (never allowed by a preset: confirm it with Astronomer support or remove it)",
    allows: false,
    source: presets::CONTROL_TOWER_SOURCE,
};

/// For each resource reported, the preset (and its entry) it belongs to, if any: an allowing
/// entry of a preset not enabled, or an entry no preset allows (Account Factory's VPC stack,
/// and the VPCs of a region that holds it).
fn recognise(
    cx: &Context<'_>,
    resources: &[&Resource],
) -> Vec<Option<(&'static Preset, &'static PresetEntry)>> {
    let control_tower = presets::find("control-tower");
    let vpc_stack_regions: Vec<&str> = resources
        .iter()
        .filter(|r| {
            r.kind == "AWS::CloudFormation::Stack"
                && crate::wildcard::matches(ACCOUNT_FACTORY_VPC_STACK, &r.id, &['*'], false)
        })
        .map(|r| r.region.as_str())
        .collect();
    resources
        .iter()
        .map(|r| {
            if r.kind == "AWS::EC2::VPC" && vpc_stack_regions.contains(&r.region.as_str()) {
                return control_tower.map(|p| (p, &ACCOUNT_FACTORY_VPC));
            }
            PRESETS.iter().find_map(|p| {
                p.entry(&r.kind, &r.id)
                    .filter(|e| !e.allows || !cx.settings.presets.contains(&p))
                    .map(|e| (p, e))
            })
        })
        .collect()
}

fn check(cx: &Context<'_>, out: &mut Emitter<'_, '_>) {
    // After the install the account holds Astronomer's cluster (cluster-vpc-found).
    if super::cluster_vpc_found::installed(cx) {
        return;
    }
    let Some(Inventory {
        resources,
        complete,
    }) = inventory(cx)
    else {
        return;
    };
    if resources.is_empty() {
        // Empty only if every listing was made; check-incomplete names what was not.
        return;
    }
    // "2 AWS::EC2::VPC in us-east-1, 1 AWS::RDS::DBInstance in us-west-2".
    let mut groups: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for r in &resources {
        *groups
            .entry((r.kind.as_str(), r.region.as_str()))
            .or_default() += 1;
    }
    let counts: Vec<String> = groups
        .iter()
        .map(|((kind, region), n)| {
            if *region == GLOBAL {
                format!("{n} {kind} (global)")
            } else {
                format!("{n} {kind} in {region}")
            }
        })
        .collect();
    let mut named: Vec<String> = resources
        .iter()
        .take(NAMED)
        .map(|r| format!("{} {}", r.kind, r.id))
        .collect();
    if resources.len() > NAMED {
        named.push(format!("and {} more", resources.len() - NAMED));
    }
    let mut message = format!(
        "the account is not empty: {} resource{} ({}): {}",
        resources.len(),
        if resources.len() == 1 { "" } else { "s" },
        counts.join(", "),
        named.join(", ")
    );
    if !complete {
        message.push_str(
            "; not every listing could be made (see check-incomplete), so there may be more",
        );
    }
    let recognised = recognise(cx, &resources);
    for preset in PRESETS {
        let n = recognised
            .iter()
            .filter(|m| m.is_some_and(|(p, e)| p.name == preset.name && e.allows))
            .count();
        if n > 0 && !cx.settings.presets.contains(&preset) {
            message.push_str(&format!(
                "; {n} of these {} resources {} {}; enable the `{}` preset if Astronomer support accepts it",
                resources.len(),
                if n == 1 { "is" } else { "are" },
                preset.title,
                preset.name
            ));
        }
    }
    let vpcs: Vec<String> = resources
        .iter()
        .zip(&recognised)
        .filter(|(r, m)| r.kind == "AWS::EC2::VPC" && m.is_some())
        .map(|(r, _)| format!("{} in {}", r.id, r.region))
        .collect();
    if !vpcs.is_empty() {
        let (verb, plural, them) = if vpcs.len() == 1 {
            ("is", "", "it")
        } else {
            ("are", "s", "them")
        };
        message.push_str(&format!(
            "; {} {verb} Account Factory's VPC{plural} (AWS Control Tower), which no preset allows: confirm {them} with Astronomer support or remove {them}",
            vpcs.join(", ")
        ));
    }
    let resources: Vec<serde_json::Value> = resources
        .iter()
        .zip(&recognised)
        .map(|(r, m)| {
            let mut value = serde_json::to_value(r).unwrap_or_default();
            if let (Some((preset, entry)), Some(object)) = (m, value.as_object_mut()) {
                object.insert("preset".into(), preset.name.into());
                object.insert("presetEntry".into(), entry.what.into());
            }
            value
        })
        .collect();
    let data = json!({ "resources": resources });
    out.push(
        cx.finding(ACCOUNT_ID, message)
            .with_help("install Astro in a new, dedicated AWS account; a landing zone's baseline can be allowed in astro-preflight.toml with `[allow] presets` (`control-tower`, `cdk-bootstrap`), another resource of it with `[[allow.resources]]` and a reason")
            .with_label("not a dedicated account")
            .with_data(data),
    );
}
