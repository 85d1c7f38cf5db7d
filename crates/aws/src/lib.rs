//! Gathers astro-preflight's online facts from AWS with the official SDK.
//!
//! [`AwsFactsProvider`] implements [`FactsProvider`]: given a [`FactsRequest`] (the account,
//! region, instance type and peering VPCs of a manifest) it makes the read-only calls of
//! [`astro_preflight_facts::actions::ALL`](static@astro_preflight_facts::actions::ALL) and returns [`Facts`].
//!
//! - `sts:GetCallerIdentity` comes first. When the credentials belong to another account than
//!   the manifest's, every other fact is [`Fact::Skipped`](astro_preflight_facts::Fact::Skipped).
//! - Then every other call runs concurrently: region status, both EC2 quotas, instance type
//!   offerings and vCPUs, non-default VPCs, live instances, and each peering VPC in its own
//!   region.
//! - Each call is bounded by [`AwsOptions::call_timeout`], and the whole gathering by
//!   [`AwsOptions::total_timeout`]: a fact not gathered in time is a failure of kind
//!   [`FactErrorKind::Timeout`], so a gathering always ends within the total timeout, even
//!   against an endpoint that accepts connections and never answers.
//! - A failed call never fails the gathering: it is recorded in its fact, with the IAM action
//!   and the service's error code and message (never credentials).
//!
//! The API is synchronous: the provider owns a Tokio runtime, built on first use.
//!
//! ```no_run
//! use astro_preflight_aws::{AwsFactsProvider, AwsOptions};
//! use astro_preflight_facts::{FactsProvider, FactsRequest};
//!
//! let provider = AwsFactsProvider::new(AwsOptions::default());
//! let request = FactsRequest {
//!     account_id: "123456789012".into(),
//!     region: "us-east-1".into(),
//!     instance_type: "m5.xlarge".into(),
//!     vpc_cidr: None,
//!     opt_in_region: false,
//!     peering: vec![],
//! };
//! let facts = provider.gather(&request);
//! println!("{}", facts.to_json());
//! ```

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use astro_preflight_facts::{Fact, FactError, FactErrorKind, Facts, FactsProvider, FactsRequest};
use aws_config::SdkConfig;
use aws_credential_types::Credentials;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use tokio::runtime::Runtime;
use tokio::sync::{OnceCell, Semaphore};

mod assume;
mod budget;
mod calls;
mod config;
mod credentials;
mod error;
mod gather;
mod gatherers;
mod inventory;
mod listings;
mod network;
mod rate;
mod role;
mod sdk;

pub use assume::{check_role as check_assume_role, role_arn};
pub use inventory::{AccountInventory, ListingResult};

use budget::{Budget, MAX_CONCURRENT_CALLS};
use error::seconds;

/// How to reach AWS.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwsOptions {
    /// The named profile of the shared config and credentials files (`--profile`); `None` for
    /// the standard chain's choice (`AWS_PROFILE`, else `default`).
    pub profile: Option<String>,
    /// One endpoint for every service (`--endpoint-url`), e.g. a local emulator. When `None`,
    /// `AWS_ENDPOINT_URL`, `AWS_ENDPOINT_URL_<SERVICE>` and the profile's `endpoint_url` apply.
    pub endpoint_url: Option<String>,
    /// The longest one call may take, the SDK's retries included. Default 10 s.
    pub call_timeout: Duration,
    /// The longest a whole gathering may take (`--timeout`). Default 30 s.
    pub total_timeout: Duration,
    /// `--assume-role`: a role name, or a role ARN with `{account}` for the account, assumed
    /// (`sts:AssumeRole`) in each account before gathering there. `None`: the credentials'
    /// own account. Check it first with [`check_assume_role`].
    pub assume_role: Option<String>,
    /// How many AWS calls may be in flight at once, across every account and request of a
    /// gathering. Default 64: a whole-account inventory is 13 listings in each of about 17
    /// regions, plus 3 global ones.
    pub max_concurrent_calls: usize,
}

impl Default for AwsOptions {
    fn default() -> Self {
        AwsOptions {
            profile: None,
            endpoint_url: None,
            call_timeout: Duration::from_secs(10),
            total_timeout: Duration::from_secs(30),
            assume_role: None,
            max_concurrent_calls: MAX_CONCURRENT_CALLS,
        }
    }
}

/// Gathers facts from AWS with the standard credential chain.
///
/// Cheap to create: the runtime, the SDK configuration and the credentials are set up on the
/// first gathering and shared by the following ones (so credentials are resolved once).
#[derive(Debug)]
pub struct AwsFactsProvider {
    options: AwsOptions,
    /// Credentials that replace the standard chain (for embedding and tests).
    credentials: Option<Credentials>,
    /// Built on first use; the error says why it could not be.
    runtime: OnceLock<Result<Runtime, String>>,
    /// Loaded on first use, within the first gathering's time budget; `Err`: why there are no
    /// credentials.
    sdk_config: OnceCell<Result<SdkConfig, String>>,
    /// Bounds the calls in flight.
    permits: Arc<Semaphore>,
}

impl AwsFactsProvider {
    pub fn new(options: AwsOptions) -> Self {
        let permits = Arc::new(Semaphore::new(options.max_concurrent_calls.max(1)));
        AwsFactsProvider {
            options,
            credentials: None,
            runtime: OnceLock::new(),
            sdk_config: OnceCell::new(),
            permits,
        }
    }

    /// Uses these static credentials instead of the standard credential chain (environment,
    /// profiles, SSO, web identity, container and instance roles). Meant for embedding the
    /// provider and for tests against an emulator; the command line uses the chain.
    pub fn with_static_credentials(
        mut self,
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        self.credentials = Some(Credentials::new(
            access_key_id,
            secret_access_key,
            session_token,
            None,
            "astro-preflight",
        ));
        // A configuration loaded before this call would carry other credentials.
        self.sdk_config = OnceCell::new();
        self
    }

    /// The options this provider was made with.
    pub fn options(&self) -> &AwsOptions {
        &self.options
    }

    fn runtime(&self) -> Result<&Runtime, &str> {
        self.runtime
            .get_or_init(|| {
                let threads = std::thread::available_parallelism()
                    .map_or(2, |n| n.get())
                    .clamp(1, 4);
                tokio::runtime::Builder::new_multi_thread()
                    .worker_threads(threads)
                    .thread_name("astro-preflight-aws")
                    .enable_all()
                    .build()
                    .map_err(|e| format!("could not start the async runtime: {e}"))
            })
            .as_ref()
            .map_err(String::as_str)
    }

    /// The budget of one gathering, and the SDK configuration loaded within it (once per
    /// provider); `Err` says why it could not be loaded (no credentials, or not in time).
    async fn start(&self) -> (Budget, Result<&SdkConfig, (FactErrorKind, String)>) {
        let budget = Budget::starting_now(
            self.options.call_timeout,
            self.options.total_timeout,
            Arc::clone(&self.permits),
        );
        let load = self
            .sdk_config
            .get_or_init(|| config::load(&self.options, self.credentials.as_ref()));
        let loaded = match tokio::time::timeout_at(budget.deadline(), load).await {
            Ok(Ok(config)) => Ok(config),
            Ok(Err(why)) => Err((FactErrorKind::Credentials, why.clone())),
            Err(_) => Err((
                FactErrorKind::Timeout,
                format!(
                    "the AWS credentials could not be loaded in time (total timeout {})",
                    seconds(budget.total_timeout())
                ),
            )),
        };
        (budget, loaded)
    }

    /// Resolves the credentials (once per provider) before any call: `Err` is the one line
    /// that says why there are none (what was tried, what to do).
    pub fn ready(&self) -> Result<(), String> {
        let runtime = self.runtime().map_err(str::to_owned)?;
        let run = || runtime.block_on(async { self.start().await.1.map(|_| ()) });
        let loaded = if tokio::runtime::Handle::try_current().is_ok() {
            std::thread::scope(|scope| {
                scope.spawn(run).join().unwrap_or_else(|_| {
                    Err((
                        FactErrorKind::Service,
                        "internal error: the credentials thread panicked".to_owned(),
                    ))
                })
            })
        } else {
            run()
        };
        loaded.map_err(|(_, why)| why)
    }

    /// Gathers every request concurrently, with one deadline for all of them.
    async fn gather_many(&self, requests: &[FactsRequest], gathered_at: String) -> Vec<Facts> {
        let (budget, loaded) = self.start().await;
        let sdk_config = match loaded {
            Ok(sdk_config) => sdk_config,
            Err((kind, message)) => {
                return requests
                    .iter()
                    .map(|r| gather::all_failed(r, gathered_at.clone(), kind, &message))
                    .collect();
            }
        };
        let budget = &budget;
        // With `--assume-role`, peering entries in other accounts are asked through the role
        // assumed in each of those accounts, entered once.
        let peers = self.peer_accounts(requests, sdk_config, budget).await;
        let peers = &peers;
        // Manifests of one account share its gathering: the role assumed there (with
        // `--assume-role`) and its inventory; every account at once.
        let mut accounts: Vec<&str> = requests.iter().map(|r| r.account_id.as_str()).collect();
        accounts.sort_unstable();
        accounts.dedup();
        let per_account = sdk::join_all(accounts.iter().map(|&account| {
            let gathered_at = gathered_at.clone();
            async move {
                let entered = match &self.options.assume_role {
                    Some(role) => assume::config_for_account(sdk_config, role, account, budget)
                        .await
                        .map(|config| (config, Some(assume::identity_of(account)))),
                    None => Ok((sdk_config.clone(), None)),
                };
                let mine = requests.iter().filter(|r| r.account_id == account);
                match entered {
                    Err(error) => mine
                        .map(|r| gather::account_refused(r, gathered_at.clone(), error.clone()))
                        .collect::<Vec<_>>(),
                    Ok((config, known)) => {
                        let clients = sdk::Clients::new(&config);
                        let clients = &clients;
                        // Whose credentials these are comes first: another account's learn
                        // nothing about this one, so nothing else is asked.
                        let identity = match known {
                            Some(identity) => Fact::ok(identity),
                            None => calls::identity(clients, budget).await,
                        };
                        if identity.value().is_some_and(|i| i.account != account) {
                            return mine
                                .map(|r| {
                                    gather::other_account(r, gathered_at.clone(), identity.clone())
                                })
                                .collect();
                        }
                        let known = identity.value().cloned();
                        // The account's facts once per account; the opt-in region's set-up
                        // only when one of its manifests is in an opt-in region.
                        let account_cx = role::AccountCx {
                            clients,
                            budget,
                            account_id: account,
                            opt_in: mine.clone().any(|r| r.opt_in_region),
                        };
                        let requests: Vec<_> = mine
                            .map(|request| calls::RequestCx {
                                clients,
                                budget,
                                request,
                                peers,
                            })
                            .collect();
                        let (inventory, account_facts, mut facts) = tokio::join!(
                            inventory::account_inventory(clients, account, known, budget),
                            gather::account_facts(&account_cx),
                            sdk::join_all(requests.iter().map(|cx| gather::gather(
                                cx,
                                gathered_at.clone(),
                                identity.clone()
                            ))),
                        );
                        for facts in &mut facts {
                            gather::with_inventory(facts, &inventory);
                            gather::with_account(facts, &account_facts);
                        }
                        facts
                    }
                }
            }
        }))
        .await;
        // Back in the order of the requests.
        let mut by_request: Vec<Option<Facts>> = requests.iter().map(|_| None).collect();
        for (account, facts) in accounts.iter().zip(per_account) {
            let slots = requests
                .iter()
                .enumerate()
                .filter(|(_, r)| r.account_id == *account);
            for ((index, _), facts) in slots.zip(facts) {
                by_request[index] = Some(facts);
            }
        }
        by_request
            .into_iter()
            .zip(requests)
            .map(|(facts, request)| {
                facts.unwrap_or_else(|| {
                    gather::all_failed(
                        request,
                        gathered_at.clone(),
                        FactErrorKind::Service,
                        "internal error: no facts were gathered",
                    )
                })
            })
            .collect()
    }
}

impl AwsFactsProvider {
    /// With `--assume-role`: the clients of every account that a peering entry names
    /// (`peering[].accountId`) other than its manifest's, the role assumed in each, all at
    /// once; without it, none (the entries are asked with the credentials in use).
    async fn peer_accounts(
        &self,
        requests: &[FactsRequest],
        sdk_config: &SdkConfig,
        budget: &Budget,
    ) -> calls::PeerAccounts {
        let Some(role) = &self.options.assume_role else {
            return calls::PeerAccounts::new();
        };
        let mut accounts: Vec<&str> = requests
            .iter()
            .flat_map(|r| {
                r.peering
                    .iter()
                    .filter_map(|p| p.account_id.as_deref())
                    .filter(|a| *a != r.account_id)
            })
            .collect();
        accounts.sort_unstable();
        accounts.dedup();
        let entered = sdk::join_all(accounts.iter().map(|account| async move {
            assume::config_for_account(sdk_config, role, account, budget)
                .await
                .map(|config| sdk::Clients::new(&config))
        }))
        .await;
        accounts
            .into_iter()
            .map(str::to_owned)
            .zip(entered)
            .collect()
    }
}

/// The whole-account inventory (see `docs/online.md`).
impl AwsFactsProvider {
    /// Lists what makes each account "used" (every listing of the registry's inventory,
    /// `astro_preflight_facts::registry::INVENTORY`, in each enabled region and globally), all
    /// accounts at once, within the options' time limits; one [`AccountInventory`] per account
    /// ID, in order. With [`AwsOptions::assume_role`], the role is assumed in each account
    /// first; otherwise the credentials must be the account's own (else nothing is listed).
    ///
    /// Critical path: `sts:AssumeRole` (with a role), then `sts:GetCallerIdentity` (without)
    /// and `ec2:DescribeRegions` at once, then every listing at once (bounded by
    /// [`AwsOptions::max_concurrent_calls`]), each page of a listing one more round trip.
    pub fn inventory(&self, account_ids: &[String]) -> Vec<AccountInventory> {
        let fail_all = |kind: FactErrorKind, message: &str| -> Vec<AccountInventory> {
            account_ids
                .iter()
                .map(|id| {
                    inventory::failed(
                        id,
                        FactError {
                            action: astro_preflight_facts::actions::STS_GET_CALLER_IDENTITY
                                .to_owned(),
                            kind,
                            message: message.to_owned(),
                        },
                    )
                })
                .collect()
        };
        if account_ids.is_empty() {
            return Vec::new();
        }
        let runtime = match self.runtime() {
            Ok(runtime) => runtime,
            Err(message) => return fail_all(FactErrorKind::Service, message),
        };
        let run = || runtime.block_on(self.inventory_many(account_ids));
        if tokio::runtime::Handle::try_current().is_ok() {
            std::thread::scope(|scope| match scope.spawn(run).join() {
                Ok(found) => found,
                Err(_) => fail_all(
                    FactErrorKind::Service,
                    "internal error: the gathering thread panicked",
                ),
            })
        } else {
            run()
        }
    }

    async fn inventory_many(&self, account_ids: &[String]) -> Vec<AccountInventory> {
        let (budget, loaded) = self.start().await;
        let sdk_config = match loaded {
            Ok(sdk_config) => sdk_config,
            Err((kind, message)) => {
                return account_ids
                    .iter()
                    .map(|id| {
                        inventory::failed(
                            id,
                            FactError {
                                action: astro_preflight_facts::actions::STS_GET_CALLER_IDENTITY
                                    .to_owned(),
                                kind,
                                message: message.clone(),
                            },
                        )
                    })
                    .collect();
            }
        };
        let budget = &budget;
        sdk::join_all(account_ids.iter().map(|id| async move {
            match &self.options.assume_role {
                Some(role) => {
                    match assume::config_for_account(sdk_config, role, id, budget).await {
                        Ok(config) => {
                            let identity = Some(assume::identity_of(id));
                            let clients = sdk::Clients::new(&config);
                            inventory::account_inventory(&clients, id, identity, budget).await
                        }
                        Err(error) => inventory::failed(id, error),
                    }
                }
                None => {
                    let clients = sdk::Clients::new(sdk_config);
                    inventory::account_inventory(&clients, id, None, budget).await
                }
            }
        }))
        .await
    }
}

impl FactsProvider for AwsFactsProvider {
    fn ready(&self) -> Result<(), String> {
        AwsFactsProvider::ready(self)
    }

    fn gather(&self, request: &FactsRequest) -> Facts {
        let mut facts = self.gather_all(std::slice::from_ref(request));
        match facts.pop() {
            Some(facts) => facts,
            // gather_all returns one Facts per request; this is only for completeness.
            None => gather::all_failed(
                request,
                now_rfc3339(),
                FactErrorKind::Service,
                "internal error: no facts were gathered",
            ),
        }
    }

    fn gather_all(&self, requests: &[FactsRequest]) -> Vec<Facts> {
        if requests.is_empty() {
            return Vec::new();
        }
        let gathered_at = now_rfc3339();
        let fail_all = |message: &str| -> Vec<Facts> {
            requests
                .iter()
                .map(|r| {
                    gather::all_failed(r, gathered_at.clone(), FactErrorKind::Service, message)
                })
                .collect()
        };
        let runtime = match self.runtime() {
            Ok(runtime) => runtime,
            Err(message) => return fail_all(message),
        };
        let run = || runtime.block_on(self.gather_many(requests, gathered_at.clone()));
        if tokio::runtime::Handle::try_current().is_ok() {
            // Called from async code: blocking this thread on another runtime would panic, so
            // block a helper thread instead.
            std::thread::scope(|scope| match scope.spawn(run).join() {
                Ok(facts) => facts,
                Err(_) => fail_all("internal error: the gathering thread panicked"),
            })
        } else {
            run()
        }
    }
}

impl Drop for AwsFactsProvider {
    fn drop(&mut self) {
        // Do not wait for calls still in flight (there are none after a gathering, but a
        // blocking DNS lookup may linger), and do not panic when dropped in async code.
        if let Some(Ok(runtime)) = self.runtime.take() {
            runtime.shutdown_background();
        }
    }
}

/// Now, in RFC 3339 UTC to the second (`2026-05-01T07:18:22Z`).
fn now_rfc3339() -> String {
    let now = OffsetDateTime::now_utc();
    let now = now.replace_nanosecond(0).unwrap_or(now);
    now.format(&Rfc3339)
        .unwrap_or_else(|_| String::from("1970-01-01T00:00:00Z"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_options() {
        let options = AwsOptions::default();
        assert_eq!(options.call_timeout, Duration::from_secs(10));
        assert_eq!(options.total_timeout, Duration::from_secs(30));
        assert_eq!(options.profile, None);
        assert_eq!(options.endpoint_url, None);
    }

    #[test]
    fn timestamps_are_rfc3339_utc_seconds() {
        let stamp = now_rfc3339();
        assert!(stamp.ends_with('Z'), "{stamp}");
        assert_eq!(stamp.len(), "2026-05-01T07:18:22Z".len(), "{stamp}");
        assert!(OffsetDateTime::parse(&stamp, &Rfc3339).is_ok(), "{stamp}");
    }

    #[test]
    fn nothing_to_gather_makes_no_call() {
        // An endpoint that would record any connection made to it.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a local port");
        listener.set_nonblocking(true).expect("non-blocking");
        let provider = AwsFactsProvider::new(AwsOptions {
            endpoint_url: Some(format!(
                "http://{}",
                listener.local_addr().expect("address")
            )),
            ..AwsOptions::default()
        });
        assert!(provider.gather_all(&[]).is_empty());
        // No runtime was started and no configuration loaded, so nothing could call AWS...
        assert!(provider.runtime.get().is_none());
        assert!(provider.sdk_config.get().is_none());
        // ...and nothing connected.
        assert_eq!(
            listener.accept().map_err(|e| e.kind()).err(),
            Some(std::io::ErrorKind::WouldBlock)
        );
    }

    #[test]
    fn the_provider_is_sync_and_send() {
        fn assert_sync_send<T: Sync + Send>() {}
        assert_sync_send::<AwsFactsProvider>();
    }
}
