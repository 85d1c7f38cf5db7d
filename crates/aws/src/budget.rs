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
    /// Set for bulk work (the whole-account inventory): its calls also take one of these
    /// [`bulk_permits`], so that the calls other facts wait on (the role's monitoring trail,
    /// then its status and filters, then the alarms; the region's facts) always find a slot
    /// instead of queueing behind some 230 listings.
    bulk: Option<Arc<Semaphore>>,
}

/// The slots bulk work may hold at once, of `max_concurrent_calls`: three quarters of them
/// (at least one).
pub(crate) fn bulk_permits(max_concurrent_calls: usize) -> Semaphore {
    Semaphore::new((max_concurrent_calls - max_concurrent_calls / 4).max(1))
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
            bulk: None,
        }
    }

    /// This budget for bulk work, whose calls take one of `bulk` ([`bulk_permits`]) as well.
    pub(crate) fn for_bulk(&self, bulk: &Arc<Semaphore>) -> Budget {
        Budget {
            bulk: Some(Arc::clone(bulk)),
            ..self.clone()
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
        // Wait for a slot (bulk work: for one of its share first); the wait counts against the
        // deadline only.
        let bulk = match &self.bulk {
            None => None,
            Some(bulk) => match timeout_at(self.deadline, bulk.acquire()).await {
                Ok(permit) => permit.ok(),
                Err(_) => return Err(CallError::OutOfTime(self.total_timeout)),
            },
        };
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
        drop((permit, bulk));
        result?.map_err(CallError::Sdk)
    }
}

#[cfg(test)]
mod tests {
    use std::convert::Infallible;
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    /// With every bulk slot taken, a bulk call waits and any other call runs at once.
    #[test]
    fn bulk_work_leaves_slots_for_the_other_calls() {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_time()
            .build()
            .unwrap();
        runtime.block_on(async {
            let bulk = Arc::new(bulk_permits(4));
            assert_eq!(bulk.available_permits(), 3);
            let budget = Budget::starting_now(
                Duration::from_secs(5),
                Duration::from_secs(5),
                Arc::new(Semaphore::new(4)),
            );
            let bulk_budget = budget.for_bulk(&bulk);
            // The bulk calls hold their slots until the gate opens.
            let gate = Semaphore::new(0);
            let started = AtomicUsize::new(0);
            let held = || async {
                bulk_budget
                    .call(async {
                        started.fetch_add(1, Ordering::SeqCst);
                        gate.acquire().await.unwrap().forget();
                        Ok::<(), SdkError<Infallible, ()>>(())
                    })
                    .await
            };
            let other = async {
                // The bulk calls take their slots first.
                tokio::task::yield_now().await;
                assert_eq!(started.load(Ordering::SeqCst), 3, "three bulk calls run");
                let answer = budget
                    .call(async { Ok::<_, SdkError<Infallible, ()>>(42) })
                    .await;
                assert_eq!(answer.ok(), Some(42), "the other call found a slot");
                assert_eq!(
                    started.load(Ordering::SeqCst),
                    3,
                    "the fourth bulk call waits"
                );
                gate.add_permits(4);
            };
            let (a, b, c, d, ()) = tokio::join!(held(), held(), held(), held(), other);
            assert!([a, b, c, d].iter().all(Result::is_ok));
            assert_eq!(started.load(Ordering::SeqCst), 4);
        });
    }
}
