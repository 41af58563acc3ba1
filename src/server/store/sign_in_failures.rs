//! Failed sign-in attempts, counted per case number and per client address (`auth::throttle`).

use sqlx::FromRow;

use super::{Store, StoreError};
use crate::domain::text_code::text_code;

text_code! {
    pub enum FailureScope("failure scope") {
        /// Keyed by the case number as typed, canonicalised.
        Case = "case",
        /// Keyed by the client's address.
        Client = "client",
    }
}

impl Store {
    /// The times of the failures for `key` after `since`.
    pub async fn recent_failures(&self, scope: FailureScope, key: &str, since: i64) -> Result<Vec<i64>, StoreError> {
        #[derive(FromRow)]
        struct At {
            at: i64,
        }
        let rows: Vec<At> = sqlx::query_as("SELECT at FROM sign_in_failures WHERE scope = $1 AND key = $2 AND at > $3")
            .bind(scope.as_str())
            .bind(key)
            .bind(since)
            .fetch_all(self.pool())
            .await?;
        Ok(rows.into_iter().map(|r| r.at).collect())
    }

    /// One failure, counted against the case number and the client together.
    pub async fn record_failure(&self, case: &str, client: &str, at: i64) -> Result<(), StoreError> {
        let mut tx = self.pool().begin().await?;
        for (scope, key) in [(FailureScope::Case, case), (FailureScope::Client, client)] {
            sqlx::query("INSERT INTO sign_in_failures (scope, key, at) VALUES ($1, $2, $3)")
                .bind(scope.as_str())
                .bind(key)
                .bind(at)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}
