//! `Idempotency-Key`s of creditors' systems. The first request with a key reserves it (the
//! primary key decides between two sent at once); its answer is stored, sealed (it can hold
//! letters' access codes), and replayed for a retry of the same request. A key is the creditor's
//! own: two creditors may use the same one.

use super::audit::{audit_on, ActorKind, AuditAction};
use super::documents::Sealed;
use super::sealed_text::{parse_sealed, sealed_text};
use super::{Store, StoreError};
use crate::domain::ids::CreditorId;
use crate::server::clock::Instant;

/// What a request with an `Idempotency-Key` may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reserved {
    /// The key is new: answer the request, then `remember_answer`.
    New,
    /// The same request was answered before: this is the answer, sealed, to open and send again.
    Replay { status: u16, body: Sealed },
    /// The same request is being answered right now.
    InFlight,
    /// The key came with another request.
    OtherRequest,
}

/// How long a key is remembered; a retry later than this is a new request.
pub const IDEMPOTENCY_KEY_LIFETIME_SECS: i64 = 24 * 60 * 60;
/// A first request still unanswered after this long was cut off (far beyond any request timeout).
const ABANDONED_AFTER_SECS: i64 = 10 * 60;

impl Store {
    pub async fn reserve_idempotency_key(
        &self,
        creditor_id: &CreditorId,
        key: &str,
        request_hash: &str,
    ) -> Result<Reserved, StoreError> {
        let now = self.clock().now();
        // A key older than its lifetime is forgotten first, so it can be used again; so is one
        // whose first request never finished (the node stopped mid-request): no request runs
        // that long, and the retry is what the client needs.
        sqlx::query(
            "DELETE FROM idempotency_keys WHERE creditor_id = $1 AND idem_key = $2 \
             AND (created_at < $3 OR (status IS NULL AND created_at < $4))",
        )
        .bind(creditor_id)
        .bind(key)
        .bind(now - IDEMPOTENCY_KEY_LIFETIME_SECS)
        .bind(now - ABANDONED_AFTER_SECS)
        .execute(self.pool())
        .await?;
        let inserted = sqlx::query(
            "INSERT INTO idempotency_keys (creditor_id, idem_key, request_hash, created_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT DO NOTHING",
        )
        .bind(creditor_id)
        .bind(key)
        .bind(request_hash)
        .bind(now)
        .execute(self.pool())
        .await?;
        if inserted.rows_affected() == 1 {
            return Ok(Reserved::New);
        }
        let first: Option<(String, Option<i64>, Option<String>)> = sqlx::query_as(
            "SELECT request_hash, status, body FROM idempotency_keys WHERE creditor_id = $1 AND idem_key = $2",
        )
        .bind(creditor_id)
        .bind(key)
        .fetch_optional(self.pool())
        .await?;
        Ok(match first {
            // Forgotten between the two statements (its first request failed): the caller may retry.
            None => Reserved::InFlight,
            Some((hash, _, _)) if hash != request_hash => Reserved::OtherRequest,
            Some((_, Some(status), Some(body))) => {
                let status = u16::try_from(status).map_err(|_| StoreError::Corrupt("an answer's status".into()))?;
                Reserved::Replay { status, body: parse_sealed(&body)? }
            }
            Some(_) => Reserved::InFlight,
        })
    }

    pub async fn remember_answer(
        &self,
        creditor_id: &CreditorId,
        key: &str,
        status: u16,
        body: &Sealed,
    ) -> Result<(), StoreError> {
        sqlx::query("UPDATE idempotency_keys SET status = $1, body = $2 WHERE creditor_id = $3 AND idem_key = $4")
            .bind(i64::from(status))
            .bind(sealed_text(body))
            .bind(creditor_id)
            .bind(key)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    /// Forgets the keys past their lifetime at `now` (housekeeping, retention); returns how many.
    /// How many (never which, nor what they answered) is audited with the delete.
    pub async fn purge_idempotency_keys(&self, now: Instant) -> Result<u64, StoreError> {
        let cutoff = now - IDEMPOTENCY_KEY_LIFETIME_SECS;
        let mut tx = self.begin_write().await?;
        let done =
            sqlx::query("DELETE FROM idempotency_keys WHERE created_at < $1").bind(cutoff).execute(&mut *tx).await?;
        let n = done.rows_affected();
        if n > 0 {
            let detail = serde_json::json!({ "records": n, "created_before": cutoff });
            audit_on(&mut tx, now, ActorKind::System, None, AuditAction::IdempotencyKeysPurged, None, &detail).await?;
        }
        tx.commit().await?;
        Ok(n)
    }

    /// The first request failed on our side (nothing was changed): the key is free for a retry.
    pub async fn forget_idempotency_key(&self, creditor_id: &CreditorId, key: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM idempotency_keys WHERE creditor_id = $1 AND idem_key = $2 AND status IS NULL")
            .bind(creditor_id)
            .bind(key)
            .execute(self.pool())
            .await?;
        Ok(())
    }
}
