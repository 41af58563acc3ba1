//! The API's lists of a creditor's plan proposals and disputes, a page at a time, oldest first.
//! A page ends where the next begins: `After` is the last item's (created_at, id), so items added
//! meanwhile never shift a page and none is listed twice. Each page is one range of the item's
//! `(creditor_id, state, created_at, id)` index (migration 0023), whatever its depth.

use super::disputes::DisputeState;
use super::explain::PlanOf;
use super::plan_proposals::ProposalState;
use super::queue::{Bind, Params};
use super::{Store, StoreError};
use crate::domain::ids::{CreditorId, DisputeId, ProposalId};
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
    /// Ids of the creditor's plan proposals in `state` that debtors made, at most `limit`.
    pub async fn proposal_page(
        &self,
        creditor_id: &CreditorId,
        state: ProposalState,
        after: Option<&After>,
        limit: i64,
    ) -> Result<Vec<After<ProposalId>>, StoreError> {
        self.page(page_statement(ApiList::Proposals, creditor_id, state.as_str(), after, limit)).await
    }

    pub async fn dispute_page(
        &self,
        creditor_id: &CreditorId,
        state: DisputeState,
        after: Option<&After>,
        limit: i64,
    ) -> Result<Vec<After<DisputeId>>, StoreError> {
        self.page(page_statement(ApiList::Disputes, creditor_id, state.as_str(), after, limit)).await
    }

    async fn page<I>(&self, (sql, params): (String, Params)) -> Result<Vec<After<I>>, StoreError>
    where
        I: for<'r> sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any> + Send + Unpin,
    {
        let rows: Vec<(I, Instant)> = params.bind_all(sqlx::query_as(&sql)).fetch_all(self.pool()).await?;
        Ok(rows.into_iter().map(|(id, created_at)| After { created_at, id }).collect())
    }

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
