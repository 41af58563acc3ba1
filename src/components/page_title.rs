use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::*;

/// The page title: the page's own name, then the portal's.
#[component]
pub fn PageTitle(#[prop(into)] text: Signal<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! { <Title text=move || format!("{} – {}", text.get(), t_string!(i18n, app_name))/> }
}
