//! Plan proposals and the schedules the server computed for them. A proposal, its installments, the
//! claim's new status and the audit line are written in one transaction; the database's unique index
//! on open proposals decides between simultaneous submissions, so there is never a second one.

use chrono::NaiveDate;
use sqlx::FromRow;

use super::audit::{audit_on, ActorKind, AuditAction};
use super::{is_unique_violation, parse_code, parse_date, Store, StoreError, OF_CREDITOR};
use crate::domain::claim::KnownFee;
use crate::domain::ids::{ClaimId, CreditorId, DebtorId, ProposalId};
use crate::domain::plan::Installment;
use crate::domain::policy::Reason;
use crate::domain::proposal::{ChosenSize, PlanChoice, PlanMode, Proposal};
use crate::domain::text_code::text_code;
use crate::domain::{ClaimStatus, Money};
use crate::server::clock::Instant;
use crate::server::ids::new_id;

text_code! {
    pub enum ProposalState("proposal state") {
        /// Waiting for the creditor.
        Pending = "pending",
        /// Approved (at once or by the creditor): the claim's plan.
        Active = "active",
        Withdrawn = "withdrawn",
        Declined = "declined",
        /// Installments went unpaid past the creditor's limit, or an agent ended it: the claim is
        /// back in collection with its balance.
        Lapsed = "lapsed",
    }
}

text_code! {
    /// Why an active plan ended before it was paid.
    pub enum PlanEnd("plan end reason") {
        /// The daily job: an installment stayed unpaid past the creditor's lapse limit.
        MissedInstallments = "missed_installments",
        /// An agent ended it.
        Agent = "agent",
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalRecord {
    pub id: ProposalId,
    pub claim_id: ClaimId,
    pub debtor_id: DebtorId,
    pub state: ProposalState,
    pub choice: PlanChoice,
    pub start_date: NaiveDate,
    pub plan_fee: Money,
    pub installment_amount: Money,
    pub start_total: Money,
    pub total_amount: Money,
    pub total_interest: Money,
    pub reasons: Vec<Reason>,
    pub status_before: ClaimStatus,
    pub created_at: Instant,
    pub decided_at: Option<Instant>,
    pub installments: Vec<Installment>,
    /// A counter-proposal: the staff member who made it. It waits for the debtor.
    pub offered_by: Option<String>,
    /// A counter-proposal: the debtor's proposal it answers.
    pub answers: Option<String>,
    /// An active plan in arrears: the due date of its oldest installment left unpaid past the grace.
    pub arrears_since: Option<NaiveDate>,
    /// A lapsed plan: the day and the reason.
    pub ended: Option<(NaiveDate, PlanEnd)>,
}

/// A proposal that is still open: waiting for an answer, or a plan under way. A claim has at most one.
pub(super) const OPEN_STATES: [ProposalState; 2] = [ProposalState::Pending, ProposalState::Active];

/// Which of a claim's proposals its pages show (`$3`, `$4` bound to the `OPEN_STATES`): the open
/// one, else the newest.
pub(super) const OPEN_FIRST_THEN_NEWEST: &str =
    "ORDER BY CASE WHEN state IN ($3, $4) THEN 0 ELSE 1 END, created_at DESC, id LIMIT 1";

impl ProposalRecord {
    pub fn is_open(&self) -> bool {
        OPEN_STATES.contains(&self.state)
    }

    /// The creditor's counter-proposal, waiting for the debtor to accept or decline it.
    pub fn is_open_counter(&self) -> bool {
        self.state == ProposalState::Pending && self.offered_by.is_some()
    }
}

/// A proposal to record: the server's own computation and the state its verdict gives.
#[derive(Debug, Clone)]
pub struct NewProposal<'a> {
    pub claim_id: &'a ClaimId,
    pub debtor_id: &'a DebtorId,
    pub state: ProposalState,
    pub proposal: &'a Proposal,
    /// The creditor's plan fee the plan was computed with.
    pub plan_fee: Money,
    pub status_before: ClaimStatus,
    /// The claim's status from now on (`plan_proposed` or `plan_active`).
    pub status_after: ClaimStatus,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Recorded {
    Created(ProposalRecord),
    /// The claim already had an open proposal or an active plan; nothing was written.
    AlreadyOpen(ProposalRecord),
}

pub(super) const COLUMNS: &str = "id, claim_id, debtor_id, state, mode, chosen_count, chosen_amount, first_due, start_date, \
    plan_fee, installment_amount, start_total, total_amount, total_interest, reasons, status_before, created_at, decided_at, \
    offered_by, answers, arrears_since, ended_on, end_reason";

#[derive(FromRow)]
pub(super) struct ProposalRow {
    pub(super) id: ProposalId,
    pub(super) claim_id: ClaimId,
    pub(super) debtor_id: DebtorId,
    pub(super) state: String,
    pub(super) mode: String,
    pub(super) chosen_count: Option<i64>,
    pub(super) chosen_amount: Option<i64>,
    pub(super) first_due: String,
    pub(super) start_date: String,
    pub(super) plan_fee: i64,
    pub(super) installment_amount: i64,
    pub(super) start_total: i64,
    pub(super) total_amount: i64,
    pub(super) total_interest: i64,
    pub(super) reasons: String,
    pub(super) status_before: String,
    pub(super) created_at: Instant,
    pub(super) decided_at: Option<Instant>,
    pub(super) offered_by: Option<String>,
    pub(super) answers: Option<String>,
    pub(super) arrears_since: Option<String>,
    pub(super) ended_on: Option<String>,
    pub(super) end_reason: Option<String>,
}

#[derive(FromRow)]
pub(super) struct InstallmentRow {
    pub(super) n: i64,
    pub(super) due_date: String,
    pub(super) amount: i64,
    pub(super) fees: i64,
    pub(super) interest: i64,
    pub(super) principal: i64,
    pub(super) balance_after: i64,
}

fn corrupt(what: &str) -> StoreError {
    StoreError::Corrupt(what.to_owned())
}

impl ProposalRow {
    pub(super) fn into_record(self, rows: Vec<InstallmentRow>) -> Result<ProposalRecord, StoreError> {
        let size = match (parse_code::<PlanMode>(&self.mode)?, self.chosen_count, self.chosen_amount) {
            (PlanMode::Installments, Some(n), None) => {
                ChosenSize::Installments { count: u32::try_from(n).map_err(|_| corrupt("chosen_count"))? }
            }
            (PlanMode::Amount, None, Some(a)) => ChosenSize::Amount { amount: Money::from_minor(a) },
            _ => return Err(corrupt(&format!("choice of proposal {}", self.id))),
        };
        let reasons = self.reasons.split_whitespace().map(parse_code).collect::<Result<Vec<Reason>, _>>()?;
        let installments = rows
            .into_iter()
            .map(|r| {
                Ok(Installment {
                    n: u32::try_from(r.n).map_err(|_| corrupt("installment number"))?,
                    due_date: parse_date(&r.due_date)?,
                    amount: Money::from_minor(r.amount),
                    fees: Money::from_minor(r.fees),
                    interest: Money::from_minor(r.interest),
                    principal: Money::from_minor(r.principal),
                    balance_after: Money::from_minor(r.balance_after),
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(ProposalRecord {
            state: parse_code(&self.state)?,
            choice: PlanChoice { size, first_due: parse_date(&self.first_due)? },
            start_date: parse_date(&self.start_date)?,
            plan_fee: Money::from_minor(self.plan_fee),
            installment_amount: Money::from_minor(self.installment_amount),
            start_total: Money::from_minor(self.start_total),
            total_amount: Money::from_minor(self.total_amount),
            total_interest: Money::from_minor(self.total_interest),
            reasons,
            status_before: parse_code(&self.status_before)?,
            created_at: self.created_at,
            decided_at: self.decided_at,
            installments,
            id: self.id,
            claim_id: self.claim_id,
            debtor_id: self.debtor_id,
            offered_by: self.offered_by,
            answers: self.answers,
            arrears_since: self.arrears_since.as_deref().map(parse_date).transpose()?,
            ended: match (self.ended_on, self.end_reason) {
                (Some(on), Some(why)) => Some((parse_date(&on)?, parse_code(&why)?)),
                (None, None) => None,
                _ => return Err(corrupt("end of a plan without its day or reason")),
            },
        })
    }
}

impl Store {
    /// Records a proposal unless the claim already has an open one (or an active plan), which is
    /// returned instead. The claim's status and the audit log change with it, or not at all.
    pub async fn record_proposal(&self, p: NewProposal<'_>) -> Result<Recorded, StoreError> {
        let id = ProposalId::random();
        let now = self.clock().now();
        let mut tx = self.begin_write().await?;
        match insert_proposal_on(&mut tx, id.as_str(), now, &p, None).await {
            Ok(()) => {}
            Err(StoreError::Db(e)) if is_unique_violation(&e) => {
                tx.rollback().await?;
                let open = self.open_proposal(p.claim_id).await?;
                return open.map(Recorded::AlreadyOpen).ok_or_else(|| corrupt("an open proposal vanished"));
            }
            Err(e) => return Err(e),
        }
        let action = match p.state {
            ProposalState::Active => AuditAction::PlanApproved,
            _ => AuditAction::PlanProposed,
        };
        if p.state == ProposalState::Active {
            let actor = (ActorKind::Debtor, Some(p.debtor_id.as_str()));
            book_plan_fee_on(&mut tx, p.claim_id, &id, p.plan_fee, p.proposal.plan.start.date, now, actor).await?;
        }
        let detail = serde_json::json!({
            "proposal": id, "choice": p.proposal.choice, "reasons": p.proposal.verdict.reasons,
        });
        audit_on(
            &mut tx,
            now,
            ActorKind::Debtor,
            Some(p.debtor_id.as_str()),
            action,
            Some(p.claim_id.as_str()),
            &detail,
        )
        .await?;
        tx.commit().await?;
        let created = self.proposal(&id).await?.ok_or_else(|| corrupt("a new proposal vanished"))?;
        Ok(Recorded::Created(created))
    }

    /// The debtor's answer to the creditor's counter-proposal: accepted, it is the claim's active
    /// plan; declined, the claim has the status it had before the debtor's own proposal. `None`
    /// when the claim has no counter-proposal waiting for this debtor.
    pub async fn answer_counter(
        &self,
        claim_id: &ClaimId,
        debtor_id: &DebtorId,
        accept: bool,
    ) -> Result<Option<ProposalRecord>, StoreError> {
        let Some(open) = self.open_proposal(claim_id).await?.filter(ProposalRecord::is_open_counter) else {
            return Ok(None);
        };
        if open.debtor_id != debtor_id.clone() {
            return Ok(None);
        }
        let (state, status, action) = if accept {
            (ProposalState::Active, ClaimStatus::PlanActive, AuditAction::CounterAccepted)
        } else {
            (ProposalState::Declined, open.status_before, AuditAction::CounterDeclined)
        };
        let now = self.clock().now();
        // Read before the transaction: a pool connection is not held waiting for another.
        let country = self.country_of_claim(claim_id).await?;
        let mut tx = self.begin_write().await?;
        let changed = sqlx::query("UPDATE plan_proposals SET state = $1, decided_at = $2 WHERE id = $3 AND state = $4")
            .bind(state.as_str())
            .bind(now)
            .bind(&open.id)
            .bind(ProposalState::Pending.as_str())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if changed != 1 {
            tx.rollback().await?;
            return Ok(None);
        }
        sqlx::query("UPDATE claims SET status = $1 WHERE id = $2")
            .bind(status.as_str())
            .bind(claim_id)
            .execute(&mut *tx)
            .await?;
        if accept {
            let (fee, day) = (open.plan_fee, self.clock().today_in(country));
            book_plan_fee_on(&mut tx, claim_id, &open.id, fee, day, now, (ActorKind::Debtor, Some(debtor_id.as_str())))
                .await?;
        }
        let detail = serde_json::json!({ "proposal": open.id, "answers": open.answers });
        audit_on(&mut tx, now, ActorKind::Debtor, Some(debtor_id.as_str()), action, Some(claim_id.as_str()), &detail)
            .await?;
        tx.commit().await?;
        self.proposal(&open.id).await
    }

    /// The creditor's counter-proposal to the debtor's proposal `id`, if one was made.
    pub async fn counter_to(&self, id: &ProposalId) -> Result<Option<ProposalRecord>, StoreError> {
        self.one_proposal("answers = $1", &[id.as_str()]).await
    }

    pub async fn proposal(&self, id: &ProposalId) -> Result<Option<ProposalRecord>, StoreError> {
        self.one_proposal("id = $1", &[id.as_str()]).await
    }

    /// The proposal, only when it is on a claim of `creditor_id`'s: the query's own condition.
    pub async fn creditors_proposal(
        &self,
        creditor_id: &CreditorId,
        id: &ProposalId,
    ) -> Result<Option<ProposalRecord>, StoreError> {
        self.one_proposal(&format!("id = $1 AND {OF_CREDITOR}"), &[id.as_str(), creditor_id.as_str()]).await
    }

    /// The claim's pending proposal or active plan, if it has one (there is at most one).
    pub async fn open_proposal(&self, claim_id: &ClaimId) -> Result<Option<ProposalRecord>, StoreError> {
        let open = [claim_id.as_str(), OPEN_STATES[0].as_str(), OPEN_STATES[1].as_str()];
        self.one_proposal("claim_id = $1 AND state IN ($2, $3)", &open).await
    }

    /// The first proposal `condition` (a constant, with the parameter `$1` and one more for each of
    /// `states`, from `$2`) selects, with its schedule.
    async fn one_proposal(&self, condition: &str, values: &[&str]) -> Result<Option<ProposalRecord>, StoreError> {
        let sql = format!("SELECT {COLUMNS} FROM plan_proposals WHERE {condition}");
        let query = values.iter().fold(sqlx::query_as(&sql), |q, v| q.bind(*v));
        let row: Option<ProposalRow> = query.fetch_optional(self.pool()).await?;
        match row {
            Some(row) => Ok(Some(self.with_installments(row).await?)),
            None => Ok(None),
        }
    }

    /// Every proposal of a claim, newest first.
    pub async fn proposals_of_claim(&self, claim_id: &ClaimId) -> Result<Vec<ProposalRecord>, StoreError> {
        let rows: Vec<ProposalRow> = sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM plan_proposals WHERE claim_id = $1 ORDER BY created_at DESC, id"
        ))
        .bind(claim_id)
        .fetch_all(self.pool())
        .await?;
        let mut out = Vec::with_capacity(rows.len());
        for row in rows {
            out.push(self.with_installments(row).await?);
        }
        Ok(out)
    }

    async fn with_installments(&self, row: ProposalRow) -> Result<ProposalRecord, StoreError> {
        let rows: Vec<InstallmentRow> = sqlx::query_as(
            "SELECT n, due_date, amount, fees, interest, principal, balance_after \
             FROM plan_installments WHERE proposal_id = $1 ORDER BY n",
        )
        .bind(&row.id)
        .fetch_all(self.pool())
        .await?;
        row.into_record(rows)
    }

    /// Withdraws the claim's pending proposal, made by `debtor_id`, and gives the claim back the
    /// status it had. `None` when there is no pending proposal (an active plan is an agreement and
    /// cannot be withdrawn from here).
    pub async fn withdraw_proposal(
        &self,
        claim_id: &ClaimId,
        debtor_id: &DebtorId,
    ) -> Result<Option<ProposalRecord>, StoreError> {
        let Some(open) = self.open_proposal(claim_id).await? else { return Ok(None) };
        // The creditor's counter-proposal is declined, not withdrawn (`answer_counter`).
        if open.state != ProposalState::Pending || open.debtor_id != debtor_id.clone() || open.offered_by.is_some() {
            return Ok(None);
        }
        let now = self.clock().now();
        let mut tx = self.begin_write().await?;
        let changed = sqlx::query("UPDATE plan_proposals SET state = $3, decided_at = $1 WHERE id = $2 AND state = $4")
            .bind(now)
            .bind(&open.id)
            .bind(ProposalState::Withdrawn.as_str())
            .bind(ProposalState::Pending.as_str())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if changed != 1 {
            tx.rollback().await?;
            return Ok(None);
        }
        sqlx::query("UPDATE claims SET status = $1 WHERE id = $2")
            .bind(open.status_before.as_str())
            .bind(claim_id)
            .execute(&mut *tx)
            .await?;
        let detail = serde_json::json!({ "proposal": open.id });
        audit_on(
            &mut tx,
            now,
            ActorKind::Debtor,
            Some(debtor_id.as_str()),
            AuditAction::PlanWithdrawn,
            Some(claim_id.as_str()),
            &detail,
        )
        .await?;
        tx.commit().await?;
        self.proposal(&open.id).await
    }
}

/// Inserts a proposal with its schedule and sets the claim's status, inside the caller's
/// transaction. `counter` names the staff member and the debtor's proposal it answers.
pub(super) async fn insert_proposal_on(
    conn: &mut sqlx::AnyConnection,
    id: &str,
    now: Instant,
    p: &NewProposal<'_>,
    counter: Option<(&str, &str)>,
) -> Result<(), StoreError> {
    let plan = &p.proposal.plan;
    let mode = p.proposal.choice.mode().as_str();
    let (count, amount) = match p.proposal.choice.size {
        ChosenSize::Installments { count } => (Some(i64::from(count)), None),
        ChosenSize::Amount { amount } => (None, Some(amount.minor())),
    };
    let reasons: Vec<&str> = p.proposal.verdict.reasons.iter().map(|r| r.as_str()).collect();
    sqlx::query(&format!(
        "INSERT INTO plan_proposals ({COLUMNS}, creditor_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, NULL, $18, $19, \
         NULL, NULL, NULL, (SELECT creditor_id FROM claims WHERE id = $2))"
    ))
    .bind(id)
    .bind(p.claim_id)
    .bind(p.debtor_id)
    .bind(p.state.as_str())
    .bind(mode)
    .bind(count)
    .bind(amount)
    .bind(p.proposal.choice.first_due.to_string())
    .bind(plan.start.date.to_string())
    .bind(p.plan_fee.minor())
    .bind(plan.installment_amount.minor())
    .bind(plan.start.total.minor())
    .bind(plan.totals.amount.minor())
    .bind(plan.totals.interest.minor())
    .bind(reasons.join(" "))
    .bind(p.status_before.as_str())
    .bind(now)
    .bind(counter.map(|(staff, _)| staff))
    .bind(counter.map(|(_, answers)| answers))
    .execute(&mut *conn)
    .await?;
    for i in &plan.installments {
        sqlx::query(
            "INSERT INTO plan_installments (proposal_id, n, due_date, amount, fees, interest, principal, balance_after) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(i64::from(i.n))
        .bind(i.due_date.to_string())
        .bind(i.amount.minor())
        .bind(i.fees.minor())
        .bind(i.interest.minor())
        .bind(i.principal.minor())
        .bind(i.balance_after.minor())
        .execute(&mut *conn)
        .await?;
    }
    sqlx::query("UPDATE claims SET status = $1 WHERE id = $2")
        .bind(p.status_after.as_str())
        .bind(p.claim_id)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Books an activated plan's fee on the claim, as a fee dated the day the plan became active, in
/// the caller's transaction, so the claim's statement, its pages, the API and `statement` show
/// the fee the plan's schedule charges. Once per claim: a claim that already bears a plan fee
/// (a plan made after a broken one) is not charged again.
pub(super) async fn book_plan_fee_on(
    conn: &mut sqlx::AnyConnection,
    claim_id: &ClaimId,
    proposal_id: &ProposalId,
    fee: Money,
    day: NaiveDate,
    now: Instant,
    actor: (ActorKind, Option<&str>),
) -> Result<(), StoreError> {
    if !fee.is_positive() {
        return Ok(());
    }
    let booked = sqlx::query(
        "INSERT INTO fees (id, claim_id, position, kind, amount, charged_on) \
         SELECT $1, $2, next.position, $5, $3, $4 \
         FROM (SELECT COALESCE(MAX(position), -1) + 1 AS position FROM fees WHERE claim_id = $2) next \
         WHERE NOT EXISTS (SELECT 1 FROM fees WHERE claim_id = $2 AND kind = $5)",
    )
    .bind(new_id())
    .bind(claim_id)
    .bind(fee.minor())
    .bind(day.to_string())
    .bind(KnownFee::PlanFee.as_str())
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if booked == 1 {
        let detail = serde_json::json!({ "proposal": proposal_id, "amount": fee.minor(), "charged_on": day });
        audit_on(conn, now, actor.0, actor.1, AuditAction::PlanFeeBooked, Some(claim_id.as_str()), &detail).await?;
    }
    Ok(())
}
