//! A claim with everything its debtor's pages show (`ClaimFile`), in two statements for one
//! claim or for all of a debtor's claims.
//!
//! The first reads the claims with their 0..1 parts joined in (the dispute, the current proposal,
//! the refund account); the second every line of those claims (fees, payments, the dispute's
//! entries, deferrals, decisions, lapsed plans, the proposal's schedule, rates published after the
//! open plan was made) as tagged rows of one shape, decoded here into the same records the single
//! reads give. With the session, a claim page, My claims and the plan page cost 3 statements
//! (issue 25).

use std::collections::HashMap;

use chrono::NaiveDate;
use sqlx::FromRow;

use super::claims::{domain_claim_of, ClaimRow, CLAIM_COLUMNS};
use super::decisions::DecisionRow;
use super::deferrals::DeferralRow;
use super::disputes::{paused_fee, DisputeRow, OPEN_FIRST_THEN_NEWEST as DISPUTE_SHOWN};
use super::plan_proposals::{InstallmentRow, ProposalRow, OPEN_FIRST_THEN_NEWEST as PROPOSAL_SHOWN, OPEN_STATES};
use super::{parse_code, parse_date, ClaimRecord, DisputeState, Store, StoreError};
use super::{DecisionRecord, DeferralRecord, DisputeHead, ProposalRecord, RefundAccountRecord};
use crate::domain::claim::{Claim, Fee, FeeKind, Payment};
use crate::domain::ids::{ClaimId, DebtorId, DisputeId, ProposalId};
use crate::domain::Money;
use crate::server::clock::Instant;

/// A stored claim with what its debtor's pages show of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimFile {
    pub record: ClaimRecord,
    /// As the engine takes it (`Store::domain_claim`), its disputed fee paused.
    pub claim: Claim,
    /// The open dispute, else the latest (`Store::dispute_of_claim`'s).
    pub dispute: Option<DisputeHead>,
    /// Oldest first.
    pub deferrals: Vec<DeferralRecord>,
    /// Every decision on the claim, oldest first.
    pub decisions: Vec<DecisionRecord>,
    /// The days the claim's plans lapsed, oldest first.
    pub lapse_dates: Vec<NaiveDate>,
    /// The open proposal (or active plan) with its schedule, else the newest proposal.
    pub proposal: Option<ProposalRecord>,
    /// The first days of the rate periods published after the open proposal was made: what its
    /// schedule could not have known (none without an open proposal).
    pub rates_published_later: Vec<NaiveDate>,
    pub refund_account: Option<RefundAccountRecord>,
}

/// A claim's row with its shown dispute, proposal and refund account (`NULL`s when it has none).
#[derive(FromRow)]
struct HeadRow {
    #[sqlx(flatten)]
    claim: ClaimRow,
    d_id: Option<DisputeId>,
    d_reference: Option<String>,
    d_claim_id: Option<ClaimId>,
    d_debtor_id: Option<DebtorId>,
    d_reason: Option<String>,
    d_state: Option<String>,
    d_status_before: Option<String>,
    d_part_kind: Option<String>,
    d_part_amount: Option<i64>,
    d_part_fee_position: Option<i64>,
    d_created_at: Option<Instant>,
    p_id: Option<ProposalId>,
    p_claim_id: Option<ClaimId>,
    p_debtor_id: Option<DebtorId>,
    p_state: Option<String>,
    p_mode: Option<String>,
    p_chosen_count: Option<i64>,
    p_chosen_amount: Option<i64>,
    p_first_due: Option<String>,
    p_start_date: Option<String>,
    p_plan_fee: Option<i64>,
    p_installment_amount: Option<i64>,
    p_start_total: Option<i64>,
    p_total_amount: Option<i64>,
    p_total_interest: Option<i64>,
    p_reasons: Option<String>,
    p_status_before: Option<String>,
    p_created_at: Option<Instant>,
    p_decided_at: Option<Instant>,
    p_offered_by: Option<String>,
    p_answers: Option<String>,
    p_arrears_since: Option<String>,
    p_ended_on: Option<String>,
    p_end_reason: Option<String>,
    r_id: Option<String>,
    r_account: Option<String>,
    r_created_at: Option<Instant>,
}

/// One line of a claim: `line` names its kind and the table it came from; `t*` and `n*` hold its
/// text and integer columns in the order `lines_sql` gives for that kind.
#[derive(FromRow)]
struct LineRow {
    claim_id: ClaimId,
    line: String,
    t1: Option<String>,
    t2: Option<String>,
    t3: Option<String>,
    t4: Option<String>,
    t5: Option<String>,
    t6: Option<String>,
    t7: Option<String>,
    t8: Option<String>,
    t9: Option<String>,
    n1: Option<i64>,
    n2: Option<i64>,
    n3: Option<i64>,
    n4: Option<i64>,
    n5: Option<i64>,
    n6: Option<i64>,
}

/// A column that its table declares `NOT NULL`, or that a line of its kind always has.
fn need<T>(value: Option<T>, what: &str) -> Result<T, StoreError> {
    value.ok_or_else(|| StoreError::Corrupt(format!("{what} is missing")))
}

/// An id column that may be `NULL`.
fn id_of<T: TryFrom<String>>(value: Option<String>, what: &str) -> Result<Option<T>, StoreError> {
    value.map(T::try_from).transpose().map_err(|_| StoreError::Corrupt(format!("{what} is not an id")))
}

/// `columns` of table alias `alias`, each named `alias_column`.
fn prefixed(alias: &str, columns: &str) -> String {
    columns.split(',').map(|c| format!("{alias}.{c} AS {alias}_{c}", c = c.trim())).collect::<Vec<_>>().join(", ")
}

/// The claims `condition` picks (its value is `$1`), each with the dispute and the proposal its
/// pages show (`$2` the open dispute state, `$3` and `$4` the open proposal states) and its refund
/// account (one per claim: a unique index).
fn heads_sql(condition: &str) -> String {
    let claim = CLAIM_COLUMNS.split(',').map(|c| format!("c.{}", c.trim())).collect::<Vec<_>>().join(", ");
    format!(
        "SELECT {claim}, {dispute}, {proposal}, r.id AS r_id, r.account AS r_account, r.created_at AS r_created_at \
         FROM claims c \
         LEFT JOIN disputes d ON d.id = (SELECT id FROM disputes WHERE claim_id = c.id {DISPUTE_SHOWN}) \
         LEFT JOIN plan_proposals p ON p.id = (SELECT id FROM plan_proposals WHERE claim_id = c.id {PROPOSAL_SHOWN}) \
         LEFT JOIN refund_accounts r ON r.claim_id = c.id \
         WHERE {condition}",
        dispute = prefixed("d", super::disputes::COLUMNS),
        proposal = prefixed("p", super::plan_proposals::COLUMNS),
    )
}

/// Numbered parameters for lists of values, bound in the order they were given out.
#[derive(Default)]
struct Params(Vec<String>);

impl Params {
    /// `$n, $n+1, …` for `values`; `None` for an empty list (no `IN ()` in SQL).
    fn list<'a>(&mut self, values: impl IntoIterator<Item = &'a str>) -> Option<String> {
        let start = self.0.len();
        self.0.extend(values.into_iter().map(str::to_owned));
        let names: Vec<String> = (start + 1..=self.0.len()).map(|n| format!("${n}")).collect();
        (!names.is_empty()).then(|| names.join(", "))
    }
}

/// One `SELECT` of the lines: the claim, the kind, the sort keys, then up to nine text and six
/// integer columns (the rest `NULL`, cast for PostgreSQL's `UNION`).
fn branch(line: &str, claim: &str, order: (&str, &str), texts: &[&str], numbers: &[&str], from: &str) -> String {
    let texts = (0..9).map(|i| texts.get(i).copied().unwrap_or("CAST(NULL AS TEXT)"));
    let numbers = (0..6).map(|i| numbers.get(i).copied().unwrap_or("CAST(NULL AS BIGINT)"));
    let columns: Vec<String> = texts
        .enumerate()
        .map(|(i, t)| format!("{t} AS t{}", i + 1))
        .chain(numbers.enumerate().map(|(i, n)| format!("{n} AS n{}", i + 1)))
        .collect();
    format!(
        "SELECT {claim} AS claim_id, '{line}' AS line, {} AS o1, {} AS o2, {} {from}",
        order.0,
        order.1,
        columns.join(", ")
    )
}

/// Every line of the claims `claims`, the entries of the disputes `disputes`, the schedules of the
/// proposals `proposals` and the rates published after the open proposals `open` were made (each
/// a parameter list), ordered by claim, kind, then each kind's own order.
fn lines_sql(claims: &str, disputes: Option<&str>, proposals: Option<&str>, open: Option<&str>) -> String {
    let mut branches = vec![
        branch(
            "fee",
            "claim_id",
            ("position", "''"),
            &["kind", "charged_on"],
            &["amount"],
            &format!("FROM fees WHERE claim_id IN ({claims})"),
        ),
        branch(
            "payment",
            "claim_id",
            ("position", "''"),
            &["''", "paid_on"],
            &["amount"],
            &format!("FROM payments WHERE claim_id IN ({claims})"),
        ),
        branch(
            "deferral",
            "claim_id",
            ("created_at", "id"),
            &["id", "state", "pay_by_before", "requested_date", "reasons", "decided_by"],
            &["created_at", "decided_at"],
            &format!("FROM deferrals WHERE claim_id IN ({claims})"),
        ),
        branch(
            "decision",
            "d.claim_id",
            ("d.decided_at", "d.id"),
            &[
                "d.id",
                "d.item_kind",
                "d.item_id",
                "d.staff_id",
                "d.api_key_id",
                "COALESCE(s.name, k.name)",
                "d.outcome",
                "d.reason",
                "d.note",
            ],
            &["d.amount", "d.decided_at"],
            &format!(
                "FROM decisions d LEFT JOIN staff_users s ON s.id = d.staff_id \
                 LEFT JOIN api_keys k ON k.id = d.api_key_id WHERE d.claim_id IN ({claims})"
            ),
        ),
        branch(
            "lapse",
            "claim_id",
            ("CAST(0 AS BIGINT)", "ended_on"),
            &["ended_on"],
            &[],
            &format!("FROM plan_proposals WHERE claim_id IN ({claims}) AND ended_on IS NOT NULL"),
        ),
    ];
    if let Some(disputes) = disputes {
        branches.push(branch(
            "entry",
            "d.claim_id",
            ("e.created_at", "e.id"),
            &["e.dispute_id"],
            &["e.created_at"],
            &format!(
                "FROM dispute_entries e JOIN disputes d ON d.id = e.dispute_id WHERE e.dispute_id IN ({disputes})"
            ),
        ));
    }
    if let Some(proposals) = proposals {
        branches.push(branch(
            "installment",
            "p.claim_id",
            ("i.n", "''"),
            &["i.proposal_id", "i.due_date"],
            &["i.n", "i.amount", "i.fees", "i.interest", "i.principal", "i.balance_after"],
            &format!("FROM plan_installments i JOIN plan_proposals p ON p.id = i.proposal_id WHERE i.proposal_id IN ({proposals})"),
        ));
    }
    if let Some(open) = open {
        // The creditor's table, as `Store::rate_table` reads it for the claim.
        branches.push(branch(
            "rate",
            "p.claim_id",
            ("CAST(0 AS BIGINT)", "r.valid_from"),
            &["p.id", "r.valid_from"],
            &[],
            &format!(
                "FROM plan_proposals p JOIN claims c ON c.id = p.claim_id JOIN creditors cr ON cr.id = c.creditor_id \
             JOIN reference_rates r ON r.rate_table = cr.rate_table AND r.published_at > p.created_at \
             WHERE p.id IN ({open})"
            ),
        ));
    }
    format!("{} ORDER BY claim_id, line, o1, o2", branches.join(" UNION ALL "))
}

/// A claim's row and its 0..1 parts, decoded, before its lines are read.
struct Head {
    record: ClaimRecord,
    dispute: Option<DisputeRow>,
    proposal: Option<ProposalRow>,
    refund_account: Option<RefundAccountRecord>,
}

/// The lines of one claim as they arrive.
#[derive(Default)]
struct Lines {
    fees: Vec<Fee>,
    payments: Vec<Payment>,
    entries_at: Vec<Instant>,
    deferrals: Vec<DeferralRecord>,
    decisions: Vec<DecisionRecord>,
    lapse_dates: Vec<NaiveDate>,
    installments: Vec<InstallmentRow>,
    rates: Vec<NaiveDate>,
}

impl Store {
    /// The claim with everything its pages show, when `visible` lets its reader see it (the
    /// claim's row is read first and nothing else of a claim that is not).
    pub async fn claim_file(
        &self,
        id: &ClaimId,
        visible: impl Fn(&ClaimRecord) -> bool,
    ) -> Result<Option<ClaimFile>, StoreError> {
        Ok(self.files("c.id = $1", id.as_str(), visible).await?.pop())
    }

    /// Every claim of the debtor that `visible` lets its reader see, by due date then case number,
    /// with everything its pages show: two statements however many claims.
    pub async fn claim_files_of_debtor(
        &self,
        debtor_id: &DebtorId,
        visible: impl Fn(&ClaimRecord) -> bool,
    ) -> Result<Vec<ClaimFile>, StoreError> {
        self.files("c.debtor_id = $1 ORDER BY c.due_date, c.case_number", debtor_id.as_str(), visible).await
    }

    async fn files(
        &self,
        condition: &str,
        value: &str,
        visible: impl Fn(&ClaimRecord) -> bool,
    ) -> Result<Vec<ClaimFile>, StoreError> {
        let rows: Vec<HeadRow> = sqlx::query_as(&heads_sql(condition))
            .bind(value)
            .bind(DisputeState::Open.as_str())
            .bind(OPEN_STATES[0].as_str())
            .bind(OPEN_STATES[1].as_str())
            .fetch_all(self.pool())
            .await?;
        let mut heads = Vec::with_capacity(rows.len());
        for row in rows {
            let head = self.head(row)?;
            if visible(&head.record) {
                heads.push(head);
            }
        }
        if heads.is_empty() {
            return Ok(Vec::new());
        }
        let mut params = Params::default();
        let claims = params.list(heads.iter().map(|h| h.record.id.as_str())).unwrap_or_default();
        let disputes = params.list(heads.iter().filter_map(|h| h.dispute.as_ref()).map(|d| d.id.as_str()));
        let proposals = params.list(heads.iter().filter_map(|h| h.proposal.as_ref()).map(|p| p.id.as_str()));
        let open = heads.iter().filter_map(|h| h.proposal.as_ref()).filter(|p| is_open(&p.state));
        let open = params.list(open.map(|p| p.id.as_str()));
        let sql = lines_sql(&claims, disputes.as_deref(), proposals.as_deref(), open.as_deref());
        let query = params.0.iter().fold(sqlx::query_as::<_, LineRow>(&sql), |q, v| q.bind(v.as_str()));
        let mut lines: HashMap<ClaimId, Lines> = HashMap::new();
        for row in query.fetch_all(self.pool()).await? {
            let of_claim = lines.entry(row.claim_id.clone()).or_default();
            add_line(of_claim, row)?;
        }
        heads
            .into_iter()
            .map(|h| {
                let of_claim = lines.remove(&h.record.id).unwrap_or_default();
                file(h, of_claim)
            })
            .collect()
    }

    fn head(&self, r: HeadRow) -> Result<Head, StoreError> {
        let record = ClaimRecord::try_from(r.claim)?;
        let dispute = match r.d_id {
            Some(id) => Some(DisputeRow {
                id,
                reference: need(r.d_reference, "dispute reference")?,
                claim_id: need(r.d_claim_id, "dispute claim")?,
                debtor_id: need(r.d_debtor_id, "dispute debtor")?,
                reason: need(r.d_reason, "dispute reason")?,
                state: need(r.d_state, "dispute state")?,
                status_before: need(r.d_status_before, "dispute status_before")?,
                part_kind: need(r.d_part_kind, "dispute part_kind")?,
                part_amount: r.d_part_amount,
                part_fee_position: r.d_part_fee_position,
                created_at: need(r.d_created_at, "dispute created_at")?,
            }),
            None => None,
        };
        let proposal = match r.p_id {
            Some(id) => Some(ProposalRow {
                id,
                claim_id: need(r.p_claim_id, "proposal claim")?,
                debtor_id: need(r.p_debtor_id, "proposal debtor")?,
                state: need(r.p_state, "proposal state")?,
                mode: need(r.p_mode, "proposal mode")?,
                chosen_count: r.p_chosen_count,
                chosen_amount: r.p_chosen_amount,
                first_due: need(r.p_first_due, "proposal first_due")?,
                start_date: need(r.p_start_date, "proposal start_date")?,
                plan_fee: need(r.p_plan_fee, "proposal plan_fee")?,
                installment_amount: need(r.p_installment_amount, "proposal installment_amount")?,
                start_total: need(r.p_start_total, "proposal start_total")?,
                total_amount: need(r.p_total_amount, "proposal total_amount")?,
                total_interest: need(r.p_total_interest, "proposal total_interest")?,
                reasons: need(r.p_reasons, "proposal reasons")?,
                status_before: need(r.p_status_before, "proposal status_before")?,
                created_at: need(r.p_created_at, "proposal created_at")?,
                decided_at: r.p_decided_at,
                offered_by: r.p_offered_by,
                answers: r.p_answers,
                arrears_since: r.p_arrears_since,
                ended_on: r.p_ended_on,
                end_reason: r.p_end_reason,
            }),
            None => None,
        };
        let refund_account = match r.r_id {
            Some(id) => Some(self.open_account(
                id,
                record.id.clone(),
                &need(r.r_account, "refund account")?,
                need(r.r_created_at, "refund account created_at")?,
            )?),
            None => None,
        };
        Ok(Head { record, dispute, proposal, refund_account })
    }
}

fn is_open(state: &str) -> bool {
    OPEN_STATES.iter().any(|s| s.as_str() == state)
}

fn add_line(to: &mut Lines, r: LineRow) -> Result<(), StoreError> {
    match r.line.as_str() {
        "fee" => to.fees.push(Fee {
            kind: FeeKind::from(need(r.t1, "fee kind")?.as_str()),
            date: parse_date(&need(r.t2, "fee date")?)?,
            amount: Money::from_minor(need(r.n1, "fee amount")?),
        }),
        "payment" => to.payments.push(Payment {
            date: parse_date(&need(r.t2, "payment date")?)?,
            amount: Money::from_minor(need(r.n1, "payment amount")?),
        }),
        "entry" => to.entries_at.push(Instant::from_unix(need(r.n1, "dispute entry created_at")?)),
        "deferral" => to.deferrals.push(DeferralRecord::try_from(DeferralRow {
            id: need(r.t1, "deferral id")?,
            claim_id: r.claim_id,
            state: need(r.t2, "deferral state")?,
            pay_by_before: need(r.t3, "deferral pay_by_before")?,
            requested_date: need(r.t4, "deferral requested_date")?,
            reasons: need(r.t5, "deferral reasons")?,
            decided_by: r.t6,
            created_at: Instant::from_unix(need(r.n1, "deferral created_at")?),
            decided_at: r.n2.map(Instant::from_unix),
        })?),
        "decision" => to.decisions.push(DecisionRecord::try_from(DecisionRow {
            id: need(r.t1, "decision id")?,
            item_kind: need(r.t2, "decision item_kind")?,
            item_id: need(r.t3, "decision item_id")?,
            claim_id: Some(r.claim_id),
            staff_id: id_of(r.t4, "decision staff_id")?,
            api_key_id: id_of(r.t5, "decision api_key_id")?,
            staff_name: need(r.t6, "decision author's name")?,
            outcome: need(r.t7, "decision outcome")?,
            reason: r.t8,
            note: need(r.t9, "decision note")?,
            amount: r.n1,
            decided_at: Instant::from_unix(need(r.n2, "decision decided_at")?),
        })?),
        "lapse" => to.lapse_dates.push(parse_date(&need(r.t1, "plan ended_on")?)?),
        "installment" => to.installments.push(InstallmentRow {
            n: need(r.n1, "installment n")?,
            due_date: need(r.t2, "installment due_date")?,
            amount: need(r.n2, "installment amount")?,
            fees: need(r.n3, "installment fees")?,
            interest: need(r.n4, "installment interest")?,
            principal: need(r.n5, "installment principal")?,
            balance_after: need(r.n6, "installment balance_after")?,
        }),
        "rate" => to.rates.push(parse_date(&need(r.t2, "rate valid_from")?)?),
        other => return Err(StoreError::Corrupt(format!("a claim line of kind {other:?}"))),
    }
    Ok(())
}

fn file(h: Head, lines: Lines) -> Result<ClaimFile, StoreError> {
    let paused = match &h.dispute {
        Some(d) => paused_fee(parse_code(&d.state)?, parse_code(&d.part_kind)?, d.part_fee_position),
        None => None,
    };
    let claim = domain_claim_of(&h.record, lines.fees, lines.payments, paused)?;
    let dispute = h.dispute.map(|d| d.into_head(lines.entries_at)).transpose()?;
    let proposal = h.proposal.map(|p| p.into_record(lines.installments)).transpose()?;
    Ok(ClaimFile {
        record: h.record,
        claim,
        dispute,
        deferrals: lines.deferrals,
        decisions: lines.decisions,
        lapse_dates: lines.lapse_dates,
        proposal,
        rates_published_later: lines.rates,
        refund_account: h.refund_account,
    })
}
