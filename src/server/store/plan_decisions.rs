//! An agent's decisions on plan proposals: approve, decline, or answer with a counter-proposal
//! that waits for the debtor. Each is one transaction with the proposal's new state, the claim's
//! status and the audit line; `Store::begin` makes the first decision the only one.

use super::audit::{audit_on, ActorKind, AuditAction};
use super::decisions::{claimed, Decided, Decider, Deciding, Fields};
use super::plan_proposals::{book_plan_fee_on, insert_proposal_on, NewProposal, ProposalRecord, ProposalState};
use super::{Store, StoreError};
use crate::domain::decision::{ItemKind, Note, Outcome, PlanDecision};
use crate::domain::ids::ProposalId;
use crate::domain::ids::StaffId;
use crate::domain::proposal::Proposal;
use crate::domain::{ClaimStatus, Money};

impl Store {
    /// An agent's decision on a pending plan proposal: approved, the plan is active; declined, the
    /// claim has the status it had before the proposal.
    pub async fn decide_proposal(
        &self,
        proposal: &ProposalRecord,
        by: Decider<'_>,
        decision: &PlanDecision,
    ) -> Result<Decided, StoreError> {
        let (state, status, action) = match decision {
            PlanDecision::Approve { .. } => ("active", ClaimStatus::PlanActive, AuditAction::PlanApproved),
            PlanDecision::Decline { .. } => ("declined", proposal.status_before, AuditAction::PlanDeclined),
        };
        // Read before the transaction: a pool connection is not held waiting for another.
        let country = self.country_of_claim(&proposal.claim_id).await?;
        let item = (ItemKind::PlanProposal, proposal.id.as_str());
        let fields = Fields {
            claim_id: &proposal.claim_id,
            by,
            outcome: decision.outcome(),
            reason: decision.reason(),
            note: decision.note(),
            amount: None,
        };
        // One instant for the decision, the proposal and the audit line (`begin`).
        let Deciding { mut tx, decision_id, now } = match self.begin(item, &fields).await? {
            Ok(deciding) => deciding,
            Err(first) => return Ok(first),
        };
        // A counter-proposal waits for the debtor: no agent approves it on the debtor's behalf.
        let update = sqlx::query(
            "UPDATE plan_proposals SET state = $1, decided_at = $2 \
             WHERE id = $3 AND state = $4 AND offered_by IS NULL",
        )
        .bind(state)
        .bind(now)
        .bind(&proposal.id)
        .bind(ProposalState::Pending.as_str());
        if !claimed(&mut tx, update).await? {
            tx.rollback().await?;
            return Ok(Decided::NotPending);
        }
        sqlx::query("UPDATE claims SET status = $1 WHERE id = $2")
            .bind(status.as_str())
            .bind(&proposal.claim_id)
            .execute(&mut *tx)
            .await?;
        if matches!(decision, PlanDecision::Approve { .. }) {
            let day = self.clock().today_in(country);
            book_plan_fee_on(&mut tx, &proposal.claim_id, &proposal.id, proposal.plan_fee, day, now, by.actor())
                .await?;
        }
        let detail = serde_json::json!({
            "proposal": proposal.id, "decision": decision_id,
            "outcome": decision.outcome(), "reason": decision.reason(),
        });
        let (kind, id) = by.actor();
        audit_on(&mut tx, now, kind, id, action, Some(proposal.claim_id.as_str()), &detail).await?;
        self.finish(tx, item).await
    }

    /// An agent's counter-proposal: the debtor's proposal is answered (declined, with the decision
    /// `countered` and the agent's note) and the engine's schedule for the agent's choice waits for
    /// the debtor, with the claim still `plan_proposed`.
    pub async fn counter_proposal(
        &self,
        proposal: &ProposalRecord,
        staff_id: &StaffId,
        counter: &Proposal,
        plan_fee: Money,
        note: &Note,
    ) -> Result<Decided, StoreError> {
        let item = (ItemKind::PlanProposal, proposal.id.as_str());
        let fields = Fields {
            claim_id: &proposal.claim_id,
            by: Decider::Staff(staff_id.as_str()),
            outcome: Outcome::Countered,
            reason: None,
            note,
            amount: None,
        };
        let Deciding { mut tx, decision_id, now } = match self.begin(item, &fields).await? {
            Ok(deciding) => deciding,
            Err(first) => return Ok(first),
        };
        let update = sqlx::query(
            "UPDATE plan_proposals SET state = $3, decided_at = $1 \
             WHERE id = $2 AND state = $4 AND offered_by IS NULL",
        )
        .bind(now)
        .bind(&proposal.id)
        .bind(ProposalState::Declined.as_str())
        .bind(ProposalState::Pending.as_str());
        if !claimed(&mut tx, update).await? {
            tx.rollback().await?;
            return Ok(Decided::NotPending);
        }
        let counter_id = ProposalId::random();
        let new = NewProposal {
            claim_id: &proposal.claim_id,
            debtor_id: &proposal.debtor_id,
            state: ProposalState::Pending,
            proposal: counter,
            plan_fee,
            status_before: proposal.status_before,
            status_after: ClaimStatus::PlanProposed,
        };
        insert_proposal_on(&mut tx, counter_id.as_str(), now, &new, Some((staff_id.as_str(), proposal.id.as_str())))
            .await?;
        let detail = serde_json::json!({
            "proposal": proposal.id, "counter": counter_id, "decision": decision_id, "choice": counter.choice,
        });
        let subject = Some(proposal.claim_id.as_str());
        audit_on(&mut tx, now, ActorKind::Staff, Some(staff_id.as_str()), AuditAction::PlanCountered, subject, &detail)
            .await?;
        self.finish(tx, item).await
    }
}
