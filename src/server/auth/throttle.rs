//! "5 failures within 15 minutes lock sign-in for 15 minutes", per case number and per client address.

/// Failures that lock.
pub const FAILURE_LIMIT: usize = 5;
/// The window the failures must fall in, and how long the lock then lasts.
pub const LOCK_SECS: i64 = 15 * 60;

/// Until when sign-in is locked, given the times of the recent failures for one key (any order).
/// Locked when some `FAILURE_LIMIT` consecutive failures lie within `LOCK_SECS`; the lock runs for
/// `LOCK_SECS` after the last of them. Attempts during a lock are not counted, so it cannot be extended
/// forever by someone hammering the form, and it ends when it says it will.
pub fn locked_until(mut failures: Vec<i64>, now: i64) -> Option<i64> {
    failures.sort_unstable();
    failures
        .windows(FAILURE_LIMIT)
        .filter(|w| w[FAILURE_LIMIT - 1] - w[0] <= LOCK_SECS)
        .map(|w| w[FAILURE_LIMIT - 1] + LOCK_SECS)
        .filter(|&until| until > now)
        .max()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn four_failures_do_not_lock_five_do() {
        let now = 10_000;
        assert_eq!(locked_until(vec![now - 40, now - 30, now - 20, now - 10], now), None);
        assert_eq!(locked_until(vec![now - 40, now - 30, now - 20, now - 10, now], now + 1), Some(now + LOCK_SECS));
    }

    #[test]
    fn the_lock_ends_fifteen_minutes_after_the_fifth_failure() {
        let t = vec![0, 60, 120, 180, 240];
        assert_eq!(locked_until(t.clone(), 240 + LOCK_SECS - 1), Some(240 + LOCK_SECS));
        assert_eq!(locked_until(t, 240 + LOCK_SECS), None);
    }

    #[test]
    fn failures_spread_over_more_than_the_window_do_not_lock() {
        let t = vec![0, 300, 600, 900, 901];
        assert_eq!(locked_until(t, 1000), None);
        let t = vec![0, 300, 600, 900, 900];
        assert_eq!(locked_until(t, 1000), Some(900 + LOCK_SECS));
    }
}
