//! What happens to an active plan when installments go unpaid: the daily job marks it in arrears
//! after the creditor's grace, clears the mark when a payment brings it up to date, and lets it
//! lapse after the creditor's limit (or an agent ends it). Each change is a conditional update
//! of the plan's row with its audit line in one transaction, so running the job twice, or on two
//! servers at once, changes nothing more than running it once: the second update matches no row.

use chrono::NaiveDate;

use super::audit::{audit_on, ActorKind, AuditAction};
use super::plan_proposals::{PlanEnd, ProposalState};
use super::{Store, StoreError};
use crate::domain::ids::{ClaimId, ProposalId};
use crate::domain::ClaimStatus;

impl Store {
    /// The ids of the active plans, oldest first.
    pub async fn active_plan_ids(&self) -> Result<Vec<ProposalId>, StoreError> {
        let rows: Vec<(ProposalId,)> =
            sqlx::query_as("SELECT id FROM plan_proposals WHERE state = $1 ORDER BY created_at, id")
                .bind(ProposalState::Active.as_str())
                .fetch_all(self.pool())
                .await?;
        Ok(rows.into_iter().map(|(id,)| id).collect())
    }

    /// Marks an active plan in arrears since `since` (the oldest unpaid installment's due date; a
    /// later one once the older is caught up); true when this call made the change.
    pub async fn mark_arrears(
        &self,
        proposal_id: &ProposalId,
        claim_id: &ClaimId,
        since: NaiveDate,
    ) -> Result<bool, StoreError> {
        let update = sqlx::query(
            "UPDATE plan_proposals SET arrears_since = $1 \
             WHERE id = $2 AND state = $3 AND (arrears_since IS NULL OR arrears_since <> $1)",
        )
        .bind(since.to_string())
        .bind(proposal_id)
        .bind(ProposalState::Active.as_str());
        let detail = serde_json::json!({ "proposal": proposal_id, "since": since });
        self.plan_change(update, claim_id, AuditAction::PlanInArrears, (ActorKind::System, None), &detail).await
    }

    /// Clears the arrears mark of a plan that payments brought up to date; true when this call did.
    pub async fn clear_arrears(&self, proposal_id: &ProposalId, claim_id: &ClaimId) -> Result<bool, StoreError> {
        let update = sqlx::query(
            "UPDATE plan_proposals SET arrears_since = NULL \
             WHERE id = $1 AND state = $2 AND arrears_since IS NOT NULL",
        )
        .bind(proposal_id)
        .bind(ProposalState::Active.as_str());
        let detail = serde_json::json!({ "proposal": proposal_id });
        self.plan_change(update, claim_id, AuditAction::PlanArrearsCleared, (ActorKind::System, None), &detail).await
    }

    /// Ends an active plan unpaid: the claim is back in collection with its balance (the fees
    /// booked stay, interest runs on). True when this call ended it.
    pub async fn lapse_plan(
        &self,
        proposal_id: &ProposalId,
        claim_id: &ClaimId,
        on: NaiveDate,
        reason: PlanEnd,
        actor: (ActorKind, Option<&str>),
    ) -> Result<bool, StoreError> {
        let now = self.clock().now();
        let mut tx = self.begin_write().await?;
        let ended = sqlx::query(
            "UPDATE plan_proposals SET state = $5, ended_on = $1, end_reason = $2, decided_at = $3 \
             WHERE id = $4 AND state = $6",
        )
        .bind(on.to_string())
        .bind(reason.as_str())
        .bind(now)
        .bind(proposal_id)
        .bind(ProposalState::Lapsed.as_str())
        .bind(ProposalState::Active.as_str())
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if ended != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        // Only a claim in its plan goes back to collection: a dispute opened meanwhile pauses it,
        // and then the plan is not ended here either.
        let back = sqlx::query("UPDATE claims SET status = $1 WHERE id = $2 AND status = $3")
            .bind(ClaimStatus::DemandSent.as_str())
            .bind(claim_id)
            .bind(ClaimStatus::PlanActive.as_str())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if back != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        let detail = serde_json::json!({ "proposal": proposal_id, "on": on, "reason": reason.as_str() });
        audit_on(&mut tx, now, actor.0, actor.1, AuditAction::PlanLapsed, Some(claim_id.as_str()), &detail).await?;
        tx.commit().await?;
        Ok(true)
    }

    async fn plan_change<'q>(
        &self,
        update: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
        claim_id: &ClaimId,
        action: AuditAction,
        actor: (ActorKind, Option<&str>),
        detail: &serde_json::Value,
    ) -> Result<bool, StoreError> {
        let now = self.clock().now();
        let mut tx = self.begin_write().await?;
        if update.execute(&mut *tx).await?.rows_affected() != 1 {
            tx.rollback().await?;
            return Ok(false);
        }
        audit_on(&mut tx, now, actor.0, actor.1, action, Some(claim_id.as_str()), detail).await?;
        tx.commit().await?;
        Ok(true)
    }
}
