//! Disputes for the debtor: the dispute page's data, `POST /claims/{id}/dispute` (a new dispute)
//! and `POST /claims/{id}/dispute/add` (more information). Both are multipart forms, so they work
//! without JavaScript; with it, the upload island sends the same form and shows its progress.
//!
//! Everything is checked before anything is stored: the reason, the explanation, every file's
//! size, number and type (by content). Then the files are sealed and the submission is stored in
//! one transaction with its files, the claim's new status and the audit line.

use axum::extract::multipart::{Multipart, MultipartRejection};
use axum::extract::State;
use axum::response::Response;

use super::auth::{DebtorAccess, DebtorClaim};
use super::clock::Clock;
use super::debtor_claims::owned_claim;
use super::debtor_forms::{back_to, error_query};
use super::decision_views::decision_view;
use super::http::AppState;
use super::store::{ClaimRecord, DisputeAddition, DisputeOpened, DisputeRecord, DisputeState, NewDispute, Store};
use super::uploads::read_submission;
use crate::dispute_data::{DisputePageData, EntryView, FeeLine, PartView, ShownDispute};
use crate::domain::decision::ItemKind;
use crate::domain::dispute::{DisputeReason, Explanation, MAX_DISPUTE_DOCUMENTS, MAX_DISPUTE_ENTRIES};
use crate::domain::dispute_part::DisputedPart;
use crate::domain::ids::ClaimId;
use crate::domain::statement::statement;
use crate::domain::{ClaimStatus, Country, InputError};
use crate::error::{AppError, PortalCode};

/// The dispute page's data, only for the debtor who owes the claim.
pub async fn dispute_page_for_debtor(
    store: &Store,
    who: &DebtorAccess,
    claim_id: &ClaimId,
) -> Result<DisputePageData, AppError> {
    let rec = owned_claim(store, who, claim_id).await?;
    let creditor = store.creditor(&rec.creditor_id).await?.ok_or_else(AppError::internal)?;
    let dispute = match store.dispute_of_claim(&rec.id).await? {
        Some(d) => Some(dispute_view(store, d, creditor.country).await?),
        None => None,
    };
    let (_, table, claim) = store.engine_inputs(&rec).await?;
    let st = statement(&claim, &table, store.clock().today_in(creditor.country))
        .map_err(|e| AppError::stored_data(&format!("claim {}", rec.id), e))?;
    let fees = (0u32..)
        .zip(st.fees.items)
        .filter(|(_, f)| f.outstanding.is_positive())
        .map(|(position, f)| FeeLine { position, kind: f.kind, outstanding: f.outstanding })
        .collect();
    Ok(DisputePageData {
        claim_id: rec.id,
        concerns: rec.concerns,
        case_number: rec.case_number,
        creditor: creditor.name,
        country: creditor.country,
        currency: creditor.currency,
        status: rec.status,
        dispute,
        fees,
    })
}

/// A dispute as both sides read it, with the creditor's answer once given; times in `country`'s
/// wall clock (the claim's).
pub async fn dispute_view(store: &Store, d: DisputeRecord, country: Country) -> Result<ShownDispute, AppError> {
    let answer = store.decision_on(ItemKind::Dispute, d.id.as_str()).await?.map(|a| decision_view(a, country));
    let part = match d.part {
        DisputedPart::Fee(_) => {
            let rec = store.claim(&d.claim_id).await?.ok_or_else(AppError::internal)?;
            PartView::of(d.part, store.domain_claim(&rec).await?.fees())
        }
        other => PartView::of(other, &[]),
    };
    Ok(ShownDispute {
        answer,
        reference: d.reference,
        reason: d.reason,
        part,
        open: d.state == DisputeState::Open,
        sent_at: Clock::local_in(d.created_at, country),
        entries: d
            .entries
            .into_iter()
            .map(|e| EntryView {
                sent_at: Clock::local_in(e.created_at, country),
                explanation: e.explanation.into(),
                documents: e.documents,
            })
            .collect(),
    })
}

pub async fn send_dispute(
    State(state): State<AppState>,
    DebtorClaim { who, claim: rec }: DebtorClaim,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    match open(&state, &who, &rec, form).await {
        Ok(()) => back_to(&rec.id, "/dispute", "sent=1", "receipt"),
        Err(e) => back_to(&rec.id, "/dispute", &error_query("error", e.code), "dispute-form"),
    }
}

async fn open(
    state: &AppState,
    who: &DebtorAccess,
    rec: &ClaimRecord,
    form: Result<Multipart, MultipartRejection>,
) -> Result<(), AppError> {
    // The form is read whole first: a browser still sending gets the answer, not a reset.
    let mut sub = read_submission(form).await?;
    match rec.status {
        ClaimStatus::Disputed => {
            return Err(AppError::new(PortalCode::AlreadyDisputed, "the claim is disputed already"))
        }
        ClaimStatus::Paid | ClaimStatus::Closed => {
            return Err(AppError::new(PortalCode::ClaimClosed, "a paid or closed claim cannot be disputed"))
        }
        ClaimStatus::DemandSent | ClaimStatus::PlanProposed | ClaimStatus::PlanActive | ClaimStatus::Contested => {}
    }
    let reason = DisputeReason::from_field(sub.field("reason"))?;
    let explanation = Explanation::new(sub.field("explanation"))?;
    // After a rejection the debtor may dispute again, with something new for the creditor to
    // weigh; an upheld dispute was settled in the debtor's favour and its answer names the way on.
    match state.store.dispute_of_claim(&rec.id).await? {
        None => {}
        Some(d) if d.state == DisputeState::Open => {
            return Err(AppError::new(PortalCode::AlreadyDisputed, "the claim has an open dispute"))
        }
        Some(d) if d.state == DisputeState::Upheld => {
            return Err(AppError::new(PortalCode::DisputeAnswered, "the claim's dispute was upheld"))
        }
        Some(rejected) if rejected.entries.iter().any(|e| same_words(e.explanation.as_str(), explanation.as_str())) => {
            return Err(InputError::DisputeNotNew.into())
        }
        Some(_) => {}
    }
    let part = DisputedPart::from_fields(sub.field("part"), sub.field("part_amount"))?;
    if !part.is_whole() {
        let (creditor, table, claim) = state.store.engine_inputs(rec).await?;
        let st = statement(&claim, &table, state.clock.today_in(creditor.country))
            .map_err(|e| AppError::stored_data(&format!("claim {}", rec.id), e))?;
        part.check(&st)?;
    }
    let documents = sub.sealed(&state.vault)?;
    let opened = state
        .store
        .open_dispute(NewDispute {
            claim_id: &rec.id,
            debtor_id: &who.debtor_id,
            reason,
            explanation: &explanation,
            status_before: rec.status,
            part,
            documents: &documents,
        })
        .await?;
    match opened {
        DisputeOpened::Created(_) => Ok(()),
        DisputeOpened::AlreadyOpen(_) => {
            Err(AppError::new(PortalCode::AlreadyDisputed, "the claim is disputed already"))
        }
    }
}

/// The same text but for case and spacing: not new information.
fn same_words(a: &str, b: &str) -> bool {
    let words = |s: &str| s.split_whitespace().map(str::to_lowercase).collect::<Vec<_>>();
    words(a) == words(b)
}

pub async fn add_to_dispute(
    State(state): State<AppState>,
    DebtorClaim { who, claim: rec }: DebtorClaim,
    form: Result<Multipart, MultipartRejection>,
) -> Response {
    let added = async {
        let mut sub = read_submission(form).await?;
        let explanation = Explanation::new(sub.field("explanation"))?;
        // Bounded before anything is sealed (a cheap early answer); the store checks again where
        // it counts, in the transaction that adds.
        if let Some(open) = state.store.dispute_of_claim(&rec.id).await? {
            let documents: usize = open.entries.iter().map(|e| e.documents.len()).sum();
            if open.entries.len() >= MAX_DISPUTE_ENTRIES || documents + sub.files.len() > MAX_DISPUTE_DOCUMENTS {
                return Err(InputError::DisputeFull.into());
            }
        }
        let documents = sub.sealed(&state.vault)?;
        match state.store.add_to_dispute(&rec.id, &who.debtor_id, &explanation, &documents).await? {
            DisputeAddition::Added(d) => Ok(d),
            DisputeAddition::Full => Err(InputError::DisputeFull.into()),
            DisputeAddition::NoOpenDispute => Err(AppError::new(PortalCode::NotFound, "the claim has no open dispute")),
        }
    }
    .await;
    match added {
        Ok(_) => back_to(&rec.id, "/dispute", "added=1", "receipt"),
        Err(e) => back_to(&rec.id, "/dispute", &error_query("error", e.code), "add-form"),
    }
}
