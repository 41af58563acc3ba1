//! Creditor staff accounts. Each works for one creditor; what an account may see and do follows
//! from its creditor and role, checked by `auth::staff` for every request.

use sqlx::FromRow;

use super::{parse_code, Store, StoreError};
use crate::domain::text_code::text_code;
use crate::server::ids::new_id;

text_code! {
    pub enum StaffRole("staff role") {
        /// Decides plans, disputes, deferrals and reviews.
        Agent = "agent",
        /// An agent who also sets the policy and manages staff accounts and API keys.
        Admin = "admin",
    }
}

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

impl Store {
    pub async fn insert_staff_user(&self, u: NewStaffUser<'_>) -> Result<String, StoreError> {
        let id = new_id();
        sqlx::query(
            "INSERT INTO staff_users (id, creditor_id, email, name, role, password_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(&id)
        .bind(u.creditor_id)
        .bind(canonical_email(u.email))
        .bind(u.name)
        .bind(u.role.as_str())
        .bind(u.password_hash)
        .bind(self.clock().now())
        .execute(self.pool())
        .await?;
        Ok(id)
    }

    pub async fn staff_user_by_email(&self, email: &str) -> Result<Option<StaffUserRecord>, StoreError> {
        let row: Option<StaffUserRow> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM staff_users WHERE email = $1"))
            .bind(canonical_email(email))
            .fetch_optional(self.pool())
            .await?;
        row.map(StaffUserRecord::try_from).transpose()
    }

    pub async fn staff_user(&self, id: &str) -> Result<Option<StaffUserRecord>, StoreError> {
        let row: Option<StaffUserRow> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM staff_users WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?;
        row.map(StaffUserRecord::try_from).transpose()
    }
}
