//! Requests for a later pay-by date: the screen (`/staff/deferrals/{id}`) and
//! `POST /staff/deferrals/{id}/decision` (grants or declines it).

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Form;

use super::decide::{decide_on, DecisionForm};
use super::scope::creditor_deferral;
use super::screen::item_frame;
use crate::domain::decision::{DeferralDecision, ItemKind};
use crate::error::AppError;
use crate::server::auth::{Staff, StaffAccess};
use crate::server::clock::Clock;
use crate::server::decision_views::decision_view;
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
    let f = item_frame(store, who, &rec, clock).await?;
    let creditor = f.creditor;
    Ok(DeferralReview {
        header: f.header,
        deferral_id: deferral.id.clone(),
        claim: f.claim,
        statement: f.statement,
        pay_by_before: deferral.pay_by_before,
        requested_date: deferral.requested_date,
        reasons: deferral.reasons,
        terms: creditor.policy.terms().clone(),
        pending: deferral.state == DeferralState::Pending,
        decision: store
            .decision_on(ItemKind::Deferral, &deferral.id)
            .await?
            .map(|d| decision_view(d, creditor.country)),
        hardship: f.hardship,
        history: f.history,
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
