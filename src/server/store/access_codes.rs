//! The access codes printed on letters. Only argon2 hashes are kept. A letter has one live code at a
//! time: issuing a new one revokes the old, and every code expires.

use sqlx::FromRow;

use super::sessions::delete_session_on;
use super::{Store, StoreError};
use crate::domain::ids::ClaimId;
use crate::server::clock::Instant;
use crate::server::ids::new_id;

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct AccessCodeRecord {
    pub id: String,
    pub claim_id: ClaimId,
    pub code_hash: String,
    pub issued_at: Instant,
    pub expires_at: Instant,
    pub revoked_at: Option<Instant>,
}

impl AccessCodeRecord {
    pub fn is_live(&self, now: Instant) -> bool {
        self.revoked_at.is_none() && now < self.expires_at
    }
}

pub(super) async fn insert_code(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    claim_id: &ClaimId,
    code_hash: &str,
    now: Instant,
    expires_at: Instant,
) -> Result<String, StoreError> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO access_codes (id, claim_id, code_hash, issued_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(&id)
    .bind(claim_id)
    .bind(code_hash)
    .bind(now)
    .bind(expires_at)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}

impl Store {
    /// A letter's codes: the unrevoked one first, then those it replaced, newest first (a reissue in
    /// the same second as the code it replaces must still come first).
    pub async fn access_codes_of(&self, claim_id: &ClaimId) -> Result<Vec<AccessCodeRecord>, StoreError> {
        Ok(sqlx::query_as(
            "SELECT id, claim_id, code_hash, issued_at, expires_at, revoked_at FROM access_codes \
             WHERE claim_id = $1 ORDER BY CASE WHEN revoked_at IS NULL THEN 0 ELSE 1 END, issued_at DESC, id",
        )
        .bind(claim_id)
        .fetch_all(self.pool())
        .await?)
    }

    /// A new code for the letter; every earlier code of it stops working at once, and so does every
    /// session that holds the letter (opened with an old code or with the letter added to it): a
    /// code is reissued when the old one may be in the wrong hands.
    pub async fn replace_access_code(
        &self,
        claim_id: &ClaimId,
        code_hash: &str,
        expires_at: Instant,
    ) -> Result<String, StoreError> {
        let now = self.clock().now();
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE access_codes SET revoked_at = $1 WHERE claim_id = $2 AND revoked_at IS NULL")
            .bind(now)
            .bind(claim_id)
            .execute(&mut *tx)
            .await?;
        let id = insert_code(&mut tx, claim_id, code_hash, now, expires_at).await?;
        let holding: Vec<(String,)> = sqlx::query_as("SELECT token_hash FROM session_claims WHERE claim_id = $1")
            .bind(claim_id)
            .fetch_all(&mut *tx)
            .await?;
        for (token_hash,) in holding {
            delete_session_on(&mut tx, &token_hash).await?;
        }
        tx.commit().await?;
        Ok(id)
    }
}
