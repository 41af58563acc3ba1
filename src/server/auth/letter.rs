//! Sign-in with the case number and access code from the collection letter.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordVerifier};

use super::throttle::{locked_until, LOCK_SECS};
use crate::server::store::{ActorKind, AuditAction, FailureScope, SignInMethod, Store, StoreError};

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SignInError {
    /// Wrong case number or wrong code: the two are never told apart.
    #[error("the case number or the access code is wrong")]
    Invalid,
    /// Too many failures for this case number or from this address.
    #[error("too many failed attempts; try again in {minutes} minutes")]
    Locked { minutes: i64 },
    #[error("storage failed")]
    Store(String),
}

impl From<StoreError> for SignInError {
    fn from(e: StoreError) -> Self {
        SignInError::Store(e.to_string())
    }
}

/// Letters print the code in groups (`K7QM-4TXP`); people type it in any case, with or without the
/// dash or spaces. Both the stored hash and the attempt use this form.
pub fn canonical_code(code: &str) -> String {
    code.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_uppercase()).collect()
}

fn canonical_case(case_number: &str) -> String {
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

/// Verified when the case number is unknown, so a wrong case number takes as long as a wrong code.
fn decoy_hash() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash_secret("decoy-code-never-issued").unwrap_or_default())
}

/// Checks the letter's credentials; returns the debtor's id. `client` is the caller's address.
pub async fn sign_in_with_letter(
    store: &Store,
    case_number: &str,
    access_code: &str,
    client: &str,
    now: i64,
) -> Result<String, SignInError> {
    let case = canonical_case(case_number);
    let since = now - 2 * LOCK_SECS;
    let by_case = store.recent_failures(FailureScope::Case, &case, since).await?;
    let by_client = store.recent_failures(FailureScope::Client, client, since).await?;
    let until = [locked_until(by_case, now), locked_until(by_client, now)].into_iter().flatten().max();
    if let Some(until) = until {
        // Whole minutes, rounded up: "1 minute" until the very last second.
        return Err(SignInError::Locked { minutes: (until - now + 59) / 60 });
    }
    let found = if case.is_empty() { None } else { store.claim_by_case_number(&case).await? };
    let hash = found.as_ref().map(|(_, h)| h.as_str()).unwrap_or_else(|| decoy_hash());
    let code = canonical_code(access_code);
    let matches = PasswordHash::new(hash)
        .map(|parsed| argon2::Argon2::default().verify_password(code.as_bytes(), &parsed).is_ok())
        .unwrap_or(false);
    match found {
        Some((claim, _)) if matches && !code.is_empty() => {
            let detail = serde_json::json!({ "method": SignInMethod::LetterCode });
            store
                .audit(ActorKind::Debtor, Some(&claim.debtor_id), AuditAction::SignedIn, Some(&claim.id), &detail)
                .await?;
            Ok(claim.debtor_id)
        }
        _ => {
            store.record_failure(&case, client, now).await?;
            Err(SignInError::Invalid)
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn codes_are_read_the_way_people_type_them() {
        assert_eq!(super::canonical_code(" k7qm-4txp "), "K7QM4TXP");
        assert_eq!(super::canonical_code("K7QM 4TXP"), "K7QM4TXP");
        assert_eq!(super::canonical_case(" 4001 0001 "), "40010001");
    }
}
