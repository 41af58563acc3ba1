// Loads the islands bundle and hydrates every <leptos-island> on the page. Emitted inline (with the
// page's nonce) only on pages that have an island; with JavaScript off nothing is downloaded at all.
// Our islands take no children, so Leptos's <leptos-children> bookkeeping is not needed here.
//
// `onDemand`: the page's islands are small conveniences (copy buttons, an upload's progress), so the
// bundle is loaded on the first touch of one, or of a form marked `data-wakes-islands` whose sending
// an island takes over (pointer, key or focus), instead of with the page; a click on a button made
// before they are live is replayed once they are. A page whose islands are its purpose (the plan
// calculator) loads it at once; the wasm fetch then starts in parallel with the JS glue, so no
// preload link is needed.
((jsUrl, wasmUrl, onDemand) => {
  const root = document.documentElement;
  if (root.dataset.islands) return;
  // What works only with JavaScript is shown from here on (see `html[data-js]` in the stylesheet).
  root.dataset.js = '';
  let loading = null;
  const load = () =>
    (loading ??= (async () => {
      root.dataset.islands = 'loading';
      const wasm = fetch(wasmUrl);
      const mod = await import(jsUrl);
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
      root.dataset.hydrated = 'true';
    })());
  if (!onDemand) {
    load();
    return;
  }
  root.dataset.islands = 'on-demand';
  const intents = ['pointerdown', 'keydown', 'focusin'];
  const wake = (e) => {
    if (!e.target.closest?.('leptos-island, [data-wakes-islands]')) return;
    for (const t of intents) document.removeEventListener(t, wake, true);
    load();
  };
  const replay = (e) => {
    const button = e.target.closest?.('leptos-island button, [data-wakes-islands] button');
    if (!button) return;
    if (root.dataset.hydrated) {
      document.removeEventListener('click', replay, true);
      return;
    }
    e.preventDefault();
    e.stopImmediatePropagation();
    load().then(() => button.click());
  };
  for (const t of intents) document.addEventListener(t, wake, true);
  document.addEventListener('click', replay, true);
})
