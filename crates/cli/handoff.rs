//! `astro-preflight handoff`: the manifest checked as `check` checks it, then what Astronomer
//! support needs (Markdown or JSON) from the linter's effective values, and the install page's
//! prerequisites, each verified by the rules that ran or left to confirm by hand. Never the
//! external ID: it is not read.

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

use astro_preflight_facts::registry::State;
use astro_preflight_facts::{Facts, FactsProvider};
use astro_preflight_linter::context::{Context, Effective};
use astro_preflight_linter::request::{facts_mismatch, facts_request};
use astro_preflight_linter::{
    Diagnostic, OnlineStatus, Rule, RuleKind, Settings, Severity, check_document, registry, sink,
};
use astro_preflight_manifest::InstallProfile;
use clap::{Args, ValueEnum};
use serde_json::{Value, json};

use crate::args::OnlineArgs;
use crate::report::{Checked, Outcome, Report};
use crate::{check, fail, inputs, render};

#[derive(Debug, Args)]
pub struct HandoffArgs {
    /// The manifest to hand off.
    #[arg(value_name = "MANIFEST")]
    pub manifest: PathBuf,

    /// Output format.
    #[arg(long, value_enum, default_value_t = HandoffFormat::Markdown)]
    pub format: HandoffFormat,

    /// Configuration file (default: astro-preflight.toml beside the manifest or in a parent
    /// directory).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,

    #[command(flatten)]
    pub online: OnlineArgs,

    /// Verify the prerequisites against facts saved by `astro-preflight facts`.
    #[arg(long, value_name = "FILE", conflicts_with = "online")]
    pub facts: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum HandoffFormat {
    /// For a support request or a pull-request comment.
    Markdown,
    /// The stable JSON interface.
    Json,
}

/// The rule ID of a diagnostic: the one place that reads it.
fn rule_id(d: &Diagnostic) -> &str {
    d.rule.id
}

pub fn run(args: &HandoffArgs) -> i32 {
    let input = inputs::Input::File(args.manifest.clone());
    let shown = input.display();
    let settings = match check::settings_for(&input, args.config.as_deref()) {
        Ok(settings) => settings,
        Err(code) => return code,
    };
    let document = match check::load_input(&input, &settings) {
        Ok(document) => document,
        Err(message) => return fail(format!("{shown}: {message}")),
    };
    let (facts, how) = match (&args.facts, args.online.online) {
        (Some(path), _) => {
            let saved = match check::read_facts(path) {
                Ok(facts) => facts,
                Err(message) => return fail(message),
            };
            let facts = match facts_request(&document) {
                Some(request) => match facts_mismatch(&request, &saved) {
                    None => Some(saved),
                    Some(why) => {
                        return fail(format!(
                            "the facts file {} does not belong to this manifest: {why}",
                            inputs::display_path(path)
                        ));
                    }
                },
                None => None,
            };
            (
                facts,
                Checking {
                    short: "with saved facts",
                    full: format!("with the facts file {}", inputs::display_path(path)),
                },
            )
        }
        (None, true) => {
            let provider = match check::aws_provider(&args.online.aws) {
                Ok(provider) => provider,
                Err(message) => return fail(message),
            };
            let facts = facts_request(&document).map(|request| Arc::new(provider.gather(&request)));
            (
                facts,
                Checking {
                    short: "with live AWS facts",
                    full: "with live AWS facts".to_owned(),
                },
            )
        }
        (None, false) => (
            None,
            Checking {
                short: "offline",
                full: "offline".to_owned(),
            },
        ),
    };

    let result = check_document(document, &settings, facts.as_deref());
    if result
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error)
    {
        // Not handed off: the findings, as `check` renders them, on stderr.
        let mut online = result.online;
        if facts.is_some() && online == OnlineStatus::Skipped {
            online = OnlineStatus::NotApplicable;
        }
        let mut checked = Checked::from(result);
        checked.online = online;
        let report = Report::new(vec![Outcome {
            path: shown.clone(),
            file: None,
            result: Ok(checked),
        }]);
        let mut buffer = Vec::new();
        let _ = render::human::render(&report, &mut buffer);
        let mut stderr = std::io::stderr().lock();
        let _ = stderr.write_all(&buffer);
        let _ = writeln!(
            stderr,
            "error: {} has errors: not handed off",
            render::sanitize_message(&shown)
        );
        return 1;
    }
    let Some((parsed, manifest)) = result
        .document
        .parsed
        .as_ref()
        .ok()
        .and_then(|p| p.manifest.as_ref().map(|m| (p, m)))
    else {
        eprintln!(
            "error: {} is not a readable manifest: not handed off",
            render::sanitize_message(&shown)
        );
        return 1;
    };
    let cx = Context::new(
        &result.document,
        parsed,
        manifest,
        &settings,
        facts.as_deref(),
    );
    let handoff = match Handoff::new(&cx, &settings, &result.diagnostics, &how) {
        Ok(mut handoff) => {
            handoff.suppressed = result.suppressed;
            handoff
        }
        Err(missing) => {
            eprintln!(
                "error: {}: {missing} is not valid (a rule that reports it is turned off?): not handed off",
                render::sanitize_message(&shown)
            );
            return 1;
        }
    };
    let mut out = Vec::new();
    let written = match args.format {
        HandoffFormat::Json => render::write_json(&mut out, &handoff.json()),
        HandoffFormat::Markdown => out.write_all(handoff.markdown(&shown).as_bytes()),
    };
    if written.is_err() {
        return fail("cannot render the hand-off");
    }
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(&out).and_then(|()| stdout.flush());
    0
}

/// How the prerequisites were checked: offline, with live facts, with saved facts.
struct Checking {
    /// For each prerequisite.
    short: &'static str,
    /// Once, with the facts file's path.
    full: String,
}

/// A value and whether Astronomer's default supplied it.
struct Valued<T> {
    value: T,
    defaulted: bool,
}

impl<T: Copy> Valued<T> {
    fn from(e: Effective<T>) -> Valued<T> {
        Valued {
            value: e.value,
            defaulted: e.defaulted,
        }
    }
}

struct PeeringOut {
    vpc_id: String,
    region: String,
    cidrs: Vec<String>,
    dns_servers: Vec<String>,
}

struct PrerequisiteOut {
    id: &'static str,
    title: &'static str,
    status: Status,
    detail: String,
    rules: Vec<&'static str>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Status {
    Verified,
    Warning,
    ToConfirm,
}

impl Status {
    fn as_str(self) -> &'static str {
        match self {
            Status::Verified => "verified",
            Status::Warning => "warning",
            Status::ToConfirm => "to-confirm",
        }
    }
}

struct Handoff {
    install: InstallProfile,
    account_id: String,
    cluster_name: String,
    organization: Option<String>,
    region: Valued<String>,
    node_instance_type: Valued<String>,
    max_node_count: Valued<u32>,
    db_instance_type: Option<Valued<String>>,
    vpc_cidr: Valued<String>,
    peering: Vec<PeeringOut>,
    prerequisites: Vec<PrerequisiteOut>,
    how: String,
    /// Findings silenced by `# preflight-ignore` comments: said, since a silenced finding may
    /// concern a prerequisite shown as verified.
    suppressed: usize,
}

impl Handoff {
    /// `Err` names a value that is missing or malformed although no error reports it.
    fn new(
        cx: &Context<'_>,
        settings: &Settings,
        diagnostics: &[Diagnostic],
        how: &Checking,
    ) -> Result<Handoff, &'static str> {
        let owned = |e: Option<Effective<&str>>, what| {
            e.map(|e| Valued {
                value: e.value.to_owned(),
                defaulted: e.defaulted,
            })
            .ok_or(what)
        };
        let install = cx.profile.ok_or("`install`")?;
        let cluster = cx.manifest.cluster.valid().ok_or("`cluster`")?;
        let db_instance_type = match install {
            InstallProfile::Hybrid => Some(owned(cx.db_instance_type, "`cluster.dbInstanceType`")?),
            InstallProfile::CrossAccountRole => None,
        };
        let vpc_cidr = cx.vpc_cidr.as_ref().ok_or("`cluster.vpcCidr`")?;
        let mut peering = Vec::new();
        for entry in &cx.peering {
            peering.push(PeeringOut {
                vpc_id: entry.vpc_id.ok_or("a peering `vpcId`")?.to_owned(),
                region: entry.region.ok_or("a peering `region`")?.to_owned(),
                cidrs: cx
                    .peering_cidrs
                    .iter()
                    .filter(|c| c.entry == Some(entry.index))
                    .map(|c| c.text.to_owned())
                    .collect(),
                dns_servers: cx
                    .dns_servers
                    .iter()
                    .filter(|a| a.entry == entry.index)
                    .map(|a| a.text.to_owned())
                    .collect(),
            });
        }
        Ok(Handoff {
            install,
            account_id: cx.account_id.ok_or("`account.id`")?.to_owned(),
            cluster_name: cluster.name.valid().ok_or("`cluster.name`")?.clone(),
            organization: cx.manifest.organization.valid().cloned(),
            region: owned(cx.region, "`cluster.region`")?,
            node_instance_type: owned(cx.node_instance_type, "`cluster.nodeInstanceType`")?,
            max_node_count: Valued::from(cx.max_node_count.ok_or("`cluster.maxNodeCount`")?),
            db_instance_type,
            vpc_cidr: Valued {
                value: vpc_cidr.text.to_owned(),
                defaulted: vpc_cidr.defaulted,
            },
            peering,
            prerequisites: prerequisites(cx, settings, diagnostics, how.short),
            how: how.full.clone(),
            suppressed: 0,
        })
    }

    fn json(&self) -> Value {
        let valued = |v: &Valued<String>| json!({"value": v.value, "defaulted": v.defaulted});
        let mut out = json!({
            "version": 1,
            "install": self.install.as_str(),
            "accountId": self.account_id,
            "clusterName": self.cluster_name,
        });
        let map = out.as_object_mut().expect("an object");
        if let Some(org) = &self.organization {
            map.insert("organization".into(), json!(org));
        }
        map.insert("region".into(), valued(&self.region));
        map.insert("nodeInstanceType".into(), valued(&self.node_instance_type));
        map.insert(
            "maxNodeCount".into(),
            json!({"value": self.max_node_count.value, "defaulted": self.max_node_count.defaulted}),
        );
        if let Some(db) = &self.db_instance_type {
            map.insert("dbInstanceType".into(), valued(db));
        }
        map.insert("vpcCidr".into(), valued(&self.vpc_cidr));
        map.insert(
            "peering".into(),
            self.peering
                .iter()
                .map(|p| json!({"vpcId": p.vpc_id, "region": p.region, "cidrs": p.cidrs, "dnsServers": p.dns_servers}))
                .collect(),
        );
        map.insert("checked".into(), json!(self.how));
        if self.suppressed > 0 {
            map.insert("suppressed".into(), json!(self.suppressed));
        }
        map.insert(
            "prerequisites".into(),
            self.prerequisites
                .iter()
                .map(|p| json!({"id": p.id, "title": p.title, "status": p.status.as_str(), "detail": p.detail, "rules": p.rules}))
                .collect(),
        );
        out
    }

    fn markdown(&self, path: &str) -> String {
        let mut md = String::new();
        let default = |defaulted: bool| {
            if defaulted {
                " (Astronomer's default)"
            } else {
                ""
            }
        };
        md.push_str(&format!(
            "## Astro install: {} ({})\n\n",
            cell(&self.cluster_name),
            self.install.as_str()
        ));
        md.push_str("| Setting | Value |\n|---|---|\n");
        md.push_str(&format!(
            "| AWS account ID | {} |\n",
            cell(&self.account_id)
        ));
        md.push_str(&format!(
            "| Cluster name | {} |\n",
            cell(&self.cluster_name)
        ));
        if let Some(org) = &self.organization {
            md.push_str(&format!("| Astro organization | {} |\n", cell(org)));
        }
        md.push_str(&format!(
            "| Region | {}{} |\n",
            cell(&self.region.value),
            default(self.region.defaulted)
        ));
        md.push_str(&format!(
            "| Node instance type | {}{} |\n",
            cell(&self.node_instance_type.value),
            default(self.node_instance_type.defaulted)
        ));
        md.push_str(&format!(
            "| Maximum node count | {}{} |\n",
            self.max_node_count.value,
            default(self.max_node_count.defaulted)
        ));
        if let Some(db) = &self.db_instance_type {
            md.push_str(&format!(
                "| RDS instance type | {}{} |\n",
                cell(&db.value),
                default(db.defaulted)
            ));
        }
        md.push_str(&format!(
            "| VPC CIDR | {}{} |\n",
            cell(&self.vpc_cidr.value),
            default(self.vpc_cidr.defaulted)
        ));
        md.push_str("\n### VPC peering\n\n");
        if self.peering.is_empty() {
            md.push_str("No VPC peering requested.\n");
        } else {
            md.push_str("| VPC ID | Region | Subnet CIDRs | DNS servers |\n|---|---|---|---|\n");
            for p in &self.peering {
                md.push_str(&format!(
                    "| {} | {} | {} | {} |\n",
                    cell(&p.vpc_id),
                    cell(&p.region),
                    cell(&p.cidrs.join(", ")),
                    cell(&p.dns_servers.join(", "))
                ));
            }
        }
        md.push_str("\n### Prerequisites\n\n");
        for p in &self.prerequisites {
            let (mark, word) = match p.status {
                Status::Verified => ("x", "verified"),
                Status::Warning => ("x", "verified, with warnings"),
                Status::ToConfirm => (" ", "to confirm by hand"),
            };
            md.push_str(&format!(
                "- [{mark}] **{}**: {word}. {}\n",
                p.title,
                cell(&p.detail)
            ));
        }
        if self.suppressed > 0 {
            md.push_str(&format!(
                "\n{} finding(s) silenced by `# preflight-ignore` comments in the manifest: a prerequisite marked verified may be concerned.\n",
                self.suppressed
            ));
        }
        md.push_str(&format!(
            "\n_From `{}` by astro-preflight {}, checked {}._\n",
            cell(path).replace('`', "'"),
            env!("CARGO_PKG_VERSION"),
            cell(&self.how)
        ));
        md
    }
}

/// Text for a Markdown table cell or list item: one line, no pipe, no control character.
fn cell(text: &str) -> String {
    render::sanitize_message(text)
        .replace(['\n', '\r'], " ")
        .replace('|', "\\|")
}

/// A prerequisite of the install page and the rules that verify it.
struct Prerequisite {
    id: &'static str,
    title: &'static str,
    /// Rules that verify it; those not (yet) in the registry are ignored.
    rules: &'static [&'static str],
    /// What to do by hand when the rules do not (all) run.
    by_hand: &'static str,
    applies: fn(&Context<'_>) -> bool,
}

/// Whether every fact a rule reads was gathered (the rule says which, in its declaration).
fn gathered(facts: &Facts, rule: &Rule) -> bool {
    facts
        .entries()
        .iter()
        .filter(|e| rule.facts.contains(&e.decl))
        .all(|e| e.state == State::Ok)
}

const PREREQUISITES: &[Prerequisite] = &[
    Prerequisite {
        id: "dedicated-account",
        title: "A dedicated AWS account without existing infrastructure",
        rules: &["account-mismatch", "account-not-empty"],
        by_hand: "confirm that the account is new and holds no other infrastructure (or run with --online)",
        applies: |_| true,
    },
    Prerequisite {
        id: "quotas",
        title: "EC2 quotas of at least 40 vCPUs (Standard On-Demand and Spot)",
        rules: &["quota-on-demand", "quota-spot", "quota-capacity"],
        by_hand: "check L-1216C47A and L-34B43A08 in Service Quotas (or run with --online)",
        applies: |_| true,
    },
    Prerequisite {
        id: "region",
        title: "A region Astro supports, enabled in the account",
        rules: &["region-unsupported", "region-opt-in", "region-not-enabled"],
        by_hand: "confirm that the region is enabled in the account (or run with --online)",
        applies: |_| true,
    },
    Prerequisite {
        id: "node-instance-type",
        title: "A node instance type Astro supports, offered in the region",
        rules: &[
            "instance-type-unsupported",
            "instance-type-burstable",
            "instance-type-not-offered",
        ],
        by_hand: "confirm that the type is offered in at least 2 availability zones (or run with --online)",
        applies: |_| true,
    },
    Prerequisite {
        id: "db-instance-type",
        title: "An RDS instance type Astro supports",
        rules: &["db-instance-type-unsupported"],
        by_hand: "confirm the RDS instance type with Astronomer",
        applies: |cx| cx.profile == Some(InstallProfile::Hybrid),
    },
    Prerequisite {
        id: "vpc-cidr",
        title: "A private VPC CIDR of the profile's size",
        rules: &[
            "cidr-invalid",
            "cidr-not-private",
            "cidr-too-small",
            "cidr-too-large",
            "cidr-host-bits",
        ],
        by_hand: "confirm the VPC CIDR",
        applies: |_| true,
    },
    Prerequisite {
        id: "peering",
        title: "VPC peering: no overlapping CIDRs, DNS servers inside the peered networks, the VPCs exist",
        rules: &[
            "cidr-overlap",
            "peering-cidr-overlap",
            "peering-dns-outside",
            "peering-vpc-not-found",
            "peering-vpc-overlap",
        ],
        by_hand: "confirm that the peered VPCs exist and their CIDRs do not overlap the cluster's (or run with --online)",
        applies: |cx| !cx.peering.is_empty(),
    },
    Prerequisite {
        id: "cross-account-role",
        title: "The cross-account role (CloudFormation stack AstroCrossAccountRole, with the external ID from the Cloud UI)",
        rules: &["role-missing", "role-trust-invalid", "role-policy-missing"],
        by_hand: "create the AstroCrossAccountRole stack with admin access to CloudFormation and the external ID from the Cloud UI",
        applies: |_| true,
    },
    Prerequisite {
        id: "allowlist",
        title: "Astronomer's domains allowlisted for every user and CI/CD environment",
        rules: &[],
        by_hand: "run `astro-preflight egress` from each network that will use Astro",
        applies: |_| true,
    },
    Prerequisite {
        id: "status-page",
        title: "A subscription to the Astro status page (https://status.astronomer.io/)",
        rules: &[],
        by_hand: "subscribe to https://status.astronomer.io/",
        applies: |_| true,
    },
];

fn prerequisites(
    cx: &Context<'_>,
    settings: &Settings,
    diagnostics: &[Diagnostic],
    how: &str,
) -> Vec<PrerequisiteOut> {
    let mut out = Vec::new();
    for p in PREREQUISITES.iter().filter(|p| (p.applies)(cx)) {
        let mut ran = Vec::new();
        let mut not_run = Vec::new();
        for rule in p.rules.iter().filter_map(|id| registry::find(id)) {
            let why_not = if sink::severity(settings, rule).is_none() {
                Some("turned off in the configuration")
            } else if rule.kind == RuleKind::Online {
                match cx.facts {
                    None => Some("needs --online or --facts"),
                    Some(facts) if !gathered(facts, rule) => {
                        Some("its facts could not be gathered; see check-incomplete")
                    }
                    Some(_) => None,
                }
            } else {
                None
            };
            match why_not {
                None => ran.push(rule.id),
                Some(why) => not_run.push(format!("{} ({why})", rule.id)),
            }
        }
        let warnings: Vec<String> = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning && ran.contains(&rule_id(d)))
            .map(|d| format!("{}: {}", rule_id(d), d.message))
            .collect();
        let (status, detail) = if ran.is_empty() && not_run.is_empty() {
            (Status::ToConfirm, format!("{}.", capitalized(p.by_hand)))
        } else if !not_run.is_empty() {
            let checked = if ran.is_empty() {
                String::new()
            } else {
                format!(" Checked {how} by {}.", ran.join(", "))
            };
            (
                Status::ToConfirm,
                format!(
                    "{}.{checked} Not checked: {}.",
                    capitalized(p.by_hand),
                    not_run.join(", ")
                ),
            )
        } else if !warnings.is_empty() {
            (
                Status::Warning,
                format!(
                    "Checked {how} by {}; warnings: {}.",
                    ran.join(", "),
                    warnings.join("; ")
                ),
            )
        } else {
            (
                Status::Verified,
                format!("Checked {how} by {}.", ran.join(", ")),
            )
        };
        out.push(PrerequisiteOut {
            id: p.id,
            title: p.title,
            status,
            detail,
            rules: ran,
        });
    }
    out
}

fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
