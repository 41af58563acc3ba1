//! What creditor staff read: the work queue and the plan-proposal screen, built from storage and
//! the engine. Every read goes through the staff member's creditor: an item of another creditor's
//! claim is "not found", exactly like one that does not exist.

use super::auth::StaffAccess;
use super::clock::Clock;
use super::decision_views::{claim_history, decision_view};
use super::disputes::dispute_view;
use super::my_data::automatic_decisions;
use super::store::{
    ActorKind, ClaimRecord, CreditorRecord, DebtorRecord, DeferralRecord, DeferralState, DisputeRecord, PlanEnd,
    ProposalRecord, ProposalState, ReviewRequest, ReviewState, StaffRole, Store,
};
use crate::domain::decision::ItemKind;
use crate::domain::plan_progress::plan_progress;
use crate::domain::statement::{statement, Statement};
use crate::domain::DomainError;
use crate::error::{AppError, PortalCode};
use crate::staff_data::{
    ArrearsItem, ClaimHead, CounterState, CounterSummary, DeferralReview, DisputeReview, HardshipSummary, PlanStanding,
    ProposalReview, QueueItem, QueuePageData, ReviewScreen, StaffHeader,
};

/// The policy, staff accounts and API keys are an administrator's.
pub fn admin_only(who: &StaffAccess) -> Result<(), AppError> {
    match who.role {
        StaffRole::Admin => Ok(()),
        StaffRole::Agent => Err(AppError::new(PortalCode::Forbidden, "only an administrator may do this")),
    }
}

/// The administrator's creditor; an agent is refused.
pub async fn admin_creditor(store: &Store, who: &StaffAccess) -> Result<CreditorRecord, AppError> {
    admin_only(who)?;
    store.creditor(&who.creditor_id).await?.ok_or_else(AppError::internal)
}

/// The header of every staff page; `creditor` is the staff member's (the caller has it already).
pub fn staff_header(who: &StaffAccess, creditor: &CreditorRecord) -> StaffHeader {
    StaffHeader { name: who.name.clone(), creditor: creditor.name.clone(), admin: who.role == StaffRole::Admin }
}

/// The work queue of the staff member's creditor; `kind` narrows the list (the counts stay whole).
pub async fn queue_page(
    store: &Store,
    who: &StaffAccess,
    kind: Option<ItemKind>,
    now: i64,
) -> Result<QueuePageData, AppError> {
    let all = store.queue(&who.creditor_id).await?;
    let counts = ItemKind::ALL.iter().map(|k| (*k, all.iter().filter(|e| e.kind == *k).count())).collect();
    let items: Vec<QueueItem> = all
        .into_iter()
        .filter(|e| kind.is_none_or(|k| e.kind == k))
        .map(|e| QueueItem {
            kind: e.kind,
            id: e.id,
            claim_id: e.claim_id,
            case_number: e.case_number,
            debtor_name: e.debtor_name,
            waiting_hours: (now - e.created_at).max(0) / 3600,
        })
        .collect();
    let creditor = store.creditor(&who.creditor_id).await?.ok_or_else(AppError::internal)?;
    let arrears = store
        .plans_in_arrears(&who.creditor_id)
        .await?
        .into_iter()
        .map(|(r, since)| ArrearsItem {
            proposal_id: r.proposal_id,
            case_number: r.case_number,
            debtor_name: r.debtor_name,
            since,
        })
        .collect();
    let table = store.rate_table(&creditor.rate_table).await?;
    Ok(QueuePageData {
        header: staff_header(who, &creditor),
        rate_missing: crate::domain::rate_publication::missing_half_year(
            &table,
            Clock::local_in(now, creditor.country).date(),
        ),
        counts,
        oldest_hours: items.first().map(|i| i.waiting_hours),
        items,
        arrears,
    })
}

/// The claim, only when it is `creditor_id`'s: the one check behind every staff and API
/// read and write of an item on a claim.
pub async fn creditor_claim(store: &Store, creditor_id: &str, claim_id: &str) -> Result<ClaimRecord, AppError> {
    match store.claim(claim_id).await? {
        Some(claim) if claim.creditor_id == creditor_id => Ok(claim),
        _ => Err(AppError::not_found()),
    }
}

/// A proposal and its claim, only when the claim is `creditor_id`'s.
pub async fn creditor_proposal(
    store: &Store,
    creditor_id: &str,
    id: &str,
) -> Result<(ProposalRecord, ClaimRecord), AppError> {
    let proposal = store.proposal(id).await?.ok_or_else(AppError::not_found)?;
    let claim = creditor_claim(store, creditor_id, &proposal.claim_id).await?;
    Ok((proposal, claim))
}

/// A dispute and its claim, only when the claim is `creditor_id`'s.
pub async fn creditor_dispute(
    store: &Store,
    creditor_id: &str,
    id: &str,
) -> Result<(DisputeRecord, ClaimRecord), AppError> {
    let dispute = store.dispute(id).await?.ok_or_else(AppError::not_found)?;
    let claim = creditor_claim(store, creditor_id, &dispute.claim_id).await?;
    Ok((dispute, claim))
}

async fn claim_head(
    store: &Store,
    rec: &ClaimRecord,
    debtor: DebtorRecord,
    creditor: &CreditorRecord,
) -> Result<ClaimHead, AppError> {
    Ok(ClaimHead {
        case_number: rec.case_number.clone(),
        debtor_name: debtor.name,
        concerns: rec.concerns.clone(),
        currency: creditor.currency,
        status: rec.status,
        refund_account: store.refund_account_of_claim(&rec.id).await?.map(|r| r.account.display()),
    })
}

/// The claim's itemisation today, with its creditor.
async fn itemised(store: &Store, rec: &ClaimRecord, clock: &Clock) -> Result<(CreditorRecord, Statement), AppError> {
    let (creditor, table, claim) = store.engine_inputs(rec).await?;
    let fault = |e: DomainError| AppError::stored_data(&format!("claim {}", rec.id), e);
    let statement = statement(&claim, &table, clock.today_in(creditor.country)).map_err(fault)?;
    Ok((creditor, statement))
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

/// A deferral request and its claim, only when the claim is `creditor_id`'s.
pub async fn creditor_deferral(
    store: &Store,
    creditor_id: &str,
    id: &str,
) -> Result<(DeferralRecord, ClaimRecord), AppError> {
    let deferral = store.deferral(id).await?.ok_or_else(AppError::not_found)?;
    let claim = creditor_claim(store, creditor_id, &deferral.claim_id).await?;
    Ok((deferral, claim))
}

/// A review request and the claim it is about, only when that claim is
/// `creditor_id`'s. A request about no claim is the portal operator's, not a creditor's.
pub async fn creditor_review(
    store: &Store,
    creditor_id: &str,
    id: &str,
) -> Result<(ReviewRequest, ClaimRecord), AppError> {
    let review = store.review_request(id).await?.ok_or_else(AppError::not_found)?;
    let claim = creditor_claim(store, creditor_id, review.claim_id.as_deref().unwrap_or_default()).await?;
    Ok((review, claim))
}

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

pub async fn review_screen(store: &Store, who: &StaffAccess, id: &str) -> Result<ReviewScreen, AppError> {
    let (review, rec) = creditor_review(store, &who.creditor_id, id).await?;
    let creditor = store.creditor(&rec.creditor_id).await?.ok_or_else(AppError::internal)?;
    let debtor = store.debtor(&rec.debtor_id).await?.ok_or_else(AppError::internal)?;
    let about = match review.decision {
        Some(line) => {
            let audit = store.audit_by(ActorKind::Debtor, &review.debtor_id).await?;
            automatic_decisions(&audit, &[(rec.clone(), creditor.country)]).into_iter().find(|d| d.id == line)
        }
        None => None,
    };
    Ok(ReviewScreen {
        header: staff_header(who, &creditor),
        review_id: review.id.clone(),
        claim: claim_head(store, &rec, debtor, &creditor).await?,
        about,
        explanation: review.explanation.into(),
        sent_at: Clock::local_in(review.created_at, creditor.country),
        pending: review.state == ReviewState::Pending,
        decision: store
            .decision_on(ItemKind::ReviewRequest, &review.id)
            .await?
            .map(|d| decision_view(d, creditor.country)),
        history: claim_history(store, &rec.id, creditor.country).await?,
    })
}

/// The dispute screen: the claim's itemisation, the reason, everything the debtor wrote and sent,
/// and the answer once given.
pub async fn dispute_review(
    store: &Store,
    who: &StaffAccess,
    id: &str,
    clock: &Clock,
) -> Result<DisputeReview, AppError> {
    let (dispute, rec) = creditor_dispute(store, &who.creditor_id, id).await?;
    let (creditor, statement) = itemised(store, &rec, clock).await?;
    let debtor = store.debtor(&rec.debtor_id).await?.ok_or_else(AppError::internal)?;
    Ok(DisputeReview {
        header: staff_header(who, &creditor),
        dispute_id: dispute.id.clone(),
        claim: claim_head(store, &rec, debtor, &creditor).await?,
        statement,
        dispute: dispute_view(store, dispute, creditor.country).await?,
        history: claim_history(store, &rec.id, creditor.country).await?,
    })
}

/// The plan-proposal screen: the claim's itemisation, the schedule, the policy's verdict, the
/// debtor's hardship statement where they shared it for this claim, and the decision once made.
pub async fn proposal_review(
    store: &Store,
    who: &StaffAccess,
    id: &str,
    clock: &Clock,
) -> Result<ProposalReview, AppError> {
    let (proposal, rec) = creditor_proposal(store, &who.creditor_id, id).await?;
    let (creditor, statement) = itemised(store, &rec, clock).await?;
    let debtor = store.debtor(&rec.debtor_id).await?.ok_or_else(AppError::internal)?;
    // The newest statement that concerns this claim.
    let hardship = store
        .hardships_of(&rec.debtor_id)
        .await?
        .into_iter()
        .rfind(|h| h.claim_ids.contains(&rec.id))
        .map(|h| HardshipSummary { statement: h.statement, currency: h.currency, documents: h.documents });
    let decision =
        store.decision_on(ItemKind::PlanProposal, &proposal.id).await?.map(|d| decision_view(d, creditor.country));
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
        header: staff_header(who, &creditor),
        proposal_id: proposal.id,
        claim: claim_head(store, &rec, debtor, &creditor).await?,
        statement,
        choice: proposal.choice,
        start_date: proposal.start_date,
        installment_amount: proposal.installment_amount,
        total_amount: proposal.total_amount,
        total_interest: proposal.total_interest,
        installments: proposal.installments,
        reasons: proposal.reasons,
        terms: creditor.policy.terms().clone(),
        hardship,
        pending: proposal.state == ProposalState::Pending && proposal.offered_by.is_none(),
        waiting_for_debtor,
        decision,
        counter,
        history: claim_history(store, &rec.id, creditor.country).await?,
        plan: standing,
    })
}
