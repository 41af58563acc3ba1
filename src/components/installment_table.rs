//! A plan's installments as staff read them.

use leptos::prelude::*;

use super::format;
use crate::domain::plan::Installment;
use crate::domain::Currency;
use crate::i18n::*;

/// A plan's installments as staff read them: number, due date, amount, (interest,) balance after.
/// The debtor's own schedule, with what each installment pays and its state, is `OpenPlanView`'s.
#[component]
pub fn InstallmentTable(
    /// The caption's id, for the scrolling region's name.
    caption_id: &'static str,
    caption: String,
    installments: Vec<Installment>,
    currency: Currency,
    /// Each row's `data-testid`.
    row_testid: &'static str,
    with_interest: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let rows = installments
        .into_iter()
        .map(|i| {
            view! {
                <tr data-testid=row_testid>
                    <td>{i.n}</td>
                    <td><time datetime=i.due_date.to_string()>{format::date(locale, i.due_date)}</time></td>
                    <td class="amount">{format::number(locale, i.amount)}</td>
                    {with_interest.then(|| view! { <td class="amount">{format::number(locale, i.interest)}</td> })}
                    <td class="amount">{format::number(locale, i.balance_after)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby=caption_id>
            <table class="schedule">
                <caption id=caption_id>{format!("{caption} ({})", currency.as_str())}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, plan_col_n)}</th>
                        <th scope="col">{t!(i18n, plan_col_due)}</th>
                        <th scope="col">{t!(i18n, plan_col_amount)}</th>
                        {with_interest.then(|| view! { <th scope="col">{t!(i18n, plan_col_interest)}</th> })}
                        <th scope="col">{t!(i18n, plan_col_balance)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
