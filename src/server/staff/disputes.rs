//! Disputes: the screen (`/staff/disputes/{id}`: the claim's itemisation, the reason, everything
//! the debtor wrote and sent, the answer once given) and `POST /staff/disputes/{id}/decision`
//! (upholds or rejects an open dispute).

use crate::domain::ids::DisputeId;
use crate::server::path_id::PathId;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Form;

use super::decide::{decide_on, DecisionForm};
use super::scope::creditor_dispute;
use super::screen::item_frame;
use crate::domain::decision::DisputeDecision;
use crate::error::AppError;
use crate::server::auth::{Staff, StaffAccess};
use crate::server::clock::Clock;
use crate::server::disputes::dispute_view;
use crate::server::http::AppState;
use crate::server::store::{ClaimRecord, Decider, DisputeRecord, Store};
use crate::staff_data::DisputeReview;

/// The dispute screen: the claim's itemisation, the reason, everything the debtor wrote and sent,
/// and the answer once given.
pub async fn dispute_review(
    store: &Store,
    who: &StaffAccess,
    id: &DisputeId,
    clock: &Clock,
) -> Result<DisputeReview, AppError> {
    let (dispute, rec) = creditor_dispute(store, &who.creditor_id, id).await?;
    let f = item_frame(store, who, &rec, clock).await?;
    Ok(DisputeReview {
        header: f.header,
        dispute_id: dispute.id.clone(),
        claim: f.claim,
        statement: f.statement,
        dispute: dispute_view(store, dispute, f.creditor.country).await?,
        hardship: f.hardship,
        history: f.history,
    })
}

pub async fn decide_dispute(
    State(state): State<AppState>,
    Staff(who): Staff,
    PathId(id): PathId<DisputeId>,
    headers: HeaderMap,
    Form(form): Form<DecisionForm>,
) -> Response {
    let (st, screen) = (&state.store, ("/staff/disputes", id.as_str()));
    let find = async |who: &StaffAccess| creditor_dispute(st, &who.creditor_id, &id).await;
    let check = async |(_, claim): &(DisputeRecord, ClaimRecord)| {
        Ok(DisputeDecision::from_fields(&form.outcome, &form.amount, &form.note, claim.principal)?)
    };
    let store = async |who: &StaffAccess, (dispute, claim): &(DisputeRecord, ClaimRecord), decision| {
        st.decide_dispute(dispute, claim.principal, Decider::Staff(who.staff_id.as_str()), &decision).await
    };
    decide_on(&who, &headers, screen, find, check, store).await
}
