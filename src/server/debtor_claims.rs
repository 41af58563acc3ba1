//! A debtor's claims as the claim pages show them (`crate::claim_data`), built from storage and the
//! engine. Ownership is checked here, once, for every read: a claim that is not the debtor's, or that
//! this session's letters do not cover, is "not found", exactly like one that does not exist, so an
//! identifier reveals nothing. Nothing the debtor sends reaches the engine here, so an engine error
//! is a fault in stored data: a 500, logged.

use super::auth::DebtorAccess;
use super::clock::Clock;
use super::decision_views::decision_view;
use super::deferrals::{deferral_offer, deferred_to};
use super::plans::plan_state;
use super::refund_accounts::masked;
use super::store::{paused_part, ClaimFile, ClaimRecord, DeferralState, DisputeState, Store};
use crate::claim_data::{
    ClaimPageData, ClaimPlan, ClaimSummary, CreditorInfo, DisputeSummary, InterestInfo, PayNote, PayPurpose,
    PaymentInstructions,
};
use crate::dispute_data::PartView;
use crate::domain::decision::ItemKind;
use crate::domain::dispute_part::DisputedPart;
use crate::domain::ids::ClaimId;
use crate::domain::interest::{rate_periods, InterestKind, RateSource};
use crate::domain::payable::payable;
use crate::domain::plan_progress::InstallmentState;
use crate::domain::reference::reference;
use crate::domain::statement::statement;
use crate::domain::timeline::{deadline, next_step, pay_by, timeline, CaseFacts, StepKind};
use crate::domain::{ClaimStatus, DomainError};
use crate::error::AppError;

/// The debtor's stored claims this session may see: a letter session only its letters' claims.
pub async fn visible_claims(store: &Store, who: &DebtorAccess) -> Result<Vec<ClaimRecord>, AppError> {
    Ok(store.claims_of_debtor(&who.debtor_id).await?.into_iter().filter(|c| who.claims.allows(&c.id)).collect())
}

/// "My claims": the claims this session may see, each as of today in its country. Two statements
/// read them all, however many there are.
pub async fn my_claims(store: &Store, who: &DebtorAccess, clock: &Clock) -> Result<Vec<ClaimSummary>, AppError> {
    let mut out = Vec::new();
    for file in store.claim_files_of_debtor(&who.debtor_id, |c| who.claims.allows(&c.id)).await? {
        let view = build(store, &file, clock).await?;
        out.push(ClaimSummary {
            id: view.id,
            case_number: view.case_number,
            creditor: view.creditor.name,
            concerns: view.concerns,
            currency: view.currency,
            total_outstanding: view.statement.total_outstanding,
            status: view.status,
            next_step: next_step(&view.timeline).cloned(),
            plan_offered: view.plan == ClaimPlan::Offered,
            pay: view.pay.map(|p| (p.pay_by, p.amount, p.purpose, p.reference)),
        });
    }
    Ok(out)
}

/// The claim page's data, only for the debtor who owes it and a session allowed to see it.
pub async fn claim_for_debtor(
    store: &Store,
    who: &DebtorAccess,
    claim_id: &ClaimId,
    clock: &Clock,
) -> Result<ClaimPageData, AppError> {
    build(store, &owned_file(store, who, claim_id).await?, clock).await
}

/// The stored claim, only for the debtor who owes it and a session allowed to see it: the one
/// ownership check behind every read and write of a claim's pages.
pub async fn owned_claim(store: &Store, who: &DebtorAccess, claim_id: &ClaimId) -> Result<ClaimRecord, AppError> {
    match store.claim(claim_id).await? {
        Some(rec) if owns(who, &rec) => Ok(rec),
        _ => Err(AppError::not_found()),
    }
}

/// The claim with everything its pages show, under the same check as `owned_claim`: nothing
/// more of a claim the session may not see is read than its row.
pub async fn owned_file(store: &Store, who: &DebtorAccess, claim_id: &ClaimId) -> Result<ClaimFile, AppError> {
    store.claim_file(claim_id, |rec| owns(who, rec)).await?.ok_or_else(AppError::not_found)
}

fn owns(who: &DebtorAccess, rec: &ClaimRecord) -> bool {
    rec.debtor_id == who.debtor_id && who.claims.allows(&rec.id)
}

async fn build(store: &Store, file: &ClaimFile, clock: &Clock) -> Result<ClaimPageData, AppError> {
    let (rec, claim) = (&file.record, &file.claim);
    let (creditor, table) = store.creditor_and_rates(rec).await?;
    // The debtor's day: the claim's country's calendar, whatever zone the server runs in.
    let today = clock.today_in(creditor.country);
    let fault = |e: DomainError| AppError::stored_data(&format!("claim {}", rec.id), e);
    let st = statement(claim, &table, today).map_err(fault)?;
    let source = RateSource { terms: claim.interest(), table: &table };
    let periods = rate_periods(&source, claim.due_date(), today).map_err(fault)?;
    let kind = claim.interest().kind();
    let interest = InterestInfo {
        kind,
        rate: claim.interest().rate(),
        runs_from: claim.due_date(),
        in_force: periods.last().copied(),
        latest_rate_assumed: kind == InterestKind::Statutory && table.latest_rate_assumed(today),
        periods,
    };
    let dispute = file.dispute.as_ref();
    let paused = paused_part(rec.status, dispute.map(|d| (d.state, d.part)));
    let payable = payable(&st, paused).map_err(fault)?;
    let deferrals = &file.deferrals;
    let day = |unix| Clock::local_in(unix, creditor.country).date();
    let mut events = Vec::new();
    if let Some(d) = dispute {
        events.push((day(d.created_at), StepKind::DisputeSent));
        events.extend(d.entries_at.iter().skip(1).map(|at| (day(*at), StepKind::DisputeInformationAdded)));
    }
    // A partial dispute leaves the claim's status, and so its legal steps, for the rest.
    if paused.is_some_and(|p| !p.is_whole()) && payable.disputed.is_positive() {
        events.push((today, StepKind::PartPaused));
    }
    for d in deferrals {
        events.push((day(d.created_at), StepKind::DeferralRequested));
        // A person's grant is among the decisions below.
        if let (DeferralState::Granted, Some(at), true) = (d.state, d.decided_at, d.by_policy) {
            events.push((day(at), StepKind::DeferralGranted));
        }
    }
    for d in &file.decisions {
        events.push((day(d.decided_at), StepKind::of_decision(d.item_kind, d.outcome)));
    }
    let deferral_answer = file
        .decisions
        .iter()
        .rfind(|d| d.item_kind == ItemKind::Deferral)
        .map(|d| decision_view(d.clone(), creditor.country));
    // A plan that lapsed puts the claim back in collection: a new deadline to pay runs from that day.
    let mut deferred_to = deferred_to(deferrals);
    for &ended_on in &file.lapse_dates {
        events.push((ended_on, StepKind::PlanLapsed));
        let resumed = deadline(creditor.country, ended_on, None);
        deferred_to = Some(deferred_to.map_or(resumed, |d| d.max(resumed)));
    }
    let plan = plan_state(file, &creditor, &table, st.total_outstanding, today)?;
    let plan_due_dates: Option<Vec<_>> = match &plan {
        ClaimPlan::Open(open) if open.active && rec.status == ClaimStatus::PlanActive => {
            Some(open.installments.iter().map(|i| i.due_date).collect())
        }
        _ => None,
    };
    let steps = timeline(&CaseFacts {
        country: creditor.country,
        due_date: claim.due_date(),
        demand_sent_on: rec.demand_sent_on,
        fees: claim.fees(),
        payments: claim.payments(),
        status: rec.status,
        today,
        deferred_to,
        events: &events,
        plan_due_dates: plan_due_dates.as_deref(),
    });
    let pay_by = pay_by(creditor.country, rec.demand_sent_on, deferred_to, today);
    let owes = st.total_outstanding.is_positive();
    let deferral = deferral_offer(rec.status, owes, pay_by, &creditor.policy, deferrals);
    let dispute_note = match paused {
        Some(DisputedPart::Whole) => Some(PayNote::MayStillPay),
        Some(part) if payable.disputed.is_positive() => Some(PayNote::PartPaused(PartView::of(part, claim.fees()))),
        _ => None,
    };
    // A wholly disputed or contested claim shows what settles it; a partial dispute, the rest.
    let balance = if dispute_note == Some(PayNote::MayStillPay) { st.total_outstanding } else { payable.now };
    // An active plan replaces the demand: the box asks for its next installment (or what is
    // overdue), not the whole balance by the demand's date.
    let (amount, pay_by, purpose) = match &plan {
        ClaimPlan::Open(open) if open.active && rec.status == ClaimStatus::PlanActive => match open.progress.next {
            Some((date, amount)) => {
                let (payoff, saves) = (open.progress.payoff_today, open.progress.saved_by_paying_now());
                if open.progress.overdue.is_positive() {
                    (amount, today, PayPurpose::CatchUp { payoff, saves })
                } else {
                    let n = open.progress.states.iter().position(|s| *s == InstallmentState::Next).unwrap_or(0);
                    let of = open.installments.len();
                    let (n, of) = (u32::try_from(n + 1).unwrap_or(0), u32::try_from(of).unwrap_or(0));
                    (amount, date, PayPurpose::Installment { n, of, payoff, saves })
                }
            }
            None => (balance, pay_by, PayPurpose::Balance),
        },
        _ => (balance, pay_by, PayPurpose::Balance),
    };
    let pay = if owes {
        Some(PaymentInstructions {
            bankgiro: creditor.bankgiro.clone(),
            account_number: creditor.account_number.clone(),
            reference: reference(creditor.reference_scheme, &rec.reference_base).map_err(fault)?,
            reference_kind: creditor.reference_scheme.kind(),
            amount,
            pay_by,
            purpose,
            dispute_note,
        })
    } else {
        None
    };
    Ok(ClaimPageData {
        id: rec.id.clone(),
        case_number: rec.case_number.clone(),
        creditor: CreditorInfo {
            name: creditor.name.clone(),
            org_number: creditor.org_number.clone(),
            country: creditor.country,
        },
        concerns: rec.concerns.clone(),
        original_invoice: rec.original_invoice.clone(),
        due_date: claim.due_date(),
        currency: creditor.currency,
        status: rec.status,
        payments: claim.payments().iter().map(|p| (p.date, p.amount)).collect(),
        statement: st,
        interest,
        pay,
        timeline: steps,
        plan,
        can_dispute: rec.status.can_be_disputed() && dispute.is_none_or(|d| d.state == DisputeState::Rejected),
        payable_now: payable.now,
        dispute: dispute.map(|d| DisputeSummary {
            reference: d.reference.clone(),
            open: d.state == DisputeState::Open,
            part: PartView::of(d.part, claim.fees()),
        }),
        deferral,
        deferral_answer,
        refund_account: file.refund_account.as_ref().map(|r| masked(&r.account)),
    })
}
