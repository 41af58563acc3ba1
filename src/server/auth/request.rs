//! The signed-in subject of the current request, for server functions and handlers.

use axum::http::{header, HeaderMap};

use super::{token_from_cookie_header, Session, Sessions, Subject};
use crate::error::AppError;
use crate::server::clock::Clock;

pub fn session_token(headers: &HeaderMap) -> Option<&str> {
    headers.get_all(header::COOKIE).iter().filter_map(|v| v.to_str().ok()).find_map(token_from_cookie_header)
}

/// The debtor behind the request's session cookie; `unauthenticated` when there is none, it expired
/// or it belongs to staff.
pub async fn debtor_from_headers(sessions: &Sessions, headers: &HeaderMap, now: i64) -> Result<String, AppError> {
    let token = session_token(headers).ok_or_else(AppError::unauthenticated)?;
    match sessions.resolve(token, now).await? {
        Some(Session { subject: Subject::Debtor(id), .. }) => Ok(id),
        _ => Err(AppError::unauthenticated()),
    }
}

/// For server functions: leptos_axum puts the request's parts in the reactive context.
pub async fn current_debtor() -> Result<String, AppError> {
    use leptos::prelude::use_context;
    let parts = use_context::<axum::http::request::Parts>().ok_or_else(AppError::internal)?;
    let sessions = use_context::<Sessions>().ok_or_else(AppError::internal)?;
    let clock = use_context::<Clock>().ok_or_else(AppError::internal)?;
    debtor_from_headers(&sessions, &parts.headers, clock.now()).await
}
