//! `/staff/disputes/{id}`: one dispute for an agent to answer. The claim's itemisation, the
//! debtor's reason, everything they wrote and sent (documents downloadable), and one form with the
//! buttons "Withdraw the claim", "Reduce the claim" (with the new principal) and "Reject the
//! dispute" (with the explanation the debtor reads). Plain form posts, so it works without
//! JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::claim_today::ItemHeading;
use crate::components::data_page::{BackTo, DataPage};
use crate::components::decisions::DecisionStatus;
use crate::components::item_screen::{decision_target, ItemContext, ToDecision, DECISION_SECTION};
use crate::components::staff_bar::{StaffBar, StaffDocumentLink};
use crate::components::{format, labels};
use crate::decision_data::ShownDecision;
use crate::dispute_data::ShownDispute;
use crate::domain::decision::MAX_NOTE_CHARS;
use crate::domain::ids::DisputeId;
use crate::domain::{Currency, Money};
use crate::error::AppError;
use crate::i18n::*;
use crate::staff_data::DisputeReview;

#[server(endpoint = "staff_dispute")]
pub async fn load_dispute_review(id: String) -> Result<DisputeReview, AppError> {
    use crate::server::app_context::app_context;
    use crate::server::{auth::current_staff, clock::Clock, staff::disputes::dispute_review, store::Store};
    crate::server::app_context::answered(async move {
        let who = current_staff().await?;
        // Signed in first: a stranger is sent to sign in whatever the address says.
        let id: crate::domain::DisputeId = id.parse()?;
        let store = app_context::<Store>()?;
        let clock = app_context::<Clock>()?;
        dispute_review(&store, &who, &id, &clock).await
    })
    .await
}

#[component]
pub fn StaffDisputePage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let data = Resource::new(id, load_dispute_review);
    view! {
        <DataPage title=t_string!(i18n, staff_dispute_title).to_string() back=BackTo::Queue staff=true data let:d>
            <DisputeBody data=d/>
        </DataPage>
    }
}

#[component]
fn DisputeBody(data: DisputeReview) -> impl IntoView {
    let i18n = use_i18n();
    let DisputeReview { header, dispute_id, claim, statement, dispute, hardship, history } = data;
    let currency = claim.currency;
    let principal = statement.principal.original;
    let answer = dispute.answer.clone();
    let open = dispute.open;
    view! {
        <ToDecision target=decision_target(open, "answer-amount")/>
        <StaffBar header/>
        <ItemHeading title=t_string!(i18n, staff_dispute_title).to_string() claim/>
        <div class="item-screen">
            <div class="item-main">
                <WhatTheDebtorSent dispute currency/>
                <Answer open answer dispute_id principal currency/>
            </div>
            <ItemContext statement currency hardship history/>
        </div>
    }
}

#[component]
fn WhatTheDebtorSent(dispute: ShownDispute, currency: Currency) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let entries = dispute
        .entries
        .into_iter()
        .map(|e| {
            let docs = (!e.documents.is_empty()).then(|| {
                let docs = e.documents.into_iter().map(|d| view! { <li><StaffDocumentLink document=d/></li> }).collect_view();
                view! { <ul class="documents">{docs}</ul> }
            });
            view! {
                <li class="entry" data-testid="dispute-entry">
                    <h3><time datetime=e.sent_at.format("%Y-%m-%dT%H:%M").to_string()>{format::date_time(locale, e.sent_at)}</time></h3>
                    <p class="explanation">{e.explanation}</p>
                    {docs}
                </li>
            }
        })
        .collect_view();
    view! {
        <section class="card" aria-labelledby="staff-dispute-sent-title">
            <h2 id="staff-dispute-sent-title">{t!(i18n, staff_dispute_sent_title)}</h2>
            <dl class="facts">
                <dt>{t!(i18n, dispute_reference_label)}</dt><dd>{dispute.reference}</dd>
                <dt>{t!(i18n, dispute_reason_label)}</dt><dd data-testid="dispute-reason">{labels::dispute_reason(locale, dispute.reason)}</dd>
                <dt>{t!(i18n, dispute_part_label)}</dt><dd data-testid="dispute-part">{labels::disputed_part(i18n, &dispute.part, currency)}</dd>
            </dl>
            <ol class="entries">{entries}</ol>
        </section>
    }
}

#[component]
fn Answer(
    open: bool,
    answer: Option<ShownDecision>,
    dispute_id: DisputeId,
    principal: Money,
    currency: Currency,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let now = format::money(locale, principal, currency);
    let form = open.then(|| {
        view! {
            <form method="post" action=format!("/staff/disputes/{dispute_id}/decision") class="stack">
                <label for="answer-amount">{t!(i18n, staff_dispute_amount_label)}</label>
                <input id="answer-amount" name="amount" inputmode="decimal" autocomplete="off" aria-describedby="answer-amount-hint"/>
                <p id="answer-amount-hint" class="hint">{t_string!(i18n, staff_dispute_amount_hint, amount = now).to_string()}</p>
                <label for="answer-note">{t!(i18n, staff_dispute_note_label)}</label>
                <textarea id="answer-note" name="note" rows="5" maxlength=MAX_NOTE_CHARS.to_string() aria-describedby="answer-note-hint"></textarea>
                <p id="answer-note-hint" class="hint">{t!(i18n, staff_dispute_note_hint)}</p>
                <div class="buttons">
                    <button type="submit" name="outcome" value="withdrawn">{t!(i18n, staff_dispute_withdraw)}</button>
                    <button type="submit" name="outcome" value="reduced">{t!(i18n, staff_dispute_reduce)}</button>
                    <button type="submit" class="primary" name="outcome" value="rejected">{t!(i18n, staff_dispute_reject)}</button>
                </div>
            </form>
        }
    });
    view! {
        <section class="card" id=DECISION_SECTION tabindex="-1" aria-labelledby="decision-title">
            <h2 id="decision-title">{t!(i18n, staff_dispute_answer_title)}</h2>
            <DecisionStatus decision=answer currency/>
            {form}
        </section>
    }
}
