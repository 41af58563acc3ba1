//! An agent's answer to a dispute: the claim withdrawn, its principal lowered, or the dispute
//! rejected, in one transaction with the dispute's state, the claim and the audit line.

use super::audit::{audit_on, AuditAction};
use super::decisions::{claimed, Decided, Decider, Deciding, Fields};
use super::disputes::{DisputeRecord, DisputeState};
use super::plan_proposals::ProposalState;
use super::{parse_code, Store, StoreError};
use crate::domain::decision::{DisputeDecision, ItemKind};
use crate::domain::{ClaimStatus, Money};

impl Store {
    /// An agent's answer to an open dispute. Upheld, the claim is withdrawn (closed) or its
    /// principal lowered (collection goes on where the dispute paused it). Rejected, a dispute of
    /// the whole claim leaves it `contested`: ordinary collection does not resume, the creditor's
    /// way on is the conciliation board or the court; no fee is booked. A partial dispute never
    /// changed the claim's status, so its answer leaves the status as it is now (a rejected part
    /// stays paused, see `DisputeRecord::paused_part`). A plan that was running ends with a
    /// withdrawal or a reduction: its instalments were for the old amount, and the debtor can
    /// propose a new one on what is left; it ends with a rejection of the whole claim's dispute
    /// too, since a contested claim is not collected by plan.
    pub async fn decide_dispute(
        &self,
        dispute: &DisputeRecord,
        principal_before: Money,
        by: Decider<'_>,
        decision: &DisputeDecision,
    ) -> Result<Decided, StoreError> {
        let item = (ItemKind::Dispute, dispute.id.as_str());
        let fields = Fields {
            claim_id: &dispute.claim_id,
            by,
            outcome: decision.outcome(),
            reason: None,
            note: decision.note(),
            amount: decision.new_principal(),
        };
        let (state, action) = if decision.upheld() {
            (DisputeState::Upheld, AuditAction::DisputeUpheld)
        } else {
            (DisputeState::Rejected, AuditAction::DisputeRejected)
        };
        let Deciding { mut tx, decision_id, now } = match self.begin(item, &fields).await? {
            Ok(deciding) => deciding,
            Err(first) => return Ok(first),
        };
        // A whole dispute holds the claim at `disputed`, so what it was before is what the answer
        // restores; a partial one left the status alone, so it is read as it is now.
        let (now_status,): (String,) = sqlx::query_as("SELECT status FROM claims WHERE id = $1")
            .bind(&dispute.claim_id)
            .fetch_one(&mut *tx)
            .await?;
        let now_status: ClaimStatus = parse_code(&now_status)?;
        let before = if dispute.part.is_whole() { dispute.status_before } else { now_status };
        // A contested claim has no plan (none is offered while contested): a whole dispute's
        // rejection ends a running one, as an upheld answer does.
        let contested = !decision.upheld() && dispute.part.is_whole();
        let ends_plan = (decision.upheld() || contested) && before == ClaimStatus::PlanActive;
        let status = match decision {
            DisputeDecision::Withdraw { .. } => ClaimStatus::Closed,
            DisputeDecision::Reduce { .. } if ends_plan => ClaimStatus::DemandSent,
            DisputeDecision::Reduce { .. } => before,
            DisputeDecision::Reject { .. } if contested => ClaimStatus::Contested,
            DisputeDecision::Reject { .. } => before,
        };
        // Paid in full while the dispute was open: paid it stays, whatever the answer (but a
        // withdrawn claim is closed).
        let status =
            if now_status == ClaimStatus::Paid && status != ClaimStatus::Closed { ClaimStatus::Paid } else { status };
        let update = sqlx::query("UPDATE disputes SET state = $1, decided_at = $2 WHERE id = $3 AND state = $4")
            .bind(state.as_str())
            .bind(now)
            .bind(&dispute.id)
            .bind(DisputeState::Open.as_str());
        if !claimed(&mut tx, update).await? {
            tx.rollback().await?;
            return Ok(Decided::NotPending);
        }
        let principal = decision.new_principal().unwrap_or(principal_before);
        sqlx::query("UPDATE claims SET status = $1, principal = $2 WHERE id = $3")
            .bind(status.as_str())
            .bind(principal.minor())
            .bind(&dispute.claim_id)
            .execute(&mut *tx)
            .await?;
        let subject = Some(dispute.claim_id.as_str());
        let (actor, actor_id) = by.actor();
        if ends_plan {
            let plan: Option<(String,)> = sqlx::query_as(
                "UPDATE plan_proposals SET state = $3, decided_at = $1 \
                 WHERE claim_id = $2 AND state = $4 RETURNING id",
            )
            .bind(now)
            .bind(&dispute.claim_id)
            .bind(ProposalState::Withdrawn.as_str())
            .bind(ProposalState::Active.as_str())
            .fetch_optional(&mut *tx)
            .await?;
            if let Some((plan,)) = plan {
                let detail = serde_json::json!({ "proposal": plan, "because": decision.outcome() });
                audit_on(&mut tx, now, actor, actor_id, AuditAction::PlanWithdrawn, subject, &detail).await?;
            }
        }
        let detail = serde_json::json!({
            "dispute": dispute.id, "decision": decision_id, "outcome": decision.outcome(),
            "principal_before": principal_before.minor(), "principal_after": principal.minor(),
        });
        audit_on(&mut tx, now, actor, actor_id, action, subject, &detail).await?;
        self.finish(tx, item).await
    }
}
