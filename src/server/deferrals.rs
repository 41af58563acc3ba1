//! `POST /claims/{id}/deferral`: the debtor asks to pay later. The server works out the current
//! pay-by date itself, judges the request by the creditor's policy (`domain::deferral`) and either
//! grants it at once or leaves it for the creditor. A plain form post: it works without JavaScript.

use axum::extract::State;
use axum::response::Response;
use axum::Form;
use chrono::{Days, NaiveDate};

use super::auth::DebtorClaim;
use super::debtor_forms::{back_to, error_query};
use super::http::AppState;
use super::store::{DeferralRecord, DeferralRecorded, DeferralState, NewDeferral};
use crate::claim_data::DeferralOffer;
use crate::domain::deferral::{judge, requested_date, DeferralVerdict, MAX_DEFERRAL_REQUEST_DAYS};
use crate::domain::policy::PlanPolicy;
use crate::domain::statement::statement;
use crate::domain::timeline::pay_by;
use crate::domain::ClaimStatus;
use crate::error::{AppError, PortalCode};

/// The latest pay-by date a granted deferral set, if any.
pub fn deferred_to(deferrals: &[DeferralRecord]) -> Option<NaiveDate> {
    deferrals.iter().filter(|d| d.state == DeferralState::Granted).map(|d| d.requested_date).max()
}

/// The claim's one deferral granted at once by the policy has been used.
fn automatic_used(deferrals: &[DeferralRecord]) -> bool {
    deferrals.iter().any(|d| d.by_policy)
}

/// What the claim page offers: a deferral only while the demand stands unanswered (no plan, no
/// dispute) and something is owed, and not while another request waits.
pub fn deferral_offer(
    status: ClaimStatus,
    owes: bool,
    pay_by: NaiveDate,
    policy: &PlanPolicy,
    deferrals: &[DeferralRecord],
) -> DeferralOffer {
    if let Some(p) = deferrals.iter().find(|d| d.state == DeferralState::Pending) {
        return DeferralOffer::Pending { requested: p.requested_date };
    }
    if status != ClaimStatus::DemandSent || !owes {
        return DeferralOffer::NotOffered;
    }
    let days = policy.terms().max_deferral_days;
    let used = automatic_used(deferrals);
    let later = |n: u64| pay_by.checked_add_days(Days::new(n)).unwrap_or(pay_by);
    DeferralOffer::Offered {
        pay_by,
        granted_at_once: (!used && days > 0).then(|| later(u64::from(days))),
        latest: later(MAX_DEFERRAL_REQUEST_DAYS as u64),
    }
}

#[derive(serde::Deserialize)]
pub struct DeferralForm {
    #[serde(default)]
    date: String,
}

pub async fn request_deferral(
    State(state): State<AppState>,
    DebtorClaim { who, claim: rec }: DebtorClaim,
    Form(form): Form<DeferralForm>,
) -> Response {
    let outcome = async {
        let (creditor, table, claim) = state.store.engine_inputs(&rec).await?;
        let today = state.clock.today_in(creditor.country);
        let fault = |e| AppError::stored_data(&format!("claim {}", rec.id), e);
        let owes = statement(&claim, &table, today).map_err(fault)?.total_outstanding.is_positive();
        let deferrals = state.store.deferrals_of_claim(&rec.id).await?;
        let current = pay_by(creditor.country, rec.demand_sent_on, deferred_to(&deferrals), today);
        let pay_by = match deferral_offer(rec.status, owes, current, &creditor.policy, &deferrals) {
            DeferralOffer::Offered { pay_by, .. } => pay_by,
            DeferralOffer::Pending { .. } => {
                return Err(AppError::new(PortalCode::DeferralPending, "a request already waits for the creditor"))
            }
            DeferralOffer::NotOffered if rec.status == ClaimStatus::Disputed => {
                return Err(AppError::new(PortalCode::ClaimDisputed, "a disputed claim is paused"))
            }
            DeferralOffer::NotOffered if rec.status == ClaimStatus::Contested => {
                return Err(AppError::new(PortalCode::ClaimContested, "a contested claim is not collected as usual"))
            }
            DeferralOffer::NotOffered => {
                return Err(AppError::new(PortalCode::ClaimClosed, "this claim offers no deferral"))
            }
        };
        let requested = requested_date(&form.date)?;
        let verdict = judge(pay_by, requested, creditor.policy.terms().max_deferral_days, automatic_used(&deferrals))?;
        let new = NewDeferral {
            claim_id: &rec.id,
            debtor_id: &who.debtor_id,
            pay_by_before: pay_by,
            requested,
            verdict: &verdict,
        };
        match state.store.record_deferral(new).await? {
            DeferralRecorded::Created(_) => Ok(verdict),
            DeferralRecorded::Conflict => {
                Err(AppError::new(PortalCode::DeferralPending, "another request was recorded first"))
            }
        }
    }
    .await;
    match outcome {
        Ok(DeferralVerdict::Granted) => back_to(&rec.id, "", "deferral_granted=1", "deferral"),
        Ok(DeferralVerdict::WaitsForCreditor(_)) => back_to(&rec.id, "", "deferral_sent=1", "deferral"),
        Err(e) => back_to(&rec.id, "", &error_query("deferral_error", e.code), "deferral"),
    }
}
