//! A debtor's hardship statements: each with the claims it concerns, the letters it was shared
//! through, its documents and the consent it was given under. A statement belongs to the letters
//! it was shared through: only a session holding all of them sees it (`ClaimScope::holds_all`),
//! so one statement per set of letters. Withdrawing the consent deletes all of it at once, in one
//! transaction; the audit log then says only that it was withdrawn.

use sqlx::FromRow;

use super::audit::{audit_on, ActorKind, AuditAction};
use super::documents::{insert_documents_on, DocumentOwner, NewDocument, Owner};
use super::{is_unique_violation, parse_code, Store, StoreError};
use crate::domain::dispute::Explanation;
use crate::domain::document::DocumentInfo;
use crate::domain::hardship::HardshipStatement;
use crate::domain::ids::ClaimId;
use crate::domain::ids::DebtorId;
use crate::domain::{Currency, Language, Money};
use crate::server::clock::Instant;
use crate::server::ids::new_id;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HardshipRecord {
    pub id: String,
    pub debtor_id: DebtorId,
    pub statement: HardshipStatement,
    /// The currency the amounts are in (the debtor's claims' country).
    pub currency: Currency,
    pub claim_ids: Vec<ClaimId>,
    /// The claims of the letters the sharing session held (every claim it concerns among them).
    pub letters: Vec<ClaimId>,
    pub consent_version: String,
    pub consent_language: Language,
    pub consent_at: Instant,
    pub created_at: Instant,
    pub documents: Vec<DocumentInfo>,
}

pub struct NewHardship<'a> {
    pub debtor_id: &'a DebtorId,
    pub statement: &'a HardshipStatement,
    pub currency: Currency,
    pub claim_ids: &'a [ClaimId],
    /// The claims of the letters the sharing session holds.
    pub letters: &'a [ClaimId],
    pub consent_version: &'a str,
    pub consent_language: Language,
    pub documents: &'a [NewDocument],
}

#[derive(FromRow)]
struct HardshipRow {
    id: String,
    debtor_id: DebtorId,
    situation: String,
    monthly_income: Option<i64>,
    monthly_expenses: Option<i64>,
    household_size: Option<i64>,
    currency: String,
    explanation: String,
    consent_version: String,
    consent_language: String,
    consent_at: Instant,
    created_at: Instant,
}

const COLUMNS: &str = "id, debtor_id, situation, monthly_income, monthly_expenses, household_size, currency, \
    explanation, consent_version, consent_language, consent_at, created_at";

/// What a statement's sealed words are bound to: its own row.
fn purpose(hardship_id: &str) -> String {
    format!("hardship:{hardship_id}")
}

fn corrupt(what: String) -> StoreError {
    StoreError::Corrupt(what)
}

impl Store {
    /// Stores the statement unless the debtor has one shared through the same letters already
    /// (`None`): one at a time, replaced by withdrawing it and sending a new one.
    pub async fn record_hardship(&self, h: NewHardship<'_>) -> Result<Option<HardshipRecord>, StoreError> {
        let id = new_id();
        let explanation = self.seal_text(&purpose(&id), h.statement.explanation.as_str())?;
        let mut letters = h.letters.to_vec();
        letters.sort();
        letters.dedup();
        let now = self.clock().now();
        let s = h.statement;
        let mut tx = self.begin_write().await?;
        let inserted = sqlx::query(&format!(
            "INSERT INTO hardship ({COLUMNS}, letters_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)"
        ))
        .bind(&id)
        .bind(h.debtor_id)
        .bind(s.situation.as_str())
        .bind(s.monthly_income.map(Money::minor))
        .bind(s.monthly_expenses.map(Money::minor))
        .bind(s.household_size.map(i64::from))
        .bind(h.currency.as_str())
        .bind(&explanation)
        .bind(h.consent_version)
        .bind(h.consent_language.as_str())
        .bind(now)
        .bind(now)
        .bind(letters.iter().map(ClaimId::as_str).collect::<Vec<_>>().join(","))
        .execute(&mut *tx)
        .await;
        match inserted {
            Ok(_) => {}
            Err(e) if is_unique_violation(&e) => {
                tx.rollback().await?;
                return Ok(None);
            }
            Err(e) => return Err(e.into()),
        }
        for claim in h.claim_ids {
            sqlx::query("INSERT INTO hardship_claims (hardship_id, claim_id) VALUES ($1, $2)")
                .bind(&id)
                .bind(claim)
                .execute(&mut *tx)
                .await?;
        }
        for claim in &letters {
            sqlx::query("INSERT INTO hardship_letters (hardship_id, claim_id) VALUES ($1, $2)")
                .bind(&id)
                .bind(claim)
                .execute(&mut *tx)
                .await?;
        }
        let owner = Owner { debtor_id: h.debtor_id, claim_id: None, kind: DocumentOwner::Hardship, id: &id };
        insert_documents_on(&mut tx, &owner, h.documents, now).await?;
        // Special-category data: the log holds that it was given, never what it says.
        let detail = serde_json::json!({
            "hardship": id, "claims": h.claim_ids, "letters": letters, "documents": h.documents.len(),
            "consent_version": h.consent_version,
        });
        audit_on(
            &mut tx,
            now,
            ActorKind::Debtor,
            Some(h.debtor_id.as_str()),
            AuditAction::HardshipShared,
            Some(h.debtor_id.as_str()),
            &detail,
        )
        .await?;
        tx.commit().await?;
        self.hardship(&id).await
    }

    /// Every statement the debtor keeps, oldest first, whichever letters they were shared through:
    /// callers keep what the asking session or creditor may see.
    pub async fn hardships_of(&self, debtor_id: &DebtorId) -> Result<Vec<HardshipRecord>, StoreError> {
        let rows: Vec<HardshipRow> =
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM hardship WHERE debtor_id = $1 ORDER BY created_at, id"))
                .bind(debtor_id)
                .fetch_all(self.pool())
                .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(self.complete(r).await?);
        }
        Ok(out)
    }

    pub async fn hardship(&self, id: &str) -> Result<Option<HardshipRecord>, StoreError> {
        let row: Option<HardshipRow> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM hardship WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        match row {
            Some(r) => Ok(Some(self.complete(r).await?)),
            None => Ok(None),
        }
    }

    async fn claim_ids_in(&self, table: &str, hardship_id: &str) -> Result<Vec<ClaimId>, StoreError> {
        let rows: Vec<(ClaimId,)> =
            sqlx::query_as(&format!("SELECT claim_id FROM {table} WHERE hardship_id = $1 ORDER BY claim_id"))
                .bind(hardship_id)
                .fetch_all(self.pool())
                .await?;
        Ok(rows.into_iter().map(|(c,)| c).collect())
    }

    async fn complete(&self, r: HardshipRow) -> Result<HardshipRecord, StoreError> {
        let claims = self.claim_ids_in("hardship_claims", &r.id).await?;
        let letters = self.claim_ids_in("hardship_letters", &r.id).await?;
        let documents = self.documents_of(DocumentOwner::Hardship, &r.id).await?;
        let count = |v: Option<i64>, what: &str| {
            v.map(|n| u32::try_from(n).map_err(|_| corrupt(format!("{what} of hardship {}", r.id)))).transpose()
        };
        Ok(HardshipRecord {
            statement: HardshipStatement {
                situation: parse_code(&r.situation)?,
                monthly_income: r.monthly_income.map(Money::from_minor),
                monthly_expenses: r.monthly_expenses.map(Money::from_minor),
                household_size: count(r.household_size, "household size")?,
                explanation: Explanation::new(&self.open_text(&purpose(&r.id), &r.explanation)?)
                    .map_err(|_| corrupt(format!("explanation of hardship {}", r.id)))?,
            },
            currency: parse_code(&r.currency)?,
            claim_ids: claims,
            letters,
            consent_language: parse_code(&r.consent_language)?,
            consent_version: r.consent_version,
            consent_at: r.consent_at,
            created_at: r.created_at,
            documents,
            id: r.id,
            debtor_id: r.debtor_id,
        })
    }

    /// Consent withdrawn: the statement `id` of the debtor, its claims, letters and documents are
    /// deleted for good, now. `false` when there was nothing to delete.
    pub async fn withdraw_hardship(&self, debtor_id: &DebtorId, id: &str) -> Result<bool, StoreError> {
        let now = self.clock().now();
        let mut tx = self.begin_write().await?;
        let found: Option<(String,)> = sqlx::query_as("SELECT id FROM hardship WHERE id = $1 AND debtor_id = $2")
            .bind(id)
            .bind(debtor_id)
            .fetch_optional(&mut *tx)
            .await?;
        let Some((id,)) = found else {
            tx.rollback().await?;
            return Ok(false);
        };
        sqlx::query("DELETE FROM documents WHERE owner_kind = $1 AND owner_id = $2")
            .bind(DocumentOwner::Hardship.as_str())
            .bind(&id)
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM hardship_claims WHERE hardship_id = $1").bind(&id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM hardship_letters WHERE hardship_id = $1").bind(&id).execute(&mut *tx).await?;
        sqlx::query("DELETE FROM hardship WHERE id = $1").bind(&id).execute(&mut *tx).await?;
        let detail = serde_json::json!({ "hardship": id });
        audit_on(
            &mut tx,
            now,
            ActorKind::Debtor,
            Some(debtor_id.as_str()),
            AuditAction::HardshipWithdrawn,
            Some(debtor_id.as_str()),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }
}
