//! Server-side sessions. The cookie holds a random 256-bit token; the table holds only its HMAC under
//! the server's secret key, so neither a copy of the table nor the key alone lets anyone in.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::FromRow;

use super::Method;
use crate::server::config::SecretKey;
use crate::server::ids::new_token;
use crate::server::store::{Store, StoreError};

pub const COOKIE_NAME: &str = "portal_session";
/// A session unused this long is over.
pub const IDLE_TIMEOUT_SECS: i64 = 30 * 60;
/// No session lasts longer than this, however busy.
pub const ABSOLUTE_TIMEOUT_SECS: i64 = 12 * 60 * 60;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Debtor(String),
    Staff(String),
}

impl Subject {
    fn parts(&self) -> (&'static str, &str) {
        match self {
            Subject::Debtor(id) => ("debtor", id),
            Subject::Staff(id) => ("staff", id),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub subject: Subject,
    pub created_at: i64,
}

#[derive(FromRow)]
struct Row {
    subject_kind: String,
    subject_id: String,
    created_at: i64,
    last_seen_at: i64,
}

#[derive(Clone)]
pub struct Sessions {
    store: Store,
    key: SecretKey,
}

impl Sessions {
    pub fn new(store: Store, key: SecretKey) -> Self {
        Self { store, key }
    }

    fn token_hash(&self, token: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.key.0).expect("HMAC takes any key length");
        mac.update(token.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// Opens a session and returns the token for the cookie.
    pub async fn start(&self, subject: &Subject, method: Method, now: i64) -> Result<String, StoreError> {
        let token = new_token();
        let (kind, id) = subject.parts();
        sqlx::query(
            "INSERT INTO sessions (token_hash, subject_kind, subject_id, created_at, last_seen_at, method) VALUES ($1, $2, $3, $4, $4, $5)",
        )
        .bind(self.token_hash(&token))
        .bind(kind)
        .bind(id)
        .bind(now)
        .bind(method.name())
        .execute(self.store.pool())
        .await?;
        Ok(token)
    }

    /// The live session for a cookie's token, touched so the idle timeout starts again; an expired
    /// one is deleted on the spot.
    pub async fn resolve(&self, token: &str, now: i64) -> Result<Option<Session>, StoreError> {
        if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let hash = self.token_hash(token);
        let row: Option<Row> = sqlx::query_as(
            "SELECT subject_kind, subject_id, created_at, last_seen_at FROM sessions WHERE token_hash = $1",
        )
        .bind(&hash)
        .fetch_optional(self.store.pool())
        .await?;
        let Some(row) = row else { return Ok(None) };
        if now - row.last_seen_at >= IDLE_TIMEOUT_SECS || now - row.created_at >= ABSOLUTE_TIMEOUT_SECS {
            self.end_hash(&hash).await?;
            return Ok(None);
        }
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(&hash)
            .execute(self.store.pool())
            .await?;
        let subject = match row.subject_kind.as_str() {
            "debtor" => Subject::Debtor(row.subject_id),
            "staff" => Subject::Staff(row.subject_id),
            other => return Err(StoreError::Corrupt(format!("session kind {other:?}"))),
        };
        Ok(Some(Session { subject, created_at: row.created_at }))
    }

    pub async fn end(&self, token: &str) -> Result<(), StoreError> {
        self.end_hash(&self.token_hash(token)).await
    }

    async fn end_hash(&self, hash: &str) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1").bind(hash).execute(self.store.pool()).await?;
        Ok(())
    }

    /// Housekeeping: forget sessions that can no longer be used.
    pub async fn purge_expired(&self, now: i64) -> Result<u64, StoreError> {
        let r = sqlx::query("DELETE FROM sessions WHERE last_seen_at <= $1 OR created_at <= $2")
            .bind(now - IDLE_TIMEOUT_SECS)
            .bind(now - ABSOLUTE_TIMEOUT_SECS)
            .execute(self.store.pool())
            .await?;
        Ok(r.rows_affected())
    }
}

/// The session token from a `Cookie` header, if any.
pub fn token_from_cookie_header(header: &str) -> Option<&str> {
    header
        .split(';')
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == COOKIE_NAME)
        .map(|(_, v)| v.trim())
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_the_session_cookie_among_others() {
        let h = "i18n_pref_locale=en; portal_session=abc123; other=1";
        assert_eq!(super::token_from_cookie_header(h), Some("abc123"));
        assert_eq!(super::token_from_cookie_header("portal_sessionx=1"), None);
    }
}
