//! Creditor staff accounts. Each works for one creditor; what an account may see and do follows
//! from its creditor and role, checked by `auth::staff` for every request.

use crate::domain::ids::CreditorId;
use crate::domain::ids::StaffId;
use crate::server::clock::Instant;
use sqlx::FromRow;

use super::audit::{audit_on, ActorKind, AuditAction};
use super::documents::Sealed;
use super::sealed_text::{parse_sealed, sealed_text};
use super::sessions::SubjectKind;
use super::{is_unique_violation, parse_code, Store, StoreError};
pub use crate::domain::staff_account::StaffRole;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffUserRecord {
    pub id: StaffId,
    pub creditor_id: CreditorId,
    pub email: String,
    pub name: String,
    pub role: StaffRole,
    pub password_hash: String,
    /// The password was set by an administrator: the account's owner must choose their own first.
    pub must_change_password: bool,
    /// The sealed TOTP key, when two-step sign-in is on.
    pub totp: Option<Sealed>,
}

#[derive(FromRow)]
struct StaffUserRow {
    id: StaffId,
    creditor_id: CreditorId,
    email: String,
    name: String,
    role: String,
    password_hash: String,
    must_change_password: i64,
    totp_secret: Option<String>,
}

impl TryFrom<StaffUserRow> for StaffUserRecord {
    type Error = StoreError;
    fn try_from(r: StaffUserRow) -> Result<Self, StoreError> {
        Ok(Self {
            role: parse_code(&r.role)?,
            must_change_password: r.must_change_password != 0,
            totp: r.totp_secret.as_deref().map(parse_sealed).transpose()?,
            id: r.id,
            creditor_id: r.creditor_id,
            email: r.email,
            name: r.name,
            password_hash: r.password_hash,
        })
    }
}

pub struct NewStaffUser<'a> {
    pub creditor_id: &'a CreditorId,
    pub email: &'a str,
    pub name: &'a str,
    pub role: StaffRole,
    pub password_hash: &'a str,
    /// True for a first password an administrator chose (never for the demo's accounts).
    pub must_change_password: bool,
}

/// Email addresses are compared without case: "Anna@X.se" and "anna@x.se" are one account.
pub fn canonical_email(email: &str) -> String {
    email.trim().to_lowercase()
}

const COLUMNS: &str = "id, creditor_id, email, name, role, password_hash, must_change_password, totp_secret";

/// At most this many live accounts share an address (one per creditor the person works for); a
/// sign-in checks the password against each.
pub const MAX_ACCOUNTS_PER_EMAIL: i64 = 5;

/// What came of adding an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountAdded {
    Created(StaffId),
    /// The address belongs to a live account of the creditor already; nothing was written.
    EmailTaken,
}

impl Store {
    /// An account made outside the portal's pages (the demo data, tests); not audited.
    pub async fn insert_staff_user(&self, u: NewStaffUser<'_>) -> Result<StaffId, StoreError> {
        let id = StaffId::random();
        let mut conn = self.pool().acquire().await?;
        insert_on(&mut conn, id.as_str(), self.clock().now(), &u).await?;
        Ok(id)
    }

    /// The live accounts with this address, oldest first (one per creditor at most).
    pub async fn staff_users_by_email(&self, email: &str) -> Result<Vec<StaffUserRecord>, StoreError> {
        let rows: Vec<StaffUserRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM staff_users WHERE email = $1 AND removed_at IS NULL ORDER BY created_at, id LIMIT $2"
        ))
        .bind(canonical_email(email))
        .bind(MAX_ACCOUNTS_PER_EMAIL)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(StaffUserRecord::try_from).collect()
    }

    /// The oldest live account with this address (for operations and tests).
    pub async fn staff_user_by_email(&self, email: &str) -> Result<Option<StaffUserRecord>, StoreError> {
        Ok(self.staff_users_by_email(email).await?.into_iter().next())
    }

    /// The account's own new password: the administrator's first one is gone, and every other
    /// session of the account ends (whoever knew the old password is out).
    pub async fn change_staff_password(
        &self,
        id: &StaffId,
        password_hash: &str,
        keep_session: &str,
    ) -> Result<(), StoreError> {
        let now = self.clock().now();
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE staff_users SET password_hash = $1, must_change_password = 0 WHERE id = $2")
            .bind(password_hash)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        end_other_sessions(&mut tx, id, keep_session).await?;
        let detail = serde_json::json!({ "account": id });
        audit_on(
            &mut tx,
            now,
            ActorKind::Staff,
            Some(id.as_str()),
            AuditAction::StaffPasswordChanged,
            Some(id.as_str()),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Two-step sign-in on, with the sealed key and the time step of the code that confirmed it
    /// (so that code cannot be used again). Every other session of the account ends: from now on
    /// a session is one that gave a code.
    pub async fn enable_totp(
        &self,
        id: &StaffId,
        secret: &Sealed,
        step: i64,
        keep_session: &str,
    ) -> Result<(), StoreError> {
        let now = self.clock().now();
        let mut tx = self.begin_write().await?;
        sqlx::query("UPDATE staff_users SET totp_secret = $1, totp_last_step = $2 WHERE id = $3")
            .bind(sealed_text(secret))
            .bind(step)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        end_other_sessions(&mut tx, id, keep_session).await?;
        let detail = serde_json::json!({ "account": id });
        audit_on(
            &mut tx,
            now,
            ActorKind::Staff,
            Some(id.as_str()),
            AuditAction::StaffTotpEnabled,
            Some(id.as_str()),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Takes a TOTP time step for the account: false when it (or a later one) was used already, so
    /// a code seen over someone's shoulder is good for nothing. One statement: two sign-ins with
    /// the same code at once cannot both pass.
    pub async fn use_totp_step(&self, id: &StaffId, step: i64) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "UPDATE staff_users SET totp_last_step = $1 WHERE id = $2 AND (totp_last_step IS NULL OR totp_last_step < $1)",
        )
        .bind(step)
        .bind(id)
        .execute(self.pool())
        .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn staff_user(&self, id: &StaffId) -> Result<Option<StaffUserRecord>, StoreError> {
        let row: Option<StaffUserRow> =
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM staff_users WHERE id = $1 AND removed_at IS NULL"))
                .bind(id)
                .fetch_optional(self.pool())
                .await?;
        row.map(StaffUserRecord::try_from).transpose()
    }

    /// The creditor's accounts that can sign in, by name.
    pub async fn staff_of_creditor(&self, creditor_id: &CreditorId) -> Result<Vec<StaffUserRecord>, StoreError> {
        let rows: Vec<StaffUserRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM staff_users WHERE creditor_id = $1 AND removed_at IS NULL ORDER BY name, email"
        ))
        .bind(creditor_id)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(StaffUserRecord::try_from).collect()
    }

    /// An administrator adds an account to their creditor; audited without the password's hash.
    pub async fn add_staff_user(&self, admin_id: &StaffId, u: NewStaffUser<'_>) -> Result<AccountAdded, StoreError> {
        let id = StaffId::random();
        let now = self.clock().now();
        let mut tx = self.begin_write().await?;
        let inserted = insert_on(&mut tx, id.as_str(), now, &u).await;
        match inserted {
            Ok(_) => {}
            Err(e) if is_unique_violation(&e) => {
                tx.rollback().await?;
                return Ok(AccountAdded::EmailTaken);
            }
            Err(e) => return Err(e.into()),
        }
        let detail = serde_json::json!({ "account": id, "role": u.role, "creditor": u.creditor_id });
        audit_on(
            &mut tx,
            now,
            ActorKind::Staff,
            Some(admin_id.as_str()),
            AuditAction::StaffAccountAdded,
            Some(id.as_str()),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(AccountAdded::Created(id))
    }

    /// Removes an account of `creditor_id` and ends its sessions at once. False when there is no
    /// such account that can sign in.
    pub async fn remove_staff_user(
        &self,
        admin_id: &StaffId,
        creditor_id: &CreditorId,
        id: &StaffId,
    ) -> Result<bool, StoreError> {
        let now = self.clock().now();
        let mut tx = self.begin_write().await?;
        let changed = sqlx::query(
            "UPDATE staff_users SET removed_at = $1 WHERE id = $2 AND creditor_id = $3 AND removed_at IS NULL",
        )
        .bind(now)
        .bind(id)
        .bind(creditor_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        for table in ["session_claims", "sessions"] {
            sqlx::query(&format!(
                "DELETE FROM {table} WHERE token_hash IN \
                 (SELECT token_hash FROM sessions WHERE subject_kind = $2 AND subject_id = $1)"
            ))
            .bind(id)
            .bind(SubjectKind::Staff.as_str())
            .execute(&mut *tx)
            .await?;
        }
        let detail = serde_json::json!({ "account": id });
        audit_on(
            &mut tx,
            now,
            ActorKind::Staff,
            Some(admin_id.as_str()),
            AuditAction::StaffAccountRemoved,
            Some(id.as_str()),
            &detail,
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }
}

/// Ends every session of staff account `id` but `keep` (the one that made the change).
async fn end_other_sessions(conn: &mut sqlx::AnyConnection, id: &StaffId, keep: &str) -> Result<(), StoreError> {
    for table in ["session_claims", "sessions"] {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE token_hash IN (SELECT token_hash FROM sessions \
             WHERE subject_kind = $3 AND subject_id = $1 AND token_hash <> $2)"
        ))
        .bind(id)
        .bind(keep)
        .bind(SubjectKind::Staff.as_str())
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

async fn insert_on(
    conn: &mut sqlx::AnyConnection,
    id: &str,
    now: Instant,
    u: &NewStaffUser<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO staff_users (id, creditor_id, email, name, role, password_hash, created_at, must_change_password) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(id)
    .bind(u.creditor_id)
    .bind(canonical_email(u.email))
    .bind(u.name)
    .bind(u.role.as_str())
    .bind(u.password_hash)
    .bind(now)
    .bind(i64::from(u.must_change_password))
    .execute(conn)
    .await?;
    Ok(())
}
