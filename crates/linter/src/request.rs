//! What to ask AWS for a manifest: its effective account, region, node type and peering VPCs.

use astro_preflight_facts::{Facts, FactsRequest, PeeringRequest};
use astro_preflight_manifest::Document;

use crate::context::Context;
use crate::tables::Tables;

/// The facts request of a manifest; `None` when the manifest is not usable enough (no valid
/// account ID, region or node type) to ask anything of AWS.
pub fn facts_request(document: &Document) -> Option<FactsRequest> {
    let parsed = document.parsed.as_ref().ok()?;
    let manifest = parsed.manifest.as_ref()?;
    let tables = Tables::default();
    let cx = Context::new(document, parsed, manifest, &tables, None);
    let account_id = cx.account_id?.to_owned();
    let region = cx.region?.value.to_owned();
    let instance_type = cx.node_instance_type?.value.to_owned();
    let peering = cx
        .peering
        .iter()
        .filter_map(|p| Some(PeeringRequest { vpc_id: p.vpc_id?.to_owned(), region: p.region?.to_owned() }))
        .collect();
    Some(FactsRequest { account_id, region, instance_type, peering })
}

/// Why saved facts do not belong to a manifest.
pub fn facts_mismatch(request: &FactsRequest, facts: &Facts) -> Option<String> {
    let got = &facts.request;
    if got.account_id != request.account_id {
        return Some(format!("they were gathered for account {}, the manifest names {}", got.account_id, request.account_id));
    }
    if got.region != request.region {
        return Some(format!("they were gathered for region {}, the manifest's region is {}", got.region, request.region));
    }
    if got.instance_type != request.instance_type {
        return Some(format!("they were gathered for node type {}, the manifest's is {}", got.instance_type, request.instance_type));
    }
    if got.peering != request.peering {
        return Some("they were gathered for other peering VPCs than the manifest lists".to_owned());
    }
    None
}
