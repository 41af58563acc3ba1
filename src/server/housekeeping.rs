//! Periodic clean-up: throttle counters that hold nobody back, and the retention run (sessions that
//! can no longer be used, API idempotency keys past their lifetime, and what the debtor sent once its
//! stated retention has run out). Every node runs it; the deletes are idempotent, so several nodes
//! doing it at once is harmless.

use std::time::Duration;

use super::http::AppState;
use super::store::StoreError;

pub const EVERY: Duration = Duration::from_secs(10 * 60);

/// One round; returns (sessions, counters, idempotency keys) removed.
pub async fn run_once(state: &AppState) -> Result<(u64, u64, u64), StoreError> {
    let now = state.clock.now();
    let counters = state.store.purge_throttle(now).await?;
    // Retention is counted in days; running it every round costs two small reads when nothing is due.
    let kept = super::retention::run(&state.store, now).await?;
    Ok((kept.sessions, counters, kept.idempotency_records))
}

/// Runs until the process ends.
pub async fn run(state: AppState) {
    let mut tick = tokio::time::interval(EVERY);
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tick.tick().await;
        match run_once(&state).await {
            Ok((sessions, counters, keys)) => tracing::debug!(sessions, counters, keys, "housekeeping"),
            Err(e) => tracing::warn!(error = %e, "housekeeping failed; trying again later"),
        }
    }
}
