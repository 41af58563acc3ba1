//! `/staff/account`: a staff member's own account. Their password (at the first sign-in, their own
//! in place of the one the administrator chose, before anything else opens), and two-step sign-in
//! with an authenticator app: a new key shown once, confirmed with a code and the password. Plain
//! forms, so it works without JavaScript.

use leptos::prelude::*;
use leptos_router::params::Params;

use crate::components::data_page::DataPage;
use crate::components::labels;
use crate::components::returned::{returned, Flag, Lenient, Refused};
use crate::components::staff_bar::StaffBar;
use crate::error::AppError;
use crate::i18n::*;

/// What a post to change the password or turn on two-step sign-in came back with; `minutes`: how long a throttled sign-in waits.
#[derive(Params, Clone, Default, PartialEq)]
struct AccountReturn {
    password_changed: Flag,
    two_factor: Flag,
    error: Option<Refused>,
    minutes: Lenient<i64>,
}
use crate::staff_data::{StaffAccountPageData, StaffHeader, TotpSetup};

#[server(endpoint = "staff_account")]
pub async fn load_staff_account() -> Result<StaffAccountPageData, AppError> {
    use crate::server::app_context::app_context;
    use crate::server::auth::{current_staff_signing_in, StaffSigningIn};
    use crate::server::document_vault::Vault;
    use crate::server::staff::security::account_page;
    use crate::server::store::{Pending, Store};
    crate::server::app_context::answered(async move {
        let StaffSigningIn { account, pending } = current_staff_signing_in().await?;
        let store = app_context::<Store>()?;
        let vault = app_context::<Vault>()?;
        // The code from the app comes before anything else, this page too.
        if pending == Some(Pending::SecondFactor) {
            return Err(AppError::unauthenticated());
        }
        let creditor = store.creditor(&account.creditor_id).await?.ok_or_else(AppError::internal)?.name;
        account_page(&vault, &account, &creditor, pending)
    })
    .await
}

#[component]
pub fn StaffAccountPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_staff_account());
    view! {
        <DataPage title=t_string!(i18n, staff_account_title).to_string() staff=true data let:d>
            <AccountBody data=d/>
        </DataPage>
    }
}

/// The key in groups of four, as authenticator apps show keys typed by hand.
fn grouped(key: &str) -> String {
    key.as_bytes().chunks(4).map(|c| String::from_utf8_lossy(c).into_owned()).collect::<Vec<_>>().join(" ")
}

#[component]
fn AccountBody(data: StaffAccountPageData) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let q = returned::<AccountReturn>();
    let error = q.error.map(|Refused(code)| code);
    let minutes = q.minutes.0.unwrap_or(15);
    let (changed, enabled) = (q.password_changed.is_set(), q.two_factor.is_set());
    let StaffAccountPageData { name, email, creditor, admin, must_change_password, complete, two_factor_on, setup } =
        data;
    let intro = t_string!(i18n, staff_account_intro, email = email, creditor = creditor.clone()).to_string();
    // Half-open, the staff bar's links lead nowhere yet; the way out is still offered.
    let bar = if complete {
        view! { <StaffBar header=StaffHeader { name, creditor, admin }/> }.into_any()
    } else {
        view! {
            <form method="post" action="/staff/sign-out" class="staff-bar">
                <button type="submit">{t!(i18n, staff_sign_out)}</button>
            </form>
        }
        .into_any()
    };
    let error = error.map(|code| {
        view! { <p class="notice error" role="alert" id="account-error" data-testid="account-error">{labels::error(locale, code, minutes)}</p> }
    });
    let two_factor = match (two_factor_on, setup) {
        (true, _) => view! { <p data-testid="two-factor-on">{t!(i18n, staff_two_factor_on)}</p> }.into_any(),
        (false, Some(setup)) => view! { <TwoFactorSetup setup/> }.into_any(),
        (false, None) => ().into_any(),
    };
    view! {
        {bar}
        <h1>{t!(i18n, staff_account_title)}</h1>
        <p>{intro}</p>
        {must_change_password.then(|| view! { <p class="notice" role="status" data-testid="first-password">{t!(i18n, staff_account_first_password)}</p> })}
        {changed.then(|| view! { <p class="notice ok" role="status" data-testid="password-changed">{t!(i18n, staff_password_changed)}</p> })}
        {enabled.then(|| view! { <p class="notice ok" role="status" data-testid="two-factor-enabled">{t!(i18n, staff_two_factor_enabled)}</p> })}
        {error}
        <section class="card" id="password" aria-labelledby="password-title">
            <h2 id="password-title">{t!(i18n, staff_password_title)}</h2>
            <form method="post" action="/staff/password" class="stack">
                <label for="current-password">{t!(i18n, staff_current_password)}</label>
                <input id="current-password" name="current_password" type="password" autocomplete="current-password" required maxlength="256"/>
                <label for="new-password">{t!(i18n, staff_new_password)}</label>
                <input id="new-password" name="new_password" type="password" autocomplete="new-password" required minlength="12" maxlength="200"/>
                <label for="repeat-password">{t!(i18n, staff_repeat_password)}</label>
                <input id="repeat-password" name="repeat_password" type="password" autocomplete="new-password" required minlength="12" maxlength="200"/>
                <button type="submit" class="primary">{t!(i18n, staff_change_password)}</button>
            </form>
        </section>
        {complete.then(|| view! {
            <section class="card" id="two-factor" aria-labelledby="two-factor-title">
                <h2 id="two-factor-title">{t!(i18n, staff_two_factor_title)}</h2>
                {two_factor}
            </section>
        })}
    }
}

#[component]
fn TwoFactorSetup(setup: TotpSetup) -> impl IntoView {
    let i18n = use_i18n();
    let TotpSetup { key, uri, sealed } = setup;
    view! {
        <p id="two-factor-intro">{t!(i18n, staff_two_factor_intro)}</p>
        <p>
            <span id="totp-key-label">{t!(i18n, staff_two_factor_key)}</span> ": "
            <code class="secret" aria-labelledby="totp-key-label" data-testid="totp-key">{grouped(&key)}</code>
        </p>
        <p><a href=uri>{t!(i18n, staff_two_factor_link)}</a></p>
        <form method="post" action="/staff/two-factor" class="stack">
            <input type="hidden" name="setup" value=sealed/>
            <label for="totp-code">{t!(i18n, staff_code)}</label>
            <input id="totp-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required maxlength="7" aria-describedby="two-factor-intro"/>
            <label for="totp-password">{t!(i18n, staff_confirm_password)}</label>
            <input id="totp-password" name="current_password" type="password" autocomplete="current-password" required maxlength="256"/>
            <button type="submit" class="primary">{t!(i18n, staff_two_factor_turn_on)}</button>
        </form>
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn keys_are_shown_in_groups_of_four() {
        assert_eq!(super::grouped("ABCDEFGHIJ"), "ABCD EFGH IJ");
    }
}
