//! The start page: what the portal is for, and signing in with the letter.

use leptos::prelude::*;

use crate::components::page_title::PageTitle;
use crate::components::sign_in_form::SignInForm;
use crate::i18n::*;

/// The first page a debtor sees after typing the address from the letter.
#[component]
pub fn HomePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <PageTitle text=t_string!(i18n, home_title).to_string()/>
        <section class="hero" aria-labelledby="home-title">
            <h1 id="home-title">{t!(i18n, home_title)}</h1>
            <p class="lead">{t!(i18n, home_lead)}</p>
        </section>
        <SignInForm/>
        <section aria-labelledby="how-title" class="card">
            <h2 id="how-title">{t!(i18n, how_title)}</h2>
            <ol class="steps">
                <li>{t!(i18n, how_sign_in)}</li>
                <li>{t!(i18n, how_see)}</li>
                <li>{t!(i18n, how_pay)}</li>
                <li>{t!(i18n, how_dispute)}</li>
            </ol>
        </section>
        <section aria-labelledby="rights-title" class="card">
            <h2 id="rights-title">{t!(i18n, rights_title)}</h2>
            <p>{t!(i18n, rights_text)}</p>
        </section>
    }
}
