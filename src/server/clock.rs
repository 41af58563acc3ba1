//! The one clock of the application. Every page, server function, sign-in, session and command asks
//! this for "now" and "today", so tests can fix the instant (and move it) and compare the pages with
//! the engine at exactly the instant the server used.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use chrono_tz::Tz;

use crate::domain::Country;

/// The zone whose calendar a claim of `country` is read in: the debtor's day, not the host's.
fn zone(country: Country) -> Tz {
    match country {
        Country::Se => chrono_tz::Europe::Stockholm,
        Country::No => chrono_tz::Europe::Oslo,
    }
}

#[derive(Clone, Debug, Default)]
pub struct Clock {
    /// `None`: the system's clock. `Some`: a fixed instant (Unix seconds), shared by every copy.
    fixed: Option<Arc<AtomicI64>>,
}

impl Clock {
    pub fn system() -> Self {
        Self { fixed: None }
    }

    /// Stands still at `unix_secs` until moved with [`Clock::advance`].
    pub fn fixed(unix_secs: i64) -> Self {
        Self { fixed: Some(Arc::new(AtomicI64::new(unix_secs))) }
    }

    /// Unix seconds now.
    pub fn now(&self) -> i64 {
        match &self.fixed {
            Some(at) => at.load(Ordering::SeqCst),
            None => Utc::now().timestamp(),
        }
    }

    /// The calendar day in `country` at this instant: the "as of" of everything a debtor of a claim
    /// there is shown, whatever zone the host runs in.
    pub fn today_in(&self, country: Country) -> NaiveDate {
        Self::local_in(self.now(), country).date()
    }

    /// An instant this clock stamped, as the wall-clock time in `country` (what a receipt shows).
    pub fn local_in(unix_secs: i64, country: Country) -> NaiveDateTime {
        DateTime::from_timestamp(unix_secs, 0).unwrap_or_default().with_timezone(&zone(country)).naive_local()
    }

    /// Moves a fixed clock on; a system clock cannot be moved and ignores this.
    pub fn advance(&self, secs: i64) {
        if let Some(at) = &self.fixed {
            at.fetch_add(secs, Ordering::SeqCst);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Clock;
    use crate::domain::Country;
    use chrono::NaiveDate;

    fn unix(rfc3339: &str) -> i64 {
        chrono::DateTime::parse_from_rfc3339(rfc3339).unwrap().timestamp()
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn half_an_hour_before_utc_midnight_it_is_already_tomorrow_in_winter() {
        // CET is UTC+1 on 28 March (summer time starts on the 29th at 01:00 UTC).
        let c = Clock::fixed(unix("2026-03-28T23:30:00Z"));
        assert_eq!(c.today_in(Country::Se), day("2026-03-29"));
        assert_eq!(c.today_in(Country::No), day("2026-03-29"));
        // One hour earlier it is still the 28th in both.
        c.advance(-3600);
        assert_eq!(c.today_in(Country::Se), day("2026-03-28"));
        assert_eq!(c.today_in(Country::No), day("2026-03-28"));
    }

    #[test]
    fn in_summer_the_day_turns_two_hours_before_utc() {
        let at = unix("2026-06-30T22:30:00Z");
        assert_eq!(chrono::DateTime::from_timestamp(at, 0).unwrap().date_naive(), day("2026-06-30"));
        let c = Clock::fixed(at);
        assert_eq!(c.today_in(Country::Se), day("2026-07-01"));
        assert_eq!(c.today_in(Country::No), day("2026-07-01"));
        assert_eq!(Clock::local_in(at, Country::Se).to_string(), "2026-07-01 00:30:00");
        assert_eq!(Clock::local_in(at, Country::No).to_string(), "2026-07-01 00:30:00");
        // 21:59:59 UTC is 23:59:59 CEST: still the 30th.
        c.advance(-(30 * 60 + 1));
        assert_eq!(c.today_in(Country::Se), day("2026-06-30"));
        assert_eq!(c.today_in(Country::No), day("2026-06-30"));
    }

    #[test]
    fn receipts_show_the_wall_clock_of_the_country_across_the_autumn_change() {
        // Summer time ends 25 October 2026 at 01:00 UTC: 00:30 UTC is 02:30 CEST, 01:30 UTC 02:30 CET.
        assert_eq!(Clock::local_in(unix("2026-10-25T00:30:00Z"), Country::Se).to_string(), "2026-10-25 02:30:00");
        assert_eq!(Clock::local_in(unix("2026-10-25T01:30:00Z"), Country::No).to_string(), "2026-10-25 02:30:00");
    }

    #[test]
    fn a_fixed_clock_is_shared_and_moves_only_when_told() {
        let c = Clock::fixed(1_700_000_000);
        let copy = c.clone();
        assert_eq!(copy.now(), 1_700_000_000);
        c.advance(60);
        assert_eq!(copy.now(), 1_700_000_060);
        let real = Clock::system();
        assert!((real.now() - chrono::Utc::now().timestamp()).abs() < 5);
    }
}
