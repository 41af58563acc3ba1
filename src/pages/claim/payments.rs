//! The payments received on the claim.

use leptos::prelude::*;

use crate::components::format;
use crate::domain::{Currency, Money};
use crate::i18n::*;

/// One amount cell: formatted for people, exact in `data-amount` for machines and tests.
fn amount_cell(test_id: String, m: Money, currency: Currency) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <td class="amount" data-testid=test_id data-amount=m.to_string()>
            {move || format::money(i18n.get_locale(), m, currency)}
        </td>
    }
}

#[component]
pub(super) fn Payments(payments: Vec<(chrono::NaiveDate, Money)>, currency: Currency) -> impl IntoView {
    let i18n = use_i18n();
    let empty = payments.is_empty();
    view! {
        <section class="card" aria-labelledby="payments-title">
            <h2 id="payments-title">{t!(i18n, payments_title)}</h2>
            {if empty {
                view! { <p>{t!(i18n, payments_none)}</p> }.into_any()
            } else {
                view! {
                    <table>
                        <thead><tr><th scope="col">{t!(i18n, date_label)}</th><th scope="col">{t!(i18n, amount_label)}</th></tr></thead>
                        <tbody>
                            {payments.into_iter().enumerate().map(|(i, (d, m))| view! {
                                <tr>
                                    <td>{move || format::date(i18n.get_locale(), d)}</td>
                                    {amount_cell(format!("payment-{i}"), m, currency)}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}
