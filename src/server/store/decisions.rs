//! Staff decisions. A decision row, the item's new state, the claim's new status and the audit
//! line are written in one transaction (plans in `plan_decisions`, disputes in `dispute_answers`,
//! deferrals and review requests here). The unique (item_kind, item_id) index is what makes two
//! agents deciding at once end with exactly one decision: the second insert waits for the first
//! transaction and then fails, and its agent is told who decided and when.

use sqlx::FromRow;

use super::audit::{audit_on, ActorKind, AuditAction};
use super::deferrals::{DecidedBy, DeferralRecord, DeferralState};
use super::review_requests::{ReviewRequest, ReviewState};
use super::{is_unique_violation, parse_code, Store, StoreError};
use crate::domain::decision::{DeclineReason, DeferralDecision, ItemKind, Note, Outcome};
use crate::domain::ids::{ApiKeyId, ClaimId, StaffId};
use crate::domain::Money;
use crate::server::clock::Instant;
use crate::server::ids::new_id;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRecord {
    pub id: String,
    pub item_kind: ItemKind,
    pub item_id: String,
    pub claim_id: Option<ClaimId>,
    /// The staff member who decided, or the API key a creditor's system decided with.
    pub staff_id: Option<StaffId>,
    pub api_key_id: Option<ApiKeyId>,
    /// Who decided, as the other side reads it: the staff member's name, or the API key's.
    pub staff_name: String,
    pub outcome: Outcome,
    pub reason: Option<DeclineReason>,
    pub note: String,
    /// A reduced claim's new principal.
    pub amount: Option<Money>,
    pub decided_at: Instant,
}

#[derive(FromRow)]
pub(super) struct DecisionRow {
    pub(super) id: String,
    pub(super) item_kind: String,
    pub(super) item_id: String,
    pub(super) claim_id: Option<ClaimId>,
    pub(super) staff_id: Option<StaffId>,
    pub(super) api_key_id: Option<ApiKeyId>,
    pub(super) staff_name: String,
    pub(super) outcome: String,
    pub(super) reason: Option<String>,
    pub(super) note: String,
    pub(super) amount: Option<i64>,
    pub(super) decided_at: Instant,
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
            api_key_id: r.api_key_id,
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

/// Who makes a decision: a staff member, or a creditor's system through its API key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decider<'a> {
    Staff(&'a str),
    ApiKey(&'a str),
}

impl<'a> Decider<'a> {
    /// The decision's author as the audit log names it.
    pub fn actor(self) -> (ActorKind, Option<&'a str>) {
        match self {
            Self::Staff(id) => (ActorKind::Staff, Some(id)),
            Self::ApiKey(id) => (ActorKind::ApiKey, Some(id)),
        }
    }
}

const SELECT: &str = "SELECT d.id, d.item_kind, d.item_id, d.claim_id, d.staff_id, d.api_key_id, \
    COALESCE(s.name, k.name) AS staff_name, \
    d.outcome, d.reason, d.note, d.amount, d.decided_at FROM decisions d \
    LEFT JOIN staff_users s ON s.id = d.staff_id LEFT JOIN api_keys k ON k.id = d.api_key_id";

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
    pub async fn decisions_on_claim(&self, claim_id: &ClaimId) -> Result<Vec<DecisionRecord>, StoreError> {
        let rows: Vec<DecisionRow> =
            sqlx::query_as(&format!("{SELECT} WHERE d.claim_id = $1 ORDER BY d.decided_at, d.id"))
                .bind(claim_id)
                .fetch_all(self.pool())
                .await?;
        rows.into_iter().map(DecisionRecord::try_from).collect()
    }

    /// An agent's decision on a pending deferral request: granted, the claim's pay-by date moves
    /// to the requested date; declined, the date stays.
    pub async fn decide_deferral(
        &self,
        deferral: &DeferralRecord,
        by: Decider<'_>,
        decision: &DeferralDecision,
    ) -> Result<Decided, StoreError> {
        let (state, action) = match decision {
            DeferralDecision::Grant { .. } => (DeferralState::Granted, AuditAction::DeferralGranted),
            DeferralDecision::Decline { .. } => (DeferralState::Declined, AuditAction::DeferralDeclined),
        };
        let fields = Fields {
            claim_id: &deferral.claim_id,
            by,
            outcome: decision.outcome(),
            reason: None,
            note: decision.note(),
            amount: None,
        };
        let update = sqlx::query(
            "UPDATE deferrals SET state = $1, decided_by = $2, decided_at = $4 WHERE id = $5 AND state = $3",
        )
        .bind(state.as_str())
        .bind(DecidedBy::Creditor.as_str())
        .bind(DeferralState::Pending.as_str());
        let detail = serde_json::json!({ "deferral": deferral.id, "requested": deferral.requested_date });
        self.decide_simply((ItemKind::Deferral, &deferral.id), &fields, update, action, detail).await
    }

    /// A person's answer to a request to review an automatic decision.
    pub async fn answer_review(
        &self,
        review: &ReviewRequest,
        claim_id: &ClaimId,
        by: Decider<'_>,
        answer: &Note,
    ) -> Result<Decided, StoreError> {
        let fields = Fields { claim_id, by, outcome: Outcome::Answered, reason: None, note: answer, amount: None };
        let update =
            sqlx::query("UPDATE review_requests SET state = $1, answered_at = $3 WHERE id = $4 AND state = $2")
                .bind(ReviewState::Answered.as_str())
                .bind(ReviewState::Pending.as_str());
        let detail = serde_json::json!({ "review": review.id });
        self.decide_simply((ItemKind::ReviewRequest, &review.id), &fields, update, AuditAction::ReviewAnswered, detail)
            .await
    }

    /// A decision that changes only its item: the decision row, the item's state (`update`, whose
    /// last two parameters are bound here: the instant and the item's id) and the audit line.
    /// (`$N` names the N-th bound value in both backends, so those two may be `$N` of any place.)
    async fn decide_simply<'q>(
        &self,
        item: (ItemKind, &str),
        fields: &Fields<'_>,
        update: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
        action: AuditAction,
        mut detail: serde_json::Value,
    ) -> Result<Decided, StoreError> {
        let Deciding { mut tx, decision_id, now } = match self.begin(item, fields).await? {
            Ok(deciding) => deciding,
            Err(first) => return Ok(first),
        };
        if !claimed(&mut tx, update.bind(now).bind(item.1.to_owned())).await? {
            tx.rollback().await?;
            return Ok(Decided::NotPending);
        }
        detail["decision"] = serde_json::Value::String(decision_id);
        detail["outcome"] = serde_json::json!(fields.outcome);
        let (kind, id) = fields.by.actor();
        audit_on(&mut tx, now, kind, id, action, Some(fields.claim_id.as_str()), &detail).await?;
        self.finish(tx, item).await
    }

    /// Opens the decision's transaction and writes its row, stamped with one instant for all that
    /// follows. When someone decided first, nothing is written and theirs is the answer.
    pub(super) async fn begin(
        &self,
        item: (ItemKind, &str),
        fields: &Fields<'_>,
    ) -> Result<Result<Deciding, Decided>, StoreError> {
        let now = self.clock().now();
        let mut tx = self.begin_write().await?;
        match insert_decision(&mut tx, now, item, fields).await {
            Ok(decision_id) => Ok(Ok(Deciding { tx, decision_id, now })),
            Err(StoreError::Db(e)) if is_unique_violation(&e) => {
                tx.rollback().await?;
                let first = self.decision_on(item.0, item.1).await?;
                let first = first.ok_or_else(|| StoreError::Corrupt("a decision vanished".into()))?;
                Ok(Err(Decided::AlreadyDecided(first)))
            }
            Err(e) => Err(e),
        }
    }

    pub(super) async fn finish(
        &self,
        tx: sqlx::Transaction<'static, sqlx::Any>,
        item: (ItemKind, &str),
    ) -> Result<Decided, StoreError> {
        tx.commit().await?;
        let done = self.decision_on(item.0, item.1).await?;
        done.map(Decided::Done).ok_or_else(|| StoreError::Corrupt("a new decision vanished".into()))
    }
}

/// A decision being written: its transaction, with the decision's row in it.
pub(super) struct Deciding {
    pub tx: sqlx::Transaction<'static, sqlx::Any>,
    pub decision_id: String,
    pub now: Instant,
}

/// Moves the item out of its waiting state; false when it no longer waited (decided, withdrawn).
pub(super) async fn claimed<'q>(
    conn: &mut sqlx::AnyConnection,
    update: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
) -> Result<bool, StoreError> {
    Ok(update.execute(conn).await?.rows_affected() == 1)
}

/// What a decision row says beside its item.
pub(super) struct Fields<'a> {
    pub claim_id: &'a ClaimId,
    pub by: Decider<'a>,
    pub outcome: Outcome,
    pub reason: Option<DeclineReason>,
    pub note: &'a Note,
    pub amount: Option<Money>,
}

async fn insert_decision(
    conn: &mut sqlx::AnyConnection,
    now: Instant,
    (kind, item_id): (ItemKind, &str),
    f: &Fields<'_>,
) -> Result<String, StoreError> {
    let id = new_id();
    let (staff_id, api_key_id) = match f.by {
        Decider::Staff(id) => (Some(id), None),
        Decider::ApiKey(id) => (None, Some(id)),
    };
    sqlx::query(
        "INSERT INTO decisions (id, item_kind, item_id, claim_id, staff_id, api_key_id, outcome, reason, note, amount, \
         decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(&id)
    .bind(kind.as_str())
    .bind(item_id)
    .bind(f.claim_id)
    .bind(staff_id)
    .bind(api_key_id)
    .bind(f.outcome.as_str())
    .bind(f.reason.map(DeclineReason::as_str))
    .bind(f.note.as_str())
    .bind(f.amount.map(Money::minor))
    .bind(now)
    .execute(conn)
    .await?;
    Ok(id)
}
