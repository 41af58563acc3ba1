//! The staff pages' bar (who is signed in, sign out) and the small pieces their screens share.

use leptos::prelude::*;

use super::format;
use crate::domain::document::DocumentInfo;
use crate::i18n::*;
use crate::staff_data::StaffHeader;

/// Who is signed in on a staff page, and the way out (a form post, so it needs no JavaScript).
#[component]
pub fn StaffBar(header: StaffHeader) -> impl IntoView {
    let i18n = use_i18n();
    let StaffHeader { name, creditor, admin } = header;
    view! {
        <div class="staff-bar">
            <p data-testid="staff-signed-in">{move || t_string!(i18n, staff_signed_in_as, name = name.clone(), creditor = creditor.clone()).to_string()}</p>
            <nav aria-label=move || t_string!(i18n, staff_nav_label).to_string()>
                <a href="/staff/queue">{t!(i18n, queue_title)}</a>
                " " <a href="/staff/account">{t!(i18n, staff_account_title)}</a>
                {admin.then(|| view! {
                    " " <a href="/staff/policy">{t!(i18n, policy_title)}</a>
                    " " <a href="/staff/rates">{t!(i18n, rates_title)}</a>
                    " " <a href="/staff/accounts">{t!(i18n, accounts_title)}</a>
                    " " <a href="/staff/import">{t!(i18n, import_title)}</a>
                    " " <a href="/staff/api-keys">{t!(i18n, api_keys_title)}</a>
                })}
            </nav>
            <form method="post" action="/staff/sign-out">
                <button type="submit">{t!(i18n, staff_sign_out)}</button>
            </form>
        </div>
    }
}

/// How long an item has waited: "under an hour", hours for two days, then days.
pub fn waiting(locale: Locale, hours: i64) -> String {
    match hours {
        h if h < 1 => td_string!(locale, queue_age_new).to_string(),
        h if h < 48 => td_string!(locale, queue_age_hours, n = h).to_string(),
        h => td_string!(locale, queue_age_days, n = h / 24).to_string(),
    }
}

/// A debtor's document as staff download it (`/staff/documents/{id}` checks their creditor).
#[component]
pub fn StaffDocumentLink(document: DocumentInfo) -> impl IntoView {
    let i18n = use_i18n();
    let size = format::kilobytes(document.size);
    view! {
        <a href=format!("/staff/documents/{}", document.id) download=document.name.clone() data-testid="staff-document">{document.name.clone()}</a>
        " "
        <span class="hint">{move || t_string!(i18n, document_size, size = size).to_string()}</span>
    }
}
