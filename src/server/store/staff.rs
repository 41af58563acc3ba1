//! Creditor staff accounts. Each works for one creditor; what an account may see and do follows
//! from its creditor and role, checked by `auth::staff` for every request.

use sqlx::FromRow;

use super::audit::{audit_on, ActorKind, AuditAction};
use super::{is_unique_violation, parse_code, Store, StoreError};
pub use crate::domain::staff_account::StaffRole;
use crate::server::ids::new_id;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffUserRecord {
    pub id: String,
    pub creditor_id: String,
    pub email: String,
    pub name: String,
    pub role: StaffRole,
    pub password_hash: String,
}

#[derive(FromRow)]
struct StaffUserRow {
    id: String,
    creditor_id: String,
    email: String,
    name: String,
    role: String,
    password_hash: String,
}

impl TryFrom<StaffUserRow> for StaffUserRecord {
    type Error = StoreError;
    fn try_from(r: StaffUserRow) -> Result<Self, StoreError> {
        Ok(Self {
            role: parse_code(&r.role)?,
            id: r.id,
            creditor_id: r.creditor_id,
            email: r.email,
            name: r.name,
            password_hash: r.password_hash,
        })
    }
}

pub struct NewStaffUser<'a> {
    pub creditor_id: &'a str,
    pub email: &'a str,
    pub name: &'a str,
    pub role: StaffRole,
    pub password_hash: &'a str,
}

/// Email addresses are compared without case: "Anna@X.se" and "anna@x.se" are one account.
pub fn canonical_email(email: &str) -> String {
    email.trim().to_lowercase()
}

const COLUMNS: &str = "id, creditor_id, email, name, role, password_hash";

/// What came of adding an account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AccountAdded {
    Created(String),
    /// The address belongs to an account already (a removed one too); nothing was written.
    EmailTaken,
}

impl Store {
    /// An account made outside the portal's pages (the demo data, tests); not audited.
    pub async fn insert_staff_user(&self, u: NewStaffUser<'_>) -> Result<String, StoreError> {
        let id = new_id();
        let mut conn = self.pool().acquire().await?;
        insert_on(&mut conn, &id, self.clock().now(), &u).await?;
        Ok(id)
    }

    pub async fn staff_user_by_email(&self, email: &str) -> Result<Option<StaffUserRecord>, StoreError> {
        let row: Option<StaffUserRow> =
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM staff_users WHERE email = $1 AND removed_at IS NULL"))
                .bind(canonical_email(email))
                .fetch_optional(self.pool())
                .await?;
        row.map(StaffUserRecord::try_from).transpose()
    }

    pub async fn staff_user(&self, id: &str) -> Result<Option<StaffUserRecord>, StoreError> {
        let row: Option<StaffUserRow> =
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM staff_users WHERE id = $1 AND removed_at IS NULL"))
                .bind(id)
                .fetch_optional(self.pool())
                .await?;
        row.map(StaffUserRecord::try_from).transpose()
    }

    /// The creditor's accounts that can sign in, by name.
    pub async fn staff_of_creditor(&self, creditor_id: &str) -> Result<Vec<StaffUserRecord>, StoreError> {
        let rows: Vec<StaffUserRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM staff_users WHERE creditor_id = $1 AND removed_at IS NULL ORDER BY name, email"
        ))
        .bind(creditor_id)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter().map(StaffUserRecord::try_from).collect()
    }

    /// An administrator adds an account to their creditor; audited without the password's hash.
    pub async fn add_staff_user(&self, admin_id: &str, u: NewStaffUser<'_>) -> Result<AccountAdded, StoreError> {
        let id = new_id();
        let now = self.clock().now();
        let mut tx = self.pool().begin().await?;
        let inserted = insert_on(&mut tx, &id, now, &u).await;
        match inserted {
            Ok(_) => {}
            Err(e) if is_unique_violation(&e) => {
                tx.rollback().await?;
                return Ok(AccountAdded::EmailTaken);
            }
            Err(e) => return Err(e.into()),
        }
        let detail = serde_json::json!({ "account": id, "role": u.role, "creditor": u.creditor_id });
        audit_on(&mut tx, now, ActorKind::Staff, Some(admin_id), AuditAction::StaffAccountAdded, Some(&id), &detail)
            .await?;
        tx.commit().await?;
        Ok(AccountAdded::Created(id))
    }

    /// Removes an account of `creditor_id` and ends its sessions at once. False when there is no
    /// such account that can sign in.
    pub async fn remove_staff_user(&self, admin_id: &str, creditor_id: &str, id: &str) -> Result<bool, StoreError> {
        let now = self.clock().now();
        let mut tx = self.pool().begin().await?;
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
                 (SELECT token_hash FROM sessions WHERE subject_kind = 'staff' AND subject_id = $1)"
            ))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        }
        let detail = serde_json::json!({ "account": id });
        audit_on(&mut tx, now, ActorKind::Staff, Some(admin_id), AuditAction::StaffAccountRemoved, Some(id), &detail)
            .await?;
        tx.commit().await?;
        Ok(true)
    }
}

async fn insert_on(
    conn: &mut sqlx::AnyConnection,
    id: &str,
    now: i64,
    u: &NewStaffUser<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO staff_users (id, creditor_id, email, name, role, password_hash, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(id)
    .bind(u.creditor_id)
    .bind(canonical_email(u.email))
    .bind(u.name)
    .bind(u.role.as_str())
    .bind(u.password_hash)
    .bind(now)
    .execute(conn)
    .await?;
    Ok(())
}
