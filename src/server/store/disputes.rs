//! Disputes: the dispute, its first explanation, its evidence, the claim's new status, a pending
//! plan proposal's withdrawal and the audit line are one transaction; so is each later addition.
//! The database's unique index on open disputes decides between simultaneous submissions.

use sqlx::FromRow;

use super::audit::{audit_on, ActorKind, AuditAction};
use super::documents::{insert_documents_on, DocumentOwner, NewDocument, Owner};
use super::plan_proposals::ProposalState;
use super::{is_unique_violation, parse_code, Store, StoreError, OF_CREDITOR};
use crate::domain::dispute::{DisputeReason, Explanation, MAX_DISPUTE_DOCUMENTS, MAX_DISPUTE_ENTRIES};
use crate::domain::dispute_part::{DisputedPart, PartKind};
use crate::domain::document::DocumentInfo;
use crate::domain::ids::{ClaimId, CreditorId, DebtorId, DisputeId};
use crate::domain::text_code::text_code;
use crate::domain::{ClaimStatus, Money};
use crate::server::clock::Instant;
use crate::server::ids::{new_id, new_reference};

text_code! {
    pub enum DisputeState("dispute state") {
        /// Collection is paused until the creditor answers.
        Open = "open",
        /// The creditor agreed with the debtor (the claim is corrected or withdrawn).
        Upheld = "upheld",
        /// The creditor maintains the claim; a dispute of the whole claim leaves it contested.
        Rejected = "rejected",
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisputeRecord {
    pub id: DisputeId,
    pub reference: String,
    pub claim_id: ClaimId,
    pub debtor_id: DebtorId,
    pub reason: DisputeReason,
    pub state: DisputeState,
    pub status_before: ClaimStatus,
    /// What is disputed: the whole claim, or a part of it that alone is paused.
    pub part: DisputedPart,
    pub created_at: Instant,
    /// The first explanation, then each addition, oldest first.
    pub entries: Vec<DisputeEntry>,
}

/// A claim's dispute as the claim's own pages show it ([`Store::claim_file`]): what it pauses and
/// when it was sent and added to. Its explanations and files are the dispute page's
/// ([`DisputeRecord`]), not opened on every view of the claim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisputeHead {
    pub id: DisputeId,
    pub reference: String,
    pub state: DisputeState,
    pub part: DisputedPart,
    pub created_at: Instant,
    /// When the first explanation and each addition were written, oldest first.
    pub entries_at: Vec<Instant>,
}

/// What a claim's dispute pauses now, for the payment box and the API alike: all of a claim
/// disputed or contested as a whole; otherwise the part of its latest dispute (its state and
/// part) while that is open, and after a rejection for as long as the debtor contests it (until a
/// later dispute replaces it). An upheld dispute pauses nothing: the creditor corrected or
/// withdrew the claim.
pub fn paused_part(status: ClaimStatus, latest: Option<(DisputeState, DisputedPart)>) -> Option<DisputedPart> {
    if status.is_disputed() || status.is_contested() {
        return Some(DisputedPart::Whole);
    }
    latest.filter(|(state, part)| *state != DisputeState::Upheld && !part.is_whole()).map(|(_, part)| part)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisputeEntry {
    pub id: String,
    pub explanation: Explanation,
    pub created_at: Instant,
    pub documents: Vec<DocumentInfo>,
}

pub struct NewDispute<'a> {
    pub claim_id: &'a ClaimId,
    pub debtor_id: &'a DebtorId,
    pub reason: DisputeReason,
    pub explanation: &'a Explanation,
    pub status_before: ClaimStatus,
    pub part: DisputedPart,
    pub documents: &'a [NewDocument],
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DisputeOpened {
    Created(DisputeRecord),
    /// The claim had an open dispute already; nothing was written.
    AlreadyOpen(DisputeRecord),
}

/// What came of adding to a claim's dispute.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DisputeAddition {
    Added(DisputeRecord),
    /// The claim has no open dispute of this debtor's; nothing was written.
    NoOpenDispute,
    /// The dispute holds as many entries or documents as it takes; nothing was written.
    Full,
}

#[derive(FromRow)]
pub(super) struct DisputeRow {
    pub(super) id: DisputeId,
    pub(super) reference: String,
    pub(super) claim_id: ClaimId,
    pub(super) debtor_id: DebtorId,
    pub(super) reason: String,
    pub(super) state: String,
    pub(super) status_before: String,
    pub(super) part_kind: String,
    pub(super) part_amount: Option<i64>,
    pub(super) part_fee_position: Option<i64>,
    pub(super) created_at: Instant,
}

impl DisputeRow {
    pub(super) fn part(&self) -> Result<DisputedPart, StoreError> {
        let fee = self.part_fee_position.map(u32::try_from).transpose().ok().flatten();
        DisputedPart::from_columns(parse_code(&self.part_kind)?, self.part_amount.map(Money::from_minor), fee)
            .ok_or_else(|| StoreError::Corrupt(format!("part of dispute {}", self.id)))
    }

    /// The dispute as the claim's pages show it, with its entries' times.
    pub(super) fn into_head(self, entries_at: Vec<Instant>) -> Result<DisputeHead, StoreError> {
        Ok(DisputeHead {
            part: self.part()?,
            state: parse_code(&self.state)?,
            id: self.id,
            reference: self.reference,
            created_at: self.created_at,
            entries_at,
        })
    }
}

#[derive(FromRow)]
struct EntryRow {
    id: String,
    explanation: String,
    created_at: Instant,
}

pub(super) const COLUMNS: &str =
    "id, reference, claim_id, debtor_id, reason, state, status_before, part_kind, part_amount, part_fee_position, created_at";

impl Store {
    /// Opens a dispute unless the claim has an open one, which is returned instead. A dispute of
    /// the whole claim makes it `disputed`; a partial one leaves its status (and a proposal
    /// waiting) as it was: only the part is paused, the rest stays payable.
    pub async fn open_dispute(&self, d: NewDispute<'_>) -> Result<DisputeOpened, StoreError> {
        let (id, entry_id, reference) = (DisputeId::random(), new_id(), new_reference("D"));
        let now = self.clock().now();
        let whole = d.part.is_whole();
        let mut tx = self.begin_write().await?;
        // A proposal waiting for the creditor is moot once the claim is disputed; the dispute keeps
        // the status the claim had before that proposal, for the creditor's answer to restore.
        let pending: Option<(String, String)> = if whole {
            sqlx::query_as("SELECT id, status_before FROM plan_proposals WHERE claim_id = $1 AND state = $2")
                .bind(d.claim_id)
                .bind(ProposalState::Pending.as_str())
                .fetch_optional(&mut *tx)
                .await?
        } else {
            None
        };
        let status_before = match &pending {
            Some((_, before)) => parse_code(before)?,
            None => d.status_before,
        };
        let (part_kind, part_amount, part_fee) = d.part.columns();
        let inserted = sqlx::query(&format!(
            "INSERT INTO disputes ({COLUMNS}, decided_at, creditor_id) \
             VALUES ($1, $2, $3, $4, $5, $11, $6, $7, $8, $9, $10, NULL, (SELECT creditor_id FROM claims WHERE id = $3))"
        ))
        .bind(&id)
        .bind(&reference)
        .bind(d.claim_id)
        .bind(d.debtor_id)
        .bind(d.reason.as_str())
        .bind(status_before.as_str())
        .bind(part_kind.as_str())
        .bind(part_amount.map(Money::minor))
        .bind(part_fee.map(i64::from))
        .bind(now)
        .bind(DisputeState::Open.as_str())
        .execute(&mut *tx)
        .await;
        match inserted {
            Ok(_) => {}
            Err(e) if is_unique_violation(&e) => {
                tx.rollback().await?;
                let open = self.dispute_of_claim(d.claim_id).await?.filter(|o| o.state == DisputeState::Open);
                return open
                    .map(DisputeOpened::AlreadyOpen)
                    .ok_or_else(|| StoreError::Corrupt("an open dispute vanished".into()));
            }
            Err(e) => return Err(e.into()),
        }
        let sealed = self.seal_text(&entry_purpose(&entry_id), d.explanation.as_str())?;
        insert_entry_on(&mut tx, &id, &entry_id, &sealed, now).await?;
        let owner = Owner {
            debtor_id: d.debtor_id,
            claim_id: Some(d.claim_id),
            kind: DocumentOwner::DisputeEntry,
            id: &entry_id,
        };
        insert_documents_on(&mut tx, &owner, d.documents, now).await?;
        if let Some((proposal, _)) = &pending {
            sqlx::query("UPDATE plan_proposals SET state = $3, decided_at = $1 WHERE id = $2")
                .bind(now)
                .bind(proposal)
                .bind(ProposalState::Withdrawn.as_str())
                .execute(&mut *tx)
                .await?;
            let detail = serde_json::json!({ "proposal": proposal, "because": "disputed" });
            audit_on(
                &mut tx,
                now,
                ActorKind::Debtor,
                Some(d.debtor_id.as_str()),
                AuditAction::PlanWithdrawn,
                Some(d.claim_id.as_str()),
                &detail,
            )
            .await?;
        }
        if whole {
            sqlx::query("UPDATE claims SET status = $1 WHERE id = $2")
                .bind(ClaimStatus::Disputed.as_str())
                .bind(d.claim_id)
                .execute(&mut *tx)
                .await?;
        }
        // What the debtor wrote stays in the dispute; the log says only that it happened.
        let detail = serde_json::json!({
            "dispute": id, "reference": reference, "reason": d.reason, "documents": d.documents.len(),
            "part": part_kind, "part_amount": part_amount.map(Money::minor), "part_fee_position": part_fee,
        });
        audit_on(
            &mut tx,
            now,
            ActorKind::Debtor,
            Some(d.debtor_id.as_str()),
            AuditAction::DisputeOpened,
            Some(d.claim_id.as_str()),
            &detail,
        )
        .await?;
        tx.commit().await?;
        let created = self.dispute(&id).await?.ok_or_else(|| StoreError::Corrupt("a new dispute vanished".into()))?;
        Ok(DisputeOpened::Created(created))
    }

    /// Adds an explanation (and files) to the claim's open dispute. `None` when it has none.
    pub async fn add_to_dispute(
        &self,
        claim_id: &ClaimId,
        debtor_id: &DebtorId,
        explanation: &Explanation,
        documents: &[NewDocument],
    ) -> Result<DisputeAddition, StoreError> {
        let Some(open) = self.dispute_of_claim(claim_id).await?.filter(|d| d.state == DisputeState::Open) else {
            return Ok(DisputeAddition::NoOpenDispute);
        };
        if open.debtor_id != debtor_id.clone() {
            return Ok(DisputeAddition::NoOpenDispute);
        }
        let entry_id = new_id();
        let now = self.clock().now();
        let mut tx = self.begin_write().await?;
        // The dispute's row is written first, so its lock (PostgreSQL) or the write lock (SQLite)
        // is held while it is counted: additions sent at once cannot all pass the bounds.
        sqlx::query("UPDATE disputes SET id = id WHERE id = $1").bind(&open.id).execute(&mut *tx).await?;
        let (entries,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM dispute_entries WHERE dispute_id = $1")
            .bind(&open.id)
            .fetch_one(&mut *tx)
            .await?;
        let (files,): (i64,) = sqlx::query_as(
            "SELECT COUNT(*) FROM documents WHERE owner_kind = $1 AND owner_id IN \
             (SELECT id FROM dispute_entries WHERE dispute_id = $2)",
        )
        .bind(DocumentOwner::DisputeEntry.as_str())
        .bind(&open.id)
        .fetch_one(&mut *tx)
        .await?;
        let full = usize::try_from(entries).unwrap_or(usize::MAX) >= MAX_DISPUTE_ENTRIES
            || usize::try_from(files).unwrap_or(usize::MAX).saturating_add(documents.len()) > MAX_DISPUTE_DOCUMENTS;
        if full {
            tx.rollback().await?;
            return Ok(DisputeAddition::Full);
        }
        let sealed = self.seal_text(&entry_purpose(&entry_id), explanation.as_str())?;
        insert_entry_on(&mut tx, &open.id, &entry_id, &sealed, now).await?;
        let owner = Owner { debtor_id, claim_id: Some(claim_id), kind: DocumentOwner::DisputeEntry, id: &entry_id };
        insert_documents_on(&mut tx, &owner, documents, now).await?;
        let detail = serde_json::json!({ "dispute": open.id, "entry": entry_id, "documents": documents.len() });
        audit_on(
            &mut tx,
            now,
            ActorKind::Debtor,
            Some(debtor_id.as_str()),
            AuditAction::DisputeAdded,
            Some(claim_id.as_str()),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(self.dispute(&open.id).await?.map_or(DisputeAddition::NoOpenDispute, DisputeAddition::Added))
    }

    pub async fn dispute(&self, id: &DisputeId) -> Result<Option<DisputeRecord>, StoreError> {
        self.one_dispute("id = $1", &[id.as_str()]).await
    }

    /// The dispute, only when it is on a claim of `creditor_id`'s: the query's own condition.
    pub async fn creditors_dispute(
        &self,
        creditor_id: &CreditorId,
        id: &DisputeId,
    ) -> Result<Option<DisputeRecord>, StoreError> {
        self.one_dispute(&format!("id = $1 AND {OF_CREDITOR}"), &[id.as_str(), creditor_id.as_str()]).await
    }

    async fn one_dispute(&self, condition: &str, values: &[&str]) -> Result<Option<DisputeRecord>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM disputes WHERE {condition}");
        let query = values.iter().fold(sqlx::query_as(&sql), |q, v| q.bind(*v));
        let row: Option<DisputeRow> = query.fetch_optional(self.pool()).await?;
        match row {
            Some(row) => Ok(Some(self.with_entries(row).await?)),
            None => Ok(None),
        }
    }

    /// The claim's open dispute, or else its latest one.
    pub async fn dispute_of_claim(&self, claim_id: &ClaimId) -> Result<Option<DisputeRecord>, StoreError> {
        let row: Option<DisputeRow> =
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM disputes WHERE claim_id = $1 {OPEN_FIRST_THEN_NEWEST}"))
                .bind(claim_id)
                .bind(DisputeState::Open.as_str())
                .fetch_optional(self.pool())
                .await?;
        match row {
            Some(row) => Ok(Some(self.with_entries(row).await?)),
            None => Ok(None),
        }
    }

    async fn with_entries(&self, r: DisputeRow) -> Result<DisputeRecord, StoreError> {
        let rows: Vec<EntryRow> = sqlx::query_as(
            "SELECT id, explanation, created_at FROM dispute_entries WHERE dispute_id = $1 ORDER BY created_at, id",
        )
        .bind(&r.id)
        .fetch_all(self.pool())
        .await?;
        let mut documents = self.documents_of_dispute(&r.id).await?;
        let mut entries = Vec::with_capacity(rows.len());
        for e in rows {
            entries.push(DisputeEntry {
                explanation: Explanation::new(&self.open_text(&entry_purpose(&e.id), &e.explanation)?)
                    .map_err(|_| StoreError::Corrupt(format!("explanation of dispute entry {}", e.id)))?,
                documents: documents.remove(&e.id).unwrap_or_default(),
                id: e.id,
                created_at: e.created_at,
            });
        }
        Ok(DisputeRecord {
            part: r.part()?,
            reason: parse_code(&r.reason)?,
            state: parse_code(&r.state)?,
            status_before: parse_code(&r.status_before)?,
            id: r.id,
            reference: r.reference,
            claim_id: r.claim_id,
            debtor_id: r.debtor_id,
            created_at: r.created_at,
            entries,
        })
    }
}

/// What an entry's sealed explanation is bound to: its own row.
pub(super) fn entry_purpose(entry_id: &str) -> String {
    format!("dispute_entry:{entry_id}")
}

async fn insert_entry_on(
    conn: &mut sqlx::AnyConnection,
    dispute_id: &DisputeId,
    entry_id: &str,
    sealed_explanation: &str,
    now: Instant,
) -> Result<(), StoreError> {
    sqlx::query("INSERT INTO dispute_entries (id, dispute_id, explanation, created_at) VALUES ($1, $2, $3, $4)")
        .bind(entry_id)
        .bind(dispute_id)
        .bind(sealed_explanation)
        .bind(now)
        .execute(conn)
        .await?;
    Ok(())
}

/// Which of a claim's disputes is *the* dispute (`$2` bound to the open state): the open one, else
/// the newest. `dispute_of_claim` and `domain_claim` (its paused fee) read the same one.
pub(super) const OPEN_FIRST_THEN_NEWEST: &str =
    "ORDER BY CASE WHEN state = $2 THEN 0 ELSE 1 END, created_at DESC LIMIT 1";

/// The fee line a dispute of `kind` in `state` pauses: one of a fee line that is not upheld.
pub(super) fn paused_fee(state: DisputeState, kind: PartKind, position: Option<i64>) -> Option<usize> {
    position.filter(|_| kind == PartKind::Fee && state != DisputeState::Upheld).and_then(|p| usize::try_from(p).ok())
}
