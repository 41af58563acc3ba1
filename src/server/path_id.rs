//! The id in a route's path, as its own type: text that cannot be an id is refused here, as "not
//! found" (the page or JSON the request asked for), before any handler or query sees it.

use axum::extract::{FromRequestParts, Path};
use axum::http::request::Parts;
use axum::response::Response;

use super::error_page;
use crate::error::AppError;

/// `PathId(id): PathId<ClaimId>` in place of `Path(id): Path<String>`.
pub struct PathId<T>(pub T);

impl<S, T> FromRequestParts<S> for PathId<T>
where
    S: Send + Sync,
    T: std::str::FromStr,
{
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        let text = Path::<String>::from_request_parts(parts, state).await.map(|Path(t)| t);
        match text.ok().and_then(|t| t.parse().ok()) {
            Some(id) => Ok(PathId(id)),
            None => Err(error_page::respond(&parts.headers, AppError::not_found())),
        }
    }
}
