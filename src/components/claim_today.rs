//! What staff see of a claim before they decide: the item's heading and the claim's itemisation
//! today.

use leptos::prelude::*;

use super::{format, labels};
use crate::domain::statement::Statement;
use crate::domain::Currency;
use crate::i18n::*;
use crate::staff_data::ClaimHead;

/// An item screen's heading: what it is and the case, then the debtor, what the claim concerns and
/// where it stands.
#[component]
pub fn ItemHeading(title: String, claim: ClaimHead) -> impl IntoView {
    let i18n = use_i18n();
    let ClaimHead { case_number, debtor_name, concerns, status, refund_account, .. } = claim;
    let refund = refund_account.map(|account| {
        view! {
            <p data-testid="item-refund-account">{move || t_string!(i18n, staff_refund_account, account = account.clone()).to_string()}</p>
        }
    });
    view! {
        <h1>{format!("{title} {case_number}")}</h1>
        <p data-testid="item-claim">{debtor_name}" – "{concerns}" – "{labels::status(i18n, status)}</p>
        {refund}
    }
}

/// The claim's itemisation today, as a staff screen shows it before a decision.
#[component]
pub fn ClaimToday(statement: Statement, currency: Currency) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let money = move |m| format::money(locale, m, currency);
    let st = statement;
    view! {
        <section class="card" aria-labelledby="claim-today-title">
            <h2 id="claim-today-title">{t!(i18n, proposal_claim_title)}</h2>
            <dl class="facts">
                <dt>{t!(i18n, principal_label)}</dt><dd data-testid="claim-principal">{money(st.principal.outstanding)}</dd>
                <dt>{t!(i18n, interest_label)}</dt><dd>{money(st.interest.outstanding)}</dd>
                <dt>{t!(i18n, fees_label)}</dt><dd>{money(st.fees.outstanding)}</dd>
                <dt>{t!(i18n, total_label)}</dt><dd data-testid="claim-total-outstanding">{money(st.total_outstanding)}</dd>
            </dl>
        </section>
    }
}
