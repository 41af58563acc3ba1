//! The signed-in subject of the current request, for server functions and handlers.

use axum::http::HeaderMap;

use super::{ClaimScope, Session, Sessions, Subject};
use crate::domain::ids::DebtorId;
use crate::error::AppError;
use crate::server::clock::Instant;
use crate::server::request_cookies::request_cookie;

/// A signed-in debtor and the claims this session may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebtorAccess {
    pub debtor_id: DebtorId,
    pub claims: ClaimScope,
}

pub fn session_token<'h>(sessions: &Sessions, headers: &'h HeaderMap) -> Option<&'h str> {
    request_cookie(headers, sessions.cookie_name()).and_then(|c| c.value_raw())
}

/// The debtor behind the request's session cookie; `unauthenticated` when there is none, it expired
/// or it belongs to staff.
pub async fn debtor_from_headers(
    sessions: &Sessions,
    headers: &HeaderMap,
    now: Instant,
) -> Result<DebtorAccess, AppError> {
    let token = session_token(sessions, headers).ok_or_else(AppError::unauthenticated)?;
    match sessions.resolve(token, now).await? {
        Some(Session { subject: Subject::Debtor(debtor_id), claims, .. }) => Ok(DebtorAccess { debtor_id, claims }),
        _ => Err(AppError::unauthenticated()),
    }
}
