//! Facts files of version 1 (astro-preflight 0.1): the facts of that version become the
//! registry's, and every fact it did not gather is [`Fact::NotGathered`], which
//! `check-incomplete` reports with "gather the facts again".

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::inventory::Resource;
use crate::registry::{Values, peering_key};
use crate::{
    FACTS_VERSION, Fact, Facts, FactsFileError, FactsRequest, Identity, PeerVpc, Quota,
    RegionStatus,
};

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct V1 {
    #[allow(dead_code)]
    version: u32,
    gathered_at: String,
    request: FactsRequest,
    identity: Fact<Identity>,
    region_status: Fact<RegionStatus>,
    quota_on_demand: Fact<Quota>,
    quota_spot: Fact<Quota>,
    instance_type_zones: Fact<Vec<String>>,
    instance_type_vcpus: Fact<Option<u32>>,
    non_default_vpcs: Fact<Vec<String>>,
    instances: Fact<Vec<Instance>>,
    peering: Vec<PeerVpcFact>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct Instance {
    id: String,
    #[allow(dead_code)]
    state: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct PeerVpcFact {
    vpc_id: String,
    region: String,
    vpc: Fact<Option<PeerVpc>>,
}

/// A fact of the manifest's region as a fact of each enabled region, of which version 1 knew
/// only that one.
fn in_region<T, U>(
    fact: Fact<Vec<T>>,
    region: &str,
    convert: impl Fn(T) -> U,
) -> Fact<BTreeMap<String, Fact<Vec<U>>>> {
    match fact {
        Fact::Ok { value } => {
            let list = value.into_iter().map(convert).collect();
            Fact::ok(BTreeMap::from([(region.to_owned(), Fact::ok(list))]))
        }
        Fact::Failed { error } => {
            Fact::ok(BTreeMap::from([(region.to_owned(), Fact::failed(error))]))
        }
        Fact::Skipped => Fact::Skipped,
        Fact::NotGathered => Fact::NotGathered,
    }
}

pub(crate) fn upgrade(value: serde_json::Value) -> Result<Facts, FactsFileError> {
    let old: V1 =
        serde_json::from_value(value).map_err(|e| FactsFileError::Malformed(e.to_string()))?;
    let region = old.request.region.clone();
    let resource = |kind: &str| {
        let region = region.clone();
        let kind = kind.to_owned();
        move |id: String| Resource {
            kind: kind.clone(),
            id,
            region: region.clone(),
            path: None,
        }
    };
    let peer_vpcs = old
        .peering
        .into_iter()
        .map(|p| (peering_key(&p.region, &p.vpc_id), p.vpc))
        .collect();
    let facts = Values {
        identity: old.identity,
        region_status: old.region_status,
        quota_on_demand: old.quota_on_demand,
        quota_spot: old.quota_spot,
        instance_type_zones: old.instance_type_zones,
        instance_type_vcpus: old.instance_type_vcpus,
        peer_vpcs: Fact::ok(peer_vpcs),
        vpcs: in_region(old.non_default_vpcs, &region, resource("AWS::EC2::VPC")),
        instances: in_region(old.instances, &region, {
            let to = resource("AWS::EC2::Instance");
            move |i: Instance| to(i.id)
        }),
        ..Values::default()
    };
    Ok(Facts {
        version: FACTS_VERSION,
        gathered_at: old.gathered_at,
        request: old.request,
        facts,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry::{ALL, State};

    #[test]
    fn a_version_1_file_loads_and_what_it_lacks_is_not_gathered() {
        let text = r#"{"version": 1, "gatheredAt": "2026-05-01T07:18:22Z",
            "request": {"accountId": "123456789012", "region": "us-east-1", "instanceType": "m5.xlarge",
                        "peering": [{"vpcId": "vpc-0a1b2c3d", "region": "us-west-2"}]},
            "identity": {"status": "ok", "value": {"account": "123456789012"}},
            "regionStatus": {"status": "ok", "value": {"status": "ENABLED_BY_DEFAULT"}},
            "quotaOnDemand": {"status": "ok", "value": {"code": "L-1216C47A", "value": 64.0, "source": "applied"}},
            "quotaSpot": {"status": "skipped"},
            "instanceTypeZones": {"status": "ok", "value": ["use1-az1", "use1-az2"]},
            "instanceTypeVcpus": {"status": "ok", "value": 4},
            "nonDefaultVpcs": {"status": "ok", "value": ["vpc-11111111"]},
            "instances": {"status": "failed", "error": {"action": "ec2:DescribeInstances", "kind": "access-denied", "message": "no"}},
            "peering": [{"vpcId": "vpc-0a1b2c3d", "region": "us-west-2", "vpc": {"status": "ok", "value": null}}]}"#;
        let facts = Facts::from_json(text).expect("a version 1 file loads");
        assert_eq!(facts.version, FACTS_VERSION);
        let vpcs = facts
            .vpcs
            .value()
            .and_then(|m| m.get("us-east-1"))
            .and_then(Fact::value)
            .expect("vpcs");
        assert_eq!(vpcs[0].id, "vpc-11111111");
        assert_eq!(vpcs[0].kind, "AWS::EC2::VPC");
        let instances = facts
            .instances
            .value()
            .and_then(|m| m.get("us-east-1"))
            .expect("instances");
        assert!(instances.error().is_some());
        assert_eq!(
            facts
                .peer_vpcs
                .value()
                .and_then(|m| m.get("us-west-2/vpc-0a1b2c3d")),
            Some(&Fact::ok(None))
        );
        let not_gathered: Vec<&str> = facts
            .entries()
            .iter()
            .filter(|e| e.state == State::NotGathered)
            .map(|e| e.decl.name)
            .collect();
        assert!(
            not_gathered.contains(&"s3Buckets") && not_gathered.contains(&"enabledRegions"),
            "{not_gathered:?}"
        );
        assert!(!not_gathered.contains(&"identity"));
        // Written again, it is a file of this version with only what was gathered.
        let again = Facts::from_json(&facts.to_json()).expect("round trip");
        assert_eq!(again, facts);
        assert!(ALL.len() > not_gathered.len());
    }

    #[test]
    fn a_newer_version_is_refused_clearly() {
        let error = Facts::from_json(r#"{"version": 99}"#).unwrap_err();
        assert_eq!(error, FactsFileError::Version(99));
        assert!(
            error
                .to_string()
                .contains("newer than this astro-preflight reads"),
            "{error}"
        );
    }
}
