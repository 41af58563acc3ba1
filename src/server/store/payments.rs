//! Payments a creditor's system reports (the API). The payment, the claim's status when it is paid
//! in full and the audit lines are one transaction; the statement and an active plan's progress
//! are computed from the payments, so they follow at once.

use super::audit::{audit_on, ActorKind, AuditAction};
use super::claims::ClaimRecord;
use super::idempotency::IDEMPOTENCY_KEY_LIFETIME_SECS;
use super::{Store, StoreError};
use crate::domain::claim::Payment;
use crate::domain::ClaimStatus;
use crate::server::ids::new_id;

/// A payment a creditor's system reported for a claim.
pub struct ReportedPayment<'a> {
    pub payment: Payment,
    /// The payer's reference as received, if any.
    pub reference: Option<&'a str>,
    /// The caller's statement with the payment says nothing is left: the claim is paid.
    pub paid_in_full: bool,
    /// The API key that reported it.
    pub key_id: &'a str,
    /// How many payments the claim had when the statement above was computed.
    pub payments_before: usize,
    /// The request's `Idempotency-Key`, kept with the payment.
    pub idempotency_key: Option<&'a str>,
}

/// What became of a payment to record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentRecorded {
    Done,
    /// Nothing more: a payment with this `Idempotency-Key` is on the claim already (its first
    /// request was cut off before its answer was kept).
    AlreadyRecorded,
    /// Nothing was recorded: another payment, or a change of the claim's status, came first, so
    /// the statement the payment was judged with is out of date. Judge it again and retry.
    ClaimMoved,
}

impl Store {
    /// Records the payment if the claim is still as `claim` and `reported.payments_before` describe
    /// it. The claim's row is locked first, so payments reported at once for one claim are
    /// recorded one after the other, each judged with those before it.
    pub async fn record_payment(
        &self,
        claim: &ClaimRecord,
        reported: &ReportedPayment<'_>,
    ) -> Result<PaymentRecorded, StoreError> {
        let ReportedPayment { payment, reference, paid_in_full, key_id, payments_before, idempotency_key } = reported;
        let now = self.clock().now();
        let mut tx = self.begin_write().await?;
        if let Some(key) = idempotency_key {
            // Takes the claim's row lock too, so the check holds until this transaction ends.
            sqlx::query("UPDATE claims SET id = id WHERE id = $1").bind(&claim.id).execute(&mut *tx).await?;
            if self.payment_with_key_on(&mut tx, claim, key).await? {
                tx.rollback().await?;
                return Ok(PaymentRecorded::AlreadyRecorded);
            }
        }
        let same_status = sqlx::query("UPDATE claims SET status = status WHERE id = $1 AND status = $2")
            .bind(&claim.id)
            .bind(claim.status.as_str())
            .execute(&mut *tx)
            .await?;
        let (count,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM payments WHERE claim_id = $1")
            .bind(&claim.id)
            .fetch_one(&mut *tx)
            .await?;
        if same_status.rows_affected() != 1 || usize::try_from(count).ok() != Some(*payments_before) {
            tx.rollback().await?;
            return Ok(PaymentRecorded::ClaimMoved);
        }
        let id = new_id();
        sqlx::query(
            "INSERT INTO payments (id, claim_id, position, amount, paid_on, reference, idem_key, idem_at) \
             SELECT $1, $2, COALESCE(MAX(position), -1) + 1, $3, $4, $5, $6, $7 FROM payments WHERE claim_id = $2",
        )
        .bind(&id)
        .bind(&claim.id)
        .bind(payment.amount.minor())
        .bind(payment.date.to_string())
        .bind(reference)
        .bind(idempotency_key)
        .bind(idempotency_key.map(|_| now))
        .execute(&mut *tx)
        .await?;
        let subject = Some(claim.id.as_str());
        let detail = serde_json::json!({
            "payment": id, "amount": payment.amount.minor(), "paid_on": payment.date, "reference": reference,
        });
        audit_on(&mut tx, now, ActorKind::ApiKey, Some(*key_id), AuditAction::PaymentRecorded, subject, &detail)
            .await?;
        if *paid_in_full {
            // A claim whose statement is zero is paid, disputed or contested as it may be; an open
            // dispute stays open for the creditor to answer, and the answer keeps it paid.
            // The statuses a payment can end are named, so a status added later is never paid by default.
            let paid = sqlx::query("UPDATE claims SET status = $2 WHERE id = $1 AND status IN ($3, $4, $5, $6, $7)")
                .bind(&claim.id)
                .bind(ClaimStatus::Paid.as_str())
                .bind(ClaimStatus::DemandSent.as_str())
                .bind(ClaimStatus::PlanProposed.as_str())
                .bind(ClaimStatus::PlanActive.as_str())
                .bind(ClaimStatus::Disputed.as_str())
                .bind(ClaimStatus::Contested.as_str())
                .execute(&mut *tx)
                .await?;
            if paid.rows_affected() == 1 {
                let detail = serde_json::json!({ "payment": id, "status_before": claim.status });
                audit_on(&mut tx, now, ActorKind::ApiKey, Some(*key_id), AuditAction::ClaimPaid, subject, &detail)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(PaymentRecorded::Done)
    }

    /// Whether a payment reported with `key`, within the key's lifetime, is on the claim.
    pub async fn payment_with_key(&self, claim: &ClaimRecord, key: &str) -> Result<bool, StoreError> {
        let mut tx = self.pool().begin().await?;
        let found = self.payment_with_key_on(&mut tx, claim, key).await?;
        tx.rollback().await?;
        Ok(found)
    }

    async fn payment_with_key_on(
        &self,
        tx: &mut sqlx::Transaction<'_, sqlx::Any>,
        claim: &ClaimRecord,
        key: &str,
    ) -> Result<bool, StoreError> {
        let since = self.clock().now() - IDEMPOTENCY_KEY_LIFETIME_SECS;
        let (n,): (i64,) =
            sqlx::query_as("SELECT COUNT(*) FROM payments WHERE claim_id = $1 AND idem_key = $2 AND idem_at >= $3")
                .bind(&claim.id)
                .bind(key)
                .bind(since)
                .fetch_one(&mut **tx)
                .await?;
        Ok(n > 0)
    }
}
