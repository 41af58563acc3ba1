//! `/hardship`: tell the collector about a hard situation (social force majeure), under explicit
//! consent; afterwards what was told, and withdrawing the consent, which deletes it at once.

use leptos::prelude::*;
use leptos_router::params::Params;

use crate::components::data_page::{BackTo, DataPage};
use crate::components::islands::IslandScripts;
use crate::components::returned::{returned, Flag, Refused};
use crate::components::upload_form::{self, Choice, Field, RefusedUpload, UploadForm};
use crate::components::{format, labels};
use crate::domain::dispute::MAX_EXPLANATION_CHARS;
use crate::domain::hardship::Situation;
use crate::error::AppError;
use crate::hardship_data::{HardshipPageData, HardshipView};
use crate::i18n::*;

/// What the statement's or the withdrawal's post came back with.
#[derive(Params, Clone, Default, PartialEq)]
struct HardshipReturn {
    sent: Flag,
    withdrawn: Flag,
    error: Option<Refused>,
}

/// The page's data, for the signed-in debtor only.
#[server(endpoint = "hardship_page")]
pub async fn load_hardship_page() -> Result<HardshipPageData, AppError> {
    use crate::server::app_context::app_context;
    use crate::server::{auth::current_debtor, config::Config, hardship::hardship_page_for_debtor, store::Store};
    crate::server::app_context::answered(async move {
        let debtor = current_debtor().await?;
        let store = app_context::<Store>()?;
        let config = app_context::<std::sync::Arc<Config>>()?;
        hardship_page_for_debtor(&store, &debtor, &config.controller_name).await
    })
    .await
}

#[component]
pub fn HardshipPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_hardship_page());
    view! {
        <DataPage title=t_string!(i18n, hardship_title).to_string() back=BackTo::Claims heading=true data let:d>
            <HardshipBody data=d/>
        </DataPage>
    }
}

#[component]
fn HardshipBody(data: HardshipPageData) -> impl IntoView {
    let i18n = use_i18n();
    let q = returned::<HardshipReturn>();
    let (sent, withdrawn) = (q.sent.is_set(), q.withdrawn.is_set());
    let HardshipPageData { controller, currency, claims, current } = data;
    let error = q.error.map(|Refused(code)| view! { <RefusedUpload code test_id="hardship-error"/> });
    let body = match current {
        views if !views.is_empty() => view! {
            <section class="card" id="current" aria-labelledby="current-title">
                <h2 id="current-title">{t!(i18n, hardship_current_title)}</h2>
                {views.into_iter().map(|view| view! { <Current view/> }).collect_view()}
            </section>
        }
        .into_any(),
        _ if claims.is_empty() => view! { <p class="notice">{t!(i18n, hardship_no_claims)}</p> }.into_any(),
        _ => {
            let locale = i18n.get_locale_untracked();
            let cur = currency.as_str();
            let fields = vec![
                Field::OneOf {
                    name: "situation".into(),
                    legend: t_string!(i18n, hardship_situation_legend).to_string(),
                    options: Situation::ALL
                        .iter()
                        .map(|s| Choice { value: s.as_str().into(), label: labels::situation(locale, *s) })
                        .collect(),
                },
                Field::Short {
                    name: "monthly_income".into(),
                    label: t_string!(i18n, hardship_income_label, currency = cur).to_string(),
                    numeric: true,
                },
                Field::Short {
                    name: "monthly_expenses".into(),
                    label: t_string!(i18n, hardship_expenses_label, currency = cur).to_string(),
                    numeric: true,
                },
                Field::Short {
                    name: "household_size".into(),
                    label: t_string!(i18n, hardship_household_label).to_string(),
                    numeric: true,
                },
                Field::Long {
                    name: "explanation".into(),
                    label: t_string!(i18n, hardship_explanation_label).to_string(),
                    hint: t_string!(i18n, dispute_explanation_hint).to_string(),
                    max_chars: MAX_EXPLANATION_CHARS,
                },
                Field::AnyOf {
                    name: "claims".into(),
                    legend: t_string!(i18n, hardship_claims_legend).to_string(),
                    options: claims.into_iter().map(|c| Choice { value: c.id.to_string(), label: c.label }).collect(),
                },
                Field::Files {
                    label: t_string!(i18n, hardship_files_label).to_string(),
                    hint: t_string!(i18n, hardship_files_hint).to_string(),
                },
                Field::Consent {
                    name: "consent".into(),
                    label: t_string!(
                        i18n,
                        hardship_consent_label,
                        controller = controller.clone(),
                        years = crate::domain::retention::HARDSHIP_MAX_YEARS
                    )
                    .to_string(),
                },
            ];
            let texts = upload_form::texts(i18n);
            let submit = t_string!(i18n, hardship_send).to_string();
            view! {
                <section class="card" id="hardship-form" aria-labelledby="hardship-form-title">
                    <h2 id="hardship-form-title" class="visually-hidden">{t!(i18n, hardship_title)}</h2>
                    <IslandScripts on_demand=true/>
                    <UploadForm id="hardship-send".into() action="/hardship".into() fields submit texts/>
                </section>
            }
            .into_any()
        }
    };
    view! {
        <p>{t!(i18n, hardship_intro)}</p>
        {sent.then(|| view! { <p class="notice ok" role="status" data-testid="hardship-sent">{t!(i18n, hardship_sent_notice)}</p> })}
        {withdrawn.then(|| view! { <p class="notice ok" role="status" data-testid="hardship-withdrawn">{t!(i18n, hardship_withdrawn_notice)}</p> })}
        {error}
        {body}
    }
}

#[component]
fn Current(view: HardshipView) -> impl IntoView {
    let i18n = use_i18n();
    let HardshipView { id, statement, currency, claims, documents, consent_at, consent_version } = view;
    let money = move |m| format::money(i18n.get_locale(), m, currency);
    let s = statement.situation;
    let hint_id = format!("withdraw-hint-{id}");
    view! {
        <article class="hardship-statement" data-testid="hardship-statement">
            <dl class="facts">
                <dt>{t!(i18n, hardship_situation_legend)}</dt>
                <dd data-testid="hardship-situation">{move || labels::situation(i18n.get_locale(), s)}</dd>
                {statement.monthly_income.map(|m| view! {
                    <dt>{move || t_string!(i18n, hardship_income_label, currency = currency.as_str()).to_string()}</dt>
                    <dd>{move || money(m)}</dd>
                })}
                {statement.monthly_expenses.map(|m| view! {
                    <dt>{move || t_string!(i18n, hardship_expenses_label, currency = currency.as_str()).to_string()}</dt>
                    <dd>{move || money(m)}</dd>
                })}
                {statement.household_size.map(|n| view! {
                    <dt>{t!(i18n, hardship_household_label)}</dt>
                    <dd>{n}</dd>
                })}
                <dt>{t!(i18n, hardship_claims_legend)}</dt>
                <dd><ul class="plain">{claims.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul></dd>
            </dl>
            <p class="explanation">{statement.explanation.as_str().to_owned()}</p>
            <ul class="documents">
                {documents.into_iter().map(|d| view! {
                    <li data-testid="document"><a href=format!("/documents/{}", d.id) download=d.name.clone()>{d.name.clone()}</a></li>
                }).collect_view()}
            </ul>
            <p class="hint" data-testid="consent-record">
                {move || t_string!(i18n, hardship_consent_given, at = format::date_time(i18n.get_locale(), consent_at), version = consent_version.clone()).to_string()}
            </p>
            <form method="post" action="/hardship/withdraw">
                <input type="hidden" name="hardship" value=id/>
                <p class="hint" id=hint_id.clone()>{t!(i18n, hardship_withdraw_hint)}</p>
                <button type="submit" class="secondary" aria-describedby=hint_id>{t!(i18n, hardship_withdraw)}</button>
            </form>
        </article>
    }
}
