//! `POST /sign-in`, `POST /sign-in/add-letter` and `POST /sign-out`: plain HTML form posts, so signing
//! in works without JavaScript. Errors come back to the form as a code in the query string, which the
//! page translates; nothing the debtor typed is echoed back.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Form;

use super::auth::{
    check_letter, session_token, AuthRefusal, Debtor, Session, Sessions, SignInError, SignInMethod, Subject,
    ABSOLUTE_TIMEOUT_SECS,
};
use super::client_address::{client_ip, throttle_key};
use super::http::AppState;
use super::redirect::see_other;
use super::store::{ActorKind, AuditAction, ClaimRecord};
use crate::error::{AppError, PortalCode};

#[derive(serde::Deserialize)]
pub struct LetterForm {
    #[serde(default)]
    case_number: String,
    #[serde(default)]
    access_code: String,
    /// "Keep me signed in on this device": a cookie that outlives the browser window.
    #[serde(default)]
    keep: Option<String>,
}

/// Where each form's errors are shown.
#[derive(Clone, Copy)]
enum Back {
    SignIn,
    AddLetter,
}

/// Back to the form with the error's code (and `extra` query parameters), which the page translates.
fn back_with(form: Back, code: PortalCode, extra: &str) -> Response {
    match form {
        Back::SignIn => see_other(&format!("/?error={code}{extra}#sign-in"), None),
        Back::AddLetter => see_other(&format!("/claims?error={code}{extra}#add-letter"), None),
    }
}

/// HttpOnly so scripts never see it; Lax so it is not sent on cross-site posts; `Secure` (and the
/// `__Host-` name) when `PUBLIC_URL` is https, never from a request header. Without "keep me signed
/// in" it is a session cookie, gone when the browser closes.
fn session_cookie(state: &AppState, value: &str, max_age: Option<i64>) -> cookie::Cookie<'static> {
    cookie_of(&state.sessions, state, value, max_age)
}

/// The cookie of `sessions` (the debtors' or the staff's) holding `value`.
pub(super) fn cookie_of(
    sessions: &Sessions,
    state: &AppState,
    value: &str,
    max_age: Option<i64>,
) -> cookie::Cookie<'static> {
    let mut c = cookie::Cookie::build((sessions.cookie_name(), value.to_owned()))
        .path("/")
        .http_only(true)
        .same_site(cookie::SameSite::Lax)
        .secure(state.config.public_url.is_https())
        .build();
    if let Some(secs) = max_age {
        c.set_max_age(cookie::time::Duration::seconds(secs));
    }
    c
}

pub(super) fn client_key(state: &AppState, peer: SocketAddr, headers: &HeaderMap) -> String {
    throttle_key(client_ip(peer, headers, &state.config.trusted_proxies))
}

fn has_credentials(form: &LetterForm) -> Result<(), PortalCode> {
    if form.case_number.trim().is_empty() || form.access_code.trim().is_empty() {
        return Err(PortalCode::MissingCredentials);
    }
    if form.case_number.len() > 64 || form.access_code.len() > 64 {
        return Err(PortalCode::InvalidCredentials);
    }
    Ok(())
}

/// The answer to a failed letter check: back to the form, or 503 `busy` with `Retry-After`.
fn refused(form: Back, e: SignInError, headers: &HeaderMap) -> Response {
    match e {
        SignInError::Invalid => back_with(form, PortalCode::InvalidCredentials, ""),
        SignInError::Expired => back_with(form, PortalCode::CodeExpired, ""),
        SignInError::Locked { minutes } => back_with(form, PortalCode::TooManyAttempts, &format!("&minutes={minutes}")),
        SignInError::Busy => super::error_page::respond(
            headers,
            AppError::new(PortalCode::Busy, "every access-code check is busy; try again in a moment"),
        ),
        SignInError::Store(e) => {
            tracing::error!(error = %e, "sign-in failed");
            back_with(form, PortalCode::Internal, "")
        }
    }
}

async fn check(state: &AppState, form: &LetterForm, client: &str) -> Result<ClaimRecord, SignInError> {
    let now = state.clock.now();
    check_letter(&state.store, &state.sign_in_permits, &form.case_number, &form.access_code, client, now).await
}

pub async fn sign_in(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<LetterForm>,
) -> Response {
    if let Err(code) = has_credentials(&form) {
        return back_with(Back::SignIn, code, "");
    }
    let client = client_key(&state, peer, &headers);
    let claim = match check(&state, &form, &client).await {
        Ok(claim) => claim,
        Err(e) => return refused(Back::SignIn, e, &headers),
    };
    // A new sign-in on this browser replaces whatever session it held.
    if let Some(old) = session_token(&state.sessions, &headers) {
        if let Err(e) = state.sessions.end(old).await {
            tracing::error!(error = %e, "could not end the previous session");
        }
    }
    let subject = Subject::Debtor(claim.debtor_id.clone());
    let started = async {
        let token = state
            .sessions
            .start(&subject, SignInMethod::LetterCode, std::slice::from_ref(&claim.id), state.clock.now())
            .await?;
        let detail = serde_json::json!({ "method": SignInMethod::LetterCode, "client": client });
        state
            .store
            .audit(
                ActorKind::Debtor,
                Some(claim.debtor_id.as_str()),
                AuditAction::SignedIn,
                Some(claim.id.as_str()),
                &detail,
            )
            .await?;
        Ok::<_, crate::server::store::StoreError>(token)
    };
    match started.await {
        Ok(token) => {
            let keep = form.keep.is_some().then_some(ABSOLUTE_TIMEOUT_SECS);
            see_other("/claims", Some(session_cookie(&state, &token, keep)))
        }
        Err(e) => {
            tracing::error!(error = %e, "could not start a session");
            back_with(Back::SignIn, PortalCode::Internal, "")
        }
    }
}

/// Adds another letter (case number + code) to the signed-in session, so its claim shows too. Only a
/// letter to the same person: someone else's letter is theirs to open.
pub async fn add_letter(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    who: Result<Debtor, AuthRefusal>,
    headers: HeaderMap,
    Form(form): Form<LetterForm>,
) -> Response {
    // Refused on the forms' own terms: the sign-in form without a session, else this form.
    let who = match who {
        Ok(Debtor(who)) => who,
        Err(r) if r.error.is(PortalCode::Unauthenticated) => {
            return back_with(Back::SignIn, PortalCode::Unauthenticated, "")
        }
        Err(_) => return back_with(Back::AddLetter, PortalCode::Internal, ""),
    };
    if let Err(code) = has_credentials(&form) {
        return back_with(Back::AddLetter, code, "");
    }
    let client = client_key(&state, peer, &headers);
    let claim = match check(&state, &form, &client).await {
        Ok(claim) => claim,
        Err(e) => return refused(Back::AddLetter, e, &headers),
    };
    if claim.debtor_id != who.debtor_id {
        let detail = serde_json::json!({ "client": client, "session_of": who.debtor_id });
        if let Err(e) = state
            .store
            .audit(ActorKind::Debtor, None, AuditAction::LetterRefused, Some(claim.id.as_str()), &detail)
            .await
        {
            tracing::error!(error = %e, "could not audit a refused letter");
        }
        return back_with(Back::AddLetter, PortalCode::LetterOfSomeoneElse, "");
    }
    let Some(token) = session_token(&state.sessions, &headers) else {
        return back_with(Back::SignIn, PortalCode::Unauthenticated, "");
    };
    let detail = serde_json::json!({ "client": client });
    let added = async {
        let Some(new_token) = state.sessions.add_claim(token, &claim.id).await? else {
            return Ok(None);
        };
        state
            .store
            .audit(
                ActorKind::Debtor,
                Some(who.debtor_id.as_str()),
                AuditAction::LetterAdded,
                Some(claim.id.as_str()),
                &detail,
            )
            .await?;
        Ok::<_, crate::server::store::StoreError>(Some(new_token))
    };
    match added.await {
        // The session now sees more, so it goes on under a new token: a copy of the old cookie is
        // worth nothing. A browser-session cookie, since whether the old one was kept is not known.
        Ok(Some(new_token)) => see_other("/claims?added=1", Some(session_cookie(&state, &new_token, None))),
        Ok(None) => back_with(Back::SignIn, PortalCode::Unauthenticated, ""),
        Err(e) => {
            tracing::error!(error = %e, "could not add a letter");
            back_with(Back::AddLetter, PortalCode::Internal, "")
        }
    }
}

pub async fn sign_out(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
) -> Response {
    end_session(&state, &state.sessions, peer, &headers).await;
    see_other("/?signed_out=1", Some(session_cookie(&state, "", Some(0))))
}

/// Ends the session behind `sessions`' cookie (the debtors' or the staff's) and audits who signed
/// out; an expired session signs nobody out. Failures are logged: the browser forgets the cookie anyway.
pub(super) async fn end_session(state: &AppState, sessions: &Sessions, peer: SocketAddr, headers: &HeaderMap) {
    let Some(token) = session_token(sessions, headers) else { return };
    let who = match sessions.resolve(token, state.clock.now()).await {
        Ok(Some(Session { subject: Subject::Debtor(id), .. })) => {
            Some((ActorKind::Debtor, AuditAction::SignedOut, id.as_str().to_owned()))
        }
        Ok(Some(Session { subject: Subject::Staff(id), .. })) => {
            Some((ActorKind::Staff, AuditAction::StaffSignedOut, id.as_str().to_owned()))
        }
        _ => None,
    };
    if let Err(e) = sessions.end(token).await {
        tracing::error!(error = %e, "could not end a session");
    }
    if let Some((kind, action, id)) = who {
        let detail = serde_json::json!({ "client": client_key(state, peer, headers) });
        if let Err(e) = state.store.audit(kind, Some(&id), action, None, &detail).await {
            tracing::error!(error = %e, "could not audit a sign-out");
        }
    }
}
