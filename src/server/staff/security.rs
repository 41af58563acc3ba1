//! A staff sign-in's further steps and the staff member's own account (security review, F5):
//! `POST /staff/second-factor` (the code from the authenticator app, when two-step sign-in is on),
//! `POST /staff/password` (their own password: at the first sign-in in place of the one an
//! administrator chose, or any time later) and `POST /staff/two-factor` (turn two-step sign-in on).
//! A sign-in waiting for one of these steps is a half-open session that opens nothing else
//! (`auth::staff_signing_in`); each step done moves the session to a new token.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Form;
use rand::RngCore;
use totp_rs::{Algorithm, Builder, Totp};

use crate::domain::staff_account::NewPassword;
use crate::domain::InputError;
use crate::error::{AppError, ErrorCode, PortalCode};
use crate::server::auth::common_passwords::is_common;
use crate::server::auth::{confirm_staff_password, hash_secret, session_token, SignInError, StaffSigningIn};
use crate::server::clock::Instant;
use crate::server::http::AppState;
use crate::server::redirect::see_other;
use crate::server::sign_in::{client_key, cookie_of};
use crate::server::store::{ActorKind, AuditAction, Pending, Refused, StaffUserRecord};
use crate::staff_data::{StaffAccountPageData, TotpSetup};

pub const ACCOUNT_PAGE: &str = "/staff/account";
pub const SECOND_FACTOR_PAGE: &str = "/staff/second-factor";
/// The name authenticator apps list the account under.
const ISSUER: &str = "Debtor portal";
/// 160 bits, as RFC 4226 recommends.
const SECRET_BYTES: usize = 20;
const STEP_SECS: i64 = 30;

/// What a fresh password sign-in of `account` still waits for.
pub fn first_pending(account: &StaffUserRecord) -> Option<Pending> {
    if account.totp.is_some() {
        Some(Pending::SecondFactor)
    } else if account.must_change_password {
        Some(Pending::PasswordChange)
    } else {
        None
    }
}

/// Where a session waiting for `pending` is sent.
pub fn page_for(pending: Option<Pending>) -> &'static str {
    match pending {
        Some(Pending::SecondFactor) => SECOND_FACTOR_PAGE,
        Some(Pending::PasswordChange) => ACCOUNT_PAGE,
        None => "/staff/queue",
    }
}

/// RFC 6238 as every authenticator app reads it: SHA-1, 6 digits, 30-second steps, one step of
/// drift either way.
fn totp(secret: Vec<u8>, account: &str) -> Result<Totp, AppError> {
    Builder::new()
        .with_algorithm(Algorithm::SHA1)
        .with_digits(6)
        .with_skew(1)
        .with_step_duration(STEP_SECS as u64)
        .with_secret(secret)
        .with_account_name(account)
        .with_issuer(Some(ISSUER))
        .build()
        .map_err(|e| {
            tracing::error!(error = %e, "a TOTP key was refused");
            AppError::internal()
        })
}

/// The time step whose code `code` is, within one step either way of `now` (clocks drift); the
/// crate compares in constant time. Spaces typed between the digits are fine.
fn matching_step(totp: &Totp, code: &str, now: Instant) -> Option<i64> {
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if code.len() != 6 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    totp.check(&code, u64::try_from(now.unix()).ok()?).and_then(|step| i64::try_from(step).ok())
}

fn purpose_of_setup(account_id: &str) -> String {
    format!("totp-setup:{account_id}")
}

fn purpose_of_key(account_id: &str) -> String {
    format!("totp:{account_id}")
}

/// The account page's data: a fresh TOTP key to set up (sealed for the form) when two-step sign-in
/// is off and the sign-in is complete.
pub fn account_page(
    state_vault: &crate::server::document_vault::Vault,
    account: &StaffUserRecord,
    creditor: &str,
    pending: Option<Pending>,
) -> Result<StaffAccountPageData, AppError> {
    let setup = if account.totp.is_none() && pending.is_none() {
        let mut secret = vec![0u8; SECRET_BYTES];
        rand::rngs::OsRng.fill_bytes(&mut secret);
        let sealed = state_vault.seal_for_form(&purpose_of_setup(account.id.as_str()), &secret).map_err(|e| {
            tracing::error!(error = %e, "a TOTP key could not be sealed");
            AppError::internal()
        })?;
        let t = totp(secret, &account.email)?;
        let uri = t.to_url().map_err(|_| AppError::internal())?;
        Some(TotpSetup { key: t.secret().to_base32(), uri, sealed })
    } else {
        None
    };
    Ok(StaffAccountPageData {
        name: account.name.clone(),
        email: account.email.clone(),
        creditor: creditor.to_owned(),
        admin: account.role == crate::domain::staff_account::StaffRole::Admin,
        must_change_password: pending == Some(Pending::PasswordChange),
        complete: pending.is_none(),
        two_factor_on: account.totp.is_some(),
        setup,
    })
}

/// The session moved on one step, under a new token, and the browser sent where it goes next.
async fn advance(state: &AppState, headers: &HeaderMap, next: Option<Pending>, done: &str) -> Response {
    let Some(token) = session_token(&state.staff_sessions, headers) else {
        return to_sign_in();
    };
    match state.staff_sessions.advance(token, next).await {
        Ok(Some(new)) => {
            let location = if next.is_none() && !done.is_empty() { done } else { page_for(next) };
            see_other(location, Some(cookie_of(&state.staff_sessions, state, &new, None)))
        }
        Ok(None) => to_sign_in(),
        Err(e) => {
            tracing::error!(error = %e, "could not move a staff session on");
            see_other("/staff?error=internal#sign-in", None)
        }
    }
}

/// Without a staff session (or with a debtor's), back to the staff sign-in.
fn to_sign_in() -> Response {
    see_other("/staff?error=unauthenticated#sign-in", None)
}

/// A refusal back to a form: the code (and how long to wait, for a throttled one) in the query.
fn back(page: &str, anchor: &str, code: ErrorCode, minutes: Option<i64>) -> Response {
    let wait = minutes.map(|m| format!("&minutes={m}")).unwrap_or_default();
    see_other(&format!("{page}?error={code}{wait}#{anchor}"), None)
}

fn refusal(e: SignInError) -> (ErrorCode, Option<i64>) {
    match e {
        SignInError::Invalid | SignInError::Expired => (ErrorCode::Portal(PortalCode::InvalidStaffCredentials), None),
        SignInError::Locked { minutes } => (ErrorCode::Portal(PortalCode::TooManyAttempts), Some(minutes)),
        SignInError::Busy => (ErrorCode::Portal(PortalCode::Busy), None),
        SignInError::Store(e) => {
            tracing::error!(error = %e, "a staff password check failed");
            (ErrorCode::Portal(PortalCode::Internal), None)
        }
    }
}

/// The signed-in staff member's password once more, before something that widens access (an API
/// key, an account): a session left open on a desk is not enough.
pub async fn reauthenticate(
    state: &AppState,
    who: &crate::server::auth::StaffAccess,
    password: &str,
    peer: SocketAddr,
    headers: &HeaderMap,
) -> Result<(), AppError> {
    let account = state.store.staff_user(&who.staff_id).await?.ok_or_else(AppError::unauthenticated)?;
    let client = client_key(state, peer, headers);
    let now = state.clock.now();
    confirm_staff_password(&state.store, &state.sign_in_permits, &account, password, &client, now).await.map_err(|e| {
        match refusal(e) {
            (ErrorCode::Portal(code), _) => AppError::new(code, "the password was not confirmed"),
            (code, _) => AppError::new(PortalCode::Internal, format!("{code}")),
        }
    })
}

#[derive(serde::Deserialize)]
pub struct CodeForm {
    #[serde(default)]
    code: String,
}

pub async fn second_factor(
    State(state): State<AppState>,
    StaffSigningIn { account, pending }: StaffSigningIn,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<CodeForm>,
) -> Response {
    let now = state.clock.now();
    if pending != Some(Pending::SecondFactor) {
        return see_other(page_for(pending), None);
    }
    let client = client_key(&state, peer, &headers);
    match check_code(&state, &account, &form.code, &client, now).await {
        Ok(()) => advance(&state, &headers, account.must_change_password.then_some(Pending::PasswordChange), "").await,
        Err((code, minutes)) => back(SECOND_FACTOR_PAGE, "second-factor", code, minutes),
    }
}

/// The code against the account's key, under the sign-in throttle (its own counter per account),
/// each time step good once.
async fn check_code(
    state: &AppState,
    account: &StaffUserRecord,
    code: &str,
    client: &str,
    now: Instant,
) -> Result<(), (ErrorCode, Option<i64>)> {
    let internal = |_| (ErrorCode::Portal(PortalCode::Internal), None);
    let key = purpose_of_key(account.id.as_str());
    let reservation = match state.store.reserve_sign_in(&key, client, now).await.map_err(internal)? {
        Ok(r) => r,
        Err(Refused::Case { until } | Refused::Client { until } | Refused::Account { until }) => {
            let minutes = crate::server::auth::throttle::minutes_until(until, now);
            return Err((ErrorCode::Portal(PortalCode::TooManyAttempts), Some(minutes)));
        }
    };
    let sealed = account.totp.as_ref().ok_or((ErrorCode::Portal(PortalCode::Internal), None))?;
    let secret = state.vault.open(&key, sealed).map_err(|e| {
        tracing::error!(error = %e, "a TOTP key does not open");
        (ErrorCode::Portal(PortalCode::Internal), None)
    })?;
    let t = totp(secret, &account.email).map_err(|e| (e.code, None))?;
    let step = matching_step(&t, code, now);
    let taken = match step {
        Some(step) => state.store.use_totp_step(&account.id, step).await.map_err(internal)?,
        None => false,
    };
    if taken {
        state.store.release_sign_in(&reservation).await.map_err(internal)?;
        return Ok(());
    }
    let detail = serde_json::json!({ "client": client, "step": "second_factor" });
    let audited = state
        .store
        .audit(ActorKind::Staff, Some(account.id.as_str()), AuditAction::StaffSignInFailed, None, &detail)
        .await;
    audited.map_err(internal)?;
    Err((ErrorCode::Input(InputError::TotpInvalid), None))
}

#[derive(serde::Deserialize)]
pub struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    new_password: String,
    #[serde(default)]
    repeat_password: String,
}

pub async fn change_password(
    State(state): State<AppState>,
    StaffSigningIn { account, pending }: StaffSigningIn,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<PasswordForm>,
) -> Response {
    let now = state.clock.now();
    if pending == Some(Pending::SecondFactor) {
        return see_other(SECOND_FACTOR_PAGE, None);
    }
    let new = match NewPassword::from_fields(&form.new_password, &form.repeat_password, &form.current_password) {
        Ok(new) if is_common(new.as_str()) => {
            return back(ACCOUNT_PAGE, "password", ErrorCode::Input(InputError::PasswordCommon), None)
        }
        Ok(new) => new,
        Err(e) => return back(ACCOUNT_PAGE, "password", ErrorCode::Input(e), None),
    };
    let client = client_key(&state, peer, &headers);
    let slots = &state.sign_in_permits;
    if let Err(e) = confirm_staff_password(&state.store, slots, &account, &form.current_password, &client, now).await {
        let (code, minutes) = refusal(e);
        return back(ACCOUNT_PAGE, "password", code, minutes);
    }
    let password = new.as_str().to_owned();
    let hash = match tokio::task::spawn_blocking(move || hash_secret(&password)).await {
        Ok(Ok(hash)) => hash,
        _ => return back(ACCOUNT_PAGE, "password", ErrorCode::Portal(PortalCode::Internal), None),
    };
    let Some(token) = session_token(&state.staff_sessions, &headers) else {
        return to_sign_in();
    };
    let keep = state.staff_sessions.hash_of(token);
    if let Err(e) = state.store.change_staff_password(&account.id, &hash, &keep).await {
        tracing::error!(error = %e, "could not change a staff password");
        return back(ACCOUNT_PAGE, "password", ErrorCode::Portal(PortalCode::Internal), None);
    }
    let done = if pending.is_some() { "/staff/queue?password_changed=1" } else { "/staff/account?password_changed=1" };
    advance(&state, &headers, None, done).await
}

#[derive(serde::Deserialize)]
pub struct TwoFactorForm {
    #[serde(default)]
    setup: String,
    #[serde(default)]
    code: String,
    #[serde(default)]
    current_password: String,
}

pub async fn enable_two_factor(
    State(state): State<AppState>,
    StaffSigningIn { account, pending }: StaffSigningIn,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<TwoFactorForm>,
) -> Response {
    let now = state.clock.now();
    if pending.is_some() {
        return see_other(page_for(pending), None);
    }
    if account.totp.is_some() {
        return see_other(&format!("{ACCOUNT_PAGE}#two-factor"), None);
    }
    // The key the page showed, as the server sealed it for this account: nothing else is taken.
    let Some(secret) = state.vault.open_from_form(&purpose_of_setup(account.id.as_str()), &form.setup) else {
        return back(ACCOUNT_PAGE, "two-factor", ErrorCode::Input(InputError::TotpInvalid), None);
    };
    let client = client_key(&state, peer, &headers);
    let slots = &state.sign_in_permits;
    if let Err(e) = confirm_staff_password(&state.store, slots, &account, &form.current_password, &client, now).await {
        let (code, minutes) = refusal(e);
        return back(ACCOUNT_PAGE, "two-factor", code, minutes);
    }
    let Some(token) = session_token(&state.staff_sessions, &headers) else {
        return to_sign_in();
    };
    let keep = state.staff_sessions.hash_of(token);
    let enabled = async {
        let t = totp(secret.clone(), &account.email)?;
        let step = matching_step(&t, &form.code, now).ok_or_else(|| AppError::from(InputError::TotpInvalid))?;
        let sealed =
            state.vault.seal_owned(&purpose_of_key(account.id.as_str()), secret).map_err(|_| AppError::internal())?;
        state.store.enable_totp(&account.id, &sealed, step, &keep).await?;
        Ok::<_, AppError>(())
    };
    match enabled.await {
        // Every other session of the account has ended; this one goes on under a new token.
        Ok(()) => advance(&state, &headers, None, &format!("{ACCOUNT_PAGE}?two_factor=1#two-factor")).await,
        Err(e) => back(ACCOUNT_PAGE, "two-factor", e.code, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_matches_its_step_and_one_either_side_only() {
        let t = totp(vec![7u8; SECRET_BYTES], "eva@example.se").unwrap();
        let now = 1_795_435_200;
        let code_at = |step: i64| t.generate(u64::try_from(step * STEP_SECS).unwrap()).to_string();
        let here = now / STEP_SECS;
        assert_eq!(matching_step(&t, &code_at(here), Instant::from_unix(now)), Some(here));
        assert_eq!(matching_step(&t, &code_at(here - 1), Instant::from_unix(now)), Some(here - 1));
        assert_eq!(matching_step(&t, &code_at(here + 1), Instant::from_unix(now)), Some(here + 1));
        assert_eq!(matching_step(&t, &code_at(here - 2), Instant::from_unix(now)), None);
        let spaced = format!("{} {}", &code_at(here)[..3], &code_at(here)[3..]);
        assert_eq!(matching_step(&t, &spaced, Instant::from_unix(now)), Some(here), "typed with a space");
        for bad in ["", "12345", "1234567", "abcdef"] {
            assert_eq!(matching_step(&t, bad, Instant::from_unix(now)), None, "{bad}");
        }
    }

    #[test]
    fn each_step_of_a_sign_in_has_its_page() {
        assert_eq!(page_for(Some(Pending::SecondFactor)), SECOND_FACTOR_PAGE);
        assert_eq!(page_for(Some(Pending::PasswordChange)), ACCOUNT_PAGE);
        assert_eq!(page_for(None), "/staff/queue");
    }
}
