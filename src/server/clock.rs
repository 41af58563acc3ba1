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

/// A moment the clock stamped: whole seconds since the Unix epoch, UTC. What a row records (when a
/// session started, a decision was made, a code expires); a calendar day is [`Clock::today_in`]'s.
/// The difference of two is seconds (`i64`), and an instant plus seconds is an instant, so a
/// timeout reads `now - started >= LIMIT` and a deadline `now + TTL`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant(i64);

impl Instant {
    pub const fn from_unix(secs: i64) -> Self {
        Self(secs)
    }

    pub const fn unix(self) -> i64 {
        self.0
    }

    /// The instant in UTC (the API's and the export's `…Z` times).
    pub fn utc(self) -> DateTime<Utc> {
        DateTime::from_timestamp(self.0, 0).unwrap_or_default()
    }
}

impl std::ops::Sub for Instant {
    type Output = i64;
    fn sub(self, earlier: Instant) -> i64 {
        self.0 - earlier.0
    }
}

impl std::ops::Add<i64> for Instant {
    type Output = Instant;
    fn add(self, secs: i64) -> Instant {
        Instant(self.0 + secs)
    }
}

impl std::ops::Sub<i64> for Instant {
    type Output = Instant;
    fn sub(self, secs: i64) -> Instant {
        Instant(self.0 - secs)
    }
}

impl std::fmt::Display for Instant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)
    }
}

impl serde::Serialize for Instant {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i64(self.0)
    }
}

// Stored as a BIGINT of seconds by both databases.
impl sqlx::Type<sqlx::Any> for Instant {
    fn type_info() -> sqlx::any::AnyTypeInfo {
        <i64 as sqlx::Type<sqlx::Any>>::type_info()
    }

    fn compatible(ty: &sqlx::any::AnyTypeInfo) -> bool {
        <i64 as sqlx::Type<sqlx::Any>>::compatible(ty)
    }
}

impl<'q> sqlx::Encode<'q, sqlx::Any> for Instant {
    fn encode_by_ref(
        &self,
        buf: &mut <sqlx::Any as sqlx::Database>::ArgumentBuffer<'q>,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        <i64 as sqlx::Encode<'q, sqlx::Any>>::encode_by_ref(&self.0, buf)
    }
}

impl<'r> sqlx::Decode<'r, sqlx::Any> for Instant {
    fn decode(value: sqlx::any::AnyValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        <i64 as sqlx::Decode<'r, sqlx::Any>>::decode(value).map(Instant)
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

    pub fn now(&self) -> Instant {
        Instant(match &self.fixed {
            Some(at) => at.load(Ordering::SeqCst),
            None => Utc::now().timestamp(),
        })
    }

    /// The calendar day in `country` at this instant: the "as of" of everything a debtor of a claim
    /// there is shown, whatever zone the host runs in.
    pub fn today_in(&self, country: Country) -> NaiveDate {
        Self::local_in(self.now(), country).date()
    }

    /// An instant this clock stamped, as the wall-clock time in `country` (what a receipt shows).
    pub fn local_in(at: Instant, country: Country) -> NaiveDateTime {
        at.utc().with_timezone(&zone(country)).naive_local()
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
    use super::{Clock, Instant};
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
        assert_eq!(Clock::local_in(Instant::from_unix(at), Country::Se).to_string(), "2026-07-01 00:30:00");
        assert_eq!(Clock::local_in(Instant::from_unix(at), Country::No).to_string(), "2026-07-01 00:30:00");
        // 21:59:59 UTC is 23:59:59 CEST: still the 30th.
        c.advance(-(30 * 60 + 1));
        assert_eq!(c.today_in(Country::Se), day("2026-06-30"));
        assert_eq!(c.today_in(Country::No), day("2026-06-30"));
    }

    #[test]
    fn receipts_show_the_wall_clock_of_the_country_across_the_autumn_change() {
        // Summer time ends 25 October 2026 at 01:00 UTC: 00:30 UTC is 02:30 CEST, 01:30 UTC 02:30 CET.
        assert_eq!(
            Clock::local_in(Instant::from_unix(unix("2026-10-25T00:30:00Z")), Country::Se).to_string(),
            "2026-10-25 02:30:00"
        );
        assert_eq!(
            Clock::local_in(Instant::from_unix(unix("2026-10-25T01:30:00Z")), Country::No).to_string(),
            "2026-10-25 02:30:00"
        );
    }

    #[test]
    fn a_fixed_clock_is_shared_and_moves_only_when_told() {
        let c = Clock::fixed(1_700_000_000);
        let copy = c.clone();
        assert_eq!(copy.now().unix(), 1_700_000_000);
        c.advance(60);
        assert_eq!(copy.now().unix(), 1_700_000_060);
        let real = Clock::system();
        assert!((real.now().unix() - chrono::Utc::now().timestamp()).abs() < 5);
    }
}
