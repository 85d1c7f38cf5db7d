//! A per-region rate limit for AWS Cloud Control API, whose `ListResources` AWS throttles at
//! tens of requests per second per account and region: a token bucket whose burst covers one
//! listing of every type at once (so the first page of each costs no wait, and the critical
//! path of a clean account's inventory is one call), refilled at a steady rate for further
//! pages and retries of pages.

use std::sync::Mutex;
use std::time::Duration;

use tokio::time::Instant;

/// Requests at once before the limit applies: one first page of each Cloud Control type of a
/// region, the global types (listed from the home region) included: 25 regional, 3 global.
pub(crate) const CLOUD_CONTROL_BURST: f64 = 28.0;
/// Requests per second after the burst, per account and region.
pub(crate) const CLOUD_CONTROL_RATE: f64 = 10.0;

/// A token bucket.
#[derive(Debug)]
pub(crate) struct RateLimit {
    burst: f64,
    per_second: f64,
    state: Mutex<(f64, Instant)>,
}

impl RateLimit {
    pub(crate) fn new(burst: f64, per_second: f64) -> RateLimit {
        RateLimit {
            burst,
            per_second,
            state: Mutex::new((burst, Instant::now())),
        }
    }

    /// How long the next request must wait, reserving its token.
    fn reserve(&self) -> Duration {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        let now = Instant::now();
        let (tokens, at) = *state;
        let tokens =
            (tokens + now.duration_since(at).as_secs_f64() * self.per_second).min(self.burst);
        *state = (tokens - 1.0, now);
        if tokens >= 1.0 {
            Duration::ZERO
        } else {
            Duration::from_secs_f64((1.0 - tokens) / self.per_second)
        }
    }

    /// Waits until a request may be sent.
    pub(crate) async fn acquire(&self) {
        let wait = self.reserve();
        if !wait.is_zero() {
            tokio::time::sleep(wait).await;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use astro_preflight_facts::actions::CLOUDFORMATION_LIST_RESOURCES;
    use astro_preflight_facts::registry::INVENTORY;

    #[test]
    fn the_burst_covers_the_first_page_of_every_type_in_the_home_region() {
        // The home region lists its own types and the global ones: each first page must cost
        // no wait, or the inventory's critical path grows by the wait.
        let through_cloud_control = INVENTORY
            .iter()
            .filter(|d| d.actions.first() == Some(&CLOUDFORMATION_LIST_RESOURCES))
            .count();
        assert!(
            CLOUD_CONTROL_BURST >= through_cloud_control as f64,
            "{through_cloud_control} types through Cloud Control, a burst of {CLOUD_CONTROL_BURST}"
        );
    }

    #[test]
    fn the_burst_is_free_then_requests_are_spaced() {
        let limit = RateLimit::new(3.0, 10.0);
        for _ in 0..3 {
            assert_eq!(limit.reserve(), Duration::ZERO);
        }
        // The 4th waits for one token (0.1 s), the 5th for two: each reservation is kept.
        let fourth = limit.reserve().as_secs_f64();
        let fifth = limit.reserve().as_secs_f64();
        assert!((0.09..=0.1).contains(&fourth), "{fourth}");
        assert!((0.19..=0.2).contains(&fifth), "{fifth}");
    }
}
