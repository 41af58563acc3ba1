//! `/staff/proposals/{id}`: one plan proposal for an agent to decide. The claim's itemisation, the
//! schedule the server computed, the policy's verdict, the debtor's hardship statement where they
//! shared it, and the buttons "Approve" and "Reject" (with a reason from the list and a message),
//! and "Counter-proposal" (another number of installments or amount; the server's engine computes
//! the plan the debtor then accepts or declines). Plain forms, so it works without JavaScript.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use leptos_router::params::Params;

use crate::components::claim_today::ItemHeading;
use crate::components::data_page::{BackTo, DataPage};
use crate::components::decisions::DecisionStatus;
use crate::components::installment_table::InstallmentTable;
use crate::components::item_screen::{decision_target, ItemContext, ToDecision, DECISION_SECTION};
use crate::components::returned::{returned, Flag, Refused};
use crate::components::staff_bar::StaffBar;
use crate::components::{format, labels};
use crate::decision_data::ShownDecision;
use crate::domain::decision::{DeclineReason, MAX_NOTE_CHARS};
use crate::domain::ids::ProposalId;
use crate::domain::proposal::ChosenSize;
use crate::domain::Currency;
use crate::error::AppError;
use crate::i18n::*;

/// What a post to end the plan came back with.
#[derive(Params, Clone, Default, PartialEq)]
struct EndReturn {
    ended: Flag,
    error: Option<Refused>,
}
use crate::staff_data::{CounterState, CounterSummary, PlanStanding, ProposalReview};

#[server(endpoint = "staff_proposal")]
pub async fn load_proposal_review(id: String) -> Result<ProposalReview, AppError> {
    use crate::server::app_context::app_context;
    use crate::server::{auth::current_staff, clock::Clock, staff::proposals::proposal_review, store::Store};
    crate::server::app_context::answered(async move {
        let who = current_staff().await?;
        // Signed in first: a stranger is sent to sign in whatever the address says.
        let id: crate::domain::ProposalId = id.parse()?;
        let store = app_context::<Store>()?;
        let clock = app_context::<Clock>()?;
        proposal_review(&store, &who, &id, &clock).await
    })
    .await
}

#[component]
pub fn StaffProposalPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let data = Resource::new(id, load_proposal_review);
    view! {
        <DataPage title=t_string!(i18n, proposal_title).to_string() back=BackTo::Queue staff=true data let:d>
            <ProposalBody data=d/>
        </DataPage>
    }
}

#[component]
fn ProposalBody(data: ProposalReview) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let cur = data.claim.currency;
    let money = move |m| format::money(locale, m, cur);
    let size = match data.choice.size {
        ChosenSize::Installments { count } => t_string!(i18n, proposal_size_count, n = count).to_string(),
        ChosenSize::Amount { amount } => t_string!(i18n, proposal_size_amount, amount = money(amount)).to_string(),
    };
    let reasons =
        data.reasons.iter().map(|r| view! { <li>{labels::reason(locale, *r, &data.terms, cur)}</li> }).collect_view();
    let to = decision_target(data.pending, "decision-reason");
    view! {
        <ToDecision target=to/>
        <StaffBar header=data.header.clone()/>
        <ItemHeading title=t_string!(i18n, proposal_title).to_string() claim=data.claim.clone()/>
        <div class="item-screen">
            <div class="item-main">
                <section class="card" aria-labelledby="proposal-schedule-title">
                    <h2 id="proposal-schedule-title">{t!(i18n, proposal_schedule_title)}</h2>
                    <p>{size}" – "{t_string!(i18n, proposal_installment, amount = money(data.installment_amount)).to_string()}</p>
                    <p>{t!(i18n, plan_pay_in_total)}": "{money(data.total_amount)}" ("{t!(i18n, plan_interest_label)}": "{money(data.total_interest)}")"</p>
                    <InstallmentTable
                        caption_id="proposal-schedule-caption"
                        caption=t_string!(i18n, proposal_schedule_title).to_string()
                        installments=data.installments.clone()
                        currency=cur
                        row_testid="proposal-row"
                        with_interest=true
                    />
                </section>
                <section class="card" aria-labelledby="proposal-verdict-title">
                    <h2 id="proposal-verdict-title">{t!(i18n, proposal_verdict_title)}</h2>
                    <ul class="reasons" data-testid="proposal-reasons">{reasons}</ul>
                </section>
                <Decision
                    pending=data.pending
                    decision=data.decision.clone()
                    proposal_id=data.proposal_id.clone()
                    currency=cur
                    counter=data.counter.clone()
                    waiting_for_debtor=data.waiting_for_debtor
                    first_due=data.choice.first_due
                />
                {data.plan.clone().map(|standing| view! { <Standing standing proposal_id=data.proposal_id.clone() currency=cur/> })}
            </div>
            <ItemContext statement=data.statement.clone() currency=cur hardship=data.hardship.clone() history=data.history.clone()/>
        </div>
    }
}

/// An approved plan: kept, in arrears (with the button that ends it), or lapsed.
#[component]
fn Standing(standing: PlanStanding, proposal_id: ProposalId, currency: Currency) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let q = returned::<EndReturn>();
    let (ended_now, refused) = (q.ended.is_set(), q.error.map(|Refused(code)| code));
    let end_form = |proposal_id: &ProposalId| {
        view! {
            <form method="post" action=format!("/staff/proposals/{proposal_id}/end")>
                <p class="hint" id="plan-end-hint">{t!(i18n, staff_plan_end_hint)}</p>
                <div class="check">
                    <input type="checkbox" id="plan-end-confirm" name="confirm" value="end" required aria-describedby="plan-end-hint"/>
                    <label for="plan-end-confirm">{t!(i18n, staff_plan_end_confirm)}</label>
                </div>
                <button type="submit" class="danger">{t!(i18n, staff_plan_end)}</button>
            </form>
        }
    };
    let body = match standing {
        PlanStanding::Kept => view! {
            <p data-testid="plan-standing" data-state="kept">{t!(i18n, staff_plan_kept)}</p>
            {end_form(&proposal_id)}
        }
        .into_any(),
        PlanStanding::InArrears { since, overdue } => view! {
            <p class="notice error" data-testid="plan-standing" data-state="arrears">
                {t_string!(i18n, staff_plan_in_arrears, date = format::date(locale, since), amount = format::money(locale, overdue, currency)).to_string()}
            </p>
            {end_form(&proposal_id)}
        }
        .into_any(),
        PlanStanding::Lapsed { on, by_agent } => {
            let text = if by_agent {
                t_string!(i18n, staff_plan_lapsed_agent, date = format::date(locale, on)).to_string()
            } else {
                t_string!(i18n, staff_plan_lapsed_job, date = format::date(locale, on)).to_string()
            };
            view! { <p class="notice" data-testid="plan-standing" data-state="lapsed">{text}</p> }.into_any()
        }
    };
    view! {
        <section class="card" id="plan-standing" tabindex="-1" aria-labelledby="plan-standing-title">
            <h2 id="plan-standing-title">{t!(i18n, staff_plan_standing_title)}</h2>
            {ended_now.then(|| view! { <p class="notice ok" role="status">{t!(i18n, staff_plan_ended_notice)}</p> })}
            {refused.map(|code| view! { <p class="notice error" role="alert" data-testid="plan-end-error">{labels::error(locale, code, 0)}</p> })}
            {body}
        </section>
    }
}

#[component]
fn Decision(
    pending: bool,
    decision: Option<ShownDecision>,
    proposal_id: ProposalId,
    currency: Currency,
    counter: Option<CounterSummary>,
    waiting_for_debtor: bool,
    first_due: NaiveDate,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let money = move |m| format::money(locale, m, currency);
    let counter = counter.map(|c| {
        let summary = t_string!(
            i18n,
            counter_summary,
            n = c.installments,
            amount = money(c.installment_amount),
            date = format::date(locale, c.first_due),
            total = money(c.total_amount)
        )
        .to_string();
        let state = match c.state {
            CounterState::Waiting => t_string!(i18n, counter_state_waiting),
            CounterState::Accepted => t_string!(i18n, counter_state_accepted),
            CounterState::Declined => t_string!(i18n, counter_state_declined),
            CounterState::Withdrawn => t_string!(i18n, counter_state_withdrawn),
        };
        view! {
            <p data-testid="counter-summary">
                <a href=format!("/staff/proposals/{}", c.id)>{summary}</a>" – "{state.to_string()}
            </p>
        }
    });
    let waiting = waiting_for_debtor
        .then(|| view! { <p class="notice" data-testid="counter-waiting">{t!(i18n, counter_is_waiting)}</p> });
    let counter_form = pending.then(|| {
        let hint = t_string!(i18n, counter_hint, date = format::date(locale, first_due)).to_string();
        view! {
            <form method="post" action=format!("/staff/proposals/{proposal_id}/counter") class="stack" aria-labelledby="counter-title">
                <h3 id="counter-title">{t!(i18n, counter_title)}</h3>
                <p id="counter-hint" class="hint">{hint}</p>
                <label for="counter-count">{t!(i18n, counter_count_label)}</label>
                <input id="counter-count" name="count" inputmode="numeric" autocomplete="off" aria-describedby="counter-hint"/>
                <label for="counter-amount">{t!(i18n, counter_amount_label)}</label>
                <input id="counter-amount" name="amount" inputmode="decimal" autocomplete="off" aria-describedby="counter-hint"/>
                <label for="counter-note">{t!(i18n, counter_note_label)}</label>
                <textarea id="counter-note" name="note" rows="3" maxlength=MAX_NOTE_CHARS.to_string()></textarea>
                <div class="buttons">
                    <button type="submit">{t!(i18n, counter_send)}</button>
                </div>
            </form>
        }
    });
    let options = DeclineReason::ALL
        .iter()
        .map(|r| view! { <option value=r.as_str()>{labels::decline_reason(locale, *r)}</option> })
        .collect_view();
    let form = pending.then(|| {
        view! {
            <form method="post" action=format!("/staff/proposals/{proposal_id}/decision") class="stack">
                <label for="decision-reason">{t!(i18n, decision_reason_label)}</label>
                <select id="decision-reason" name="reason" aria-describedby="decision-reason-hint">
                    <option value="">{t!(i18n, decision_reason_choose)}</option>
                    {options}
                </select>
                <p id="decision-reason-hint" class="hint">{t!(i18n, decision_reason_hint)}</p>
                <label for="decision-note">{t!(i18n, decision_note_label)}</label>
                <textarea id="decision-note" name="note" rows="4" maxlength=MAX_NOTE_CHARS.to_string()></textarea>
                <div class="buttons">
                    <button type="submit" class="primary" name="outcome" value="approved">{t!(i18n, decision_approve)}</button>
                    <button type="submit" name="outcome" value="declined">{t!(i18n, decision_reject)}</button>
                </div>
            </form>
        }
    });
    view! {
        <section class="card" id=DECISION_SECTION tabindex="-1" aria-labelledby="decision-title">
            <h2 id="decision-title">{t!(i18n, decision_title)}</h2>
            {waiting}
            <DecisionStatus decision currency/>
            {counter}
            {form}
            {counter_form}
        </section>
    }
}
