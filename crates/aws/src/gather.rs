//! The order of the calls for one request: the caller identity first, then everything else
//! at once; and the account's inventory, gathered once per account, merged into each request's
//! facts.

use std::collections::BTreeMap;

use astro_preflight_facts::registry::{FactDecl, ListedMut, Values, peering_key};
use astro_preflight_facts::{
    FACTS_VERSION, Fact, FactError, FactErrorKind, Facts, FactsRequest, Identity,
};
use aws_config::SdkConfig;

use crate::budget::Budget;
use crate::calls;
use crate::config::Clients;
use crate::inventory::AccountInventory;
use crate::role::AccountRole;

/// Gathers the facts of one request but the account's inventory (see [`with_inventory`]),
/// once the account's `identity` is known (and is the manifest's account, or could not be
/// learned). Never fails as a whole: every call that fails is recorded in its fact.
pub(crate) async fn gather(
    config: &SdkConfig,
    budget: &Budget,
    request: &FactsRequest,
    gathered_at: String,
    identity: Fact<Identity>,
) -> Facts {
    let clients = Clients::new(
        config,
        &request.region,
        request.peering.iter().map(|p| p.region.as_str()),
    );

    let peering = request.peering.iter().map(|p| {
        let clients = &clients;
        async move {
            (
                peering_key(&p.region, &p.vpc_id),
                calls::peer_vpc(clients.ec2_in(&p.region), budget, &p.vpc_id).await,
            )
        }
    });
    let (
        region_status,
        quota_on_demand,
        quota_spot,
        instance_type_zones,
        instance_type_vcpus,
        peering,
    ) = tokio::join!(
        calls::region_status(&clients.ec2_home, &clients.account, budget, &request.region),
        calls::quota(
            &clients.quotas,
            budget,
            astro_preflight_facts::actions::QUOTA_ON_DEMAND
        ),
        calls::quota(
            &clients.quotas,
            budget,
            astro_preflight_facts::actions::QUOTA_SPOT
        ),
        calls::instance_type_zones(&clients.ec2, budget, &request.instance_type),
        calls::instance_type_vcpus(&clients.ec2, budget, &request.instance_type),
        join_all(peering),
    );

    let mut facts = Facts {
        version: FACTS_VERSION,
        gathered_at,
        request: request.clone(),
        facts: Values {
            identity,
            region_status,
            quota_on_demand,
            quota_spot,
            instance_type_zones,
            instance_type_vcpus,
            peer_vpcs: Fact::ok(peering.into_iter().collect()),
            ..Values::default()
        },
    };
    explain_disabled_region(&mut facts);
    facts
}

/// Whether the facts were gathered with credentials of another account than the request's.
fn of_another_account(facts: &Facts) -> bool {
    facts
        .identity
        .value()
        .is_some_and(|i| i.account != facts.request.account_id)
}

/// Fills the inventory facts of a request's facts with its account's inventory: the enabled
/// regions, then each listing, per region or once.
pub(crate) fn with_inventory(facts: &mut Facts, inventory: &AccountInventory) {
    if of_another_account(facts) {
        return; // Another account's credentials: every fact stays skipped.
    }
    facts.facts.enabled_regions = inventory.regions.clone();
    let regions = inventory.regions.clone();
    for (decl, slot) in facts.facts.inventory_mut() {
        let mut results = inventory.listings.iter().filter(|l| l.listing == decl.name);
        match slot {
            ListedMut::Once(fact) => {
                *fact = match results.next() {
                    Some(result) => result.resources.clone(),
                    // Nothing was listed at all: as the regions (skipped, or failed the same way).
                    None => regions.clone().map(|_| Vec::new()),
                };
            }
            ListedMut::Each(fact) => {
                *fact = regions.clone().map(|_| {
                    results
                        .map(|r| (r.region.clone(), r.resources.clone()))
                        .collect::<BTreeMap<_, _>>()
                });
            }
        }
    }
}

/// Fills the role's facts of a request's facts with its account's (gathered once per account).
pub(crate) fn with_role(facts: &mut Facts, role: &AccountRole) {
    if of_another_account(facts) {
        return; // Another account's credentials: every fact stays skipped.
    }
    let AccountRole {
        role,
        policies,
        region_actions,
        token_version,
        monitoring,
    } = role.clone();
    facts.facts.role = role;
    facts.facts.role_policies = policies;
    facts.facts.role_region_actions = region_actions;
    facts.facts.sts_token_version = token_version;
    facts.facts.role_monitoring = monitoring;
}

/// The facts of a request made with credentials of another account: the identity, nothing
/// else (nothing learned there would be about the manifest's account).
pub(crate) fn other_account(
    request: &FactsRequest,
    gathered_at: String,
    identity: Fact<Identity>,
) -> Facts {
    let mut facts = Facts::skipped(request.clone(), gathered_at);
    facts.identity = identity;
    facts
}

/// The facts of a request whose account could not be entered (`--assume-role` refused): the
/// identity failed with that error, nothing else gathered.
pub(crate) fn account_refused(
    request: &FactsRequest,
    gathered_at: String,
    error: FactError,
) -> Facts {
    let mut facts = Facts::skipped(request.clone(), gathered_at);
    facts.identity = Fact::failed(error);
    facts
}

/// AWS refuses the credentials on every endpoint of a region that is not enabled in the
/// account (`AuthFailure`, `UnrecognizedClientException`...). When the region status says so,
/// those failures of the region's calls are not a credentials problem: reclassify them as
/// service errors and say why, so that nobody goes looking for broken credentials.
fn explain_disabled_region(facts: &mut Facts) {
    let Some(status) = facts.region_status.value() else {
        return;
    };
    if status.is_enabled() {
        return;
    }
    let note = format!(
        " (the region {} is {} in this account)",
        facts.request.region, status.status
    );
    let explain = |error: Option<&mut FactError>| {
        if let Some(error) = error
            && error.kind == FactErrorKind::Credentials
        {
            error.kind = FactErrorKind::Service;
            error.message.push_str(&note);
        }
    };
    explain(error_mut(&mut facts.quota_on_demand));
    explain(error_mut(&mut facts.quota_spot));
    explain(error_mut(&mut facts.instance_type_zones));
    explain(error_mut(&mut facts.instance_type_vcpus));
    let region = facts.request.region.clone();
    if let Fact::Ok { value } = &mut facts.facts.peer_vpcs {
        let prefix = format!("{region}/");
        for (_, fact) in value.iter_mut().filter(|(k, _)| k.starts_with(&prefix)) {
            explain(error_mut(fact));
        }
    }
}

fn error_mut<T>(fact: &mut Fact<T>) -> Option<&mut FactError> {
    match fact {
        Fact::Failed { error } => Some(error),
        _ => None,
    }
}

/// Runs futures concurrently (on the current task) and returns their outputs in order.
pub(crate) async fn join_all<F: Future>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output> {
    let mut set = Vec::new();
    for future in futures {
        set.push(Box::pin(future));
    }
    let mut outputs: Vec<Option<F::Output>> = set.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        let mut pending = false;
        for (future, output) in set.iter_mut().zip(outputs.iter_mut()) {
            if output.is_none() {
                match future.as_mut().poll(cx) {
                    std::task::Poll::Ready(value) => *output = Some(value),
                    std::task::Poll::Pending => pending = true,
                }
            }
        }
        if pending {
            std::task::Poll::Pending
        } else {
            std::task::Poll::Ready(())
        }
    })
    .await;
    outputs.into_iter().flatten().collect()
}

/// Facts in which every fact failed the same way (the gathering could not start, or ran out of
/// time before its first call); each failure names the fact's own IAM action.
pub(crate) fn all_failed(
    request: &FactsRequest,
    gathered_at: String,
    kind: FactErrorKind,
    message: &str,
) -> Facts {
    let fail = |decl: &'static FactDecl| FactError {
        action: decl.actions[0].to_owned(),
        kind,
        message: message.to_owned(),
    };
    Facts {
        version: FACTS_VERSION,
        gathered_at,
        request: request.clone(),
        facts: Values::all_failed(fail),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use astro_preflight_facts::PeeringRequest;

    #[test]
    fn all_failed_names_each_facts_action() {
        let request = FactsRequest {
            account_id: "123456789012".into(),
            region: "us-east-1".into(),
            instance_type: "m5.xlarge".into(),
            opt_in_region: false,
            peering: vec![PeeringRequest {
                vpc_id: "vpc-0a1b2c3d".into(),
                region: "us-west-2".into(),
            }],
        };
        let facts = all_failed(&request, "t".into(), FactErrorKind::Timeout, "late");
        assert_eq!(
            facts.vpcs.error().map(|e| e.action.as_str()),
            Some(astro_preflight_facts::actions::EC2_DESCRIBE_VPCS)
        );
        assert_eq!(
            facts.peer_vpcs.error().map(|e| e.kind),
            Some(FactErrorKind::Timeout)
        );
    }

    #[test]
    fn failures_in_a_disabled_region_are_explained() {
        let request = FactsRequest {
            account_id: "123456789012".into(),
            region: "ap-east-1".into(),
            instance_type: "m5.xlarge".into(),
            opt_in_region: false,
            peering: vec![],
        };
        let mut facts = all_failed(
            &request,
            "t".into(),
            FactErrorKind::Credentials,
            "AuthFailure: AWS was not able to validate the provided access credentials",
        );
        facts.identity = Fact::ok(astro_preflight_facts::Identity {
            account: "123456789012".into(),
        });
        facts.region_status = Fact::ok(astro_preflight_facts::RegionStatus {
            status: "DISABLED".into(),
        });
        explain_disabled_region(&mut facts);
        let error = facts.quota_on_demand.error().expect("still failed");
        assert_eq!(error.kind, FactErrorKind::Service);
        assert!(
            error
                .message
                .ends_with("(the region ap-east-1 is DISABLED in this account)")
        );

        // In an enabled region, a credentials failure stays one.
        let mut facts = all_failed(&request, "t".into(), FactErrorKind::Credentials, "x");
        facts.region_status = Fact::ok(astro_preflight_facts::RegionStatus {
            status: "ENABLED".into(),
        });
        explain_disabled_region(&mut facts);
        assert_eq!(
            facts.quota_on_demand.error().map(|e| e.kind),
            Some(FactErrorKind::Credentials)
        );
    }

    #[test]
    fn join_all_keeps_the_order() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .expect("runtime");
        let out = runtime.block_on(join_all((0..5u64).map(|i| async move {
            tokio::time::sleep(std::time::Duration::from_millis(50 - i * 10)).await;
            i
        })));
        assert_eq!(out, vec![0, 1, 2, 3, 4]);
    }
}
