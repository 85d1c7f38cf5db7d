//! The hand-off, typed: what Astronomer support needs, from the linter's effective values (with
//! whether Astronomer's default supplied each), and the prerequisites. Serialized as declared
//! here, it is the stable JSON interface (`version` 1).

use astro_preflight_linter::Diagnostic;
use astro_preflight_linter::context::{Context, Effective};
use astro_preflight_manifest::InstallProfile;
use serde::Serialize;

use super::prerequisites::{self, Checking, PrerequisiteOut};

/// A value and whether Astronomer's default supplied it.
#[derive(Serialize)]
pub struct Valued<T> {
    pub value: T,
    pub defaulted: bool,
}

impl Valued<String> {
    fn owned(e: Effective<&str>) -> Valued<String> {
        Valued {
            value: e.value.to_owned(),
            defaulted: e.defaulted,
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PeeringOut {
    pub vpc_id: String,
    pub region: String,
    /// The peer VPC's account: `peering[].accountId`, by default `account.id`.
    pub account_id: String,
    pub cidrs: Vec<String>,
    pub dns_servers: Vec<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Handoff {
    /// The version of this JSON interface.
    pub version: u32,
    #[serde(serialize_with = "profile")]
    pub install: InstallProfile,
    pub account_id: String,
    pub cluster_name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization: Option<String>,
    pub region: Valued<String>,
    pub node_instance_type: Valued<String>,
    pub max_node_count: Valued<u32>,
    /// Hybrid only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub db_instance_type: Option<Valued<String>>,
    pub vpc_cidr: Valued<String>,
    pub peering: Vec<PeeringOut>,
    /// How the prerequisites were checked (offline, with live facts, with a facts file).
    pub checked: String,
    /// Findings silenced by `# preflight-ignore` comments: said, since a silenced finding may
    /// concern a prerequisite shown as verified.
    #[serde(skip_serializing_if = "is_zero")]
    pub suppressed: usize,
    pub prerequisites: Vec<PrerequisiteOut>,
}

fn profile<S: serde::Serializer>(p: &InstallProfile, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(p.as_str())
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Handoff {
    /// `Err` names a value that is missing or malformed although no error reports it.
    pub fn new(
        cx: &Context<'_>,
        diagnostics: &[Diagnostic],
        suppressed: usize,
        how: &Checking,
    ) -> Result<Handoff, &'static str> {
        let install = cx.profile.ok_or("`install`")?;
        let cluster = cx.manifest.cluster.valid().ok_or("`cluster`")?;
        let db_instance_type = match install {
            InstallProfile::Hybrid => Some(Valued::owned(
                cx.db_instance_type.ok_or("`cluster.dbInstanceType`")?,
            )),
            InstallProfile::CrossAccountRole => None,
        };
        let vpc_cidr = cx.vpc_cidr.as_ref().ok_or("`cluster.vpcCidr`")?;
        let mut peering = Vec::new();
        for entry in &cx.peering {
            peering.push(PeeringOut {
                vpc_id: entry.vpc_id.ok_or("a peering `vpcId`")?.to_owned(),
                region: entry.region.ok_or("a peering `region`")?.to_owned(),
                account_id: entry
                    .account_id
                    .or(cx.account_id)
                    .ok_or("`account.id`")?
                    .to_owned(),
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
        let max_node_count = cx.max_node_count.ok_or("`cluster.maxNodeCount`")?;
        Ok(Handoff {
            version: 1,
            install,
            account_id: cx.account_id.ok_or("`account.id`")?.to_owned(),
            cluster_name: cluster.name.valid().ok_or("`cluster.name`")?.clone(),
            organization: cx.manifest.organization.valid().cloned(),
            region: Valued::owned(cx.region.ok_or("`cluster.region`")?),
            node_instance_type: Valued::owned(
                cx.node_instance_type.ok_or("`cluster.nodeInstanceType`")?,
            ),
            max_node_count: Valued {
                value: max_node_count.value,
                defaulted: max_node_count.defaulted,
            },
            db_instance_type,
            vpc_cidr: Valued {
                value: vpc_cidr.text.to_owned(),
                defaulted: vpc_cidr.defaulted,
            },
            peering,
            checked: how.full.clone(),
            suppressed,
            prerequisites: prerequisites::verify(cx, diagnostics, how.short),
        })
    }
}
