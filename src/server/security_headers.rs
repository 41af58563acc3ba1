//! The security headers of every response (pages, errors, the 404 page, server functions, static
//! files), set in one place. The Content-Security-Policy allows only scripts carrying this request's
//! nonce and what they load (`'strict-dynamic'`: the island loader imports the bundle), and wasm
//! compilation; no inline script without the nonce, no plugins, no framing, no foreign form targets.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use rand::RngCore;

/// This request's nonce, put in the request's extensions for the page renderer
/// (`http::provide_request_context` hands it to Leptos, whose inline scripts then carry it).
#[derive(Debug, Clone)]
pub struct CspNonce(pub Arc<str>);

impl CspNonce {
    fn new() -> Self {
        let mut bytes = [0u8; 16];
        rand::thread_rng().fill_bytes(&mut bytes);
        Self(hex::encode(bytes).into())
    }
}

/// Whether the portal is served over TLS (`PUBLIC_URL`), which adds HSTS.
#[derive(Debug, Clone, Copy)]
pub struct Tls(pub bool);

pub fn content_security_policy(nonce: &str) -> String {
    format!(
        "default-src 'self'; script-src 'nonce-{nonce}' 'strict-dynamic' 'wasm-unsafe-eval'; style-src 'self'; \
         img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; \
         frame-ancestors 'none'; form-action 'self'"
    )
}

/// Nothing the portal does needs these; a script that slipped through gets none of them either.
const PERMISSIONS_POLICY: &str = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), \
     microphone=(), payment=(), usb=(), interest-cohort=()";

pub async fn security_headers(State(Tls(tls)): State<Tls>, mut req: Request, next: Next) -> Response {
    let nonce = CspNonce::new();
    let policy = content_security_policy(&nonce.0);
    req.extensions_mut().insert(nonce);
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&policy) {
        h.insert(header::CONTENT_SECURITY_POLICY, v);
    }
    h.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    h.insert(header::REFERRER_POLICY, HeaderValue::from_static("same-origin"));
    h.insert(HeaderName::from_static("cross-origin-opener-policy"), HeaderValue::from_static("same-origin"));
    h.insert(HeaderName::from_static("permissions-policy"), HeaderValue::from_static(PERMISSIONS_POLICY));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if tls {
        h.insert(header::STRICT_TRANSPORT_SECURITY, HeaderValue::from_static("max-age=31536000; includeSubDomains"));
    }
    res
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_policy_allows_no_inline_script_without_the_nonce() {
        let p = super::content_security_policy("abc123");
        let script = p.split(';').map(str::trim).find(|d| d.starts_with("script-src")).unwrap();
        assert_eq!(script, "script-src 'nonce-abc123' 'strict-dynamic' 'wasm-unsafe-eval'");
        assert!(!p.contains("unsafe-inline") && !p.contains("'unsafe-eval'") && !p.contains('*'));
        for d in ["object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "form-action 'self'"] {
            assert!(p.contains(d), "{d}");
        }
    }

    #[test]
    fn nonces_are_fresh_and_long() {
        let (a, b) = (super::CspNonce::new(), super::CspNonce::new());
        assert_ne!(a.0, b.0);
        assert_eq!(a.0.len(), 32);
    }
}
