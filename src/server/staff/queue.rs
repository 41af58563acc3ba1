//! The work queue: what waits for the creditor's staff, oldest first, a page at a time, narrowed
//! by the queue's form; and the plans in arrears.

use super::screen::staff_header;
use crate::domain::work_queue::{QueueFilter, QueueForm, QUEUE_PAGE_SIZE};
use crate::error::{AppError, ErrorCode};
use crate::server::api::lists::{cursor, read_cursor};
use crate::server::auth::StaffAccess;
use crate::server::clock::Clock;
use crate::server::clock::Instant;
use crate::server::store::{After, QueueEntry, QueueFrom, Store};
use crate::staff_data::{ArrearsItem, QueueFormFields, QueueItem, QueuePageData};

/// Where the page starts, as the address gives it: `after` or `before` a listed item.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueueAt {
    pub after: Option<String>,
    pub before: Option<String>,
}

/// The queue page of the staff member's creditor. A form that cannot be used comes back with its
/// error and the whole queue's first page, so nothing the agent typed narrows the list wrongly.
pub async fn queue_page(
    store: &Store,
    who: &StaffAccess,
    mut form: QueueFormFields,
    at: QueueAt,
    now: Instant,
) -> Result<QueuePageData, AppError> {
    // Codes as the form's selects show them: " dispute" is the dispute filter, and shown as such.
    form.kind = form.kind.trim().to_owned();
    form.waited = form.waited.trim().to_owned();
    let read = QueueFilter::from_form(&QueueForm {
        kind: &form.kind,
        search: &form.search,
        waited: &form.waited,
        principal_from: &form.principal_from,
        principal_to: &form.principal_to,
    })
    .map_err(ErrorCode::Input)
    .and_then(|filter| Ok((filter, start(&at)?)));
    let (filter, from, form_error) = match read {
        Ok((filter, from)) => (filter, from, None),
        Err(code) => (QueueFilter::default(), QueueFrom::First, Some(code)),
    };
    let page = store.queue_page(&who.creditor_id, &filter, &from, QUEUE_PAGE_SIZE, now).await?;
    let counts = store.queue_counts(&who.creditor_id, &filter, now).await?;
    let mark = |e: Option<&QueueEntry>| e.map(|e| cursor(&After { created_at: e.created_at, id: e.id.clone() }));
    // A page read forwards has one before it unless it is the first; read backwards, one after it.
    let (has_before, has_after) = match from {
        QueueFrom::First => (false, page.more),
        QueueFrom::After(_) => (true, page.more),
        QueueFrom::Before(_) => (page.more, true),
    };
    let paged = from != QueueFrom::First;
    let before = if has_before { mark(page.entries.first()) } else { None };
    let after = if has_after { mark(page.entries.last()) } else { None };
    let items: Vec<QueueItem> = page
        .entries
        .into_iter()
        .map(|e| QueueItem {
            kind: e.kind,
            id: e.id,
            claim_id: e.claim_id,
            case_number: e.case_number,
            debtor_name: e.debtor_name,
            principal: e.principal,
            asks: e.asks,
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
        currency: creditor.country.currency(),
        rate_missing: crate::domain::rate_publication::missing_half_year(
            &table,
            Clock::local_in(now, creditor.country).date(),
        ),
        narrowed: filter.narrows(),
        form,
        form_error,
        counts,
        oldest_hours: if paged { None } else { items.first().map(|i| i.waiting_hours) },
        paged,
        items,
        before,
        after,
        arrears,
    })
}

/// The page's start from the address; a mark no page gave is the form's error.
fn start(at: &QueueAt) -> Result<QueueFrom, ErrorCode> {
    let bad = || ErrorCode::Input(crate::domain::InputError::PageLinkStale);
    let read = |c: &str| read_cursor(c.trim()).ok_or_else(bad);
    match (at.after.as_deref().filter(|c| !c.is_empty()), at.before.as_deref().filter(|c| !c.is_empty())) {
        (None, None) => Ok(QueueFrom::First),
        (Some(a), None) => Ok(QueueFrom::After(read(a)?)),
        (None, Some(b)) => Ok(QueueFrom::Before(read(b)?)),
        (Some(_), Some(_)) => Err(bad()),
    }
}
