//! `POST /sign-in` and `POST /sign-out`: plain HTML form posts, so signing in works without
//! JavaScript. Errors come back to the start page as a code in the query string, which the page
//! translates; nothing the debtor typed is echoed back.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Form;

use super::auth::{
    session_token, sign_in_with_letter, SignInError, SignInMethod, Subject, ABSOLUTE_TIMEOUT_SECS, COOKIE_NAME,
};
use super::http::AppState;
use crate::error::PortalCode;

#[derive(serde::Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    case_number: String,
    #[serde(default)]
    access_code: String,
}

fn see_other(location: &str, cookie: Option<cookie::Cookie<'static>>) -> Response {
    let mut res = StatusCode::SEE_OTHER.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    if let Some(c) = cookie.and_then(|c| HeaderValue::from_str(&c.to_string()).ok()) {
        res.headers_mut().insert(header::SET_COOKIE, c);
    }
    res
}

/// Back to the sign-in form with the error's code (and `extra` query parameters), which the page
/// translates; nothing the debtor typed is echoed.
fn back_with(code: PortalCode, extra: &str) -> Response {
    see_other(&format!("/?error={code}{extra}#sign-in"), None)
}

/// HttpOnly so scripts never see it; Lax so it is not sent on cross-site posts; Secure behind TLS.
fn session_cookie(value: &str, max_age: i64, headers: &HeaderMap) -> cookie::Cookie<'static> {
    let tls = headers.get("x-forwarded-proto").is_some_and(|v| v.as_bytes().eq_ignore_ascii_case(b"https"));
    cookie::Cookie::build((COOKIE_NAME, value.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .max_age(cookie::time::Duration::seconds(max_age))
        .secure(tls)
        .build()
}

pub async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    if form.case_number.trim().is_empty() || form.access_code.trim().is_empty() {
        return back_with(PortalCode::MissingCredentials, "");
    }
    if form.case_number.len() > 64 || form.access_code.len() > 64 {
        return back_with(PortalCode::InvalidCredentials, "");
    }
    let t = state.clock.now();
    let client = client_address(peer, &headers, state.config.trust_proxy);
    match sign_in_with_letter(&state.store, &form.case_number, &form.access_code, &client, t).await {
        Ok(debtor_id) => match state.sessions.start(&Subject::Debtor(debtor_id), SignInMethod::LetterCode, t).await {
            Ok(token) => see_other("/claims", Some(session_cookie(&token, ABSOLUTE_TIMEOUT_SECS, &headers))),
            Err(e) => {
                tracing::error!(error = %e, "could not start a session");
                back_with(PortalCode::Internal, "")
            }
        },
        Err(SignInError::Invalid) => back_with(PortalCode::InvalidCredentials, ""),
        Err(SignInError::Locked { minutes }) => back_with(PortalCode::TooManyAttempts, &format!("&minutes={minutes}")),
        Err(SignInError::Store(e)) => {
            tracing::error!(error = %e, "sign-in failed");
            back_with(PortalCode::Internal, "")
        }
    }
}

/// The address failures are counted against. Only a proxy we were told to trust may name it.
fn client_address(peer: SocketAddr, headers: &HeaderMap, trust_proxy: bool) -> String {
    let forwarded = trust_proxy
        .then(|| headers.get("x-forwarded-for")?.to_str().ok()?.rsplit(',').next().map(|s| s.trim().to_owned()))
        .flatten()
        .filter(|s| s.parse::<std::net::IpAddr>().is_ok());
    forwarded.unwrap_or_else(|| peer.ip().to_string())
}

pub async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(token) = session_token(&headers) {
        if let Err(e) = state.sessions.end(token).await {
            tracing::error!(error = %e, "could not end a session");
        }
    }
    see_other("/?signed_out=1", Some(session_cookie("", 0, &headers)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forwarded_for_only_counts_behind_a_trusted_proxy() {
        let peer: SocketAddr = "10.1.1.1:5000".parse().unwrap();
        let mut h = HeaderMap::new();
        h.insert("x-forwarded-for", HeaderValue::from_static("1.2.3.4, 203.0.113.7"));
        assert_eq!(client_address(peer, &h, false), "10.1.1.1");
        assert_eq!(client_address(peer, &h, true), "203.0.113.7");
        h.insert("x-forwarded-for", HeaderValue::from_static("garbage"));
        assert_eq!(client_address(peer, &h, true), "10.1.1.1");
    }
}
