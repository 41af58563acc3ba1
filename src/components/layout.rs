//! The frame of every page: skip link, header with the language links, main landmark, footer.

use leptos::prelude::*;

use crate::components::language_switcher::LanguageSwitcher;
use crate::i18n::*;

/// Header, main landmark and footer shared by every page. The skip link is the first focusable
/// element so keyboard users reach the content with one Tab.
#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <a class="skip-link" href="#main">{t!(i18n, skip_to_content)}</a>
        <header class="site-header">
            <a class="brand" href="/">{t!(i18n, app_name)}</a>
            <LanguageSwitcher/>
        </header>
        <main id="main" tabindex="-1">{children()}</main>
        <footer class="site-footer">
            <p>{t!(i18n, footer_text)}</p>
        </footer>
    }
}
