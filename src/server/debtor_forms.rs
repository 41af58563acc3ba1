//! What every debtor form post about a claim starts with: the signed-in debtor and their claim.
//! Without a session the browser goes to sign in; anyone else's claim is "not found", as a page.

use axum::http::HeaderMap;
use axum::response::Response;

use super::auth::{debtor_from_headers, DebtorAccess};
use super::debtor_claims::owned_claim;
use super::http::AppState;
use super::sign_in::see_other;
use super::store::ClaimRecord;
use crate::error::{ErrorCode, PortalCode};

/// The signed-in debtor; without a session, the way to sign in.
pub async fn signed_in_debtor(state: &AppState, headers: &HeaderMap) -> Result<DebtorAccess, Response> {
    match debtor_from_headers(&state.sessions, headers, state.clock.now()).await {
        Ok(who) => Ok(who),
        Err(e) if e.is(PortalCode::Unauthenticated) => Err(see_other("/?error=unauthenticated#sign-in", None)),
        Err(e) => Err(super::error_page::respond(headers, e)),
    }
}

pub async fn debtor_and_claim(
    state: &AppState,
    headers: &HeaderMap,
    id: &str,
) -> Result<(DebtorAccess, ClaimRecord), Response> {
    let who = signed_in_debtor(state, headers).await?;
    match owned_claim(&state.store, &who, id).await {
        Ok(rec) => Ok((who, rec)),
        Err(e) => Err(super::error_page::respond(headers, e)),
    }
}

/// Back to a page of the claim with what happened in the query (`sent=1`, `error=code` …) and the
/// part of the page to show.
pub fn back_to(claim_id: &str, page: &str, query: &str, anchor: &str) -> Response {
    see_other(&format!("/claims/{claim_id}{page}?{query}#{anchor}"), None)
}

pub fn error_query(key: &str, code: ErrorCode) -> String {
    format!("{key}={code}")
}
