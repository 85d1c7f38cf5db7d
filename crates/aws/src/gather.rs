//! The order of the calls for one account: whose credentials first, then at once the
//! account's inventory, its other facts (the role, then what needs it) and each request's
//! facts; and how the account's facts are merged into each request's. Which facts are gathered
//! where comes from the gatherers' table (`gatherers.rs`).

use std::collections::BTreeMap;

use astro_preflight_facts::registry::{self, FactDecl, FactValue, ListedMut, Scope, Values};
use astro_preflight_facts::{
    FACTS_VERSION, Fact, FactError, FactErrorKind, Facts, FactsRequest, Identity,
};

use crate::calls::RequestCx;
use crate::gatherers::{Gatherer, gatherer};
use crate::inventory::AccountInventory;
use crate::role::{self, AccountCx};
use crate::sdk::join_all;

/// Gathers the facts of one request but those of its account (see [`with_inventory`] and
/// [`with_account`]), once the account's `identity` is known (and is the manifest's account,
/// or could not be learned): every fact the table gathers per request, at once. Never fails as
/// a whole: every call that fails is recorded in its fact.
pub(crate) async fn gather(
    cx: &RequestCx<'_>,
    gathered_at: String,
    identity: Fact<Identity>,
) -> Facts {
    let asked = registry::ALL
        .iter()
        .filter_map(|decl| match gatherer(decl.id) {
            Gatherer::Request(gather) => Some(gather(cx)),
            _ => None,
        });
    let mut facts = Facts {
        version: FACTS_VERSION,
        gathered_at,
        request: cx.request.clone(),
        facts: Values::default(),
    };
    facts.identity = identity;
    for value in join_all(asked).await {
        facts.facts.set(value);
    }
    not_from_aws(&mut facts.facts);
    explain_disabled_region(&mut facts);
    facts
}

/// The facts AWS does not give (the Astro API's), skipped here: the binary's Astro API client
/// fills them in.
fn not_from_aws(values: &mut Values) {
    for decl in registry::ALL {
        if let Gatherer::AstroApi = gatherer(decl.id) {
            values.set(FactValue::skipped(decl.id));
        }
    }
}

/// The facts of an account but its inventory, gathered once for all its requests: the role
/// and, once it is known, what needs it (skipped when there is no role), and every other
/// account-wide fact, at once.
pub(crate) async fn account_facts(cx: &AccountCx<'_>) -> Vec<FactValue> {
    let (mut account, mut of_role) = (Vec::new(), Vec::new());
    for decl in registry::ALL {
        match gatherer(decl.id) {
            Gatherer::Account(gather) => account.push(gather),
            Gatherer::OfRole(gather) => of_role.push((decl.id, gather)),
            _ => {}
        }
    }
    let role_and_dependents = async {
        let role = role::get_role(cx).await;
        let dependents = match role.value() {
            Some(Some(role)) => {
                let arn = role.arn.as_str();
                join_all(of_role.iter().map(|(_, gather)| gather(cx, arn))).await
            }
            // No role, or it could not be read: nothing to ask about it.
            _ => of_role
                .iter()
                .map(|(id, _)| FactValue::skipped(*id))
                .collect(),
        };
        (role, dependents)
    };
    let ((role, mut values), others) = tokio::join!(
        role_and_dependents,
        join_all(account.iter().map(|gather| gather(cx)))
    );
    values.push(FactValue::Role(role));
    values.extend(others);
    values
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
        let mut results = inventory.listings.iter().filter(|l| l.listing == decl);
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

/// Fills a request's facts with its account's (gathered once per account).
pub(crate) fn with_account(facts: &mut Facts, account: &[FactValue]) {
    if of_another_account(facts) {
        return; // Another account's credentials: every fact stays skipped.
    }
    for value in account {
        facts.facts.set(value.clone());
    }
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
    // The facts asked in the region, and the peering entries in it.
    let prefix = format!("{}/", facts.request.region);
    for (decl, scope, error) in facts.facts.errors_mut() {
        let in_region = match decl.scope {
            Scope::Region => true,
            Scope::EachPeering => scope.is_some_and(|s| s.starts_with(&prefix)),
            Scope::Account | Scope::Global | Scope::EachEnabledRegion | Scope::Organization => {
                false
            }
        };
        if in_region && error.kind == FactErrorKind::Credentials {
            error.kind = FactErrorKind::Service;
            error.message.push_str(&note);
        }
    }
}

/// Facts in which every fact failed the same way (the gathering could not start, or ran out of
/// time before its first call); each failure names the fact's own IAM action.
pub(crate) fn all_failed(
    request: &FactsRequest,
    gathered_at: String,
    kind: FactErrorKind,
    message: &str,
) -> Facts {
    // A fact with no IAM action of its own (none is asked of AWS) is named instead.
    let fail = |decl: &'static FactDecl| FactError {
        action: decl
            .actions
            .first()
            .copied()
            .unwrap_or(decl.name)
            .to_owned(),
        kind,
        message: message.to_owned(),
    };
    let mut facts = Values::all_failed(fail);
    not_from_aws(&mut facts);
    Facts {
        version: FACTS_VERSION,
        gathered_at,
        request: request.clone(),
        facts,
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
            vpc_cidr: None,
            opt_in_region: false,
            peering: vec![PeeringRequest {
                vpc_id: "vpc-0a1b2c3d".into(),
                region: "us-west-2".into(),
                account_id: None,
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
            vpc_cidr: None,
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
}
