//! The overpaid claim's refund account, asked for on the claim page.

use leptos::prelude::*;
use leptos_router::params::Params;

use crate::components::labels;
use crate::components::returned::{returned, Flag, Refused};
use crate::domain::ids::ClaimId;
use crate::domain::Country;
use crate::i18n::*;

/// `?refund_account`: the account was saved; `?refund_error=code`: it was refused.
#[derive(Params, Clone, Default, PartialEq)]
struct RefundReturn {
    refund_account: Flag,
    refund_error: Option<Refused>,
}

/// Where an overpaid claim's debtor gives the account the creditor pays the money back to (a plain
/// form: it works without JavaScript). The answer to a post shows even when the claim is no longer
/// overpaid, so a refused account is never silently dropped.
#[component]
pub(super) fn RefundAccountForm(
    overpaid: bool,
    claim_id: ClaimId,
    country: Country,
    given: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let q = returned::<RefundReturn>();
    let saved = q.refund_account.is_set().then(|| {
        view! { <p class="notice ok" role="status" data-testid="refund-account-saved">{t!(i18n, refund_account_saved)}</p> }
    });
    let error = q.refund_error.map(|Refused(code)| {
        view! { <p class="notice error" role="alert" data-testid="refund-account-error">{move || labels::error(i18n.get_locale(), code, 15)}</p> }
    });
    if !overpaid && saved.is_none() && error.is_none() {
        return ().into_any();
    }
    let current = given.filter(|_| overpaid).map(|masked| {
        view! {
            <p data-testid="refund-account-current">{move || t_string!(i18n, refund_account_current, account = masked.clone()).to_string()}</p>
            <p class="hint">{t!(i18n, refund_account_replace)}</p>
        }
    });
    let form = overpaid.then(|| {
        let clearing = (country == Country::Se).then(|| {
            view! {
                <label for="refund-clearing">{t!(i18n, refund_clearing_label)}</label>
                <input type="text" id="refund-clearing" name="clearing" required inputmode="numeric" autocomplete="off"/>
            }
        });
        let hint = (country == Country::No).then(|| {
            view! { <p class="hint" id="refund-account-hint">{t!(i18n, refund_account_no_hint)}</p> }
        });
        view! {
            <p>{t!(i18n, refund_account_intro)}</p>
            <form method="post" action=format!("/claims/{claim_id}/refund-account") class="refund-account-form">
                {clearing}
                <label for="refund-account-number">{t!(i18n, refund_account_label)}</label>
                {hint}
                <input type="text" id="refund-account-number" name="account" required inputmode="numeric" autocomplete="off"/>
                <button type="submit">{t!(i18n, refund_account_send)}</button>
            </form>
        }
    });
    view! {
        <div id="refund-account" data-testid="refund-account" data-country=country.as_str()>
            {saved}
            {error}
            {current}
            {form}
        </div>
    }
    .into_any()
}
