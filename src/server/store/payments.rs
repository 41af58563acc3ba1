//! Payments a creditor's system reports (the API). The payment, the claim's status when it is paid
//! in full and the audit lines are one transaction; the statement and an active plan's progress
//! are computed from the payments, so they follow at once.

use super::audit::{audit_on, ActorKind, AuditAction};
use super::claims::ClaimRecord;
use super::{is_unique_violation, Store, StoreError};
use crate::domain::claim::Payment;
use crate::domain::ClaimStatus;
use crate::server::ids::new_id;

/// Two payments reported at once for one claim may pick the same position; the second tries again.
const POSITION_ATTEMPTS: usize = 5;

/// A payment a creditor's system reported for a claim.
pub struct ReportedPayment<'a> {
    pub payment: Payment,
    /// The payer's reference as received, if any.
    pub reference: Option<&'a str>,
    /// The caller's statement with the payment says nothing is left: the claim is paid.
    pub paid_in_full: bool,
    /// The API key that reported it.
    pub key_id: &'a str,
}

impl Store {
    pub async fn record_payment(&self, claim: &ClaimRecord, reported: &ReportedPayment<'_>) -> Result<(), StoreError> {
        for attempt in 1..=POSITION_ATTEMPTS {
            match self.try_record_payment(claim, reported).await {
                Err(StoreError::Db(e)) if is_unique_violation(&e) && attempt < POSITION_ATTEMPTS => continue,
                other => return other,
            }
        }
        unreachable!("the last attempt returns")
    }

    async fn try_record_payment(&self, claim: &ClaimRecord, reported: &ReportedPayment<'_>) -> Result<(), StoreError> {
        let ReportedPayment { payment, reference, paid_in_full, key_id } = reported;
        let now = self.clock().now();
        let mut tx = self.begin_write().await?;
        let id = new_id();
        sqlx::query(
            "INSERT INTO payments (id, claim_id, position, amount, paid_on, reference) \
             SELECT $1, $2, COALESCE(MAX(position), -1) + 1, $3, $4, $5 FROM payments WHERE claim_id = $2",
        )
        .bind(&id)
        .bind(&claim.id)
        .bind(payment.amount.minor())
        .bind(payment.date.to_string())
        .bind(reference)
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
        Ok(())
    }
}
