//! Periodic clean-up: sessions that can no longer be used, throttle counters that hold nobody
//! back and API idempotency keys past their lifetime. Every node runs it; the deletes are idempotent, so several nodes doing it at once is harmless.

use std::time::Duration;

use super::http::AppState;
use super::store::StoreError;

pub const EVERY: Duration = Duration::from_secs(10 * 60);

/// One round; returns (sessions, counters, idempotency keys) removed.
pub async fn run_once(state: &AppState) -> Result<(u64, u64, u64), StoreError> {
    let now = state.clock.now();
    let sessions = state.sessions.purge_expired(now).await?;
    let counters = state.store.purge_throttle(now).await?;
    let keys = state.store.purge_idempotency_keys().await?;
    Ok((sessions, counters, keys))
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
