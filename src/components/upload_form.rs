//! The form that sends text with files (a dispute, an addition to it, hardship papers). It is a
//! plain multipart form, rendered on the server, that works without JavaScript. Inside it a small
//! island takes over the sending: it sends the same form with `XMLHttpRequest` (the browser API
//! that reports upload progress), shows a progress bar, keeps the text on the page when the server
//! refuses something, and checks the number and size of files before a phone spends its data on a
//! form the server would refuse. The server checks everything again, the files' types by content.
//!
//! Only the sending is an island, not the fields: the fields' markup and their words would
//! otherwise be code and data in every page's bundle. The form wakes the bundle when it is first
//! touched (`data-wakes-islands`, see `island_loader.js`).

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::domain::document::{FILES_FIELD, MAX_FILES, MAX_FILE_BYTES};
use crate::error::ErrorCode;

/// One option of a radio group or a group of checkboxes: its value and its words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// A field of the form, with its words. Each field's id is the form's id, a dash and its name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Field {
    /// A required radio group.
    OneOf { name: String, legend: String, options: Vec<Choice> },
    /// A radio group with its first option chosen to begin with (what a form without the choice
    /// meant, such as disputing the whole claim).
    OneOfFirst { name: String, legend: String, options: Vec<Choice> },
    /// Checkboxes, all ticked to begin with (the claims a statement concerns).
    AnyOf { name: String, legend: String, options: Vec<Choice> },
    /// An optional short text, such as an amount (`numeric` brings up the phone's number pad).
    Short { name: String, label: String, numeric: bool },
    /// The required free text.
    Long { name: String, label: String, hint: String, max_chars: usize },
    /// The files (`files`).
    Files { label: String, hint: String },
    /// A required checkbox that says what is agreed to.
    Consent { name: String, label: String },
}

/// What the sending island says, translated on the server.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UploadTexts {
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

/// The form: `fields` in order, the sending island, and the `submit` button.
#[component]
pub fn UploadForm(id: String, action: String, fields: Vec<Field>, submit: String, texts: UploadTexts) -> impl IntoView {
    let fields = fields.into_iter().map(|f| field_view(&id, f)).collect_view();
    let form_id = id.clone();
    view! {
        <form id=id class="upload-form" method="post" action=action enctype="multipart/form-data" data-wakes-islands="">
            {fields}
            <UploadProgressIsland form_id texts/>
            <button type="submit" class="primary">{submit}</button>
        </form>
    }
}

/// Takes over the sending of the form `form_id` once live; shows progress and refusals.
#[island]
pub fn UploadProgressIsland(form_id: String, texts: UploadTexts) -> impl IntoView {
    let (sending, set_sending) = signal(Sending::Idle);
    let texts = StoredValue::new(texts);
    let t = move |f: fn(&UploadTexts) -> String| texts.with_value(f);
    // At once, while the island hydrates (not in an effect, which runs later): a click replayed by
    // the loader right after hydration must already be sent by this island.
    attach(&form_id, texts, sending, set_sending);
    let percent = move || match sending.get() {
        Sending::Percent(p) => p,
        _ => 0,
    };
    view! {
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
    }
}

fn options_view(form: &str, name: &str, options: Vec<Choice>, kind: &'static str) -> impl IntoView {
    let radio = kind == "radio";
    options
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let id = format!("{form}-{name}-{}", c.value);
            view! {
                <div class="choice">
                    <input type=kind id=id.clone() name=name.to_owned() value=c.value required=radio && i == 0 checked=!radio/>
                    <label for=id>{c.label}</label>
                </div>
            }
        })
        .collect_view()
}

fn field_view(form: &str, field: Field) -> AnyView {
    match field {
        Field::OneOf { name, legend, options } => view! {
            <fieldset class="choices"><legend>{legend}</legend>{options_view(form, &name, options, "radio")}</fieldset>
        }
        .into_any(),
        Field::OneOfFirst { name, legend, options } => {
            let options = options
                .into_iter()
                .enumerate()
                .map(|(i, c)| {
                    let id = format!("{form}-{name}-{}", c.value);
                    view! {
                        <div class="choice">
                            <input type="radio" id=id.clone() name=name.clone() value=c.value checked=i == 0/>
                            <label for=id>{c.label}</label>
                        </div>
                    }
                })
                .collect_view();
            view! { <fieldset class="choices"><legend>{legend}</legend>{options}</fieldset> }.into_any()
        }
        Field::AnyOf { name, legend, options } => view! {
            <fieldset class="choices"><legend>{legend}</legend>{options_view(form, &name, options, "checkbox")}</fieldset>
        }
        .into_any(),
        Field::Short { name, label, numeric } => {
            let id = format!("{form}-{name}");
            view! {
                <label for=id.clone()>{label}</label>
                <input type="text" id=id name=name inputmode=numeric.then_some("decimal") autocomplete="off"/>
            }
            .into_any()
        }
        Field::Long { name, label, hint, max_chars } => {
            let id = format!("{form}-{name}");
            view! {
                <label for=id.clone()>{label}</label>
                <p class="hint" id=format!("{id}-hint")>{hint}</p>
                <textarea id=id.clone() name=name rows="6" required maxlength=max_chars.to_string() aria-describedby=format!("{id}-hint")></textarea>
            }
            .into_any()
        }
        Field::Files { label, hint } => {
            let id = format!("{form}-files");
            view! {
                <label for=id.clone()>{label}</label>
                <p class="hint" id=format!("{id}-hint")>{hint}</p>
                <input
                    type="file"
                    id=id.clone()
                    name=FILES_FIELD
                    multiple
                    accept="application/pdf,image/jpeg,image/png,.pdf,.jpg,.jpeg,.png"
                    aria-describedby=format!("{id}-hint")
                />
            }
            .into_any()
        }
        Field::Consent { name, label } => {
            let id = format!("{form}-{name}");
            view! {
                <div class="check consent">
                    <input type="checkbox" id=id.clone() name=name value="yes" required/>
                    <label for=id>{label}</label>
                </div>
            }
            .into_any()
        }
    }
}

/// A refused upload, come back in the address: what was wrong, and, for a form the debtor can
/// correct, that the text is still one step back in the browser (without JavaScript the post left
/// the page; with it, the island shows the refusal in place instead).
#[component]
pub fn RefusedUpload(code: ErrorCode, test_id: &'static str) -> impl IntoView {
    use crate::i18n::*;
    let i18n = use_i18n();
    let kept = matches!(code, ErrorCode::Input(_) | ErrorCode::Portal(crate::error::PortalCode::PayloadTooLarge));
    view! {
        <div class="notice error" role="alert" data-testid=test_id>
            <p>{move || crate::components::labels::error(i18n.get_locale(), code, 15)}</p>
            {kept.then(|| view! { <p>{t!(i18n, dispute_form_kept_hint)}</p> })}
        </div>
    }
}

/// What every upload form's island says, in the reader's language.
pub fn texts(i18n: leptos_i18n::I18nContext<crate::i18n::Locale>) -> UploadTexts {
    use crate::error::PortalCode;
    use crate::i18n::*;
    let locale = i18n.get_locale_untracked();
    let input = crate::domain::InputError::ALL.iter().map(|e| ErrorCode::Input(*e));
    let portal = [
        PortalCode::AlreadyDisputed,
        PortalCode::ClaimClosed,
        PortalCode::PayloadTooLarge,
        PortalCode::NotFound,
        PortalCode::HardshipExists,
    ]
    .into_iter()
    .map(ErrorCode::Portal);
    UploadTexts {
        progress_label: t_string!(i18n, upload_progress_label).to_string(),
        sending: t_string!(i18n, upload_sending, percent = "{percent}").to_string(),
        failed: t_string!(i18n, upload_failed).to_string(),
        errors: input.chain(portal).map(|c| (c, crate::components::labels::error(locale, c, 15))).collect(),
        other: t_string!(i18n, error_internal).to_string(),
    }
}

/// The words for a code the server answered with.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn refusal(texts: &UploadTexts, code: Option<ErrorCode>) -> String {
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

/// Listens to the form's submit from now on.
#[cfg(feature = "hydrate")]
fn attach(
    form_id: &str,
    texts: StoredValue<UploadTexts>,
    sending: ReadSignal<Sending>,
    set_sending: WriteSignal<Sending>,
) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    let Some(form) = document().get_element_by_id(form_id).and_then(|e| e.dyn_into::<web_sys::HtmlFormElement>().ok())
    else {
        return;
    };
    let target = form.clone();
    let on_submit = Closure::<dyn FnMut(web_sys::Event)>::new(move |ev: web_sys::Event| {
        if matches!(sending.get_untracked(), Sending::Percent(_)) {
            ev.prevent_default();
            return;
        }
        send(&target, &ev, texts, set_sending);
    });
    let _ = form.add_event_listener_with_callback("submit", on_submit.as_ref().unchecked_ref());
    on_submit.forget();
}

#[cfg(feature = "hydrate")]
fn send(
    form: &web_sys::HtmlFormElement,
    ev: &web_sys::Event,
    texts: StoredValue<UploadTexts>,
    set_sending: WriteSignal<Sending>,
) {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    let (Ok(data), Ok(xhr)) = (web_sys::FormData::new_with_form(form), web_sys::XmlHttpRequest::new()) else {
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
    let button = form.query_selector("button[type=submit]").ok().flatten();
    let busy = move |on: bool| {
        if let Some(b) = &button {
            let _ = if on { b.set_attribute("disabled", "") } else { b.remove_attribute("disabled") };
        }
    };
    let refuse = {
        let busy = busy.clone();
        move |why: String| {
            busy(false);
            set_sending.set(Sending::Refused(why));
        }
    };
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
    let on_load = {
        let refuse = refuse.clone();
        Closure::<dyn FnMut()>::new(move || {
            let url = done.response_url();
            let signed_out = Some(ErrorCode::Portal(crate::error::PortalCode::Unauthenticated));
            match (done.status().unwrap_or(0), error_in(&url)) {
                (200, None) => {
                    let _ = window().location().assign(&url);
                }
                (200, code) if code == signed_out => {
                    let _ = window().location().assign(&url);
                }
                (200, code) => refuse(texts.with_value(|t| refusal(t, code))),
                (413, _) => refuse(
                    texts
                        .with_value(|t| refusal(t, Some(ErrorCode::Portal(crate::error::PortalCode::PayloadTooLarge)))),
                ),
                _ => refuse(texts.with_value(|t| t.other.clone())),
            }
        })
    };
    xhr.set_onload(Some(on_load.as_ref().unchecked_ref()));
    on_load.forget();
    let on_error = {
        let refuse = refuse.clone();
        Closure::<dyn FnMut()>::new(move || refuse(texts.with_value(|t| t.failed.clone())))
    };
    xhr.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
    busy(true);
    set_sending.set(Sending::Percent(0));
    if xhr.send_with_opt_form_data(Some(&data)).is_err() {
        refuse(texts.with_value(|t| t.failed.clone()));
    }
}

/// On the server the form is only rendered; the browser submits it.
#[cfg(not(feature = "hydrate"))]
fn attach(_form_id: &str, _texts: StoredValue<UploadTexts>, _sending: ReadSignal<Sending>, _set: WriteSignal<Sending>) {
}

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
