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

/// The loader script with the bundle's addresses filled in, for every page of this process: the
/// one that loads the bundle with the page, and the one that waits for a first touch of an island.
#[cfg(feature = "ssr")]
#[derive(Clone, Copy)]
struct LoaderScript {
    eager: &'static str,
    on_demand: &'static str,
}

/// Called by the shell before the page renders. Outside islands nothing is hydrated, so no hydration
/// ids or resource data are written into the page (what `HydrationScripts` would switch off).
#[cfg(feature = "ssr")]
pub fn prepare_page(options: &LeptosOptions) {
    if let Some(sc) = Owner::current_shared_context() {
        sc.set_is_hydrating(false);
    }
    let (eager, on_demand) = loader_texts(options);
    provide_context(LoaderScript { eager, on_demand });
}

/// Built once: the bundle does not change under a running server, and its comments are for the
/// source, not for every page's bytes.
#[cfg(feature = "ssr")]
fn loader_texts(options: &LeptosOptions) -> (&'static str, &'static str) {
    static TEXTS: std::sync::OnceLock<(String, String)> = std::sync::OnceLock::new();
    let (eager, on_demand) = TEXTS.get_or_init(|| {
        let bundle = crate::server::bundle::urls(options);
        let loader = include_str!("island_loader.js")
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .map(str::trim)
            .collect::<Vec<_>>()
            .join("\n");
        let call = |on_demand: bool| format!("{loader}({:?},{:?},{on_demand});", bundle.js, bundle.wasm);
        (call(false), call(true))
    });
    (eager, on_demand)
}

/// The loader (`island_loader.js`) with the page's CSP nonce. A module script runs after the whole
/// document is parsed, so it finds every island on the page wherever it stands; rendered twice, it
/// still loads and hydrates once. `on_demand`: load the bundle at the first touch of an island, for
/// pages whose islands are conveniences a reader may never use (a page that reads well without
/// them should not cost a phone the bundle).
#[component]
pub fn IslandScripts(#[prop(optional)] on_demand: bool) -> impl IntoView {
    #[cfg(feature = "ssr")]
    return loader_script(on_demand);
    #[cfg(not(feature = "ssr"))]
    {
        let _ = on_demand;
        None::<()>
    }
}

#[cfg(feature = "ssr")]
fn loader_script(on_demand: bool) -> Option<impl IntoView> {
    let scripts = use_context::<LoaderScript>()?;
    let script = if on_demand { scripts.on_demand } else { scripts.eager };
    Some(view! { <script type="module" nonce=use_nonce()>{script}</script> })
}
