//! "My claims": every claim of the signed-in debtor, across creditors.

use leptos::prelude::*;

use crate::claim_data::{ClaimSummary, PayPurpose};
use crate::components::data_page::DataPage;
use crate::components::sign_in_form::{AddLetterForm, SignOutButton};
use crate::components::{format, labels};
use crate::error::AppError;
use crate::i18n::*;

/// The signed-in debtor's claims, as of today. Authorization: the session's debtor only.
#[server(endpoint = "my_claims")]
pub async fn list_my_claims() -> Result<Vec<ClaimSummary>, AppError> {
    use crate::server::app_context::app_context;
    use crate::server::{auth::current_debtor, clock::Clock, debtor_claims::my_claims, store::Store};
    crate::server::app_context::answered(async move {
        let debtor = current_debtor().await?;
        let store = app_context::<Store>()?;
        let clock = app_context::<Clock>()?;
        my_claims(&store, &debtor, &clock).await
    })
    .await
}

#[component]
pub fn ClaimsPage() -> impl IntoView {
    let i18n = use_i18n();
    let claims = Resource::new(|| (), |_| list_my_claims());
    view! {
        <DataPage title=t_string!(i18n, my_claims_title).to_string() heading=true data=claims let:list>
            <ClaimList list/>
        </DataPage>
    }
}

/// The claims, with the ways on from the list; none yet, a line that says so.
#[component]
fn ClaimList(list: Vec<ClaimSummary>) -> impl IntoView {
    let i18n = use_i18n();
    if list.is_empty() {
        return view! { <p>{t!(i18n, my_claims_empty)}</p> }.into_any();
    }
    view! {
        <p>{t!(i18n, my_claims_intro)}</p>
        <ul class="claim-list">
            {list.into_iter().map(|c| view! { <ClaimCard claim=c/> }).collect_view()}
        </ul>
        <ul class="more-links">
            <li><a href="/hardship">{t!(i18n, hardship_link)}</a></li>
            <li><a href="/my-data">{t!(i18n, my_data_link)}</a></li>
        </ul>
        <AddLetterForm/>
        <SignOutButton/>
    }
    .into_any()
}

#[component]
fn ClaimCard(claim: ClaimSummary) -> impl IntoView {
    let i18n = use_i18n();
    let href = format!("/claims/{}", claim.id);
    let heading_id = format!("claim-{}", claim.case_number);
    let plan_href = format!("/claims/{}/plan", claim.id);
    let ClaimSummary {
        case_number,
        creditor,
        concerns,
        currency,
        total_outstanding,
        status,
        next_step,
        plan_offered,
        pay,
        ..
    } = claim;
    // Under an active plan: the next installment (or what is overdue) beside the balance.
    let next_installment = pay.filter(|(_, _, purpose, _)| *purpose != PayPurpose::Balance).map(|(date, amount, purpose, reference)| {
        let label = match purpose {
            PayPurpose::CatchUp { .. } => t_string!(i18n, pay_for_catch_up).to_string(),
            _ => t_string!(i18n, next_installment_label).to_string(),
        };
        view! {
            <dt>{label}</dt>
            <dd data-testid="next-installment" data-amount=amount.to_string() data-date=date.to_string()>
                {move || t_string!(i18n, amount_by_date, amount = format::money(i18n.get_locale(), amount, currency), date = format::date(i18n.get_locale(), date)).to_string()}
            </dd>
            <dt>{t!(i18n, reference_label)}</dt>
            <dd class="reference" data-testid="next-installment-reference">{reference}</dd>
        }
    });
    view! {
        <li class="card claim-summary" aria-labelledby=heading_id.clone()>
            <h2 id=heading_id.clone()><a href=href>{concerns}</a></h2>
            <dl class="facts">
                <dt>{t!(i18n, creditor_label)}</dt>
                <dd>{creditor}</dd>
                <dt>{t!(i18n, case_label)}</dt>
                <dd data-testid="case-number">{case_number}</dd>
                <dt>{t!(i18n, outstanding_today)}</dt>
                <dd class="amount" data-testid="total-outstanding" data-amount=total_outstanding.to_string()>
                    {move || format::money(i18n.get_locale(), total_outstanding, currency)}
                </dd>
                {next_installment}
                <dt>{t!(i18n, status_label)}</dt>
                <dd>{move || labels::status(i18n, status)}</dd>
                {next_step.map(|s| view! {
                    <dt>{t!(i18n, next_date_label)}</dt>
                    <dd>{move || format!("{} – {}", format::date(i18n.get_locale(), s.date), labels::step(i18n, s.kind))}</dd>
                })}
            </dl>
            {plan_offered.then(|| view! { <p><a href=plan_href>{t!(i18n, plan_link)}</a></p> })}
        </li>
    }
}
