//! Staff accounts for administrators: the page's data (their creditor's accounts),
//! `POST /staff/accounts` (add one, with its first password, hashed like every password) and
//! `POST /staff/accounts/{id}/remove` (its sessions end at once). Only the administrator's own
//! creditor's accounts are listed or removed; an administrator cannot remove themselves.

use crate::domain::ids::StaffId;
use crate::server::path_id::PathId;
use std::net::SocketAddr;

use axum::extract::{ConnectInfo, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Form;

use super::screen::{admin_creditor, staff_header};
use super::security::reauthenticate;
use crate::domain::staff_account::NewAccount;
use crate::domain::InputError;
use crate::error::{AppError, PortalCode};
use crate::server::auth::common_passwords::is_common;
use crate::server::auth::{hash_secret, Admin, StaffAccess};
use crate::server::http::AppState;
use crate::server::redirect::see_other;
use crate::server::store::{AccountAdded, NewStaffUser, Store};
use crate::staff_data::{AccountView, AccountsPageData};

pub async fn accounts_page(store: &Store, who: &StaffAccess) -> Result<AccountsPageData, AppError> {
    let creditor = admin_creditor(store, who).await?;
    let accounts = store
        .staff_of_creditor(&who.creditor_id)
        .await?
        .into_iter()
        .map(|a| AccountView { you: a.id == who.staff_id, id: a.id, name: a.name, email: a.email, role: a.role })
        .collect();
    Ok(AccountsPageData { header: staff_header(who, &creditor), accounts })
}

#[derive(serde::Deserialize)]
pub struct AccountForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    password: String,
    /// The administrator's own password again: adding an account widens who can act.
    #[serde(default)]
    current_password: String,
}

pub async fn add_account(
    State(state): State<AppState>,
    Admin(who): Admin,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    Form(form): Form<AccountForm>,
) -> Response {
    let added = async {
        let account = NewAccount::from_fields(&form.name, &form.email, &form.role, &form.password)?;
        if is_common(account.password()) {
            return Err(InputError::PasswordCommon.into());
        }
        reauthenticate(&state, &who, &form.current_password, peer, &headers).await?;
        let password = account.password().to_owned();
        let hash =
            tokio::task::spawn_blocking(move || hash_secret(&password)).await.map_err(|_| AppError::internal())??;
        let user = NewStaffUser {
            creditor_id: &who.creditor_id,
            email: account.email(),
            name: account.name(),
            role: account.role(),
            password_hash: &hash,
            // The administrator knows it: the account's owner chooses their own at the first sign-in.
            must_change_password: true,
        };
        match state.store.add_staff_user(&who.staff_id, user).await? {
            AccountAdded::Created(_) => Ok(()),
            AccountAdded::EmailTaken => Err(AppError::new(PortalCode::EmailTaken, "the address has an account")),
        }
    };
    match added.await {
        Ok(()) => see_other("/staff/accounts?added=1#accounts", None),
        Err(e) => see_other(&format!("/staff/accounts?error={}#add-account", e.code), None),
    }
}

pub async fn remove_account(
    State(state): State<AppState>,
    Admin(who): Admin,
    PathId(id): PathId<StaffId>,
    headers: HeaderMap,
) -> Response {
    if id == who.staff_id {
        return see_other(&format!("/staff/accounts?error={}#accounts", PortalCode::CannotRemoveSelf), None);
    }
    match state.store.remove_staff_user(&who.staff_id, &who.creditor_id, &id).await {
        Ok(true) => see_other("/staff/accounts?removed=1#accounts", None),
        Ok(false) => crate::server::error_page::respond(&headers, AppError::not_found()),
        Err(e) => crate::server::error_page::respond(&headers, e.into()),
    }
}
