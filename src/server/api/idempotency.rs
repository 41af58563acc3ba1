//! `Idempotency-Key` on every API POST: the first request with a key is answered and its answer
//! kept; a retry with the same key and the same request (API key, method, address and body) gets
//! that answer again, marked `Idempotent-Replayed: true`, and changes nothing; the same key with
//! another request, or from another API key of the creditor, is `422 idempotency_key_reused`. An
//! answer that failed on our side (5xx) is not kept, so the retry is tried for real: nothing was
//! changed by it. The kept answer can hold letters' access codes, so it is sealed with the
//! document key, bound to its creditor and key (`answer_seal_id`).

use axum::body::{to_bytes, Body};
use axum::extract::{OriginalUri, Request, State};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

use crate::domain::ids::CreditorId;
use crate::error::{AppError, PortalCode};
use crate::server::http::AppState;
use crate::server::store::{ApiClient, Reserved};

pub const HEADER: &str = "idempotency-key";

/// The request's `Idempotency-Key`, for a handler whose change keeps it in its own transaction
/// (a payment): set only when this request is the first with the key.
#[derive(Clone, Debug)]
pub struct FirstWithKey(pub String);
const MAX_KEY_CHARS: usize = 255;

fn valid_key(key: &HeaderValue) -> Option<&str> {
    let key = key.to_str().ok()?;
    let printable = key.bytes().all(|b| b.is_ascii_graphic());
    (printable && !key.is_empty() && key.len() <= MAX_KEY_CHARS).then_some(key)
}

pub async fn idempotent(State(state): State<AppState>, req: Request, next: Next) -> Response {
    if req.method() != Method::POST {
        return next.run(req).await;
    }
    let Some(value) = req.headers().get(HEADER).cloned() else { return next.run(req).await };
    let Some(key) = valid_key(&value) else {
        let message = "an Idempotency-Key is 1 to 255 printable ASCII characters";
        return AppError::new(PortalCode::IdempotencyKeyInvalid, message).into_response();
    };
    let Some(client) = req.extensions().get::<ApiClient>().cloned() else {
        return AppError::internal().into_response();
    };
    let (parts, body) = req.into_parts();
    // The body is already held to the body limit by `request_limits`.
    let bytes = match to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(_) => return crate::server::request_limits::too_large().into_response(),
    };
    let mut hasher = Sha256::new();
    // Only the API key that sent the first request can have its answer again.
    hasher.update(client.key_id.as_str().as_bytes());
    hasher.update(b"\n");
    hasher.update(parts.method.as_str());
    hasher.update(b" ");
    // The address as sent: inside `/api/v1` the router sees it without that prefix.
    let path = parts.extensions.get::<OriginalUri>().map_or(parts.uri.path(), |o| o.0.path());
    hasher.update(path.as_bytes());
    hasher.update(b"\n");
    hasher.update(&bytes);
    let request_hash = hex::encode(hasher.finalize());
    let store = &state.store;
    match store.reserve_idempotency_key(&client.creditor_id, key, &request_hash).await {
        Ok(Reserved::New) => {}
        Ok(Reserved::Replay { status, body }) => {
            return match state.vault.open(&answer_seal_id(&client.creditor_id, key), &body) {
                Ok(answer) => replay(status, answer),
                Err(e) => {
                    tracing::error!(error = %e, "a kept idempotent answer does not open");
                    AppError::internal().into_response()
                }
            };
        }
        Ok(Reserved::InFlight) => {
            let message = "the first request with this Idempotency-Key is still being answered; retry in a moment";
            return AppError::new(PortalCode::RequestInProgress, message).into_response();
        }
        Ok(Reserved::OtherRequest) => {
            let message = "this Idempotency-Key was used with another request";
            return AppError::new(PortalCode::IdempotencyKeyReused, message).into_response();
        }
        Err(e) => return AppError::from(e).into_response(),
    }
    let mut parts = parts;
    parts.extensions.insert(FirstWithKey(key.to_owned()));
    let res = next.run(Request::from_parts(parts, Body::from(bytes))).await;
    let (parts, body) = res.into_parts();
    let answer = match to_bytes(body, usize::MAX).await {
        Ok(b) => b,
        Err(_) => {
            let _ = store.forget_idempotency_key(&client.creditor_id, key).await;
            return AppError::internal().into_response();
        }
    };
    let kept = if parts.status.is_server_error() {
        store.forget_idempotency_key(&client.creditor_id, key).await
    } else {
        match state.vault.seal(&answer_seal_id(&client.creditor_id, key), &answer) {
            Ok(sealed) => store.remember_answer(&client.creditor_id, key, parts.status.as_u16(), &sealed).await,
            Err(e) => {
                tracing::error!(error = %e, "could not seal an idempotent answer");
                store.forget_idempotency_key(&client.creditor_id, key).await
            }
        }
    };
    if let Err(e) = kept {
        tracing::error!(error = %e, "could not keep an idempotent answer");
    }
    Response::from_parts(parts, Body::from(answer))
}

/// What a kept answer is sealed for: its row, so it opens for no other.
fn answer_seal_id(creditor_id: &CreditorId, key: &str) -> String {
    format!("idempotency:{creditor_id}:{key}")
}

fn replay(status: u16, body: Vec<u8>) -> Response {
    let status = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let mut res = (status, body).into_response();
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert("idempotent-replayed", HeaderValue::from_static("true"));
    res
}
