//! The size and time limits every route inherits. Everything gets `BODY_LIMIT_BYTES` and
//! `REQUEST_TIMEOUT_SECS`, whatever its `Content-Type` says. Only a multipart form posted to a route
//! that takes files (`takes_uploads`) gets what its files may need (`Config::upload_limit`) and
//! `UPLOAD_TIMEOUT_SECS`, since ten megabytes from a phone on a poor connection take minutes. Every
//! body must keep arriving (`MinRate`: a form's few hundred bytes come at once, an upload at least
//! a slow phone's pace), so a client trickling a byte now and then cannot hold one of the
//! concurrency limit's slots for the whole timeout (security review, F2). The upload handlers then
//! hold each file and the number of files to the document rules while reading. A declared length
//! over the limit is refused before reading; a body that grows past it fails when it does.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::{header, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use hyper::body::{Body as HttpBody, Frame, SizeHint};
use tokio::time::{Instant, Sleep};

use crate::error::{AppError, PortalCode};

#[derive(Debug, Clone, Copy)]
pub struct RequestLimits {
    pub form_body: usize,
    pub upload_body: usize,
    pub timeout: Duration,
    pub upload_timeout: Duration,
    /// An upload must bring at least `min_rate_bytes` in every `min_rate_window`.
    pub min_rate_bytes: usize,
    pub min_rate_window: Duration,
    /// Any other body: at least `form_min_rate_bytes` in every `form_min_rate_window`.
    pub form_min_rate_bytes: usize,
    pub form_min_rate_window: Duration,
}

/// 16 KiB a minute (about 270 bytes a second): far below the slowest mobile connection still
/// in use, far above a deliberate trickle.
pub const MIN_RATE_BYTES: usize = 16 * 1024;
pub const MIN_RATE_WINDOW: Duration = Duration::from_secs(60);
/// A form or JSON body: 1 KiB in every 10 seconds, unless it is whole before that (a form is a
/// few hundred bytes, sent at once).
pub const FORM_MIN_RATE_BYTES: usize = 1024;
pub const FORM_MIN_RATE_WINDOW: Duration = Duration::from_secs(10);

pub fn is_multipart(req: &Request) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim_start().to_ascii_lowercase().starts_with("multipart/form-data"))
}

/// The routes whose forms carry files: a dispute and what is added to it, a hardship statement,
/// and a creditor's CSV import. Keep in step with the router (`http::router`); the authorization
/// matrix and `uploads_get_their_budget_only_where_files_are_taken` check it.
pub fn takes_uploads(method: &Method, path: &str) -> bool {
    if method != Method::POST {
        return false;
    }
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    matches!(
        segments.as_slice(),
        ["hardship"] | ["staff", "import"] | ["claims", _, "dispute"] | ["claims", _, "dispute", "add"]
    )
}

pub async fn request_limits(State(limits): State<RequestLimits>, req: Request, next: Next) -> Response {
    let upload = is_multipart(&req) && takes_uploads(req.method(), req.uri().path());
    let (body, timeout) =
        if upload { (limits.upload_body, limits.upload_timeout) } else { (limits.form_body, limits.timeout) };
    let declared =
        req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > body as u64) {
        return too_large().into_response();
    }
    let (min_bytes, window) = if upload {
        (limits.min_rate_bytes, limits.min_rate_window)
    } else {
        (limits.form_min_rate_bytes, limits.form_min_rate_window)
    };
    let req = req.map(|b| Body::new(MinRate::new(http_body_util::Limited::new(b, body), min_bytes, window)));
    match tokio::time::timeout(timeout, next.run(req)).await {
        Ok(res) => res,
        Err(_) => StatusCode::REQUEST_TIMEOUT.into_response(),
    }
}

pub fn too_large() -> AppError {
    AppError::new(PortalCode::PayloadTooLarge, "the request is larger than this address accepts")
}

#[derive(Debug, thiserror::Error)]
#[error("the body arrived slower than {0} bytes in {1:?}")]
pub struct TooSlow(usize, Duration);

/// A body that fails when fewer than `min_bytes` arrive within any `window` (counted window by
/// window from when the request came in) while the server waits for more; the timer wakes the
/// reader even when nothing arrives at all.
pub struct MinRate<B> {
    inner: B,
    min_bytes: usize,
    window: Duration,
    in_window: usize,
    deadline: Pin<Box<Sleep>>,
}

impl<B> MinRate<B> {
    pub fn new(inner: B, min_bytes: usize, window: Duration) -> Self {
        Self { inner, min_bytes, window, in_window: 0, deadline: Box::pin(tokio::time::sleep(window)) }
    }

    /// At a window's end: too little came (an error), or a new window starts.
    fn window_over(&mut self) -> Result<(), TooSlow> {
        if self.in_window < self.min_bytes {
            return Err(TooSlow(self.min_bytes, self.window));
        }
        self.in_window = 0;
        let next = Instant::now() + self.window;
        self.deadline.as_mut().reset(next);
        Ok(())
    }
}

impl<B> HttpBody for MinRate<B>
where
    B: HttpBody<Data = Bytes> + Unpin,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Data = Bytes;
    type Error = Box<dyn std::error::Error + Send + Sync>;

    fn poll_frame(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
        let this = &mut *self;
        match Pin::new(&mut this.inner).poll_frame(cx) {
            Poll::Ready(Some(Ok(frame))) => {
                this.in_window += frame.data_ref().map_or(0, Bytes::len);
                // Only a wait for the client can fail (below): a body that was there when the
                // handler came to read it, late, is no trickle.
                if this.deadline.is_elapsed() && this.in_window >= this.min_bytes {
                    this.window_over()?;
                }
                Poll::Ready(Some(Ok(frame)))
            }
            Poll::Ready(Some(Err(e))) => Poll::Ready(Some(Err(e.into()))),
            Poll::Ready(None) => Poll::Ready(None),
            Poll::Pending => {
                while this.deadline.as_mut().poll(cx).is_ready() {
                    this.window_over()?;
                }
                Poll::Pending
            }
        }
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use axum::body::{Body, Bytes};
    use axum::http::Method;
    use http_body_util::BodyExt;

    use super::{takes_uploads, MinRate};

    #[test]
    fn only_the_routes_that_take_files_get_the_upload_budget() {
        for path in ["/hardship", "/staff/import", "/claims/c1/dispute", "/claims/c1/dispute/add"] {
            assert!(takes_uploads(&Method::POST, path), "{path}");
            assert!(!takes_uploads(&Method::GET, path), "GET {path}");
        }
        for path in [
            "/api/my_claims",
            "/api/v1/claims",
            "/sign-in",
            "/hardship/withdraw",
            "/claims/c1/plan",
            "/claims/c1/dispute/add/more",
            "/my-data/review",
            "/",
            "",
        ] {
            assert!(!takes_uploads(&Method::POST, path), "{path}");
        }
    }

    /// A body that sends a little and then stalls fails once its window is over; one that keeps
    /// coming is read whole. Waits for the outcome, whatever the machine's speed.
    #[tokio::test]
    async fn a_stalled_upload_fails_and_a_steady_one_is_read() {
        let (tx, rx) = tokio::sync::mpsc::channel::<Result<Bytes, std::io::Error>>(4);
        let stream = futures_util::stream::poll_fn({
            let mut rx = rx;
            move |cx| rx.poll_recv(cx)
        });
        let stalled = MinRate::new(Body::from_stream(stream), 1024, Duration::from_millis(100));
        tx.send(Ok(Bytes::from_static(b"only ten b"))).await.unwrap();
        let outcome = tokio::time::timeout(Duration::from_secs(60), stalled.collect()).await;
        let err = outcome.expect("the stalled body was cut off").expect_err("an error, not a body");
        assert!(err.to_string().contains("slower than 1024 bytes"), "{err}");
        drop(tx);

        let steady = MinRate::new(Body::from(vec![7u8; 4096]), 1024, Duration::from_millis(100));
        let read = steady.collect().await.unwrap().to_bytes();
        assert_eq!(read.len(), 4096);
    }
}
