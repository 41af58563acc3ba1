//! `/staff/policy`: the creditor's plan rules, for an administrator. A form with every number of the
//! rules (the Swedish plan fee cap enforced), "Show the example" to see what a debtor would get under
//! the typed rules before saving, and "Save the policy". A change applies to new proposals only.

use leptos::prelude::*;
use leptos_router::params::Params;

use crate::components::data_page::{BackTo, DataPage};
use crate::components::installment_table::InstallmentTable;
use crate::components::returned::{returned, Flag, Refused};
use crate::components::staff_bar::StaffBar;
use crate::components::{format, labels};
use crate::domain::policy::PolicyOutcome;
use crate::domain::policy_form::{PolicyFields, EXAMPLE_DEBT};
use crate::error::AppError;
use crate::i18n::*;

/// What the policy form came back with: `?saved`, or `?error=code`, or (`?preview`, from "Show the
/// example") the numbers as typed, shown again with the example they give.
#[derive(Params, Clone, Default, PartialEq)]
struct PolicyReturn {
    saved: Flag,
    error: Option<Refused>,
    preview: Flag,
    max_installments: Option<String>,
    min_installment: Option<String>,
    max_days_to_first_due: Option<String>,
    plan_fee: Option<String>,
    auto_approve_max_installments: Option<String>,
    auto_approve_min_installment: Option<String>,
    max_deferral_days: Option<String>,
    arrears_grace_days: Option<String>,
    lapse_days: Option<String>,
    new_plan_after_lapse: Option<String>,
}

impl PolicyReturn {
    fn typed(self) -> Option<PolicyFields> {
        self.preview.is_set().then(|| PolicyFields {
            max_installments: self.max_installments.unwrap_or_default(),
            min_installment: self.min_installment.unwrap_or_default(),
            max_days_to_first_due: self.max_days_to_first_due.unwrap_or_default(),
            plan_fee: self.plan_fee.unwrap_or_default(),
            auto_approve_max_installments: self.auto_approve_max_installments.unwrap_or_default(),
            auto_approve_min_installment: self.auto_approve_min_installment.unwrap_or_default(),
            max_deferral_days: self.max_deferral_days.unwrap_or_default(),
            arrears_grace_days: self.arrears_grace_days.unwrap_or_default(),
            lapse_days: self.lapse_days.unwrap_or_default(),
            new_plan_after_lapse: self.new_plan_after_lapse.unwrap_or_default(),
        })
    }
}
use crate::staff_data::PolicyPageData;

#[server(endpoint = "staff_policy")]
pub async fn load_policy_page(typed: Option<PolicyFields>) -> Result<PolicyPageData, AppError> {
    use crate::server::app_context::app_context;
    use crate::server::{auth::current_staff, clock::Clock, staff::policy::policy_page, store::Store};
    crate::server::app_context::answered(async move {
        let who = current_staff().await?;
        let store = app_context::<Store>()?;
        let clock = app_context::<Clock>()?;
        policy_page(&store, &who, typed, &clock).await
    })
    .await
}

#[component]
pub fn StaffPolicyPage() -> impl IntoView {
    let i18n = use_i18n();
    let typed = returned::<PolicyReturn>().typed();
    let data = Resource::new(move || typed.clone(), load_policy_page);
    view! {
        <DataPage title=t_string!(i18n, policy_title).to_string() back=BackTo::Queue staff=true data let:d>
            <PolicyBody data=d/>
        </DataPage>
    }
}

fn outcome_code(o: PolicyOutcome) -> &'static str {
    match o {
        PolicyOutcome::AutoApproved => "auto_approved",
        PolicyOutcome::NeedsReview => "needs_review",
        PolicyOutcome::Rejected => "rejected",
    }
}

/// One number of the rules: its label, its hint, and the value the form holds.
fn field(id: &'static str, label: String, hint: String, value: String, decimal: bool) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    view! {
        <label for=id>{label}</label>
        <input id=id name=id value=value inputmode=if decimal { "decimal" } else { "numeric" } autocomplete="off" aria-describedby=hint_id.clone()/>
        <p id=hint_id class="hint">{hint}</p>
    }
}

#[component]
fn PolicyBody(data: PolicyPageData) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let q = returned::<PolicyReturn>();
    let error = q.error.map(|Refused(code)| code);
    let saved = q.saved.is_set() && error.is_none();
    let cur = data.currency;
    let money = move |m| format::money(locale, m, cur);
    let f = data.fields.clone();
    let fee_hint = match data.fee_cap {
        Some(cap) => t_string!(i18n, policy_fee_hint_cap, cap = money(cap)).to_string(),
        None => t_string!(i18n, policy_fee_hint_none).to_string(),
    };
    let example = data.example.clone().map(|p| {
        let verdict = match p.verdict.outcome {
            PolicyOutcome::AutoApproved => t_string!(i18n, policy_example_auto).to_string(),
            PolicyOutcome::NeedsReview => t_string!(i18n, policy_example_review).to_string(),
            PolicyOutcome::Rejected => t_string!(i18n, policy_example_refused).to_string(),
        };
        let terms = &data.shown;
        let reasons = p
            .verdict
            .reasons
            .iter()
            .map(|r| view! { <li>{labels::reason(locale, *r, terms, cur)}</li> })
            .collect_view();
        let intro = t_string!(
            i18n,
            policy_example_intro,
            debt = money(EXAMPLE_DEBT),
            n = p.plan.installments.len(),
            amount = money(p.plan.installment_amount),
            total = money(p.plan.totals.amount)
        )
        .to_string();
        view! {
            <p data-testid="example-summary">{intro}</p>
            <p data-testid="example-verdict" data-outcome=outcome_code(p.verdict.outcome)>{verdict}</p>
            <ul class="reasons">{reasons}</ul>
            <InstallmentTable
                caption_id="example-caption"
                caption=t_string!(i18n, policy_example_caption).to_string()
                installments=p.plan.installments
                currency=cur
                row_testid="example-row"
                with_interest=false
            />
        }
    });
    view! {
        <StaffBar header=data.header.clone()/>
        <h1 id="policy">{t!(i18n, policy_title)}</h1>
        <p>{t!(i18n, policy_intro)}</p>
        {saved.then(|| view! { <p class="notice ok" role="status" data-testid="policy-saved">{t!(i18n, policy_saved)}</p> })}
        {error.map(|code| view! { <p class="notice error" role="alert" data-testid="policy-error">{labels::error(locale, code, 15)}</p> })}
        {data.preview.then(|| view! { <p class="notice" role="status">{t!(i18n, policy_preview_notice)}</p> })}
        <form method="post" action="/staff/policy" class="stack">
            <fieldset>
                <legend>{t!(i18n, policy_limits_legend)}</legend>
                {field("max_installments", t_string!(i18n, policy_max_installments).to_string(), t_string!(i18n, policy_max_installments_hint).to_string(), f.max_installments.clone(), false)}
                {field("min_installment", t_string!(i18n, policy_min_installment).to_string(), t_string!(i18n, policy_amount_hint).to_string(), f.min_installment.clone(), true)}
                {field("max_days_to_first_due", t_string!(i18n, policy_max_days_to_first_due).to_string(), t_string!(i18n, policy_days_hint).to_string(), f.max_days_to_first_due.clone(), false)}
                {field("max_deferral_days", t_string!(i18n, policy_max_deferral_days).to_string(), t_string!(i18n, policy_days_hint).to_string(), f.max_deferral_days.clone(), false)}
            </fieldset>
            <fieldset>
                <legend>{t!(i18n, policy_auto_legend)}</legend>
                {field("auto_approve_max_installments", t_string!(i18n, policy_auto_max_installments).to_string(), t_string!(i18n, policy_auto_hint).to_string(), f.auto_approve_max_installments.clone(), false)}
                {field("auto_approve_min_installment", t_string!(i18n, policy_auto_min_installment).to_string(), t_string!(i18n, policy_auto_hint).to_string(), f.auto_approve_min_installment.clone(), true)}
            </fieldset>
            <fieldset>
                <legend>{t!(i18n, policy_fee_legend)}</legend>
                {field("plan_fee", t_string!(i18n, policy_plan_fee).to_string(), fee_hint, f.plan_fee.clone(), true)}
            </fieldset>
            <fieldset>
                <legend>{t!(i18n, policy_missed_legend)}</legend>
                {field("arrears_grace_days", t_string!(i18n, policy_arrears_grace_days).to_string(), t_string!(i18n, policy_arrears_grace_hint).to_string(), f.arrears_grace_days.clone(), false)}
                {field("lapse_days", t_string!(i18n, policy_lapse_days).to_string(), t_string!(i18n, policy_lapse_hint).to_string(), f.lapse_days.clone(), false)}
                <div class="check">
                    <input type="checkbox" id="new_plan_after_lapse" name="new_plan_after_lapse" value="on" checked=!f.new_plan_after_lapse.is_empty()/>
                    <label for="new_plan_after_lapse">{t!(i18n, policy_new_plan_after_lapse)}</label>
                </div>
            </fieldset>
            <p class="hint">{t!(i18n, policy_applies_to_new)}</p>
            <div class="buttons">
                <button type="submit" name="intent" value="preview">{t!(i18n, policy_preview)}</button>
                <button type="submit" class="primary" name="intent" value="save">{t!(i18n, policy_save)}</button>
            </div>
        </form>
        <section class="card" id="example" aria-labelledby="example-title">
            <h2 id="example-title">{t!(i18n, policy_example_title)}</h2>
            {example}
        </section>
    }
}
