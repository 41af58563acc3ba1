//! Installment plans for the debtor: what the plan page offers, and `POST /claims/{id}/plan` and
//! `POST /claims/{id}/plan/withdraw`, plain form posts so proposing works without JavaScript.
//!
//! Only the debtor's choices are read from a proposal (mode, number or amount, first due date) and
//! the digest of the schedule the page showed. The server recomputes the plan from the stored claim
//! with the same engine, judges it with the creditor's policy and stores its own result. When its
//! schedule is not the one the page showed (no JavaScript, a payment arrived, the day turned), it
//! shows its schedule to confirm instead of recording anything.

use axum::extract::State;
use axum::response::Response;
use axum::Form;
use chrono::NaiveDate;

use super::auth::{DebtorAccess, DebtorClaim};
use super::clock::Clock;
use super::debtor_claims::owned_file;
use super::decision_views::decision_view;
use super::http::AppState;
use super::redirect::see_other;
use super::store::{
    ActorKind, AuditAction, ClaimFile, ClaimRecord, CreditorRecord, DecisionRecord, NewProposal, ProposalRecord,
    ProposalState, Recorded, Store,
};
use crate::claim_data::ClaimPlan;
use crate::decision_data::ShownDecision;
use crate::domain::claim::Claim;
use crate::domain::decision::ItemKind;
use crate::domain::ids::ClaimId;
use crate::domain::interest::InterestKind;
use crate::domain::interest::RateTable;
use crate::domain::plan_progress::{plan_progress, rate_changes};
use crate::domain::policy::PolicyOutcome;
use crate::domain::proposal::{ChosenSize, PlanChoice, PlanInputs};
use crate::domain::reference::reference;
use crate::domain::statement::statement;
use crate::domain::{ClaimStatus, Country, DomainError, Money};
use crate::error::{AppError, ErrorCode, PortalCode};
use crate::plan_data::{Agreement, Arrears, NoPlan, OpenPlan, PlanPageData, PlanState};

/// What the claim offers as to plans today, from what the caller has read already.
pub fn plan_state(
    file: &ClaimFile,
    creditor: &CreditorRecord,
    table: &RateTable,
    total_outstanding: Money,
    today: NaiveDate,
) -> Result<ClaimPlan, AppError> {
    let rec = &file.record;
    let (open, latest) = match &file.proposal {
        Some(p) if p.is_open() => (Some(p), None),
        other => (None, other.as_ref()),
    };
    if let Some(open) = open {
        // A counter-proposal carries the agent's message, kept with the decision on the debtor's proposal.
        let from_creditor = open
            .answers
            .as_deref()
            .filter(|_| open.is_open_counter())
            .map(|answered| decision_on(file, answered).map(|d| d.note.clone()).unwrap_or_default());
        // The schedule was worked out when the proposal was made: `rates_published_later` it
        // could not know.
        let plan = open_plan(rec, creditor, (&file.claim, table), open.clone(), &file.rates_published_later, today)?;
        return Ok(ClaimPlan::Open(Box::new(OpenPlan { from_creditor, ..plan })));
    }
    if rec.status.is_disputed() {
        return Ok(ClaimPlan::NotOffered(NoPlan::Disputed));
    }
    if rec.status.is_contested() {
        return Ok(ClaimPlan::NotOffered(NoPlan::Contested));
    }
    if rec.status.is_settled() || !total_outstanding.is_positive() {
        return Ok(ClaimPlan::NotOffered(NoPlan::NothingToPay));
    }
    if let Some((ended_on, _)) = latest.and_then(|p| p.ended) {
        if !creditor.policy.terms().new_plan_after_lapse {
            return Ok(ClaimPlan::NotOffered(NoPlan::AfterLapse { ended_on }));
        }
    }
    Ok(ClaimPlan::Offered)
}

fn open_plan(
    rec: &ClaimRecord,
    creditor: &CreditorRecord,
    (claim, table): (&Claim, &RateTable),
    open: ProposalRecord,
    published_later: &[NaiveDate],
    today: NaiveDate,
) -> Result<OpenPlan, AppError> {
    let fault = |e: DomainError| AppError::stored_data(&format!("plan of claim {}", rec.id), e);
    let progress = plan_progress(claim, table, &open.installments, open.start_date, today).map_err(fault)?;
    let grace = creditor.policy.terms().arrears_grace_days;
    // A dispute pauses collection: no arrears are announced while the claim is disputed.
    let in_arrears =
        rec.status == ClaimStatus::PlanActive && progress.days_overdue(today).is_some_and(|days| days > grace);
    let arrears =
        in_arrears.then(|| Arrears { since: progress.overdue_since.unwrap_or(today), amount: progress.overdue });
    let last_due = open.installments.last().map_or(open.start_date, |i| i.due_date);
    let rate_changes = if open.state == ProposalState::Active && rec.interest.kind() == InterestKind::Statutory {
        // Only rates published after the plan was agreed: the schedule already knew the others.
        let mut changes = rate_changes(table, open.start_date, last_due);
        changes.retain(|c| published_later.contains(&c.from));
        changes
    } else {
        Vec::new()
    };
    Ok(OpenPlan {
        arrears,
        rate_changes,
        active: open.state == ProposalState::Active,
        choice: open.choice,
        start_date: open.start_date,
        plan_fee: open.plan_fee,
        installment_amount: open.installment_amount,
        start_total: open.start_total,
        total_amount: open.total_amount,
        total_interest: open.total_interest,
        reasons: open.reasons,
        terms: creditor.policy.terms().clone(),
        progress,
        installments: open.installments,
        reference: reference(creditor.reference_scheme, &rec.reference_base).map_err(fault)?,
        from_creditor: None,
    })
}

/// The creditor's decision on the claim's proposal `proposal_id`, among the claim's decisions.
fn decision_on<'f>(file: &'f ClaimFile, proposal_id: &str) -> Option<&'f DecisionRecord> {
    file.decisions.iter().find(|d| d.item_kind == ItemKind::PlanProposal && d.item_id == proposal_id)
}

/// The plan page's data, only for the debtor who owes the claim.
pub async fn plan_page_for_debtor(
    store: &Store,
    who: &DebtorAccess,
    claim_id: &ClaimId,
    clock: &Clock,
) -> Result<PlanPageData, AppError> {
    let file = owned_file(store, who, claim_id).await?;
    let (creditor, state) = current_state(store, &file, clock).await?;
    let rejected = match state {
        // No open proposal: the file's is the newest.
        PlanState::Offer(_) => last_rejection(&file, creditor.country),
        PlanState::NotOffered(_) | PlanState::Open(_) => None,
    };
    let rec = file.record;
    Ok(PlanPageData {
        claim_id: rec.id,
        concerns: rec.concerns,
        case_number: rec.case_number,
        currency: creditor.currency,
        status: rec.status,
        state,
        rejected,
    })
}

/// The creditor's decision on the claim's proposal `latest` (with no open one, the file's is the
/// newest), when that was a rejection.
fn last_rejection(file: &ClaimFile, country: Country) -> Option<ShownDecision> {
    let latest = file.proposal.as_ref().filter(|p| p.state == ProposalState::Declined)?;
    decision_on(file, latest.id.as_str()).map(|d| decision_view(d.clone(), country))
}

/// The plan side of the claim as of today in the claim's country.
async fn current_state(
    store: &Store,
    file: &ClaimFile,
    clock: &Clock,
) -> Result<(CreditorRecord, PlanState), AppError> {
    let rec = &file.record;
    let (creditor, table) = store.creditor_and_rates(rec).await?;
    let today = clock.today_in(creditor.country);
    let fault = |e: DomainError| AppError::stored_data(&format!("claim {}", rec.id), e);
    let total = statement(&file.claim, &table, today).map_err(fault)?.total_outstanding;
    let state = match plan_state(file, &creditor, &table, total, today)? {
        // Only this page takes the calculator's inputs, so only here are they put together.
        ClaimPlan::Offered => {
            let claim = file.claim.clone();
            PlanState::Offer(Box::new(PlanInputs { claim, table, policy: creditor.policy.clone(), today }))
        }
        ClaimPlan::NotOffered(why) => PlanState::NotOffered(why),
        ClaimPlan::Open(open) => PlanState::Open(open),
    };
    Ok((creditor, state))
}

/// The agreement of the claim's active plan, only for the debtor who owes the claim; a claim without
/// an active plan has none ("not found").
pub async fn agreement_for_debtor(
    store: &Store,
    who: &DebtorAccess,
    claim_id: &ClaimId,
    clock: &Clock,
) -> Result<Agreement, AppError> {
    let file = owned_file(store, who, claim_id).await?;
    let (creditor, state) = current_state(store, &file, clock).await?;
    let rec = file.record;
    let plan = match state {
        PlanState::Open(plan) if plan.active => *plan,
        _ => return Err(AppError::not_found()),
    };
    let debtor = store.debtor(&rec.debtor_id).await?.ok_or_else(AppError::internal)?;
    Ok(Agreement {
        claim_id: rec.id,
        creditor_name: creditor.name,
        creditor_org_number: creditor.org_number,
        debtor_name: debtor.name,
        concerns: rec.concerns,
        case_number: rec.case_number,
        currency: creditor.currency,
        bankgiro: creditor.bankgiro,
        account_number: creditor.account_number,
        plan,
    })
}

/// The plan form's fields, as text: each is checked by `PlanChoice::from_fields`.
#[derive(serde::Deserialize)]
pub struct PlanForm {
    #[serde(default)]
    mode: String,
    #[serde(default)]
    count: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    first_due: String,
    /// The digest of the schedule the page showed (`Plan::fingerprint`).
    #[serde(default)]
    shown: String,
}

/// The choice as the plan page's query string: only numbers, a date and a mode, so nothing to escape.
pub fn choice_query(choice: &PlanChoice) -> String {
    let size = match choice.size {
        ChosenSize::Installments { count } => format!("count={count}"),
        ChosenSize::Amount { amount } => format!("amount={amount}"),
    };
    format!("mode={}&{size}&first_due={}", choice.mode(), choice.first_due)
}

fn plan_page(claim_id: &ClaimId, query: &str) -> Response {
    let query = if query.is_empty() { String::new() } else { format!("?{query}") };
    see_other(&format!("/claims/{claim_id}/plan{query}#plan"), None)
}

fn plan_error(claim_id: &ClaimId, code: ErrorCode, choice: Option<&PlanChoice>) -> Response {
    let choice = choice.map(|c| format!("&{}", choice_query(c))).unwrap_or_default();
    plan_page(claim_id, &format!("error={code}{choice}"))
}

pub async fn propose_plan(
    State(state): State<AppState>,
    DebtorClaim { who, claim: rec }: DebtorClaim,
    Form(form): Form<PlanForm>,
) -> Response {
    match propose(&state, &who, &rec, &form).await {
        Ok(res) => res,
        Err(e) => plan_error(&rec.id, e.code, None),
    }
}

async fn propose(
    state: &AppState,
    who: &DebtorAccess,
    rec: &ClaimRecord,
    form: &PlanForm,
) -> Result<Response, AppError> {
    let choice = PlanChoice::from_fields(&form.mode, &form.count, &form.amount, &form.first_due)?;
    let file = owned_file(&state.store, who, &rec.id).await?;
    let (_, plan) = current_state(&state.store, &file, &state.clock).await?;
    let inputs = match plan {
        PlanState::Offer(inputs) => inputs,
        PlanState::NotOffered(NoPlan::Disputed) => {
            return Err(AppError::new(PortalCode::ClaimDisputed, "a disputed claim offers no plan"))
        }
        PlanState::NotOffered(NoPlan::Contested) => {
            return Err(AppError::new(PortalCode::ClaimContested, "a contested claim offers no plan"))
        }
        PlanState::NotOffered(NoPlan::NothingToPay) => {
            return Err(AppError::new(PortalCode::NothingToPay, "nothing is left to pay"))
        }
        PlanState::NotOffered(NoPlan::AfterLapse { .. }) => {
            return Err(AppError::new(
                PortalCode::NoPlanAfterLapse,
                "the creditor takes no new plan after a broken one",
            ))
        }
        // Sent before (a double click, a retry, another tab): the same choice is the same answer.
        PlanState::Open(open) if open.choice == choice => return Ok(plan_page(&rec.id, "sent=1")),
        PlanState::Open(_) => {
            return Err(AppError::new(PortalCode::PlanAlreadyOpen, "this claim already has a plan or a proposal"))
        }
    };
    let proposal = match inputs.basis().propose(choice) {
        Ok(p) => p,
        Err(e) => return Ok(plan_error(&rec.id, ErrorCode::Domain(e), Some(&choice))),
    };
    if proposal.plan.fingerprint() != form.shown {
        return Ok(plan_page(&rec.id, &format!("{}&review=1", choice_query(&choice))));
    }
    let (state_after, status_after) = match proposal.verdict.outcome {
        PolicyOutcome::AutoApproved => (ProposalState::Active, ClaimStatus::PlanActive),
        PolicyOutcome::NeedsReview => (ProposalState::Pending, ClaimStatus::PlanProposed),
        PolicyOutcome::Rejected => {
            let detail = serde_json::json!({ "choice": choice, "reasons": proposal.verdict.reasons });
            let debtor = Some(who.debtor_id.as_str());
            state
                .store
                .audit(ActorKind::Debtor, debtor, AuditAction::PlanRejected, Some(rec.id.as_str()), &detail)
                .await?;
            let code = ErrorCode::Portal(PortalCode::PlanRejected);
            return Ok(plan_error(&rec.id, code, Some(&choice)));
        }
    };
    let recorded = state
        .store
        .record_proposal(NewProposal {
            claim_id: &rec.id,
            debtor_id: &who.debtor_id,
            state: state_after,
            proposal: &proposal,
            plan_fee: proposal.plan_fee,
            status_before: rec.status,
            status_after,
        })
        .await?;
    match recorded {
        Recorded::Created(_) => Ok(plan_page(&rec.id, "sent=1")),
        // The same, when both were computed before either was stored.
        Recorded::AlreadyOpen(open) if open.choice == choice => Ok(plan_page(&rec.id, "sent=1")),
        Recorded::AlreadyOpen(_) => {
            Err(AppError::new(PortalCode::PlanAlreadyOpen, "this claim already has a plan or a proposal"))
        }
    }
}

pub async fn withdraw_plan(State(state): State<AppState>, DebtorClaim { who, claim: rec }: DebtorClaim) -> Response {
    match state.store.withdraw_proposal(&rec.id, &who.debtor_id).await {
        Ok(Some(_)) => plan_page(&rec.id, "withdrawn=1"),
        Ok(None) => plan_error(&rec.id, ErrorCode::Portal(PortalCode::NoPendingProposal), None),
        Err(e) => plan_error(&rec.id, AppError::from(e).code, None),
    }
}

/// The debtor accepts the creditor's counter-proposal: it is their plan from now on.
pub async fn accept_counter(state: State<AppState>, claim: DebtorClaim) -> Response {
    answer_counter(state, claim, true).await
}

/// The debtor declines the creditor's counter-proposal and may propose again.
pub async fn decline_counter(state: State<AppState>, claim: DebtorClaim) -> Response {
    answer_counter(state, claim, false).await
}

async fn answer_counter(
    State(state): State<AppState>,
    DebtorClaim { who, claim: rec }: DebtorClaim,
    accept: bool,
) -> Response {
    let done = if accept { "counter_accepted=1" } else { "counter_declined=1" };
    match state.store.answer_counter(&rec.id, &who.debtor_id, accept).await {
        Ok(Some(_)) => plan_page(&rec.id, done),
        Ok(None) => plan_error(&rec.id, ErrorCode::Portal(PortalCode::NoPendingProposal), None),
        Err(e) => plan_error(&rec.id, AppError::from(e).code, None),
    }
}
