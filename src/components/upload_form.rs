//! The form that sends text with files (a dispute, an addition to it; hardship papers later). It is
//! a plain multipart form that works without JavaScript; as an island it sends the same form with
//! `XMLHttpRequest` (the browser API that reports upload progress), shows a progress bar, keeps the
//! text on the page when the server refuses something, and checks the number and size of files
//! before a phone spends its data on a form the server would refuse. The server checks everything
//! again, the files' types by their content.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::document::{MAX_FILES, MAX_FILE_BYTES};
use crate::error::ErrorCode;

/// A choice of the form's radio group: its value and its words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// Everything the form shows, translated on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadFormTexts {
    /// A required radio group (the dispute's reason): its legend and choices.
    pub choices: Option<(String, Vec<Choice>)>,
    pub explanation_label: String,
    pub explanation_hint: String,
    pub files_label: String,
    pub files_hint: String,
    pub submit: String,
    pub progress_label: String,
    /// "Sending… {percent} %"
    pub sending: String,
    pub failed: String,
    /// What the server may answer with, in words; anything else is `other`.
    pub errors: Vec<(ErrorCode, String)>,
    pub other: String,
}

#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
enum Sending {
    Idle,
    Percent(u32),
    Refused(String),
}

/// `id` is the form's; `max_chars` bounds the explanation as the server does.
#[island]
pub fn UploadFormIsland(id: String, action: String, max_chars: usize, texts: UploadFormTexts) -> impl IntoView {
    let (sending, set_sending) = signal(Sending::Idle);
    let texts = StoredValue::new(texts);
    let t = move |f: fn(&UploadFormTexts) -> String| texts.with_value(f);
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        if matches!(sending.get_untracked(), Sending::Percent(_)) {
            ev.prevent_default();
            return;
        }
        send(ev, texts, set_sending);
    };
    let radios = texts.with_value(|t| t.choices.clone()).map(|(legend, choices)| {
        let name = format!("{id}-reason");
        view! {
            <fieldset class="choices">
                <legend>{legend}</legend>
                {choices_view(&name, choices)}
            </fieldset>
        }
    });
    let explanation = format!("{id}-explanation");
    let files = format!("{id}-files");
    let percent = move || match sending.get() {
        Sending::Percent(p) => p,
        _ => 0,
    };
    view! {
        <form id=id.clone() class="upload-form" method="post" action=action enctype="multipart/form-data" on:submit=on_submit>
            {radios}
            <label for=explanation.clone()>{t(|t| t.explanation_label.clone())}</label>
            <p class="hint" id=format!("{explanation}-hint")>{t(|t| t.explanation_hint.clone())}</p>
            <textarea
                id=explanation.clone()
                name="explanation"
                rows="6"
                required
                maxlength=max_chars.to_string()
                aria-describedby=format!("{explanation}-hint")
            ></textarea>
            <label for=files.clone()>{t(|t| t.files_label.clone())}</label>
            <p class="hint" id=format!("{files}-hint")>{t(|t| t.files_hint.clone())}</p>
            <input
                type="file"
                id=files.clone()
                name="files"
                multiple
                accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"
                aria-describedby=format!("{files}-hint")
            />
            <div class="upload-progress" hidden=move || !matches!(sending.get(), Sending::Percent(_))>
                <progress max="100" value=move || percent().to_string() aria-label=t(|t| t.progress_label.clone())></progress>
                <span>{move || t(|t| t.sending.clone()).replace("{percent}", &percent().to_string())}</span>
            </div>
            <p class="visually-hidden" role="status">
                {move || matches!(sending.get(), Sending::Percent(0)).then(|| t(|t| t.sending.replace("{percent}", "0")))}
            </p>
            <p class="notice error" role="alert" hidden=move || !matches!(sending.get(), Sending::Refused(_))>
                {move || match sending.get() { Sending::Refused(why) => why, _ => String::new() }}
            </p>
            <button type="submit" class="primary" disabled=move || matches!(sending.get(), Sending::Percent(_))>
                {t(|t| t.submit.clone())}
            </button>
        </form>
    }
}

fn choices_view(name: &str, choices: Vec<Choice>) -> impl IntoView {
    choices
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let id = format!("{name}-{}", c.value);
            view! {
                <div class="choice">
                    <input type="radio" id=id.clone() name="reason" value=c.value required=i == 0/>
                    <label for=id>{c.label}</label>
                </div>
            }
        })
        .collect_view()
}

/// The words for a code the server answered with.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn refusal(texts: &UploadFormTexts, code: Option<ErrorCode>) -> String {
    code.and_then(|c| texts.errors.iter().find(|(k, _)| *k == c).map(|(_, v)| v.clone()))
        .unwrap_or_else(|| texts.other.clone())
}

/// What the files chosen break, before anything is sent (the server's rules, checked again there).
pub fn files_problem(sizes: &[u64]) -> Option<crate::domain::InputError> {
    use crate::domain::InputError;
    if sizes.len() > MAX_FILES {
        Some(InputError::TooManyFiles)
    } else if sizes.iter().any(|s| *s > MAX_FILE_BYTES as u64) {
        Some(InputError::FileTooLarge)
    } else {
        None
    }
}

/// The code in a redirect's query (`…?error=file_too_large#…`).
pub fn error_in(url: &str) -> Option<ErrorCode> {
    let query = url.split_once('?')?.1.split('#').next()?;
    query.split('&').find_map(|kv| kv.strip_prefix("error=")).and_then(|c| c.parse().ok())
}

#[cfg(feature = "hydrate")]
fn send(ev: leptos::ev::SubmitEvent, texts: StoredValue<UploadFormTexts>, set_sending: WriteSignal<Sending>) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    let Some(form) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok()) else { return };
    let (Ok(data), Ok(xhr)) = (web_sys::FormData::new_with_form(&form), web_sys::XmlHttpRequest::new()) else {
        return; // the browser sends the form itself
    };
    ev.prevent_default();
    let sizes: Vec<u64> = form
        .query_selector("input[type=file]")
        .ok()
        .flatten()
        .and_then(|i| i.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|i| i.files())
        .map(|list| (0..list.length()).filter_map(|i| list.get(i)).map(|f| f.size() as u64).collect())
        .unwrap_or_default();
    if let Some(problem) = files_problem(&sizes) {
        let why = texts.with_value(|t| refusal(t, Some(ErrorCode::Input(problem))));
        set_sending.set(Sending::Refused(why));
        return;
    }
    if xhr.open("POST", &form.action()).is_err() {
        return;
    }
    let on_progress = Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |p: web_sys::ProgressEvent| {
        if p.length_computable() && p.total() > 0.0 {
            set_sending.set(Sending::Percent((p.loaded() * 100.0 / p.total()).floor().clamp(0.0, 100.0) as u32));
        }
    });
    if let Ok(upload) = xhr.upload() {
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
    }
    on_progress.forget();
    let done = xhr.clone();
    let on_load =
        Closure::<dyn FnMut()>::new(move || {
            let url = done.response_url();
            let status = done.status().unwrap_or(0);
            let signed_out = Some(ErrorCode::Portal(crate::error::PortalCode::Unauthenticated));
            match (status, error_in(&url)) {
                (200, None) => {
                    let _ = window().location().assign(&url);
                }
                (200, code) if code == signed_out => {
                    let _ = window().location().assign(&url);
                }
                (200, code) => set_sending.set(Sending::Refused(texts.with_value(|t| refusal(t, code)))),
                (413, _) => set_sending
                    .set(Sending::Refused(texts.with_value(|t| {
                        refusal(t, Some(ErrorCode::Portal(crate::error::PortalCode::PayloadTooLarge)))
                    }))),
                _ => set_sending.set(Sending::Refused(texts.with_value(|t| t.other.clone()))),
            }
        });
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    on_load.forget();
    let on_error = Closure::<dyn FnMut()>::new(move || {
        set_sending.set(Sending::Refused(texts.with_value(|t| t.failed.clone())));
    });
    xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    set_sending.set(Sending::Percent(0));
    if xhr.send_with_opt_form_data(Some(&data)).is_err() {
        set_sending.set(Sending::Refused(texts.with_value(|t| t.failed.clone())));
    }
}

/// On the server the form is only rendered; the browser submits it.
#[cfg(not(feature = "hydrate"))]
fn send(_ev: leptos::ev::SubmitEvent, _texts: StoredValue<UploadFormTexts>, _set_sending: WriteSignal<Sending>) {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::InputError;

    #[test]
    fn the_browser_checks_what_the_server_would_refuse() {
        assert_eq!(files_problem(&[]), None);
        assert_eq!(files_problem(&[MAX_FILE_BYTES as u64; 5]), None);
        assert_eq!(files_problem(&[1; 6]), Some(InputError::TooManyFiles));
        assert_eq!(files_problem(&[MAX_FILE_BYTES as u64 + 1]), Some(InputError::FileTooLarge));
    }

    #[test]
    fn the_refusal_is_read_from_the_redirect() {
        assert_eq!(
            error_in("http://x/claims/1/dispute?error=file_too_large#dispute-form"),
            Some(ErrorCode::Input(InputError::FileTooLarge))
        );
        assert_eq!(error_in("http://x/claims/1/dispute?sent=1#receipt"), None);
        assert_eq!(error_in("http://x/claims/1/dispute?error=nonsense"), None);
    }
}
