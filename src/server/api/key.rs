//! API keys: `dpk_` and 64 hex digits (256 random bits). Only the SHA-256 of a key is stored, so
//! the database alone opens nothing; a key this long needs no slow hash and no throttle, since no
//! one can guess one. A request without a key, or with an unknown or revoked one, is answered 401.

use std::net::SocketAddr;
use std::sync::PoisonError;

use axum::extract::{ConnectInfo, Request};
use axum::http::request::Parts;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use rand::RngCore;
use sha2::{Digest, Sha256};

use crate::error::{AppError, PortalCode};
use crate::server::http::AppState;
use crate::server::store::{ActorKind, ApiClient, AuditAction};

const KEY_TAG: &str = "dpk_";
/// How much of a key the list shows, to tell keys apart: the tag and eight hex digits.
pub const KEY_PREFIX_CHARS: usize = 12;

/// A new key, in clear: shown once to the administrator who made it.
pub fn generate_key() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("{KEY_TAG}{}", hex::encode(bytes))
}

pub fn key_hash(key: &str) -> String {
    hex::encode(Sha256::digest(key.as_bytes()))
}

fn refused(code: PortalCode, message: &str) -> Response {
    let mut res = AppError::new(code, message).into_response();
    res.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer realm=\"api\""));
    res
}

/// Every route under `/api/v1` but the document: the request's key is found (and kept in the
/// request for the idempotency layer and the handler) by the `ApiClient` extractor, or refused there.
pub async fn api_key(_: ApiClient, req: Request, next: Next) -> Response {
    next.run(req).await
}

/// The request's key and its creditor; a missing, malformed, unknown or revoked key is refused
/// (401, `WWW-Authenticate`). The `ApiClient` extractor's one check.
pub async fn client_of_key(parts: &Parts, state: &AppState) -> Result<ApiClient, Response> {
    let Some(value) = parts.headers.get(header::AUTHORIZATION) else {
        return Err(refused(PortalCode::Unauthenticated, "send your API key as Authorization: Bearer <key>"));
    };
    // The scheme's name is case-insensitive (RFC 9110 11.1).
    let key = value
        .to_str()
        .ok()
        .and_then(|v| v.split_once(' '))
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
        .map(|(_, key)| key.trim())
        .unwrap_or_default();
    if key.is_empty() {
        return Err(refused(PortalCode::InvalidApiKey, "the Authorization header is not Bearer <key>"));
    }
    match state.store.api_client(&key_hash(key)).await {
        Ok(Some(client)) => Ok(client),
        Ok(None) => {
            let client = match parts.extensions.get::<ConnectInfo<SocketAddr>>() {
                Some(ConnectInfo(peer)) => crate::server::sign_in::client_key(state, *peer, &parts.headers),
                None => "unknown".to_owned(),
            };
            audit_refusal(state, client, key).await;
            Err(refused(PortalCode::InvalidApiKey, "the API key is unknown or revoked"))
        }
        Err(e) => Err(AppError::from(e).into_response()),
    }
}

/// A refused key is audited once a minute per client at most: a flood of bad keys must not turn
/// into a flood of writes (every audit line takes the chain's head).
async fn audit_refusal(state: &AppState, client: String, key: &str) {
    let now = state.clock.now();
    {
        let mut last = state.refused_api_keys.lock().unwrap_or_else(PoisonError::into_inner);
        if last.get(&client).is_some_and(|at| now - *at < 60) {
            return;
        }
        if last.len() > 10_000 {
            last.retain(|_, at| now - *at < 60);
        }
        last.insert(client.clone(), now);
    }
    // Only what the key list shows of a key, and only when it looks like one of ours.
    let prefix: Option<String> = key.starts_with(KEY_TAG).then(|| key.chars().take(KEY_PREFIX_CHARS).collect());
    let detail = serde_json::json!({ "client": client, "prefix": prefix });
    if let Err(e) = state.store.audit(ActorKind::ApiKey, None, AuditAction::ApiKeyRefused, None, &detail).await {
        tracing::error!(error = %e, "could not audit a refused API key");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_long_random_and_hashed_to_hex() {
        let (a, b) = (generate_key(), generate_key());
        assert_ne!(a, b);
        assert!(a.starts_with(KEY_TAG) && a.len() == KEY_TAG.len() + 64, "{a}");
        assert_eq!(key_hash(&a).len(), 64);
        assert_ne!(key_hash(&a), key_hash(&b));
        assert_eq!(key_hash("dpk_x"), key_hash("dpk_x"));
    }
}
