use chrono::NaiveDate;
use sqlx::FromRow;

use super::{parse_date, CreditorRecord, Store, StoreError};
use crate::domain::interest::{DayCount, InterestTerms, RateTable};
use crate::domain::statement::{Claim, Fee, Payment};
use crate::domain::Money;
use crate::server::ids::{new_id, now};

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct ClaimRecord {
    pub id: String,
    pub case_number: String,
    pub creditor_id: String,
    pub debtor_id: String,
    pub concerns: String,
    pub original_invoice: String,
    pub principal: i64,
    pub due_date: String,
    pub interest_kind: String,
    pub interest_rate: String,
    pub day_count: String,
    pub status: String,
    pub reference_base: String,
    pub demand_sent_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct FeeRecord {
    pub kind: String,
    pub amount: i64,
    pub charged_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct PaymentRecord {
    pub amount: i64,
    pub paid_on: String,
    pub reference: Option<String>,
}

/// Everything needed to register a claim; amounts are domain values, so they are already valid.
pub struct NewClaim<'a> {
    pub case_number: &'a str,
    pub creditor_id: &'a str,
    pub debtor_id: &'a str,
    pub concerns: &'a str,
    pub original_invoice: &'a str,
    pub claim: &'a Claim,
    pub status: &'a str,
    pub reference_base: &'a str,
    pub access_code_hash: &'a str,
    pub demand_sent_on: NaiveDate,
}

fn minor(m: Money) -> Result<i64, StoreError> {
    m.to_minor().ok_or_else(|| StoreError::Corrupt(format!("amount {m} out of range")))
}

fn interest_columns(t: &InterestTerms) -> (&'static str, String, &'static str) {
    let dc = |d: DayCount| match d {
        DayCount::Act365 => "act/365",
        DayCount::ActAct => "act/act",
    };
    match t {
        InterestTerms::Statutory { margin, day_count } => ("statutory", margin.to_string(), dc(*day_count)),
        InterestTerms::Fixed { rate, day_count } => ("fixed", rate.to_string(), dc(*day_count)),
        InterestTerms::None { day_count } => ("none", "0".into(), dc(*day_count)),
    }
}

const CLAIM_COLUMNS: &str = "id, case_number, creditor_id, debtor_id, concerns, original_invoice, principal, due_date, \
    interest_kind, interest_rate, day_count, status, reference_base, demand_sent_on";

impl ClaimRecord {
    pub fn interest_terms(&self) -> Result<InterestTerms, StoreError> {
        let corrupt = || StoreError::Corrupt(format!("interest of claim {}", self.id));
        let day_count = DayCount::parse(&self.day_count).map_err(|_| corrupt())?;
        let rate = || self.interest_rate.parse().map_err(|_| corrupt());
        Ok(match self.interest_kind.as_str() {
            "statutory" => InterestTerms::Statutory { margin: rate()?, day_count },
            "fixed" => InterestTerms::Fixed { rate: rate()?, day_count },
            "none" => InterestTerms::None { day_count },
            _ => return Err(corrupt()),
        })
    }

    pub fn due(&self) -> Result<NaiveDate, StoreError> {
        parse_date(&self.due_date)
    }

    /// The claim as the engine takes it; stored values pass the same checks as any other input.
    pub fn to_domain(&self, fees: &[FeeRecord], payments: &[PaymentRecord]) -> Result<Claim, StoreError> {
        let fees = fees
            .iter()
            .map(|f| Ok(Fee { kind: f.kind.clone(), amount: Money::from_minor(f.amount), date: parse_date(&f.charged_on)? }))
            .collect::<Result<Vec<_>, StoreError>>()?;
        let payments = payments
            .iter()
            .map(|p| Ok(Payment { date: parse_date(&p.paid_on)?, amount: Money::from_minor(p.amount) }))
            .collect::<Result<Vec<_>, StoreError>>()?;
        Claim::new(Money::from_minor(self.principal), self.due()?, self.interest_terms()?, fees, payments)
            .map_err(|e| StoreError::Corrupt(format!("claim {}: {e}", self.id)))
    }
}

impl Store {
    /// Registers a claim with its fees and payments in one transaction; returns its id.
    pub async fn insert_claim(&self, c: NewClaim<'_>) -> Result<String, StoreError> {
        let id = new_id();
        let (kind, rate, day_count) = interest_columns(&c.claim.interest);
        let mut tx = self.pool().begin().await?;
        sqlx::query(&format!(
            "INSERT INTO claims ({CLAIM_COLUMNS}, access_code_hash, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)"
        ))
        .bind(&id)
        .bind(c.case_number)
        .bind(c.creditor_id)
        .bind(c.debtor_id)
        .bind(c.concerns)
        .bind(c.original_invoice)
        .bind(minor(c.claim.principal)?)
        .bind(c.claim.due_date.to_string())
        .bind(kind)
        .bind(rate)
        .bind(day_count)
        .bind(c.status)
        .bind(c.reference_base)
        .bind(c.demand_sent_on.to_string())
        .bind(c.access_code_hash)
        .bind(now())
        .execute(&mut *tx)
        .await?;
        for (pos, f) in c.claim.fees.iter().enumerate() {
            sqlx::query("INSERT INTO fees (id, claim_id, position, kind, amount, charged_on) VALUES ($1, $2, $3, $4, $5, $6)")
                .bind(new_id())
                .bind(&id)
                .bind(pos as i64)
                .bind(&f.kind)
                .bind(minor(f.amount)?)
                .bind(f.date.to_string())
                .execute(&mut *tx)
                .await?;
        }
        for (pos, p) in c.claim.payments.iter().enumerate() {
            sqlx::query("INSERT INTO payments (id, claim_id, position, amount, paid_on) VALUES ($1, $2, $3, $4, $5)")
                .bind(new_id())
                .bind(&id)
                .bind(pos as i64)
                .bind(minor(p.amount)?)
                .bind(p.date.to_string())
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(id)
    }

    pub async fn claim(&self, id: &str) -> Result<Option<ClaimRecord>, StoreError> {
        Ok(sqlx::query_as(&format!("SELECT {CLAIM_COLUMNS} FROM claims WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.pool())
            .await?)
    }

    /// The claim with its access-code hash, for sign-in only: the hash never leaves the server.
    pub async fn claim_by_case_number(&self, case_number: &str) -> Result<Option<(ClaimRecord, String)>, StoreError> {
        #[derive(FromRow)]
        struct WithHash {
            #[sqlx(flatten)]
            claim: ClaimRecord,
            access_code_hash: String,
        }
        let row: Option<WithHash> =
            sqlx::query_as(&format!("SELECT {CLAIM_COLUMNS}, access_code_hash FROM claims WHERE case_number = $1"))
                .bind(case_number)
                .fetch_optional(self.pool())
                .await?;
        Ok(row.map(|r| (r.claim, r.access_code_hash)))
    }

    pub async fn claims_of_debtor(&self, debtor_id: &str) -> Result<Vec<ClaimRecord>, StoreError> {
        Ok(sqlx::query_as(&format!("SELECT {CLAIM_COLUMNS} FROM claims WHERE debtor_id = $1 ORDER BY due_date, case_number"))
            .bind(debtor_id)
            .fetch_all(self.pool())
            .await?)
    }

    pub async fn fees_of(&self, claim_id: &str) -> Result<Vec<FeeRecord>, StoreError> {
        Ok(sqlx::query_as("SELECT kind, amount, charged_on FROM fees WHERE claim_id = $1 ORDER BY position")
            .bind(claim_id)
            .fetch_all(self.pool())
            .await?)
    }

    pub async fn payments_of(&self, claim_id: &str) -> Result<Vec<PaymentRecord>, StoreError> {
        Ok(sqlx::query_as("SELECT amount, paid_on, reference FROM payments WHERE claim_id = $1 ORDER BY position")
            .bind(claim_id)
            .fetch_all(self.pool())
            .await?)
    }

    /// Everything the engine needs for one stored claim: its creditor, that creditor's rate table and
    /// the claim itself. The debtor's pages and `debtor-portal statement` both load through here.
    pub async fn engine_inputs(&self, rec: &ClaimRecord) -> Result<(CreditorRecord, RateTable, Claim), StoreError> {
        let creditor = self
            .creditor(&rec.creditor_id)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("claim {} has no creditor", rec.id)))?;
        let table = self.rate_table(&creditor.rate_table).await?;
        let claim = self.domain_claim(rec).await?;
        Ok((creditor, table, claim))
    }

    /// The claim as the engine takes it, with its fees and payments.
    pub async fn domain_claim(&self, rec: &ClaimRecord) -> Result<Claim, StoreError> {
        let fees = self.fees_of(&rec.id).await?;
        let payments = self.payments_of(&rec.id).await?;
        rec.to_domain(&fees, &payments)
    }

    pub async fn count(&self, table: &'static str) -> Result<i64, StoreError> {
        use sqlx::Row;
        let row = sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}")).fetch_one(self.pool()).await?;
        Ok(row.try_get("n")?)
    }
}
