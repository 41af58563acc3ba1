//! The sign-in throttle's counters (rules in `auth::throttle`). Each attempt is reserved by one
//! conditional upsert per counter, in one transaction: the row lock (PostgreSQL) or the write lock
//! (SQLite) serialises parallel attempts, so the limits hold exactly however many arrive at once.

use sqlx::FromRow;

use super::{Store, StoreError};
use crate::domain::text_code::text_code;
use crate::server::auth::throttle::{
    case_delay_sql, ACCOUNT_LIMIT, ACCOUNT_WINDOW_SECS, CASE_SERIES_SECS, CLIENT_LIMIT, CLIENT_WINDOW_SECS,
};
use crate::server::clock::Instant;

text_code! {
    pub enum ThrottleScope("throttle scope") {
        /// One client (address or IPv6 /64), any case number.
        Client = "client",
        /// One case number from one client.
        CaseClient = "case_client",
        /// One case number (or staff account) from all clients together.
        Account = "account",
    }
}

/// Why an attempt was not reserved, and until when.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    Client { until: Instant },
    Case { until: Instant },
    Account { until: Instant },
}

/// A reserved attempt; the counters it took, for giving back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reservation {
    pub case_key: String,
    /// The account's key (the case number, or a staff account's throttle key).
    pub account_key: String,
    pub client_key: String,
    /// This attempt's number for the case number from this client.
    pub case_attempt: i64,
    /// Until when the next attempt on the case number must wait if this one turns out wrong.
    pub case_blocked_until: Instant,
    /// This attempt's number in the client's window.
    pub client_attempt: i64,
}

#[derive(FromRow)]
struct Counter {
    attempts: i64,
    blocked_until: Instant,
}

#[derive(FromRow)]
struct Window {
    window_start: i64,
    blocked_until: Instant,
}

pub fn case_client_key(case: &str, client: &str) -> String {
    format!("{case}|{client}")
}

impl Store {
    /// Reserves one sign-in attempt for `case` from `client`, or says until when it must wait.
    pub async fn reserve_sign_in(
        &self,
        case: &str,
        client: &str,
        now: Instant,
    ) -> Result<Result<Reservation, Refused>, StoreError> {
        let case_key = case_client_key(case, client);
        let mut tx = self.begin_write().await?;
        // The delay is set as though this attempt will fail; a right code removes the row.
        let case_sql = format!(
            "INSERT INTO sign_in_throttle (scope, key, attempts, window_start, blocked_until) VALUES ($1, $2, 1, $3, $3) \
             ON CONFLICT (scope, key) DO UPDATE SET \
               attempts = CASE WHEN sign_in_throttle.window_start <= $4 THEN 1 ELSE sign_in_throttle.attempts + 1 END, \
               window_start = CASE WHEN sign_in_throttle.window_start <= $4 THEN $3 ELSE sign_in_throttle.window_start END, \
               blocked_until = $3 + CASE WHEN sign_in_throttle.window_start <= $4 THEN 0 ELSE {} END \
             WHERE sign_in_throttle.window_start <= $4 OR sign_in_throttle.blocked_until <= $3 \
             RETURNING attempts, blocked_until",
            case_delay_sql("(sign_in_throttle.attempts + 1)")
        );
        let case_row: Option<Counter> = sqlx::query_as(&case_sql)
            .bind(ThrottleScope::CaseClient.as_str())
            .bind(&case_key)
            .bind(now)
            .bind(now - CASE_SERIES_SECS)
            .fetch_optional(&mut *tx)
            .await?;
        let Some(case_row) = case_row else {
            let until = self
                .window(&mut tx, ThrottleScope::CaseClient, &case_key)
                .await?
                .map_or(now, |w| Instant::from_unix(w.blocked_until.unix()));
            tx.rollback().await?;
            return Ok(Err(Refused::Case { until }));
        };
        let client_row: Option<Counter> = sqlx::query_as(
            "INSERT INTO sign_in_throttle (scope, key, attempts, window_start, blocked_until) VALUES ($1, $2, 1, $3, 0) \
             ON CONFLICT (scope, key) DO UPDATE SET \
               attempts = CASE WHEN sign_in_throttle.window_start <= $4 THEN 1 ELSE sign_in_throttle.attempts + 1 END, \
               window_start = CASE WHEN sign_in_throttle.window_start <= $4 THEN $3 ELSE sign_in_throttle.window_start END \
             WHERE sign_in_throttle.window_start <= $4 OR sign_in_throttle.attempts < $5 \
             RETURNING attempts, blocked_until",
        )
        .bind(ThrottleScope::Client.as_str())
        .bind(client)
        .bind(now)
        .bind(now - CLIENT_WINDOW_SECS)
        .bind(CLIENT_LIMIT)
        .fetch_optional(&mut *tx)
        .await?;
        let Some(client_row) = client_row else {
            let until = self
                .window(&mut tx, ThrottleScope::Client, client)
                .await?
                .map_or(now, |w| Instant::from_unix(w.window_start))
                + CLIENT_WINDOW_SECS;
            tx.rollback().await?;
            return Ok(Err(Refused::Client { until }));
        };
        let account_row: Option<Counter> = sqlx::query_as(
            "INSERT INTO sign_in_throttle (scope, key, attempts, window_start, blocked_until) VALUES ($1, $2, 1, $3, 0) \
             ON CONFLICT (scope, key) DO UPDATE SET \
               attempts = CASE WHEN sign_in_throttle.window_start <= $4 THEN 1 ELSE sign_in_throttle.attempts + 1 END, \
               window_start = CASE WHEN sign_in_throttle.window_start <= $4 THEN $3 ELSE sign_in_throttle.window_start END \
             WHERE sign_in_throttle.window_start <= $4 OR sign_in_throttle.attempts < $5 OR $6 = 1 \
             RETURNING attempts, blocked_until",
        )
        .bind(ThrottleScope::Account.as_str())
        .bind(case)
        .bind(now)
        .bind(now - ACCOUNT_WINDOW_SECS)
        .bind(ACCOUNT_LIMIT)
        // A client's first attempt on the account still passes the account's limit: its rightful
        // holder is never shut out for the day by strangers' guesses, while each address a guesser
        // brings buys one guess, not five.
        .bind(i64::from(case_row.attempts == 1))
        .fetch_optional(&mut *tx)
        .await?;
        if account_row.is_none() {
            let until = self
                .window(&mut tx, ThrottleScope::Account, case)
                .await?
                .map_or(now, |w| Instant::from_unix(w.window_start))
                + ACCOUNT_WINDOW_SECS;
            tx.rollback().await?;
            return Ok(Err(Refused::Account { until }));
        }
        tx.commit().await?;
        Ok(Ok(Reservation {
            case_key,
            account_key: case.to_owned(),
            client_key: client.to_owned(),
            case_attempt: case_row.attempts,
            case_blocked_until: Instant::from_unix(case_row.blocked_until.unix()),
            client_attempt: client_row.attempts,
        }))
    }

    async fn window(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        scope: ThrottleScope,
        key: &str,
    ) -> Result<Option<Window>, StoreError> {
        Ok(sqlx::query_as("SELECT window_start, blocked_until FROM sign_in_throttle WHERE scope = $1 AND key = $2")
            .bind(scope.as_str())
            .bind(key)
            .fetch_optional(&mut **tx)
            .await?)
    }

    /// The code was right (or the old one of the right letter): the attempt was no guess. The case
    /// number's count for this client and the account's count start over; the client's attempt
    /// stays counted (`auth::throttle`).
    pub async fn release_sign_in(&self, r: &Reservation) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        for (scope, key) in [(ThrottleScope::CaseClient, &r.case_key), (ThrottleScope::Account, &r.account_key)] {
            sqlx::query("DELETE FROM sign_in_throttle WHERE scope = $1 AND key = $2")
                .bind(scope.as_str())
                .bind(key)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// How many attempts a counter holds now (for tests and operations).
    pub async fn throttle_attempts(&self, scope: ThrottleScope, key: &str) -> Result<i64, StoreError> {
        #[derive(FromRow)]
        struct N {
            attempts: i64,
        }
        let row: Option<N> = sqlx::query_as("SELECT attempts FROM sign_in_throttle WHERE scope = $1 AND key = $2")
            .bind(scope.as_str())
            .bind(key)
            .fetch_optional(self.pool())
            .await?;
        Ok(row.map_or(0, |r| r.attempts))
    }

    /// Housekeeping: counters that no longer hold anyone back.
    pub async fn purge_throttle(&self, now: Instant) -> Result<u64, StoreError> {
        let r = sqlx::query("DELETE FROM sign_in_throttle WHERE blocked_until <= $1 AND window_start <= $2")
            .bind(now)
            .bind(now - CASE_SERIES_SECS.max(CLIENT_WINDOW_SECS).max(ACCOUNT_WINDOW_SECS))
            .execute(self.pool())
            .await?;
        Ok(r.rows_affected())
    }
}
