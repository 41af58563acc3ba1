//! Hardship for the debtor: the page's data, `POST /hardship` (a statement with documents, under
//! consent) and `POST /hardship/withdraw` (consent withdrawn: everything deleted at once).

use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;

use super::auth::DebtorAccess;
use super::clock::Clock;
use super::debtor_claims::visible_claims;
use super::debtor_forms::signed_in_debtor;
use super::http::AppState;
use super::sign_in::see_other;
use super::store::{ClaimRecord, NewHardship, Store};
use super::uploads::read_submission;
use crate::domain::hardship::{HardshipStatement, CONSENT_VERSION};
use crate::domain::{Currency, InputError, Language};
use crate::error::{AppError, PortalCode};
use crate::hardship_data::{ClaimChoice, HardshipPageData, HardshipView};

/// Of the claims this session may see, the open ones (a statement can concern those), and the
/// currency their amounts are in (the first claim's; a debtor with claims in both countries gives
/// figures in that one).
async fn open_claims(store: &Store, visible: &[ClaimRecord]) -> Result<(Vec<ClaimRecord>, Currency), AppError> {
    let claims: Vec<ClaimRecord> = visible.iter().filter(|c| !c.status.is_settled()).cloned().collect();
    let currency = match claims.first() {
        Some(c) => store.creditor(&c.creditor_id).await?.ok_or_else(AppError::internal)?.currency,
        None => Currency::Sek,
    };
    Ok((claims, currency))
}

fn label(c: &ClaimRecord) -> String {
    format!("{} ({})", c.concerns, c.case_number)
}

pub async fn hardship_page_for_debtor(
    store: &Store,
    who: &DebtorAccess,
    controller: &str,
) -> Result<HardshipPageData, AppError> {
    let visible = visible_claims(store, who).await?;
    let (claims, currency) = open_claims(store, &visible).await?;
    let current = match store.hardship_of(&who.debtor_id).await? {
        Some(h) => {
            // Every claim it concerns that this session may see, paid since or not.
            Some(HardshipView {
                claims: visible.iter().filter(|c| h.claim_ids.contains(&c.id)).map(label).collect(),
                statement: h.statement,
                currency: h.currency,
                documents: h.documents,
                consent_at: Clock::local(h.consent_at),
                consent_version: h.consent_version,
            })
        }
        None => None,
    };
    Ok(HardshipPageData {
        controller: controller.to_owned(),
        currency,
        claims: claims.iter().map(|c| ClaimChoice { id: c.id.clone(), label: label(c) }).collect(),
        current,
    })
}

pub async fn share_hardship(
    State(state): State<AppState>,
    headers: HeaderMap,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    let who = match signed_in_debtor(&state, &headers).await {
        Ok(who) => who,
        Err(res) => return res,
    };
    match share(&state, &who, &headers, form).await {
        Ok(()) => see_other("/hardship?sent=1#current", None),
        Err(e) => see_other(&format!("/hardship?error={}#hardship-form", e.code), None),
    }
}

async fn share(
    state: &AppState,
    who: &DebtorAccess,
    headers: &HeaderMap,
    form: Result<Multipart, MultipartRejection>,
) -> Result<(), AppError> {
    let sub = read_submission(form).await?;
    let statement = HardshipStatement::from_fields(
        sub.field("situation"),
        sub.field("monthly_income"),
        sub.field("monthly_expenses"),
        sub.field("household_size"),
        sub.field("explanation"),
        sub.field("consent") == "yes",
    )?;
    let (claims, currency) = open_claims(&state.store, &visible_claims(&state.store, who).await?).await?;
    let chosen = sub.all("claims");
    if chosen.is_empty() {
        return Err(InputError::ClaimsMissing.into());
    }
    let mut claim_ids: Vec<String> = Vec::with_capacity(chosen.len());
    for id in chosen {
        // Only the debtor's own open claims: anything else is "not found", as everywhere.
        let claim = claims.iter().find(|c| c.id == id).ok_or_else(AppError::not_found)?;
        if !claim_ids.contains(&claim.id) {
            claim_ids.push(claim.id.clone());
        }
    }
    let documents = sub.sealed(&state.vault)?;
    let language: Language = super::error_page::language_of(headers);
    let stored = state
        .store
        .record_hardship(NewHardship {
            debtor_id: &who.debtor_id,
            statement: &statement,
            currency,
            claim_ids: &claim_ids,
            consent_version: CONSENT_VERSION,
            consent_language: language,
            documents: &documents,
        })
        .await?;
    stored.map(drop).ok_or_else(|| AppError::new(PortalCode::HardshipExists, "a statement is kept already"))
}

pub async fn withdraw_hardship(State(state): State<AppState>, headers: HeaderMap) -> Response {
    let who = match signed_in_debtor(&state, &headers).await {
        Ok(who) => who,
        Err(res) => return res,
    };
    match state.store.withdraw_hardship(&who.debtor_id).await {
        Ok(_) => see_other("/hardship?withdrawn=1", None),
        Err(e) => see_other(&format!("/hardship?error={}", AppError::from(e).code), None),
    }
}
