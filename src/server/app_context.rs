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
