use sqlx::FromRow;

use super::{Store, StoreError};
use crate::domain::policy::PlanPolicy;
use crate::domain::reference::ReferenceScheme;
use crate::domain::{Country, Money};
use crate::server::ids::{new_id, now};

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct CreditorRecord {
    pub id: String,
    pub name: String,
    pub org_number: String,
    pub country: String,
    pub currency: String,
    pub bankgiro: Option<String>,
    pub account_number: Option<String>,
    pub reference_scheme: String,
    pub rate_table: String,
    pub max_installments: i64,
    pub min_installment: i64,
    pub max_days_to_first_due: i64,
    pub plan_fee: i64,
    pub auto_approve_max_installments: i64,
    pub auto_approve_min_installment: i64,
    pub max_deferral_days: i64,
}

fn count(v: i64, what: &str) -> Result<u32, StoreError> {
    u32::try_from(v).map_err(|_| StoreError::Corrupt(format!("{what} = {v}")))
}

impl CreditorRecord {
    pub fn country(&self) -> Result<Country, StoreError> {
        Country::parse(&self.country).ok_or_else(|| StoreError::Corrupt(format!("country {:?}", self.country)))
    }

    pub fn reference_scheme(&self) -> Result<ReferenceScheme, StoreError> {
        ReferenceScheme::from_name(&self.reference_scheme)
            .map_err(|_| StoreError::Corrupt(format!("reference scheme {:?}", self.reference_scheme)))
    }

    pub fn policy(&self) -> Result<PlanPolicy, StoreError> {
        Ok(PlanPolicy {
            max_installments: count(self.max_installments, "max_installments")?,
            min_installment: Money::from_minor(self.min_installment),
            max_days_to_first_due: count(self.max_days_to_first_due, "max_days_to_first_due")?,
            plan_fee: Money::from_minor(self.plan_fee),
            auto_approve_max_installments: count(self.auto_approve_max_installments, "auto_approve_max_installments")?,
            auto_approve_min_installment: Money::from_minor(self.auto_approve_min_installment),
            max_deferral_days: count(self.max_deferral_days, "max_deferral_days")?,
        })
    }

    /// A new creditor record with the policy spread into columns; `id` is generated.
    pub fn new(
        name: &str,
        org_number: &str,
        country: Country,
        payee: (Option<&str>, Option<&str>),
        scheme: ReferenceScheme,
        policy: &PlanPolicy,
    ) -> Self {
        let minor = |m: Money| m.to_minor().unwrap_or(0);
        Self {
            id: new_id(),
            name: name.into(),
            org_number: org_number.into(),
            country: country.code().into(),
            currency: country.currency().into(),
            bankgiro: payee.0.map(Into::into),
            account_number: payee.1.map(Into::into),
            reference_scheme: scheme.name().into(),
            rate_table: match country {
                Country::Se => "se-reference".into(),
                Country::No => "no-forsinkelsesrente".into(),
            },
            max_installments: policy.max_installments.into(),
            min_installment: minor(policy.min_installment),
            max_days_to_first_due: policy.max_days_to_first_due.into(),
            plan_fee: minor(policy.plan_fee),
            auto_approve_max_installments: policy.auto_approve_max_installments.into(),
            auto_approve_min_installment: minor(policy.auto_approve_min_installment),
            max_deferral_days: policy.max_deferral_days.into(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct DebtorRecord {
    pub id: String,
    pub name: String,
    pub language: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct StaffUserRecord {
    pub id: String,
    pub creditor_id: Option<String>,
    pub email: String,
    pub name: String,
    pub role: String,
    pub password_hash: String,
}

pub struct NewStaffUser<'a> {
    pub creditor_id: Option<&'a str>,
    pub email: &'a str,
    pub name: &'a str,
    pub role: &'a str,
    pub password_hash: &'a str,
}

const CREDITOR_COLUMNS: &str = "id, name, org_number, country, currency, bankgiro, account_number, reference_scheme, \
    rate_table, max_installments, min_installment, max_days_to_first_due, plan_fee, \
    auto_approve_max_installments, auto_approve_min_installment, max_deferral_days";

impl Store {
    pub async fn insert_creditor(&self, c: &CreditorRecord) -> Result<(), StoreError> {
        sqlx::query(&format!(
            "INSERT INTO creditors ({CREDITOR_COLUMNS}, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)"
        ))
        .bind(&c.id)
        .bind(&c.name)
        .bind(&c.org_number)
        .bind(&c.country)
        .bind(&c.currency)
        .bind(&c.bankgiro)
        .bind(&c.account_number)
        .bind(&c.reference_scheme)
        .bind(&c.rate_table)
        .bind(c.max_installments)
        .bind(c.min_installment)
        .bind(c.max_days_to_first_due)
        .bind(c.plan_fee)
        .bind(c.auto_approve_max_installments)
        .bind(c.auto_approve_min_installment)
        .bind(c.max_deferral_days)
        .bind(now())
        .execute(self.pool())
        .await?;
        Ok(())
    }

    pub async fn creditor(&self, id: &str) -> Result<Option<CreditorRecord>, StoreError> {
        Ok(sqlx::query_as(&format!("SELECT {CREDITOR_COLUMNS} FROM creditors WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?)
    }

    pub async fn creditors(&self) -> Result<Vec<CreditorRecord>, StoreError> {
        Ok(sqlx::query_as(&format!("SELECT {CREDITOR_COLUMNS} FROM creditors ORDER BY name"))
            .fetch_all(self.pool())
            .await?)
    }

    pub async fn insert_debtor(&self, name: &str, language: &str, email: Option<&str>, phone: Option<&str>, address: Option<&str>) -> Result<DebtorRecord, StoreError> {
        let rec = DebtorRecord {
            id: new_id(),
            name: name.into(),
            language: language.into(),
            email: email.map(Into::into),
            phone: phone.map(Into::into),
            address: address.map(Into::into),
        };
        sqlx::query("INSERT INTO debtors (id, name, language, email, phone, address, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(&rec.id)
            .bind(&rec.name)
            .bind(&rec.language)
            .bind(&rec.email)
            .bind(&rec.phone)
            .bind(&rec.address)
            .bind(now())
            .execute(self.pool())
            .await?;
        Ok(rec)
    }

    pub async fn debtor(&self, id: &str) -> Result<Option<DebtorRecord>, StoreError> {
        Ok(sqlx::query_as("SELECT id, name, language, email, phone, address FROM debtors WHERE id = $1")
            .bind(id)
            .fetch_optional(self.pool())
            .await?)
    }

    pub async fn insert_staff_user(&self, u: NewStaffUser<'_>) -> Result<String, StoreError> {
        let id = new_id();
        sqlx::query("INSERT INTO staff_users (id, creditor_id, email, name, role, password_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)")
            .bind(&id)
            .bind(u.creditor_id)
            .bind(u.email)
            .bind(u.name)
            .bind(u.role)
            .bind(u.password_hash)
            .bind(now())
            .execute(self.pool())
            .await?;
        Ok(id)
    }

    pub async fn staff_user_by_email(&self, email: &str) -> Result<Option<StaffUserRecord>, StoreError> {
        Ok(sqlx::query_as("SELECT id, creditor_id, email, name, role, password_hash FROM staff_users WHERE email = $1")
            .bind(email)
            .fetch_optional(self.pool())
            .await?)
    }
}
