//! What debtor form posts about a claim answer with: back to a page of the claim. Who may post and
//! which claim is theirs is the `DebtorClaim` extractor's (`auth::extract`).

use axum::response::Response;

use super::redirect::see_other;
use crate::domain::ids::ClaimId;
use crate::error::ErrorCode;

/// Back to a page of the claim with what happened in the query (`sent=1`, `error=code` …) and the
/// part of the page to show.
pub fn back_to(claim_id: &ClaimId, page: &str, query: &str, anchor: &str) -> Response {
    see_other(&format!("/claims/{claim_id}{page}?{query}#{anchor}"), None)
}

pub fn error_query(key: &str, code: ErrorCode) -> String {
    format!("{key}={code}")
}
