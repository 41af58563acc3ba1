//! Claims, their fees and payments: typed rows, and a claim's engine inputs (the claim, its
//! creditor, its rate table).

use chrono::NaiveDate;
use sqlx::FromRow;

use super::disputes::{paused_fee, OPEN_FIRST_THEN_NEWEST};
use super::{parse_code, parse_date, parse_rate, DisputeState, Store, StoreError};
use crate::domain::claim::{Claim, Fee, FeeKind, Payment};
use crate::domain::ids::{ClaimId, CreditorId, DebtorId};
use crate::domain::interest::{InterestTerms, RateTable};
use crate::domain::{ClaimStatus, Money};
use crate::server::clock::Instant;
use crate::server::ids::new_id;
use crate::server::store::CreditorRecord;

/// A stored claim, every column already its type. The fees and payments are loaded with
/// [`Store::domain_claim`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimRecord {
    pub id: ClaimId,
    pub case_number: String,
    pub creditor_id: CreditorId,
    pub debtor_id: DebtorId,
    pub concerns: String,
    pub original_invoice: String,
    pub principal: Money,
    pub due_date: NaiveDate,
    pub interest: InterestTerms,
    pub status: ClaimStatus,
    pub reference_base: String,
    pub demand_sent_on: NaiveDate,
}

/// The row as the database gives it, through `Any`: text and integers. Only the store reads it.
#[derive(FromRow)]
pub(super) struct ClaimRow {
    id: ClaimId,
    case_number: String,
    creditor_id: CreditorId,
    debtor_id: DebtorId,
    concerns: String,
    original_invoice: String,
    principal: i64,
    due_date: String,
    interest_kind: String,
    interest_rate: String,
    day_count: String,
    status: String,
    reference_base: String,
    demand_sent_on: String,
}

impl TryFrom<ClaimRow> for ClaimRecord {
    type Error = StoreError;
    fn try_from(r: ClaimRow) -> Result<Self, StoreError> {
        let rate = parse_rate(&r.interest_rate)?;
        let interest = InterestTerms::from_parts(parse_code(&r.interest_kind)?, rate, parse_code(&r.day_count)?);
        Ok(Self {
            principal: Money::from_minor(r.principal),
            due_date: parse_date(&r.due_date)?,
            interest,
            status: parse_code(&r.status)?,
            demand_sent_on: parse_date(&r.demand_sent_on)?,
            id: r.id,
            case_number: r.case_number,
            creditor_id: r.creditor_id,
            debtor_id: r.debtor_id,
            concerns: r.concerns,
            original_invoice: r.original_invoice,
            reference_base: r.reference_base,
        })
    }
}

/// A fee line, a payment or a dispute, as `domain_claim` reads them together.
#[derive(FromRow)]
struct MoneyLineRow {
    line: String,
    position: Option<i64>,
    kind: String,
    amount: i64,
    on_date: String,
}

/// Everything needed to register a claim; amounts are domain values, so they are already valid.
pub struct ClaimRegistration<'a> {
    pub case_number: &'a str,
    pub creditor_id: &'a CreditorId,
    pub debtor_id: &'a DebtorId,
    pub concerns: &'a str,
    pub original_invoice: &'a str,
    pub claim: &'a Claim,
    pub status: ClaimStatus,
    pub reference_base: &'a str,
    /// The argon2 hash of the letter's access code, and when the code stops signing in.
    pub access_code_hash: &'a str,
    pub code_expires_at: Instant,
    pub demand_sent_on: NaiveDate,
}

pub(super) const CLAIM_COLUMNS: &str =
    "id, case_number, creditor_id, debtor_id, concerns, original_invoice, principal, due_date, \
    interest_kind, interest_rate, day_count, status, reference_base, demand_sent_on";

fn records(rows: Vec<ClaimRow>) -> Result<Vec<ClaimRecord>, StoreError> {
    rows.into_iter().map(ClaimRecord::try_from).collect()
}

impl Store {
    /// Registers a claim with its fees and payments in one transaction; returns its id.
    pub async fn insert_claim(&self, c: ClaimRegistration<'_>) -> Result<ClaimId, StoreError> {
        let mut tx = self.begin_write().await?;
        let id = insert_claim_on(&mut tx, self.clock().now(), &c).await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn claim(&self, id: &ClaimId) -> Result<Option<ClaimRecord>, StoreError> {
        self.one_claim("id = $1", &[id.as_str()]).await
    }

    /// The claim, only when it is `creditor_id`'s: the query's own condition, so another creditor's
    /// claim is never read, let alone handed on.
    pub async fn creditors_claim(
        &self,
        creditor_id: &CreditorId,
        id: &ClaimId,
    ) -> Result<Option<ClaimRecord>, StoreError> {
        self.one_claim("id = $1 AND creditor_id = $2", &[id.as_str(), creditor_id.as_str()]).await
    }

    /// `creditors_claim` by case number.
    pub async fn creditors_claim_by_case_number(
        &self,
        creditor_id: &CreditorId,
        case_number: &str,
    ) -> Result<Option<ClaimRecord>, StoreError> {
        self.one_claim("case_number = $1 AND creditor_id = $2", &[case_number, creditor_id.as_str()]).await
    }

    pub async fn claim_by_case_number(&self, case_number: &str) -> Result<Option<ClaimRecord>, StoreError> {
        self.one_claim("case_number = $1", &[case_number]).await
    }

    /// The one claim that `condition` picks, its `$n` bound to `values` in order.
    async fn one_claim(&self, condition: &str, values: &[&str]) -> Result<Option<ClaimRecord>, StoreError> {
        let sql = format!("SELECT {CLAIM_COLUMNS} FROM claims WHERE {condition}");
        let query = values.iter().fold(sqlx::query_as::<_, ClaimRow>(&sql), |q, v| q.bind(*v));
        query.fetch_optional(self.pool()).await?.map(ClaimRecord::try_from).transpose()
    }

    pub async fn claims_of_debtor(&self, debtor_id: &DebtorId) -> Result<Vec<ClaimRecord>, StoreError> {
        records(
            sqlx::query_as(&format!(
                "SELECT {CLAIM_COLUMNS} FROM claims WHERE debtor_id = $1 ORDER BY due_date, case_number"
            ))
            .bind(debtor_id)
            .fetch_all(self.pool())
            .await?,
        )
    }

    /// Everything the engine needs for one stored claim: its creditor, that creditor's rate table and
    /// the claim itself. The debtor's pages and `debtor-portal statement` both load through here.
    pub async fn engine_inputs(&self, rec: &ClaimRecord) -> Result<(CreditorRecord, RateTable, Claim), StoreError> {
        let (creditor, table) = self.creditor_and_rates(rec).await?;
        let claim = self.domain_claim(rec).await?;
        Ok((creditor, table, claim))
    }

    /// The claim's creditor and that creditor's rate table (both kept a while: `reference_cache`).
    pub async fn creditor_and_rates(&self, rec: &ClaimRecord) -> Result<(CreditorRecord, RateTable), StoreError> {
        let creditor = self
            .creditor(&rec.creditor_id)
            .await?
            .ok_or_else(|| StoreError::Corrupt(format!("claim {} has no creditor", rec.id)))?;
        let table = self.rate_table(&creditor.rate_table).await?;
        Ok((creditor, table))
    }

    /// The claim as the engine takes it, with its fees and payments; stored values pass the same
    /// checks as any other input. One statement: every page, the API and `statement` read a claim
    /// through here.
    pub async fn domain_claim(&self, rec: &ClaimRecord) -> Result<Claim, StoreError> {
        // The fee lines, the payments and the claim's latest dispute (the open one first: the one
        // `dispute_of_claim` reads) as rows of one shape; `line` tells them apart. A dispute row
        // carries its state in `kind` and its part's kind in `on_date`.
        let rows: Vec<MoneyLineRow> = sqlx::query_as(&format!(
            "SELECT 'fee' AS line, position, kind, amount, charged_on AS on_date FROM fees WHERE claim_id = $1 \
             UNION ALL SELECT 'payment', position, '', amount, paid_on FROM payments WHERE claim_id = $1 \
             UNION ALL SELECT 'dispute', part_fee_position, state, 0, part_kind FROM \
               (SELECT state, part_kind, part_fee_position FROM disputes WHERE claim_id = $1 \
                {OPEN_FIRST_THEN_NEWEST}) latest \
             ORDER BY line, position"
        ))
        .bind(&rec.id)
        .bind(DisputeState::Open.as_str())
        .fetch_all(self.pool())
        .await?;
        let (mut fees, mut payments, mut paused) = (Vec::new(), Vec::new(), None);
        for row in rows {
            match row.line.as_str() {
                "fee" => fees.push(Fee {
                    kind: FeeKind::from(row.kind.as_str()),
                    amount: Money::from_minor(row.amount),
                    date: parse_date(&row.on_date)?,
                }),
                "payment" => {
                    payments.push(Payment { date: parse_date(&row.on_date)?, amount: Money::from_minor(row.amount) })
                }
                _ => paused = paused_fee(parse_code(&row.kind)?, parse_code(&row.on_date)?, row.position),
            }
        }
        domain_claim_of(rec, fees, payments, paused)
    }

    /// The country of the claim's creditor: whose calendar its days follow.
    pub(super) async fn country_of_claim(&self, claim_id: &ClaimId) -> Result<crate::domain::Country, StoreError> {
        let (country,): (String,) = sqlx::query_as(
            "SELECT cr.country FROM claims c JOIN creditors cr ON cr.id = c.creditor_id WHERE c.id = $1",
        )
        .bind(claim_id)
        .fetch_one(self.pool())
        .await?;
        parse_code(&country)
    }

    pub async fn count(&self, table: &'static str) -> Result<i64, StoreError> {
        use sqlx::Row;
        let row = sqlx::query(&format!("SELECT COUNT(*) AS n FROM {table}")).fetch_one(self.pool()).await?;
        Ok(row.try_get("n")?)
    }
}

/// The claim as the engine takes it, from its stored lines; `paused` is the fee line its dispute
/// pauses (`paused_fee`). `domain_claim` and `claim_file` both build it here.
pub(super) fn domain_claim_of(
    rec: &ClaimRecord,
    fees: Vec<Fee>,
    payments: Vec<Payment>,
    paused: Option<usize>,
) -> Result<Claim, StoreError> {
    let claim = Claim::new(rec.principal, rec.due_date, rec.interest.clone(), fees, payments)
        .map_err(|e| StoreError::Corrupt(format!("claim {}: {e}", rec.id)))?;
    // A fee line a dispute pauses (open, or rejected and still disputed) takes no payment, so
    // paying "what is payable now" never pays the disputed fee; every reader of the claim (the
    // pages, the API, `statement`, the plan calculator) gets it from here.
    Ok(paused.into_iter().fold(claim, Claim::with_paused_fee))
}

/// Registers a claim with its access code, fees and payments in the caller's transaction.
pub(super) async fn insert_claim_on(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    now: Instant,
    c: &ClaimRegistration<'_>,
) -> Result<ClaimId, StoreError> {
    let id = ClaimId::random();
    let terms = c.claim.interest();
    sqlx::query(&format!(
        "INSERT INTO claims ({CLAIM_COLUMNS}, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)"
    ))
    .bind(&id)
    .bind(c.case_number)
    .bind(c.creditor_id)
    .bind(c.debtor_id)
    .bind(c.concerns)
    .bind(c.original_invoice)
    .bind(c.claim.principal().minor())
    .bind(c.claim.due_date().to_string())
    .bind(terms.kind().as_str())
    .bind(terms.rate().to_string())
    .bind(terms.day_count().as_str())
    .bind(c.status.as_str())
    .bind(c.reference_base)
    .bind(c.demand_sent_on.to_string())
    .bind(now)
    .execute(&mut **tx)
    .await?;
    super::access_codes::insert_code(tx, &id, c.access_code_hash, now, c.code_expires_at).await?;
    for (pos, f) in c.claim.fees().iter().enumerate() {
        sqlx::query(
            "INSERT INTO fees (id, claim_id, position, kind, amount, charged_on) VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(new_id())
        .bind(&id)
        .bind(pos as i64)
        .bind(f.kind.as_str())
        .bind(f.amount.minor())
        .bind(f.date.to_string())
        .execute(&mut **tx)
        .await?;
    }
    for (pos, p) in c.claim.payments().iter().enumerate() {
        sqlx::query("INSERT INTO payments (id, claim_id, position, amount, paid_on) VALUES ($1, $2, $3, $4, $5)")
            .bind(new_id())
            .bind(&id)
            .bind(pos as i64)
            .bind(p.amount.minor())
            .bind(p.date.to_string())
            .execute(&mut **tx)
            .await?;
    }
    Ok(id)
}
