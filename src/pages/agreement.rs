//! `/claims/{id}/plan/agreement`: the active plan's agreement, to read, print (the print stylesheet
//! leaves out the site's chrome) or download as a PDF.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::agreement_text::agreement_text;
use crate::components::data_page::{BackTo, DataPage};
use crate::error::AppError;
use crate::i18n::*;
use crate::plan_data::Agreement;

/// The agreement, only for the debtor who owes the claim, and only while the plan is active.
#[server(endpoint = "plan_agreement")]
pub async fn load_agreement(id: String) -> Result<Agreement, AppError> {
    use crate::server::app_context::app_context;
    use crate::server::{auth::current_debtor, clock::Clock, plans::agreement_for_debtor, store::Store};
    crate::server::app_context::answered(async move {
        let debtor = current_debtor().await?;
        // Signed in first: a stranger is sent to sign in whatever the address says.
        let id: crate::domain::ClaimId = id.parse()?;
        let store = app_context::<Store>()?;
        let clock = app_context::<Clock>()?;
        agreement_for_debtor(&store, &debtor, &id, &clock).await
    })
    .await
}

#[component]
pub fn AgreementPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let data = Resource::new(id, load_agreement);
    view! {
        <DataPage title=t_string!(i18n, agreement_title).to_string() back=BackTo::Claim(untrack(id)) data let:a>
            <AgreementBody agreement=a/>
        </DataPage>
    }
}

#[component]
fn AgreementBody(agreement: Agreement) -> impl IntoView {
    let i18n = use_i18n();
    let text = agreement_text(i18n.get_locale_untracked(), &agreement);
    let pdf = format!("/claims/{}/plan/agreement.pdf", agreement.claim_id);
    view! {
        <article class="agreement" data-testid="agreement">
            <h1>{text.title}</h1>
            <p class="no-print">
                <a class="button-link" href=pdf download="">{t!(i18n, agreement_pdf)}</a>
            </p>
            <p class="hint no-print">{t!(i18n, agreement_print_hint)}</p>
            <section aria-labelledby="agreement-parties">
                <h2 id="agreement-parties">{text.parties_title}</h2>
                <dl class="facts">
                    {text.parties.into_iter().map(|(k, v)| view! { <dt>{k}</dt><dd>{v}</dd> }).collect_view()}
                </dl>
            </section>
            <section aria-labelledby="agreement-plan">
                <h2 id="agreement-plan">{text.plan_title}</h2>
                {text.plan.into_iter().map(|l| view! { <p>{l}</p> }).collect_view()}
                <div class="table-scroll" tabindex="0" role="region" aria-labelledby="agreement-schedule">
                    <table class="schedule">
                        <caption id="agreement-schedule">{text.schedule_caption}</caption>
                        <thead>
                            <tr>{text.columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}</tr>
                        </thead>
                        <tbody>
                            {text.rows.into_iter().map(|r| view! {
                                <tr data-testid="agreement-row">
                                    {r.into_iter().enumerate().map(|(k, c)| {
                                        let class = if k >= 2 { "amount" } else { "" };
                                        view! { <td class=class>{c}</td> }
                                    }).collect_view()}
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </section>
            <section aria-labelledby="agreement-terms">
                <h2 id="agreement-terms">{text.terms_title}</h2>
                <ul class="policy-facts">{text.terms.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ul>
            </section>
        </article>
    }
}
