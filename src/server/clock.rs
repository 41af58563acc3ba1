//! The one clock of the application. Every page, server function, sign-in, session and command asks
//! this for "now" and "today", so tests can fix the instant (and move it) and compare the pages with
//! the engine at exactly the instant the server used.

use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime};

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
            None => Local::now().timestamp(),
        }
    }

    /// The calendar day here at this instant: the "as of" of everything a debtor is shown.
    pub fn today(&self) -> NaiveDate {
        DateTime::from_timestamp(self.now(), 0)
            .map(|t| t.with_timezone(&Local).date_naive())
            .unwrap_or_else(|| Local::now().date_naive())
    }

    /// An instant this clock stamped, as the time of day here (what a receipt shows).
    pub fn local(unix_secs: i64) -> NaiveDateTime {
        DateTime::from_timestamp(unix_secs, 0).unwrap_or_default().with_timezone(&Local).naive_local()
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
