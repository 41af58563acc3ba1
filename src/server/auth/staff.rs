//! Creditor staff: sign-in with email and password (argon2id), under the same throttle, hashing
//! slots and decoy as the debtors' letter codes, and the staff member behind a request. Staff
//! sessions have their own cookie (`Sessions::for_staff`): a debtor's session never opens a staff
//! page and a staff session never opens a debtor's.

use std::sync::Arc;

use axum::http::HeaderMap;
use tokio::sync::Semaphore;

use super::letter::{decoy_hash, verifies, SignInError};
use super::request::session_token;
use super::throttle::{minutes_until, CLIENT_LIMIT};
use super::{Session, Sessions, Subject};
use crate::error::AppError;
use crate::server::clock::Clock;
use crate::server::store::{canonical_email, ActorKind, AuditAction, Refused, StaffRole, StaffUserRecord, Store};

/// The throttle's key for an account: the same counters as a case number, in their own name space.
fn throttle_key(email: &str) -> String {
    format!("staff:{}", canonical_email(email))
}

/// Checks an email and password for `client` (a throttle key); returns the account.
pub async fn check_staff_password(
    store: &Store,
    permits: &Arc<Semaphore>,
    email: &str,
    password: &str,
    client: &str,
    now: i64,
) -> Result<StaffUserRecord, SignInError> {
    let Ok(permit) = permits.clone().try_acquire_owned() else {
        return Err(SignInError::Busy);
    };
    let reservation = match store.reserve_sign_in(&throttle_key(email), client, now).await? {
        Ok(r) => r,
        Err(Refused::Case { until } | Refused::Client { until }) => {
            return Err(SignInError::Locked { minutes: minutes_until(until, now) })
        }
    };
    let account = store.staff_user_by_email(email).await?;
    let hash = account.as_ref().map_or_else(|| decoy_hash().to_owned(), |a| a.password_hash.clone());
    let password = password.to_owned();
    let matched = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        verifies(&password, &hash)
    })
    .await
    .map_err(|e| SignInError::Store(format!("the password check stopped: {e}")))?;
    match account {
        Some(account) if matched => {
            store.release_sign_in(&reservation).await?;
            let detail = serde_json::json!({ "client": client });
            store.audit(ActorKind::Staff, Some(&account.id), AuditAction::StaffSignedIn, None, &detail).await?;
            Ok(account)
        }
        account => {
            let detail = serde_json::json!({ "client": client, "known_account": account.is_some() });
            let id = account.as_ref().map(|a| a.id.as_str());
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
    }
}

/// A signed-in staff member: whose cases they work and what they may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffAccess {
    pub staff_id: String,
    pub name: String,
    pub creditor_id: String,
    pub role: StaffRole,
}

/// The staff member behind the request's staff cookie; `unauthenticated` when there is none, it
/// expired, the account is gone, or the session is a debtor's.
pub async fn staff_from_headers(
    store: &Store,
    sessions: &Sessions,
    headers: &HeaderMap,
    now: i64,
) -> Result<StaffAccess, AppError> {
    let token = session_token(sessions, headers).ok_or_else(AppError::unauthenticated)?;
    let Some(Session { subject: Subject::Staff(id), .. }) = sessions.resolve(token, now).await? else {
        return Err(AppError::unauthenticated());
    };
    // Read for every request, so a role taken away or an account removed counts at once.
    let account = store.staff_user(&id).await?.ok_or_else(AppError::unauthenticated)?;
    Ok(StaffAccess { staff_id: account.id, name: account.name, creditor_id: account.creditor_id, role: account.role })
}

/// The staff sessions, as provided to server functions (a newtype, so the context holds both kinds).
#[derive(Clone)]
pub struct StaffSessions(pub Sessions);

/// For server functions: leptos_axum puts the request's parts in the reactive context.
pub async fn current_staff() -> Result<StaffAccess, AppError> {
    use leptos::prelude::use_context;
    let parts = use_context::<axum::http::request::Parts>().ok_or_else(AppError::internal)?;
    let sessions = use_context::<StaffSessions>().ok_or_else(AppError::internal)?;
    let store = use_context::<Store>().ok_or_else(AppError::internal)?;
    let clock = use_context::<Clock>().ok_or_else(AppError::internal)?;
    staff_from_headers(&store, &sessions.0, &parts.headers, clock.now()).await
}
