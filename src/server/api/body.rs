//! The API's JSON in and out. A body that is not the documented JSON is `400 invalid_body` with
//! serde's words for what is wrong (which field, which line and column), never axum's plain-text
//! rejection, so every answer of the API is the same `{"error","message"}` shape.

use axum::extract::{FromRequest, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::de::DeserializeOwned;
use serde::Serialize;

use crate::error::{AppError, PortalCode};

/// A request body read as `T`.
pub struct JsonBody<T>(pub T);

impl<S: Send + Sync, T: DeserializeOwned> FromRequest<S> for JsonBody<T> {
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        let bytes = axum::body::Bytes::from_request(req, state)
            .await
            .map_err(|_| crate::server::request_limits::too_large())?;
        serde_json::from_slice(&bytes)
            .map(JsonBody)
            .map_err(|e| AppError::new(PortalCode::InvalidBody, format!("the body is not the JSON expected: {e}")))
    }
}

/// An answer: its status and JSON.
pub fn answer<T: Serialize>(status: StatusCode, value: &T) -> Response {
    (status, axum::Json(value)).into_response()
}
