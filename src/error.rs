//! The one error type of the portal. Its `code` is stable snake_case (a [`DomainError`] code, or one of
//! the codes below) and is what the UI translates; `message` is English for logs and API users.

use serde::{Deserialize, Serialize};

use crate::domain::DomainError;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{code}: {message}")]
pub struct AppError {
    #[serde(rename = "error")]
    pub code: String,
    pub message: String,
}

impl AppError {
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        Self { code: code.into(), message: message.into() }
    }

    pub fn not_found() -> Self {
        Self::new("not_found", "there is nothing at this address")
    }

    pub fn unavailable() -> Self {
        Self::new("unavailable", "the service cannot reach its database")
    }

    /// Details go to the log, never to the client.
    pub fn internal() -> Self {
        Self::new("internal", "something went wrong on our side; nothing was changed")
    }

    pub fn unauthenticated() -> Self {
        Self::new("unauthenticated", "sign in to see this page")
    }
}

impl From<DomainError> for AppError {
    fn from(e: DomainError) -> Self {
        Self::new(e.code(), e.to_string())
    }
}

/// Lets server functions return `AppError` itself, so the browser gets the same code the server chose.
impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(e: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        Self::new("request_failed", e.to_string())
    }
}

#[cfg(feature = "ssr")]
mod http {
    use super::AppError;
    use axum::http::StatusCode;
    use axum::response::{IntoResponse, Response};

    impl AppError {
        pub fn status(&self) -> StatusCode {
            match self.code.as_str() {
                "not_found" => StatusCode::NOT_FOUND,
                "unauthenticated" => StatusCode::UNAUTHORIZED,
                "forbidden" => StatusCode::FORBIDDEN,
                "payload_too_large" => StatusCode::PAYLOAD_TOO_LARGE,
                "too_many_attempts" => StatusCode::TOO_MANY_REQUESTS,
                "unavailable" => StatusCode::SERVICE_UNAVAILABLE,
                "internal" => StatusCode::INTERNAL_SERVER_ERROR,
                _ => StatusCode::BAD_REQUEST,
            }
        }
    }

    impl IntoResponse for AppError {
        fn into_response(self) -> Response {
            (self.status(), axum::Json(self)).into_response()
        }
    }

    impl From<crate::server::store::StoreError> for AppError {
        fn from(e: crate::server::store::StoreError) -> Self {
            tracing::error!(error = %e, "storage failed");
            AppError::internal()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_error_and_message() {
        let v = serde_json::to_value(AppError::from(DomainError::InvalidAmount)).unwrap();
        assert_eq!(v["error"], "invalid_amount");
        assert!(v["message"].as_str().unwrap().contains("amount"));
    }
}
