//! How the claim's interest is reckoned, and the reference rates it ran at.

use leptos::prelude::*;

use crate::claim_data::InterestInfo;
use crate::components::format;
use crate::domain::interest::InterestKind;
use crate::domain::statement::Statement;
use crate::domain::Currency;
use crate::i18n::*;

#[component]
pub(super) fn Interest(info: InterestInfo, statement: Statement, currency: Currency) -> impl IntoView {
    let i18n = use_i18n();
    let InterestInfo { kind, rate, runs_from, in_force, periods, latest_rate_assumed } = info;
    let terms = move || match kind {
        InterestKind::Statutory if rate.is_zero() => t_string!(i18n, interest_statutory_full).to_string(),
        InterestKind::Statutory => {
            t_string!(i18n, interest_statutory_margin, margin = format::rate(i18n.get_locale(), rate)).to_string()
        }
        InterestKind::Fixed => {
            t_string!(i18n, interest_fixed, rate = format::rate(i18n.get_locale(), rate)).to_string()
        }
        InterestKind::None => t_string!(i18n, interest_none).to_string(),
    };
    let accrued = statement.interest.accrued;
    let has_periods = !periods.is_empty();
    view! {
        <section class="card" aria-labelledby="interest-title">
            <h2 id="interest-title">{t!(i18n, interest_title)}</h2>
            <p>{terms}</p>
            {accrued.is_positive().then(|| view! {
                <p>{move || t_string!(i18n, interest_runs_from, date = format::date(i18n.get_locale(), runs_from)).to_string()}</p>
            })}
            {in_force.map(|(from, r)| view! {
                <p data-testid="rate-in-force">
                    {move || t_string!(i18n, rate_in_force, rate = format::rate(i18n.get_locale(), r), date = format::date(i18n.get_locale(), from)).to_string()}
                </p>
            })}
            {latest_rate_assumed.then(|| view! { <p class="hint">{t!(i18n, latest_rate_assumed)}</p> })}
            {has_periods.then(|| view! {
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="rate-periods-caption">
                    <table>
                        <caption id="rate-periods-caption">{t!(i18n, rate_periods_title)}</caption>
                        <thead><tr><th scope="col">{t!(i18n, from_label)}</th><th scope="col">{t!(i18n, rate_label)}</th></tr></thead>
                        <tbody>
                            {periods.iter().map(|(from, r)| {
                                let (from, r) = (*from, *r);
                                view! {
                                    <tr data-testid="rate-period">
                                        <td>{move || format::date(i18n.get_locale(), from)}</td>
                                        <td>{move || format!("{} %", format::rate(i18n.get_locale(), r))}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            })}
            <p class="hint">{move || format!("{}: {}", t_string!(i18n, interest_label), format::money(i18n.get_locale(), accrued, currency))}</p>
        </section>
    }
}
