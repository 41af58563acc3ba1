//! Islands mode: pages are rendered on the server only; the few interactive parts are `#[island]`s,
//! hydrated by a small wasm bundle. That bundle is loaded only by pages that have an island: the
//! component that holds a page's islands renders [`IslandScripts`] once, beside them.
//!
//! Why not let each island's wrapper emit it, first one wins: on the server a `Suspend` whose data
//! is already there is built once to register its resources and again to render, so a "first" flag
//! would be taken by the pass that is thrown away.
//!
//! Translations stay on the server: a wrapper passes its island the few strings it shows as props,
//! so the bundle carries no translation tables (see README, "Client architecture").

use leptos::prelude::*;

/// The loader script with the bundle's addresses filled in, for every page of this process.
#[cfg(feature = "ssr")]
#[derive(Clone, Copy)]
struct LoaderScript(&'static str);

/// Called by the shell before the page renders. Outside islands nothing is hydrated, so no hydration
/// ids or resource data are written into the page (what `HydrationScripts` would switch off).
#[cfg(feature = "ssr")]
pub fn prepare_page(options: &LeptosOptions) {
    if let Some(sc) = Owner::current_shared_context() {
        sc.set_is_hydrating(false);
    }
    provide_context(LoaderScript(loader_text(options)));
}

/// Built once: the bundle does not change under a running server, and its comments are for the
/// source, not for every page's bytes.
#[cfg(feature = "ssr")]
fn loader_text(options: &LeptosOptions) -> &'static str {
    static TEXT: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    TEXT.get_or_init(|| {
        let bundle = crate::server::bundle::urls(options);
        let loader = include_str!("island_loader.js")
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .map(str::trim)
            .collect::<Vec<_>>()
            .join("\n");
        format!("{loader}({:?},{:?});", bundle.js, bundle.wasm)
    })
}

/// The loader (`island_loader.js`) with the page's CSP nonce. A module script runs after the whole
/// document is parsed, so it finds every island on the page wherever it stands; rendered twice, it
/// still loads and hydrates once.
#[component]
pub fn IslandScripts() -> impl IntoView {
    #[cfg(feature = "ssr")]
    return loader_script();
    #[cfg(not(feature = "ssr"))]
    None::<()>
}

#[cfg(feature = "ssr")]
fn loader_script() -> Option<impl IntoView> {
    let LoaderScript(script) = use_context::<LoaderScript>()?;
    Some(view! { <script type="module" nonce=use_nonce()>{script}</script> })
}
