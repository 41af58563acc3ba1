//! The API's lists of a creditor's plan proposals and disputes, a page at a time, oldest first.
//! A page ends where the next begins: `After` is the last item's (created_at, id), so items added
//! meanwhile never shift a page and none is listed twice.

use super::disputes::DisputeState;
use super::plan_proposals::ProposalState;
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

impl Store {
    /// Ids of the creditor's plan proposals in `state` that debtors made (the creditor's own
    /// counter-proposals wait for the debtor, not for a decision), at most `limit`.
    pub async fn proposal_page(
        &self,
        creditor_id: &CreditorId,
        state: ProposalState,
        after: Option<&After>,
        limit: i64,
    ) -> Result<Vec<After<ProposalId>>, StoreError> {
        self.page(
            "SELECT p.id, p.created_at FROM plan_proposals p JOIN claims c ON c.id = p.claim_id \
             WHERE c.creditor_id = $1 AND p.state = $2 AND p.offered_by IS NULL",
            "p",
            (creditor_id.as_str(), state.as_str()),
            after,
            limit,
        )
        .await
    }

    pub async fn dispute_page(
        &self,
        creditor_id: &CreditorId,
        state: DisputeState,
        after: Option<&After>,
        limit: i64,
    ) -> Result<Vec<After<DisputeId>>, StoreError> {
        self.page(
            "SELECT d.id, d.created_at FROM disputes d JOIN claims c ON c.id = d.claim_id \
             WHERE c.creditor_id = $1 AND d.state = $2",
            "d",
            (creditor_id.as_str(), state.as_str()),
            after,
            limit,
        )
        .await
    }

    async fn page<I>(
        &self,
        select: &'static str,
        table: &'static str,
        (creditor_id, state): (&str, &str),
        after: Option<&After>,
        limit: i64,
    ) -> Result<Vec<After<I>>, StoreError>
    where
        I: for<'r> sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any> + Send + Unpin,
    {
        let (at, id) = after.map_or((Instant::from_unix(i64::MIN), ""), |a| (a.created_at, a.id.as_str()));
        let rows: Vec<(I, Instant)> = sqlx::query_as(&format!(
            "{select} AND ({table}.created_at > $3 OR ({table}.created_at = $3 AND {table}.id > $4)) \
             ORDER BY {table}.created_at, {table}.id LIMIT $5"
        ))
        .bind(creditor_id)
        .bind(state)
        .bind(at)
        .bind(id)
        .bind(limit)
        .fetch_all(self.pool())
        .await?;
        Ok(rows.into_iter().map(|(id, created_at)| After { created_at, id }).collect())
    }
}
