//! Kept no longer than promised: deletes what the debtor sent once the retention the texts state
//! has run out (`domain::retention` holds the periods; the consent and the dispute page quote them),
//! and purges ended sessions and old idempotency records. Called by the daily job, by housekeeping
//! and by `debtor-portal retention run`.
//!
//! Idempotent: each deletion is its own transaction whose DELETE decides, and is audited only when
//! it removed something, so a second run, or two processes at once, delete and audit nothing more.

use super::auth::purge_ended_sessions;
use super::clock::Clock;
use super::store::{Store, StoreError};
use crate::domain::retention::{
    dispute_evidence_ends, hardship_ends, retention_ends, HardshipEnd, DISPUTE_EVIDENCE_YEARS, HARDSHIP_MAX_YEARS,
};
use crate::server::clock::Instant;

/// What one run deleted.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct RetentionReport {
    pub hardships: u64,
    pub hardship_documents: u64,
    /// Decided disputes whose documents were deleted, and how many documents.
    pub disputes: u64,
    pub dispute_documents: u64,
    pub sessions: u64,
    pub idempotency_records: u64,
}

/// A period in whole years is never shorter than this many days (three years hold at least 1,095),
/// less a day for the zone: disputes answered later cannot be due yet and are not even read.
fn surely_not_due_after(years: u32) -> i64 {
    (i64::from(years) * 365 - 1) * 24 * 60 * 60
}

pub async fn run(store: &Store, now: Instant) -> Result<RetentionReport, StoreError> {
    let mut report = RetentionReport::default();

    for h in store.kept_hardships().await? {
        let country = h.currency.country();
        let today = Clock::local_in(now, country).date();
        let given = Clock::local_in(h.consent_at, country).date();
        let settled = h.claim_statuses.iter().all(|s| s.is_settled());
        let Some(why) = hardship_ends(given, settled, today) else { continue };
        let ended_on = match why {
            HardshipEnd::PeriodEnded => retention_ends(given, HARDSHIP_MAX_YEARS),
            HardshipEnd::ClaimsSettled => today,
        };
        if let Some(gone) = store.delete_hardship_at_end(&h, why.as_str(), ended_on, now).await? {
            report.hardships += 1;
            report.hardship_documents += gone.documents.len() as u64;
        }
    }

    for e in store.kept_dispute_evidence(now - surely_not_due_after(DISPUTE_EVIDENCE_YEARS)).await? {
        let today = Clock::local_in(now, e.country).date();
        let decided = Clock::local_in(e.decided_at, e.country).date();
        if !dispute_evidence_ends(decided, today) {
            continue;
        }
        let ended_on = retention_ends(decided, DISPUTE_EVIDENCE_YEARS);
        if let Some(gone) = store.delete_dispute_evidence(&e, ended_on, now).await? {
            report.disputes += 1;
            report.dispute_documents += gone.documents.len() as u64;
        }
    }

    report.sessions = purge_ended_sessions(store, now).await?;
    report.idempotency_records = store.purge_idempotency_keys(now).await?;
    Ok(report)
}
