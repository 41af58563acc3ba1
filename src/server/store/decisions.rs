//! Staff decisions. A decision row, the item's new state, the claim's new status and the audit
//! line are written in one transaction. The unique (item_kind, item_id) index is what makes two
//! agents deciding at once end with exactly one decision: the second insert waits for the first
//! transaction and then fails, and its agent is told who decided and when.

use sqlx::FromRow;

use super::audit::{audit_on, ActorKind, AuditAction};
use super::deferrals::{DecidedBy, DeferralRecord, DeferralState};
use super::disputes::{DisputeRecord, DisputeState};
use super::plan_proposals::{insert_proposal_on, NewProposal, ProposalRecord, ProposalState};
use super::review_requests::ReviewRequest;
use super::{is_unique_violation, parse_code, Store, StoreError};
use crate::domain::decision::{
    DeclineReason, DeferralDecision, DisputeDecision, ItemKind, Note, Outcome, PlanDecision,
};
use crate::domain::proposal::Proposal;
use crate::domain::{ClaimStatus, Money};
use crate::server::ids::new_id;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRecord {
    pub id: String,
    pub item_kind: ItemKind,
    pub item_id: String,
    pub claim_id: Option<String>,
    pub staff_id: String,
    /// Who decided, as the other side reads it.
    pub staff_name: String,
    pub outcome: Outcome,
    pub reason: Option<DeclineReason>,
    pub note: String,
    /// A reduced claim's new principal.
    pub amount: Option<Money>,
    pub decided_at: i64,
}

#[derive(FromRow)]
struct DecisionRow {
    id: String,
    item_kind: String,
    item_id: String,
    claim_id: Option<String>,
    staff_id: String,
    staff_name: String,
    outcome: String,
    reason: Option<String>,
    note: String,
    amount: Option<i64>,
    decided_at: i64,
}

impl TryFrom<DecisionRow> for DecisionRecord {
    type Error = StoreError;
    fn try_from(r: DecisionRow) -> Result<Self, StoreError> {
        Ok(Self {
            item_kind: parse_code(&r.item_kind)?,
            outcome: parse_code(&r.outcome)?,
            reason: r.reason.as_deref().map(parse_code).transpose()?,
            id: r.id,
            item_id: r.item_id,
            claim_id: r.claim_id,
            staff_id: r.staff_id,
            staff_name: r.staff_name,
            note: r.note,
            amount: r.amount.map(Money::from_minor),
            decided_at: r.decided_at,
        })
    }
}

/// What came of an attempt to decide.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decided {
    Done(DecisionRecord),
    /// Someone decided first; this is their decision. Nothing was written.
    AlreadyDecided(DecisionRecord),
    /// The item no longer waits (the debtor withdrew it, a dispute withdrew it). Nothing was written.
    NotPending,
}

const SELECT: &str = "SELECT d.id, d.item_kind, d.item_id, d.claim_id, d.staff_id, s.name AS staff_name, d.outcome, \
    d.reason, d.note, d.amount, d.decided_at FROM decisions d JOIN staff_users s ON s.id = d.staff_id";

impl Store {
    pub async fn decision_on(&self, kind: ItemKind, item_id: &str) -> Result<Option<DecisionRecord>, StoreError> {
        let row: Option<DecisionRow> = sqlx::query_as(&format!("{SELECT} WHERE d.item_kind = $1 AND d.item_id = $2"))
            .bind(kind.as_str())
            .bind(item_id)
            .fetch_optional(self.pool())
            .await?;
        row.map(DecisionRecord::try_from).transpose()
    }

    /// Every decision on a claim, oldest first: part of the claim's history on both sides.
    pub async fn decisions_on_claim(&self, claim_id: &str) -> Result<Vec<DecisionRecord>, StoreError> {
        let rows: Vec<DecisionRow> =
            sqlx::query_as(&format!("{SELECT} WHERE d.claim_id = $1 ORDER BY d.decided_at, d.id"))
                .bind(claim_id)
                .fetch_all(self.pool())
                .await?;
        rows.into_iter().map(DecisionRecord::try_from).collect()
    }

    /// An agent's decision on a pending plan proposal: approved, the plan is active; declined, the
    /// claim has the status it had before the proposal.
    pub async fn decide_proposal(
        &self,
        proposal: &ProposalRecord,
        staff_id: &str,
        decision: &PlanDecision,
    ) -> Result<Decided, StoreError> {
        let (state, status, action) = match decision {
            PlanDecision::Approve { .. } => ("active", ClaimStatus::PlanActive, AuditAction::PlanApproved),
            PlanDecision::Decline { .. } => ("declined", proposal.status_before, AuditAction::PlanDeclined),
        };
        let item = (ItemKind::PlanProposal, proposal.id.as_str());
        let fields = Fields {
            claim_id: &proposal.claim_id,
            staff_id,
            outcome: decision.outcome(),
            reason: decision.reason(),
            note: decision.note(),
            amount: None,
        };
        // One instant for the decision, the proposal and the audit line.
        let now = self.clock().now();
        let mut tx = self.pool().begin().await?;
        let decision_id = match insert_decision(&mut tx, now, item, &fields).await {
            Ok(id) => id,
            Err(StoreError::Db(e)) if is_unique_violation(&e) => {
                tx.rollback().await?;
                return self.first_decision(item.0, item.1).await;
            }
            Err(e) => return Err(e),
        };
        // A counter-proposal waits for the debtor: no agent approves it on the debtor's behalf.
        let changed = sqlx::query(
            "UPDATE plan_proposals SET state = $1, decided_at = $2 WHERE id = $3 AND state = 'pending' AND offered_by IS NULL",
        )
            .bind(state)
        .bind(now)
        .bind(&proposal.id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed != 1 {
            tx.rollback().await?;
            return Ok(Decided::NotPending);
        }
        sqlx::query("UPDATE claims SET status = $1 WHERE id = $2")
            .bind(status.as_str())
            .bind(&proposal.claim_id)
            .execute(&mut *tx)
            .await?;
        let detail = serde_json::json!({
            "proposal": proposal.id, "decision": decision_id,
            "outcome": decision.outcome(), "reason": decision.reason(),
        });
        audit_on(&mut tx, now, ActorKind::Staff, Some(staff_id), action, Some(&proposal.claim_id), &detail).await?;
        tx.commit().await?;
        let done = self.decision_on(item.0, item.1).await?;
        done.map(Decided::Done).ok_or_else(|| StoreError::Corrupt("a new decision vanished".into()))
    }

    /// An agent's counter-proposal: the debtor's proposal is answered (declined, with the decision
    /// `countered` and the agent's note) and the engine's schedule for the agent's choice waits for
    /// the debtor, with the claim still `plan_proposed`.
    pub async fn counter_proposal(
        &self,
        proposal: &ProposalRecord,
        staff_id: &str,
        counter: &Proposal,
        plan_fee: Money,
        note: &Note,
    ) -> Result<Decided, StoreError> {
        let item = (ItemKind::PlanProposal, proposal.id.as_str());
        let fields = Fields {
            claim_id: &proposal.claim_id,
            staff_id,
            outcome: Outcome::Countered,
            reason: None,
            note,
            amount: None,
        };
        let now = self.clock().now();
        let mut tx = self.pool().begin().await?;
        let decision_id = match insert_decision(&mut tx, now, item, &fields).await {
            Ok(id) => id,
            Err(StoreError::Db(e)) if is_unique_violation(&e) => {
                tx.rollback().await?;
                return self.first_decision(item.0, item.1).await;
            }
            Err(e) => return Err(e),
        };
        let changed = sqlx::query(
            "UPDATE plan_proposals SET state = 'declined', decided_at = $1 WHERE id = $2 AND state = 'pending' AND offered_by IS NULL",
        )
        .bind(now)
        .bind(&proposal.id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if changed != 1 {
            tx.rollback().await?;
            return Ok(Decided::NotPending);
        }
        let counter_id = new_id();
        let new = NewProposal {
            claim_id: &proposal.claim_id,
            debtor_id: &proposal.debtor_id,
            state: ProposalState::Pending,
            proposal: counter,
            plan_fee,
            status_before: proposal.status_before,
            status_after: ClaimStatus::PlanProposed,
        };
        insert_proposal_on(&mut tx, &counter_id, now, &new, Some((staff_id, &proposal.id))).await?;
        let detail = serde_json::json!({
            "proposal": proposal.id, "counter": counter_id, "decision": decision_id, "choice": counter.choice,
        });
        let subject = Some(proposal.claim_id.as_str());
        audit_on(&mut tx, now, ActorKind::Staff, Some(staff_id), AuditAction::PlanCountered, subject, &detail).await?;
        tx.commit().await?;
        let done = self.decision_on(item.0, item.1).await?;
        done.map(Decided::Done).ok_or_else(|| StoreError::Corrupt("a new decision vanished".into()))
    }

    /// An agent's answer to an open dispute. Upheld, the claim is withdrawn (closed) or its
    /// principal lowered; rejected, collection resumes where the dispute paused it. A plan that was
    /// running ends with a withdrawal or a reduction: its instalments were for the old amount, and
    /// the debtor can propose a new one on what is left.
    pub async fn decide_dispute(
        &self,
        dispute: &DisputeRecord,
        principal_before: Money,
        staff_id: &str,
        decision: &DisputeDecision,
    ) -> Result<Decided, StoreError> {
        let item = (ItemKind::Dispute, dispute.id.as_str());
        let fields = Fields {
            claim_id: &dispute.claim_id,
            staff_id,
            outcome: decision.outcome(),
            reason: None,
            note: decision.note(),
            amount: decision.new_principal(),
        };
        let ends_plan = decision.upheld() && dispute.status_before == ClaimStatus::PlanActive;
        let (state, action, status) = match decision {
            DisputeDecision::Withdraw { .. } => (DisputeState::Upheld, AuditAction::DisputeUpheld, ClaimStatus::Closed),
            DisputeDecision::Reduce { .. } if ends_plan => {
                (DisputeState::Upheld, AuditAction::DisputeUpheld, ClaimStatus::DemandSent)
            }
            DisputeDecision::Reduce { .. } => (DisputeState::Upheld, AuditAction::DisputeUpheld, dispute.status_before),
            DisputeDecision::Reject { .. } => {
                (DisputeState::Rejected, AuditAction::DisputeRejected, dispute.status_before)
            }
        };
        let now = self.clock().now();
        let mut tx = self.pool().begin().await?;
        let decision_id = match insert_decision(&mut tx, now, item, &fields).await {
            Ok(id) => id,
            Err(StoreError::Db(e)) if is_unique_violation(&e) => {
                tx.rollback().await?;
                return self.first_decision(item.0, item.1).await;
            }
            Err(e) => return Err(e),
        };
        let changed = sqlx::query("UPDATE disputes SET state = $1, decided_at = $2 WHERE id = $3 AND state = 'open'")
            .bind(state.as_str())
            .bind(now)
            .bind(&dispute.id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if changed != 1 {
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
        if ends_plan {
            let plan: Option<(String,)> =
                sqlx::query_as("UPDATE plan_proposals SET state = 'withdrawn', decided_at = $1 WHERE claim_id = $2 AND state = 'active' RETURNING id")
                    .bind(now)
                    .bind(&dispute.claim_id)
                    .fetch_optional(&mut *tx)
                    .await?;
            if let Some((plan,)) = plan {
                let detail = serde_json::json!({ "proposal": plan, "because": decision.outcome() });
                audit_on(&mut tx, now, ActorKind::Staff, Some(staff_id), AuditAction::PlanWithdrawn, subject, &detail)
                    .await?;
            }
        }
        let detail = serde_json::json!({
            "dispute": dispute.id, "decision": decision_id, "outcome": decision.outcome(),
            "principal_before": principal_before.minor(), "principal_after": principal.minor(),
        });
        audit_on(&mut tx, now, ActorKind::Staff, Some(staff_id), action, subject, &detail).await?;
        tx.commit().await?;
        let done = self.decision_on(item.0, item.1).await?;
        done.map(Decided::Done).ok_or_else(|| StoreError::Corrupt("a new decision vanished".into()))
    }

    /// An agent's decision on a pending deferral request: granted, the claim's pay-by date moves
    /// to the requested date; declined, the date stays.
    pub async fn decide_deferral(
        &self,
        deferral: &DeferralRecord,
        staff_id: &str,
        decision: &DeferralDecision,
    ) -> Result<Decided, StoreError> {
        let (state, action) = match decision {
            DeferralDecision::Grant { .. } => (DeferralState::Granted, AuditAction::DeferralGranted),
            DeferralDecision::Decline { .. } => (DeferralState::Declined, AuditAction::DeferralDeclined),
        };
        let fields = Fields {
            claim_id: &deferral.claim_id,
            staff_id,
            outcome: decision.outcome(),
            reason: None,
            note: decision.note(),
            amount: None,
        };
        let update = sqlx::query(
            "UPDATE deferrals SET state = $1, decided_by = $2, decided_at = $3 WHERE id = $4 AND state = 'pending'",
        )
        .bind(state.as_str())
        .bind(DecidedBy::Creditor.as_str());
        let detail = serde_json::json!({ "deferral": deferral.id, "requested": deferral.requested_date });
        self.decide_simply((ItemKind::Deferral, &deferral.id), &fields, update, action, detail).await
    }

    /// A person's answer to a request to review an automatic decision.
    pub async fn answer_review(
        &self,
        review: &ReviewRequest,
        claim_id: &str,
        staff_id: &str,
        answer: &Note,
    ) -> Result<Decided, StoreError> {
        let fields =
            Fields { claim_id, staff_id, outcome: Outcome::Answered, reason: None, note: answer, amount: None };
        let update = sqlx::query(
            "UPDATE review_requests SET state = 'answered', answered_at = $1 WHERE id = $2 AND state = 'pending'",
        );
        let detail = serde_json::json!({ "review": review.id });
        self.decide_simply((ItemKind::ReviewRequest, &review.id), &fields, update, AuditAction::ReviewAnswered, detail)
            .await
    }

    /// A decision that changes only its item: the decision row, the item's state (`update`, whose
    /// last two parameters are bound here: the instant and the item's id) and the audit line.
    async fn decide_simply<'q>(
        &self,
        item: (ItemKind, &str),
        fields: &Fields<'_>,
        update: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
        action: AuditAction,
        mut detail: serde_json::Value,
    ) -> Result<Decided, StoreError> {
        let now = self.clock().now();
        let mut tx = self.pool().begin().await?;
        let decision_id = match insert_decision(&mut tx, now, item, fields).await {
            Ok(id) => id,
            Err(StoreError::Db(e)) if is_unique_violation(&e) => {
                tx.rollback().await?;
                return self.first_decision(item.0, item.1).await;
            }
            Err(e) => return Err(e),
        };
        let changed = update.bind(now).bind(item.1.to_owned()).execute(&mut *tx).await?.rows_affected();
        if changed != 1 {
            tx.rollback().await?;
            return Ok(Decided::NotPending);
        }
        detail["decision"] = serde_json::Value::String(decision_id);
        detail["outcome"] = serde_json::json!(fields.outcome);
        let (staff, subject) = (Some(fields.staff_id), Some(fields.claim_id));
        audit_on(&mut tx, now, ActorKind::Staff, staff, action, subject, &detail).await?;
        tx.commit().await?;
        let done = self.decision_on(item.0, item.1).await?;
        done.map(Decided::Done).ok_or_else(|| StoreError::Corrupt("a new decision vanished".into()))
    }

    async fn first_decision(&self, kind: ItemKind, item_id: &str) -> Result<Decided, StoreError> {
        let first = self.decision_on(kind, item_id).await?;
        first.map(Decided::AlreadyDecided).ok_or_else(|| StoreError::Corrupt("a decision vanished".into()))
    }
}

/// What a decision row says beside its item.
struct Fields<'a> {
    claim_id: &'a str,
    staff_id: &'a str,
    outcome: Outcome,
    reason: Option<DeclineReason>,
    note: &'a Note,
    amount: Option<Money>,
}

async fn insert_decision(
    conn: &mut sqlx::AnyConnection,
    now: i64,
    (kind, item_id): (ItemKind, &str),
    f: &Fields<'_>,
) -> Result<String, StoreError> {
    let id = new_id();
    sqlx::query(
        "INSERT INTO decisions (id, item_kind, item_id, claim_id, staff_id, outcome, reason, note, amount, decided_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(&id)
    .bind(kind.as_str())
    .bind(item_id)
    .bind(f.claim_id)
    .bind(f.staff_id)
    .bind(f.outcome.as_str())
    .bind(f.reason.map(DeclineReason::as_str))
    .bind(f.note.as_str())
    .bind(f.amount.map(Money::minor))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(id)
}
