//! `/claims/{id}/plan`: propose an installment plan (the calculator island), or see the claim's
//! pending proposal or active plan, or why the claim offers none.

use chrono::Days;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use leptos_router::params::Params;

use crate::components::data_page::{BackTo, DataPage};
use crate::components::islands::IslandScripts;
use crate::components::labels;
use crate::components::open_plan::OpenPlanView;
use crate::components::plan_calculator::{PlanCalculatorIsland, PlanTexts};
use crate::components::returned::{returned, Flag, Refused};
use crate::domain::ids::ClaimId;
use crate::domain::interest::InterestKind;
use crate::domain::policy::Reason;
use crate::domain::proposal::{ChosenSize, PlanChoice, PlanInputs};
use crate::domain::{Currency, DomainError};
use crate::error::AppError;
use crate::i18n::*;
use crate::plan_data::{NoPlan, PlanPageData, PlanState};

/// The plan page's data, only for the debtor who owes the claim; anyone else gets `not_found`.
#[server(endpoint = "plan_page")]
pub async fn load_plan_page(id: String) -> Result<PlanPageData, AppError> {
    use crate::server::app_context::app_context;
    use crate::server::{auth::current_debtor, clock::Clock, plans::plan_page_for_debtor, store::Store};
    crate::server::app_context::answered(async move {
        let debtor = current_debtor().await?;
        // Signed in first: a stranger is sent to sign in whatever the address says.
        let id: crate::domain::ClaimId = id.parse()?;
        let store = app_context::<Store>()?;
        let clock = app_context::<Clock>()?;
        plan_page_for_debtor(&store, &debtor, &id, &clock).await
    })
    .await
}

#[component]
pub fn PlanPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let data = Resource::new(id, load_plan_page);
    view! {
        <DataPage title=t_string!(i18n, plan_title).to_string() back=BackTo::Claim(untrack(id)) data let:d>
            <PlanPageBody data=d/>
        </DataPage>
    }
}

/// What the last form post came back with: the notices, or (a refused proposal) the choice as it
/// was sent, to open the calculator with again.
#[derive(Params, Clone, Default, PartialEq)]
struct PlanReturn {
    error: Option<Refused>,
    review: Flag,
    sent: Flag,
    withdrawn: Flag,
    counter_accepted: Flag,
    counter_declined: Flag,
    mode: Option<String>,
    count: Option<String>,
    amount: Option<String>,
    first_due: Option<String>,
}

impl PlanReturn {
    fn choice(&self) -> Option<PlanChoice> {
        fn field(f: &Option<String>) -> &str {
            f.as_deref().unwrap_or_default()
        }
        PlanChoice::from_fields(field(&self.mode), field(&self.count), field(&self.amount), field(&self.first_due)).ok()
    }
}

#[component]
fn PlanPageBody(data: PlanPageData) -> impl IntoView {
    let i18n = use_i18n();
    let o = returned::<PlanReturn>();
    let error = o.error.map(|Refused(code)| {
        view! { <p class="notice error" role="alert" data-testid="plan-error">{move || labels::error(i18n.get_locale(), code, 15)}</p> }
    });
    let PlanPageData { claim_id, concerns, case_number, currency, state, rejected, .. } = data;
    let rejected = rejected.map(|d| {
        let locale = i18n.get_locale_untracked();
        let when = crate::components::format::date(locale, d.decided_at.date());
        let reason = d.reason.map(|r| labels::decline_reason(locale, r));
        view! {
            <section class="notice" data-testid="plan-rejected" aria-labelledby="plan-rejected-title">
                <h2 id="plan-rejected-title">{t_string!(i18n, plan_rejected_title, date = when).to_string()}</h2>
                {reason.map(|r| view! { <p>{t_string!(i18n, decision_reason_shown, reason = r).to_string()}</p> })}
                {(!d.note.is_empty()).then(|| view! { <p>{t!(i18n, plan_rejected_note)}</p><p class="explanation">{d.note.clone()}</p> })}
                <p>{t!(i18n, plan_rejected_again)}</p>
            </section>
        }
    });
    let body = match state {
        PlanState::NotOffered(why) => view! {
            <p class="notice" data-testid="no-plan">
                {move || match why {
                    NoPlan::Disputed => t_string!(i18n, plan_no_disputed).to_string(),
                    NoPlan::Contested => t_string!(i18n, plan_no_contested).to_string(),
                    NoPlan::NothingToPay => t_string!(i18n, plan_no_nothing).to_string(),
                    NoPlan::AfterLapse { ended_on } => t_string!(i18n, plan_no_after_lapse, date = crate::components::format::date(i18n.get_locale(), ended_on)).to_string(),
                }}
            </p>
        }
        .into_any(),
        PlanState::Open(plan) => view! {
            {o.sent.is_set().then(|| view! { <p class="notice ok" role="status">{t!(i18n, plan_sent)}</p> })}
            {o.counter_accepted.is_set().then(|| view! { <p class="notice ok" role="status" data-testid="counter-accepted">{t!(i18n, plan_counter_accepted_notice)}</p> })}
            <OpenPlanView plan=*plan currency claim_id=claim_id.clone() with_schedule=true/>
        }
        .into_any(),
        PlanState::Offer(inputs) => view! {
            {o.withdrawn.is_set().then(|| view! { <p class="notice ok" role="status">{t!(i18n, plan_withdrawn)}</p> })}
            {o.counter_declined.is_set().then(|| view! { <p class="notice ok" role="status" data-testid="counter-declined">{t!(i18n, plan_counter_declined_notice)}</p> })}
            {o.review.is_set().then(|| view! { <p class="notice" role="status" data-testid="plan-review">{t!(i18n, plan_review)}</p> })}
            {rejected}
            <p>{t!(i18n, plan_intro)}</p>
            <PlanCalculator claim_id=claim_id.clone() inputs=*inputs currency initial=o.choice()/>
        }
        .into_any(),
    };
    view! {
        <h1 id="plan">{t!(i18n, plan_title)}</h1>
        <p class="lead">{format!("{concerns} ({case_number})")}</p>
        {error}
        {body}
    }
}

/// The choice the page opens with: six installments from two weeks out, moved to what the policy
/// allows.
fn default_choice(inputs: &PlanInputs) -> PlanChoice {
    let basis = inputs.basis();
    let (first, last) = basis.first_due_window();
    let two_weeks = inputs.today.checked_add_days(Days::new(14)).unwrap_or(first).clamp(first, last);
    let six = PlanChoice { size: ChosenSize::Installments { count: 6 }, first_due: two_weeks };
    basis.nearest_acceptable(six).map(|p| p.choice).unwrap_or(six)
}

/// Translates the island's words here, on the server, and states the creditor's rules beside it.
#[component]
fn PlanCalculator(
    claim_id: ClaimId,
    inputs: PlanInputs,
    currency: Currency,
    initial: Option<PlanChoice>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let language = crate::components::format::language_of(locale);
    let initial = initial.unwrap_or_else(|| default_choice(&inputs));
    let terms = inputs.policy.terms().clone();
    let money = move |m| crate::components::format::money(locale, m, currency);
    let s = |v: &dyn std::fmt::Display| v.to_string();
    let texts = PlanTexts {
        mode_legend: s(&t_string!(i18n, plan_mode_legend)),
        mode_installments: s(&t_string!(i18n, plan_mode_installments)),
        mode_amount: s(&t_string!(i18n, plan_mode_amount)),
        count_label: s(&t_string!(i18n, plan_count_label)),
        amount_label: s(&t_string!(i18n, plan_amount_label)),
        first_due_label: s(&t_string!(i18n, plan_first_due_label)),
        first_due_hint: s(&t_string!(i18n, plan_first_due_hint, from = "{from}", to = "{to}")),
        send: s(&t_string!(i18n, plan_send)),
        schedule_caption: s(&t_string!(i18n, plan_schedule_caption)),
        columns: [
            s(&t_string!(i18n, plan_col_n)),
            s(&t_string!(i18n, plan_col_due)),
            s(&t_string!(i18n, plan_col_amount)),
            s(&t_string!(i18n, plan_col_fees)),
            s(&t_string!(i18n, plan_col_interest)),
            s(&t_string!(i18n, plan_col_principal)),
            s(&t_string!(i18n, plan_col_balance)),
        ],
        split: s(&t_string!(i18n, plan_split)),
        owed_today: s(&t_string!(i18n, plan_owed_today)),
        plan_fee: s(&t_string!(i18n, plan_fee_label)),
        plan_interest: s(&t_string!(i18n, plan_interest_added_label)),
        pay_in_total: s(&t_string!(i18n, plan_pay_in_total)),
        plan_cost: s(&t_string!(i18n, plan_cost)),
        totals_title: s(&t_string!(i18n, plan_totals_title)),
        chart_title: s(&t_string!(i18n, plan_chart_title)),
        chart_summary: s(&t_string!(i18n, plan_chart_summary, start = "{start}", count = "{count}", date = "{date}")),
        legend: [
            s(&t_string!(i18n, plan_col_principal)),
            s(&t_string!(i18n, plan_col_interest)),
            s(&t_string!(i18n, plan_col_fees)),
            s(&t_string!(i18n, plan_legend_balance)),
        ],
        verdict_auto: s(&t_string!(i18n, plan_verdict_auto)),
        verdict_review: s(&t_string!(i18n, plan_verdict_review)),
        verdict_rejected: s(&t_string!(i18n, plan_verdict_rejected)),
        reasons: Reason::ALL.iter().map(|r| (*r, labels::reason(locale, *r, &terms, currency))).collect(),
        nearest: s(&t_string!(i18n, plan_nearest, count = "{count}", amount = "{amount}", date = "{date}")),
        nearest_intro: s(&t_string!(i18n, plan_nearest_intro)),
        use_nearest: s(&t_string!(i18n, plan_use_nearest)),
        errors: [
            DomainError::InvalidInstallments,
            DomainError::AmountXorInstallments,
            DomainError::InvalidAmount,
            DomainError::InvalidDate,
            DomainError::FirstDueBeforeStart,
            DomainError::DoesNotAmortize,
        ]
        .into_iter()
        .map(|e| (e, labels::plan_error(locale, e)))
        .collect(),
        error_other: s(&t_string!(i18n, error_internal)),
    };
    let rate_assumed =
        inputs.claim.interest().kind() == InterestKind::Statutory && inputs.table.latest_rate_assumed(inputs.today);
    let cap = inputs.policy.plan_fee_cap();
    view! {
        <IslandScripts/>
        <PlanCalculatorIsland claim_id inputs initial texts language currency/>
        {rate_assumed.then(|| view! { <p class="hint" data-testid="rate-assumed">{t!(i18n, plan_rate_assumed)}</p> })}
        <section class="card" aria-labelledby="plan-policy-title">
            <h2 id="plan-policy-title">{t!(i18n, plan_policy_title)}</h2>
            <ul class="policy-facts">
                <li>{t_string!(i18n, plan_policy_auto, months = terms.auto_approve_max_installments, min = money(terms.auto_approve_min_installment)).to_string()}</li>
                <li>{t_string!(i18n, plan_policy_limits, max = terms.max_installments, min = money(terms.min_installment), days = terms.max_days_to_first_due).to_string()}</li>
                <li>{t_string!(i18n, plan_policy_fee, fee = money(terms.plan_fee)).to_string()}</li>
                {cap.map(|cap| view! { <li>{t_string!(i18n, plan_policy_cap, cap = money(cap)).to_string()}</li> })}
                <li>{t!(i18n, plan_policy_missed)}</li>
            </ul>
        </section>
    }
}
