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
use super::staff_work::{admin_only, creditor_deferral, creditor_dispute, creditor_proposal, creditor_review};
use super::store::{
    ClaimRecord, Decided, Decider, DeferralRecord, DisputeRecord, ProposalRecord, ReviewRequest, StoreError,
};
use crate::domain::decision::{counter_choice, review_answer, DeferralDecision, DisputeDecision, Note, PlanDecision};
use crate::domain::policy::PolicyOutcome;
use crate::domain::proposal::{PlanBasis, Proposal};
use crate::domain::Money;
use crate::error::{AppError, PortalCode};

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

/// The signed-in administrator; an agent is refused (403), no session is sent to sign in.
pub async fn signed_in_admin(state: &AppState, headers: &HeaderMap) -> Result<StaffAccess, Response> {
    let who = signed_in_staff(state, headers).await?;
    admin_only(&who).map_err(|e| super::error_page::respond(headers, e))?;
    Ok(who)
}

/// Back to the item's screen (`/staff/proposals/{id}`, `/staff/disputes/{id}`) with what came of it.
fn back(screen: &str, query: &str) -> Response {
    see_other(&format!("{screen}?{query}#decision"), None)
}

/// What every decision post does: the signed-in staff member, the item (only when its claim is
/// their creditor's), the form checked by `check` (a refusal goes back to the screen with its code,
/// nothing stored), `store`, and back to the item's screen (`{screen}/{id}`) with what came of it.
async fn decide_on<Item, D>(
    state: &AppState,
    headers: &HeaderMap,
    (screen, id): (&str, &str),
    find: impl AsyncFnOnce(&StaffAccess) -> Result<Item, AppError>,
    check: impl AsyncFnOnce(&Item) -> Result<D, AppError>,
    store: impl AsyncFnOnce(&StaffAccess, &Item, D) -> Result<Decided, StoreError>,
) -> Response {
    let who = match signed_in_staff(state, headers).await {
        Ok(who) => who,
        Err(res) => return res,
    };
    let item = match find(&who).await {
        Ok(item) => item,
        Err(e) => return super::error_page::respond(headers, e),
    };
    let screen = format!("{screen}/{id}");
    match check(&item).await {
        Ok(decision) => stored(&screen, store(&who, &item, decision).await),
        Err(e) => back(&screen, &format!("error={}", e.code)),
    }
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
    let (st, screen) = (&state.store, ("/staff/proposals", id.as_str()));
    let find = async |who: &StaffAccess| creditor_proposal(st, &who.creditor_id, &id).await;
    let check = async |_: &_| Ok(PlanDecision::from_fields(&form.outcome, &form.reason, &form.note)?);
    let store = async |who: &StaffAccess, (proposal, _): &(ProposalRecord, _), decision| {
        st.decide_proposal(proposal, Decider::Staff(&who.staff_id), &decision).await
    };
    decide_on(&state, &headers, screen, find, check, store).await
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

/// The engine's plan for the agent's counter, judged by the creditor's rules.
struct Counter {
    plan: Proposal,
    fee: Money,
    note: Note,
}

pub async fn counter_proposal(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<CounterForm>,
) -> Response {
    let (st, screen) = (&state.store, ("/staff/proposals", id.as_str()));
    let find = async |who: &StaffAccess| creditor_proposal(st, &who.creditor_id, &id).await;
    let check = async |(proposal, rec): &(ProposalRecord, ClaimRecord)| {
        let (creditor, table, claim) = st.engine_inputs(rec).await?;
        let today = state.clock.today_in(creditor.country);
        // The debtor's first due date, unless it has passed meanwhile.
        let choice = counter_choice(&form.count, &form.amount, proposal.choice.first_due.max(today))?;
        let note = Note::new(&form.note)?;
        let basis = PlanBasis { claim: &claim, table: &table, policy: &creditor.policy, today };
        let plan = basis.propose(choice)?;
        if plan.verdict.outcome == PolicyOutcome::Rejected {
            return Err(AppError::new(PortalCode::CounterOutsidePolicy, "the creditor's rules refuse the counter"));
        }
        Ok(Counter { fee: plan.plan_fee, plan, note })
    };
    let store = async |who: &StaffAccess, (proposal, _): &(ProposalRecord, _), c: Counter| {
        st.counter_proposal(proposal, &who.staff_id, &c.plan, c.fee, &c.note).await
    };
    decide_on(&state, &headers, screen, find, check, store).await
}

pub async fn decide_dispute(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<DecisionForm>,
) -> Response {
    let (st, screen) = (&state.store, ("/staff/disputes", id.as_str()));
    let find = async |who: &StaffAccess| creditor_dispute(st, &who.creditor_id, &id).await;
    let check = async |(_, claim): &(DisputeRecord, ClaimRecord)| {
        Ok(DisputeDecision::from_fields(&form.outcome, &form.amount, &form.note, claim.principal)?)
    };
    let store = async |who: &StaffAccess, (dispute, claim): &(DisputeRecord, ClaimRecord), decision| {
        st.decide_dispute(dispute, claim.principal, Decider::Staff(&who.staff_id), &decision).await
    };
    decide_on(&state, &headers, screen, find, check, store).await
}

pub async fn decide_deferral(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<DecisionForm>,
) -> Response {
    let (st, screen) = (&state.store, ("/staff/deferrals", id.as_str()));
    let find = async |who: &StaffAccess| creditor_deferral(st, &who.creditor_id, &id).await;
    let check = async |_: &_| Ok(DeferralDecision::from_fields(&form.outcome, &form.note)?);
    let store = async |who: &StaffAccess, (deferral, _): &(DeferralRecord, _), decision| {
        st.decide_deferral(deferral, Decider::Staff(&who.staff_id), &decision).await
    };
    decide_on(&state, &headers, screen, find, check, store).await
}

pub async fn answer_review(
    State(state): State<AppState>,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<DecisionForm>,
) -> Response {
    let (st, screen) = (&state.store, ("/staff/reviews", id.as_str()));
    let find = async |who: &StaffAccess| creditor_review(st, &who.creditor_id, &id).await;
    let check = async |_: &_| Ok(review_answer(&form.note)?);
    let store = async |who: &StaffAccess, (review, claim): &(ReviewRequest, ClaimRecord), answer| {
        st.answer_review(review, &claim.id, Decider::Staff(&who.staff_id), &answer).await
    };
    decide_on(&state, &headers, screen, find, check, store).await
}
