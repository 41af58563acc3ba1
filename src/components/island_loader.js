// Loads the islands bundle and hydrates every <leptos-island> on the page. Emitted inline (with the
// page's nonce) only on pages that have an island. The wasm fetch starts at once, in parallel with
// the JS glue, so no preload link is needed, and with JavaScript off nothing is downloaded at all.
// Our islands take no children, so Leptos's <leptos-children> bookkeeping is not needed here.
((jsUrl, wasmUrl) => {
  if (document.documentElement.dataset.islands) return;
  document.documentElement.dataset.islands = 'loading';
  const wasm = fetch(wasmUrl);
  import(jsUrl).then(async (mod) => {
    await mod.default({ module_or_path: wasm });
    mod.hydrate();
    for (const el of document.querySelectorAll('leptos-island')) {
      const hydrateIsland = mod[el.dataset.component];
      if (hydrateIsland) {
        hydrateIsland(el);
      } else {
        console.warn(`no wasm function for the island ${el.dataset.component}`);
      }
    }
    // For people and tests alike: the islands on this page are now live.
    document.documentElement.dataset.hydrated = 'true';
  });
})
