//! API keys for administrators: the page's data (their creditor's keys), `POST /staff/api-keys`
//! (make one) and `POST /staff/api-keys/{id}/revoke`. A new key exists in clear only on its way
//! to the administrator: the post hands it to the page that follows in a short-lived cookie
//! (HttpOnly, SameSite=Strict, this page's path only), and that page shows it and clears the
//! cookie, so it is in no address, log or table; the database keeps only its SHA-256.

use crate::domain::ids::ApiKeyId;
use crate::server::path_id::PathId;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Form;
use cookie::{Cookie, SameSite};

use super::screen::{admin_creditor, staff_header};
use super::security::reauthenticate;
use crate::domain::api_key::KeyName;
use crate::error::AppError;
use crate::server::api::{generate_key, key_hash, KEY_PREFIX_CHARS};
use crate::server::auth::{Admin, StaffAccess};
use crate::server::clock::Clock;
use crate::server::http::AppState;
use crate::server::redirect::see_other;
use crate::server::request_cookies::request_cookie;
use crate::server::store::Store;
use crate::staff_data::{ApiKeyView, ApiKeysPageData};

pub const PAGE: &str = "/staff/api-keys";
/// The cookie that carries a new key to the page, and how long it may wait there.
pub const NEW_KEY_COOKIE: &str = "dp_new_api_key";
const NEW_KEY_COOKIE_SECS: i64 = 300;

fn new_key_cookie(value: String, max_age: i64, tls: bool) -> Cookie<'static> {
    Cookie::build((NEW_KEY_COOKIE, value))
        .path(PAGE)
        .http_only(true)
        .secure(tls)
        .same_site(SameSite::Strict)
        .max_age(cookie::time::Duration::seconds(max_age))
        .build()
}

/// The cookie that clears a shown key, for the page's answer.
pub fn cleared_new_key(tls: bool) -> String {
    new_key_cookie(String::new(), 0, tls).to_string()
}

/// The new key in the request's cookies, if one was just made.
pub fn new_key_in(headers: &HeaderMap) -> Option<String> {
    request_cookie(headers, NEW_KEY_COOKIE).map(|c| c.value().to_owned()).filter(|key| key.starts_with("dpk_"))
}

pub async fn api_keys_page(
    store: &Store,
    who: &StaffAccess,
    new_key: Option<String>,
) -> Result<ApiKeysPageData, AppError> {
    let creditor = admin_creditor(store, who).await?;
    let keys = store
        .api_keys_of(&who.creditor_id)
        .await?
        .into_iter()
        .map(|k| ApiKeyView {
            id: k.id,
            name: k.name,
            prefix: k.prefix,
            created_by: k.created_by,
            // The staff member's creditor's wall clock.
            created_at: Clock::local_in(k.created_at, creditor.country),
            last_used_at: k.last_used_at.map(|t| Clock::local_in(t, creditor.country)),
            revoked_at: k.revoked_at.map(|t| Clock::local_in(t, creditor.country)),
        })
        .collect();
    Ok(ApiKeysPageData { header: staff_header(who, &creditor), keys, new_key })
}

#[derive(serde::Deserialize)]
pub struct KeyForm {
    #[serde(default)]
    name: String,
    /// The administrator's own password again: a key acts for the whole creditor.
    #[serde(default)]
    current_password: String,
}

pub async fn make_key(
    State(state): State<AppState>,
    Admin(who): Admin,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<KeyForm>,
) -> Response {
    let name = match KeyName::new(&form.name) {
        Ok(name) => name,
        Err(e) => return see_other(&format!("{PAGE}?error={}#make-key", e.as_str()), None),
    };
    if let Err(e) = reauthenticate(&state, &who, &form.current_password, peer, &headers).await {
        return see_other(&format!("{PAGE}?error={}#make-key", e.code), None);
    }
    let key = generate_key();
    let prefix: String = key.chars().take(KEY_PREFIX_CHARS).collect();
    match state.store.add_api_key(&who.staff_id, &who.creditor_id, name.as_str(), &key_hash(&key), &prefix).await {
        Ok(_) => {
            let cookie = new_key_cookie(key, NEW_KEY_COOKIE_SECS, state.config.public_url.is_https());
            see_other(&format!("{PAGE}#new-key"), Some(cookie))
        }
        Err(e) => crate::server::error_page::respond(&headers, e.into()),
    }
}

pub async fn revoke_key(
    State(state): State<AppState>,
    Admin(who): Admin,
    PathId(id): PathId<ApiKeyId>,
    headers: HeaderMap,
) -> Response {
    match state.store.revoke_api_key(&who.staff_id, &who.creditor_id, id.as_str()).await {
        Ok(true) => see_other(&format!("{PAGE}?revoked=1#keys"), None),
        Ok(false) => crate::server::error_page::respond(&headers, AppError::not_found()),
        Err(e) => crate::server::error_page::respond(&headers, e.into()),
    }
}
