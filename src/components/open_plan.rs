//! A claim's pending proposal or active plan: what to pay next, with which reference, and each
//! installment's state (paid, overdue, next, upcoming). Shown on the plan page and the claim page.

use leptos::prelude::*;

use crate::components::format;
use crate::components::labels;
use crate::domain::ids::ClaimId;
use crate::domain::plan::owed_without_plan;
use crate::domain::plan_progress::InstallmentState;
use crate::domain::{Currency, Money};
use crate::i18n::*;
use crate::plan_data::OpenPlan;

#[component]
pub fn OpenPlanView(plan: OpenPlan, currency: Currency, claim_id: ClaimId, with_schedule: bool) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let money = move |m| format::money(locale, m, currency);
    let owed_today = owed_without_plan(plan.start_total, plan.plan_fee).unwrap_or(plan.start_total);
    // The interest the plan adds: what it asks for in all beyond the total it started from (which
    // already holds the interest owed that day and the plan fee).
    let added_interest = plan.total_amount.checked_sub(plan.start_total).unwrap_or(Money::ZERO);
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
    let arrears = plan.arrears.filter(|_| plan.active).map(|a| {
        view! {
            <div class="notice error" role="alert" data-testid="plan-arrears" data-amount=a.amount.to_string()>
                <h3>{t!(i18n, plan_arrears_title)}</h3>
                <p>{t_string!(i18n, plan_arrears_text, amount = money(a.amount), date = format::date(locale, a.since)).to_string()}</p>
                <p>{t_string!(i18n, plan_arrears_lapse, days = plan.terms.lapse_days).to_string()}</p>
            </div>
        }
    });
    let payoff = (plan.active && plan.progress.payoff_today.is_positive()).then(|| {
        let saves = plan.progress.saved_by_paying_now();
        view! {
            <p data-testid="plan-payoff" data-amount=plan.progress.payoff_today.to_string() data-saves=saves.to_string()>
                {t_string!(i18n, plan_payoff_today, amount = money(plan.progress.payoff_today), saves = money(saves)).to_string()}
            </p>
        }
    });
    let rates = plan
        .rate_changes
        .iter()
        .map(|c| {
            let text = t_string!(
                i18n,
                plan_rate_changed,
                date = format::date(locale, c.from),
                rate = format::rate(locale, c.rate),
                assumed = format::rate(locale, c.assumed)
            )
            .to_string();
            view! { <p class="notice" role="status" data-testid="plan-rate-changed" data-from=c.from.to_string()>{text}</p> }
        })
        .collect_view();
    let state = plan.active.then(|| {
        view! {
            {rates}
            {arrears}
            {next}
            {payoff}
            <p>{t!(i18n, plan_pay_with)}" " <strong class="reference" data-testid="plan-reference">{plan.reference.clone()}</strong></p>
        }
    });
    let rows = plan
        .installments
        .iter()
        .zip(plan.progress.states.iter().zip(plan.progress.rests.iter()))
        .zip(plan.progress.splits.iter())
        .map(|((i, (st, rest)), split)| {
            let word = match st {
                InstallmentState::Paid => t_string!(i18n, plan_state_paid),
                InstallmentState::Overdue => t_string!(i18n, plan_state_overdue),
                InstallmentState::Next => t_string!(i18n, plan_state_next),
                InstallmentState::Upcoming => t_string!(i18n, plan_state_upcoming),
                InstallmentState::NotNeeded => t_string!(i18n, plan_state_not_needed),
            };
            let class = match st {
                InstallmentState::Paid => "paid",
                InstallmentState::Overdue => "overdue",
                InstallmentState::Next => "next",
                InstallmentState::Upcoming => "upcoming",
                InstallmentState::NotNeeded => "not-needed",
            };
            // What an unpaid installment asks for is the engine's figure today (the last one is the
            // balance on its date); a paid one shows what was agreed.
            let unpaid = matches!(st, InstallmentState::Overdue | InstallmentState::Next | InstallmentState::Upcoming);
            let shown = if unpaid && plan.active { *rest } else { i.amount };
            let split_label = t_string!(i18n, plan_split_label, n = i.n).to_string();
            // Still to pay: the engine's split today (rates as published); paid: as agreed.
            let (fees, interest, principal, balance) = match split.filter(|_| plan.active) {
                Some(sp) => (sp.fees, sp.interest, sp.principal, sp.balance_after),
                None => (i.fees, i.interest, i.principal, i.balance_after),
            };
            view! {
                <li data-testid="plan-row" class=format!("installment {class}")>
                    <div class="installment-line">
                        <span class="installment-n">{i.n}</span>
                        <time datetime=i.due_date.to_string()>{format::date(locale, i.due_date)}</time>
                        <span class="amount" data-field="amount" data-amount=shown.to_string()>{format::number(locale, shown)}</span>
                        <span class="installment-state" data-field="state">{word.to_string()}</span>
                    </div>
                    <details class="installment-split">
                        <summary aria-label=split_label>{t!(i18n, plan_split)}</summary>
                        <dl class="facts">
                            <dt>{t!(i18n, plan_col_fees)}</dt><dd class="amount" data-field="fees" data-amount=fees.to_string()>{format::number(locale, fees)}</dd>
                            <dt>{t!(i18n, plan_col_interest)}</dt><dd class="amount" data-field="interest" data-amount=interest.to_string()>{format::number(locale, interest)}</dd>
                            <dt>{t!(i18n, plan_col_principal)}</dt><dd class="amount" data-field="principal" data-amount=principal.to_string()>{format::number(locale, principal)}</dd>
                            <dt>{t!(i18n, plan_col_balance)}</dt><dd class="amount" data-field="balance" data-amount=balance.to_string()>{format::number(locale, balance)}</dd>
                        </dl>
                    </details>
                </li>
            }
        })
        .collect_view();
    let schedule = with_schedule.then(|| {
        view! {
            <h3 id="open-plan-caption">{t!(i18n, plan_schedule_caption)}" ("{currency.as_str()}")"</h3>
            <ol class="schedule-list" data-testid="open-schedule" aria-labelledby="open-plan-caption">{rows}</ol>
            {plan.active.then(|| view! { <p class="hint">{t!(i18n, plan_schedule_engine_note)}</p> })}
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
                <dt>{t!(i18n, plan_interest_added_label)}</dt><dd class="amount" data-testid="open-plan-interest-added" data-amount=added_interest.to_string()>{money(added_interest)}</dd>
                <dt>{t!(i18n, plan_pay_in_total)}</dt><dd class="amount" data-testid="open-plan-total" data-amount=plan.total_amount.to_string()>{money(plan.total_amount)}</dd>
            </dl>
            {schedule}
            {agreement}
            {see}
            {answer}
        </section>
    }
}
