//! What to ask AWS for a manifest: its effective account, region, node type and peering VPCs.

use astro_preflight_facts::{Facts, FactsRequest, PeeringRequest};
use astro_preflight_manifest::Document;

use crate::context::Context;
use crate::settings::Settings;

/// The facts request of a manifest; `None` when the manifest is not usable enough (no valid
/// account ID, region or node type) to ask anything of AWS.
pub fn facts_request(document: &Document) -> Option<FactsRequest> {
    let parsed = document.parsed.as_ref().ok()?;
    let manifest = parsed.manifest.as_ref()?;
    let settings = Settings::default();
    let cx = Context::new(document, parsed, manifest, &settings, None);
    // An ID that is not 12 digits is no account's: asking would only report a mismatch.
    let account_id = cx
        .account_id
        .filter(|id| well_formed_account_id(id))?
        .to_owned();
    let region = cx.region?.value.to_owned();
    let instance_type = cx.node_instance_type?.value.to_owned();
    let peering = requested_peering(&cx).map(|(_, request)| request).collect();
    let opt_in_region = crate::tables::regions::is_opt_in(&region);
    // The network AWS holds: host bits cleared, as AWS stores a VPC's CIDR.
    let vpc_cidr = cx
        .vpc_cidr
        .as_ref()
        .and_then(|c| c.parsed.as_ref().ok())
        .map(|c| c.net.trunc().to_string());
    Some(FactsRequest {
        account_id,
        region,
        vpc_cidr,
        instance_type,
        peering,
        opt_in_region,
    })
}

/// The peering entries that facts are asked for, each with its index in the manifest: those
/// with a well-formed VPC ID and a region of the commercial partition (any other is
/// `peering-region-invalid`'s, and no call could be made there). `Facts::peering` lists them
/// in this order.
pub(crate) fn requested_peering<'a>(
    cx: &'a Context<'_>,
) -> impl Iterator<Item = (usize, PeeringRequest)> + 'a {
    cx.peering.iter().filter_map(|p| {
        let vpc_id = p.vpc_id.filter(|id| well_formed_vpc_id(id))?;
        Some((
            p.index,
            PeeringRequest {
                vpc_id: vpc_id.to_owned(),
                region: p
                    .region
                    .filter(|r| crate::tables::regions::is_commercial(r))?
                    .to_owned(),
                // Named only when it is another account than the manifest's.
                account_id: p
                    .account_id
                    .filter(|a| well_formed_account_id(a) && Some(*a) != cx.account_id)
                    .map(str::to_owned),
            },
        ))
    })
}

/// 12 digits.
pub(crate) fn well_formed_account_id(id: &str) -> bool {
    id.len() == 12 && id.bytes().all(|b| b.is_ascii_digit())
}

/// `vpc-` and 8 or 17 lowercase hex digits, as the schema requires.
fn well_formed_vpc_id(id: &str) -> bool {
    id.strip_prefix("vpc-").is_some_and(|hex| {
        matches!(hex.len(), 8 | 17) && hex.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    })
}

/// Why saved facts do not belong to a manifest.
pub fn facts_mismatch(request: &FactsRequest, facts: &Facts) -> Option<String> {
    let got = &facts.request;
    if got.account_id != request.account_id {
        return Some(format!(
            "they were gathered for account {}, the manifest names {}",
            got.account_id, request.account_id
        ));
    }
    if got.region != request.region {
        return Some(format!(
            "they were gathered for region {}, the manifest's region is {}",
            got.region, request.region
        ));
    }
    if got.instance_type != request.instance_type {
        return Some(format!(
            "they were gathered for node type {}, the manifest's is {}",
            got.instance_type, request.instance_type
        ));
    }
    if let (Some(got), Some(want)) = (&got.vpc_cidr, &request.vpc_cidr)
        && got != want
    {
        return Some(format!(
            "they were gathered for the VPC CIDR {got}, the manifest's is {want}"
        ));
    }
    if got.peering != request.peering {
        return Some(
            "they were gathered for other peering VPCs than the manifest lists".to_owned(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use astro_preflight_manifest::{Limits, load};

    use super::*;

    fn document(text: &str) -> Document {
        load(text.as_bytes(), &Limits::default())
    }

    const HEAD: &str =
        "version: 1\ninstall: hybrid\naccount:\n  id: \"123456789012\"\ncluster:\n  name: acme\n";

    #[test]
    fn an_account_id_that_is_not_12_digits_asks_nothing() {
        assert!(facts_request(&document(HEAD)).is_some());
        for id in ["12345", "1234567890123", "12345678901x"] {
            let text = HEAD.replace("123456789012", id);
            assert_eq!(facts_request(&document(&text)), None, "{id}");
        }
    }

    #[test]
    fn peering_entries_without_a_usable_vpc_id_or_region_are_not_asked_and_keep_their_index() {
        let text = format!(
            "{HEAD}peering:\n  - vpcId: vpc-12\n    region: us-east-1\n  - vpcId: vpc-0a1b2c3d\n  \
             - vpcId: vpc-0a1b2c3d4e5f67890\n    region: us-west-2\n  - vpcId: vpc-0a1b2c3d\n    region: eu-west-1\n"
        );
        let document = document(&text);
        let request = facts_request(&document).expect("a request");
        let asked: Vec<(&str, &str)> = request
            .peering
            .iter()
            .map(|p| (p.vpc_id.as_str(), p.region.as_str()))
            .collect();
        assert_eq!(
            asked,
            [
                ("vpc-0a1b2c3d4e5f67890", "us-west-2"),
                ("vpc-0a1b2c3d", "eu-west-1")
            ]
        );

        let parsed = document.parsed.as_ref().expect("parsed");
        let settings = Settings::default();
        let cx = Context::new(
            &document,
            parsed,
            parsed.manifest.as_ref().expect("manifest"),
            &settings,
            None,
        );
        let indexes: Vec<usize> = requested_peering(&cx).map(|(index, _)| index).collect();
        assert_eq!(indexes, [2, 3]);
    }
}
