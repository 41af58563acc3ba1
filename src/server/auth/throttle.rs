//! The sign-in throttle's rules (README, "Security"). Three counters, each reserved atomically
//! before a code is checked (`store::sign_in_throttle`), so parallel guesses cannot slip past them:
//!
//! - **per client** (an IPv4 address or an IPv6 /64): at most [`CLIENT_LIMIT`] attempts in
//!   [`CLIENT_WINDOW_SECS`], whatever the case numbers. Every attempt counts, a right code too: were
//!   it given back, a client holding one letter of its own could alternate right and wrong codes
//!   for ever (security review, F3).
//! - **per case number and client**: [`FREE_TRIES`] wrong codes, then a delay before the next try
//!   that doubles with every further wrong code ([`case_delay_secs`]). Only the client that typed the
//!   wrong codes waits: a stranger's failures never keep the debtor with the letter out. A right code
//!   clears the count; it is forgotten [`CASE_SERIES_SECS`] after it began.
//! - **per account** (a case number, or a staff account), from all clients together: after
//!   [`ACCOUNT_LIMIT`] attempts in [`ACCOUNT_WINDOW_SECS`], only a client's *first* attempt on the
//!   account is let through, so guesses spread over many addresses slow to one per address a day,
//!   while whoever holds the letter (or the password) still gets in at the first try: strangers'
//!   guesses never lock its rightful holder out. A right code clears the count.

use crate::server::clock::Instant;

/// Attempts one client may make in [`CLIENT_WINDOW_SECS`].
pub const CLIENT_LIMIT: i64 = 20;
pub const CLIENT_WINDOW_SECS: i64 = 15 * 60;
/// Attempts on one account from all clients together before they all wait for the window's end.
pub const ACCOUNT_LIMIT: i64 = 50;
pub const ACCOUNT_WINDOW_SECS: i64 = 24 * 60 * 60;
/// Wrong codes for one case number from one client before the first wait.
pub const FREE_TRIES: i64 = 5;
/// The first wait, and the longest.
pub const FIRST_DELAY_SECS: i64 = 15 * 60;
pub const MAX_DELAY_SECS: i64 = 24 * 60 * 60;
/// A case number's count for one client starts over this long after its first attempt.
pub const CASE_SERIES_SECS: i64 = 24 * 60 * 60;

/// How long a client must wait after its `attempt`-th wrong code for one case number.
pub fn case_delay_secs(attempt: i64) -> i64 {
    if attempt < FREE_TRIES {
        return 0;
    }
    let doublings = u32::try_from(attempt - FREE_TRIES).unwrap_or(u32::MAX).min(20);
    FIRST_DELAY_SECS.saturating_mul(1 << doublings).min(MAX_DELAY_SECS)
}

/// The delays as one SQL `CASE` over `count` (the attempt number), so the database applies the same
/// rule inside the atomic reservation.
pub fn case_delay_sql(count: &str) -> String {
    let mut sql = format!("CASE WHEN {count} < {FREE_TRIES} THEN 0");
    let mut n = FREE_TRIES;
    while case_delay_secs(n) < MAX_DELAY_SECS {
        sql.push_str(&format!(" WHEN {count} = {n} THEN {}", case_delay_secs(n)));
        n += 1;
    }
    sql.push_str(&format!(" ELSE {MAX_DELAY_SECS} END"));
    sql
}

/// Whole minutes, rounded up: "1 minute" until the very last second.
pub fn minutes_until(until: Instant, now: Instant) -> i64 {
    ((until - now).max(1) + 59) / 60
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_wait_starts_after_five_wrong_codes_and_doubles() {
        let waits: Vec<i64> = (1..=13).map(case_delay_secs).collect();
        assert_eq!(waits[..4], [0, 0, 0, 0]);
        assert_eq!(waits[4..], [900, 1800, 3600, 7200, 14_400, 28_800, 57_600, 86_400, 86_400]);
        assert_eq!(case_delay_secs(i64::MAX), MAX_DELAY_SECS);
    }

    #[test]
    fn the_sql_case_says_the_same() {
        let sql = case_delay_sql("n");
        assert!(sql.starts_with("CASE WHEN n < 5 THEN 0 WHEN n = 5 THEN 900 WHEN n = 6 THEN 1800"), "{sql}");
        assert!(sql.ends_with("WHEN n = 11 THEN 57600 ELSE 86400 END"), "{sql}");
    }

    #[test]
    fn minutes_round_up() {
        let t = Instant::from_unix;
        assert_eq!(minutes_until(t(1000), t(1000 - 60)), 1);
        assert_eq!(minutes_until(t(1000), t(1000 - 61)), 2);
        assert_eq!(minutes_until(t(1000), t(999)), 1);
        assert_eq!(minutes_until(t(1000 + 900), t(1000)), 15);
    }
}
