//! The work queue: what waits for the creditor's staff, oldest first, and the plans in arrears.

use super::screen::staff_header;
use crate::domain::decision::ItemKind;
use crate::error::AppError;
use crate::server::auth::StaffAccess;
use crate::server::clock::Clock;
use crate::server::clock::Instant;
use crate::server::store::Store;
use crate::staff_data::{ArrearsItem, QueueItem, QueuePageData};

/// The work queue of the staff member's creditor; `kind` narrows the list (the counts stay whole).
pub async fn queue_page(
    store: &Store,
    who: &StaffAccess,
    kind: Option<ItemKind>,
    now: Instant,
) -> Result<QueuePageData, AppError> {
    let all = store.queue(&who.creditor_id).await?;
    let counts = ItemKind::ALL.iter().map(|k| (*k, all.iter().filter(|e| e.kind == *k).count())).collect();
    let items: Vec<QueueItem> = all
        .into_iter()
        .filter(|e| kind.is_none_or(|k| e.kind == k))
        .map(|e| QueueItem {
            kind: e.kind,
            id: e.id,
            claim_id: e.claim_id,
            case_number: e.case_number,
            debtor_name: e.debtor_name,
            waiting_hours: (now - e.created_at).max(0) / 3600,
        })
        .collect();
    let creditor = store.creditor(&who.creditor_id).await?.ok_or_else(AppError::internal)?;
    let arrears = store
        .plans_in_arrears(&who.creditor_id)
        .await?
        .into_iter()
        .map(|(r, since)| ArrearsItem {
            proposal_id: r.proposal_id,
            case_number: r.case_number,
            debtor_name: r.debtor_name,
            since,
        })
        .collect();
    let table = store.rate_table(&creditor.rate_table).await?;
    Ok(QueuePageData {
        header: staff_header(who, &creditor),
        rate_missing: crate::domain::rate_publication::missing_half_year(
            &table,
            Clock::local_in(now, creditor.country).date(),
        ),
        counts,
        oldest_hours: items.first().map(|i| i.waiting_hours),
        items,
        arrears,
    })
}
