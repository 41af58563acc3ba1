use leptos::prelude::*;

use crate::i18n::*;

/// Copies `value` to the clipboard. Rendered only once the page is hydrated: without JavaScript a
/// button that does nothing would mislead, and the value itself stays selectable text.
#[component]
pub fn CopyButton(value: String, #[prop(into)] what: String) -> impl IntoView {
    let i18n = use_i18n();
    let (hydrated, set_hydrated) = signal(false);
    Effect::new(move |_| set_hydrated.set(true));
    let (copied, set_copied) = signal(false);
    let label = move || format!("{} {}", t_string!(i18n, copy), what.to_lowercase());
    view! {
        <Show when=move || hydrated.get()>
            <button
                type="button"
                class="copy"
                data-copy=value.clone()
                aria-label=label.clone()
                on:click={
                    let value = value.clone();
                    move |_| {
                        if write_clipboard(&value) {
                            set_copied.set(true);
                        }
                    }
                }
            >
                {move || if copied.get() { t_string!(i18n, copied) } else { t_string!(i18n, copy) }}
            </button>
            <span class="visually-hidden" aria-live="polite">
                {move || copied.get().then(|| t_string!(i18n, copied))}
            </span>
        </Show>
    }
}

/// `navigator.clipboard.writeText(value)`. Called through `Reflect` because web-sys only exposes the
/// Clipboard API behind `web_sys_unstable_apis`. False when the browser has no clipboard API.
#[cfg(feature = "hydrate")]
fn write_clipboard(value: &str) -> bool {
    use wasm_bindgen::JsCast;
    let navigator = window().navigator();
    let Ok(clipboard) = js_sys::Reflect::get(&navigator, &"clipboard".into()) else { return false };
    let Ok(write) = js_sys::Reflect::get(&clipboard, &"writeText".into()) else { return false };
    let Ok(write) = write.dyn_into::<js_sys::Function>() else { return false };
    write.call1(&clipboard, &value.into()).is_ok()
}

/// The button is never rendered on the server, so this is never called there.
#[cfg(not(feature = "hydrate"))]
fn write_clipboard(_value: &str) -> bool {
    false
}
