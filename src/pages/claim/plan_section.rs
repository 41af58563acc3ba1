//! The claim page's line on a plan.

use leptos::prelude::*;

use crate::claim_data::ClaimPlan;
use crate::components::format;
use crate::components::open_plan::OpenPlanView;
use crate::domain::ids::ClaimId;
use crate::domain::Currency;
use crate::i18n::*;
use crate::plan_data::NoPlan;

/// The claim's plan: the active one or the proposal waiting, or a way to propose one.
#[component]
pub(super) fn PlanSection(plan: ClaimPlan, claim_id: ClaimId, currency: Currency) -> impl IntoView {
    let i18n = use_i18n();
    match plan {
        ClaimPlan::Open(open) => view! { <OpenPlanView plan=*open currency claim_id with_schedule=true/> }.into_any(),
        ClaimPlan::Offered => view! {
            <p class="plan-link"><a class="button-link" href=format!("/claims/{claim_id}/plan")>{t!(i18n, plan_link)}</a></p>
        }
        .into_any(),
        ClaimPlan::NotOffered(NoPlan::Disputed) => view! { <p class="hint">{t!(i18n, plan_no_disputed)}</p> }.into_any(),
        ClaimPlan::NotOffered(NoPlan::Contested) => view! { <p class="hint">{t!(i18n, plan_no_contested)}</p> }.into_any(),
        ClaimPlan::NotOffered(NoPlan::NothingToPay) => ().into_any(),
        ClaimPlan::NotOffered(NoPlan::AfterLapse { ended_on }) => view! {
            <p class="hint" data-testid="no-plan-after-lapse">{move || t_string!(i18n, plan_no_after_lapse, date = format::date(i18n.get_locale(), ended_on)).to_string()}</p>
        }
        .into_any(),
    }
}
