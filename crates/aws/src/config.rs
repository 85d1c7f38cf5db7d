//! The shared SDK configuration: credentials, home region, endpoint, timeouts and retries.

use std::time::Duration;

use aws_config::environment::region::EnvironmentVariableRegionProvider;
use aws_config::meta::region::RegionProviderChain;
use aws_config::profile::region::ProfileFileRegionProvider;
use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::{BehaviorVersion, Region, SdkConfig};
use aws_credential_types::Credentials;

use crate::AwsOptions;

/// The region of calls that do not belong to the manifest's region (the caller identity and the
/// region opt-in status) when neither the environment nor the profile names one: it is enabled
/// in every commercial account, unlike an opt-in region the manifest may name.
pub(crate) const FALLBACK_HOME_REGION: &str = "us-east-1";

/// The Account API is global; its endpoint is in us-east-1.
pub(crate) const ACCOUNT_API_REGION: &str = "us-east-1";

/// The SDK's default connect timeout.
const CONNECT_TIMEOUT: Duration = Duration::from_millis(3100);

/// Loads the SDK configuration: the credentials (`credentials`, or the standard chain's,
/// resolved once, now: `Err` says why there are none), the profile and endpoint URL of the
/// options, and timeouts and retries that fit the per-call timeout.
///
/// The `AWS_ENDPOINT_URL` and `AWS_ENDPOINT_URL_<SERVICE>` environment variables (and the
/// profile's `endpoint_url`) are honoured by the clients built from this configuration, unless
/// `options.endpoint_url` is given, which wins.
pub(crate) async fn load(
    options: &AwsOptions,
    credentials: Option<&Credentials>,
) -> Result<SdkConfig, String> {
    let credentials = match credentials {
        Some(credentials) => credentials.clone(),
        None => crate::credentials::resolve(options, home_region(options)).await?,
    };
    let mut loader = aws_config::defaults(BehaviorVersion::latest())
        .region(home_region(options))
        .timeout_config(timeout_config(options.call_timeout))
        .retry_config(retry_config(options.call_timeout))
        .credentials_provider(credentials);
    if let Some(profile) = &options.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(url) = &options.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    Ok(loader.load().await)
}

/// The home region: the environment's or the profile's, else us-east-1. Deliberately not the
/// instance metadata service, which would cost seconds off EC2.
fn home_region(options: &AwsOptions) -> RegionProviderChain {
    let mut profile_region = ProfileFileRegionProvider::builder();
    if let Some(profile) = &options.profile {
        profile_region = profile_region.profile_name(profile);
    }
    RegionProviderChain::first_try(EnvironmentVariableRegionProvider::new())
        .or_else(profile_region.build())
        .or_else(Region::from_static(FALLBACK_HOME_REGION))
}

/// SDK timeouts: a connect timeout (so that an unreachable address is retried), and an
/// attempt timeout of the per-call timeout. There is no SDK operation timeout: the per-call
/// `tokio` timeout around each call is that bound, retries included, and it cannot be missed.
fn timeout_config(call_timeout: Duration) -> TimeoutConfig {
    TimeoutConfig::builder()
        .connect_timeout(call_timeout.min(CONNECT_TIMEOUT))
        .operation_attempt_timeout(call_timeout)
        .disable_operation_timeout()
        .build()
}

/// The adaptive retry mode (three attempts, for throttling and transient errors, and a
/// client-side rate limiter that slows a client's calls down once they are throttled), with
/// backoffs capped so that all three attempts of a call fit in the per-call timeout.
fn retry_config(call_timeout: Duration) -> RetryConfig {
    let max_backoff = (call_timeout / 8).min(Duration::from_secs(20));
    RetryConfig::adaptive()
        .with_initial_backoff(max_backoff.min(Duration::from_secs(1)))
        .with_max_backoff(max_backoff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_fit_in_the_call_timeout() {
        for secs in [1, 2, 10, 30, 600] {
            let call = Duration::from_secs(secs);
            let retry = retry_config(call);
            // Two backoffs between three attempts.
            assert!(retry.max_backoff() * 2 < call, "{secs} s");
            assert!(retry.initial_backoff() <= retry.max_backoff());
            assert_eq!(retry.mode(), aws_config::retry::RetryMode::Adaptive);
        }
    }

    #[test]
    fn sdk_timeouts_follow_the_call_timeout() {
        let config = timeout_config(Duration::from_secs(2));
        assert_eq!(config.connect_timeout(), Some(Duration::from_secs(2)));
        assert_eq!(
            config.operation_attempt_timeout(),
            Some(Duration::from_secs(2))
        );
        assert_eq!(config.operation_timeout(), None);
        let config = timeout_config(Duration::from_secs(10));
        assert_eq!(config.connect_timeout(), Some(CONNECT_TIMEOUT));
        assert_eq!(
            config.operation_attempt_timeout(),
            Some(Duration::from_secs(10))
        );
    }
}
