//! The whole-account inventory of one account: what was found (an [`AccountInventory`]) and
//! the order of its calls (the identity and the enabled regions, then every listing of every
//! enabled region and the global ones at once). The listings themselves are in `listings.rs`,
//! each chosen for its fact in `gatherers.rs`; a listing that failed is the listing's
//! [`Fact::Failed`], never an empty one.

use astro_preflight_facts::inventory::{GLOBAL, Resource};
use astro_preflight_facts::registry::{self, FactDecl, Scope};
use astro_preflight_facts::{Fact, FactError, Identity};

use crate::budget::Budget;
use crate::calls;
use crate::gatherers::{Gatherer, ListFn, gatherer};
use crate::listings::ListingCx;
use crate::sdk::{Clients, join_all};

/// The result of one listing in one region (or globally).
#[derive(Debug, Clone, PartialEq)]
pub struct ListingResult {
    /// The listing: an inventory fact of the registry
    /// ([`INVENTORY`](astro_preflight_facts::registry::INVENTORY)).
    pub listing: &'static FactDecl,
    /// The region listed, or `global`.
    pub region: String,
    /// What was found, sorted; or why it could not be listed.
    pub resources: Fact<Vec<Resource>>,
}

/// Everything found in one account.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountInventory {
    /// The account asked for.
    pub account_id: String,
    /// Whose resources were listed: the caller's account (`sts:GetCallerIdentity`), or with
    /// `--assume-role` the account of the assumed role (`sts:AssumeRole`). When it is another
    /// account than `account_id`, nothing is listed and every listing is skipped.
    pub identity: Fact<Identity>,
    /// The account's enabled regions (`ec2:DescribeRegions`), sorted. When it failed, no
    /// regional listing was made (`listings` holds the global ones only).
    pub regions: Fact<Vec<String>>,
    /// One result per global listing, then one per regional listing and enabled region.
    pub listings: Vec<ListingResult>,
}

impl AccountInventory {
    /// Every resource found, sorted by type, region and ID.
    pub fn resources(&self) -> Vec<&Resource> {
        let mut all: Vec<&Resource> = self
            .listings
            .iter()
            .filter_map(|l| l.resources.value())
            .flatten()
            .collect();
        all.sort();
        all
    }

    /// The errors of the calls that failed: the regions, and each listing that failed.
    pub fn failures(&self) -> Vec<(&str, &FactError)> {
        let mut failures = Vec::new();
        if let Some(error) = self.identity.error() {
            failures.push(("", error));
        }
        if let Some(error) = self.regions.error() {
            failures.push(("", error));
        }
        for listing in &self.listings {
            if let Some(error) = listing.resources.error() {
                failures.push((listing.region.as_str(), error));
            }
        }
        failures
    }

    /// True when every listing was made in every enabled region: only then does an empty
    /// [`resources`](Self::resources) prove an empty account.
    pub fn is_complete(&self) -> bool {
        self.identity
            .value()
            .is_some_and(|i| i.account == self.account_id)
            && self.regions.value().is_some()
            && self.listings.iter().all(|l| l.resources.value().is_some())
    }
}

/// The inventory of one account with its clients' credentials: the identity (unless already
/// known, from `sts:AssumeRole` or the account's other facts) and the enabled regions at once,
/// then every listing at once.
pub(crate) async fn account_inventory(
    clients: &Clients,
    account_id: &str,
    known_identity: Option<Identity>,
    budget: &Budget,
) -> AccountInventory {
    let identity = async {
        match known_identity {
            Some(identity) => Fact::ok(identity),
            None => calls::identity(clients, budget).await,
        }
    };
    let (identity, regions) = tokio::join!(identity, calls::enabled_regions(clients, budget));
    if identity.value().is_some_and(|i| i.account != account_id) {
        // Credentials of another account: nothing listed would be about this one.
        return AccountInventory {
            account_id: account_id.to_owned(),
            identity,
            regions: Fact::Skipped,
            listings: Vec::new(),
        };
    }

    // The global listings, then each enabled region's.
    let (global, regional): (Vec<_>, Vec<_>) =
        listings().partition(|(decl, _)| decl.scope == Scope::Global);
    let mut work: Vec<(Listing, &str)> = global.into_iter().map(|l| (l, GLOBAL)).collect();
    for region in regions.value().into_iter().flatten() {
        work.extend(regional.iter().map(|&l| (l, region.as_str())));
    }
    let listings = join_all(work.into_iter().map(|(listing, region)| async move {
        let cx = ListingCx {
            clients,
            budget,
            account_id,
            region,
            decl: listing.0,
        };
        ListingResult {
            listing: listing.0,
            region: region.to_owned(),
            resources: list(listing, &cx).await,
        }
    }))
    .await;
    AccountInventory {
        account_id: account_id.to_owned(),
        identity,
        regions,
        listings,
    }
}

/// An inventory in which nothing could be done (the role could not be assumed, the
/// configuration not loaded in time): the identity failed, nothing else was tried.
pub(crate) fn failed(account_id: &str, error: FactError) -> AccountInventory {
    AccountInventory {
        account_id: account_id.to_owned(),
        identity: Fact::failed(error),
        regions: Fact::Skipped,
        listings: Vec::new(),
    }
}

/// A fact of the inventory and its listing.
type Listing = (&'static FactDecl, ListFn);

/// Every fact gathered by a listing (the registry's inventory group, a test checks), with its
/// listing.
fn listings() -> impl Iterator<Item = Listing> {
    registry::ALL
        .iter()
        .filter_map(|&decl| match gatherer(decl.id) {
            Gatherer::Listing(list) => Some((decl, list)),
            _ => None,
        })
}

/// One listing in one region (or once, globally): the resources it found, of the fact's
/// CloudFormation type, sorted.
async fn list((decl, list): Listing, cx: &ListingCx<'_>) -> Fact<Vec<Resource>> {
    let kind = decl.resource_type.unwrap_or_default();
    match list(cx).await {
        Ok(found) => {
            let mut resources: Vec<Resource> = found
                .into_iter()
                .map(|(id, path)| Resource {
                    kind: kind.to_owned(),
                    id,
                    region: cx.region.to_owned(),
                    path,
                })
                .collect();
            resources.sort();
            resources.dedup();
            Fact::ok(resources)
        }
        Err(error) => Fact::failed(error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use astro_preflight_facts::FactErrorKind;
    use aws_config::SdkConfig;
    use std::sync::Arc;

    #[test]
    fn each_listing_fails_with_its_own_action() {
        // Against a port that refuses connections, every listing fails at its first call:
        // the failure must name the listing's IAM action, and never read as "nothing found".
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        let url = format!("http://{}", listener.local_addr().expect("address"));
        drop(listener);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("runtime");
        runtime.block_on(async {
            let config = SdkConfig::builder()
                .behavior_version(aws_config::BehaviorVersion::latest())
                .region(aws_config::Region::from_static("us-east-1"))
                .endpoint_url(url)
                .credentials_provider(
                    aws_credential_types::provider::SharedCredentialsProvider::new(
                        aws_credential_types::Credentials::new(
                            "AKIDEXAMPLE",
                            "secret",
                            None,
                            None,
                            "tests",
                        ),
                    ),
                )
                .retry_config(aws_config::retry::RetryConfig::disabled())
                .build();
            let budget = Budget::starting_now(
                std::time::Duration::from_secs(5),
                std::time::Duration::from_secs(20),
                Arc::new(tokio::sync::Semaphore::new(4)),
            );
            let clients = Clients::new(&config);
            for listing in listings() {
                let (decl, _) = listing;
                let cx = ListingCx {
                    clients: &clients,
                    budget: &budget,
                    account_id: "123456789012",
                    region: if decl.scope == Scope::Global {
                        GLOBAL
                    } else {
                        "eu-west-1"
                    },
                    decl,
                };
                let fact = list(listing, &cx).await;
                let error = fact
                    .error()
                    .unwrap_or_else(|| panic!("{}: {fact:?}", decl.name));
                assert_eq!(error.action, decl.actions[0], "{}", decl.name);
                assert_eq!(
                    error.kind,
                    FactErrorKind::Network,
                    "{}: {error:?}",
                    decl.name
                );
            }
        });
    }
}
