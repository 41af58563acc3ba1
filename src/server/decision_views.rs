//! Decisions as both sides read them: on the item's screen, on the debtor's pages and in the
//! claim's history.

use super::clock::Clock;
use super::store::{DecisionRecord, Store};
use crate::decision_data::ShownDecision;
use crate::domain::ids::ClaimId;
use crate::domain::Country;
use crate::error::AppError;

/// Times are the wall clock of `country`, the claim's.
pub fn decision_view(d: DecisionRecord, country: Country) -> ShownDecision {
    ShownDecision {
        kind: d.item_kind,
        outcome: d.outcome,
        reason: d.reason,
        note: d.note,
        amount: d.amount,
        decided_by: d.staff_name,
        decided_at: Clock::local_in(d.decided_at, country),
    }
}

/// Every decision on the claim, oldest first.
pub async fn claim_history(
    store: &Store,
    claim_id: &ClaimId,
    country: Country,
) -> Result<Vec<ShownDecision>, AppError> {
    Ok(store.decisions_on_claim(claim_id).await?.into_iter().map(|d| decision_view(d, country)).collect())
}
