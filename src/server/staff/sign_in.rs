//! `POST /staff/sign-in` and `POST /staff/sign-out`: creditor staff sign in with email and password,
//! as plain form posts (no JavaScript needed), into a session under the staff cookie. Errors come
//! back to `/staff` as a code in the query string; nothing typed is echoed back.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Form;

use super::security::{first_pending, page_for};
use crate::error::{AppError, PortalCode};
use crate::server::auth::{check_staff_password, session_token, SignInError, SignInMethod, Subject};
use crate::server::http::AppState;
use crate::server::redirect::see_other;
use crate::server::sign_in::{client_key, cookie_of, end_session};

/// The longest email address (RFC 5321) and a generous password length; longer is refused unread.
const MAX_EMAIL: usize = 254;
const MAX_PASSWORD: usize = 256;

#[derive(serde::Deserialize)]
pub struct StaffForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

fn back(code: PortalCode, extra: &str) -> Response {
    see_other(&format!("/staff?error={code}{extra}#sign-in"), None)
}

pub async fn staff_sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<StaffForm>,
) -> Response {
    if form.email.trim().is_empty() || form.password.is_empty() {
        return back(PortalCode::MissingCredentials, "");
    }
    if form.email.len() > MAX_EMAIL || form.password.len() > MAX_PASSWORD {
        return back(PortalCode::InvalidStaffCredentials, "");
    }
    let client = client_key(&state, peer, &headers);
    let now = state.clock.now();
    let checked =
        check_staff_password(&state.store, &state.sign_in_permits, &form.email, &form.password, &client, now).await;
    let account = match checked {
        Ok(account) => account,
        Err(SignInError::Invalid | SignInError::Expired) => return back(PortalCode::InvalidStaffCredentials, ""),
        Err(SignInError::Locked { minutes }) => {
            return back(PortalCode::TooManyAttempts, &format!("&minutes={minutes}"))
        }
        Err(SignInError::Busy) => {
            let busy = AppError::new(PortalCode::Busy, "every password check is busy; try again in a moment");
            return crate::server::error_page::respond(&headers, busy);
        }
        Err(SignInError::Store(e)) => {
            tracing::error!(error = %e, "staff sign-in failed");
            return back(PortalCode::Internal, "");
        }
    };
    if let Some(old) = session_token(&state.staff_sessions, &headers) {
        if let Err(e) = state.staff_sessions.end(old).await {
            tracing::error!(error = %e, "could not end the previous staff session");
        }
    }
    // With two-step sign-in on, or a first password to replace, the session opens only that step.
    let pending = first_pending(&account);
    let subject = Subject::Staff(account.id);
    match state.staff_sessions.start_pending(&subject, SignInMethod::StaffPassword, &[], pending, now).await {
        Ok(token) => see_other(page_for(pending), Some(cookie_of(&state.staff_sessions, &state, &token, None))),
        Err(e) => {
            tracing::error!(error = %e, "could not start a staff session");
            back(PortalCode::Internal, "")
        }
    }
}

pub async fn staff_sign_out(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    end_session(&state, &state.staff_sessions, peer, &headers).await;
    see_other("/staff?signed_out=1", Some(cookie_of(&state.staff_sessions, &state, "", Some(0))))
}
