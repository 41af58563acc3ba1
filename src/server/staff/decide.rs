//! What every decision post on an item does (`POST /staff/{proposals,disputes,deferrals}/{id}/decision`,
//! `/staff/proposals/{id}/counter`, `/staff/reviews/{id}/answer`, each in its feature's module): the
//! item, only when its claim is the staff member's creditor's; the form checked (a refusal goes
//! back to the screen with its code, nothing stored); the decision stored with the item's new state
//! in one transaction; and back to the item's screen, which shows the decision, or the first one
//! when someone else was quicker.

use axum::http::HeaderMap;
use axum::response::Response;

use crate::error::{AppError, PortalCode};
use crate::server::auth::StaffAccess;
use crate::server::redirect::see_other;
use crate::server::store::{Decided, StoreError};

#[derive(serde::Deserialize)]
pub struct DecisionForm {
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub note: String,
    /// A reduced claim's new principal.
    #[serde(default)]
    pub amount: String,
}

/// Back to the item's screen (`/staff/proposals/{id}`, `/staff/disputes/{id}`) with what came of it.
fn back(screen: &str, query: &str) -> Response {
    see_other(&format!("{screen}?{query}#decision"), None)
}

/// What every decision post does for the signed-in `who`: the item `find` gives (only when its
/// claim is their creditor's), the form checked by `check` (a refusal goes back to the screen with
/// its code, nothing stored), `store`, and back to the item's screen (`{screen}/{id}`) with what
/// came of it.
pub(super) async fn decide_on<Item, D>(
    who: &StaffAccess,
    headers: &HeaderMap,
    (screen, id): (&str, &str),
    find: impl AsyncFnOnce(&StaffAccess) -> Result<Item, AppError>,
    check: impl AsyncFnOnce(&Item) -> Result<D, AppError>,
    store: impl AsyncFnOnce(&StaffAccess, &Item, D) -> Result<Decided, StoreError>,
) -> Response {
    let item = match find(who).await {
        Ok(item) => item,
        Err(e) => return crate::server::error_page::respond(headers, e),
    };
    let screen = format!("{screen}/{id}");
    match check(&item).await {
        Ok(decision) => stored(&screen, store(who, &item, decision).await),
        Err(e) => back(&screen, &format!("error={}", e.code)),
    }
}

fn stored(screen: &str, result: Result<Decided, StoreError>) -> Response {
    match result {
        Ok(Decided::Done(_)) => back(screen, "decided=1"),
        Ok(Decided::AlreadyDecided(_)) => back(screen, &format!("error={}", PortalCode::AlreadyDecided)),
        Ok(Decided::NotPending) => back(screen, &format!("error={}", PortalCode::NotPending)),
        Err(e) => {
            tracing::error!(error = %e, "could not store a decision");
            back(screen, &format!("error={}", PortalCode::Internal))
        }
    }
}
