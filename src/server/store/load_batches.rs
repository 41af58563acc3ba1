//! Generated load data (`seed-load`) written in batches: many debtors, claims, access codes, fees
//! and payments per multi-row `INSERT`, one transaction per batch. A million claims one statement
//! at a time would take hours; this takes minutes on both backends.

use chrono::NaiveDate;

use super::{Store, StoreError};
use crate::domain::claim::Claim;
use crate::domain::ids::{ClaimId, CreditorId, DebtorId};
use crate::domain::{ClaimStatus, Language};
use crate::server::clock::Instant;
use crate::server::ids::new_id;

/// A debtor of the load data; every one has an e-mail address.
pub struct LoadDebtor {
    pub id: DebtorId,
    pub name: String,
    pub language: Language,
    pub email: String,
}

/// A claim of the load data with its letter. `code_hash` is the hash of the letter's own code, `None`
/// for the batch's shared one.
pub struct LoadClaim {
    pub id: ClaimId,
    pub case_number: String,
    /// What the payment reference is made from: the case number, unless the creditor's scheme has
    /// no check digit for it.
    pub reference_base: String,
    pub creditor_id: CreditorId,
    pub debtor_id: DebtorId,
    pub concerns: String,
    pub original_invoice: String,
    pub claim: Claim,
    pub status: ClaimStatus,
    pub demand_sent_on: NaiveDate,
    pub code_hash: Option<String>,
}

/// One batch: its debtors before the claims that name them.
pub struct LoadBatch {
    pub debtors: Vec<LoadDebtor>,
    pub claims: Vec<LoadClaim>,
}

/// The letters' codes of a load: the hash for every letter without its own, and when they expire.
pub struct LoadCodes<'a> {
    pub shared_hash: &'a str,
    pub expires_at: Instant,
}

/// A column value of a generated row: the load writes no NULL (an untyped NULL is refused by
/// PostgreSQL for an integer column), so there is none.
enum Cell {
    Int(i64),
    Text(String),
}

impl From<i64> for Cell {
    fn from(v: i64) -> Self {
        Cell::Int(v)
    }
}

impl From<String> for Cell {
    fn from(v: String) -> Self {
        Cell::Text(v)
    }
}

impl From<&str> for Cell {
    fn from(v: &str) -> Self {
        Cell::Text(v.to_owned())
    }
}

/// Rows per statement at most; fewer when the columns would pass `MAX_PARAMETERS`.
const MAX_ROWS: usize = 500;
/// Bound parameters per statement: below SQLite's 32,766 and PostgreSQL's 65,535.
const MAX_PARAMETERS: usize = 30_000;

/// Writes `rows` into `table` as multi-row inserts on the caller's transaction; the row count.
async fn insert_rows(
    conn: &mut sqlx::AnyConnection,
    table: &str,
    columns: &[&str],
    rows: Vec<Vec<Cell>>,
) -> Result<u64, StoreError> {
    let per_statement = MAX_ROWS.min(MAX_PARAMETERS / columns.len());
    let mut written = 0;
    let mut rows = rows.into_iter().peekable();
    while rows.peek().is_some() {
        let chunk: Vec<Vec<Cell>> = rows.by_ref().take(per_statement).collect();
        let tuples: Vec<String> = (0..chunk.len())
            .map(|r| {
                let marks: Vec<String> = (1..=columns.len()).map(|c| format!("${}", r * columns.len() + c)).collect();
                format!("({})", marks.join(", "))
            })
            .collect();
        let sql = format!("INSERT INTO {table} ({}) VALUES {}", columns.join(", "), tuples.join(", "));
        let mut query = sqlx::query(&sql);
        for cell in chunk.into_iter().flatten() {
            query = match cell {
                Cell::Int(v) => query.bind(v),
                Cell::Text(v) => query.bind(v),
            };
        }
        written += query.execute(&mut *conn).await?.rows_affected();
    }
    Ok(written)
}

impl Store {
    /// Writes one batch of load data in one transaction; returns the rows written.
    pub async fn insert_load_batch(&self, batch: LoadBatch, codes: &LoadCodes<'_>) -> Result<u64, StoreError> {
        let now = self.clock().now().unix();
        let debtors: Vec<Vec<Cell>> = batch
            .debtors
            .into_iter()
            .map(|d| vec![d.id.as_str().into(), d.name.into(), d.language.as_str().into(), d.email.into(), now.into()])
            .collect();
        let (mut claims, mut letters, mut fees, mut payments) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        for c in batch.claims {
            let terms = c.claim.interest();
            for (position, f) in (0_i64..).zip(c.claim.fees()) {
                fees.push(vec![
                    new_id().into(),
                    c.id.as_str().into(),
                    position.into(),
                    f.kind.as_str().into(),
                    f.amount.minor().into(),
                    f.date.to_string().into(),
                ]);
            }
            for (position, p) in (0_i64..).zip(c.claim.payments()) {
                payments.push(vec![
                    new_id().into(),
                    c.id.as_str().into(),
                    position.into(),
                    p.amount.minor().into(),
                    p.date.to_string().into(),
                ]);
            }
            let hash = c.code_hash.unwrap_or_else(|| codes.shared_hash.to_owned());
            letters.push(vec![
                new_id().into(),
                c.id.as_str().into(),
                hash.into(),
                now.into(),
                codes.expires_at.unix().into(),
            ]);
            claims.push(vec![
                c.id.as_str().into(),
                c.case_number.as_str().into(),
                c.creditor_id.as_str().into(),
                c.debtor_id.as_str().into(),
                c.concerns.into(),
                c.original_invoice.into(),
                c.claim.principal().minor().into(),
                c.claim.due_date().to_string().into(),
                terms.kind().as_str().into(),
                terms.rate().to_string().into(),
                terms.day_count().as_str().into(),
                c.status.as_str().into(),
                c.reference_base.into(),
                c.demand_sent_on.to_string().into(),
                now.into(),
            ]);
        }
        let mut tx = self.begin_write().await?;
        let mut written =
            insert_rows(&mut tx, "debtors", &["id", "name", "language", "email", "created_at"], debtors).await?;
        let claim_columns = [
            "id",
            "case_number",
            "creditor_id",
            "debtor_id",
            "concerns",
            "original_invoice",
            "principal",
            "due_date",
            "interest_kind",
            "interest_rate",
            "day_count",
            "status",
            "reference_base",
            "demand_sent_on",
            "created_at",
        ];
        written += insert_rows(&mut tx, "claims", &claim_columns, claims).await?;
        let code_columns = ["id", "claim_id", "code_hash", "issued_at", "expires_at"];
        written += insert_rows(&mut tx, "access_codes", &code_columns, letters).await?;
        let fee_columns = ["id", "claim_id", "position", "kind", "amount", "charged_on"];
        written += insert_rows(&mut tx, "fees", &fee_columns, fees).await?;
        let payment_columns = ["id", "claim_id", "position", "amount", "paid_on"];
        written += insert_rows(&mut tx, "payments", &payment_columns, payments).await?;
        tx.commit().await?;
        Ok(written)
    }
}
