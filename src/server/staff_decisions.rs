//! `POST /staff/proposals/{id}/decision` (an agent approves or declines a pending plan proposal)
//! and `POST /staff/disputes/{id}/decision` (upholds or rejects an open dispute), as plain form
//! posts. The decision is checked (`PlanDecision` / `DisputeDecision::from_fields`) and stored with
//! the item's new state in one transaction; the answer goes back to the item's screen, which shows
//! the decision, or the first one when someone else was quicker.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Form;

use super::auth::{staff_from_headers, StaffAccess};
use super::http::AppState;
use super::sign_in::see_other;
use super::staff_work::{creditor_dispute, creditor_proposal};
use super::store::{Decided, StoreError};
use crate::domain::decision::{DisputeDecision, PlanDecision};
use crate::error::{ErrorCode, PortalCode};

#[derive(serde::Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    note: String,
    /// A reduced claim's new principal.
    #[serde(default)]
    amount: String,
}

/// The signed-in staff member; without a staff session, the way to sign in.
pub async fn signed_in_staff(state: &AppState, headers: &HeaderMap) -> Result<StaffAccess, Response> {
    match staff_from_headers(&state.store, &state.staff_sessions, headers, state.clock.now()).await {
        Ok(who) => Ok(who),
        Err(e) if e.is(PortalCode::Unauthenticated) => Err(see_other("/staff?error=unauthenticated#sign-in", None)),
        Err(e) => Err(super::error_page::respond(headers, e)),
    }
}

/// Back to the item's screen (`/staff/proposals/{id}`, `/staff/disputes/{id}`) with what came of it.
fn back(screen: &str, query: &str) -> Response {
    see_other(&format!("{screen}?{query}#decision"), None)
}

fn stored(screen: &str, result: Result<Decided, StoreError>) -> Response {
    match result {
        Ok(Decided::Done(_)) => back(screen, "decided=1"),
        Ok(Decided::AlreadyDecided(_)) => back(screen, &format!("error={}", PortalCode::AlreadyDecided)),
        Ok(Decided::NotPending) => back(screen, &format!("error={}", PortalCode::NotPending)),
        Err(e) => {
            tracing::error!(error = %e, "could not store a decision");
            back(screen, &format!("error={}", PortalCode::Internal))
        }
    }
}

pub async fn decide_proposal(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<DecisionForm>,
) -> Response {
    let who = match signed_in_staff(&state, &headers).await {
        Ok(who) => who,
        Err(res) => return res,
    };
    let proposal = match creditor_proposal(&state.store, &who, &id).await {
        Ok((proposal, _)) => proposal,
        Err(e) => return super::error_page::respond(&headers, e),
    };
    let screen = format!("/staff/proposals/{}", proposal.id);
    let decision = match PlanDecision::from_fields(&form.outcome, &form.reason, &form.note) {
        Ok(d) => d,
        Err(e) => return back(&screen, &format!("error={}", ErrorCode::Input(e))),
    };
    stored(&screen, state.store.decide_proposal(&proposal, &who.staff_id, &decision).await)
}

pub async fn decide_dispute(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<DecisionForm>,
) -> Response {
    let who = match signed_in_staff(&state, &headers).await {
        Ok(who) => who,
        Err(res) => return res,
    };
    let (dispute, claim) = match creditor_dispute(&state.store, &who, &id).await {
        Ok(found) => found,
        Err(e) => return super::error_page::respond(&headers, e),
    };
    let screen = format!("/staff/disputes/{}", dispute.id);
    let decision = match DisputeDecision::from_fields(&form.outcome, &form.amount, &form.note, claim.principal) {
        Ok(d) => d,
        Err(e) => return back(&screen, &format!("error={}", ErrorCode::Input(e))),
    };
    stored(&screen, state.store.decide_dispute(&dispute, claim.principal, &who.staff_id, &decision).await)
}
