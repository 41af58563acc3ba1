//! The creditor's work queue: everything of one creditor's claims that waits for a person. Each
//! part is read through the claim's creditor, so no query here can return another creditor's item.

use sqlx::FromRow;

use super::deferrals::DeferralState;
use super::disputes::DisputeState;
use super::plan_proposals::ProposalState;
use super::review_requests::ReviewState;
use super::{parse_code, Store, StoreError};
use crate::domain::decision::ItemKind;
use crate::domain::ids::{ClaimId, CreditorId, ProposalId};
use crate::domain::ClaimStatus;
use crate::server::clock::Instant;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueueEntry {
    pub kind: ItemKind,
    pub id: String,
    pub claim_id: ClaimId,
    pub case_number: String,
    pub debtor_name: String,
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
    created_at: Instant,
}

/// The four kinds of waiting item, each as (kind, table, the state in which it waits for the
/// creditor, any further condition). A pending counter-proposal waits for the debtor.
fn waiting() -> [(ItemKind, &'static str, &'static str, &'static str); 4] {
    [
        (ItemKind::PlanProposal, "plan_proposals", ProposalState::Pending.as_str(), " AND i.offered_by IS NULL"),
        (ItemKind::Dispute, "disputes", DisputeState::Open.as_str(), ""),
        (ItemKind::Deferral, "deferrals", DeferralState::Pending.as_str(), ""),
        (ItemKind::ReviewRequest, "review_requests", ReviewState::Pending.as_str(), ""),
    ]
}

impl Store {
    /// What waits for `creditor_id`, oldest first.
    pub async fn queue(&self, creditor_id: &CreditorId) -> Result<Vec<QueueEntry>, StoreError> {
        let waiting = waiting();
        // Each part binds its kind and state after the creditor: `$2`, `$3`, then `$4`, `$5`, …
        let parts: Vec<String> = waiting
            .iter()
            .enumerate()
            .map(|(n, (_, table, _, more))| {
                let (kind, state) = (2 + 2 * n, 3 + 2 * n);
                format!(
                    "SELECT ${kind} AS kind, i.id AS id, c.id AS claim_id, c.case_number AS case_number, d.name AS debtor_name, i.created_at AS created_at \
                     FROM {table} i JOIN claims c ON c.id = i.claim_id JOIN debtors d ON d.id = c.debtor_id \
                     WHERE c.creditor_id = $1 AND i.state = ${state}{more}"
                )
            })
            .collect();
        let sql = format!("{} ORDER BY created_at, id", parts.join(" UNION ALL "));
        let query = waiting
            .iter()
            .fold(sqlx::query_as(&sql).bind(creditor_id), |q, (kind, _, state, _)| q.bind(kind.as_str()).bind(*state));
        let rows: Vec<QueueRow> = query.fetch_all(self.pool()).await?;
        rows.into_iter()
            .map(|r| {
                Ok(QueueEntry {
                    kind: parse_code(&r.kind)?,
                    id: r.id,
                    claim_id: r.claim_id,
                    case_number: r.case_number,
                    debtor_name: r.debtor_name,
                    created_at: r.created_at,
                })
            })
            .collect()
    }
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
    /// `creditor_id`'s active plans in arrears, oldest arrears first.
    pub async fn plans_in_arrears(
        &self,
        creditor_id: &CreditorId,
    ) -> Result<Vec<(ArrearsRow, chrono::NaiveDate)>, StoreError> {
        let rows: Vec<ArrearsRow> = sqlx::query_as(
            "SELECT p.id AS proposal_id, c.case_number AS case_number, d.name AS debtor_name, \
             p.arrears_since AS arrears_since \
             FROM plan_proposals p JOIN claims c ON c.id = p.claim_id JOIN debtors d ON d.id = c.debtor_id \
             WHERE c.creditor_id = $1 AND c.status = $2 AND p.state = $3 AND p.arrears_since IS NOT NULL \
             ORDER BY p.arrears_since, p.id",
        )
        .bind(creditor_id)
        .bind(ClaimStatus::PlanActive.as_str())
        .bind(ProposalState::Active.as_str())
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
