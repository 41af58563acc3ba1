//! What the server provides to every page and server function (`server::http` provides them per
//! request): the store, the clock, the configuration, the session tables, the document vault and
//! the request's parts.

use leptos::prelude::use_context;

use crate::error::AppError;

/// One of the request's contexts. Missing, it is a wiring fault of ours, not the caller's: an
/// `internal` error, never a panic that would take the request down without an answer.
pub fn app_context<T: Clone + Send + Sync + 'static>() -> Result<T, AppError> {
    use_context::<T>().ok_or_else(AppError::internal)
}

/// A server function's answer: on an error, the HTTP status its code has (`ErrorCode::status`,
/// with `Retry-After` where it says when), not the 500 that server functions give every error.
/// Called over HTTP, a stranger's request is then 401 and a missing claim 404; called while a page
/// renders, the page's own status is the same one its error notice sets.
pub async fn answered<T>(f: impl std::future::Future<Output = Result<T, AppError>>) -> Result<T, AppError> {
    let out = f.await;
    if let (Err(e), Some(resp)) = (&out, use_context::<leptos_axum::ResponseOptions>()) {
        resp.set_status(e.status());
        if let Some(secs) = e.retry_after_secs() {
            resp.insert_header(axum::http::header::RETRY_AFTER, secs.into());
        }
    }
    out
}
