//! `POST /api/v1/claims` (one claim or many, all or nothing, checked as the CSV import checks a
//! file), `GET /api/v1/claims/{case_number}` (itemised today, with payments and an active plan's
//! progress) and `POST /api/v1/claims/{case_number}/payments`. A claim of another creditor is
//! `404`, the same as one that does not exist.

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Extension;

use super::body::{answer, JsonBody};
use super::idempotency::FirstWithKey;
use super::views::{
    ApiError, ClaimProblem, ClaimView, ClaimsInvalid, ClaimsRefused, CreatedClaim, CreatedClaims, NewClaim, NewClaims,
    NewPayment, NextInstallment, Part, PaymentView, PlanView, StatementView,
};
use crate::domain::claim::Payment;
use crate::domain::claim_import::{read_records, ImportCode, ImportProblem, COLUMNS, MAX_FEES};
use crate::domain::payable::payable;
use crate::domain::plan_progress::{plan_progress, InstallmentState};
use crate::domain::reference::reference;
use crate::domain::statement::{statement, Statement};
use crate::domain::{DomainError, InputError, Money};
use crate::error::{AppError, PortalCode};
use crate::server::clock::Clock;
use crate::server::daily_job::follow_up_plan;
use crate::server::http::AppState;
use crate::server::staff::import::{check_rates, store_claims, ImportFailed};
use crate::server::store::{
    paused_part, ActorKind, ApiClient, ClaimRecord, PaymentRecorded, ProposalState, ReportedPayment, Store,
};

/// The most claims one request registers. Each letter's access code is argon2-hashed: 500 claims
/// take about 6 s on the 2-core test machine (`bench/api`), well inside `REQUEST_TIMEOUT_SECS`;
/// the CSV import, an upload with its longer timeout, may hold 1 000.
pub const MAX_API_CLAIMS: usize = 500;

/// What is wrong with a request of `n` claims as a whole, if anything.
fn batch_problem(n: usize) -> Option<ImportCode> {
    match n {
        0 => Some(ImportCode::Empty),
        n if n > MAX_API_CLAIMS => Some(ImportCode::TooManyRows),
        _ => None,
    }
}

/// How often a payment is judged again because others of its claim were recorded first: far more
/// than one creditor's system sends at once for one claim.
const MAX_PAYMENT_ROUNDS: usize = 200;

/// The longest payer's reference kept with a payment.
const MAX_REFERENCE_CHARS: usize = 50;

fn invalid_body(message: String) -> AppError {
    AppError::new(PortalCode::InvalidBody, message)
}

/// The request's claims, one or a list.
pub fn claims_of(body: serde_json::Value) -> Result<Vec<NewClaim>, AppError> {
    let read = |e: serde_json::Error| invalid_body(format!("the body is not the JSON expected: {e}"));
    match body {
        serde_json::Value::Array(items) => items
            .into_iter()
            .enumerate()
            .map(|(i, v)| serde_json::from_value(v).map_err(|e| invalid_body(format!("claim {i}: {e}"))))
            .collect(),
        one => Ok(vec![serde_json::from_value(one).map_err(read)?]),
    }
}

fn problems_answer(problems: Vec<ImportProblem>) -> Response {
    let code = PortalCode::ClaimsInvalid;
    let body = ClaimsInvalid {
        error: code.as_str().to_owned(),
        message: format!("{} thing(s) to correct; nothing was stored", problems.len()),
        problems: problems
            .into_iter()
            .map(|p| ClaimProblem {
                index: p.line,
                field: p.column,
                code: p.code,
                rule: p.limit.map(|l| l.rule),
                cap: p.limit.and_then(|l| l.cap),
                law: p.limit.map(|l| l.describe()),
            })
            .collect(),
    };
    answer(crate::error::ErrorCode::Portal(code).status(), &body)
}

/// Registers claims for the key's creditor; the letters' access codes are in this answer only.
#[utoipa::path(
    post,
    path = "/claims",
    tag = "claims",
    request_body = NewClaims,
    params(("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$",
        description = "1 to 255 printable ASCII characters, new for each request: a retry with the same key and the same request answers the first answer again")),
    responses(
        (status = 201, description = "Stored, with each letter's case number and access code", body = CreatedClaims),
        (status = 400, description = "Not the JSON documented, or an `Idempotency-Key` that is not", body = ApiError),
        (status = 401, description = "No API key, or an unknown or revoked one", body = ApiError),
        (status = 409, description = "`request_in_progress`: the first request with this `Idempotency-Key` is still being answered", body = ApiError),
        (status = 422, description = "`claims_invalid`: something to correct, by a rule the schema cannot state (dates against today, the law's fee caps, an invoice twice); nothing stored. Or `idempotency_key_reused`", body = ClaimsRefused),
    ),
    security(("api_key" = []))
)]
pub async fn create_claims(
    State(state): State<AppState>,
    client: ApiClient,
    JsonBody(body): JsonBody<serde_json::Value>,
) -> Result<Response, AppError> {
    let claims = claims_of(body)?;
    if let Some(code) = batch_problem(claims.len()) {
        return Ok(problems_answer(vec![ImportProblem::new(0, None, code)]));
    }
    let store = &state.store;
    let creditor = store.creditor(&client.creditor_id).await?.ok_or_else(AppError::internal)?;
    let too_many_fees: Vec<ImportProblem> = claims
        .iter()
        .enumerate()
        .filter(|(_, c)| c.fees.len() > MAX_FEES)
        .map(|(i, _)| ImportProblem::new(i, Some("fees".into()), ImportCode::FeeTooMany))
        .collect();
    if !too_many_fees.is_empty() {
        return Ok(problems_answer(too_many_fees));
    }
    let records: Vec<(usize, Vec<String>)> = claims.into_iter().map(NewClaim::fields).enumerate().collect();
    let checked = match read_records(COLUMNS, &records, creditor.country, store.clock().today_in(creditor.country)) {
        Ok(checked) => checked,
        Err(problems) => return Ok(problems_answer(problems)),
    };
    match check_rates(store, &creditor, &checked).await {
        Ok(()) => {}
        Err(ImportFailed::Problems(problems)) => return Ok(problems_answer(problems)),
        Err(ImportFailed::Error(e)) => return Err(e),
    }
    let actor = (ActorKind::ApiKey, Some(client.key_id.as_str()));
    let letters = match store_claims(store, &creditor, &checked, actor, state.config.code_lifetime_days).await {
        Ok(letters) => letters,
        Err(ImportFailed::Problems(problems)) => return Ok(problems_answer(problems)),
        Err(ImportFailed::Error(e)) => return Err(e),
    };
    let claims = checked
        .into_iter()
        .zip(letters)
        .map(|(c, l)| CreatedClaim {
            case_number: l.case_number,
            original_invoice: c.original_invoice,
            access_code: l.access_code,
            code_valid_until: l.code_valid_until,
            payment_reference: l.payment_reference,
        })
        .collect();
    Ok(answer(StatusCode::CREATED, &CreatedClaims { claims }))
}

/// The key's creditor's claim with this case number.
async fn creditors_claim(store: &Store, client: &ApiClient, case_number: &str) -> Result<ClaimRecord, AppError> {
    store.creditors_claim_by_case_number(&client.creditor_id, case_number).await?.ok_or_else(AppError::not_found)
}

fn statement_view(s: &Statement) -> StatementView {
    StatementView {
        as_of: s.as_of,
        principal: Part {
            original: s.principal.original,
            paid: s.principal.paid,
            outstanding: s.principal.outstanding,
        },
        interest: Part { original: s.interest.accrued, paid: s.interest.paid, outstanding: s.interest.outstanding },
        fees: Part { original: s.fees.charged, paid: s.fees.paid, outstanding: s.fees.outstanding },
        total_outstanding: s.total_outstanding,
        overpaid: s.overpaid,
    }
}

/// The claim as of today in its country.
async fn claim_view(store: &Store, rec: &ClaimRecord, clock: &Clock) -> Result<ClaimView, AppError> {
    let (creditor, table, claim) = store.engine_inputs(rec).await?;
    let today = clock.today_in(creditor.country);
    let fault = |e: DomainError| AppError::stored_data(&format!("claim {}", rec.id), e);
    let itemised = statement(&claim, &table, today).map_err(fault)?;
    let debtor = store.debtor(&rec.debtor_id).await?.ok_or_else(AppError::internal)?;
    let paused = paused_part(rec.status, store.dispute_of_claim(&rec.id).await?.map(|d| (d.state, d.part)));
    let payable = payable(&itemised, paused).map_err(fault)?;
    let plan = match store.open_proposal(&rec.id).await? {
        Some(open) if open.state == ProposalState::Active => {
            let progress = plan_progress(&claim, &table, &open.installments, open.start_date, today).map_err(fault)?;
            let count = |state| progress.states.iter().filter(|s| **s == state).count();
            Some(PlanView {
                installments: open.installments.len(),
                paid_installments: count(InstallmentState::Paid),
                overdue_installments: count(InstallmentState::Overdue),
                installment_amount: open.installment_amount,
                total_amount: open.total_amount,
                next: progress.next.map(|(due_date, amount)| NextInstallment { due_date, amount }),
                overdue_amount: progress.overdue,
                arrears_since: open.arrears_since,
                payoff_today: progress.payoff_today,
                id: open.id,
            })
        }
        _ => None,
    };
    Ok(ClaimView {
        case_number: rec.case_number.clone(),
        status: rec.status,
        concerns: rec.concerns.clone(),
        original_invoice: rec.original_invoice.clone(),
        debtor_name: debtor.name,
        currency: creditor.currency,
        due_date: rec.due_date,
        payment_reference: reference(creditor.reference_scheme, &rec.reference_base).map_err(fault)?,
        statement: statement_view(&itemised),
        disputed_amount: payable.disputed,
        payable_now: payable.now,
        refund_account: store.refund_account_of_claim(&rec.id).await?.map(|r| r.account.display()),
        payments: claim.payments().iter().map(|p| PaymentView { amount: p.amount, paid_on: p.date }).collect(),
        plan,
    })
}

/// The claim itemised today: principal, interest and fees with what is paid and left, its payments
/// and an active plan's progress.
#[utoipa::path(
    get,
    path = "/claims/{case_number}",
    tag = "claims",
    params(("case_number" = String, Path, example = "40010001", description = "The claim's case number")),
    responses(
        (status = 200, body = ClaimView),
        (status = 401, body = ApiError),
        (status = 404, description = "No claim of this creditor has the case number", body = ApiError),
    ),
    security(("api_key" = []))
)]
pub async fn claim(
    State(state): State<AppState>,
    client: ApiClient,
    Path(case_number): Path<String>,
) -> Result<Response, AppError> {
    let rec = creditors_claim(&state.store, &client, &case_number).await?;
    let view = claim_view(&state.store, &rec, &state.clock).await?;
    Ok(axum::Json(view).into_response())
}

/// The payment checked: an amount above zero with at most two decimals, a short reference.
pub fn checked_payment(p: &NewPayment) -> Result<(Payment, Option<String>), AppError> {
    let amount = Money::parse(p.amount.trim()).map_err(|_| AppError::from(InputError::AmountInvalid))?;
    if !amount.is_positive() {
        return Err(InputError::AmountInvalid.into());
    }
    let reference = p.reference.as_deref().map(str::trim).filter(|r| !r.is_empty());
    if reference.is_some_and(|r| r.chars().count() > MAX_REFERENCE_CHARS || r.chars().any(char::is_control)) {
        return Err(invalid_body(format!("a reference is at most {MAX_REFERENCE_CHARS} characters on one line")));
    }
    Ok((Payment { date: p.paid_on, amount }, reference.map(str::to_owned)))
}

/// Records a payment the creditor received. The debtor's statement and an active plan's progress
/// count it at once; a claim left with nothing to pay becomes `paid`.
#[utoipa::path(
    post,
    path = "/claims/{case_number}/payments",
    tag = "claims",
    request_body = NewPayment,
    params(
        ("case_number" = String, Path, description = "The claim's case number"),
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$",
            description = "1 to 255 printable ASCII characters, new for each request: a retry with the same key and the same request answers the first answer again"),
    ),
    responses(
        (status = 201, description = "Recorded; the claim as it stands now. A retry with the same `Idempotency-Key` of a request whose payment was stored (its answer lost on the way) is answered 201 as done, and records nothing again", body = ClaimView),
        (status = 400, description = "An amount or date the claim cannot take, or an `Idempotency-Key` that is not one", body = ApiError),
        (status = 401, body = ApiError),
        (status = 404, body = ApiError),
        (status = 409, description = "`claim_closed`: the claim is paid or closed; or `request_in_progress`", body = ApiError),
        (status = 422, description = "`idempotency_key_reused`: the key was used with another request", body = ApiError),
        (status = 503, description = "`busy`: the claim changed under each of several tries (other payments of it at the same moment); nothing was recorded; retry after the seconds `Retry-After` says, with the same `Idempotency-Key`", body = ApiError,
            headers(("Retry-After" = u32, description = "Seconds to wait before retrying"))),
    ),
    security(("api_key" = []))
)]
pub async fn add_payment(
    State(state): State<AppState>,
    client: ApiClient,
    Path(case_number): Path<String>,
    first_with_key: Option<Extension<FirstWithKey>>,
    JsonBody(payment): JsonBody<NewPayment>,
) -> Result<Response, AppError> {
    let store = &state.store;
    // Whose claim it is before what the body says: another creditor's case number is not found,
    // whatever the payment.
    let mut read = Some(creditors_claim(store, &client, &case_number).await?);
    let (payment, reference) = checked_payment(&payment)?;
    let idempotency_key = first_with_key.as_ref().map(|Extension(FirstWithKey(k))| k.as_str());
    // Each round judges the payment with the claim as stored; a round loses only to another
    // payment (or status change) of the same claim that was recorded meanwhile, so one round
    // per payment reported at the same moment is enough.
    let mut rounds = 0;
    let rec = loop {
        let rec = match read.take() {
            Some(rec) => rec,
            None => creditors_claim(store, &client, &case_number).await?,
        };
        // The same request, cut off after its payment was stored: answered as done, not again.
        if let Some(key) = idempotency_key {
            if store.payment_with_key(&rec, key).await? {
                break rec;
            }
        }
        if rec.status.is_settled() {
            return Err(AppError::new(PortalCode::ClaimClosed, "the claim is paid or closed; nothing is owed on it"));
        }
        let (creditor, table, claim) = store.engine_inputs(&rec).await?;
        let today = state.clock.today_in(creditor.country);
        let mut payments = claim.payments().to_vec();
        let payments_before = payments.len();
        payments.push(payment);
        // The engine judges the payment as it judges any claim's: a date after today is refused.
        let with_it = claim.with_payments(payments)?;
        let after = statement(&with_it, &table, today)?;
        let reported = ReportedPayment {
            payment,
            reference: reference.as_deref(),
            paid_in_full: after.total_outstanding.is_zero(),
            key_id: client.key_id.as_str(),
            payments_before,
            idempotency_key,
        };
        match store.record_payment(&rec, &reported).await? {
            PaymentRecorded::Done | PaymentRecorded::AlreadyRecorded => break rec,
            PaymentRecorded::ClaimMoved if rounds < MAX_PAYMENT_ROUNDS => rounds += 1,
            PaymentRecorded::ClaimMoved => return Err(AppError::new(PortalCode::Busy, "the claim is changing; retry")),
        }
    };
    // A payment that brings a plan in arrears up to date clears the mark at once.
    if let Some(open) = store.open_proposal(&rec.id).await?.filter(|p| p.state == ProposalState::Active) {
        // The payment is recorded whatever this says; the daily job catches up if it fails.
        if let Err(e) = follow_up_plan(store, &state.clock, &open.id).await {
            tracing::warn!(plan = %open.id, error = ?e, "following a plan after a payment failed");
        }
    }
    let rec = store.claim(&rec.id).await?.ok_or_else(AppError::internal)?;
    Ok(answer(StatusCode::CREATED, &claim_view(store, &rec, &state.clock).await?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_holds_one_to_five_hundred_claims() {
        assert_eq!(batch_problem(0), Some(ImportCode::Empty));
        assert_eq!(batch_problem(1), None);
        assert_eq!(batch_problem(MAX_API_CLAIMS), None);
        assert_eq!(batch_problem(MAX_API_CLAIMS + 1), Some(ImportCode::TooManyRows));
    }
}
