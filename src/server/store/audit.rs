use sqlx::FromRow;

use super::{Store, StoreError};
use crate::server::ids::now;

/// One line of the append-only audit log (the database refuses updates and deletes).
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct AuditEntry {
    pub id: i64,
    pub at: i64,
    pub actor_kind: String,
    pub actor_id: Option<String>,
    pub action: String,
    pub subject: Option<String>,
    pub detail: String,
}

impl Store {
    pub async fn audit(
        &self,
        actor_kind: &str,
        actor_id: Option<&str>,
        action: &str,
        subject: Option<&str>,
        detail: &serde_json::Value,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO audit_log (at, actor_kind, actor_id, action, subject, detail) VALUES ($1, $2, $3, $4, $5, $6)")
            .bind(now())
            .bind(actor_kind)
            .bind(actor_id)
            .bind(action)
            .bind(subject)
            .bind(detail.to_string())
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn audit_for(&self, subject: &str) -> Result<Vec<AuditEntry>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, at, actor_kind, actor_id, action, subject, detail FROM audit_log WHERE subject = $1 ORDER BY id",
        )
        .bind(subject)
        .fetch_all(self.pool())
        .await?)
    }
}
