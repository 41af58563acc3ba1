//! The sessions table. Only HMACs of tokens are stored (see `auth::sessions`).

use sqlx::FromRow;

use super::{parse_code, Store, StoreError};
use crate::domain::text_code::text_code;

text_code! {
    /// How a session was opened; BankID (SE) and ID-porten (NO) become further methods.
    pub enum SignInMethod("sign-in method") {
        /// Case number + access code printed on the letter.
        LetterCode = "letter_code",
    }
}

text_code! {
    pub enum SubjectKind("session subject kind") {
        Debtor = "debtor",
        Staff = "staff",
    }
}

/// Who a session belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Debtor(String),
    Staff(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub subject: Subject,
    pub created_at: i64,
    pub last_seen_at: i64,
}

#[derive(FromRow)]
struct SessionRow {
    subject_kind: String,
    subject_id: String,
    created_at: i64,
    last_seen_at: i64,
}

impl Store {
    pub async fn insert_session(
        &self,
        token_hash: &str,
        subject: &Subject,
        method: SignInMethod,
        now: i64,
    ) -> Result<(), StoreError> {
        let (kind, id) = match subject {
            Subject::Debtor(id) => (SubjectKind::Debtor, id),
            Subject::Staff(id) => (SubjectKind::Staff, id),
        };
        sqlx::query(
            "INSERT INTO sessions (token_hash, subject_kind, subject_id, created_at, last_seen_at, method) VALUES ($1, $2, $3, $4, $4, $5)",
        )
        .bind(token_hash)
        .bind(kind.as_str())
        .bind(id)
        .bind(now)
        .bind(method.as_str())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn session(&self, token_hash: &str) -> Result<Option<SessionRecord>, StoreError> {
        let row: Option<SessionRow> = sqlx::query_as(
            "SELECT subject_kind, subject_id, created_at, last_seen_at FROM sessions WHERE token_hash = $1",
        )
        .bind(token_hash)
        .fetch_optional(self.pool())
        .await?;
        row.map(|r| {
            let subject = match parse_code(&r.subject_kind)? {
                SubjectKind::Debtor => Subject::Debtor(r.subject_id),
                SubjectKind::Staff => Subject::Staff(r.subject_id),
            };
            Ok(SessionRecord { subject, created_at: r.created_at, last_seen_at: r.last_seen_at })
        })
        .transpose()
    }

    pub async fn touch_session(&self, token_hash: &str, now: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(token_hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(token_hash).execute(self.pool()).await?;
        Ok(())
    }

    /// Deletes sessions last used at or before `idle_before` or created at or before `created_before`.
    pub async fn purge_sessions(&self, idle_before: i64, created_before: i64) -> Result<u64, StoreError> {
        let r = sqlx::query("DELETE FROM sessions WHERE last_seen_at <= $1 OR created_at <= $2")
            .bind(idle_before)
            .bind(created_before)
            .execute(self.pool())
            .await?;
        Ok(r.rows_affected())
    }
}
