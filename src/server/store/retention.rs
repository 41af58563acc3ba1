//! Deletions at the end of a retention period (`server::retention` decides which). Each deletion is
//! one transaction with its audit line; the line holds ids, kinds and dates, never content. The
//! DELETE decides: when another process got there first it removes nothing, and nothing is audited.

use sqlx::FromRow;

use super::audit::{audit_on, ActorKind, AuditAction};
use super::documents::DocumentOwner;
use super::{parse_code, Store, StoreError};
use crate::domain::ids::{ClaimId, DebtorId, DisputeId};
use crate::domain::{ClaimStatus, Country, Currency};
use crate::server::clock::Instant;

/// A hardship statement as the retention job sees it: no content, only what decides its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptHardship {
    pub id: String,
    pub debtor_id: DebtorId,
    /// Its amounts' currency, whose country's calendar its period runs in.
    pub currency: Currency,
    pub consent_at: Instant,
    /// The status of each claim it concerns.
    pub claim_statuses: Vec<ClaimStatus>,
}

/// A decided dispute that still has evidence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptEvidence {
    pub dispute_id: DisputeId,
    pub claim_id: ClaimId,
    pub debtor_id: DebtorId,
    pub decided_at: Instant,
    pub country: Country,
}

/// What one deletion removed, for the job's report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deleted {
    pub documents: Vec<String>,
}

#[derive(FromRow)]
struct HardshipClaimRow {
    id: String,
    debtor_id: DebtorId,
    currency: String,
    consent_at: Instant,
    status: String,
}

#[derive(FromRow)]
struct EvidenceRow {
    dispute_id: DisputeId,
    claim_id: ClaimId,
    debtor_id: DebtorId,
    decided_at: Instant,
    country: String,
}

impl Store {
    /// Every statement kept, with its claims' statuses: those whose claims are all settled go
    /// whatever their age, so none can be left out by date.
    pub async fn kept_hardships(&self) -> Result<Vec<KeptHardship>, StoreError> {
        let rows: Vec<HardshipClaimRow> = sqlx::query_as(
            "SELECT h.id, h.debtor_id, h.currency, h.consent_at, c.status FROM hardship h \
             JOIN hardship_claims hc ON hc.hardship_id = h.id JOIN claims c ON c.id = hc.claim_id \
             ORDER BY h.id",
        )
        .fetch_all(self.pool())
        .await?;
        let mut out: Vec<KeptHardship> = Vec::new();
        for r in rows {
            let status = parse_code(&r.status)?;
            match out.last_mut() {
                Some(last) if last.id == r.id => last.claim_statuses.push(status),
                _ => out.push(KeptHardship {
                    currency: parse_code(&r.currency)?,
                    id: r.id,
                    debtor_id: r.debtor_id,
                    consent_at: r.consent_at,
                    claim_statuses: vec![status],
                }),
            }
        }
        Ok(out)
    }

    /// Disputes answered at or before `decided_before` that still hold documents.
    pub async fn kept_dispute_evidence(&self, decided_before: Instant) -> Result<Vec<KeptEvidence>, StoreError> {
        let rows: Vec<EvidenceRow> = sqlx::query_as(
            "SELECT d.id AS dispute_id, d.claim_id, d.debtor_id, d.decided_at, cr.country FROM disputes d \
             JOIN claims c ON c.id = d.claim_id JOIN creditors cr ON cr.id = c.creditor_id \
             WHERE d.decided_at IS NOT NULL AND d.decided_at <= $1 AND EXISTS (SELECT 1 FROM documents doc \
             JOIN dispute_entries e ON doc.owner_id = e.id WHERE doc.owner_kind = $2 AND e.dispute_id = d.id) \
             ORDER BY d.id",
        )
        .bind(decided_before)
        .bind(DocumentOwner::DisputeEntry.as_str())
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|r| {
                Ok(KeptEvidence {
                    country: parse_code(&r.country)?,
                    dispute_id: r.dispute_id,
                    claim_id: r.claim_id,
                    debtor_id: r.debtor_id,
                    decided_at: r.decided_at,
                })
            })
            .collect()
    }

    /// Deletes the statement, its claims, letters and documents, and audits that its retention
    /// ended (`why`, the day it ended) in the same transaction. `None` when it was gone already.
    pub async fn delete_hardship_at_end(
        &self,
        h: &KeptHardship,
        why: &str,
        ended_on: chrono::NaiveDate,
        now: Instant,
    ) -> Result<Option<Deleted>, StoreError> {
        let mut tx = self.begin_write().await?;
        // The statement's row first: of two jobs at once, the second waits here and finds nothing.
        let gone =
            sqlx::query("DELETE FROM hardship_claims WHERE hardship_id = $1").bind(&h.id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM hardship_letters WHERE hardship_id = $1").bind(&h.id).execute(&mut *tx).await?;
        let documents: Vec<(String,)> =
            sqlx::query_as("DELETE FROM documents WHERE owner_kind = $1 AND owner_id = $2 RETURNING id")
                .bind(DocumentOwner::Hardship.as_str())
                .bind(&h.id)
                .fetch_all(&mut *tx)
                .await?;
        let statement = sqlx::query("DELETE FROM hardship WHERE id = $1").bind(&h.id).execute(&mut *tx).await?;
        if statement.rows_affected() == 0 {
            tx.rollback().await?;
            return Ok(None);
        }
        let mut documents: Vec<String> = documents.into_iter().map(|(id,)| id).collect();
        documents.sort();
        let detail = serde_json::json!({
            "hardship": h.id,
            "documents": documents,
            "claims": gone.rows_affected(),
            "consent_at": h.consent_at,
            "why": why,
            "retention_ended_on": ended_on,
        });
        audit_on(
            &mut tx,
            now,
            ActorKind::System,
            None,
            AuditAction::HardshipRetentionEnded,
            Some(h.debtor_id.as_str()),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(Some(Deleted { documents }))
    }

    /// Deletes the documents of the dispute's entries (the entries themselves, the claim's record
    /// of the dispute, stay) and audits it in the same transaction. `None` when none were left.
    pub async fn delete_dispute_evidence(
        &self,
        e: &KeptEvidence,
        ended_on: chrono::NaiveDate,
        now: Instant,
    ) -> Result<Option<Deleted>, StoreError> {
        let mut tx = self.begin_write().await?;
        let rows: Vec<(String,)> = sqlx::query_as(
            "DELETE FROM documents WHERE owner_kind = $1 AND owner_id IN \
             (SELECT id FROM dispute_entries WHERE dispute_id = $2) RETURNING id",
        )
        .bind(DocumentOwner::DisputeEntry.as_str())
        .bind(&e.dispute_id)
        .fetch_all(&mut *tx)
        .await?;
        if rows.is_empty() {
            tx.rollback().await?;
            return Ok(None);
        }
        let mut documents: Vec<String> = rows.into_iter().map(|(id,)| id).collect();
        documents.sort();
        let detail = serde_json::json!({
            "dispute": e.dispute_id,
            "claim": e.claim_id,
            "documents": documents,
            "decided_at": e.decided_at,
            "retention_ended_on": ended_on,
        });
        audit_on(
            &mut tx,
            now,
            ActorKind::System,
            None,
            AuditAction::DisputeEvidenceRetentionEnded,
            Some(e.claim_id.as_str()),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(Some(Deleted { documents }))
    }
}
