//! Requests that a person look at an automatic decision (GDPR Art. 22), queued for the creditor.
//! Like hardship statements, a request belongs to the letters of the session that sent it
//! (`letters`; only a session holding all of them sees it), and what the debtor wrote is sealed.

use sqlx::FromRow;

use super::audit::{audit_on, ActorKind, AuditAction};
use super::{parse_code, Store, StoreError, OF_CREDITOR};
use crate::domain::dispute::Explanation;
use crate::domain::ids::{ClaimId, CreditorId, DebtorId};
use crate::domain::text_code::text_code;
use crate::server::clock::Instant;
use crate::server::ids::new_id;

text_code! {
    pub enum ReviewState("review state") {
        Pending = "pending",
        Answered = "answered",
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewRequest {
    pub id: String,
    pub debtor_id: DebtorId,
    pub claim_id: Option<ClaimId>,
    /// The audit line of the decision, when the debtor chose one.
    pub decision: Option<i64>,
    pub explanation: Explanation,
    pub state: ReviewState,
    pub created_at: Instant,
    /// The claims of the letters the sending session held.
    pub letters: Vec<ClaimId>,
}

#[derive(FromRow)]
struct ReviewRow {
    id: String,
    debtor_id: DebtorId,
    claim_id: Option<ClaimId>,
    decision: Option<i64>,
    explanation: String,
    state: String,
    created_at: Instant,
}

const COLUMNS: &str = "id, debtor_id, claim_id, decision, explanation, state, created_at";

/// What a request's sealed words are bound to: its own row.
fn purpose(review_id: &str) -> String {
    format!("review:{review_id}")
}

impl Store {
    async fn complete_review(&self, r: ReviewRow) -> Result<ReviewRequest, StoreError> {
        let letters: Vec<(ClaimId,)> =
            sqlx::query_as("SELECT claim_id FROM review_letters WHERE review_id = $1 ORDER BY claim_id")
                .bind(&r.id)
                .fetch_all(self.pool())
                .await?;
        Ok(ReviewRequest {
            explanation: Explanation::new(&self.open_text(&purpose(&r.id), &r.explanation)?)
                .map_err(|_| StoreError::Corrupt(format!("explanation of review {}", r.id)))?,
            state: parse_code(&r.state)?,
            letters: letters.into_iter().map(|(c,)| c).collect(),
            id: r.id,
            debtor_id: r.debtor_id,
            claim_id: r.claim_id,
            decision: r.decision,
            created_at: r.created_at,
        })
    }
}

/// A debtor's request for review, and the limit of requests that may wait at once.
pub struct NewReview<'a> {
    pub debtor_id: &'a DebtorId,
    pub claim_id: Option<&'a ClaimId>,
    pub decision: Option<i64>,
    pub explanation: &'a Explanation,
    /// The letters it is shared through.
    pub letters: &'a [ClaimId],
    /// How many waiting requests that `counts` counts may wait at once.
    pub limit: usize,
    /// Whether a waiting request, by the letters it was shared through, counts towards `limit`.
    pub counts: &'a (dyn Fn(&[ClaimId]) -> bool + Sync),
}

#[derive(Debug)]
pub enum ReviewRecorded {
    Created(ReviewRequest),
    /// The same request waits already; nothing was stored.
    AlreadyWaiting,
    /// `limit` requests wait already; nothing was stored.
    LimitReached,
}

impl Store {
    /// Stores the request, unless the same one waits already or the limit is reached.
    pub async fn request_review(&self, new: NewReview<'_>) -> Result<ReviewRecorded, StoreError> {
        let NewReview { debtor_id, claim_id, decision, explanation, letters, limit, counts } = new;
        let id = new_id();
        let now = self.clock().now();
        let sealed = self.seal_text(&purpose(&id), explanation.as_str())?;
        let mut tx = self.begin_write().await?;
        // The debtor's row is locked first (a no-op update: SQLite's write transaction is one at a
        // time already, PostgreSQL makes a second one wait here), so the same request sent twice
        // at once finds the first below instead of both being stored.
        sqlx::query("UPDATE debtors SET id = id WHERE id = $1").bind(debtor_id).execute(&mut *tx).await?;
        let waiting: Vec<(String, Option<i64>, String)> =
            sqlx::query_as("SELECT id, decision, explanation FROM review_requests WHERE debtor_id = $1 AND state = $2")
                .bind(debtor_id)
                .bind(ReviewState::Pending.as_str())
                .fetch_all(&mut *tx)
                .await?;
        for (other, other_decision, words) in &waiting {
            // One decision waits for a person once; a request about none is the same request when
            // it says the same.
            let same = match (decision, other_decision) {
                (Some(d), Some(o)) => d == *o,
                (None, None) => self.open_text(&purpose(other), words)? == explanation.as_str(),
                _ => false,
            };
            if same {
                tx.rollback().await?;
                return Ok(ReviewRecorded::AlreadyWaiting);
            }
        }
        // The limit is counted here, under the debtor's lock: counted before it, six requests
        // sent at once would each see four waiting and all be stored.
        let waiting_letters: Vec<(String, ClaimId)> = sqlx::query_as(
            "SELECT l.review_id, l.claim_id FROM review_letters l JOIN review_requests r ON r.id = l.review_id \
             WHERE r.debtor_id = $1 AND r.state = $2",
        )
        .bind(debtor_id)
        .bind(ReviewState::Pending.as_str())
        .fetch_all(&mut *tx)
        .await?;
        let counted = waiting
            .iter()
            .filter(|(other, _, _)| {
                let of_it: Vec<ClaimId> =
                    waiting_letters.iter().filter(|(r, _)| r == other).map(|(_, c)| c.clone()).collect();
                counts(&of_it)
            })
            .count();
        if counted >= limit {
            tx.rollback().await?;
            return Ok(ReviewRecorded::LimitReached);
        }
        sqlx::query(
            "INSERT INTO review_requests (id, debtor_id, claim_id, decision, explanation, state, created_at, creditor_id) \
             VALUES ($1, $2, $3, $4, $5, $7, $6, (SELECT creditor_id FROM claims WHERE id = $3))",
        )
        .bind(&id)
        .bind(debtor_id)
        .bind(claim_id)
        .bind(decision)
        .bind(&sealed)
        .bind(now)
        .bind(ReviewState::Pending.as_str())
        .execute(&mut *tx)
        .await?;
        for claim in letters {
            sqlx::query("INSERT INTO review_letters (review_id, claim_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
                .bind(&id)
                .bind(claim)
                .execute(&mut *tx)
                .await?;
        }
        let detail = serde_json::json!({ "review": id, "decision": decision });
        let subject = claim_id.map_or(debtor_id.as_str(), ClaimId::as_str);
        audit_on(
            &mut tx,
            now,
            ActorKind::Debtor,
            Some(debtor_id.as_str()),
            AuditAction::ReviewRequested,
            Some(subject),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(ReviewRecorded::Created(ReviewRequest {
            id,
            debtor_id: debtor_id.clone(),
            claim_id: claim_id.cloned(),
            decision,
            explanation: explanation.clone(),
            state: ReviewState::Pending,
            created_at: now,
            letters: letters.to_vec(),
        }))
    }

    /// The debtor's requests, newest first.
    pub async fn review_requests_of(&self, debtor_id: &DebtorId) -> Result<Vec<ReviewRequest>, StoreError> {
        let rows: Vec<ReviewRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM review_requests WHERE debtor_id = $1 ORDER BY created_at DESC, id"
        ))
        .bind(debtor_id)
        .fetch_all(self.pool())
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            out.push(self.complete_review(r).await?);
        }
        Ok(out)
    }

    /// The request, only when it is about a claim of `creditor_id`'s (one about no claim is the
    /// portal operator's): the query's own condition.
    pub async fn creditors_review_request(
        &self,
        creditor_id: &CreditorId,
        id: &str,
    ) -> Result<Option<ReviewRequest>, StoreError> {
        self.one_review(&format!("id = $1 AND {OF_CREDITOR}"), &[id, creditor_id.as_str()]).await
    }

    pub async fn review_request(&self, id: &str) -> Result<Option<ReviewRequest>, StoreError> {
        self.one_review("id = $1", &[id]).await
    }

    async fn one_review(&self, condition: &str, values: &[&str]) -> Result<Option<ReviewRequest>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM review_requests WHERE {condition}");
        let query = values.iter().fold(sqlx::query_as(&sql), |q, v| q.bind(*v));
        let row: Option<ReviewRow> = query.fetch_optional(self.pool()).await?;
        match row {
            Some(r) => Ok(Some(self.complete_review(r).await?)),
            None => Ok(None),
        }
    }
}
