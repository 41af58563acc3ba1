//! A request id for every request: in the `X-Request-Id` answer header and in every log line the
//! request causes (a field of the request's span), so an operator finds a debtor's "it failed at
//! 14:02" in the log. Ours always: an id a client sent is replaced, as it could be anything.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

pub const HEADER: &str = "x-request-id";

/// Sets the id on the request, for the trace layer's span, and on the answer.
pub async fn request_id(mut req: Request, next: Next) -> Response {
    req.headers_mut().remove(HEADER);
    // Hex digits are always a header value.
    let id = HeaderValue::from_str(&super::ids::new_id()).ok();
    if let Some(id) = &id {
        req.headers_mut().insert(HEADER, id.clone());
    }
    let mut res = next.run(req).await;
    if let Some(id) = id {
        res.headers_mut().insert(HEADER, id);
    }
    res
}

/// The id `request_id` gave the request (empty outside it).
pub fn of(req: &Request) -> &str {
    req.headers().get(HEADER).and_then(|v| v.to_str().ok()).unwrap_or_default()
}
