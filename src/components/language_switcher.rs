//! The language links: plain links to `/language/{code}` that work without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::i18n::*;
use crate::query_encoding::encode_component;

/// Each language named in itself, so a reader finds theirs whatever the page is in now.
const CHOICES: [(Locale, &str); 3] = [(Locale::sv, "Svenska"), (Locale::nb, "Norsk bokmål"), (Locale::en, "English")];

/// Plain links to `/language/{code}` that set the cookie on the server and come back to the same
/// page. They work without JavaScript, and an island for switching in place would cost every page
/// the wasm bundle for something a reader does once.
#[component]
pub fn LanguageSwitcher() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    // The router gives the query without its `?`.
    let search = location.search.get_untracked();
    let search = if search.is_empty() || search.starts_with('?') { search } else { format!("?{search}") };
    let back = encode_component(&format!("{}{search}", location.pathname.get_untracked()));
    let current = i18n.get_locale_untracked();
    view! {
        <nav class="language" aria-label=t_string!(i18n, language)>
            <ul>
                {CHOICES
                    .into_iter()
                    .map(|(locale, name)| {
                        view! {
                            <li>
                                <a
                                    href=format!("/language/{}?next={back}", locale.as_str())
                                    hreflang=locale.as_str()
                                    lang=locale.as_str()
                                    aria-current=(current == locale).then_some("true")
                                >
                                    {name}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </nav>
    }
}
