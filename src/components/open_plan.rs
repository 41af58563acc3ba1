//! A claim's pending proposal or active plan: what to pay next, with which reference, and each
//! installment's state (paid, overdue, next, upcoming). Shown on the plan page and the claim page.

use leptos::prelude::*;

use crate::components::format;
use crate::components::labels;
use crate::domain::plan::owed_without_plan;
use crate::domain::plan_progress::InstallmentState;
use crate::domain::Currency;
use crate::i18n::*;
use crate::plan_data::OpenPlan;

#[component]
pub fn OpenPlanView(plan: OpenPlan, currency: Currency, claim_id: String, with_schedule: bool) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let money = move |m| format::money(locale, m, currency);
    let owed_today = owed_without_plan(plan.start_total, plan.plan_fee).unwrap_or(plan.start_total);
    let counter = plan.from_creditor.clone();
    let title = match (plan.active, &counter) {
        (true, _) => t_string!(i18n, plan_active_title),
        (false, Some(_)) => t_string!(i18n, plan_counter_title),
        (false, None) => t_string!(i18n, plan_pending_title),
    };
    let intro = counter.clone().map(|note| {
        let note = (!note.is_empty()).then(|| {
            view! {
                <h3>{t!(i18n, plan_counter_message)}</h3>
                <p class="explanation" data-testid="counter-note">{note}</p>
            }
        });
        view! { <p>{t!(i18n, plan_counter_intro)}</p>{note} }
    });
    let reasons = (!plan.active && counter.is_none() && !plan.reasons.is_empty()).then(|| {
        let items = plan
            .reasons
            .iter()
            .map(|r| view! { <li>{labels::reason(locale, *r, &plan.terms, currency)}</li> })
            .collect_view();
        view! { <p>{t!(i18n, plan_pending_why)}</p><ul class="reasons">{items}</ul> }
    });
    let next = match plan.progress.next {
        Some((date, amount)) => view! {
            <p class="plan-next" data-testid="plan-next" data-amount=amount.to_string() data-date=date.to_string()>
                {t_string!(i18n, plan_next, amount = money(amount), date = format::date(locale, date)).to_string()}
            </p>
        }
        .into_any(),
        None => view! { <p class="notice ok">{t!(i18n, plan_all_paid)}</p> }.into_any(),
    };
    let state = plan.active.then(|| {
        view! {
            {next}
            <p>{t!(i18n, plan_pay_with)}" " <strong class="reference" data-testid="plan-reference">{plan.reference.clone()}</strong></p>
        }
    });
    let rows = plan
        .installments
        .iter()
        .zip(plan.progress.states.iter())
        .map(|(i, st)| {
            let word = match st {
                InstallmentState::Paid => t_string!(i18n, plan_state_paid),
                InstallmentState::Overdue => t_string!(i18n, plan_state_overdue),
                InstallmentState::Next => t_string!(i18n, plan_state_next),
                InstallmentState::Upcoming => t_string!(i18n, plan_state_upcoming),
            };
            let class = match st {
                InstallmentState::Paid => "paid",
                InstallmentState::Overdue => "overdue",
                InstallmentState::Next => "next",
                InstallmentState::Upcoming => "upcoming",
            };
            view! {
                <tr data-testid="plan-row" class=class>
                    <td>{i.n}</td>
                    <td><time datetime=i.due_date.to_string()>{format::date(locale, i.due_date)}</time></td>
                    <td class="amount" data-field="amount" data-amount=i.amount.to_string()>{format::number(locale, i.amount)}</td>
                    <td class="amount" data-field="fees" data-amount=i.fees.to_string()>{format::number(locale, i.fees)}</td>
                    <td class="amount" data-field="interest" data-amount=i.interest.to_string()>{format::number(locale, i.interest)}</td>
                    <td class="amount" data-field="principal" data-amount=i.principal.to_string()>{format::number(locale, i.principal)}</td>
                    <td class="amount" data-field="balance" data-amount=i.balance_after.to_string()>{format::number(locale, i.balance_after)}</td>
                    <td data-field="state">{word.to_string()}</td>
                </tr>
            }
        })
        .collect_view();
    let schedule = with_schedule.then(|| {
        view! {
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="open-plan-caption">
                <table class="schedule" data-testid="open-schedule">
                    <caption id="open-plan-caption">{t!(i18n, plan_schedule_caption)}" ("{currency.as_str()}")"</caption>
                    <thead>
                        <tr>
                            <th scope="col">{t!(i18n, plan_col_n)}</th>
                            <th scope="col">{t!(i18n, plan_col_due)}</th>
                            <th scope="col">{t!(i18n, plan_col_amount)}</th>
                            <th scope="col">{t!(i18n, plan_col_fees)}</th>
                            <th scope="col">{t!(i18n, plan_col_interest)}</th>
                            <th scope="col">{t!(i18n, plan_col_principal)}</th>
                            <th scope="col">{t!(i18n, plan_col_balance)}</th>
                            <th scope="col">{t!(i18n, plan_col_state)}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
    });
    let answer = match (plan.active, counter.is_some()) {
        (true, _) => ().into_any(),
        (false, true) => view! {
            <div class="buttons">
                <form method="post" action=format!("/claims/{claim_id}/plan/counter/accept")>
                    <button type="submit" class="primary">{t!(i18n, plan_counter_accept)}</button>
                </form>
                <form method="post" action=format!("/claims/{claim_id}/plan/counter/decline")>
                    <button type="submit" class="secondary">{t!(i18n, plan_counter_decline)}</button>
                </form>
            </div>
        }
        .into_any(),
        (false, false) => view! {
            <form method="post" action=format!("/claims/{claim_id}/plan/withdraw")>
                <button type="submit" class="secondary">{t!(i18n, plan_withdraw)}</button>
            </form>
        }
        .into_any(),
    };
    let agreement = plan.active.then(|| {
        view! { <p><a href=format!("/claims/{claim_id}/plan/agreement")>{t!(i18n, agreement_link)}</a></p> }
    });
    let see =
        (!with_schedule).then(|| view! { <p><a href=format!("/claims/{claim_id}/plan")>{t!(i18n, plan_see)}</a></p> });
    view! {
        <section class="card" aria-labelledby="open-plan-title" data-testid="open-plan" data-active=plan.active.to_string() data-counter=counter.is_some().to_string()>
            <h2 id="open-plan-title">{title.to_string()}</h2>
            {intro}
            {reasons}
            {state}
            <dl class="facts plan-totals">
                <dt>{t!(i18n, plan_owed_today)}</dt><dd class="amount">{money(owed_today)}</dd>
                <dt>{t!(i18n, plan_fee_label)}</dt><dd class="amount">{money(plan.plan_fee)}</dd>
                <dt>{t!(i18n, plan_interest_label)}</dt><dd class="amount">{money(plan.total_interest)}</dd>
                <dt>{t!(i18n, plan_pay_in_total)}</dt><dd class="amount" data-testid="open-plan-total" data-amount=plan.total_amount.to_string()>{money(plan.total_amount)}</dd>
            </dl>
            {schedule}
            {agreement}
            {see}
            {answer}
        </section>
    }
}
