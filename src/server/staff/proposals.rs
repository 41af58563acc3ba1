//! Plan proposals: the screen (`/staff/proposals/{id}`), `POST /staff/proposals/{id}/decision` (an
//! agent approves or declines a pending proposal) and `POST /staff/proposals/{id}/counter` (answers it
//! with a plan of the creditor's, which the engine computes from the agent's number of installments
//! or amount). Ending a plan is `plan_end`.

use crate::domain::ids::ProposalId;
use crate::server::path_id::PathId;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Form;

use super::decide::{decide_on, DecisionForm};
use super::scope::creditor_proposal;
use super::screen::item_frame;
use crate::domain::decision::{counter_choice, ItemKind, Note, PlanDecision};
use crate::domain::plan_progress::plan_progress;
use crate::domain::policy::PolicyOutcome;
use crate::domain::proposal::{PlanBasis, Proposal};
use crate::domain::{DomainError, Money};
use crate::error::{AppError, PortalCode};
use crate::server::auth::{Staff, StaffAccess};
use crate::server::clock::Clock;
use crate::server::decision_views::decision_view;
use crate::server::http::AppState;
use crate::server::store::{ClaimRecord, Decider, PlanEnd, ProposalRecord, ProposalState, Store};
use crate::staff_data::{CounterState, CounterSummary, PlanStanding, ProposalReview};

/// The plan-proposal screen: the claim's itemisation, the schedule, the policy's verdict, the
/// debtor's hardship statement where they shared it for this claim, and the decision once made.
pub async fn proposal_review(
    store: &Store,
    who: &StaffAccess,
    id: &ProposalId,
    clock: &Clock,
) -> Result<ProposalReview, AppError> {
    let (proposal, rec) = creditor_proposal(store, &who.creditor_id, id).await?;
    let f = item_frame(store, who, &rec, clock).await?;
    let creditor = f.creditor;
    let decision = store
        .decision_on(ItemKind::PlanProposal, proposal.id.as_str())
        .await?
        .map(|d| decision_view(d, creditor.country));
    let counter = store.counter_to(&proposal.id).await?.map(counter_summary);
    let waiting_for_debtor = proposal.is_open_counter();
    let standing = match (proposal.state, proposal.ended, proposal.arrears_since) {
        (ProposalState::Lapsed, Some((on, why)), _) => {
            Some(PlanStanding::Lapsed { on, by_agent: why == PlanEnd::Agent })
        }
        (ProposalState::Active, _, Some(since)) => {
            let (_, table, claim) = store.engine_inputs(&rec).await?;
            let fault = |e: DomainError| AppError::stored_data(&format!("plan {}", proposal.id), e);
            let today = clock.today_in(creditor.country);
            let progress =
                plan_progress(&claim, &table, &proposal.installments, proposal.start_date, today).map_err(fault)?;
            Some(PlanStanding::InArrears { since, overdue: progress.overdue })
        }
        (ProposalState::Active, _, None) => Some(PlanStanding::Kept),
        _ => None,
    };
    Ok(ProposalReview {
        // The claim is the staff member's creditor's (`creditor_proposal`), so this is their creditor.
        header: f.header,
        proposal_id: proposal.id,
        claim: f.claim,
        statement: f.statement,
        choice: proposal.choice,
        start_date: proposal.start_date,
        installment_amount: proposal.installment_amount,
        total_amount: proposal.total_amount,
        total_interest: proposal.total_interest,
        installments: proposal.installments,
        reasons: proposal.reasons,
        terms: creditor.policy.terms().clone(),
        hardship: f.hardship,
        pending: proposal.state == ProposalState::Pending && proposal.offered_by.is_none(),
        waiting_for_debtor,
        decision,
        counter,
        history: f.history,
        plan: standing,
    })
}

fn counter_summary(c: ProposalRecord) -> CounterSummary {
    CounterSummary {
        installments: c.installments.len(),
        installment_amount: c.installment_amount,
        first_due: c.choice.first_due,
        total_amount: c.total_amount,
        state: match c.state {
            ProposalState::Pending => CounterState::Waiting,
            // Accepted, whatever became of the plan since.
            ProposalState::Active | ProposalState::Lapsed => CounterState::Accepted,
            ProposalState::Declined => CounterState::Declined,
            ProposalState::Withdrawn => CounterState::Withdrawn,
        },
        id: c.id,
    }
}

pub async fn decide_proposal(
    State(state): State<AppState>,
    Staff(who): Staff,
    PathId(id): PathId<ProposalId>,
    headers: HeaderMap,
    Form(form): Form<DecisionForm>,
) -> Response {
    let (st, screen) = (&state.store, ("/staff/proposals", id.as_str()));
    let find = async |who: &StaffAccess| creditor_proposal(st, &who.creditor_id, &id).await;
    let check = async |_: &_| Ok(PlanDecision::from_fields(&form.outcome, &form.reason, &form.note)?);
    let store = async |who: &StaffAccess, (proposal, _): &(ProposalRecord, _), decision| {
        st.decide_proposal(proposal, Decider::Staff(who.staff_id.as_str()), &decision).await
    };
    decide_on(&who, &headers, screen, find, check, store).await
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
    Staff(who): Staff,
    PathId(id): PathId<ProposalId>,
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
    decide_on(&who, &headers, screen, find, check, store).await
}
