//! The API's lists of a creditor's plan proposals and disputes, a page at a time, oldest first.
//! A page ends where the next begins: `After` is the last item's (created_at, id), so items added
//! meanwhile never shift a page and none is listed twice. Each page is one range of the item's
//! `(creditor_id, state, created_at, id)` index (migration 0023), whatever its depth.

use sqlx::FromRow;

use super::disputes::{entry_purpose, DisputeRow, DisputeState};
use super::explain::PlanOf;
use super::plan_proposals::{InstallmentRow, ProposalRow, ProposalState};
use super::queue::{Bind, Params};
use super::{parse_code, ProposalRecord, Store, StoreError};
use crate::domain::dispute::{DisputeReason, Explanation};
use crate::domain::dispute_part::DisputedPart;
use crate::domain::ids::{CreditorId, DisputeId};
use crate::server::clock::Instant;

/// Where a page starts: after this item. A cursor's id is any text of an id's letters (the query
/// only compares it); a listed item's is its own id type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct After<I = String> {
    pub created_at: Instant,
    pub id: I,
}

/// Which list: its table and the condition beyond the creditor's and the state's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiList {
    /// Plan proposals debtors made (the creditor's own counter-proposals wait for the debtor, not
    /// for a decision).
    Proposals,
    Disputes,
}

impl ApiList {
    fn select(self) -> &'static str {
        match self {
            ApiList::Proposals => {
                "SELECT i.id, i.created_at FROM plan_proposals i \
                 WHERE i.creditor_id = $1 AND i.state = $2 AND i.offered_by IS NULL"
            }
            ApiList::Disputes => "SELECT i.id, i.created_at FROM disputes i WHERE i.creditor_id = $1 AND i.state = $2",
        }
    }
}

/// The statement of a page: at most `limit` items after `after`.
fn page_statement(
    list: ApiList,
    creditor_id: &CreditorId,
    state: &str,
    after: Option<&After>,
    limit: i64,
) -> (String, Params) {
    let mut params = Params::default();
    params.push(Bind::Text(creditor_id.as_str().to_owned()));
    params.push(Bind::Text(state.to_owned()));
    let mark = match after {
        None => String::new(),
        Some(a) => {
            let (at, id) = (params.push(Bind::Int(a.created_at.unix())), params.push(Bind::Text(a.id.clone())));
            format!(" AND (i.created_at, i.id) > ({at}, {id})")
        }
    };
    let n = params.push(Bind::Int(limit));
    (format!("{}{mark} ORDER BY i.created_at, i.id LIMIT {n}", list.select()), params)
}

impl Store {
    /// The database's plan for a page of `list` (the first, or the one after `after`), as
    /// [`Store::explain_queue`] gives the queue's.
    pub async fn explain_api_list(
        &self,
        list: ApiList,
        creditor_id: &CreditorId,
        state: &str,
        after: Option<&After>,
        how: PlanOf,
    ) -> Result<Vec<String>, StoreError> {
        let (sql, params) = page_statement(list, creditor_id, state, after, 51);
        self.explain(&sql, params, how).await
    }
}

/// A plan proposal as the API lists it: the proposal with its schedule, and its claim's case number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedProposal {
    pub proposal: ProposalRecord,
    pub case_number: String,
}

/// A dispute as the API lists it: what the list shows of it, its explanations opened and its
/// documents counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedDispute {
    pub id: DisputeId,
    pub reference: String,
    pub case_number: String,
    pub state: DisputeState,
    pub reason: DisputeReason,
    pub part: DisputedPart,
    pub created_at: Instant,
    pub explanations: Vec<Explanation>,
    pub documents: usize,
}

/// A page's proposals, each on as many rows as it has installments (one with none: the proposal
/// alone), in the page's order.
#[derive(FromRow)]
struct ProposalLine {
    #[sqlx(flatten)]
    proposal: ProposalRow,
    case_number: String,
    i_n: Option<i64>,
    i_due_date: Option<String>,
    i_amount: Option<i64>,
    i_fees: Option<i64>,
    i_interest: Option<i64>,
    i_principal: Option<i64>,
    i_balance_after: Option<i64>,
}

/// A page's disputes, each on as many rows as it has entries, with each entry's documents counted.
#[derive(FromRow)]
struct DisputeLine {
    #[sqlx(flatten)]
    dispute: DisputeRow,
    case_number: String,
    e_id: Option<String>,
    e_explanation: Option<String>,
    e_documents: Option<i64>,
}

/// An entry's columns; its documents counted in the statement (the owner kind is our own code).
const DISPUTE_LINE_COLUMNS: &str = "l.id AS e_id, l.explanation AS e_explanation, \
    (SELECT COUNT(*) FROM documents f WHERE f.owner_kind = 'dispute_entry' AND f.owner_id = l.id) AS e_documents";

/// The whole page in one statement: the page's ids (`page_statement`) as a subquery, joined to the
/// claims for their case numbers and to the items' own lines: the item's `columns`, the line
/// table's join (`lines`), its `line_columns`, and `line_order`, how an item's lines follow each other.
fn listing(
    list: ApiList,
    creditor_id: &CreditorId,
    state: &str,
    after: Option<&After>,
    limit: i64,
) -> (String, Params) {
    let (ids, params) = page_statement(list, creditor_id, state, after, limit);
    let (table, columns, lines, line_columns, line_order) = match list {
        ApiList::Proposals => (
            "plan_proposals",
            super::plan_proposals::COLUMNS,
            "LEFT JOIN plan_installments l ON l.proposal_id = item.id",
            "l.n AS i_n, l.due_date AS i_due_date, l.amount AS i_amount, l.fees AS i_fees, l.interest AS i_interest, \
             l.principal AS i_principal, l.balance_after AS i_balance_after",
            "l.n",
        ),
        ApiList::Disputes => (
            "disputes",
            super::disputes::COLUMNS,
            "LEFT JOIN dispute_entries l ON l.dispute_id = item.id",
            DISPUTE_LINE_COLUMNS,
            "l.created_at, l.id",
        ),
    };
    let item_columns: Vec<String> = columns.split(',').map(|c| format!("item.{}", c.trim())).collect();
    let sql = format!(
        "SELECT {item}, c.case_number AS case_number, {line_columns} \
         FROM ({ids}) page JOIN {table} item ON item.id = page.id JOIN claims c ON c.id = item.claim_id {lines} \
         ORDER BY item.created_at, item.id, {line_order}",
        item = item_columns.join(", "),
    );
    (sql, params)
}

impl Store {
    /// A page of the creditor's plan proposals in `state` that debtors made, each with its schedule
    /// and case number: one statement, whatever the page's size.
    pub async fn proposal_list(
        &self,
        creditor_id: &CreditorId,
        state: ProposalState,
        after: Option<&After>,
        limit: i64,
    ) -> Result<Vec<ListedProposal>, StoreError> {
        let (sql, params) = listing(ApiList::Proposals, creditor_id, state.as_str(), after, limit);
        let lines: Vec<ProposalLine> = params.bind_all(sqlx::query_as(&sql)).fetch_all(self.pool()).await?;
        let mut out: Vec<(ProposalRow, String, Vec<InstallmentRow>)> = Vec::new();
        for l in lines {
            if out.last().is_none_or(|(p, _, _)| p.id != l.proposal.id) {
                out.push((l.proposal, l.case_number, Vec::new()));
            }
            let installment =
                match (l.i_n, l.i_due_date, l.i_amount, l.i_fees, l.i_interest, l.i_principal, l.i_balance_after) {
                    (
                        Some(n),
                        Some(due_date),
                        Some(amount),
                        Some(fees),
                        Some(interest),
                        Some(principal),
                        Some(balance_after),
                    ) => Some(InstallmentRow { n, due_date, amount, fees, interest, principal, balance_after }),
                    _ => None,
                };
            if let (Some(i), Some(last)) = (installment, out.last_mut()) {
                last.2.push(i);
            }
        }
        out.into_iter()
            .map(|(row, case_number, installments)| {
                Ok(ListedProposal { proposal: row.into_record(installments)?, case_number })
            })
            .collect()
    }

    /// A page of the creditor's disputes in `state`, each with its explanations and how many
    /// documents came with them: one statement, whatever the page's size.
    pub async fn dispute_list(
        &self,
        creditor_id: &CreditorId,
        state: DisputeState,
        after: Option<&After>,
        limit: i64,
    ) -> Result<Vec<ListedDispute>, StoreError> {
        let (sql, params) = listing(ApiList::Disputes, creditor_id, state.as_str(), after, limit);
        let lines: Vec<DisputeLine> = params.bind_all(sqlx::query_as(&sql)).fetch_all(self.pool()).await?;
        let mut out: Vec<ListedDispute> = Vec::new();
        for l in lines {
            if out.last().is_none_or(|d| d.id != l.dispute.id) {
                out.push(ListedDispute {
                    part: l.dispute.part()?,
                    state: parse_code(&l.dispute.state)?,
                    reason: parse_code(&l.dispute.reason)?,
                    id: l.dispute.id,
                    reference: l.dispute.reference,
                    case_number: l.case_number,
                    created_at: l.dispute.created_at,
                    explanations: Vec::new(),
                    documents: 0,
                });
            }
            if let (Some(id), Some(sealed), Some(last)) = (l.e_id, l.e_explanation, out.last_mut()) {
                let text = self.open_text(&entry_purpose(&id), &sealed)?;
                let explanation = Explanation::new(&text)
                    .map_err(|_| StoreError::Corrupt(format!("explanation of dispute entry {id}")))?;
                last.explanations.push(explanation);
                last.documents += usize::try_from(l.e_documents.unwrap_or(0)).unwrap_or(0);
            }
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_counted_documents_are_a_dispute_entrys() {
        let kind = format!("'{}'", crate::server::store::DocumentOwner::DisputeEntry.as_str());
        assert!(super::DISPUTE_LINE_COLUMNS.contains(&kind));
    }
}
