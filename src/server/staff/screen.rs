//! What every staff screen shares: the header (the staff member and their creditor), the head of
//! the claim an item is about, its itemisation today, the debtor's situation (their hardship
//! statement for the claim) and the decisions on it ([`item_frame`]).

use crate::domain::statement::{statement, Statement};
use crate::domain::DomainError;
use crate::error::AppError;
use crate::server::auth::{admin_only, StaffAccess};
use crate::server::clock::Clock;
use crate::server::decision_views::claim_history;
use crate::server::store::{ClaimRecord, CreditorRecord, DebtorRecord, StaffRole, Store};
use crate::staff_data::{ClaimHead, HardshipSummary, ShownDecision, StaffHeader};

/// The administrator's creditor; an agent is refused.
pub async fn admin_creditor(store: &Store, who: &StaffAccess) -> Result<CreditorRecord, AppError> {
    admin_only(who)?;
    store.creditor(&who.creditor_id).await?.ok_or_else(AppError::internal)
}

/// The header of every staff page; `creditor` is the staff member's (the caller has it already).
pub fn staff_header(who: &StaffAccess, creditor: &CreditorRecord) -> StaffHeader {
    StaffHeader { name: who.name.clone(), creditor: creditor.name.clone(), admin: who.role == StaffRole::Admin }
}

pub(super) async fn claim_head(
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
pub(super) async fn itemised(
    store: &Store,
    rec: &ClaimRecord,
    clock: &Clock,
) -> Result<(CreditorRecord, Statement), AppError> {
    let (creditor, table, claim) = store.engine_inputs(rec).await?;
    let fault = |e: DomainError| AppError::stored_data(&format!("claim {}", rec.id), e);
    let statement = statement(&claim, &table, clock.today_in(creditor.country)).map_err(fault)?;
    Ok((creditor, statement))
}

/// What a plan, dispute, deferral or review screen shows around its item, and the creditor for the
/// rest.
pub(super) struct ItemFrame {
    pub creditor: CreditorRecord,
    pub header: StaffHeader,
    pub claim: ClaimHead,
    /// The claim's itemisation today.
    pub statement: Statement,
    /// The debtor's newest hardship statement that concerns this claim, when they shared one.
    pub hardship: Option<HardshipSummary>,
    /// Every decision on the claim, oldest first.
    pub history: Vec<ShownDecision>,
}

/// The frame of the screen of an item on `rec`, a claim of `who`'s creditor (the caller read it
/// through `scope`).
pub(super) async fn item_frame(
    store: &Store,
    who: &StaffAccess,
    rec: &ClaimRecord,
    clock: &Clock,
) -> Result<ItemFrame, AppError> {
    let (creditor, statement) = itemised(store, rec, clock).await?;
    let debtor = store.debtor(&rec.debtor_id).await?.ok_or_else(AppError::internal)?;
    Ok(ItemFrame {
        header: staff_header(who, &creditor),
        claim: claim_head(store, rec, debtor, &creditor).await?,
        history: claim_history(store, &rec.id, creditor.country).await?,
        hardship: hardship_for(store, rec).await?,
        statement,
        creditor,
    })
}

/// The newest hardship statement of the claim's debtor that concerns this claim: a statement is
/// shared per claim, so one made for another creditor's claim stays out of sight.
async fn hardship_for(store: &Store, rec: &ClaimRecord) -> Result<Option<HardshipSummary>, AppError> {
    Ok(store
        .hardships_of(&rec.debtor_id)
        .await?
        .into_iter()
        .rfind(|h| h.claim_ids.contains(&rec.id))
        .map(|h| HardshipSummary { statement: h.statement, currency: h.currency, documents: h.documents }))
}
