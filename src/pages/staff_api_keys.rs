//! `/staff/api-keys`: an administrator's list of their creditor's API keys (name, first
//! characters, who made it and when, last use, revoked or not), a form to make one, and "Revoke"
//! beside each working key. A key just made is shown once at the top, with a copy button. Plain
//! forms, so it works without JavaScript.

use leptos::prelude::*;
use leptos_router::params::Params;

use crate::components::copy_button::CopyButton;
use crate::components::data_page::{BackTo, DataPage};
use crate::components::format;
use crate::components::islands::IslandScripts;
use crate::components::labels;
use crate::components::returned::{returned, Flag, Refused};
use crate::components::staff_bar::StaffBar;
use crate::error::AppError;
use crate::i18n::*;

/// What a post to revoke a key came back with (a key just made comes in a cookie, not here).
#[derive(Params, Clone, Default, PartialEq)]
struct ApiKeysReturn {
    revoked: Flag,
    error: Option<Refused>,
}
use crate::staff_data::{ApiKeyView, ApiKeysPageData};

#[server(endpoint = "staff_api_keys")]
pub async fn load_api_keys_page() -> Result<ApiKeysPageData, AppError> {
    use crate::server::app_context::app_context;
    use crate::server::config::Config;
    use crate::server::staff::api_keys::{api_keys_page, cleared_new_key, new_key_in};
    use crate::server::{auth::current_staff, store::Store};
    crate::server::app_context::answered(async move {
        let who = current_staff().await?;
        let store = app_context::<Store>()?;
        let parts = app_context::<axum::http::request::Parts>()?;
        let new_key = new_key_in(&parts.headers);
        let data = api_keys_page(&store, &who, new_key).await?;
        // Shown once: this answer clears the cookie that carried the key here.
        if data.new_key.is_some() {
            let tls = use_context::<std::sync::Arc<Config>>().is_some_and(|c| c.public_url.is_https());
            if let (Some(res), Ok(v)) = (
                use_context::<leptos_axum::ResponseOptions>(),
                axum::http::HeaderValue::from_str(&cleared_new_key(tls)),
            ) {
                res.append_header(axum::http::header::SET_COOKIE, v);
            }
        }
        Ok(data)
    })
    .await
}

#[component]
pub fn StaffApiKeysPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_api_keys_page());
    view! {
        <DataPage title=t_string!(i18n, api_keys_title).to_string() back=BackTo::Queue staff=true data let:d>
            <ApiKeysBody data=d/>
        </DataPage>
    }
}

#[component]
fn KeyRow(key: ApiKeyView) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let made = t_string!(
        i18n,
        api_keys_made_by,
        date = format::date_time(locale, key.created_at),
        name = key.created_by.clone()
    )
    .to_string();
    let last_used = match key.last_used_at {
        Some(t) => format::date_time(locale, t),
        None => t_string!(i18n, api_keys_never).to_string(),
    };
    let state = match key.revoked_at {
        Some(t) => view! { <td>{t_string!(i18n, api_keys_revoked_on, date = format::date_time(locale, t)).to_string()}</td><td></td> }.into_any(),
        None => {
            let label = t_string!(i18n, api_keys_revoke_named, name = key.name.clone()).to_string();
            view! {
                <td>{t!(i18n, api_keys_active)}</td>
                <td>
                    <form method="post" action=format!("/staff/api-keys/{}/revoke", key.id)>
                        <button type="submit" class="secondary" aria-label=label>{t!(i18n, api_keys_revoke)}</button>
                    </form>
                </td>
            }
            .into_any()
        }
    };
    view! {
        <tr data-testid="api-key" data-name=key.name.clone()>
            <td>{key.name.clone()}</td>
            <td><code>{key.prefix.clone()}"…"</code></td>
            <td>{made}</td>
            <td>{last_used}</td>
            {state}
        </tr>
    }
}

#[component]
fn ApiKeysBody(data: ApiKeysPageData) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let q = returned::<ApiKeysReturn>();
    let (error, revoked) = (q.error.map(|Refused(code)| code), q.revoked.is_set());
    let has_keys = !data.keys.is_empty();
    let rows = data.keys.into_iter().map(|key| view! { <KeyRow key/> }).collect_view();
    let new_key = data.new_key.map(|key| {
        let what = t_string!(i18n, api_keys_new_label).to_string();
        view! {
            <section class="card notice ok" id="new-key" aria-labelledby="new-key-title">
                <h2 id="new-key-title">{t!(i18n, api_keys_new_title)}</h2>
                <p id="new-key-hint">{t!(i18n, api_keys_new_hint)}</p>
                <label for="new-key-value">{what.clone()}</label>
                <input id="new-key-value" type="text" class="secret" readonly value=key.clone() aria-describedby="new-key-hint" data-testid="new-api-key" spellcheck="false" autocomplete="off"/>
                " " <CopyButton value=key what/>
                <IslandScripts on_demand=true/>
            </section>
        }
    });
    view! {
        <StaffBar header=data.header/>
        <h1 id="keys">{t!(i18n, api_keys_title)}</h1>
        <p>{t!(i18n, api_keys_intro)} " " <a href="/api/v1/openapi.json">{t!(i18n, api_keys_docs)}</a></p>
        {new_key}
        {revoked.then(|| view! { <p class="notice ok" role="status" data-testid="api-key-revoked">{t!(i18n, api_keys_revoked_notice)}</p> })}
        {error.map(|code| view! { <p class="notice error" role="alert" data-testid="api-keys-error">{labels::error(locale, code, 15)}</p> })}
        {if has_keys {
            view! {
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="keys-caption">
                    <table class="queue">
                        <caption id="keys-caption">{t!(i18n, api_keys_caption)}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t!(i18n, api_keys_col_name)}</th>
                                <th scope="col">{t!(i18n, api_keys_col_prefix)}</th>
                                <th scope="col">{t!(i18n, api_keys_col_created)}</th>
                                <th scope="col">{t!(i18n, api_keys_col_last_used)}</th>
                                <th scope="col">{t!(i18n, api_keys_col_state)}</th>
                                <th scope="col"><span class="visually-hidden">{t!(i18n, accounts_col_actions)}</span></th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
            }
            .into_any()
        } else {
            view! { <p data-testid="no-api-keys">{t!(i18n, api_keys_none)}</p> }.into_any()
        }}
        <section class="card" id="make-key" aria-labelledby="make-key-title">
            <h2 id="make-key-title">{t!(i18n, api_keys_create_title)}</h2>
            <form method="post" action="/staff/api-keys" class="stack">
                <label for="key-name">{t!(i18n, api_keys_name)}</label>
                <input id="key-name" name="name" type="text" autocomplete="off" required maxlength="100"/>
                <label for="key-confirm-password">{t!(i18n, staff_confirm_password)}</label>
                <input id="key-confirm-password" name="current_password" type="password" autocomplete="current-password" required maxlength="256"/>
                <div class="buttons">
                    <button type="submit" class="primary">{t!(i18n, api_keys_create)}</button>
                </div>
            </form>
        </section>
    }
}
