//! Requests for a later pay-by date: the screen (`/staff/deferrals/{id}`) and
//! `POST /staff/deferrals/{id}/decision` (grants or declines it).

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Form;

use super::decide::{decide_on, DecisionForm};
use super::scope::creditor_deferral;
use super::screen::{claim_head, itemised, staff_header};
use crate::domain::decision::{DeferralDecision, ItemKind};
use crate::error::AppError;
use crate::server::auth::{Staff, StaffAccess};
use crate::server::clock::Clock;
use crate::server::decision_views::{claim_history, decision_view};
use crate::server::http::AppState;
use crate::server::store::{Decider, DeferralRecord, DeferralState, Store};
use crate::staff_data::DeferralReview;

pub async fn deferral_review(
    store: &Store,
    who: &StaffAccess,
    id: &str,
    clock: &Clock,
) -> Result<DeferralReview, AppError> {
    let (deferral, rec) = creditor_deferral(store, &who.creditor_id, id).await?;
    let (creditor, statement) = itemised(store, &rec, clock).await?;
    let debtor = store.debtor(&rec.debtor_id).await?.ok_or_else(AppError::internal)?;
    Ok(DeferralReview {
        header: staff_header(who, &creditor),
        deferral_id: deferral.id.clone(),
        claim: claim_head(store, &rec, debtor, &creditor).await?,
        statement,
        pay_by_before: deferral.pay_by_before,
        requested_date: deferral.requested_date,
        reasons: deferral.reasons,
        terms: creditor.policy.terms().clone(),
        pending: deferral.state == DeferralState::Pending,
        decision: store
            .decision_on(ItemKind::Deferral, &deferral.id)
            .await?
            .map(|d| decision_view(d, creditor.country)),
        history: claim_history(store, &rec.id, creditor.country).await?,
    })
}

pub async fn decide_deferral(
    State(state): State<AppState>,
    Staff(who): Staff,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<DecisionForm>,
) -> Response {
    let (st, screen) = (&state.store, ("/staff/deferrals", id.as_str()));
    let find = async |who: &StaffAccess| creditor_deferral(st, &who.creditor_id, &id).await;
    let check = async |_: &_| Ok(DeferralDecision::from_fields(&form.outcome, &form.note)?);
    let store = async |who: &StaffAccess, (deferral, _): &(DeferralRecord, _), decision| {
        st.decide_deferral(deferral, Decider::Staff(who.staff_id.as_str()), &decision).await
    };
    decide_on(&who, &headers, screen, find, check, store).await
}
