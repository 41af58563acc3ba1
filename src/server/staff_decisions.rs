//! `POST /staff/proposals/{id}/decision`: an agent approves or declines a pending plan proposal, as
//! a plain form post. The decision is checked (`PlanDecision::from_fields`) and stored with the
//! proposal's new state in one transaction (`Store::decide_proposal`); the answer goes back to the
//! proposal's screen, which shows the decision, or the first one when someone else was quicker.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Form;

use super::auth::{staff_from_headers, StaffAccess};
use super::http::AppState;
use super::sign_in::see_other;
use super::staff_work::creditor_proposal;
use super::store::Decided;
use crate::domain::decision::PlanDecision;
use crate::error::{ErrorCode, PortalCode};

#[derive(serde::Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    note: String,
}

/// The signed-in staff member; without a staff session, the way to sign in.
pub async fn signed_in_staff(state: &AppState, headers: &HeaderMap) -> Result<StaffAccess, Response> {
    match staff_from_headers(&state.store, &state.staff_sessions, headers, state.clock.now()).await {
        Ok(who) => Ok(who),
        Err(e) if e.is(PortalCode::Unauthenticated) => Err(see_other("/staff?error=unauthenticated#sign-in", None)),
        Err(e) => Err(super::error_page::respond(headers, e)),
    }
}

fn back(id: &str, query: &str) -> Response {
    see_other(&format!("/staff/proposals/{id}?{query}#decision"), None)
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
    let decision = match PlanDecision::from_fields(&form.outcome, &form.reason, &form.note) {
        Ok(d) => d,
        Err(e) => return back(&proposal.id, &format!("error={}", ErrorCode::Input(e))),
    };
    match state.store.decide_proposal(&proposal, &who.staff_id, &decision).await {
        Ok(Decided::Done(_)) => back(&proposal.id, "decided=1"),
        Ok(Decided::AlreadyDecided(_)) => back(&proposal.id, &format!("error={}", PortalCode::AlreadyDecided)),
        Ok(Decided::NotPending) => back(&proposal.id, &format!("error={}", PortalCode::NotPending)),
        Err(e) => {
            tracing::error!(error = %e, "could not store a decision");
            back(&proposal.id, &format!("error={}", PortalCode::Internal))
        }
    }
}
