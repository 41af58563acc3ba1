//! Sign-in with the case number and access code from the collection letter. The order matters:
//! a free hashing slot first (else `busy`, nothing counted), then the attempt is reserved against the
//! throttle (else "wait"), and only then is the code checked, on the blocking pool.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordVerifier};

use super::access_code::canonical_code;
use super::hashing_slots::HashingSlots;
use super::throttle::{minutes_until, CLIENT_LIMIT};
use crate::server::clock::Instant;
use crate::server::store::{ActorKind, AuditAction, ClaimRecord, Refused, Reservation, Store, StoreError};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SignInError {
    /// Wrong case number or wrong code: the two are never told apart.
    #[error("the case number or the access code is wrong")]
    Invalid,
    /// The code was the letter's once, but has expired or was replaced.
    #[error("the access code has expired or was replaced")]
    Expired,
    /// This client must wait before trying (this case number, or at all).
    #[error("too many failed attempts; try again in {minutes} minutes")]
    Locked { minutes: i64 },
    /// Every hashing slot is taken; nothing was counted.
    #[error("too many sign-ins at once")]
    Busy,
    #[error("storage failed")]
    Store(String),
}

impl From<StoreError> for SignInError {
    fn from(e: StoreError) -> Self {
        SignInError::Store(e.to_string())
    }
}

pub fn canonical_case(case_number: &str) -> String {
    case_number.chars().filter(|c| !c.is_whitespace() && *c != '-').collect()
}

/// argon2id with the crate's defaults (OWASP's 19 MiB, 2 passes): how access codes and staff
/// passwords are stored.
pub fn hash_secret(secret: &str) -> Result<String, StoreError> {
    use argon2::password_hash::{rand_core::OsRng, PasswordHasher, SaltString};
    let salt = SaltString::generate(&mut OsRng);
    argon2::Argon2::default()
        .hash_password(secret.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Corrupt(format!("hashing failed: {e}")))
}

/// Verified when the case number (or a staff email) is unknown, so a wrong one takes as long as a
/// wrong code.
pub(super) fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_secret("decoy-code-never-issued").unwrap_or_default())
}

/// Computes the decoy at start-up, so the first stranger's sign-in does not pay for it.
pub fn prepare_decoy_hash() {
    decoy_hash();
}

/// Hashes verified per attempt, always exactly this many: the live code and the one it replaced (to
/// say "expired" kindly), decoys where a letter has fewer. A reissued case then costs what any
/// other costs, in time and in work (security review).
const CODES_CHECKED: usize = 2;

/// Checks a letter's credentials for `client` (a throttle key); returns the letter's claim.
pub async fn check_letter(
    store: &Store,
    slots: &HashingSlots,
    case_number: &str,
    access_code: &str,
    client: &str,
    now: Instant,
) -> Result<ClaimRecord, SignInError> {
    let case = canonical_case(case_number);
    let code = canonical_code(access_code);
    let Some(permit) = slots.try_take(client) else {
        return Err(SignInError::Busy);
    };
    let reservation = match store.reserve_sign_in(&case, client, now).await? {
        Ok(r) => r,
        Err(Refused::Case { until } | Refused::Client { until } | Refused::Account { until }) => {
            return Err(SignInError::Locked { minutes: minutes_until(until, now) })
        }
    };
    let claim = if case.is_empty() { None } else { store.claim_by_case_number(&case).await? };
    let codes = match &claim {
        Some(c) => store.access_codes_of(&c.id).await?,
        None => Vec::new(),
    };
    // `Some(live)` for a code of the letter, `None` for a decoy, which never matches anyway.
    let mut candidates: Vec<(String, Option<bool>)> =
        codes.iter().take(CODES_CHECKED).map(|c| (c.code_hash.clone(), Some(c.is_live(now)))).collect();
    while candidates.len() < CODES_CHECKED {
        candidates.push((decoy_hash().to_owned(), None));
    }
    let matched = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        // Every candidate is verified, a match or not, so the time says nothing.
        let verified: Vec<bool> = candidates.iter().map(|(hash, _)| verifies(&code, hash)).collect();
        candidates.iter().zip(verified).find_map(|((_, live), ok)| if ok { *live } else { None })
    })
    .await
    .map_err(|e| SignInError::Store(format!("the code check stopped: {e}")))?;
    match (claim, matched) {
        (Some(claim), Some(true)) => {
            // Audited by the caller for what it does with the letter: a sign-in, or a letter added
            // to a session (never a sign-in of someone else whose letter was typed in).
            store.release_sign_in(&reservation).await?;
            Ok(claim)
        }
        (Some(claim), Some(false)) => {
            // The right person with an old letter: no guess, so nothing is counted against them.
            store.release_sign_in(&reservation).await?;
            let detail = serde_json::json!({ "reason": "code_expired", "client": client, "case_number": case });
            store.audit(ActorKind::Debtor, None, AuditAction::SignInFailed, Some(claim.id.as_str()), &detail).await?;
            Err(SignInError::Expired)
        }
        (claim, _) => {
            record_failure(store, claim.as_ref(), &reservation, now).await?;
            Err(SignInError::Invalid)
        }
    }
}

async fn record_failure(
    store: &Store,
    claim: Option<&ClaimRecord>,
    r: &Reservation,
    now: Instant,
) -> Result<(), StoreError> {
    let subject = claim.map(|c| c.id.as_str());
    // What was typed as a case number is logged only when it is one: an unknown one may be a code
    // typed in the wrong box, or someone's personal number.
    let case = claim.map(|c| c.case_number.as_str());
    let detail = serde_json::json!({ "reason": "wrong_code", "client": r.client_key, "case_number": case });
    store.audit(ActorKind::Debtor, None, AuditAction::SignInFailed, subject, &detail).await?;
    if r.case_blocked_until > now {
        let detail = serde_json::json!({
            "scope": "case_number", "client": r.client_key, "case_number": case,
            "attempt": r.case_attempt, "until": r.case_blocked_until,
        });
        store.audit(ActorKind::Debtor, None, AuditAction::SignInLocked, subject, &detail).await?;
    }
    if r.client_attempt == CLIENT_LIMIT {
        let detail = serde_json::json!({ "scope": "client", "client": r.client_key });
        store.audit(ActorKind::Debtor, None, AuditAction::SignInLocked, None, &detail).await?;
    }
    Ok(())
}

pub(super) fn verifies(code: &str, hash: &str) -> bool {
    !code.is_empty()
        && PasswordHash::new(hash)
            .map(|parsed| argon2::Argon2::default().verify_password(code.as_bytes(), &parsed).is_ok())
            .unwrap_or(false)
}

#[cfg(test)]
mod tests {
    #[test]
    fn case_numbers_are_read_the_way_people_type_them() {
        assert_eq!(super::canonical_case(" 4001 0001 "), "40010001");
        assert_eq!(super::canonical_case("4001-0001"), "40010001");
    }

    #[test]
    fn an_empty_code_never_verifies() {
        let hash = super::hash_secret("").unwrap();
        assert!(!super::verifies("", &hash));
        let hash = super::hash_secret("K7QM4TXP").unwrap();
        assert!(super::verifies("K7QM4TXP", &hash) && !super::verifies("K7QM4TXQ", &hash));
    }
}
