//! `/my-data`: who is responsible for the debtor's data, everything held about them as one file,
//! a person to look at an automatic decision, and where to complain.

use leptos::prelude::*;
use leptos_router::params::Params;

use crate::components::data_page::{BackTo, DataPage};
use crate::components::returned::{returned, Flag, Refused};
use crate::components::{format, labels};
use crate::domain::dispute::MAX_EXPLANATION_CHARS;
use crate::error::AppError;
use crate::hardship_data::{Decision, DecisionKind, MyDataPageData};
use crate::i18n::*;

/// What the review form's post came back with.
#[derive(Params, Clone, Default, PartialEq)]
struct ReviewReturn {
    sent: Flag,
    error: Option<Refused>,
}

#[server(endpoint = "my_data_page")]
pub async fn load_my_data_page() -> Result<MyDataPageData, AppError> {
    use crate::server::app_context::app_context;
    use crate::server::{auth::current_debtor, config::Config, my_data::my_data_page_for_debtor, store::Store};
    crate::server::app_context::answered(async move {
        let debtor = current_debtor().await?;
        let store = app_context::<Store>()?;
        let config = app_context::<std::sync::Arc<Config>>()?;
        my_data_page_for_debtor(&store, &debtor, &config.controller_name, &config.controller_contact).await
    })
    .await
}

#[component]
pub fn MyDataPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_my_data_page());
    view! {
        <DataPage title=t_string!(i18n, my_data_title).to_string() back=BackTo::Claims heading=true data let:d>
            <MyDataBody data=d/>
        </DataPage>
    }
}

pub fn decision_label(locale: Locale, d: &Decision) -> String {
    let date = format::date(locale, d.date);
    let claim = d.claim.clone();
    match d.kind {
        DecisionKind::PlanRejected => {
            td_string!(locale, review_decision_plan_rejected, date = date, claim = claim).to_string()
        }
        DecisionKind::PlanNotApproved => {
            td_string!(locale, review_decision_plan_proposed, date = date, claim = claim).to_string()
        }
        DecisionKind::DeferralNotGranted => {
            td_string!(locale, review_decision_deferral, date = date, claim = claim).to_string()
        }
    }
}

#[component]
fn MyDataBody(data: MyDataPageData) -> impl IntoView {
    let i18n = use_i18n();
    let q = returned::<ReviewReturn>();
    let (error, sent) = (q.error.map(|Refused(code)| code), q.sent.is_set());
    let MyDataPageData { controller, contact, decisions, requests } = data;
    let locale = i18n.get_locale_untracked();
    let options = decisions
        .iter()
        .map(|d| view! { <option value=d.id.to_string()>{decision_label(locale, d)}</option> })
        .collect_view();
    let has_requests = !requests.is_empty();
    view! {
        <section class="card" aria-labelledby="controller-title">
            <h2 id="controller-title">{t!(i18n, my_data_controller_title)}</h2>
            <p data-testid="controller">{move || t_string!(i18n, my_data_controller, controller = controller.clone(), contact = contact.clone()).to_string()}</p>
        </section>
        <section class="card" aria-labelledby="download-title">
            <h2 id="download-title">{t!(i18n, my_data_download_title)}</h2>
            <p>{t!(i18n, my_data_download_intro)}</p>
            <p><a class="button-link" href="/my-data/export.json" download="my-data.json">{t!(i18n, my_data_download)}</a></p>
        </section>
        <section class="card" aria-labelledby="review-title" id="review">
            <h2 id="review-title">{t!(i18n, review_title)}</h2>
            <p>{t!(i18n, review_intro)}</p>
            {sent.then(|| view! { <p class="notice ok" role="status" data-testid="review-sent">{t!(i18n, review_sent_notice)}</p> })}
            {error.map(|code| view! { <p class="notice error" role="alert" data-testid="review-error">{move || labels::error(i18n.get_locale(), code, 15)}</p> })}
            <form method="post" action="/my-data/review" class="deferral-form">
                <label for="review-decision">{t!(i18n, review_decision_label)}</label>
                <select id="review-decision" name="decision">
                    {options}
                    <option value="">{t!(i18n, review_decision_other)}</option>
                </select>
                <label for="review-explanation">{t!(i18n, review_explanation_label)}</label>
                <textarea id="review-explanation" name="explanation" rows="4" required maxlength=MAX_EXPLANATION_CHARS.to_string()></textarea>
                <button type="submit">{t!(i18n, review_send)}</button>
            </form>
            {has_requests.then(|| view! {
                <h3 id="reviews">{t!(i18n, review_list_title)}</h3>
                <ul class="entries">
                    {requests.into_iter().map(|r| {
                        let at = r.sent_at;
                        let label = r.decision.as_ref().map(|d| decision_label(locale, d));
                        view! {
                            <li class="entry" data-testid="review-request">
                                <h4><time>{move || format::date_time(i18n.get_locale(), at)}</time>" – "
                                    {move || if r.answered { t_string!(i18n, review_state_answered) } else { t_string!(i18n, review_state_pending) }}
                                </h4>
                                {label.map(|l| view! { <p>{l}</p> })}
                                <p class="explanation">{r.explanation.clone()}</p>
                                {r.answer.clone().map(|a| {
                                    let at = a.decided_at;
                                    view! {
                                        <div class="decision" data-testid="review-answer">
                                            <p><strong>{move || t_string!(i18n, review_answered_on, date = format::date(i18n.get_locale(), at.date())).to_string()}</strong></p>
                                            <p class="explanation">{a.note.clone()}</p>
                                        </div>
                                    }
                                })}
                            </li>
                        }
                    }).collect_view()}
                </ul>
            })}
        </section>
        <section class="card" aria-labelledby="complain-title">
            <h2 id="complain-title">{t!(i18n, complain_title)}</h2>
            <p>{t!(i18n, complain_text)}</p>
        </section>
    }
}
