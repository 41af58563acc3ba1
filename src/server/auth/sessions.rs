//! Server-side sessions. The cookie holds a random 256-bit token; the table holds only its HMAC under
//! the server's secret key, so neither a copy of the table nor the key alone lets anyone in.

use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::server::config::SecretKey;
use crate::server::ids::new_token;
use crate::server::store::{SignInMethod, Store, StoreError, Subject};

pub const COOKIE_NAME: &str = "portal_session";
/// A session unused this long is over.
pub const IDLE_TIMEOUT_SECS: i64 = 30 * 60;
/// No session lasts longer than this, however busy.
pub const ABSOLUTE_TIMEOUT_SECS: i64 = 12 * 60 * 60;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    pub subject: Subject,
    pub created_at: i64,
}

#[derive(Clone)]
pub struct Sessions {
    store: Store,
    key: SecretKey,
}

impl Sessions {
    pub fn new(store: Store, key: SecretKey) -> Self {
        Self { store, key }
    }

    fn token_hash(&self, token: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(&self.key.0).expect("HMAC takes any key length");
        mac.update(token.as_bytes());
        hex::encode(mac.finalize().into_bytes())
    }

    /// Opens a session and returns the token for the cookie.
    pub async fn start(&self, subject: &Subject, method: SignInMethod, now: i64) -> Result<String, StoreError> {
        let token = new_token();
        self.store.insert_session(&self.token_hash(&token), subject, method, now).await?;
        Ok(token)
    }

    /// The live session for a cookie's token, touched so the idle timeout starts again; an expired
    /// one is deleted on the spot.
    pub async fn resolve(&self, token: &str, now: i64) -> Result<Option<Session>, StoreError> {
        if token.len() != 64 || !token.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(None);
        }
        let hash = self.token_hash(token);
        let Some(row) = self.store.session(&hash).await? else { return Ok(None) };
        if now - row.last_seen_at >= IDLE_TIMEOUT_SECS || now - row.created_at >= ABSOLUTE_TIMEOUT_SECS {
            self.store.delete_session(&hash).await?;
            return Ok(None);
        }
        self.store.touch_session(&hash, now).await?;
        Ok(Some(Session { subject: row.subject, created_at: row.created_at }))
    }

    pub async fn end(&self, token: &str) -> Result<(), StoreError> {
        self.store.delete_session(&self.token_hash(token)).await
    }

    /// Housekeeping: forget sessions that can no longer be used.
    pub async fn purge_expired(&self, now: i64) -> Result<u64, StoreError> {
        self.store.purge_sessions(now - IDLE_TIMEOUT_SECS, now - ABSOLUTE_TIMEOUT_SECS).await
    }
}

/// The session token from a `Cookie` header, if any.
pub fn token_from_cookie_header(header: &str) -> Option<&str> {
    cookie::Cookie::split_parse(header)
        .filter_map(Result::ok)
        .find(|c| c.name() == COOKIE_NAME)
        .and_then(|c| c.value_raw())
}

#[cfg(test)]
mod tests {
    #[test]
    fn finds_the_session_cookie_among_others() {
        let h = "i18n_pref_locale=en; portal_session=abc123; other=1";
        assert_eq!(super::token_from_cookie_header(h), Some("abc123"));
        assert_eq!(super::token_from_cookie_header("portal_sessionx=1"), None);
        assert_eq!(super::token_from_cookie_header("broken; portal_session=x"), Some("x"));
    }
}
