//! Deferral requests. The unique indexes keep one pending request and one automatic grant per
//! claim, whatever the number of clicks or tabs.

use chrono::NaiveDate;
use sqlx::FromRow;

use super::audit::{audit_on, ActorKind, AuditAction};
use super::{is_unique_violation, parse_code, parse_date, Store, StoreError, OF_CREDITOR};
use crate::domain::deferral::{DeferralReason, DeferralVerdict};
use crate::domain::ids::{ClaimId, CreditorId, DebtorId};
use crate::domain::text_code::text_code;
use crate::server::clock::Instant;
use crate::server::ids::new_id;

text_code! {
    pub enum DeferralState("deferral state") {
        Pending = "pending",
        Granted = "granted",
        Declined = "declined",
    }
}

text_code! {
    /// Who decided a deferral.
    pub enum DecidedBy("deferral decider") {
        /// Granted at once by the creditor's rules.
        Policy = "policy",
        Creditor = "creditor",
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeferralRecord {
    pub id: String,
    pub claim_id: ClaimId,
    pub state: DeferralState,
    pub pay_by_before: NaiveDate,
    pub requested_date: NaiveDate,
    pub reasons: Vec<DeferralReason>,
    /// Granted at once by the creditor's policy (the claim's one automatic deferral).
    pub by_policy: bool,
    pub created_at: Instant,
    pub decided_at: Option<Instant>,
}

#[derive(FromRow)]
pub(super) struct DeferralRow {
    pub(super) id: String,
    pub(super) claim_id: ClaimId,
    pub(super) state: String,
    pub(super) pay_by_before: String,
    pub(super) requested_date: String,
    pub(super) reasons: String,
    pub(super) decided_by: Option<String>,
    pub(super) created_at: Instant,
    pub(super) decided_at: Option<Instant>,
}

impl TryFrom<DeferralRow> for DeferralRecord {
    type Error = StoreError;
    fn try_from(r: DeferralRow) -> Result<Self, StoreError> {
        Ok(Self {
            state: parse_code(&r.state)?,
            pay_by_before: parse_date(&r.pay_by_before)?,
            requested_date: parse_date(&r.requested_date)?,
            reasons: r.reasons.split_whitespace().map(parse_code).collect::<Result<_, _>>()?,
            by_policy: r.decided_by.as_deref().map(parse_code::<DecidedBy>).transpose()? == Some(DecidedBy::Policy),
            id: r.id,
            claim_id: r.claim_id,
            created_at: r.created_at,
            decided_at: r.decided_at,
        })
    }
}

pub struct NewDeferral<'a> {
    pub claim_id: &'a ClaimId,
    pub debtor_id: &'a DebtorId,
    pub pay_by_before: NaiveDate,
    pub requested: NaiveDate,
    pub verdict: &'a DeferralVerdict,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DeferralRecorded {
    Created(DeferralRecord),
    /// Another request got there first (one pending, or the automatic grant); nothing was written.
    Conflict,
}

const COLUMNS: &str = "id, claim_id, state, pay_by_before, requested_date, reasons, decided_by, created_at, decided_at";

impl Store {
    pub async fn record_deferral(&self, d: NewDeferral<'_>) -> Result<DeferralRecorded, StoreError> {
        let id = new_id();
        let now = self.clock().now();
        let (state, reasons, decided_by, decided_at, action) = match d.verdict {
            DeferralVerdict::Granted => (
                DeferralState::Granted,
                String::new(),
                Some(DecidedBy::Policy.as_str()),
                Some(now),
                AuditAction::DeferralGranted,
            ),
            DeferralVerdict::WaitsForCreditor(rs) => {
                let codes: Vec<&str> = rs.iter().map(|r| r.as_str()).collect();
                (DeferralState::Pending, codes.join(" "), None, None, AuditAction::DeferralRequested)
            }
        };
        let mut tx = self.begin_write().await?;
        let inserted = sqlx::query(&format!(
            "INSERT INTO deferrals ({COLUMNS}, debtor_id, creditor_id) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, (SELECT creditor_id FROM claims WHERE id = $2))"
        ))
        .bind(&id)
        .bind(d.claim_id)
        .bind(state.as_str())
        .bind(d.pay_by_before.to_string())
        .bind(d.requested.to_string())
        .bind(&reasons)
        .bind(decided_by)
        .bind(now)
        .bind(decided_at)
        .bind(d.debtor_id)
        .execute(&mut *tx)
        .await;
        match inserted {
            Ok(_) => {}
            Err(e) if is_unique_violation(&e) => {
                tx.rollback().await?;
                return Ok(DeferralRecorded::Conflict);
            }
            Err(e) => return Err(e.into()),
        }
        let detail = serde_json::json!({
            "deferral": id, "pay_by_before": d.pay_by_before, "requested": d.requested, "reasons": reasons,
        });
        audit_on(
            &mut tx,
            now,
            ActorKind::Debtor,
            Some(d.debtor_id.as_str()),
            action,
            Some(d.claim_id.as_str()),
            &detail,
        )
        .await?;
        tx.commit().await?;
        let rec = self.deferrals_of_claim(d.claim_id).await?.into_iter().find(|r| r.id == id);
        rec.map(DeferralRecorded::Created).ok_or_else(|| StoreError::Corrupt("a new deferral vanished".into()))
    }

    pub async fn deferral(&self, id: &str) -> Result<Option<DeferralRecord>, StoreError> {
        self.one_deferral("id = $1", &[id]).await
    }

    /// The deferral request, only when it is on a claim of `creditor_id`'s: the query's own condition.
    pub async fn creditors_deferral(
        &self,
        creditor_id: &CreditorId,
        id: &str,
    ) -> Result<Option<DeferralRecord>, StoreError> {
        self.one_deferral(&format!("id = $1 AND {OF_CREDITOR}"), &[id, creditor_id.as_str()]).await
    }

    async fn one_deferral(&self, condition: &str, values: &[&str]) -> Result<Option<DeferralRecord>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM deferrals WHERE {condition}");
        let query = values.iter().fold(sqlx::query_as(&sql), |q, v| q.bind(*v));
        let row: Option<DeferralRow> = query.fetch_optional(self.pool()).await?;
        row.map(DeferralRecord::try_from).transpose()
    }

    /// Every deferral request of a claim, oldest first.
    pub async fn deferrals_of_claim(&self, claim_id: &ClaimId) -> Result<Vec<DeferralRecord>, StoreError> {
        let rows: Vec<DeferralRow> =
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM deferrals WHERE claim_id = $1 ORDER BY created_at, id"))
                .bind(claim_id)
                .fetch_all(self.pool())
                .await?;
        rows.into_iter().map(DeferralRecord::try_from).collect()
    }
}
