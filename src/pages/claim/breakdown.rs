//! What the claim is made of: principal, interest and fees, each as charged, paid and left.

use leptos::prelude::*;

use super::refund_account::RefundAccountForm;
use crate::components::{format, labels};
use crate::domain::ids::ClaimId;
use crate::domain::statement::Statement;
use crate::domain::{Country, Currency, Money};
use crate::i18n::*;

/// A cell of the breakdown: the number only (the caption names the currency once). `column` repeats
/// the column's name inside the cell for narrow screens, where each item is stacked and the header
/// row is hidden; screen readers still get the table's own headers, so it is `aria-hidden`.
fn number_cell(test_id: String, m: Money, column: Option<String>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <td role="cell" class="amount" data-testid=test_id data-amount=m.to_string()>
            {column.map(|c| view! { <span class="cell-label" aria-hidden="true">{c}</span> })}
            {move || format::number(i18n.get_locale(), m)}
        </td>
    }
}

/// A row of the breakdown; each cell is tagged with the statement's own field name
/// (`interest-accrued`, `fees-charged` …) so it can be checked against the engine.
fn breakdown_row(
    class: &'static str,
    label: String,
    ids: [String; 3],
    amounts: [Money; 3],
    columns: &[String; 3],
) -> impl IntoView {
    let cells = ids
        .into_iter()
        .zip(amounts)
        .zip(columns.iter().cloned())
        .map(|((id, m), column)| number_cell(id, m, Some(column)))
        .collect_view();
    view! {
        <tr role="row" class=class>
            <th role="rowheader" scope="row">{label}</th>
            {cells}
        </tr>
    }
}

/// A table on wide screens; on a phone each item is stacked (heading, then its three amounts) so
/// every column and the currency stay in view without scrolling sideways. The explicit roles keep
/// the table's meaning for screen readers when CSS changes how the rows are displayed.
#[component]
pub(super) fn Breakdown(
    statement: Statement,
    currency: Currency,
    claim_id: ClaimId,
    country: Country,
    refund_account: Option<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let st = statement;
    let as_of = st.as_of;
    let columns = [
        t_string!(i18n, amount_label).to_string(),
        t_string!(i18n, paid_label).to_string(),
        t_string!(i18n, remaining_label).to_string(),
    ];
    let ids = |a: &str, b: &str, c: &str| [a.to_owned(), b.to_owned(), c.to_owned()];
    let fee_rows = st
        .fees
        .items
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let label =
                format!("{} ({})", labels::fee(i18n, &f.kind), format::date(i18n.get_locale_untracked(), f.date));
            let fee_ids = [format!("fee-{i}-amount"), format!("fee-{i}-paid"), format!("fee-{i}-outstanding")];
            breakdown_row("sub", label, fee_ids, [f.amount, f.paid, f.outstanding], &columns)
        })
        .collect_view();
    let overpaid = st.overpaid;

    view! {
        <section class="card" aria-labelledby="breakdown-title">
            <h2 id="breakdown-title">{t!(i18n, breakdown_title)}</h2>
            <table class="breakdown" role="table">
                <caption>
                    {move || t_string!(i18n, breakdown_caption, date = format::date(i18n.get_locale(), as_of), currency = currency.as_str()).to_string()}
                </caption>
                <thead role="rowgroup">
                    <tr role="row">
                        <th role="columnheader" scope="col">{t!(i18n, item_label)}</th>
                        {columns.clone().into_iter().map(|c| view! { <th role="columnheader" scope="col">{c}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody role="rowgroup">
                    {breakdown_row("", t_string!(i18n, principal_label).to_string(), ids("principal-original", "principal-paid", "principal-outstanding"), [st.principal.original, st.principal.paid, st.principal.outstanding], &columns)}
                    {breakdown_row("", t_string!(i18n, interest_label).to_string(), ids("interest-accrued", "interest-paid", "interest-outstanding"), [st.interest.accrued, st.interest.paid, st.interest.outstanding], &columns)}
                    {breakdown_row("", t_string!(i18n, fees_label).to_string(), ids("fees-charged", "fees-paid", "fees-outstanding"), [st.fees.charged, st.fees.paid, st.fees.outstanding], &columns)}
                    {fee_rows}
                </tbody>
                <tfoot role="rowgroup">
                    <tr role="row" class="total">
                        <th role="rowheader" scope="row" colspan="3">{t!(i18n, total_label)}</th>
                        {number_cell("total-outstanding".into(), st.total_outstanding, None)}
                    </tr>
                </tfoot>
            </table>
            {overpaid.is_positive().then(|| view! {
                <p class="notice ok" data-testid="overpaid" data-amount=overpaid.to_string()>
                    {move || t_string!(i18n, overpaid_note, amount = format::money(i18n.get_locale(), overpaid, currency)).to_string()}
                </p>
            })}
            <RefundAccountForm overpaid=overpaid.is_positive() claim_id country given=refund_account/>
        </section>
    }
}
