//! What every gatherer uses to call AWS: the clients of an account, built on first use per
//! SDK and region; the paging of a paginated call; EC2 filters; running calls at once.

use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::rate::{CLOUD_CONTROL_BURST, CLOUD_CONTROL_RATE, RateLimit};

use aws_config::SdkConfig;
use aws_sdk_ec2::types::Filter;

/// A client of `$sdk` in `$region`, from the shared configuration.
macro_rules! client_in {
    ($sdk:ident, $config:expr, $region:expr) => {
        $sdk::Client::from_conf(
            $sdk::config::Builder::from($config)
                .region(aws_config::Region::new($region.to_owned()))
                .build(),
        )
    };
}

/// Gets every page of a paginator (`$pages`, the stream of its `.send()`), each page one call
/// of the budget, and runs `$body` with each: `Ok(())`, or the error of the first page that
/// failed, for the IAM action `$action`.
macro_rules! each_page {
    ($budget:expr, $action:expr, $pages:expr, |$page:ident| $body:block) => {{
        let mut pages = $pages;
        loop {
            match $budget.call(async { pages.next().await.transpose() }).await {
                Ok(Some($page)) => $body,
                Ok(None) => break Ok(()),
                Err(err) => break Err(err.into_fact_error($action)),
            }
        }
    }};
}
pub(crate) use each_page;

/// An SDK's client, built from the shared configuration.
pub(crate) trait Client: Clone + Send + Sync + 'static {
    /// The client in the configuration's (home) region.
    fn home(config: &SdkConfig) -> Self;
    /// The client in `region`.
    fn in_region(config: &SdkConfig, region: &str) -> Self;
}

macro_rules! clients {
    ($($sdk:ident),* $(,)?) => {
        $(
            impl Client for $sdk::Client {
                fn home(config: &SdkConfig) -> Self {
                    $sdk::Client::new(config)
                }
                fn in_region(config: &SdkConfig, region: &str) -> Self {
                    client_in!($sdk, config, region)
                }
            }
        )*
    };
}

clients!(
    aws_sdk_account,
    aws_sdk_cloudcontrol,
    aws_sdk_cloudtrail,
    aws_sdk_cloudwatch,
    aws_sdk_cloudwatchlogs,
    aws_sdk_ec2,
    aws_sdk_iam,
    aws_sdk_servicequotas,
    aws_sdk_sts,
);

/// Clients built, by SDK and region (`None`: the home region).
type Built = HashMap<(TypeId, Option<String>), Box<dyn Any + Send + Sync>>;

/// The clients of one account (one configuration: the caller's, or a role assumed there),
/// each built on first use, once per SDK and region, and shared by every gatherer of the
/// account.
pub(crate) struct Clients {
    config: SdkConfig,
    built: Mutex<Built>,
    /// Cloud Control's rate limit of each region of the account.
    cloud_control: Mutex<HashMap<String, Arc<RateLimit>>>,
}

impl Clients {
    pub(crate) fn new(config: &SdkConfig) -> Clients {
        Clients {
            config: config.clone(),
            built: Mutex::new(HashMap::new()),
            cloud_control: Mutex::new(HashMap::new()),
        }
    }

    /// Cloud Control's rate limit in `region` (the home region's for [`GLOBAL`]).
    ///
    /// [`GLOBAL`]: astro_preflight_facts::inventory::GLOBAL
    pub(crate) fn cloud_control_limit(&self, region: &str) -> Arc<RateLimit> {
        let region = if region == astro_preflight_facts::inventory::GLOBAL {
            self.config.region().map_or("", |r| r.as_ref())
        } else {
            region
        };
        self.cloud_control
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .entry(region.to_owned())
            .or_insert_with(|| Arc::new(RateLimit::new(CLOUD_CONTROL_BURST, CLOUD_CONTROL_RATE)))
            .clone()
    }

    /// The client of `C` in the home region.
    pub(crate) fn home<C: Client>(&self) -> C {
        self.get(None, || C::home(&self.config))
    }

    /// The client of `C` in `region`.
    pub(crate) fn in_region<C: Client>(&self, region: &str) -> C {
        self.get(Some(region), || C::in_region(&self.config, region))
    }

    fn get<C: Client>(&self, region: Option<&str>, build: impl FnOnce() -> C) -> C {
        let mut built = self
            .built
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        built
            .entry((TypeId::of::<C>(), region.map(str::to_owned)))
            .or_insert_with(|| Box::new(build()))
            .downcast_ref::<C>()
            .expect("a client is stored under its own type")
            .clone()
    }
}

/// An EC2 filter.
pub(crate) fn filter<'a>(name: &str, values: impl IntoIterator<Item = &'a str>) -> Filter {
    values
        .into_iter()
        .fold(Filter::builder().name(name), |b, v| b.values(v))
        .build()
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

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn filters_carry_every_value() {
        let f = filter("instance-state-name", ["pending", "running"]);
        assert_eq!(f.name(), Some("instance-state-name"));
        assert_eq!(f.values(), ["pending", "running"]);
    }

    #[test]
    fn a_client_is_built_once_per_sdk_and_region() {
        let config = SdkConfig::builder()
            .behavior_version(aws_config::BehaviorVersion::latest())
            .region(aws_config::Region::from_static("us-east-1"))
            .build();
        let clients = Clients::new(&config);
        let west: aws_sdk_ec2::Client = clients.in_region("eu-west-1");
        let _: aws_sdk_iam::Client = clients.in_region("eu-west-1");
        let _: aws_sdk_ec2::Client = clients.in_region("eu-west-1");
        let home: aws_sdk_ec2::Client = clients.home();
        assert_eq!(
            west.config().region().map(|r| r.as_ref()),
            Some("eu-west-1")
        );
        assert_eq!(
            home.config().region().map(|r| r.as_ref()),
            Some("us-east-1")
        );
        assert_eq!(clients.built.lock().expect("lock").len(), 3);
    }
}
