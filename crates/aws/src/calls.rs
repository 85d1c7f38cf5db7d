//! The gatherers of a request's facts (its region, node type and peering entries), one
//! function per fact, and the calls every account starts with (whose credentials, which
//! regions are enabled): the AWS calls that gather them and how their answers map to the facts.
//!
//! Every call names its IAM action with a constant of `astro_preflight_facts::actions`, and goes
//! through [`Budget::call`], which bounds it in time.

use std::collections::{BTreeMap, BTreeSet};

use astro_preflight_facts::registry::{Each, peering_key};
use astro_preflight_facts::{
    Fact, FactError, FactErrorKind, FactsRequest, Identity, PeerVpc, PeeringRequest, Quota,
    QuotaSource, RegionStatus, actions,
};
use aws_sdk_ec2::types::{InstanceType, LocationType};

use crate::budget::Budget;
use crate::config::ACCOUNT_API_REGION;
use crate::sdk::{Clients, each_page, filter, join_all};

/// What a gatherer of a request's facts is given.
pub(crate) struct RequestCx<'a> {
    /// The clients of the request's account.
    pub(crate) clients: &'a Clients,
    pub(crate) budget: &'a Budget,
    pub(crate) request: &'a FactsRequest,
    /// The clients of the peering entries' accounts other than the request's, each entered
    /// with `--assume-role` (or why it could not be); empty without it.
    pub(crate) peers: &'a PeerAccounts,
}

/// The clients of other accounts, by account ID.
pub(crate) type PeerAccounts = BTreeMap<String, Result<Clients, FactError>>;

impl RequestCx<'_> {
    /// EC2 in the request's region.
    fn ec2(&self) -> aws_sdk_ec2::Client {
        self.clients.in_region(&self.request.region)
    }

    /// The clients of a peering entry's account: the request's own, or the role assumed in the
    /// entry's account (`Err`: why it could not be).
    pub(crate) fn peer_clients(&self, peer: &PeeringRequest) -> Result<&Clients, &FactError> {
        match peer.account_id.as_deref().map(|a| self.peers.get(a)) {
            Some(Some(Ok(clients))) => Ok(clients),
            Some(Some(Err(error))) => Err(error),
            _ => Ok(self.clients),
        }
    }
}

/// `sts:GetCallerIdentity`: whose credentials these are.
pub(crate) async fn identity(clients: &Clients, budget: &Budget) -> Fact<Identity> {
    let action = actions::STS_GET_CALLER_IDENTITY;
    let sts: aws_sdk_sts::Client = clients.home();
    match budget.call(sts.get_caller_identity().send()).await {
        Ok(out) => match out.account() {
            Some(account) => Fact::ok(Identity {
                account: account.to_owned(),
            }),
            None => missing(action, "the answer has no Account"),
        },
        Err(err) => Fact::failed(err.into_fact_error(action)),
    }
}

/// `ec2:DescribeRegions` (without `AllRegions`): the regions enabled in the account, sorted.
pub(crate) async fn enabled_regions(clients: &Clients, budget: &Budget) -> Fact<Vec<String>> {
    let action = actions::EC2_DESCRIBE_REGIONS;
    let ec2: aws_sdk_ec2::Client = clients.home();
    match budget.call(ec2.describe_regions().send()).await {
        Ok(out) => {
            let mut regions: Vec<String> = out
                .regions()
                .iter()
                // Without AllRegions AWS lists the enabled ones only; keep it so if it did not.
                .filter(|r| {
                    r.opt_in_status()
                        .is_none_or(|s| matches!(s, "opt-in-not-required" | "opted-in"))
                })
                .filter_map(|r| r.region_name())
                .map(str::to_owned)
                .collect();
            regions.sort();
            regions.dedup();
            if regions.is_empty() {
                return Fact::failed(FactError {
                    action: action.to_owned(),
                    kind: FactErrorKind::Service,
                    message: "unexpected answer: no enabled region".to_owned(),
                });
            }
            Fact::ok(regions)
        }
        Err(err) => Fact::failed(err.into_fact_error(action)),
    }
}

/// Whether the region is enabled: `ec2:DescribeRegions` with `AllRegions`, or, when that is
/// denied, `account:GetRegionOptStatus`.
pub(crate) async fn region_status(cx: &RequestCx<'_>) -> Fact<RegionStatus> {
    let (budget, region) = (cx.budget, cx.request.region.as_str());
    let ec2: aws_sdk_ec2::Client = cx.clients.home();
    let account: aws_sdk_account::Client = cx.clients.in_region(ACCOUNT_API_REGION);
    let action = actions::EC2_DESCRIBE_REGIONS;
    let request = ec2
        .describe_regions()
        .all_regions(true)
        .region_names(region);
    let denied = match budget.call(request.send()).await {
        Ok(out) => {
            let status = out
                .regions()
                .iter()
                .find(|r| r.region_name() == Some(region))
                .and_then(|r| r.opt_in_status());
            return match status {
                Some(status) => Fact::ok(RegionStatus {
                    status: status_from_ec2(status),
                }),
                None => missing(action, &format!("the answer does not list {region}")),
            };
        }
        Err(err) => {
            let error = err.into_fact_error(action);
            if error.kind != FactErrorKind::AccessDenied {
                return Fact::failed(error);
            }
            error
        }
    };

    let fallback = actions::ACCOUNT_GET_REGION_OPT_STATUS;
    let request = account.get_region_opt_status().region_name(region);
    match budget.call(request.send()).await {
        Ok(out) => match out.region_opt_status() {
            Some(status) => Fact::ok(RegionStatus {
                status: status.as_str().to_owned(),
            }),
            None => missing(fallback, "the answer has no RegionOptStatus"),
        },
        Err(err) => {
            let error = err.into_fact_error(fallback);
            if error.kind == FactErrorKind::AccessDenied {
                // Both are denied: either action would do; name the first, mention both.
                Fact::failed(FactError {
                    action: action.to_owned(),
                    kind: FactErrorKind::AccessDenied,
                    message: format!(
                        "{}; the fallback {fallback} is denied too: {}",
                        denied.message, error.message
                    ),
                })
            } else {
                Fact::failed(FactError {
                    message: format!(
                        "{} (tried because {action} is denied: {})",
                        error.message, denied.message
                    ),
                    ..error
                })
            }
        }
    }
}

/// EC2's `OptInStatus` in the Account API's spelling.
pub(crate) fn status_from_ec2(status: &str) -> String {
    match status {
        "opt-in-not-required" => "ENABLED_BY_DEFAULT".to_owned(),
        "opted-in" => "ENABLED".to_owned(),
        "not-opted-in" => "DISABLED".to_owned(),
        other => other.to_ascii_uppercase().replace('-', "_"),
    }
}

/// The On-Demand quota of the region (see [`quota`]).
pub(crate) async fn quota_on_demand(cx: &RequestCx<'_>) -> Fact<Quota> {
    quota(cx, actions::QUOTA_ON_DEMAND).await
}

/// The Spot quota of the region (see [`quota`]).
pub(crate) async fn quota_spot(cx: &RequestCx<'_>) -> Fact<Quota> {
    quota(cx, actions::QUOTA_SPOT).await
}

/// An EC2 quota of the region: `servicequotas:GetServiceQuota`, or AWS's default
/// (`servicequotas:GetAWSDefaultServiceQuota`) when the account has no applied value.
async fn quota(cx: &RequestCx<'_>, code: &str) -> Fact<Quota> {
    let budget = cx.budget;
    let client: aws_sdk_servicequotas::Client = cx.clients.in_region(&cx.request.region);
    let action = actions::SERVICEQUOTAS_GET_SERVICE_QUOTA;
    let request = client
        .get_service_quota()
        .service_code("ec2")
        .quota_code(code);
    match budget.call(request.send()).await {
        Ok(out) => {
            if let Some(value) = out.quota().and_then(|q| q.value()) {
                return Fact::ok(Quota {
                    code: code.to_owned(),
                    value,
                    source: QuotaSource::Applied,
                });
            }
        }
        Err(err) if err.code() == Some("NoSuchResourceException") => {}
        Err(err) => return Fact::failed(err.into_fact_error(action)),
    }

    // No applied value: the account has AWS's default.
    let action = actions::SERVICEQUOTAS_GET_AWS_DEFAULT_SERVICE_QUOTA;
    let request = client
        .get_aws_default_service_quota()
        .service_code("ec2")
        .quota_code(code);
    match budget.call(request.send()).await {
        Ok(out) => match out.quota().and_then(|q| q.value()) {
            Some(value) => Fact::ok(Quota {
                code: code.to_owned(),
                value,
                source: QuotaSource::AwsDefault,
            }),
            None => missing(action, &format!("the answer has no value for {code}")),
        },
        Err(err) => Fact::failed(err.into_fact_error(action)),
    }
}

/// `ec2:DescribeInstanceTypeOfferings`: the availability zones of the region that offer the
/// instance type, sorted.
pub(crate) async fn instance_type_zones(cx: &RequestCx<'_>) -> Fact<Vec<String>> {
    let action = actions::EC2_DESCRIBE_INSTANCE_TYPE_OFFERINGS;
    let pages = cx
        .ec2()
        .describe_instance_type_offerings()
        .location_type(LocationType::AvailabilityZone)
        .filters(filter("instance-type", [cx.request.instance_type.as_str()]))
        .into_paginator()
        .send();
    let mut zones = BTreeSet::new();
    let listed: Result<(), FactError> = each_page!(cx.budget, action, pages, |page| {
        zones.extend(
            page.instance_type_offerings()
                .iter()
                .filter_map(|o| o.location())
                .map(str::to_owned),
        );
    });
    match listed {
        Ok(()) => Fact::ok(zones.into_iter().collect()),
        Err(error) => Fact::failed(error),
    }
}

/// `ec2:DescribeInstanceTypes`: the type's default vCPUs; `None` when AWS does not know it.
pub(crate) async fn instance_type_vcpus(cx: &RequestCx<'_>) -> Fact<Option<u32>> {
    let action = actions::EC2_DESCRIBE_INSTANCE_TYPES;
    let request = cx
        .ec2()
        .describe_instance_types()
        .instance_types(InstanceType::from(cx.request.instance_type.as_str()));
    match cx.budget.call(request.send()).await {
        Ok(out) => Fact::ok(
            out.instance_types()
                .first()
                .and_then(|t| t.v_cpu_info())
                .and_then(|v| v.default_v_cpus())
                .and_then(|n| u32::try_from(n).ok()),
        ),
        Err(err)
            if err
                .code()
                .is_some_and(|c| c.starts_with("InvalidInstanceType")) =>
        {
            Fact::ok(None)
        }
        Err(err) => Fact::failed(err.into_fact_error(action)),
    }
}

/// The CIDR association states that still hold the range.
const HELD_CIDR_STATES: [&str; 2] = ["associated", "associating"];

/// Each peering VPC of the request, in its own account and region, all at once (see
/// [`peer_vpc`]).
pub(crate) async fn peer_vpcs(cx: &RequestCx<'_>) -> Each<Option<PeerVpc>> {
    let peering = cx.request.peering.iter().map(|p| async move {
        let fact = match cx.peer_clients(p) {
            Ok(clients) => {
                let ec2: aws_sdk_ec2::Client = clients.in_region(&p.region);
                peer_vpc(&ec2, cx.budget, &p.vpc_id).await
            }
            Err(error) => Fact::failed(error.clone()),
        };
        (peering_key(&p.region, &p.vpc_id), fact)
    });
    Fact::ok(
        join_all(peering)
            .await
            .into_iter()
            .collect::<BTreeMap<_, _>>(),
    )
}

/// `ec2:DescribeVpcs` (`VpcIds`) in the peering VPC's region: its IPv4 CIDR blocks, primary
/// first; `None` when it does not exist.
async fn peer_vpc(
    ec2: &aws_sdk_ec2::Client,
    budget: &Budget,
    vpc_id: &str,
) -> Fact<Option<PeerVpc>> {
    let action = actions::EC2_DESCRIBE_VPCS;
    match budget
        .call(ec2.describe_vpcs().vpc_ids(vpc_id).send())
        .await
    {
        Ok(out) => {
            let Some(vpc) = out.vpcs().iter().find(|v| v.vpc_id() == Some(vpc_id)) else {
                return Fact::ok(None);
            };
            let primary = vpc.cidr_block();
            let held: Vec<&str> = vpc
                .cidr_block_association_set()
                .iter()
                .filter(|a| {
                    a.cidr_block_state()
                        .and_then(|s| s.state())
                        .is_some_and(|s| HELD_CIDR_STATES.contains(&s.as_str()))
                })
                .filter_map(|a| a.cidr_block())
                .collect();
            let mut cidrs: Vec<String> = Vec::with_capacity(held.len() + 1);
            // The primary block first, even if the association set does not list it.
            if let Some(primary) = primary {
                cidrs.push(primary.to_owned());
            }
            for cidr in held {
                if !cidrs.iter().any(|c| c == cidr) {
                    cidrs.push(cidr.to_owned());
                }
            }
            Fact::ok(Some(PeerVpc { cidrs }))
        }
        Err(err) if err.code() == Some("InvalidVpcID.NotFound") => Fact::ok(None),
        Err(err) => Fact::failed(err.into_fact_error(action)),
    }
}

/// A successful answer that lacks what was asked: a service error.
fn missing<T>(action: &str, what: &str) -> Fact<T> {
    Fact::failed(FactError {
        action: action.to_owned(),
        kind: FactErrorKind::Service,
        message: format!("unexpected answer: {what}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ec2_opt_in_statuses_map_to_the_account_api() {
        assert_eq!(status_from_ec2("opt-in-not-required"), "ENABLED_BY_DEFAULT");
        assert_eq!(status_from_ec2("opted-in"), "ENABLED");
        assert_eq!(status_from_ec2("not-opted-in"), "DISABLED");
        assert_eq!(status_from_ec2("something-new"), "SOMETHING_NEW");
    }
}
