//! Server-side sessions. The cookie holds a random 256-bit token; the table holds only its HMAC under
//! the server's secret key, so neither a copy of the table nor the key alone lets anyone in.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::domain::ids::ClaimId;
use crate::server::clock::Instant;
use crate::server::config::SecretKey;
use crate::server::ids::new_token;
use crate::server::store::{NewSession, Pending, SignInMethod, Store, StoreError, Subject};

/// The cookie's name when the portal is served over TLS: the `__Host-` prefix makes the browser refuse
/// it unless it is `Secure`, has `Path=/` and no `Domain`, so no sibling site can set or shadow it.
pub const SECURE_COOKIE_NAME: &str = "__Host-portal_session";
/// Plain http on loopback (development) cannot use the prefix.
pub const LOOPBACK_COOKIE_NAME: &str = "portal_session";
/// Creditor staff's sessions: a cookie of their own, so the two kinds never mix.
pub const SECURE_STAFF_COOKIE_NAME: &str = "__Host-staff_session";
pub const LOOPBACK_STAFF_COOKIE_NAME: &str = "staff_session";
/// A session unused this long is over.
pub const IDLE_TIMEOUT_SECS: i64 = 30 * 60;
/// No session lasts longer than this, however busy.
pub const ABSOLUTE_TIMEOUT_SECS: i64 = 12 * 60 * 60;
/// How stale a session's "last seen" may be. Touching it on every page would make every read a
/// write (a write lock on SQLite, a dead tuple on PostgreSQL); the idle timeout is then exact to
/// within this.
pub const TOUCH_EVERY_SECS: i64 = 60;
/// Sessions one person may have open; signing in on a further device ends the oldest.
pub const MAX_SESSIONS_PER_SUBJECT: i64 = 5;

/// Which claims a session may see.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClaimScope {
    /// Opened with letters' codes: those letters' claims, nothing else of the person's.
    Letters(Vec<ClaimId>),
    /// Opened with strong e-ID (BankID, ID-porten): every claim of the person.
    AllOfSubject,
}

impl ClaimScope {
    pub fn allows(&self, claim_id: &ClaimId) -> bool {
        match self {
            ClaimScope::Letters(ids) => ids.iter().any(|id| id == claim_id),
            ClaimScope::AllOfSubject => true,
        }
    }

    /// Whether the session holds every one of `letters` (the letters something was shared
    /// through): what a debtor shared through a letter stays with whoever holds that letter.
    pub fn holds_all(&self, letters: &[ClaimId]) -> bool {
        // Something shared through no letter at all is no letter session's.
        (!letters.is_empty() || *self == ClaimScope::AllOfSubject) && letters.iter().all(|l| self.allows(l))
    }

    /// The letters a new statement is shared through: those the session holds, or, for a session
    /// that sees all of the person's claims, the claims it concerns.
    pub fn sharing_letters(&self, concerns: &[ClaimId]) -> Vec<ClaimId> {
        match self {
            ClaimScope::Letters(ids) => ids.clone(),
            ClaimScope::AllOfSubject => concerns.to_vec(),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub subject: Subject,
    pub created_at: Instant,
    pub claims: ClaimScope,
    /// A staff sign-in not yet complete: the session opens only the page of this step.
    pub pending: Option<Pending>,
}

#[derive(Clone)]
pub struct Sessions {
    store: Store,
    key: SecretKey,
    cookie_name: &'static str,
}

impl Sessions {
    /// Debtors' sessions.
    pub fn new(store: Store, key: SecretKey, tls: bool) -> Self {
        Self { store, key, cookie_name: if tls { SECURE_COOKIE_NAME } else { LOOPBACK_COOKIE_NAME } }
    }

    /// Creditor staff's sessions: the same table and rules under another cookie.
    pub fn for_staff(store: Store, key: SecretKey, tls: bool) -> Self {
        Self { store, key, cookie_name: if tls { SECURE_STAFF_COOKIE_NAME } else { LOOPBACK_STAFF_COOKIE_NAME } }
    }

    pub fn cookie_name(&self) -> &'static str {
        self.cookie_name
    }

    fn token_hash(&self, token: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.key.0).expect("HMAC takes any key length");
        mac.update(token.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// Opens a session and returns the token for the cookie. A letter session sees `claims` only.
    pub async fn start(
        &self,
        subject: &Subject,
        method: SignInMethod,
        claims: &[ClaimId],
        now: Instant,
    ) -> Result<String, StoreError> {
        self.start_pending(subject, method, claims, None, now).await
    }

    /// As `start`, for a sign-in that still waits for `pending` (a staff member's second step).
    pub async fn start_pending(
        &self,
        subject: &Subject,
        method: SignInMethod,
        claims: &[ClaimId],
        pending: Option<Pending>,
        now: Instant,
    ) -> Result<String, StoreError> {
        let token = new_token();
        let hash = self.token_hash(&token);
        let session = NewSession { token_hash: &hash, subject, method, claims, pending };
        self.store.insert_session(session, MAX_SESSIONS_PER_SUBJECT, now).await?;
        Ok(token)
    }

    /// The session behind `token` with a step of its sign-in done, under a new token (returned;
    /// `None` when the session is gone): it now waits for `next`, or for nothing.
    pub async fn advance(&self, token: &str, next: Option<Pending>) -> Result<Option<String>, StoreError> {
        if !is_token(token) {
            return Ok(None);
        }
        let new = new_token();
        let moved = self.store.rekey_session(&self.token_hash(token), &self.token_hash(&new), None, next).await?;
        Ok(moved.then_some(new))
    }

    /// The HMAC the table keeps for `token` (to name the session a password change keeps).
    pub fn hash_of(&self, token: &str) -> String {
        self.token_hash(token)
    }

    /// The live session for a cookie's token, touched so the idle timeout starts again (at most once
    /// a `TOUCH_EVERY_SECS`: a read page writes nothing in between); an expired one is deleted on the
    /// spot.
    pub async fn resolve(&self, token: &str, now: Instant) -> Result<Option<Session>, StoreError> {
        if !is_token(token) {
            return Ok(None);
        }
        let hash = self.token_hash(token);
        let Some(row) = self.store.session(&hash).await? else { return Ok(None) };
        if now - row.last_seen_at >= IDLE_TIMEOUT_SECS || now - row.created_at >= ABSOLUTE_TIMEOUT_SECS {
            self.store.delete_session(&hash).await?;
            return Ok(None);
        }
        if now - row.last_seen_at >= TOUCH_EVERY_SECS {
            self.store.touch_session(&hash, now).await?;
        }
        let claims = match row.method {
            SignInMethod::LetterCode => ClaimScope::Letters(row.claims),
            // Staff see claims through their creditor (`auth::staff`), never through the session.
            SignInMethod::StaffPassword => ClaimScope::Letters(Vec::new()),
        };
        Ok(Some(Session { subject: row.subject, created_at: row.created_at, claims, pending: row.pending }))
    }

    /// Lets the session behind `token` see one more letter's claim, under a new token (returned;
    /// `None` when the session is gone). Access widened, so the old token stops working.
    pub async fn add_claim(&self, token: &str, claim_id: &ClaimId) -> Result<Option<String>, StoreError> {
        if !is_token(token) {
            return Ok(None);
        }
        let new = new_token();
        let moved =
            self.store.rekey_session(&self.token_hash(token), &self.token_hash(&new), Some(claim_id), None).await?;
        Ok(moved.then_some(new))
    }

    pub async fn end(&self, token: &str) -> Result<(), StoreError> {
        if !is_token(token) {
            return Ok(());
        }
        self.store.delete_session(&self.token_hash(token)).await
    }

    /// Housekeeping: forget sessions that can no longer be used.
    pub async fn purge_expired(&self, now: Instant) -> Result<u64, StoreError> {
        purge_ended_sessions(&self.store, now).await
    }
}

/// Deletes the sessions that can no longer be used at `now` (idle or absolute timeout passed).
pub async fn purge_ended_sessions(store: &Store, now: Instant) -> Result<u64, StoreError> {
    store.purge_sessions(now - IDLE_TIMEOUT_SECS, now - ABSOLUTE_TIMEOUT_SECS).await
}

fn is_token(token: &str) -> bool {
    token.len() == 64 && token.bytes().all(|b| b.is_ascii_hexdigit())
}

#[cfg(test)]
mod tests {
    use super::ClaimScope;
    use crate::domain::ClaimId;

    fn ids(names: &[&str]) -> Vec<ClaimId> {
        names.iter().map(|n| n.parse().unwrap()).collect()
    }

    #[test]
    fn letter_scope_allows_its_claims_only() {
        let scope = ClaimScope::Letters(ids(&["a", "b"]));
        let [a, b, c] = [&ids(&["a"])[0], &ids(&["b"])[0], &ids(&["c"])[0]];
        assert!(scope.allows(a) && scope.allows(b) && !scope.allows(c));
        assert!(ClaimScope::AllOfSubject.allows(c));
    }

    #[test]
    fn shared_information_needs_every_letter_it_was_shared_through() {
        let both = ClaimScope::Letters(ids(&["a", "b"]));
        let one = ClaimScope::Letters(ids(&["a"]));
        let through_b = ids(&["b"]);
        let through_ab = ids(&["a", "b"]);
        assert!(both.holds_all(&through_b) && both.holds_all(&through_ab));
        assert!(!one.holds_all(&through_b) && !one.holds_all(&through_ab));
        assert!(ClaimScope::AllOfSubject.holds_all(&through_ab));
        assert!(!both.holds_all(&[]), "shared through no letter: no letter session's");
        assert_eq!(one.sharing_letters(&through_b), ids(&["a"]));
        assert_eq!(ClaimScope::AllOfSubject.sharing_letters(&through_b), ids(&["b"]));
    }
}
