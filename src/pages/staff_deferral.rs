//! `/staff/deferrals/{id}`: a request to pay later than the pay-by date that the creditor's rules
//! did not grant at once. The claim's itemisation, the dates, why it waits, and the buttons "Grant"
//! and "Decline" (the debtor is told why). A plain form, so it works without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::claim_today::ItemHeading;
use crate::components::data_page::{BackTo, DataPage};
use crate::components::decisions::DecisionStatus;
use crate::components::item_screen::{decision_target, ItemContext, ToDecision, DECISION_SECTION};
use crate::components::staff_bar::StaffBar;
use crate::components::{format, labels};
use crate::domain::decision::MAX_NOTE_CHARS;
use crate::error::AppError;
use crate::i18n::*;
use crate::staff_data::DeferralReview;

#[server(endpoint = "staff_deferral")]
pub async fn load_deferral_review(id: String) -> Result<DeferralReview, AppError> {
    use crate::server::app_context::app_context;
    use crate::server::{auth::current_staff, clock::Clock, staff::deferrals::deferral_review, store::Store};
    crate::server::app_context::answered(async move {
        let who = current_staff().await?;
        let store = app_context::<Store>()?;
        let clock = app_context::<Clock>()?;
        deferral_review(&store, &who, &id, &clock).await
    })
    .await
}

#[component]
pub fn StaffDeferralPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let data = Resource::new(id, load_deferral_review);
    view! {
        <DataPage title=t_string!(i18n, staff_deferral_title).to_string() back=BackTo::Queue staff=true data let:d>
            <DeferralBody data=d/>
        </DataPage>
    }
}

#[component]
fn DeferralBody(data: DeferralReview) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let d = data;
    let reasons =
        d.reasons.iter().map(|r| view! { <li>{labels::deferral_reason(locale, *r, &d.terms)}</li> }).collect_view();
    let form = d.pending.then(|| {
        view! {
            <form method="post" action=format!("/staff/deferrals/{}/decision", d.deferral_id) class="stack">
                <label for="deferral-note">{t!(i18n, staff_deferral_note_label)}</label>
                <textarea id="deferral-note" name="note" rows="4" maxlength=MAX_NOTE_CHARS.to_string() aria-describedby="deferral-note-hint"></textarea>
                <p id="deferral-note-hint" class="hint">{t!(i18n, staff_deferral_note_hint)}</p>
                <div class="buttons">
                    <button type="submit" class="primary" name="outcome" value="granted">{t!(i18n, staff_deferral_grant)}</button>
                    <button type="submit" name="outcome" value="declined">{t!(i18n, staff_deferral_decline)}</button>
                </div>
            </form>
        }
    });
    let currency = d.claim.currency;
    view! {
        <ToDecision target=decision_target(d.pending, "deferral-note")/>
        <StaffBar header=d.header/>
        <ItemHeading title=t_string!(i18n, staff_deferral_title).to_string() claim=d.claim.clone()/>
        <div class="item-screen">
            <div class="item-main">
                <section class="card" aria-labelledby="deferral-request-title">
                    <h2 id="deferral-request-title">{t!(i18n, staff_deferral_request_title)}</h2>
                    <dl class="facts">
                        <dt>{t!(i18n, staff_deferral_pay_by)}</dt><dd>{format::date(locale, d.pay_by_before)}</dd>
                        <dt>{t!(i18n, staff_deferral_requested)}</dt><dd data-testid="deferral-requested">{format::date(locale, d.requested_date)}</dd>
                    </dl>
                    <p>{t!(i18n, staff_deferral_why)}</p>
                    <ul class="reasons">{reasons}</ul>
                </section>
                <section class="card" id=DECISION_SECTION tabindex="-1" aria-labelledby="decision-title">
                    <h2 id="decision-title">{t!(i18n, decision_title)}</h2>
                    <DecisionStatus decision=d.decision currency/>
                    {form}
                </section>
            </div>
            <ItemContext statement=d.statement currency hardship=d.hardship history=d.history/>
        </div>
    }
}
