use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::components::labels;
use crate::error::ErrorCode;
use crate::i18n::*;

/// The error a form post came back with (`?error=<code>&minutes=…`). The code comes back in the
/// address; one that is not a code reads as "something went wrong".
pub fn returned_error() -> (Memo<Option<ErrorCode>>, Memo<i64>) {
    let query = use_query_map();
    let error = Memo::new(move |_| query.read().get("error").map(|c| ErrorCode::returned(&c)));
    let minutes = Memo::new(move |_| query.read().get("minutes").and_then(|m| m.parse::<i64>().ok()).unwrap_or(15));
    (error, minutes)
}

/// Posts to `/sign-in` as a plain form, so it works the same with and without JavaScript. A failed
/// attempt comes back here with `?error=<code>`, shown next to the form and announced.
#[component]
pub fn SignInForm() -> impl IntoView {
    let i18n = use_i18n();
    let query = use_query_map();
    let (error, minutes) = returned_error();
    let error = move || error.get();
    let minutes = move || minutes.get();
    let signed_out = move || query.read().get("signed_out").is_some();
    let described_by = move || if error().is_some() { "sign-in-error access-code-hint" } else { "access-code-hint" };
    view! {
        <section id="sign-in" class="card" aria-labelledby="sign-in-title">
            <h2 id="sign-in-title">{t!(i18n, sign_in_title)}</h2>
            <p>{t!(i18n, sign_in_intro)}</p>
            {move || signed_out().then(|| view! { <p class="notice ok" role="status">{t!(i18n, signed_out)}</p> })}
            {move || error().map(|code| view! {
                <p class="notice error" role="alert" id="sign-in-error">{labels::error(i18n.get_locale(), code, minutes())}</p>
            })}
            <form method="post" action="/sign-in" class="stack">
                <label for="case-number">{t!(i18n, case_number_label)}</label>
                <input id="case-number" name="case_number" type="text" inputmode="numeric" autocomplete="off"
                    required maxlength="64" aria-invalid=move || error().is_some().then_some("true")
                    aria-describedby=move || error().is_some().then_some("sign-in-error")/>
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
    let query = use_query_map();
    let (error, minutes) = returned_error();
    let error = move || error.get();
    let minutes = move || minutes.get();
    let added = move || query.read().get("added").is_some();
    view! {
        <section id="add-letter" class="card" aria-labelledby="add-letter-title">
            <h2 id="add-letter-title">{t!(i18n, add_letter_title)}</h2>
            <p>{t!(i18n, add_letter_intro)}</p>
            {move || added().then(|| view! { <p class="notice ok" role="status">{t!(i18n, letter_added)}</p> })}
            {move || error().map(|code| view! {
                <p class="notice error" role="alert" id="add-letter-error">
                    {labels::error(i18n.get_locale(), code, minutes())}
                </p>
            })}
            <form method="post" action="/sign-in/add-letter" class="stack">
                <label for="add-case-number">{t!(i18n, case_number_label)}</label>
                <input id="add-case-number" name="case_number" type="text" inputmode="numeric" autocomplete="off"
                    required maxlength="64" aria-invalid=move || error().is_some().then_some("true")
                    aria-describedby=move || error().is_some().then_some("add-letter-error")/>
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
