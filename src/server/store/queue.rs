//! The creditor's work queue: everything of one creditor's claims that waits for a person, a page
//! at a time. Each item carries its claim's creditor (migration 0023), so a page is one range of
//! one index per kind, read from where the page before ended (keyset: `created_at`, then `id`),
//! and costs the same on the first page and the thousandth. No query here can return another
//! creditor's item: `creditor_id = $1` is in every part.

use sqlx::FromRow;

use super::deferrals::DeferralState;
use super::disputes::DisputeState;
use super::explain::PlanOf;
use super::plan_proposals::ProposalState;
use super::review_requests::ReviewState;
use super::{parse_code, After, Backend, Store, StoreError};
use crate::domain::decision::ItemKind;
use crate::domain::dispute_part::PartKind;
use crate::domain::ids::{ClaimId, CreditorId, ProposalId};
use crate::domain::work_queue::{
    QueueAsk, QueueFilter, QueueSearch, Tally, ARREARS_LISTED, COUNTED_UP_TO, QUEUE_PAGE_SIZE,
};
use crate::domain::{ClaimStatus, Money};
use crate::server::clock::Instant;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueEntry {
    pub kind: ItemKind,
    pub id: String,
    pub claim_id: ClaimId,
    pub case_number: String,
    pub debtor_name: String,
    /// The claim's principal as registered (or as a dispute's answer lowered it), before payments.
    pub principal: Money,
    /// What the item asks the creditor for.
    pub asks: QueueAsk,
    /// When the debtor asked.
    pub created_at: Instant,
}

#[derive(FromRow)]
struct QueueRow {
    kind: String,
    id: String,
    claim_id: ClaimId,
    case_number: String,
    debtor_name: String,
    principal: i64,
    amount: Option<i64>,
    total: Option<i64>,
    detail: Option<String>,
    created_at: Instant,
}

/// Which page: the first, the one after an item or the one before an item (the queue's order is
/// the API lists': `created_at`, then `id`, so a mark is written as theirs is).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueueFrom {
    First,
    After(After),
    Before(After),
}

/// A page of the queue, oldest first, and whether more items lie beyond it in the direction it
/// was read (for a page read backwards: before it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuePage {
    pub entries: Vec<QueueEntry>,
    pub more: bool,
}

/// Each kind of waiting item: its table, the state in which it waits for the creditor, any further
/// condition, and the columns of what it asks (amount, total, and a text: a dispute's part, a
/// deferral's date). A pending counter-proposal waits for the debtor.
struct Part {
    kind: ItemKind,
    table: &'static str,
    state: &'static str,
    more: &'static str,
    amount: &'static str,
    total: &'static str,
    detail: &'static str,
}

fn parts() -> [Part; 4] {
    let (none, no_text) = ("CAST(NULL AS BIGINT)", "CAST(NULL AS TEXT)");
    [
        Part {
            kind: ItemKind::PlanProposal,
            table: "plan_proposals",
            state: ProposalState::Pending.as_str(),
            more: " AND i.offered_by IS NULL",
            amount: "i.installment_amount",
            total: "i.total_amount",
            detail: no_text,
        },
        Part {
            kind: ItemKind::Dispute,
            table: "disputes",
            state: DisputeState::Open.as_str(),
            more: "",
            amount: "i.part_amount",
            total: none,
            detail: "i.part_kind",
        },
        Part {
            kind: ItemKind::Deferral,
            table: "deferrals",
            state: DeferralState::Pending.as_str(),
            more: "",
            amount: none,
            total: none,
            detail: "i.requested_date",
        },
        Part {
            kind: ItemKind::ReviewRequest,
            table: "review_requests",
            state: ReviewState::Pending.as_str(),
            more: "",
            amount: none,
            total: none,
            detail: no_text,
        },
    ]
}

/// A value bound to a numbered parameter.
pub(super) enum Bind {
    Text(String),
    Int(i64),
}

/// The parameters of one statement, numbered as they are added: each part of a `UNION ALL` then
/// refers to the same `$n`, and no number is bound that the text does not use (PostgreSQL refuses
/// a parameter whose type it cannot infer).
#[derive(Default)]
pub(super) struct Params(Vec<Bind>);

impl Params {
    pub(super) fn push(&mut self, b: Bind) -> String {
        self.0.push(b);
        format!("${}", self.0.len())
    }

    pub(super) fn bind_all<'q, O>(
        self,
        q: sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>> {
        self.0.into_iter().fold(q, |q, b| match b {
            Bind::Text(t) => q.bind(t),
            Bind::Int(n) => q.bind(n),
        })
    }
}

/// The filter's conditions beyond creditor and state, over the item `i`, its claim `c` and its
/// debtor `d`, with their parameters added to `params`. `joins` says whether they need `c` and `d`.
fn conditions(backend: Backend, filter: &QueueFilter, now: Instant, params: &mut Params) -> (String, bool) {
    let mut sql = String::new();
    if let Some(w) = filter.waited() {
        let p = params.push(Bind::Int((now - w.seconds()).unix()));
        sql += &format!(" AND i.created_at <= {p}");
    }
    let mut joins = false;
    if let Some(s) = filter.search() {
        let exact = params.push(Bind::Text(s.as_str().to_owned()));
        let name = params.push(Bind::Text(name_pattern(backend, s)));
        let matches = match backend {
            Backend::Sqlite => "GLOB",
            Backend::Postgres => "~",
        };
        // Invoice numbers are the creditor's own and typed in any case ("ne-2026-…" for "NE-2026-…").
        sql += &format!(
            " AND (c.case_number = {exact} OR UPPER(c.original_invoice) = UPPER({exact}) OR d.name {matches} {name})"
        );
        joins = true;
    }
    if let Some(from) = filter.principal_from() {
        sql += &format!(" AND c.principal >= {}", params.push(Bind::Int(from.minor())));
        joins = true;
    }
    if let Some(to) = filter.principal_to() {
        sql += &format!(" AND c.principal <= {}", params.push(Bind::Int(to.minor())));
        joins = true;
    }
    (sql, joins)
}

/// Part of a name, in any letter case, anywhere in it: SQLite's `GLOB` and PostgreSQL's regular
/// expressions, each letter as the class of its two cases. Neither `LIKE` will do: SQLite's folds
/// only ASCII and PostgreSQL's `ILIKE` follows the database's locale (in the C locale, "å" never
/// finds "Å"), and Swedish and Norwegian names are full of both.
fn name_pattern(backend: Backend, search: &QueueSearch) -> String {
    let mut out = String::new();
    for ch in search.as_str().chars() {
        let (lower, upper): (String, String) = (ch.to_lowercase().collect(), ch.to_uppercase().collect());
        let single = |s: &str| s.chars().count() == 1;
        if lower != upper && single(&lower) && single(&upper) {
            out += &format!("[{lower}{upper}]");
        } else {
            match backend {
                Backend::Sqlite if matches!(ch, '*' | '?' | '[') => out += &format!("[{ch}]"),
                Backend::Postgres if !ch.is_alphanumeric() && !ch.is_whitespace() => {
                    out.push('\\');
                    out.push(ch);
                }
                _ => out.push(ch),
            }
        }
    }
    match backend {
        Backend::Sqlite => format!("*{out}*"),
        Backend::Postgres => out,
    }
}

/// The statement of a queue page: `limit + 1` items from `from`, in the direction of travel.
fn page_statement(
    backend: Backend,
    creditor_id: &CreditorId,
    filter: &QueueFilter,
    from: &QueueFrom,
    limit: usize,
    now: Instant,
) -> (String, Params) {
    let mut params = Params::default();
    params.push(Bind::Text(creditor_id.as_str().to_owned()));
    let (conds, joins) = conditions(backend, filter, now, &mut params);
    let (mark, order) = match from {
        QueueFrom::First => (String::new(), "ASC"),
        QueueFrom::After(m) | QueueFrom::Before(m) => {
            let (at, id) = (params.push(Bind::Int(m.created_at.unix())), params.push(Bind::Text(m.id.clone())));
            let (op, order) = if matches!(from, QueueFrom::After(_)) { (">", "ASC") } else { ("<", "DESC") };
            (format!(" AND (i.created_at, i.id) {op} ({at}, {id})"), order)
        }
    };
    // One more than asked, to know whether another page follows.
    let n = params.push(Bind::Int(limit as i64 + 1));
    // Without a condition on the claim or the debtor, each kind's items are read from its index
    // alone, merged and limited, and only the page's own items are joined to their claims and
    // debtors: a page costs 51 claim lookups, not 51 for each kind (a quarter of the work at a
    // million claims). A search or an amount needs the claim in each kind's part.
    let (item_join, claim_columns) = if joins {
        (
            " JOIN claims c ON c.id = i.claim_id JOIN debtors d ON d.id = c.debtor_id",
            " c.case_number AS case_number, d.name AS debtor_name, c.principal AS principal,",
        )
    } else {
        ("", "")
    };
    let sql = parts()
        .iter()
        .filter(|p| filter.kind().is_none_or(|k| k == p.kind))
        .enumerate()
        .map(|(x, p)| {
            format!(
                "SELECT * FROM (SELECT '{kind}' AS kind, i.id AS id, i.claim_id AS claim_id,{claim_columns} \
                 {amount} AS amount, {total} AS total, {detail} AS detail, i.created_at AS created_at \
                 FROM {table} i{item_join} \
                 WHERE i.creditor_id = $1 AND i.state = '{state}'{more}{conds}{mark} \
                 ORDER BY i.created_at {order}, i.id {order} LIMIT {n}) part{x}",
                kind = p.kind.as_str(),
                amount = p.amount,
                total = p.total,
                detail = p.detail,
                table = p.table,
                state = p.state,
                more = p.more,
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let page = format!("{sql} ORDER BY created_at {order}, id {order} LIMIT {n}");
    if joins {
        return (page, params);
    }
    let sql = format!(
        "SELECT page.kind AS kind, page.id AS id, page.claim_id AS claim_id, c.case_number AS case_number, \
         d.name AS debtor_name, c.principal AS principal, page.amount AS amount, page.total AS total, \
         page.detail AS detail, page.created_at AS created_at \
         FROM ({page}) page JOIN claims c ON c.id = page.claim_id JOIN debtors d ON d.id = c.debtor_id \
         ORDER BY page.created_at {order}, page.id {order}"
    );
    (sql, params)
}

/// The statement counting each kind that `filter` lets through.
fn counts_statement(
    backend: Backend,
    creditor_id: &CreditorId,
    filter: &QueueFilter,
    now: Instant,
) -> (String, Params) {
    let mut params = Params::default();
    params.push(Bind::Text(creditor_id.as_str().to_owned()));
    let (conds, joins) = conditions(backend, filter, now, &mut params);
    let join = if joins { " JOIN claims c ON c.id = i.claim_id JOIN debtors d ON d.id = c.debtor_id" } else { "" };
    let sql = parts()
        .iter()
        .map(|p| {
            // Counted up to one past the limit, from the kind's own index: a kind with a hundred
            // thousand waiting reads a thousand and one index entries, not all of them.
            format!(
                "SELECT '{kind}' AS kind, COUNT(*) AS n FROM (SELECT 1 AS one FROM {table} i{join} \
                 WHERE i.creditor_id = $1 AND i.state = '{state}'{more}{conds} LIMIT {cap}) counted_{kind}",
                kind = p.kind.as_str(),
                table = p.table,
                state = p.state,
                more = p.more,
                cap = COUNTED_UP_TO + 1,
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    (sql, params)
}

impl Store {
    /// A page of what waits for `creditor_id` that `filter` lets through, oldest first, at most
    /// `limit` items: one statement, each kind read from its own index up to `limit` items from
    /// the mark, the kinds merged.
    pub async fn queue_page(
        &self,
        creditor_id: &CreditorId,
        filter: &QueueFilter,
        from: &QueueFrom,
        limit: usize,
        now: Instant,
    ) -> Result<QueuePage, StoreError> {
        let (sql, params) = page_statement(self.backend(), creditor_id, filter, from, limit, now);
        let rows: Vec<QueueRow> = params.bind_all(sqlx::query_as(&sql)).fetch_all(self.pool()).await?;
        let more = rows.len() > limit;
        let mut entries = rows.into_iter().take(limit).map(entry).collect::<Result<Vec<_>, _>>()?;
        if matches!(from, QueueFrom::Before(_)) {
            entries.reverse();
        }
        Ok(QueuePage { entries, more })
    }

    /// How many items of each kind `filter` lets through (the kind itself aside), all four kinds
    /// in the queue's order, zeros included, each counted up to [`COUNTED_UP_TO`]: one statement,
    /// counting index entries alone unless the filter needs the claim or the debtor.
    pub async fn queue_counts(
        &self,
        creditor_id: &CreditorId,
        filter: &QueueFilter,
        now: Instant,
    ) -> Result<Vec<(ItemKind, Tally)>, StoreError> {
        let (sql, params) = counts_statement(self.backend(), creditor_id, filter, now);
        let rows: Vec<(String, i64)> = params.bind_all(sqlx::query_as(&sql)).fetch_all(self.pool()).await?;
        let mut counts: Vec<(ItemKind, Tally)> = ItemKind::ALL.iter().map(|k| (*k, Tally::of(0))).collect();
        for (kind, n) in rows {
            let kind: ItemKind = parse_code(&kind)?;
            if let Some(c) = counts.iter_mut().find(|(k, _)| *k == kind) {
                c.1 = Tally::of(usize::try_from(n).unwrap_or(0));
            }
        }
        Ok(counts)
    }

    /// The creditor with the most plan proposals waiting: whose queue `explain-lists` reads.
    pub async fn creditor_with_most_proposals_waiting(&self) -> Result<Option<CreditorId>, StoreError> {
        let row: Option<(CreditorId,)> = sqlx::query_as(
            "SELECT creditor_id FROM plan_proposals WHERE state = $1 AND creditor_id IS NOT NULL \
             GROUP BY creditor_id ORDER BY COUNT(*) DESC, creditor_id LIMIT 1",
        )
        .bind(ProposalState::Pending.as_str())
        .fetch_optional(self.pool())
        .await?;
        Ok(row.map(|(id,)| id))
    }

    /// The database's plans for a queue page and for its counts, as `bench/load` and the tests
    /// read them to see that each is read from its index.
    pub async fn explain_queue(
        &self,
        creditor_id: &CreditorId,
        filter: &QueueFilter,
        from: &QueueFrom,
        now: Instant,
        how: PlanOf,
    ) -> Result<[Vec<String>; 2], StoreError> {
        let backend = self.backend();
        let (page, page_params) = page_statement(backend, creditor_id, filter, from, QUEUE_PAGE_SIZE, now);
        let (counts, count_params) = counts_statement(backend, creditor_id, filter, now);
        Ok([self.explain(&page, page_params, how).await?, self.explain(&counts, count_params, how).await?])
    }
}

fn entry(r: QueueRow) -> Result<QueueEntry, StoreError> {
    let kind: ItemKind = parse_code(&r.kind)?;
    let corrupt = || StoreError::Corrupt(format!("what queue item {} asks", r.id));
    let asks = match kind {
        ItemKind::PlanProposal => match (r.amount, r.total) {
            (Some(a), Some(t)) => QueueAsk::Plan { installment: Money::from_minor(a), total: Money::from_minor(t) },
            _ => return Err(corrupt()),
        },
        ItemKind::Dispute => match (parse_code(r.detail.as_deref().unwrap_or_default())?, r.amount) {
            (PartKind::Whole, _) => QueueAsk::DisputeWhole,
            (PartKind::Amount, Some(a)) => QueueAsk::DisputeAmount(Money::from_minor(a)),
            (PartKind::Amount, None) => return Err(corrupt()),
            (PartKind::Fee, _) => QueueAsk::DisputeFee,
        },
        ItemKind::Deferral => {
            QueueAsk::Deferral { pay_by: super::parse_date(r.detail.as_deref().unwrap_or_default())? }
        }
        ItemKind::ReviewRequest => QueueAsk::Review,
    };
    Ok(QueueEntry {
        kind,
        asks,
        id: r.id,
        claim_id: r.claim_id,
        case_number: r.case_number,
        debtor_name: r.debtor_name,
        principal: Money::from_minor(r.principal),
        created_at: r.created_at,
    })
}

/// An active plan the daily job marked in arrears.
#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct ArrearsRow {
    pub proposal_id: ProposalId,
    pub case_number: String,
    pub debtor_name: String,
    pub arrears_since: String,
}

impl Store {
    /// `creditor_id`'s active plans in arrears, oldest arrears first, at most [`ARREARS_LISTED`].
    pub async fn plans_in_arrears(
        &self,
        creditor_id: &CreditorId,
    ) -> Result<Vec<(ArrearsRow, chrono::NaiveDate)>, StoreError> {
        let rows: Vec<ArrearsRow> = sqlx::query_as(
            "SELECT p.id AS proposal_id, c.case_number AS case_number, d.name AS debtor_name, \
             p.arrears_since AS arrears_since \
             FROM plan_proposals p JOIN claims c ON c.id = p.claim_id JOIN debtors d ON d.id = c.debtor_id \
             WHERE p.creditor_id = $1 AND c.status = $2 AND p.state = $3 AND p.arrears_since IS NOT NULL \
             ORDER BY p.arrears_since, p.id LIMIT $4",
        )
        .bind(creditor_id)
        .bind(ClaimStatus::PlanActive.as_str())
        .bind(ProposalState::Active.as_str())
        .bind(ARREARS_LISTED as i64)
        .fetch_all(self.pool())
        .await?;
        rows.into_iter()
            .map(|r| {
                let since = super::parse_date(&r.arrears_since)?;
                Ok((r, since))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn search(s: &str) -> QueueSearch {
        QueueSearch::new(s).unwrap().unwrap()
    }

    #[test]
    fn a_name_is_found_in_either_case_and_nothing_in_it_is_a_wildcard() {
        assert_eq!(name_pattern(Backend::Sqlite, &search("Öb")), "*[öÖ][bB]*");
        assert_eq!(name_pattern(Backend::Postgres, &search("Öb")), "[öÖ][bB]");
        assert_eq!(name_pattern(Backend::Sqlite, &search("a*?[1]")), "*[aA][*][?][[]1]*");
        assert_eq!(name_pattern(Backend::Postgres, &search("a.*(1) b")), "[aA]\\.\\*\\(1\\) [bB]");
        // A letter whose other case is two letters is matched as typed.
        assert_eq!(name_pattern(Backend::Postgres, &search("ß")), "ß");
    }
}
