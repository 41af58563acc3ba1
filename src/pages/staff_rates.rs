//! `/staff/rates`: the reference rates the creditor's claims use, for an administrator, with a form
//! to publish a half-year's rate (1 January or 1 July; a published rate is never changed). A plain
//! form post, so it works without JavaScript.

use leptos::prelude::*;
use leptos_router::params::Params;

use crate::components::data_page::{BackTo, DataPage};
use crate::components::returned::{returned, Flag, Refused};
use crate::components::staff_bar::StaffBar;
use crate::components::{format, labels};
use crate::domain::Country;
use crate::error::AppError;
use crate::i18n::*;

/// What a post to publish a rate came back with.
#[derive(Params, Clone, Default, PartialEq)]
struct RatesReturn {
    published: Flag,
    error: Option<Refused>,
}
use crate::staff_data::RatesPageData;

#[server(endpoint = "staff_rates")]
pub async fn load_rates_page() -> Result<RatesPageData, AppError> {
    use crate::server::app_context::app_context;
    use crate::server::{auth::current_staff, clock::Clock, staff::rates::rates_page, store::Store};
    crate::server::app_context::answered(async move {
        let who = current_staff().await?;
        let store = app_context::<Store>()?;
        let clock = app_context::<Clock>()?;
        let config = app_context::<std::sync::Arc<crate::server::config::Config>>()?;
        rates_page(&store, &who, &clock, &config).await
    })
    .await
}

#[component]
pub fn StaffRatesPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = Resource::new(|| (), |_| load_rates_page());
    view! {
        <DataPage title=t_string!(i18n, rates_title).to_string() back=BackTo::Queue staff=true data let:d>
            <RatesBody data=d/>
        </DataPage>
    }
}

#[component]
fn RatesBody(data: RatesPageData) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let q = returned::<RatesReturn>();
    let error = q.error.map(|Refused(code)| code);
    let published = q.published.is_set() && error.is_none();
    let caption = match data.country {
        Country::Se => t_string!(i18n, rates_caption_se).to_string(),
        Country::No => t_string!(i18n, rates_caption_no).to_string(),
    };
    let rows = data
        .entries
        .iter()
        .rev()
        .map(|e| {
            let rate = format!("{:.2} %", e.rate);
            let rate = if locale == Locale::en { rate } else { rate.replace('.', ",") };
            view! { <tr data-testid="rate-row"><td>{format::date(locale, e.from)}</td><td>{rate}</td></tr> }
        })
        .collect_view();
    view! {
        <StaffBar header=data.header.clone()/>
        <h1 id="rates">{t!(i18n, rates_title)}</h1>
        <p>{t!(i18n, rates_intro)}</p>
        {data.missing.map(|from| view! { <RateMissing from/> })}
        {published.then(|| view! { <p class="notice ok" role="status" data-testid="rate-published">{t!(i18n, rates_published)}</p> })}
        {error.map(|code| view! { <p class="notice error" role="alert" data-testid="rate-error">{labels::error(locale, code, 15)}</p> })}
        {if data.can_publish {
            view! {
        <form method="post" action="/staff/rates" class="stack">
            <fieldset>
                <legend>{t!(i18n, rates_publish_legend)}</legend>
                <label for="valid_from">{t!(i18n, rates_from_label)}</label>
                <input id="valid_from" name="valid_from" type="date" required aria-describedby="valid_from-hint"/>
                <p id="valid_from-hint" class="hint">{t!(i18n, rates_from_hint)}</p>
                <label for="rate">{t!(i18n, rates_rate_label)}</label>
                <input id="rate" name="rate" inputmode="decimal" autocomplete="off" required aria-describedby="rate-hint"/>
                <p id="rate-hint" class="hint">{t!(i18n, rates_rate_hint)}</p>
            </fieldset>
            <div class="buttons">
                <button type="submit" class="primary">{t!(i18n, rates_publish)}</button>
            </div>
        </form>
            }.into_any()
        } else {
            view! { <p class="hint" data-testid="rates-by-operations">{t!(i18n, rates_by_operations)}</p> }.into_any()
        }}
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="rates-caption">
            <table class="queue">
                <caption id="rates-caption">{caption}</caption>
                <thead>
                    <tr>
                        <th scope="col">{t!(i18n, rates_col_from)}</th>
                        <th scope="col">{t!(i18n, rates_col_rate)}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The notice that the half-year from `from` has no rate yet (the rates page and the queue).
#[component]
pub fn RateMissing(from: chrono::NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let text = td_string!(locale, rates_missing, from = format::date(locale, from)).to_string();
    view! { <p class="notice" role="status" data-testid="rate-missing">{text}</p> }
}
