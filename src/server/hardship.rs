//! Hardship for the debtor: the page's data, `POST /hardship` (a statement with documents, under
//! consent) and `POST /hardship/withdraw` (consent withdrawn: everything deleted at once). A
//! statement belongs to the letters it was shared through: a session sees, downloads, exports and
//! withdraws only the statements shared through letters it holds (`visible_hardships`).

use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::{Form, State};
use axum::http::HeaderMap;
use axum::response::Response;

use super::auth::{Debtor, DebtorAccess};
use super::clock::Clock;
use super::debtor_claims::visible_claims;
use super::http::AppState;
use super::redirect::see_other;
use super::store::{ClaimRecord, HardshipRecord, NewHardship, Store, StoreError};
use super::uploads::read_submission;
use crate::domain::hardship::{HardshipStatement, CONSENT_VERSION};
use crate::domain::ClaimId;
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

/// The debtor's statements this session may see: those shared through letters it holds.
pub async fn visible_hardships(store: &Store, who: &DebtorAccess) -> Result<Vec<HardshipRecord>, StoreError> {
    let mut all = store.hardships_of(&who.debtor_id).await?;
    all.retain(|h| who.claims.holds_all(&h.letters));
    Ok(all)
}

pub async fn hardship_page_for_debtor(
    store: &Store,
    who: &DebtorAccess,
    controller: &str,
) -> Result<HardshipPageData, AppError> {
    let visible = visible_claims(store, who).await?;
    let (claims, currency) = open_claims(store, &visible).await?;
    let current = visible_hardships(store, who)
        .await?
        .into_iter()
        .map(|h| HardshipView {
            id: h.id,
            // Every claim it concerns, paid since or not (the session holds them all).
            claims: visible.iter().filter(|c| h.claim_ids.contains(&c.id)).map(label).collect(),
            statement: h.statement,
            currency: h.currency,
            documents: h.documents,
            // A statement's figures are in one currency: its country's clock.
            consent_at: Clock::local_in(h.consent_at, h.currency.country()),
            consent_version: h.consent_version,
        })
        .collect();
    Ok(HardshipPageData {
        controller: controller.to_owned(),
        currency,
        claims: claims.iter().map(|c| ClaimChoice { id: c.id.clone(), label: label(c) }).collect(),
        current,
    })
}

pub async fn share_hardship(
    State(state): State<AppState>,
    Debtor(who): Debtor,
    headers: HeaderMap,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
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
    let mut sub = read_submission(form).await?;
    // One statement at a time for what this session holds; a statement shared through a letter it
    // does not hold is none of its business, not even that it exists.
    if !visible_hardships(&state.store, who).await?.is_empty() {
        return Err(hardship_exists());
    }
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
    let mut claim_ids: Vec<ClaimId> = Vec::with_capacity(chosen.len());
    for id in chosen {
        // Only the debtor's own open claims: anything else is "not found", as everywhere.
        let claim = claims.iter().find(|c| c.id.as_str() == id).ok_or_else(AppError::not_found)?;
        if !claim_ids.contains(&claim.id) {
            claim_ids.push(claim.id.clone());
        }
    }
    let documents = sub.sealed(&state.vault)?;
    let letters = who.claims.sharing_letters(&claim_ids);
    let language: Language = super::error_page::language_of(headers);
    let stored = state
        .store
        .record_hardship(NewHardship {
            debtor_id: &who.debtor_id,
            statement: &statement,
            currency,
            claim_ids: &claim_ids,
            letters: &letters,
            consent_version: CONSENT_VERSION,
            consent_language: language,
            documents: &documents,
        })
        .await?;
    stored.map(drop).ok_or_else(hardship_exists)
}

fn hardship_exists() -> AppError {
    AppError::new(PortalCode::HardshipExists, "a statement is kept already")
}

#[derive(serde::Deserialize)]
pub struct WithdrawForm {
    /// The statement whose consent is withdrawn (the page has a button for each).
    #[serde(default)]
    hardship: String,
}

pub async fn withdraw_hardship(
    State(state): State<AppState>,
    Debtor(who): Debtor,
    Form(form): Form<WithdrawForm>,
) -> Response {
    let outcome = async {
        // Only a statement this session sees; anything else is "not found", as everywhere.
        let visible = visible_hardships(&state.store, &who).await?;
        let h = visible.iter().find(|h| h.id == form.hardship).ok_or_else(AppError::not_found)?;
        if !state.store.withdraw_hardship(&who.debtor_id, &h.id).await? {
            return Err(AppError::not_found());
        }
        Ok::<_, AppError>(())
    }
    .await;
    match outcome {
        Ok(()) => see_other("/hardship?withdrawn=1", None),
        Err(e) => see_other(&format!("/hardship?error={}", e.code), None),
    }
}
