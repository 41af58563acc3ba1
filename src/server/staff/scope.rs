//! The creditor's items, and only theirs: every staff and API read and write of an item on a claim
//! goes through one of these. Each item is read with the creditor in the query's own condition
//! (`Store::creditors_*`), so another creditor's item is never loaded: "not found", exactly like one
//! that does not exist.

use crate::domain::ids::{ClaimId, CreditorId, DisputeId, ProposalId};
use crate::error::AppError;
use crate::server::store::{ClaimRecord, DeferralRecord, DisputeRecord, ProposalRecord, ReviewRequest, Store};

/// The claim, only when it is `creditor_id`'s: the one check behind every staff and API
/// read and write of an item on a claim.
pub async fn creditor_claim(
    store: &Store,
    creditor_id: &CreditorId,
    claim_id: &ClaimId,
) -> Result<ClaimRecord, AppError> {
    store.creditors_claim(creditor_id, claim_id).await?.ok_or_else(AppError::not_found)
}

/// A proposal and its claim, only when the claim is `creditor_id`'s.
pub async fn creditor_proposal(
    store: &Store,
    creditor_id: &CreditorId,
    id: &ProposalId,
) -> Result<(ProposalRecord, ClaimRecord), AppError> {
    let proposal = store.creditors_proposal(creditor_id, id).await?.ok_or_else(AppError::not_found)?;
    let claim = creditor_claim(store, creditor_id, &proposal.claim_id).await?;
    Ok((proposal, claim))
}

/// A dispute and its claim, only when the claim is `creditor_id`'s.
pub async fn creditor_dispute(
    store: &Store,
    creditor_id: &CreditorId,
    id: &DisputeId,
) -> Result<(DisputeRecord, ClaimRecord), AppError> {
    let dispute = store.creditors_dispute(creditor_id, id).await?.ok_or_else(AppError::not_found)?;
    let claim = creditor_claim(store, creditor_id, &dispute.claim_id).await?;
    Ok((dispute, claim))
}

/// A deferral request and its claim, only when the claim is `creditor_id`'s.
pub async fn creditor_deferral(
    store: &Store,
    creditor_id: &CreditorId,
    id: &str,
) -> Result<(DeferralRecord, ClaimRecord), AppError> {
    let deferral = store.creditors_deferral(creditor_id, id).await?.ok_or_else(AppError::not_found)?;
    let claim = creditor_claim(store, creditor_id, &deferral.claim_id).await?;
    Ok((deferral, claim))
}

/// A review request and the claim it is about, only when that claim is
/// `creditor_id`'s. A request about no claim is the portal operator's, not a creditor's.
pub async fn creditor_review(
    store: &Store,
    creditor_id: &CreditorId,
    id: &str,
) -> Result<(ReviewRequest, ClaimRecord), AppError> {
    let review = store.creditors_review_request(creditor_id, id).await?.ok_or_else(AppError::not_found)?;
    let claim_id = review.claim_id.as_ref().ok_or_else(AppError::not_found)?;
    let claim = creditor_claim(store, creditor_id, claim_id).await?;
    Ok((review, claim))
}
