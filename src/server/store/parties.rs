//! Creditors (with their plan policy and payment details) and debtors.

use sqlx::FromRow;

use super::audit::{audit_on, ActorKind, AuditAction};
use super::{parse_code, Store, StoreError};
use crate::domain::ids::DebtorId;
use crate::domain::ids::{CreditorId, StaffId};
use crate::domain::policy::{PlanPolicy, PolicyTerms};
use crate::domain::reference::ReferenceScheme;
use crate::domain::{Country, Currency, Language, Money};
use crate::server::clock::Instant;

/// A creditor, every column already its type; its plan policy is one value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreditorRecord {
    pub id: CreditorId,
    pub name: String,
    pub org_number: String,
    pub country: Country,
    pub currency: Currency,
    pub bankgiro: Option<String>,
    pub account_number: Option<String>,
    pub reference_scheme: ReferenceScheme,
    /// The name of its reference-rate table (`se-reference`, `no-forsinkelsesrente`).
    pub rate_table: String,
    pub policy: PlanPolicy,
}

#[derive(FromRow)]
struct CreditorRow {
    id: CreditorId,
    name: String,
    org_number: String,
    country: String,
    currency: String,
    bankgiro: Option<String>,
    account_number: Option<String>,
    reference_scheme: String,
    rate_table: String,
    max_installments: i64,
    min_installment: i64,
    max_days_to_first_due: i64,
    plan_fee: i64,
    auto_approve_max_installments: i64,
    auto_approve_min_installment: i64,
    max_deferral_days: i64,
    arrears_grace_days: i64,
    lapse_days: i64,
    new_plan_after_lapse: i64,
}

fn count(v: i64, what: &str) -> Result<u32, StoreError> {
    u32::try_from(v).map_err(|_| StoreError::Corrupt(format!("{what} = {v}")))
}

impl TryFrom<CreditorRow> for CreditorRecord {
    type Error = StoreError;
    fn try_from(r: CreditorRow) -> Result<Self, StoreError> {
        let terms = PolicyTerms {
            max_installments: count(r.max_installments, "max_installments")?,
            min_installment: Money::from_minor(r.min_installment),
            max_days_to_first_due: count(r.max_days_to_first_due, "max_days_to_first_due")?,
            plan_fee: Money::from_minor(r.plan_fee),
            auto_approve_max_installments: count(r.auto_approve_max_installments, "auto_approve_max_installments")?,
            auto_approve_min_installment: Money::from_minor(r.auto_approve_min_installment),
            max_deferral_days: count(r.max_deferral_days, "max_deferral_days")?,
            arrears_grace_days: count(r.arrears_grace_days, "arrears_grace_days")?,
            lapse_days: count(r.lapse_days, "lapse_days")?,
            new_plan_after_lapse: r.new_plan_after_lapse != 0,
        };
        let country: Country = parse_code(&r.country)?;
        let policy = PlanPolicy::new(country, terms)
            .map_err(|e| StoreError::Corrupt(format!("policy of creditor {}: {e}", r.id)))?;
        Ok(Self {
            country,
            currency: parse_code(&r.currency)?,
            reference_scheme: parse_code(&r.reference_scheme)?,
            policy,
            id: r.id,
            name: r.name,
            org_number: r.org_number,
            bankgiro: r.bankgiro,
            account_number: r.account_number,
            rate_table: r.rate_table,
        })
    }
}

impl CreditorRecord {
    /// A new creditor record in `country`'s currency and rate table; `id` is generated.
    pub fn new(
        name: &str,
        org_number: &str,
        country: Country,
        payee: (Option<&str>, Option<&str>),
        scheme: ReferenceScheme,
        policy: &PlanPolicy,
    ) -> Self {
        Self {
            id: CreditorId::random(),
            name: name.into(),
            org_number: org_number.into(),
            country,
            currency: country.currency(),
            bankgiro: payee.0.map(Into::into),
            account_number: payee.1.map(Into::into),
            reference_scheme: scheme,
            rate_table: match country {
                Country::Se => "se-reference".into(),
                Country::No => "no-forsinkelsesrente".into(),
            },
            policy: policy.clone(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebtorRecord {
    pub id: DebtorId,
    pub name: String,
    pub language: Language,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
}

#[derive(FromRow)]
struct DebtorRow {
    id: DebtorId,
    name: String,
    language: String,
    email: Option<String>,
    phone: Option<String>,
    address: Option<String>,
}

const CREDITOR_COLUMNS: &str = "id, name, org_number, country, currency, bankgiro, account_number, reference_scheme, \
    rate_table, max_installments, min_installment, max_days_to_first_due, plan_fee, \
    auto_approve_max_installments, auto_approve_min_installment, max_deferral_days, arrears_grace_days, lapse_days, \
    new_plan_after_lapse";

impl Store {
    pub async fn insert_creditor(&self, c: &CreditorRecord) -> Result<(), StoreError> {
        sqlx::query(&format!(
            "INSERT INTO creditors ({CREDITOR_COLUMNS}, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)"
        ))
        .bind(&c.id)
        .bind(&c.name)
        .bind(&c.org_number)
        .bind(c.country.as_str())
        .bind(c.currency.as_str())
        .bind(&c.bankgiro)
        .bind(&c.account_number)
        .bind(c.reference_scheme.as_str())
        .bind(&c.rate_table)
        .bind(i64::from(c.policy.terms().max_installments))
        .bind(c.policy.terms().min_installment.minor())
        .bind(i64::from(c.policy.terms().max_days_to_first_due))
        .bind(c.policy.terms().plan_fee.minor())
        .bind(i64::from(c.policy.terms().auto_approve_max_installments))
        .bind(c.policy.terms().auto_approve_min_installment.minor())
        .bind(i64::from(c.policy.terms().max_deferral_days))
        .bind(i64::from(c.policy.terms().arrears_grace_days))
        .bind(i64::from(c.policy.terms().lapse_days))
        .bind(i64::from(c.policy.terms().new_plan_after_lapse))
        .bind(self.clock().now())
        .execute(self.pool())
        .await?;
        self.reference.clear();
        Ok(())
    }

    /// A creditor's new plan rules, from now on: proposals already made keep the schedule and the
    /// fee they were computed with. The audit line keeps the rules before and after; the same rules
    /// saved again (a double submit) change nothing and are not audited again.
    pub async fn update_policy(
        &self,
        creditor_id: &CreditorId,
        policy: &PlanPolicy,
        staff_id: &StaffId,
    ) -> Result<(), StoreError> {
        let t = policy.terms();
        let now = self.clock().now();
        let mut tx = self.begin_write().await?;
        // The creditor's row is locked first (a no-op update), so "before" is read after any save
        // sent at the same moment has committed: each audit line names the rules it replaced.
        sqlx::query("UPDATE creditors SET id = id WHERE id = $1").bind(creditor_id).execute(&mut *tx).await?;
        let before: Option<CreditorRow> =
            sqlx::query_as(&format!("SELECT {CREDITOR_COLUMNS} FROM creditors WHERE id = $1"))
                .bind(creditor_id)
                .fetch_optional(&mut *tx)
                .await?;
        let before = CreditorRecord::try_from(before.ok_or_else(|| StoreError::Corrupt("no such creditor".into()))?)?;
        if before.policy.terms() == t {
            tx.rollback().await?;
            return Ok(());
        }
        sqlx::query(
            "UPDATE creditors SET max_installments = $1, min_installment = $2, max_days_to_first_due = $3, \
             plan_fee = $4, auto_approve_max_installments = $5, auto_approve_min_installment = $6, \
             max_deferral_days = $7, arrears_grace_days = $8, lapse_days = $9, new_plan_after_lapse = $10 \
             WHERE id = $11",
        )
        .bind(i64::from(t.max_installments))
        .bind(t.min_installment.minor())
        .bind(i64::from(t.max_days_to_first_due))
        .bind(t.plan_fee.minor())
        .bind(i64::from(t.auto_approve_max_installments))
        .bind(t.auto_approve_min_installment.minor())
        .bind(i64::from(t.max_deferral_days))
        .bind(i64::from(t.arrears_grace_days))
        .bind(i64::from(t.lapse_days))
        .bind(i64::from(t.new_plan_after_lapse))
        .bind(creditor_id)
        .execute(&mut *tx)
        .await?;
        let detail = serde_json::json!({ "before": before.policy.terms(), "after": t });
        audit_on(
            &mut tx,
            now,
            ActorKind::Staff,
            Some(staff_id.as_str()),
            AuditAction::PolicyChanged,
            Some(creditor_id.as_str()),
            &detail,
        )
        .await?;
        tx.commit().await?;
        self.reference.clear();
        Ok(())
    }

    pub async fn creditor(&self, id: &CreditorId) -> Result<Option<CreditorRecord>, StoreError> {
        if let Some(kept) = self.reference.creditor(id) {
            return Ok(Some(kept));
        }
        let read_at = self.reference.generation();
        let record = self.creditor_as_stored(id).await?;
        if let Some(r) = &record {
            self.reference.keep_creditor(read_at, r);
        }
        Ok(record)
    }

    /// The creditor as the database has it now, past the cache: for what records a change.
    async fn creditor_as_stored(&self, id: &CreditorId) -> Result<Option<CreditorRecord>, StoreError> {
        let row: Option<CreditorRow> =
            sqlx::query_as(&format!("SELECT {CREDITOR_COLUMNS} FROM creditors WHERE id = $1"))
                .bind(id)
                .fetch_optional(self.pool())
                .await?;
        row.map(CreditorRecord::try_from).transpose()
    }

    pub async fn creditors(&self) -> Result<Vec<CreditorRecord>, StoreError> {
        let rows: Vec<CreditorRow> = sqlx::query_as(&format!("SELECT {CREDITOR_COLUMNS} FROM creditors ORDER BY name"))
            .fetch_all(self.pool())
            .await?;
        rows.into_iter().map(CreditorRecord::try_from).collect()
    }

    pub async fn insert_debtor(
        &self,
        name: &str,
        language: Language,
        email: Option<&str>,
        phone: Option<&str>,
        address: Option<&str>,
    ) -> Result<DebtorRecord, StoreError> {
        let mut tx = self.begin_write().await?;
        let id = insert_debtor_on(&mut tx, self.clock().now(), name, language, email, phone, address).await?;
        tx.commit().await?;
        Ok(DebtorRecord {
            id,
            name: name.into(),
            language,
            email: email.map(Into::into),
            phone: phone.map(Into::into),
            address: address.map(Into::into),
        })
    }

    pub async fn debtor(&self, id: &DebtorId) -> Result<Option<DebtorRecord>, StoreError> {
        let row: Option<DebtorRow> =
            sqlx::query_as("SELECT id, name, language, email, phone, address FROM debtors WHERE id = $1")
                .bind(id)
                .fetch_optional(self.pool())
                .await?;
        row.map(|r| {
            Ok(DebtorRecord {
                language: parse_code(&r.language)?,
                id: r.id,
                name: r.name,
                email: r.email,
                phone: r.phone,
                address: r.address,
            })
        })
        .transpose()
    }
}

/// Registers a debtor in the caller's transaction; returns the id.
pub(super) async fn insert_debtor_on(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    now: Instant,
    name: &str,
    language: Language,
    email: Option<&str>,
    phone: Option<&str>,
    address: Option<&str>,
) -> Result<DebtorId, StoreError> {
    let id = DebtorId::random();
    sqlx::query(
        "INSERT INTO debtors (id, name, language, email, phone, address, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(name)
    .bind(language.as_str())
    .bind(email)
    .bind(phone)
    .bind(address)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(id)
}
