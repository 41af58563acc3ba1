//! The signed-in subject of the current request, for server functions and handlers.

use axum::http::HeaderMap;

use super::{ClaimScope, Session, Sessions, Subject};
use crate::error::AppError;
use crate::server::clock::Clock;
use crate::server::request_cookies::request_cookie;

/// A signed-in debtor and the claims this session may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DebtorAccess {
    pub debtor_id: String,
    pub claims: ClaimScope,
}

pub fn session_token<'h>(sessions: &Sessions, headers: &'h HeaderMap) -> Option<&'h str> {
    request_cookie(headers, sessions.cookie_name()).and_then(|c| c.value_raw())
}

/// The debtor behind the request's session cookie; `unauthenticated` when there is none, it expired
/// or it belongs to staff.
pub async fn debtor_from_headers(sessions: &Sessions, headers: &HeaderMap, now: i64) -> Result<DebtorAccess, AppError> {
    let token = session_token(sessions, headers).ok_or_else(AppError::unauthenticated)?;
    match sessions.resolve(token, now).await? {
        Some(Session { subject: Subject::Debtor(debtor_id), claims, .. }) => Ok(DebtorAccess { debtor_id, claims }),
        _ => Err(AppError::unauthenticated()),
    }
}

/// For server functions: leptos_axum puts the request's parts in the reactive context.
pub async fn current_debtor() -> Result<DebtorAccess, AppError> {
    use leptos::prelude::use_context;
    let parts = use_context::<axum::http::request::Parts>().ok_or_else(AppError::internal)?;
    let sessions = use_context::<Sessions>().ok_or_else(AppError::internal)?;
    let clock = use_context::<Clock>().ok_or_else(AppError::internal)?;
    debtor_from_headers(&sessions, &parts.headers, clock.now()).await
}
