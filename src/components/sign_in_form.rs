//! The letter sign-in form (case number and code), a plain form post, with the answer it came back
//! with.

use leptos::prelude::*;
use leptos_router::params::Params;

use crate::components::labels;
use crate::components::returned::{returned, Flag, Lenient, Refused};
use crate::error::ErrorCode;
use crate::i18n::*;

/// What a sign-in form's post came back with: why it was refused (`?error=<code>&minutes=…`, the
/// minutes a throttled sign-in waits), or `?signed_out`, or `?added` (another letter).
#[derive(Params, Clone, Default, PartialEq)]
pub struct SignInReturn {
    error: Option<Refused>,
    minutes: Lenient<i64>,
    signed_out: Flag,
    added: Flag,
}

impl SignInReturn {
    /// Read from the page's address.
    pub fn read() -> Self {
        returned()
    }

    pub fn error(&self) -> Option<ErrorCode> {
        self.error.map(|Refused(code)| code)
    }

    pub fn minutes(&self) -> i64 {
        self.minutes.0.unwrap_or(15)
    }

    pub fn signed_out(&self) -> bool {
        self.signed_out.is_set()
    }
}

/// Posts to `/sign-in` as a plain form, so it works the same with and without JavaScript. A failed
/// attempt comes back here with `?error=<code>`, shown next to the form and announced.
#[component]
pub fn SignInForm() -> impl IntoView {
    let i18n = use_i18n();
    let q = SignInReturn::read();
    let (error, minutes) = (q.error(), q.minutes());
    let described_by = if error.is_some() { "sign-in-error access-code-hint" } else { "access-code-hint" };
    view! {
        <section id="sign-in" class="card" aria-labelledby="sign-in-title">
            <h2 id="sign-in-title">{t!(i18n, sign_in_title)}</h2>
            <p>{t!(i18n, sign_in_intro)}</p>
            {q.signed_out().then(|| view! { <p class="notice ok" role="status">{t!(i18n, signed_out)}</p> })}
            {error.map(|code| view! {
                <p class="notice error" role="alert" id="sign-in-error">{move || labels::error(i18n.get_locale(), code, minutes)}</p>
            })}
            <form method="post" action="/sign-in" class="stack">
                <label for="case-number">{t!(i18n, case_number_label)}</label>
                <input id="case-number" name="case_number" type="text" inputmode="numeric" autocomplete="off"
                    required maxlength="64" aria-invalid=error.is_some().then_some("true")
                    aria-describedby=error.is_some().then_some("sign-in-error")/>
                <label for="access-code">{t!(i18n, access_code_label)}</label>
                <input id="access-code" name="access_code" type="text" autocomplete="off" autocapitalize="characters"
                    spellcheck="false" required maxlength="64" aria-describedby=described_by/>
                <p id="access-code-hint" class="hint">{t!(i18n, access_code_hint)}</p>
                <div class="check">
                    <input id="keep-signed-in" name="keep" type="checkbox" value="on" aria-describedby="keep-signed-in-hint"/>
                    <label for="keep-signed-in">{t!(i18n, keep_signed_in_label)}</label>
                </div>
                <p id="keep-signed-in-hint" class="hint">{t!(i18n, keep_signed_in_hint)}</p>
                <button type="submit" class="primary">{t!(i18n, sign_in_button)}</button>
            </form>
        </section>
    }
}

/// "Add another letter": a signed-in debtor adds a further letter's case number and code, and that
/// letter's claim joins the list. Errors come back as `?error=<code>#add-letter`.
#[component]
pub fn AddLetterForm() -> impl IntoView {
    let i18n = use_i18n();
    let q = SignInReturn::read();
    let (error, minutes) = (q.error(), q.minutes());
    view! {
        <section id="add-letter" class="card" aria-labelledby="add-letter-title">
            <h2 id="add-letter-title">{t!(i18n, add_letter_title)}</h2>
            <p>{t!(i18n, add_letter_intro)}</p>
            {q.added.is_set().then(|| view! { <p class="notice ok" role="status">{t!(i18n, letter_added)}</p> })}
            {error.map(|code| view! {
                <p class="notice error" role="alert" id="add-letter-error">
                    {move || labels::error(i18n.get_locale(), code, minutes)}
                </p>
            })}
            <form method="post" action="/sign-in/add-letter" class="stack">
                <label for="add-case-number">{t!(i18n, case_number_label)}</label>
                <input id="add-case-number" name="case_number" type="text" inputmode="numeric" autocomplete="off"
                    required maxlength="64" aria-invalid=error.is_some().then_some("true")
                    aria-describedby=error.is_some().then_some("add-letter-error")/>
                <label for="add-access-code">{t!(i18n, access_code_label)}</label>
                <input id="add-access-code" name="access_code" type="text" autocomplete="off"
                    autocapitalize="characters" spellcheck="false" required maxlength="64"/>
                <button type="submit" class="secondary">{t!(i18n, add_letter_button)}</button>
            </form>
        </section>
    }
}

/// Ends the session on the server (`POST /sign-out`).
#[component]
pub fn SignOutButton() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <form method="post" action="/sign-out" class="sign-out">
            <button type="submit" class="secondary">{t!(i18n, sign_out_button)}</button>
        </form>
    }
}
