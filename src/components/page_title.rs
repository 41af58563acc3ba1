//! The document title of a page: its own name, then the portal's.

use leptos::prelude::*;
use leptos_meta::Title;

use crate::i18n::*;

/// The page title: the page's own name, then the portal's. A plain string, made when the page is
/// built: pages are rendered on the server only, and a reactive title would be read when the head is
/// written, after a `Suspend`'s discarded first build has disposed what it read (a panic, a 500).
#[component]
pub fn PageTitle(#[prop(into)] text: String) -> impl IntoView {
    let i18n = use_i18n();
    let full = format!("{} – {}", text, t_string!(i18n, app_name));
    view! { <Title text=full/> }
}
