//! What staff see of a claim before they decide: the item's heading and the claim's itemisation
//! today.

use leptos::prelude::*;

use super::{format, labels};
use crate::domain::statement::Statement;
use crate::domain::{Currency, Money};
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

/// The claim's itemisation today, as a staff screen shows it before a decision: principal,
/// interest and fees, each as charged, paid and left, and the total left. The same statement (and so
/// the same amounts) as the debtor's breakdown; numbers only, the caption names the currency once, so
/// the table fits a side column without scrolling.
#[component]
pub fn ClaimToday(statement: Statement, currency: Currency) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let st = statement;
    let caption =
        t_string!(i18n, breakdown_caption, date = format::date(locale, st.as_of), currency = currency.as_str())
            .to_string();
    let cell = move |m: Money, id: &'static str| {
        view! { <td class="amount" data-testid=id data-amount=m.to_string()>{format::number(locale, m)}</td> }
    };
    let row = move |label: String, [a, b, c]: [Money; 3], [ia, ib, ic]: [&'static str; 3]| {
        view! { <tr><th scope="row">{label}</th>{cell(a, ia)}{cell(b, ib)}{cell(c, ic)}</tr> }
    };
    view! {
        <section class="card claim-today" aria-labelledby="claim-today-title">
            <h2 id="claim-today-title">{t!(i18n, proposal_claim_title)}</h2>
            <table data-testid="claim-today">
                <caption>{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, item_label)}</th>
                        <th scope="col" class="amount">{t!(i18n, amount_label)}</th>
                        <th scope="col" class="amount">{t!(i18n, paid_label)}</th>
                        <th scope="col" class="amount">{t!(i18n, remaining_label)}</th>
                    </tr>
                </thead>
                <tbody>
                    {row(t_string!(i18n, principal_label).to_string(), [st.principal.original, st.principal.paid, st.principal.outstanding], ["claim-principal-original", "claim-principal-paid", "claim-principal"])}
                    {row(t_string!(i18n, interest_label).to_string(), [st.interest.accrued, st.interest.paid, st.interest.outstanding], ["claim-interest-accrued", "claim-interest-paid", "claim-interest"])}
                    {row(t_string!(i18n, fees_label).to_string(), [st.fees.charged, st.fees.paid, st.fees.outstanding], ["claim-fees-charged", "claim-fees-paid", "claim-fees"])}
                </tbody>
                <tfoot>
                    <tr>
                        <th scope="row" colspan="3">{t!(i18n, total_label)}</th>
                        {cell(st.total_outstanding, "claim-total-outstanding")}
                    </tr>
                </tfoot>
            </table>
        </section>
    }
}
