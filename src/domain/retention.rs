//! How long what a debtor sends is kept: one source for the texts that promise it (the hardship
//! consent, the dispute page) and for the job that deletes it (`server::retention`).
//!
//! Periods run in whole calendar years from a day in the claim's country: what was given on
//! 2026-11-23 and is kept three years is deleted on 2029-11-23, not the day before. A period that
//! starts on 29 February ends on 28 February.

use chrono::{Months, NaiveDate};

/// A hardship statement, with its documents, is kept while the claims it concerns are open and at
/// most this many years from the day consent was given (the consent text says so).
pub const HARDSHIP_MAX_YEARS: u32 = 3;

/// Dispute evidence (the documents sent with a dispute) is kept until the creditor has answered and
/// then this many years: the time a creditor has to take a consumer claim to court or to
/// Kronofogden or the forliksråd (three years' limitation in both countries: preskriptionslagen 2 §
/// for consumer claims, foreldelsesloven § 2), so the evidence exists while the dispute can go on.
pub const DISPUTE_EVIDENCE_YEARS: u32 = 3;

/// The first day on which something kept `years` from `start` is no longer kept.
pub fn retention_ends(start: NaiveDate, years: u32) -> NaiveDate {
    start.checked_add_months(Months::new(years.saturating_mul(12))).unwrap_or(NaiveDate::MAX)
}

/// Why a hardship statement's time is up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HardshipEnd {
    /// Every claim it concerns is paid or closed: there is nothing left to assess it for.
    ClaimsSettled,
    /// The longest period the consent allows has passed.
    PeriodEnded,
}

impl HardshipEnd {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::ClaimsSettled => "claims_settled",
            Self::PeriodEnded => "period_ended",
        }
    }
}

/// Whether a statement given on `consent_day` is to be deleted `today` (both days in the claims'
/// country), and why. A statement whose claims are all settled goes at once.
pub fn hardship_ends(consent_day: NaiveDate, all_claims_settled: bool, today: NaiveDate) -> Option<HardshipEnd> {
    if today >= retention_ends(consent_day, HARDSHIP_MAX_YEARS) {
        Some(HardshipEnd::PeriodEnded)
    } else if all_claims_settled {
        Some(HardshipEnd::ClaimsSettled)
    } else {
        None
    }
}

/// Whether the evidence of a dispute the creditor answered on `decided_day` is to be deleted `today`.
pub fn dispute_evidence_ends(decided_day: NaiveDate, today: NaiveDate) -> bool {
    today >= retention_ends(decided_day, DISPUTE_EVIDENCE_YEARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn three_years_end_on_the_same_calendar_day() {
        assert_eq!(retention_ends(day("2026-11-23"), 3), day("2029-11-23"));
        assert_eq!(retention_ends(day("2028-02-29"), 3), day("2031-02-28"));
        assert_eq!(retention_ends(day("2028-02-29"), 4), day("2032-02-29"));
    }

    #[test]
    fn a_statement_goes_on_the_day_its_period_ends_and_not_the_day_before() {
        let given = day("2026-11-23");
        assert_eq!(hardship_ends(given, false, day("2029-11-22")), None);
        assert_eq!(hardship_ends(given, false, day("2029-11-23")), Some(HardshipEnd::PeriodEnded));
        assert_eq!(hardship_ends(given, true, day("2026-11-24")), Some(HardshipEnd::ClaimsSettled));
        assert_eq!(hardship_ends(given, true, day("2029-11-23")), Some(HardshipEnd::PeriodEnded));
    }

    #[test]
    fn evidence_goes_three_years_after_the_answer() {
        let answered = day("2026-12-01");
        assert!(!dispute_evidence_ends(answered, day("2029-11-30")));
        assert!(dispute_evidence_ends(answered, day("2029-12-01")));
    }
}
