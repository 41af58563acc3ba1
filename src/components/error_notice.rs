//! An error in the reader's words with a way forward; on the server it also sets the HTTP status.

use leptos::prelude::*;

use crate::components::labels;
use crate::components::page_title::PageTitle;
use crate::error::{AppError, PortalCode};
use crate::i18n::*;

/// A translated error with a way forward; on the server it also sets the HTTP status.
#[component]
pub fn ErrorNotice(
    error: AppError,
    /// On a staff page: the way on is the staff sign-in or the work queue.
    #[prop(optional)]
    staff: bool,
) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(resp) = use_context::<leptos_axum::ResponseOptions>() {
        resp.set_status(error.status());
        if let Some(secs) = error.retry_after_secs() {
            resp.insert_header(axum::http::header::RETRY_AFTER, secs.into());
        }
    }
    let i18n = use_i18n();
    let code = error.code;
    let text = move || labels::error(i18n.get_locale(), code, 15);
    let way_on = if staff && error.is(PortalCode::Unauthenticated) {
        view! { <a href="/staff#sign-in">{t!(i18n, staff_sign_in)}</a> }.into_any()
    } else if staff {
        view! { <a href="/staff/queue">{t!(i18n, back_to_queue)}</a> }.into_any()
    } else if error.is(PortalCode::Unauthenticated) {
        view! { <a href="/#sign-in">{t!(i18n, sign_in_title)}</a> }.into_any()
    } else {
        view! { <a href="/claims">{t!(i18n, back_to_claims)}</a> }.into_any()
    };
    view! {
        <PageTitle text=t_string!(i18n, error_title).to_string()/>
        <div class="notice error" role="alert">
            <h2>{t!(i18n, error_title)}</h2>
            <p>{text}</p>
            <p>{way_on}</p>
        </div>
    }
}
