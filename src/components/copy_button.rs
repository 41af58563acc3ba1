//! The copy buttons beside payment facts: a server-rendered wrapper with translated strings around
//! a small island.

use leptos::prelude::*;

use crate::i18n::*;

/// A button that copies `value` to the clipboard. `what` names the value ("OCR number") for the
/// button's accessible name. Translated here, on the server; the island gets only its strings.
/// Its page renders `IslandScripts` once beside it (`components::islands`).
#[component]
pub fn CopyButton(value: String, #[prop(into)] what: String) -> impl IntoView {
    let i18n = use_i18n();
    let label = format!("{} {}", t_string!(i18n, copy), what.to_lowercase());
    view! {
        <CopyButtonIsland
            value
            label
            copy=t_string!(i18n, copy).to_string()
            copied=t_string!(i18n, copied).to_string()
            failed=t_string!(i18n, copy_failed).to_string()
        />
    }
}

/// Where the copy stands: not tried, done, or refused by the browser.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CopyState {
    NotYet,
    Copied,
    Refused,
}

/// Shown only with JavaScript (`html[data-js]` in the stylesheet): without it a button that does
/// nothing would mislead, and the value itself stays selectable text. Rendered before it is live, so
/// the page can load the bundle on the first touch (`island_loader.js` replays that click). "Copied"
/// is said only when the browser confirms the write.
#[island]
pub fn CopyButtonIsland(value: String, label: String, copy: String, copied: String, failed: String) -> impl IntoView {
    let (outcome, set_outcome) = signal(CopyState::NotYet);
    let value = StoredValue::new(value);
    let on_click = move |_| {
        leptos::task::spawn_local(async move {
            let ok = write_clipboard(value.get_value()).await;
            set_outcome.set(if ok { CopyState::Copied } else { CopyState::Refused });
        });
    };
    let button_text = {
        let copied = copied.clone();
        move || {
            if outcome.get() == CopyState::Copied {
                copied.clone()
            } else {
                copy.clone()
            }
        }
    };
    let announcement = move || match outcome.get() {
        CopyState::NotYet => String::new(),
        CopyState::Copied => copied.clone(),
        CopyState::Refused => failed.clone(),
    };
    view! {
        <button type="button" class="copy needs-js" aria-label=label on:click=on_click>
            {button_text}
        </button>
        // Seen only when copying failed, so the reader knows to select the text instead.
        <span
            class=move || if outcome.get() == CopyState::Refused { "copy-status" } else { "visually-hidden" }
            role="status"
        >
            {announcement}
        </span>
    }
}

/// `navigator.clipboard.writeText(value)`, awaited: the browser may refuse (no permission, not a
/// secure context, no clipboard API). Through `Reflect` so a missing API is a `false`, not a panic.
#[cfg(feature = "hydrate")]
async fn write_clipboard(value: String) -> bool {
    use wasm_bindgen::JsCast;
    let navigator = window().navigator();
    let Ok(clipboard) = js_sys::Reflect::get(&navigator, &"clipboard".into()) else {
        return false;
    };
    if clipboard.is_undefined() {
        return false;
    }
    let Ok(write) = js_sys::Reflect::get(&clipboard, &"writeText".into()) else {
        return false;
    };
    let Ok(write) = write.dyn_into::<js_sys::Function>() else {
        return false;
    };
    let Ok(promise) = write.call1(&clipboard, &value.into()) else {
        return false;
    };
    let Ok(promise) = promise.dyn_into::<js_sys::Promise>() else {
        return false;
    };
    wasm_bindgen_futures::JsFuture::from(promise).await.is_ok()
}

/// Islands run only in the browser; the server renders the button hidden and never clicks it.
#[cfg(not(feature = "hydrate"))]
async fn write_clipboard(_value: String) -> bool {
    false
}
