//! The sessions table. Only HMACs of tokens are stored (see `auth::sessions`).

use sqlx::FromRow;

use super::audit::{audit_on, ActorKind, AuditAction};
use super::{parse_code, Store, StoreError};
use crate::domain::ids::ClaimId;
use crate::domain::ids::{DebtorId, StaffId};
use crate::domain::text_code::text_code;
use crate::server::clock::Instant;

text_code! {
    /// How a session was opened; BankID (SE) and ID-porten (NO) become further methods.
    pub enum SignInMethod("sign-in method") {
        /// Case number + access code printed on the letter.
        LetterCode = "letter_code",
        /// Creditor staff's email and password.
        StaffPassword = "staff_password",
    }
}

text_code! {
    /// What a half-open staff session still waits for; it opens nothing else until then.
    pub enum Pending("session step") {
        /// The code from the authenticator app (two-step sign-in).
        SecondFactor = "second_factor",
        /// The account's own password in place of the administrator's first one.
        PasswordChange = "password_change",
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
    Debtor(DebtorId),
    Staff(StaffId),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub subject: Subject,
    pub method: SignInMethod,
    pub created_at: Instant,
    pub last_seen_at: Instant,
    pub pending: Option<Pending>,
    /// The letters' claims a letter session may see (none for other sessions).
    pub claims: Vec<ClaimId>,
}

#[derive(FromRow)]
struct SessionRow {
    subject_kind: String,
    subject_id: String,
    method: String,
    created_at: Instant,
    last_seen_at: Instant,
    pending: Option<String>,
    /// One row for each of the session's claims (`NULL` when it has none).
    claim_id: Option<ClaimId>,
}

/// A session to open: who, how, the letters' claims it may see (none for staff), and the step of
/// its sign-in still to come, if any.
pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub subject: &'a Subject,
    pub method: SignInMethod,
    pub claims: &'a [ClaimId],
    pub pending: Option<Pending>,
}

impl Store {
    /// Opens a session; with `claims`, the letters' claims it may see. The subject's oldest sessions
    /// end so that at most `max_per_subject` stay open — for a letter session, counted among those
    /// opened with the same letter (`claims[0]`), so that a household member holding one letter
    /// cannot push the debtor's sessions of another letter out.
    pub async fn insert_session(
        &self,
        s: NewSession<'_>,
        max_per_subject: i64,
        now: Instant,
    ) -> Result<(), StoreError> {
        let NewSession { token_hash, subject, method, claims, pending } = s;
        let (kind, id) = subject_columns(subject);
        let mut tx = self.begin_write().await?;
        // The subject's row is locked first (a no-op update: SQLite's write transaction is one at a
        // time already, PostgreSQL makes a second sign-in of the same person wait here), so two
        // sign-ins at once do not each count four sessions and leave six.
        let owner = match subject {
            Subject::Debtor(_) => "UPDATE debtors SET id = id WHERE id = $1",
            Subject::Staff(_) => "UPDATE staff_users SET id = id WHERE id = $1",
        };
        sqlx::query(owner).bind(id).execute(&mut *tx).await?;
        // Sessions of the subject that count towards the cap: with the same first letter, if any.
        let same = match claims.first() {
            Some(_) => {
                "subject_kind = $1 AND subject_id = $2 AND token_hash IN \
                        (SELECT token_hash FROM session_claims WHERE claim_id = $4)"
            }
            None => "subject_kind = $1 AND subject_id = $2 AND $4 = $4",
        };
        // Complete sessions are kept before half-open ones: a leaked password without the second
        // factor must not sign the account's owner out by signing in again and again.
        let keep = format!(
            "SELECT token_hash FROM sessions WHERE {same} \
             ORDER BY CASE WHEN pending IS NULL THEN 0 ELSE 1 END, created_at DESC, token_hash LIMIT $3"
        );
        // Chosen first, then deleted one by one: the choice depends on the rows being deleted.
        let evicted: Vec<(String,)> =
            sqlx::query_as(&format!("SELECT token_hash FROM sessions WHERE {same} AND token_hash NOT IN ({keep})"))
                .bind(kind.as_str())
                .bind(id)
                .bind((max_per_subject - 1).max(0))
                .bind(claims.first().map(ClaimId::as_str).unwrap_or_default())
                .fetch_all(&mut *tx)
                .await?;
        for (token,) in evicted {
            delete_session_on(&mut tx, &token).await?;
        }
        sqlx::query(
            "INSERT INTO sessions (token_hash, subject_kind, subject_id, created_at, last_seen_at, method, pending) \
             VALUES ($1, $2, $3, $4, $4, $5, $6)",
        )
        .bind(token_hash)
        .bind(kind.as_str())
        .bind(id)
        .bind(now)
        .bind(method.as_str())
        .bind(pending.map(Pending::as_str))
        .execute(&mut *tx)
        .await?;
        for claim in claims {
            add_claim(&mut tx, token_hash, claim).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Moves a session to a new token as its access widens — one more letter's claim, or the next
    /// step of a staff sign-in done (`pending` is what it waits for now): its subject, method, times
    /// and claims move to `new_hash`, and the old token stops working, so a copy of the old cookie
    /// never gains what was added. `false` when the old session is gone.
    pub async fn rekey_session(
        &self,
        old_hash: &str,
        new_hash: &str,
        claim_id: Option<&ClaimId>,
        pending: Option<Pending>,
    ) -> Result<bool, StoreError> {
        let mut tx = self.begin_write().await?;
        // The old row is locked first (a no-op update): of two moves of one session at once (a
        // double submit), the second waits here and then finds it gone, instead of both copying
        // it and the session forking in two.
        let held = sqlx::query("UPDATE sessions SET last_seen_at = last_seen_at WHERE token_hash = $1")
            .bind(old_hash)
            .execute(&mut *tx)
            .await?;
        if held.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        let moved = sqlx::query(
            "INSERT INTO sessions (token_hash, subject_kind, subject_id, created_at, last_seen_at, method, pending) \
             SELECT $1, subject_kind, subject_id, created_at, last_seen_at, method, $3 FROM sessions WHERE token_hash = $2",
        )
        .bind(new_hash)
        .bind(old_hash)
        .bind(pending.map(Pending::as_str))
        .execute(&mut *tx)
        .await?;
        if moved.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        sqlx::query("INSERT INTO session_claims (token_hash, claim_id) SELECT $1, claim_id FROM session_claims WHERE token_hash = $2")
            .bind(new_hash)
            .bind(old_hash)
            .execute(&mut *tx)
            .await?;
        if let Some(claim_id) = claim_id {
            add_claim(&mut tx, new_hash, claim_id).await?;
        }
        delete_session_on(&mut tx, old_hash).await?;
        tx.commit().await?;
        Ok(true)
    }

    /// How many sessions the subject has open (for tests and operations).
    pub async fn session_count(&self, subject: &Subject) -> Result<i64, StoreError> {
        let (kind, id) = subject_columns(subject);
        let row: sqlx::any::AnyRow =
            sqlx::query("SELECT COUNT(*) AS n FROM sessions WHERE subject_kind = $1 AND subject_id = $2")
                .bind(kind.as_str())
                .bind(id)
                .fetch_one(self.pool())
                .await?;
        Ok(sqlx::Row::try_get::<i64, _>(&row, "n")?)
    }

    /// The session with the claims it may see, in one statement: it runs before every page.
    pub async fn session(&self, token_hash: &str) -> Result<Option<SessionRecord>, StoreError> {
        let rows: Vec<SessionRow> = sqlx::query_as(
            "SELECT s.subject_kind, s.subject_id, s.method, s.created_at, s.last_seen_at, s.pending, c.claim_id \
             FROM sessions s LEFT JOIN session_claims c ON c.token_hash = s.token_hash \
             WHERE s.token_hash = $1 ORDER BY c.claim_id",
        )
        .bind(token_hash)
        .fetch_all(self.pool())
        .await?;
        let mut rows = rows.into_iter();
        let Some(first) = rows.next() else { return Ok(None) };
        let subject = match parse_code(&first.subject_kind)? {
            SubjectKind::Debtor => {
                Subject::Debtor(first.subject_id.try_into().map_err(|_| StoreError::Corrupt("session subject".into()))?)
            }
            SubjectKind::Staff => {
                Subject::Staff(first.subject_id.try_into().map_err(|_| StoreError::Corrupt("session subject".into()))?)
            }
        };
        let mut record = SessionRecord {
            subject,
            method: parse_code(&first.method)?,
            created_at: first.created_at,
            last_seen_at: first.last_seen_at,
            pending: first.pending.as_deref().map(parse_code).transpose()?,
            claims: first.claim_id.into_iter().collect(),
        };
        record.claims.extend(rows.filter_map(|r| r.claim_id));
        Ok(Some(record))
    }

    pub async fn touch_session(&self, token_hash: &str, now: Instant) -> Result<(), StoreError> {
        sqlx::query("UPDATE sessions SET last_seen_at = $1 WHERE token_hash = $2")
            .bind(now)
            .bind(token_hash)
            .execute(self.pool())
            .await?;
        Ok(())
    }

    pub async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        let mut tx = self.begin_write().await?;
        delete_session_on(&mut tx, token_hash).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Deletes sessions last used at or before `idle_before` or created at or before `created_before`;
    /// how many (never whose) is audited with the delete.
    pub async fn purge_sessions(&self, idle_before: Instant, created_before: Instant) -> Result<u64, StoreError> {
        let mut tx = self.begin_write().await?;
        sqlx::query(
            "DELETE FROM session_claims WHERE token_hash IN \
             (SELECT token_hash FROM sessions WHERE last_seen_at <= $1 OR created_at <= $2)",
        )
        .bind(idle_before)
        .bind(created_before)
        .execute(&mut *tx)
        .await?;
        let r = sqlx::query("DELETE FROM sessions WHERE last_seen_at <= $1 OR created_at <= $2")
            .bind(idle_before)
            .bind(created_before)
            .execute(&mut *tx)
            .await?;
        let n = r.rows_affected();
        if n > 0 {
            let detail =
                serde_json::json!({ "sessions": n, "idle_before": idle_before, "created_before": created_before });
            let now = self.clock().now();
            audit_on(&mut tx, now, ActorKind::System, None, AuditAction::SessionsPurged, None, &detail).await?;
        }
        tx.commit().await?;
        Ok(n)
    }
}

/// How a subject is stored: its kind and its id.
fn subject_columns(subject: &Subject) -> (SubjectKind, &str) {
    match subject {
        Subject::Debtor(id) => (SubjectKind::Debtor, id.as_str()),
        Subject::Staff(id) => (SubjectKind::Staff, id.as_str()),
    }
}

/// Ends one session on `conn`, inside the caller's transaction: its letters, then the session.
pub(super) async fn delete_session_on(conn: &mut sqlx::AnyConnection, token_hash: &str) -> Result<(), StoreError> {
    for table in ["session_claims", "sessions"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE token_hash = $1")).bind(token_hash).execute(&mut *conn).await?;
    }
    Ok(())
}

async fn add_claim(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    token_hash: &str,
    claim_id: &ClaimId,
) -> Result<(), StoreError> {
    // Adding the same letter twice is no error and changes nothing.
    sqlx::query("INSERT INTO session_claims (token_hash, claim_id) VALUES ($1, $2) ON CONFLICT DO NOTHING")
        .bind(token_hash)
        .bind(claim_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}
