//! `/staff/accounts`: an administrator's list of their creditor's staff accounts, a form to add one
//! (name, email, role and a first password of at least 12 characters, to hand over safely) and a
//! "Remove" button beside each other account. Plain forms, so it works without JavaScript.

use leptos::prelude::*;
use leptos_router::params::Params;

use crate::components::data_page::{BackTo, DataPage};
use crate::components::labels;
use crate::components::returned::{returned, Flag, Refused};
use crate::components::staff_bar::StaffBar;
use crate::domain::staff_account::{StaffRole, MIN_PASSWORD_CHARS};
use crate::error::AppError;
use crate::i18n::*;

/// What a post to add or remove an account came back with.
#[derive(Params, Clone, Default, PartialEq)]
struct AccountsReturn {
    added: Flag,
    removed: Flag,
    error: Option<Refused>,
}
use crate::staff_data::AccountsPageData;

#[server(endpoint = "staff_accounts")]
pub async fn load_accounts_page() -> Result<AccountsPageData, AppError> {
    use crate::server::app_context::app_context;
    use crate::server::{auth::current_staff, staff::accounts::accounts_page, store::Store};
    crate::server::app_context::answered(async move {
        let who = current_staff().await?;
        let store = app_context::<Store>()?;
        accounts_page(&store, &who).await
    })
    .await
}

fn role_label(locale: Locale, role: StaffRole) -> String {
    match role {
        StaffRole::Agent => td_string!(locale, staff_role_agent).to_string(),
        StaffRole::Admin => td_string!(locale, staff_role_admin).to_string(),
    }
}

#[component]
pub fn StaffAccountsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_accounts_page());
    view! {
        <DataPage title=t_string!(i18n, accounts_title).to_string() back=BackTo::Queue staff=true data let:d>
            <AccountsBody data=d/>
        </DataPage>
    }
}

#[component]
fn AccountsBody(data: AccountsPageData) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let q = returned::<AccountsReturn>();
    let error = q.error.map(|Refused(code)| code);
    let (added, removed) = (q.added.is_set(), q.removed.is_set());
    let rows = data
        .accounts
        .into_iter()
        .map(|a| {
            let remove = if a.you {
                view! { <span class="hint">{t!(i18n, accounts_you)}</span> }.into_any()
            } else {
                let label = t_string!(i18n, accounts_remove_named, name = a.name.clone()).to_string();
                view! {
                    <form method="post" action=format!("/staff/accounts/{}/remove", a.id)>
                        <button type="submit" class="secondary" aria-label=label>{t!(i18n, accounts_remove)}</button>
                    </form>
                }
                .into_any()
            };
            view! {
                <tr data-testid="account" data-email=a.email.clone()>
                    <td>{a.name.clone()}</td>
                    <td>{a.email.clone()}</td>
                    <td>{role_label(locale, a.role)}</td>
                    <td>{remove}</td>
                </tr>
            }
        })
        .collect_view();
    let roles = StaffRole::ALL
        .iter()
        .map(|r| view! { <option value=r.as_str()>{role_label(locale, *r)}</option> })
        .collect_view();
    view! {
        <StaffBar header=data.header/>
        <h1 id="accounts">{t!(i18n, accounts_title)}</h1>
        {added.then(|| view! { <p class="notice ok" role="status" data-testid="account-added">{t!(i18n, accounts_added)}</p> })}
        {removed.then(|| view! { <p class="notice ok" role="status" data-testid="account-removed">{t!(i18n, accounts_removed)}</p> })}
        {error.map(|code| view! { <p class="notice error" role="alert" data-testid="accounts-error">{labels::error(locale, code, 15)}</p> })}
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="accounts-caption">
            <table class="queue">
                <caption id="accounts-caption">{t!(i18n, accounts_caption)}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, accounts_col_name)}</th>
                        <th scope="col">{t!(i18n, accounts_col_email)}</th>
                        <th scope="col">{t!(i18n, accounts_col_role)}</th>
                        <th scope="col"><span class="visually-hidden">{t!(i18n, accounts_col_actions)}</span></th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
        <section class="card" id="add-account" aria-labelledby="add-account-title">
            <h2 id="add-account-title">{t!(i18n, accounts_add_title)}</h2>
            <form method="post" action="/staff/accounts" class="stack">
                <label for="account-name">{t!(i18n, accounts_col_name)}</label>
                <input id="account-name" name="name" autocomplete="off" required/>
                <label for="account-email">{t!(i18n, accounts_col_email)}</label>
                <input id="account-email" name="email" type="email" autocomplete="off" required/>
                <label for="account-role">{t!(i18n, accounts_col_role)}</label>
                <select id="account-role" name="role">{roles}</select>
                <label for="account-password">{t!(i18n, accounts_password)}</label>
                <input id="account-password" name="password" type="password" autocomplete="new-password" required minlength=MIN_PASSWORD_CHARS.to_string() aria-describedby="account-password-hint"/>
                <p id="account-password-hint" class="hint">{t!(i18n, accounts_password_hint)}</p>
                <label for="account-confirm-password">{t!(i18n, staff_confirm_password)}</label>
                <input id="account-confirm-password" name="current_password" type="password" autocomplete="current-password" required maxlength="256"/>
                <div class="buttons">
                    <button type="submit" class="primary">{t!(i18n, accounts_add)}</button>
                </div>
            </form>
        </section>
    }
}
