//! `/staff`: creditor staff sign in with email and password. A plain form post to `/staff/sign-in`,
//! so it works without JavaScript; a failed attempt comes back with `?error=<code>`.

use leptos::prelude::*;

use crate::components::labels;
use crate::components::page_title::PageTitle;
use crate::components::sign_in_form::SignInReturn;
use crate::i18n::*;

#[component]
pub fn StaffSignInPage() -> impl IntoView {
    let i18n = use_i18n();
    let q = SignInReturn::read();
    let (error, minutes) = (q.error(), q.minutes());
    view! {
        <PageTitle text=t_string!(i18n, staff_title).to_string()/>
        <h1>{t!(i18n, staff_title)}</h1>
        <section id="sign-in" class="card" aria-labelledby="staff-sign-in-title">
            <h2 id="staff-sign-in-title">{t!(i18n, staff_sign_in)}</h2>
            <p>{t!(i18n, staff_intro)}</p>
            {q.signed_out().then(|| view! { <p class="notice ok" role="status">{t!(i18n, staff_signed_out)}</p> })}
            {error.map(|code| view! {
                <p class="notice error" role="alert" id="staff-sign-in-error">{move || labels::error(i18n.get_locale(), code, minutes)}</p>
            })}
            <form method="post" action="/staff/sign-in" class="stack">
                <label for="staff-email">{t!(i18n, staff_email)}</label>
                <input id="staff-email" name="email" type="email" autocomplete="username" required maxlength="254"
                    aria-invalid=error.is_some().then_some("true")
                    aria-describedby=error.is_some().then_some("staff-sign-in-error")/>
                <label for="staff-password">{t!(i18n, staff_password)}</label>
                <input id="staff-password" name="password" type="password" autocomplete="current-password" required maxlength="256"/>
                <button type="submit" class="primary">{t!(i18n, staff_sign_in)}</button>
            </form>
        </section>
    }
}
