//! Plan proposals and disputes for a creditor's system: the lists (oldest first, a page at a time)
//! and the decisions, made with the same checks and store calls as the staff screens' buttons. The
//! decision is recorded as the API key's; when a person or another call decided first, the answer
//! is `409 already_decided` naming them, and nothing changes.

use crate::domain::ids::{DisputeId, ProposalId};
use crate::server::path_id::ApiPathId;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};

use super::body::JsonBody;
use super::lists::{self, ListQuery};
use super::views::{
    ApiError, DecisionView, DisputePage, DisputeResolutionIn, DisputeView, InstallmentView, ProposalDecisionIn,
    ProposalPage, ProposalView,
};
use crate::domain::decision::{DisputeDecision, PlanDecision};
use crate::error::{AppError, PortalCode};
use crate::server::http::AppState;
use crate::server::staff::scope::{creditor_dispute, creditor_proposal};
use crate::server::store::{
    After, ApiClient, Decided, Decider, DecisionRecord, DisputeState, ListedDispute, ProposalRecord, ProposalState,
};

fn decision_answer(decided: Decided) -> Result<Response, AppError> {
    match decided {
        Decided::Done(d) => Ok(axum::Json(decision_view(d)).into_response()),
        Decided::AlreadyDecided(first) => Err(AppError::new(
            PortalCode::AlreadyDecided,
            format!("already decided by {} at {}", first.staff_name, first.decided_at.utc().to_rfc3339()),
        )),
        Decided::NotPending => Err(AppError::new(PortalCode::NotPending, "it no longer waits for a decision")),
    }
}

fn decision_view(d: DecisionRecord) -> DecisionView {
    DecisionView {
        outcome: d.outcome,
        reason: d.reason,
        note: d.note,
        new_principal: d.amount,
        decided_by: d.staff_name,
        decided_at: d.decided_at.utc(),
        id: d.id,
    }
}

fn proposal_view(p: ProposalRecord, case_number: String) -> ProposalView {
    ProposalView {
        case_number,
        state: p.state,
        created_at: p.created_at.utc(),
        installment_amount: p.installment_amount,
        plan_fee: p.plan_fee,
        total_amount: p.total_amount,
        reasons: p.reasons,
        schedule: p
            .installments
            .iter()
            .map(|i| InstallmentView { n: i.n, due_date: i.due_date, amount: i.amount })
            .collect(),
        id: p.id,
    }
}

fn dispute_view(d: ListedDispute) -> DisputeView {
    let (part, part_amount, part_fee_position) = d.part.columns();
    DisputeView {
        part,
        part_amount,
        part_fee_position,
        reference: d.reference,
        case_number: d.case_number,
        state: d.state,
        reason: d.reason,
        created_at: d.created_at.utc(),
        documents: d.documents,
        explanations: d.explanations.into_iter().map(|e| e.as_str().to_owned()).collect(),
        id: d.id,
    }
}

/// The creditor's plan proposals that debtors made, oldest first.
#[utoipa::path(
    get,
    path = "/plan-proposals",
    tag = "plan proposals",
    params(
        ("status" = Option<ProposalState>, Query, description = "Which items; `pending` when absent"),
        ("cursor" = Option<String>, Query, pattern = "^-?[0-9]{1,18}[.][0-9A-Za-z_-]{1,64}$",
            description = "The `next_cursor` of the page before"),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 100, description = "How many items a page holds; 50 when absent"),
    ),
    responses(
        (status = 200, body = ProposalPage),
        (status = 400, description = "A status, cursor or limit the list does not know", body = ApiError),
        (status = 401, body = ApiError),
    ),
    security(("api_key" = []))
)]
pub async fn proposals(
    State(state): State<AppState>,
    client: ApiClient,
    q: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let q = lists::query(q)?;
    let status = lists::status(&q, ProposalState::Pending, "pending, active, declined, withdrawn")?;
    let (limit, after) = lists::page(&q)?;
    let store = &state.store;
    let listed = store.proposal_list(&client.creditor_id, status, after.as_ref(), limit + 1).await?;
    let (listed, next_cursor) =
        lists::split(listed, limit, |l| After { created_at: l.proposal.created_at, id: l.proposal.id.to_string() });
    let items = listed.into_iter().map(|l| proposal_view(l.proposal, l.case_number)).collect();
    Ok(axum::Json(ProposalPage { items, next_cursor }).into_response())
}

/// Approves or declines a pending plan proposal, as an agent's buttons do.
#[utoipa::path(
    post,
    path = "/plan-proposals/{id}/decision",
    tag = "plan proposals",
    request_body = ProposalDecisionIn,
    params(
        ("id" = String, Path, description = "The proposal's id"),
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$",
            description = "1 to 255 printable ASCII characters, new for each request: a retry with the same key and the same request answers the first answer again"),
    ),
    responses(
        (status = 200, description = "Decided", body = DecisionView),
        (status = 400, description = "An outcome, reason or note that cannot be taken", body = ApiError),
        (status = 401, body = ApiError),
        (status = 404, description = "No proposal of this creditor has the id", body = ApiError),
        (status = 409, description = "`already_decided` (by whom, when), `not_pending` (withdrawn) or `request_in_progress`", body = ApiError),
        (status = 422, description = "`idempotency_key_reused`: the key was used with another request", body = ApiError),
    ),
    security(("api_key" = []))
)]
pub async fn decide_proposal(
    State(state): State<AppState>,
    client: ApiClient,
    ApiPathId(id): ApiPathId<ProposalId>,
    JsonBody(body): JsonBody<ProposalDecisionIn>,
) -> Result<Response, AppError> {
    let store = &state.store;
    let (proposal, _) = creditor_proposal(store, &client.creditor_id, &id).await?;
    let (reason, note) = (body.reason.unwrap_or_default(), body.note.unwrap_or_default());
    let decision = PlanDecision::from_fields(&body.outcome, &reason, &note)?;
    decision_answer(store.decide_proposal(&proposal, Decider::ApiKey(client.key_id.as_str()), &decision).await?)
}

/// The creditor's disputes, oldest first.
#[utoipa::path(
    get,
    path = "/disputes",
    tag = "disputes",
    params(
        ("status" = Option<DisputeState>, Query, description = "Which items; `open` when absent"),
        ("cursor" = Option<String>, Query, pattern = "^-?[0-9]{1,18}[.][0-9A-Za-z_-]{1,64}$",
            description = "The `next_cursor` of the page before"),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 100, description = "How many items a page holds; 50 when absent"),
    ),
    responses(
        (status = 200, body = DisputePage),
        (status = 400, description = "A status, cursor or limit the list does not know", body = ApiError),
        (status = 401, body = ApiError),
    ),
    security(("api_key" = []))
)]
pub async fn disputes(
    State(state): State<AppState>,
    client: ApiClient,
    q: Result<Query<ListQuery>, QueryRejection>,
) -> Result<Response, AppError> {
    let q = lists::query(q)?;
    let status = lists::status(&q, DisputeState::Open, "open, upheld, rejected")?;
    let (limit, after) = lists::page(&q)?;
    let store = &state.store;
    let listed = store.dispute_list(&client.creditor_id, status, after.as_ref(), limit + 1).await?;
    let (listed, next_cursor) =
        lists::split(listed, limit, |d| After { created_at: d.created_at, id: d.id.to_string() });
    let items = listed.into_iter().map(dispute_view).collect();
    Ok(axum::Json(DisputePage { items, next_cursor }).into_response())
}

/// Answers an open dispute, as an agent's buttons do: the claim withdrawn, reduced, or the dispute
/// rejected with an explanation the debtor reads.
#[utoipa::path(
    post,
    path = "/disputes/{id}/resolution",
    tag = "disputes",
    request_body = DisputeResolutionIn,
    params(
        ("id" = String, Path, description = "The dispute's id"),
        ("Idempotency-Key" = Option<String>, Header, min_length = 1, max_length = 255, pattern = "^[!-~]+$",
            description = "1 to 255 printable ASCII characters, new for each request: a retry with the same key and the same request answers the first answer again"),
    ),
    responses(
        (status = 200, description = "Answered", body = DecisionView),
        (status = 400, body = ApiError),
        (status = 401, body = ApiError),
        (status = 404, body = ApiError),
        (status = 409, description = "`already_decided`, `not_pending` or `request_in_progress`", body = ApiError),
        (status = 422, description = "`idempotency_key_reused`: the key was used with another request", body = ApiError),
    ),
    security(("api_key" = []))
)]
pub async fn resolve_dispute(
    State(state): State<AppState>,
    client: ApiClient,
    ApiPathId(id): ApiPathId<DisputeId>,
    JsonBody(body): JsonBody<DisputeResolutionIn>,
) -> Result<Response, AppError> {
    let store = &state.store;
    let (dispute, claim) = creditor_dispute(store, &client.creditor_id, &id).await?;
    let (amount, note) = (body.new_principal.unwrap_or_default(), body.note.unwrap_or_default());
    let decision = DisputeDecision::from_fields(&body.outcome, &amount, &note, claim.principal)?;
    let by = Decider::ApiKey(client.key_id.as_str());
    decision_answer(store.decide_dispute(&dispute, claim.principal, by, &decision).await?)
}
