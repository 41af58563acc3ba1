//! Builds what a debtor sees, from storage and the engine. Ownership is checked here, once, for every
//! read: a claim that is not the debtor's is "not found", exactly like one that does not exist, so an
//! identifier reveals nothing.

use chrono::{Days, NaiveDate};

use super::store::{ClaimRecord, Store};
use crate::claim_views::{ClaimSummary, ClaimView, CreditorInfo, InterestInfo, PaymentInstructions};
use crate::domain::interest::{rate_periods, InterestTerms, RateSource};
use crate::domain::reference::{reference, ReferenceScheme};
use crate::domain::statement::statement;
use crate::domain::timeline::{next_step, timeline, CaseFacts, SE_DEADLINE_DAYS, NO_DEADLINE_DAYS};
use crate::domain::Country;
use crate::error::AppError;

fn facts_stopped(status: &str) -> (bool, bool) {
    let disputed = status == "disputed";
    (disputed || status == "paid" || status == "closed", disputed)
}

pub async fn my_claims(store: &Store, debtor_id: &str, today: NaiveDate) -> Result<Vec<ClaimSummary>, AppError> {
    let mut out = Vec::new();
    for rec in store.claims_of_debtor(debtor_id).await? {
        let view = build(store, &rec, today).await?;
        out.push(ClaimSummary {
            id: view.id,
            case_number: view.case_number,
            creditor: view.creditor.name,
            concerns: view.concerns,
            currency: view.currency,
            total_outstanding: view.statement.total_outstanding,
            status: view.status,
            next_step: next_step(&view.timeline).cloned(),
        });
    }
    Ok(out)
}

/// The claim page's data, only for the debtor who owes it.
pub async fn claim_for_debtor(store: &Store, debtor_id: &str, claim_id: &str, today: NaiveDate) -> Result<ClaimView, AppError> {
    match store.claim(claim_id).await? {
        Some(rec) if rec.debtor_id == debtor_id => build(store, &rec, today).await,
        _ => Err(AppError::not_found()),
    }
}

async fn build(store: &Store, rec: &ClaimRecord, today: NaiveDate) -> Result<ClaimView, AppError> {
    let (creditor, table, claim) = store.engine_inputs(rec).await?;
    let country = creditor.country()?;
    let st = statement(&claim, &table, today)?;
    let source = RateSource { terms: &claim.interest, table: &table };
    let periods = rate_periods(&source, claim.due_date, today);
    let last_published = table.entries().last().map(|e| e.from);
    let (kind, rate) = match claim.interest {
        InterestTerms::Statutory { margin, .. } => ("statutory", margin),
        InterestTerms::Fixed { rate, .. } => ("fixed", rate),
        InterestTerms::None { .. } => ("none", 0.into()),
    };
    let interest = InterestInfo {
        kind: kind.into(),
        rate,
        runs_from: claim.due_date,
        in_force: periods.last().copied(),
        latest_rate_assumed: kind == "statutory" && last_published.is_some_and(|d| half_year_after(d) <= today),
        periods,
    };
    let (stopped, disputed) = facts_stopped(&rec.status);
    let demand_sent_on = super::store::parse_date(&rec.demand_sent_on)?;
    let steps = timeline(&CaseFacts {
        country,
        due_date: claim.due_date,
        demand_sent_on,
        fees: &claim.fees,
        payments: &claim.payments,
        escalation_stopped: stopped,
        disputed,
        today,
    });
    let pay = if st.total_outstanding.is_positive() {
        let scheme = creditor.reference_scheme()?;
        let deadline = demand_sent_on
            .checked_add_days(Days::new(if country == Country::Se { SE_DEADLINE_DAYS } else { NO_DEADLINE_DAYS }))
            .unwrap_or(today);
        Some(PaymentInstructions {
            bankgiro: creditor.bankgiro.clone(),
            account_number: creditor.account_number.clone(),
            reference: reference(scheme, &rec.reference_base)?,
            reference_kind: match scheme {
                ReferenceScheme::SeOcr { .. } => "ocr".into(),
                _ => "kid".into(),
            },
            amount: st.total_outstanding,
            pay_by: deadline.max(today),
        })
    } else {
        None
    };
    Ok(ClaimView {
        id: rec.id.clone(),
        case_number: rec.case_number.clone(),
        creditor: CreditorInfo { name: creditor.name.clone(), org_number: creditor.org_number.clone(), country },
        concerns: rec.concerns.clone(),
        original_invoice: rec.original_invoice.clone(),
        due_date: claim.due_date,
        currency: creditor.currency.clone(),
        status: rec.status.clone(),
        payments: claim.payments.iter().map(|p| (p.date, p.amount)).collect(),
        statement: st,
        interest,
        pay,
        timeline: steps,
    })
}

/// Rates are published per half-year; a table whose last entry is older than that is carried forward.
fn half_year_after(d: NaiveDate) -> NaiveDate {
    d.checked_add_months(chrono::Months::new(6)).unwrap_or(d)
}
