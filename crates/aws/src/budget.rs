//! Time limits: every call gets at most the per-call timeout, and nothing runs past the
//! gathering's deadline (start + total timeout).
//!
//! Bounding each call future with `tokio::time::timeout` is what makes the bound hold even when
//! an endpoint accepts connections and never answers, whatever the SDK's own timeouts and
//! retries do: a future that is dropped at its deadline is cancelled.

use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Semaphore;
use tokio::time::{Instant, timeout, timeout_at};

use crate::error::CallError;
use aws_sdk_sts::error::SdkError;

/// How many AWS calls may be in flight at once, across every request of a gathering, by
/// default (`AwsOptions::max_concurrent_calls`): enough to gather a manifest's facts in one
/// round trip and a whole-account inventory (about 220 listings, each region and service with
/// AWS's own rate limits) in a handful, few enough not to throttle ourselves.
pub(crate) const MAX_CONCURRENT_CALLS: usize = 64;

/// The time limits of one gathering, shared by its calls.
#[derive(Debug, Clone)]
pub(crate) struct Budget {
    call_timeout: Duration,
    total_timeout: Duration,
    deadline: Instant,
    permits: Arc<Semaphore>,
}

impl Budget {
    /// A budget whose deadline is `total_timeout` from now.
    pub(crate) fn starting_now(
        call_timeout: Duration,
        total_timeout: Duration,
        permits: Arc<Semaphore>,
    ) -> Budget {
        Budget {
            call_timeout,
            total_timeout,
            deadline: Instant::now() + total_timeout,
            permits,
        }
    }

    pub(crate) fn deadline(&self) -> Instant {
        self.deadline
    }

    pub(crate) fn total_timeout(&self) -> Duration {
        self.total_timeout
    }

    /// Runs one AWS call (one request and the SDK's retries of it) within the per-call timeout
    /// and the deadline, whichever comes first.
    pub(crate) async fn call<T, E, R>(
        &self,
        call: impl Future<Output = Result<T, SdkError<E, R>>>,
    ) -> Result<T, CallError<E, R>> {
        // Wait for a slot; the wait counts against the deadline only.
        let permit = match timeout_at(self.deadline, self.permits.acquire()).await {
            Ok(permit) => permit.ok(),
            Err(_) => return Err(CallError::OutOfTime(self.total_timeout)),
        };
        let remaining = self.deadline.saturating_duration_since(Instant::now());
        let result = if remaining < self.call_timeout {
            timeout(remaining, call)
                .await
                .map_err(|_| CallError::OutOfTime(self.total_timeout))
        } else {
            timeout(self.call_timeout, call)
                .await
                .map_err(|_| CallError::CallTimeout(self.call_timeout))
        };
        drop(permit);
        result?.map_err(CallError::Sdk)
    }
}
