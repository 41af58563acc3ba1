//! The size and time limits every route inherits. Forms and server functions get
//! `BODY_LIMIT_BYTES` and `REQUEST_TIMEOUT_SECS`; a multipart form (an upload) gets what its files
//! may need (`Config::upload_limit`) and `UPLOAD_TIMEOUT_SECS`, since ten megabytes from a phone on
//! a poor connection take minutes. The upload handlers then hold each file and the number of files
//! to the document rules while reading. A declared length over the limit is refused before
//! reading; a body that grows past it fails when it does, as the upload reader reports.

use std::time::Duration;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::error::{AppError, PortalCode};

#[derive(Debug, Clone, Copy)]
pub struct RequestLimits {
    pub form_body: usize,
    pub upload_body: usize,
    pub timeout: Duration,
    pub upload_timeout: Duration,
}

pub fn is_multipart(req: &Request) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"))
}

pub async fn request_limits(State(limits): State<RequestLimits>, req: Request, next: Next) -> Response {
    let (body, timeout) = if is_multipart(&req) {
        (limits.upload_body, limits.upload_timeout)
    } else {
        (limits.form_body, limits.timeout)
    };
    let declared =
        req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > body as u64) {
        return too_large().into_response();
    }
    let req = req.map(|b| Body::new(http_body_util::Limited::new(b, body)));
    match tokio::time::timeout(timeout, next.run(req)).await {
        Ok(res) => res,
        Err(_) => StatusCode::REQUEST_TIMEOUT.into_response(),
    }
}

pub fn too_large() -> AppError {
    AppError::new(PortalCode::PayloadTooLarge, "the request is larger than this address accepts")
}
