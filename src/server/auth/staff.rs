//! Creditor staff: sign-in with email and password (argon2id), under the same throttle, hashing
//! slots and decoy as the debtors' letter codes, and the staff member behind a request. Staff
//! sessions have their own cookie (`Sessions::for_staff`): a debtor's session never opens a staff
//! page and a staff session never opens a debtor's.

use axum::http::HeaderMap;

use super::hashing_slots::HashingSlots;
use super::letter::{decoy_hash, verifies, SignInError};
use super::request::session_token;
use super::throttle::{minutes_until, CLIENT_LIMIT};
use super::{Session, Sessions, Subject};
use crate::domain::ids::{CreditorId, StaffId};
use crate::error::AppError;
use crate::server::clock::Instant;
use crate::server::store::{
    canonical_email, ActorKind, AuditAction, Pending, Refused, Reservation, StaffRole, StaffUserRecord, Store,
};

/// The throttle's key for an account: the same counters as a case number, in their own name space.
fn throttle_key(email: &str) -> String {
    format!("staff:{}", canonical_email(email))
}

/// Checks an email and password for `client` (a throttle key); returns the account. An address
/// can have an account at several creditors: the password is checked against each, and the one it
/// opens signs in (all are checked, so the time says nothing about which).
pub async fn check_staff_password(
    store: &Store,
    slots: &HashingSlots,
    email: &str,
    password: &str,
    client: &str,
    now: Instant,
) -> Result<StaffUserRecord, SignInError> {
    let permit = slots.try_take(client).ok_or(SignInError::Busy)?;
    let reservation = reserve(store, &throttle_key(email), client, now).await?;
    let accounts = store.staff_users_by_email(email).await?;
    let matched = verify_each(permit, &accounts, password).await?;
    let matched = matched.and_then(|i| accounts.get(i));
    settle(store, &reservation, accounts.first(), matched, AuditAction::StaffSignedIn, client, now).await
}

/// Asks a signed-in staff member for their password again before something that widens access
/// (an API key, an account): a session left open on a desk is not enough. Throttled as a sign-in.
pub async fn confirm_staff_password(
    store: &Store,
    slots: &HashingSlots,
    account: &StaffUserRecord,
    password: &str,
    client: &str,
    now: Instant,
) -> Result<(), SignInError> {
    let permit = slots.try_take(client).ok_or(SignInError::Busy)?;
    let reservation = reserve(store, &throttle_key(&account.email), client, now).await?;
    let accounts = std::slice::from_ref(account);
    let matched = verify_each(permit, accounts, password).await?;
    let matched = matched.map(|_| account);
    settle(store, &reservation, Some(account), matched, AuditAction::StaffReauthenticated, client, now).await.map(drop)
}

async fn reserve(store: &Store, key: &str, client: &str, now: Instant) -> Result<Reservation, SignInError> {
    match store.reserve_sign_in(key, client, now).await? {
        Ok(r) => Ok(r),
        Err(Refused::Case { until } | Refused::Client { until } | Refused::Account { until }) => {
            Err(SignInError::Locked { minutes: minutes_until(until, now) })
        }
    }
}

/// Which of `accounts` the password opens, on the blocking pool; the decoy when there is none, so
/// an unknown address costs what a known one does.
async fn verify_each(
    permit: super::HashingSlot,
    accounts: &[StaffUserRecord],
    password: &str,
) -> Result<Option<usize>, SignInError> {
    let mut hashes: Vec<String> = accounts.iter().map(|a| a.password_hash.clone()).collect();
    if hashes.is_empty() {
        hashes.push(decoy_hash().to_owned());
    }
    let (password, known) = (password.to_owned(), accounts.len());
    tokio::task::spawn_blocking(move || {
        let _permit = permit;
        let verified: Vec<bool> = hashes.iter().map(|h| verifies(&password, h)).collect();
        verified.iter().position(|ok| *ok).filter(|i| *i < known)
    })
    .await
    .map_err(|e| SignInError::Store(format!("the password check stopped: {e}")))
}

/// Audits the outcome and gives the throttle its due: a right password clears the account's count.
async fn settle(
    store: &Store,
    reservation: &Reservation,
    known: Option<&StaffUserRecord>,
    matched: Option<&StaffUserRecord>,
    success: AuditAction,
    client: &str,
    now: Instant,
) -> Result<StaffUserRecord, SignInError> {
    if let Some(account) = matched {
        store.release_sign_in(reservation).await?;
        let detail = serde_json::json!({ "client": client });
        store.audit(ActorKind::Staff, Some(account.id.as_str()), success, None, &detail).await?;
        return Ok(account.clone());
    }
    let detail = serde_json::json!({ "client": client, "known_account": known.is_some() });
    let id = known.map(|a| a.id.as_str());
    store.audit(ActorKind::Staff, id, AuditAction::StaffSignInFailed, None, &detail).await?;
    // The wrong password that makes the next attempt wait is a line of its own, as for letters.
    if reservation.case_blocked_until > now {
        let detail = serde_json::json!({
            "scope": "account", "client": client, "attempt": reservation.case_attempt,
            "until": reservation.case_blocked_until,
        });
        store.audit(ActorKind::Staff, id, AuditAction::SignInLocked, None, &detail).await?;
    }
    if reservation.client_attempt == CLIENT_LIMIT {
        let detail = serde_json::json!({ "scope": "client", "client": client });
        store.audit(ActorKind::Staff, None, AuditAction::SignInLocked, None, &detail).await?;
    }
    Err(SignInError::Invalid)
}

/// A signed-in staff member: whose cases they work and what they may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffAccess {
    pub staff_id: StaffId,
    pub name: String,
    pub creditor_id: CreditorId,
    pub role: StaffRole,
}

/// The staff member behind the request's staff cookie; `unauthenticated` when there is none, it
/// expired, the account is gone, the session is a debtor's, or its sign-in is not complete (the
/// second step or the new password still to come).
pub async fn staff_from_headers(
    store: &Store,
    sessions: &Sessions,
    headers: &HeaderMap,
    now: Instant,
) -> Result<StaffAccess, AppError> {
    match staff_signing_in(store, sessions, headers, now).await? {
        (account, None) => Ok(access_of(account)),
        (_, Some(_)) => Err(AppError::unauthenticated()),
    }
}

/// The staff account behind the request's staff cookie and what its sign-in still waits for, for
/// the pages of those steps (and the account page, which a complete session uses too).
pub async fn staff_signing_in(
    store: &Store,
    sessions: &Sessions,
    headers: &HeaderMap,
    now: Instant,
) -> Result<(StaffUserRecord, Option<Pending>), AppError> {
    let token = session_token(sessions, headers).ok_or_else(AppError::unauthenticated)?;
    let Some(Session { subject: Subject::Staff(id), pending, .. }) = sessions.resolve(token, now).await? else {
        return Err(AppError::unauthenticated());
    };
    // Read for every request, so a role taken away or an account removed counts at once.
    let account = store.staff_user(&id).await?.ok_or_else(AppError::unauthenticated)?;
    Ok((account, pending))
}

pub fn access_of(account: StaffUserRecord) -> StaffAccess {
    StaffAccess { staff_id: account.id, name: account.name, creditor_id: account.creditor_id, role: account.role }
}

/// The staff sessions, as provided to server functions (a newtype, so the context holds both kinds).
#[derive(Clone)]
pub struct StaffSessions(pub Sessions);
