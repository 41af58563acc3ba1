//! "My data" (GDPR Art. 15, 20, 22): the page's data, `GET /my-data/export.json` (everything held
//! about the signed-in debtor, as JSON) and `POST /my-data/review` (a person to look at an
//! automatic decision). A session opened with a letter's code sees only its letters' claims here too.

use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::Form;
use serde_json::{json, Value};

use super::auth::{Debtor, DebtorAccess};
use super::clock::Clock;
use super::debtor_claims::visible_claims;
use super::decision_views::decision_view;
use super::http::AppState;
use super::redirect::see_other;
use super::store::{ActorKind, AuditAction, AuditEntry, ClaimRecord, NewReview, ReviewRecorded, Store};
use crate::domain::decision::ItemKind;
use crate::domain::dispute::Explanation;
use crate::domain::ids::ClaimId;
use crate::domain::statement::statement;
use crate::domain::{Country, InputError};
use crate::error::{AppError, PortalCode};
use crate::server::clock::Instant;
use sha2::{Digest, Sha256};

/// Review requests one debtor may have waiting at once (security review, F6).
pub const MAX_PENDING_REVIEWS: usize = 5;
use crate::hardship_data::{Decision, DecisionKind, MyDataPageData, ReviewView};

/// The automatic decisions on the debtor's requests: plans refused or sent on instead of approved,
/// deferrals sent on instead of granted.
/// The automatic decisions a debtor may ask a person to review: the lines of `audit` (theirs)
/// about one of `claims`, each dated in its claim's country.
pub fn automatic_decisions(audit: &[AuditEntry], claims: &[(ClaimRecord, Country)]) -> Vec<Decision> {
    audit
        .iter()
        .filter_map(|a| {
            let kind = match a.action {
                AuditAction::PlanRejected => DecisionKind::PlanRejected,
                AuditAction::PlanProposed => DecisionKind::PlanNotApproved,
                AuditAction::DeferralRequested => DecisionKind::DeferralNotGranted,
                _ => return None,
            };
            let (claim, country) = claims.iter().find(|(c, _)| a.subject.as_deref() == Some(c.id.as_str()))?;
            Some(Decision {
                id: a.id,
                kind,
                date: Clock::local_in(a.at, *country).date(),
                claim: format!("{} ({})", claim.concerns, claim.case_number),
            })
        })
        .collect()
}

/// Each claim with its creditor's country: the calendar its dates are read in.
pub async fn with_countries(store: &Store, claims: Vec<ClaimRecord>) -> Result<Vec<(ClaimRecord, Country)>, AppError> {
    let mut out = Vec::with_capacity(claims.len());
    for c in claims {
        let country = store.creditor(&c.creditor_id).await?.ok_or_else(AppError::internal)?.country;
        out.push((c, country));
    }
    Ok(out)
}

/// The country whose wall clock shows a review request's time: its claim's, else the debtor's
/// first claim's. With no claim at all, Sweden: Stockholm and Oslo keep the same offset all year
/// (both follow the EU's summer time), so the choice changes no time shown.
fn review_country(claims: &[(ClaimRecord, Country)], claim_id: Option<&ClaimId>) -> Country {
    claims.iter().find(|(c, _)| Some(&c.id) == claim_id).or(claims.first()).map_or(Country::Se, |(_, country)| *country)
}

pub async fn my_data_page_for_debtor(
    store: &Store,
    who: &DebtorAccess,
    controller: &str,
    contact: &str,
) -> Result<MyDataPageData, AppError> {
    let claims = with_countries(store, visible_claims(store, who).await?).await?;
    let audit = store.audit_by(ActorKind::Debtor, who.debtor_id.as_str()).await?;
    let decisions = automatic_decisions(&audit, &claims);
    let mut requests = Vec::new();
    for r in store.review_requests_of(&who.debtor_id).await? {
        // Only what was sent through letters this session holds.
        if !who.claims.holds_all(&r.letters) {
            continue;
        }
        let country = review_country(&claims, r.claim_id.as_ref());
        requests.push(ReviewView {
            sent_at: Clock::local_in(r.created_at, country),
            decision: r.decision.and_then(|d| decisions.iter().find(|x| x.id == d).cloned()),
            answered: r.state == super::store::ReviewState::Answered,
            answer: store.decision_on(ItemKind::ReviewRequest, &r.id).await?.map(|d| decision_view(d, country)),
            explanation: r.explanation.into(),
        });
    }
    Ok(MyDataPageData { controller: controller.to_owned(), contact: contact.to_owned(), decisions, requests })
}

#[derive(serde::Deserialize)]
pub struct ReviewForm {
    #[serde(default)]
    decision: String,
    #[serde(default)]
    explanation: String,
}

pub async fn request_review(
    State(state): State<AppState>,
    Debtor(who): Debtor,
    Form(form): Form<ReviewForm>,
) -> Response {
    let outcome = async {
        let explanation = Explanation::new(&form.explanation)?;
        let (decision, claim) = if form.decision.trim().is_empty() {
            (None, None)
        } else {
            // Only a decision on this debtor's own requests, in a claim this session may see.
            let claims = with_countries(&state.store, visible_claims(&state.store, &who).await?).await?;
            let audit = state.store.audit_by(ActorKind::Debtor, who.debtor_id.as_str()).await?;
            let id: i64 = form.decision.trim().parse().map_err(|_| AppError::not_found())?;
            let found = automatic_decisions(&audit, &claims)
                .into_iter()
                .find(|d| d.id == id)
                .ok_or_else(AppError::not_found)?;
            // An automatic decision's subject is the claim it was made on.
            let claim =
                audit.iter().find(|a| a.id == found.id).and_then(|a| a.subject.as_deref()?.parse::<ClaimId>().ok());
            (Some(found.id), claim)
        };
        let concerns: Vec<ClaimId> = claim.iter().cloned().collect();
        let letters = who.claims.sharing_letters(&concerns);
        // Requests wait for a person; a few at a time are plenty and the queue stays workable.
        // Counted among this session's letters': someone holding one letter cannot use up the
        // requests of another.
        let review = NewReview {
            debtor_id: &who.debtor_id,
            claim_id: claim.as_ref(),
            decision,
            explanation: &explanation,
            letters: &letters,
            limit: MAX_PENDING_REVIEWS,
            counts: &|shared: &[ClaimId]| who.claims.holds_all(shared),
        };
        match state.store.request_review(review).await? {
            ReviewRecorded::Created(_) => Ok::<_, AppError>(()),
            ReviewRecorded::AlreadyWaiting => {
                Err(AppError::new(PortalCode::ReviewAlreadyRequested, "the same request waits for an answer already"))
            }
            ReviewRecorded::LimitReached => Err(InputError::ReviewsPending.into()),
        }
    }
    .await;
    match outcome {
        Ok(()) => see_other("/my-data?sent=1#reviews", None),
        Err(e) => see_other(&format!("/my-data?error={}#review", e.code), None),
    }
}

pub async fn export_my_data(State(state): State<AppState>, Debtor(who): Debtor, headers: HeaderMap) -> Response {
    match export(&state, &who).await {
        Ok(v) => {
            let mut res = axum::Json(v).into_response();
            res.headers_mut()
                .insert(header::CONTENT_DISPOSITION, HeaderValue::from_static("attachment; filename=\"my-data.json\""));
            res
        }
        Err(e) => super::error_page::respond(&headers, e),
    }
}

/// An instant in the export: UTC with its zone written out, so a machine reads it without knowing
/// which country's claim it belongs to.
fn at(instant: Instant) -> String {
    instant.utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

fn document_list(docs: &[crate::domain::document::DocumentInfo]) -> Value {
    json!(docs
        .iter()
        .map(|d| json!({ "id": d.id, "name": d.name, "type": d.kind, "size": d.size }))
        .collect::<Vec<_>>())
}

/// Exports opening documents at once, in the whole process: each may open 200 MB of documents.
const EXPORTS_AT_ONCE: usize = 2;

/// Every document once more, each with the SHA-256 of its content, so a copy can be checked. The
/// checksum is computed here, from the opened document: a checksum of the content kept beside the
/// sealed document would let anyone holding the database confirm a guess of what a file says.
/// One document at a time, on the blocking pool, and at most `EXPORTS_AT_ONCE` exports doing it
/// (a further one waits its turn, within the request timeout): the review found four exports of
/// 50 MB each stalling every other request.
async fn checked_documents(
    state: &AppState,
    docs: &[crate::domain::document::DocumentInfo],
) -> Result<Value, AppError> {
    static SLOTS: std::sync::OnceLock<std::sync::Arc<tokio::sync::Semaphore>> = std::sync::OnceLock::new();
    let slots = SLOTS.get_or_init(|| std::sync::Arc::new(tokio::sync::Semaphore::new(EXPORTS_AT_ONCE)));
    let _slot = slots.clone().acquire_owned().await.map_err(|_| AppError::internal())?;
    let mut out = Vec::with_capacity(docs.len());
    for info in docs {
        let Some(d) = state.store.document(&info.id).await? else { continue };
        let vault = state.vault.clone();
        let sha256 = tokio::task::spawn_blocking(move || {
            let content = vault.open(d.info.id.as_str(), &d.sealed).map_err(|e| {
                tracing::error!(document = %d.info.id, error = %e, "a stored document does not open");
                AppError::internal()
            })?;
            Ok::<_, AppError>(hex::encode(Sha256::digest(&content)))
        })
        .await
        .map_err(|_| AppError::internal())??;
        let i = info;
        out.push(json!({ "id": i.id, "name": i.name, "type": i.kind, "size": i.size, "sha256": sha256 }));
    }
    Ok(Value::Array(out))
}

/// Everything stored about the debtor that this session may see, in one document.
async fn export(state: &AppState, who: &DebtorAccess) -> Result<Value, AppError> {
    let store = &state.store;
    let debtor = store.debtor(&who.debtor_id).await?.ok_or_else(AppError::internal)?;
    let mut claims = Vec::new();
    // Every document once more in one list, with its checksum.
    let mut all_documents = Vec::new();
    for rec in visible_claims(store, who).await? {
        let (creditor, table, claim) = store.engine_inputs(&rec).await?;
        let today = state.clock.today_in(creditor.country);
        let st =
            statement(&claim, &table, today).map_err(|e| AppError::stored_data(&format!("claim {}", rec.id), e))?;
        let plans = store.proposals_of_claim(&rec.id).await?;
        let dispute = store.dispute_of_claim(&rec.id).await?;
        let deferrals = store.deferrals_of_claim(&rec.id).await?;
        // The account the debtor gave for a refund is theirs: in the copy, whole.
        let refund = store.refund_account_of_claim(&rec.id).await?;
        if let Some(d) = &dispute {
            all_documents.extend(d.entries.iter().flat_map(|e| e.documents.iter().cloned()));
        }
        claims.push(json!({
            "case_number": rec.case_number,
            "creditor": { "name": creditor.name, "org_number": creditor.org_number, "country": creditor.country },
            "concerns": rec.concerns,
            "original_invoice": rec.original_invoice,
            "principal": rec.principal,
            "currency": creditor.currency,
            "due_date": rec.due_date,
            "demand_sent_on": rec.demand_sent_on,
            "status": rec.status,
            "fees": claim.fees().iter().map(|f| json!({ "kind": f.kind, "amount": f.amount, "date": f.date })).collect::<Vec<_>>(),
            "payments": claim.payments().iter().map(|p| json!({ "amount": p.amount, "date": p.date })).collect::<Vec<_>>(),
            "statement_today": st,
            "plans_and_proposals": plans.iter().map(|p| json!({
                "state": p.state.as_str(),
                "choice": p.choice,
                "start_date": p.start_date,
                "plan_fee": p.plan_fee,
                "installment_amount": p.installment_amount,
                "total_amount": p.total_amount,
                "reasons": p.reasons,
                "created_at": at(p.created_at),
                "decided_at": p.decided_at.map(at),
                "installments": p.installments,
            })).collect::<Vec<_>>(),
            "dispute": dispute.map(|d| json!({
                "reference": d.reference,
                "reason": d.reason,
                "state": d.state.as_str(),
                "sent_at": at(d.created_at),
                "entries": d.entries.iter().map(|e| json!({
                    "sent_at": at(e.created_at),
                    "explanation": e.explanation.as_str(),
                    "documents": document_list(&e.documents),
                })).collect::<Vec<_>>(),
            })),
            "deferrals": deferrals.iter().map(|d| json!({
                "state": d.state.as_str(),
                "pay_by_before": d.pay_by_before,
                "requested_date": d.requested_date,
                "reasons": d.reasons,
                "asked_at": at(d.created_at),
                "decided_at": d.decided_at.map(at),
            })).collect::<Vec<_>>(),
            "refund_account": refund.map(|r| json!({ "account": r.account.display(), "given_at": at(r.created_at) })),
        }));
    }
    // Only what was shared through letters this session holds (`visible_hardships`).
    let hardships = super::hardship::visible_hardships(store, who).await?;
    let hardship: Vec<Value> = hardships.iter().map(|h| {
        json!({
            "situation": h.statement.situation,
            "monthly_income": h.statement.monthly_income,
            "monthly_expenses": h.statement.monthly_expenses,
            "household_size": h.statement.household_size,
            "currency": h.currency,
            "explanation": h.statement.explanation.as_str(),
            "claims": h.claim_ids.iter().filter(|c| who.claims.allows(c)).collect::<Vec<_>>(),
            "consent": { "text_version": h.consent_version, "language": h.consent_language, "given_at": at(h.consent_at) },
            "documents": document_list(&h.documents),
        })
    }).collect();
    let audit = store.audit_by(ActorKind::Debtor, who.debtor_id.as_str()).await?;
    // Sign-ins and letters added of this session's letters only: when and from where the person
    // used another letter is that letter's business.
    let sign_ins: Vec<Value> = audit
        .iter()
        .filter(|a| matches!(a.action, AuditAction::SignedIn | AuditAction::LetterAdded))
        .filter(|a| a.subject.as_deref().and_then(|c| c.parse::<ClaimId>().ok()).is_some_and(|c| who.claims.allows(&c)))
        .map(|a| json!({ "at": at(a.at), "what": a.action.as_str(), "detail": a.detail }))
        .collect();
    let reviews: Vec<Value> = store
        .review_requests_of(&who.debtor_id)
        .await?
        .into_iter()
        .filter(|r| who.claims.holds_all(&r.letters))
        .map(|r| json!({ "sent_at": at(r.created_at), "decision": r.decision, "explanation": r.explanation.as_str(), "state": r.state.as_str() }))
        .collect();
    all_documents.extend(hardships.into_iter().flat_map(|h| h.documents));
    let documents = checked_documents(state, &all_documents).await?;
    Ok(json!({
        "exported_at": at(state.clock.now()),
        "controller": { "name": state.config.controller_name, "contact": state.config.controller_contact },
        "debtor": { "name": debtor.name, "language": debtor.language, "email": debtor.email, "phone": debtor.phone, "address": debtor.address },
        "claims": claims,
        "hardship": hardship,
        "documents": documents,
        "review_requests": reviews,
        "sign_ins": sign_ins,
    }))
}
