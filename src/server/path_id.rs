//! The id in a route's path, as its own type: text that cannot be an id is refused here, as "not
//! found", before any handler or query sees it: `PathId` answers with the page or JSON the request
//! asked for (the portal's routes), `ApiPathId` always with JSON (the API's).

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
        match path_id(parts, state).await {
            Some(id) => Ok(PathId(id)),
            None => Err(error_page::respond(&parts.headers, AppError::not_found())),
        }
    }
}

/// `PathId` for the API: the refusal is the API's JSON whatever the request accepts.
pub struct ApiPathId<T>(pub T);

impl<S, T> FromRequestParts<S> for ApiPathId<T>
where
    S: Send + Sync,
    T: std::str::FromStr,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        path_id(parts, state).await.map(ApiPathId).ok_or_else(AppError::not_found)
    }
}

async fn path_id<S: Send + Sync, T: std::str::FromStr>(parts: &mut Parts, state: &S) -> Option<T> {
    let Path(text) = Path::<String>::from_request_parts(parts, state).await.ok()?;
    text.parse().ok()
}
