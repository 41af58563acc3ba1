//! Creditors' API keys: made and revoked by an administrator, looked up by the hash of the key a
//! request carries. Only the hash and the first characters are stored; a revoked key stays listed
//! (and the decisions made with it keep their author) but opens nothing.

use crate::domain::ids::ApiKeyId;
use crate::domain::ids::{CreditorId, StaffId};
use crate::server::clock::Instant;
use sqlx::FromRow;

use super::audit::{audit_on, ActorKind, AuditAction};
use super::{Store, StoreError};

/// A key as its creditor's administrators see it in the list.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct ApiKeyRecord {
    pub id: ApiKeyId,
    pub name: String,
    pub prefix: String,
    /// The administrator who made it.
    pub created_by: String,
    pub created_at: Instant,
    pub last_used_at: Option<Instant>,
    pub revoked_at: Option<Instant>,
}

/// Who an API request comes from: a key that is not revoked, and its creditor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiClient {
    pub key_id: ApiKeyId,
    pub creditor_id: CreditorId,
    pub name: String,
}

#[derive(FromRow)]
struct ClientRow {
    key_id: ApiKeyId,
    creditor_id: CreditorId,
    name: String,
    last_used_at: Option<Instant>,
}

/// A key's last use is written at most this often, not on every request.
const LAST_USED_GRANULARITY_SECS: i64 = 60;

impl Store {
    /// Stores a new key of `creditor_id` made by the administrator `staff_id`; returns its id.
    pub async fn add_api_key(
        &self,
        staff_id: &StaffId,
        creditor_id: &CreditorId,
        name: &str,
        key_hash: &str,
        prefix: &str,
    ) -> Result<ApiKeyId, StoreError> {
        let (id, now) = (ApiKeyId::random(), self.clock().now());
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "INSERT INTO api_keys (id, creditor_id, name, key_hash, prefix, created_by, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(creditor_id)
        .bind(name)
        .bind(key_hash)
        .bind(prefix)
        .bind(staff_id)
        .bind(now)
        .execute(&mut *tx)
        .await?;
        let detail = serde_json::json!({ "key": id, "name": name, "prefix": prefix });
        audit_on(
            &mut tx,
            now,
            ActorKind::Staff,
            Some(staff_id.as_str()),
            AuditAction::ApiKeyCreated,
            Some(creditor_id.as_str()),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// The creditor's keys, newest first, revoked ones included.
    pub async fn api_keys_of(&self, creditor_id: &CreditorId) -> Result<Vec<ApiKeyRecord>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT k.id, k.name, k.prefix, s.name AS created_by, k.created_at, k.last_used_at, k.revoked_at \
             FROM api_keys k JOIN staff_users s ON s.id = k.created_by \
             WHERE k.creditor_id = $1 ORDER BY k.created_at DESC, k.id",
        )
        .bind(creditor_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// Revokes a key of `creditor_id`; false when the creditor has no such key that still works.
    pub async fn revoke_api_key(
        &self,
        staff_id: &StaffId,
        creditor_id: &CreditorId,
        key_id: &str,
    ) -> Result<bool, StoreError> {
        let now = self.clock().now();
        let mut tx = self.begin_write().await?;
        let revoked: Option<(String, String)> = sqlx::query_as(
            "UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND creditor_id = $3 AND revoked_at IS NULL \
             RETURNING name, prefix",
        )
        .bind(now)
        .bind(key_id)
        .bind(creditor_id)
        .fetch_optional(&mut *tx)
        .await?;
        let Some((name, prefix)) = revoked else {
            tx.rollback().await?;
            return Ok(false);
        };
        let detail = serde_json::json!({ "key": key_id, "name": name, "prefix": prefix });
        audit_on(
            &mut tx,
            now,
            ActorKind::Staff,
            Some(staff_id.as_str()),
            AuditAction::ApiKeyRevoked,
            Some(creditor_id.as_str()),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The working key with this hash, and notes that it was used. The note is written only
    /// when the last one is older than a minute, so a busy key is not a write on every request.
    pub async fn api_client(&self, key_hash: &str) -> Result<Option<ApiClient>, StoreError> {
        let row: Option<ClientRow> = sqlx::query_as(
            "SELECT id AS key_id, creditor_id, name, last_used_at FROM api_keys \
             WHERE key_hash = $1 AND revoked_at IS NULL",
        )
        .bind(key_hash)
        .fetch_optional(self.pool())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let now = self.clock().now();
        let stale = now - LAST_USED_GRANULARITY_SECS;
        if row.last_used_at.is_none_or(|t| t < stale) {
            // Two requests at once may both see it stale; the condition lets one of them write.
            sqlx::query(
                "UPDATE api_keys SET last_used_at = $1 WHERE id = $2 AND (last_used_at IS NULL OR last_used_at < $3)",
            )
            .bind(now)
            .bind(&row.key_id)
            .bind(stale)
            .execute(self.pool())
            .await?;
        }
        Ok(Some(ApiClient { key_id: row.key_id, creditor_id: row.creditor_id, name: row.name }))
    }
}
