//! `/staff/second-factor`: the second step of a staff sign-in with two-step sign-in on — the code
//! the authenticator app shows. A plain form post to `/staff/second-factor`; until it is right the
//! session opens nothing else.

use leptos::prelude::*;

use crate::components::labels;
use crate::components::page_title::PageTitle;
use crate::components::sign_in_form::SignInReturn;
use crate::i18n::*;

#[component]
pub fn StaffSecondFactorPage() -> impl IntoView {
    let i18n = use_i18n();
    let q = SignInReturn::read();
    let (error, minutes) = (q.error(), q.minutes());
    view! {
        <PageTitle text=t_string!(i18n, staff_second_factor_title).to_string()/>
        <h1>{t!(i18n, staff_second_factor_title)}</h1>
        <section id="second-factor" class="card" aria-labelledby="second-factor-intro">
            <p id="second-factor-intro">{t!(i18n, staff_second_factor_intro)}</p>
            {error.map(|code| view! {
                <p class="notice error" role="alert" id="second-factor-error">{move || labels::error(i18n.get_locale(), code, minutes)}</p>
            })}
            <form method="post" action="/staff/second-factor" class="stack">
                <label for="second-factor-code">{t!(i18n, staff_code)}</label>
                <input id="second-factor-code" name="code" type="text" inputmode="numeric" autocomplete="one-time-code" required maxlength="7"
                    aria-invalid=error.is_some().then_some("true")
                    aria-describedby=error.is_some().then_some("second-factor-error")/>
                <button type="submit" class="primary">{t!(i18n, staff_sign_in)}</button>
            </form>
        </section>
        <form method="post" action="/staff/sign-out">
            <button type="submit">{t!(i18n, staff_sign_out)}</button>
        </form>
    }
}
