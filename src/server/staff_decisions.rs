//! `POST /staff/proposals/{id}/decision` (an agent approves or declines a pending plan proposal),
//! `POST /staff/proposals/{id}/counter` (answers it with a plan of the creditor's, which the engine
//! computes from the agent's number of installments or amount) and `POST /staff/disputes/{id}/decision`
//! (upholds or rejects an open dispute), `POST /staff/deferrals/{id}/decision` (grants or declines
//! a later pay-by date) and `POST /staff/reviews/{id}/answer` (answers a request for a person's
//! review), as plain form posts. The decision is checked (`PlanDecision` / `DisputeDecision::from_fields`) and stored with
//! the item's new state in one transaction; the answer goes back to the item's screen, which shows
//! the decision, or the first one when someone else was quicker.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Form;

use super::auth::{staff_from_headers, StaffAccess};
use super::http::AppState;
use super::sign_in::see_other;
use super::staff_work::{creditor_deferral, creditor_dispute, creditor_proposal, creditor_review};
use super::store::{Decided, StoreError};
use crate::domain::decision::{counter_choice, review_answer, DeferralDecision, DisputeDecision, Note, PlanDecision};
use crate::domain::policy::Outcome;
use crate::domain::proposal::PlanBasis;
use crate::error::{AppError, ErrorCode, PortalCode};

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

#[derive(serde::Deserialize)]
pub struct CounterForm {
    #[serde(default)]
    count: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    note: String,
}

pub async fn counter_proposal(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<CounterForm>,
) -> Response {
    let who = match signed_in_staff(&state, &headers).await {
        Ok(who) => who,
        Err(res) => return res,
    };
    let (proposal, rec) = match creditor_proposal(&state.store, &who, &id).await {
        Ok(found) => found,
        Err(e) => return super::error_page::respond(&headers, e),
    };
    let screen = format!("/staff/proposals/{}", proposal.id);
    let counter = async {
        let today = state.clock.today();
        // The debtor's first due date, unless it has passed meanwhile.
        let choice = counter_choice(&form.count, &form.amount, proposal.choice.first_due.max(today))?;
        let note = Note::new(&form.note)?;
        let (creditor, table, claim) = state.store.engine_inputs(&rec).await?;
        let basis = PlanBasis { claim: &claim, table: &table, policy: &creditor.policy, today };
        let counter = basis.propose(choice)?;
        if counter.verdict.outcome == Outcome::Rejected {
            return Err(AppError::new(PortalCode::CounterOutsidePolicy, "the creditor's rules refuse the counter"));
        }
        let fee = creditor.policy.terms().plan_fee;
        Ok::<_, AppError>(state.store.counter_proposal(&proposal, &who.staff_id, &counter, fee, &note).await)
    };
    match counter.await {
        Ok(result) => stored(&screen, result),
        Err(e) => back(&screen, &format!("error={}", e.code)),
    }
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

pub async fn decide_deferral(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<DecisionForm>,
) -> Response {
    let who = match signed_in_staff(&state, &headers).await {
        Ok(who) => who,
        Err(res) => return res,
    };
    let (deferral, _) = match creditor_deferral(&state.store, &who, &id).await {
        Ok(found) => found,
        Err(e) => return super::error_page::respond(&headers, e),
    };
    let screen = format!("/staff/deferrals/{}", deferral.id);
    let decision = match DeferralDecision::from_fields(&form.outcome, &form.note) {
        Ok(d) => d,
        Err(e) => return back(&screen, &format!("error={}", ErrorCode::Input(e))),
    };
    stored(&screen, state.store.decide_deferral(&deferral, &who.staff_id, &decision).await)
}

pub async fn answer_review(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<DecisionForm>,
) -> Response {
    let who = match signed_in_staff(&state, &headers).await {
        Ok(who) => who,
        Err(res) => return res,
    };
    let (review, claim) = match creditor_review(&state.store, &who, &id).await {
        Ok(found) => found,
        Err(e) => return super::error_page::respond(&headers, e),
    };
    let screen = format!("/staff/reviews/{}", review.id);
    let answer = match review_answer(&form.note) {
        Ok(a) => a,
        Err(e) => return back(&screen, &format!("error={}", ErrorCode::Input(e))),
    };
    stored(&screen, state.store.answer_review(&review, &claim.id, &who.staff_id, &answer).await)
}
