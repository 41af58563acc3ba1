//! Every state change must come from the portal's own pages. A request other than GET or HEAD is
//! refused when its `Origin` is not `PUBLIC_URL`'s origin, or, when it carries no `Origin`, when
//! `Sec-Fetch-Site` says another site sent it. A request with neither header (curl, an API client)
//! is not a browser acting for someone else, and is judged by the endpoint's own authentication.
//! Sign-in, sign-out, the server functions and every route added later pass through here.

use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, Method};
use axum::middleware::Next;
use axum::response::Response;

use crate::error::{AppError, PortalCode};

/// The one origin state changes may come from, `scheme://host[:port]`.
#[derive(Debug, Clone)]
pub struct AllowedOrigin(pub Arc<str>);

#[derive(Debug, PartialEq, Eq)]
enum Verdict {
    Allowed,
    CrossSite,
}

fn verdict(headers: &HeaderMap, allowed: &str) -> Verdict {
    if let Some(origin) = headers.get(header::ORIGIN) {
        // `Origin: null` (a sandboxed frame, a file) is not us either.
        let ours = origin.to_str().is_ok_and(|o| o.eq_ignore_ascii_case(allowed));
        return if ours { Verdict::Allowed } else { Verdict::CrossSite };
    }
    match headers.get("sec-fetch-site").map(|v| v.as_bytes()) {
        // `none`: the person typed the address or used a bookmark.
        None | Some(b"same-origin") | Some(b"none") => Verdict::Allowed,
        Some(_) => Verdict::CrossSite,
    }
}

pub async fn same_origin(State(AllowedOrigin(allowed)): State<AllowedOrigin>, req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD) || verdict(req.headers(), &allowed) == Verdict::Allowed {
        return next.run(req).await;
    }
    tracing::warn!(method = %req.method(), path = %req.uri().path(), "cross-site request refused");
    let error =
        AppError::new(PortalCode::CrossSiteRequest, "state changes are only accepted from the portal's own pages");
    super::error_page::respond(req.headers(), error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn h(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut m = HeaderMap::new();
        for (k, v) in pairs {
            m.insert(*k, HeaderValue::from_static(v));
        }
        m
    }

    #[test]
    fn origin_decides_then_fetch_metadata_then_the_endpoint() {
        let ours = "https://portal.example.se";
        let table: &[(&[(&str, &str)], Verdict)] = &[
            (&[("origin", "https://portal.example.se")], Verdict::Allowed),
            (&[("origin", "HTTPS://PORTAL.EXAMPLE.SE")], Verdict::Allowed),
            (&[("origin", "https://evil.example")], Verdict::CrossSite),
            (&[("origin", "http://portal.example.se")], Verdict::CrossSite),
            (&[("origin", "https://portal.example.se:8443")], Verdict::CrossSite),
            (&[("origin", "https://sub.portal.example.se")], Verdict::CrossSite),
            (&[("origin", "null")], Verdict::CrossSite),
            // Origin wins over a fetch-metadata header that says otherwise.
            (&[("origin", "https://evil.example"), ("sec-fetch-site", "same-origin")], Verdict::CrossSite),
            (&[("sec-fetch-site", "same-origin")], Verdict::Allowed),
            (&[("sec-fetch-site", "none")], Verdict::Allowed),
            (&[("sec-fetch-site", "cross-site")], Verdict::CrossSite),
            (&[("sec-fetch-site", "same-site")], Verdict::CrossSite),
            (&[], Verdict::Allowed),
        ];
        for (pairs, want) in table {
            assert_eq!(verdict(&h(pairs), ours), *want, "{pairs:?}");
        }
    }
}
