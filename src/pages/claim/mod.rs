//! One claim: what it is made of, how interest grew, how to pay, what happens next, and the
//! debtor's rights. Each part of the page is a module of its own.

mod breakdown;
mod deferral;
mod dispute_section;
mod how_to_pay;
mod interest;
mod payments;
mod plan_section;
mod refund_account;
mod rights;
mod timeline;

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::claim_data::{ClaimPageData, PayPurpose};
use crate::components::data_page::{BackTo, DataPage};
use crate::components::page_title::PageTitle;
use crate::components::{format, labels};
use crate::error::AppError;
use crate::i18n::*;

use breakdown::Breakdown;
use deferral::Deferral;
use dispute_section::DisputeSection;
use how_to_pay::HowToPay;
use interest::Interest;
use payments::Payments;
use plan_section::PlanSection;
use rights::Rights;
use timeline::Timeline;

/// The claim as of today, for the debtor who owes it; anyone else gets `not_found`.
#[server(endpoint = "claim_details")]
pub async fn claim_details(id: String) -> Result<ClaimPageData, AppError> {
    use crate::server::app_context::app_context;
    use crate::server::{auth::current_debtor, clock::Clock, debtor_claims::claim_for_debtor, store::Store};
    crate::server::app_context::answered(async move {
        let debtor = current_debtor().await?;
        // Signed in first: a stranger is sent to sign in whatever the address says.
        let id: crate::domain::ClaimId = id.parse()?;
        let store = app_context::<Store>()?;
        let clock = app_context::<Clock>()?;
        claim_for_debtor(&store, &debtor, &id, &clock).await
    })
    .await
}

#[component]
pub fn ClaimPage() -> impl IntoView {
    let params = use_params_map();
    let claim = Resource::new(move || params.read().get("id").unwrap_or_default(), claim_details);
    view! {
        <DataPage back=BackTo::Claims data=claim let:c>
            <ClaimDetails claim=c/>
        </DataPage>
    }
}

#[component]
fn ClaimDetails(claim: ClaimPageData) -> impl IntoView {
    let i18n = use_i18n();
    let title = claim.concerns.clone();
    let cur = claim.currency;
    let country = claim.creditor.country;
    let due = claim.due_date;
    let status = claim.status;
    // Under an active plan the headline is the next installment, not the whole balance.
    let headline_pay = claim.pay.clone().filter(|p| p.purpose != PayPurpose::Balance).map(|p| {
        let label = match p.purpose {
            PayPurpose::CatchUp { .. } => t_string!(i18n, pay_for_catch_up).to_string(),
            _ => t_string!(i18n, next_installment_label).to_string(),
        };
        view! {
            <dt>{label}</dt>
            <dd data-testid="headline-next" data-amount=p.amount.to_string() data-date=p.pay_by.to_string()>
                {move || t_string!(i18n, amount_by_date, amount = format::money(i18n.get_locale(), p.amount, cur), date = format::date(i18n.get_locale(), p.pay_by)).to_string()}
            </dd>
        }
    });
    view! {
        <PageTitle text=title.clone()/>
        <h1>{claim.concerns.clone()}</h1>
        <dl class="facts">
            <dt>{t!(i18n, creditor_label)}</dt>
            <dd>{format!("{} ({})", claim.creditor.name, claim.creditor.org_number)}</dd>
            <dt>{t!(i18n, case_label)}</dt>
            <dd>{claim.case_number.clone()}</dd>
            <dt>{t!(i18n, original_invoice_label)}</dt>
            <dd>{claim.original_invoice.clone()}</dd>
            <dt>{t!(i18n, due_date_label)}</dt>
            <dd>{move || format::date(i18n.get_locale(), due)}</dd>
            <dt>{t!(i18n, status_label)}</dt>
            <dd>{move || labels::status(i18n, status)}</dd>
            {headline_pay}
        </dl>
        <DisputeSection
            dispute=claim.dispute.clone()
            can_dispute=claim.can_dispute
            claim_id=claim.id.clone()
            contested=status.is_contested().then_some(country)
            currency=cur
        />
        <Breakdown
            statement=claim.statement.clone()
            currency=cur
            claim_id=claim.id.clone()
            country=country
            refund_account=claim.refund_account.clone()
        />
        <PlanSection plan=claim.plan.clone() claim_id=claim.id.clone() currency=cur/>
        <HowToPay pay=claim.pay.clone() currency=cur/>
        <Deferral offer=claim.deferral.clone() answer=claim.deferral_answer.clone() claim_id=claim.id.clone()/>
        <Interest info=claim.interest.clone() statement=claim.statement.clone() currency=cur/>
        <Payments payments=claim.payments.clone() currency=cur/>
        <Timeline steps=claim.timeline.clone()/>
        <Rights country=country/>
    }
}
