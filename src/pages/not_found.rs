//! The page for an address that is not one of ours (404, in the reader's language).

use leptos::prelude::*;

use crate::components::page_title::PageTitle;
use crate::i18n::*;

#[component]
pub fn NotFound() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    let i18n = use_i18n();
    view! {
        <PageTitle text=t_string!(i18n, not_found_title).to_string()/>
        <h1>{t!(i18n, not_found_title)}</h1>
        <p>{t!(i18n, not_found_text)}</p>
        <p><a href="/">{t!(i18n, back_home)}</a></p>
    }
}
