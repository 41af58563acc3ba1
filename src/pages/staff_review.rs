//! `/staff/reviews/{id}`: a debtor asks a person to look at an automatic decision (GDPR Art. 22).
//! What they asked about, their words, and one answer in the agent's words, which the debtor reads
//! under "My data". A plain form, so it works without JavaScript.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::components::claim_today::ItemHeading;
use crate::components::data_page::{BackTo, DataPage};
use crate::components::decisions::DecisionStatus;
use crate::components::format;
use crate::components::item_screen::{decision_target, ItemContext, ToDecision, DECISION_SECTION};
use crate::components::staff_bar::StaffBar;
use crate::domain::decision::MAX_NOTE_CHARS;
use crate::error::AppError;
use crate::i18n::*;
use crate::pages::my_data::decision_label;
use crate::staff_data::ReviewScreen;

#[server(endpoint = "staff_review")]
pub async fn load_review_screen(id: String) -> Result<ReviewScreen, AppError> {
    use crate::server::app_context::app_context;
    use crate::server::{auth::current_staff, clock::Clock, staff::reviews::review_screen, store::Store};
    crate::server::app_context::answered(async move {
        let who = current_staff().await?;
        let store = app_context::<Store>()?;
        let clock = app_context::<Clock>()?;
        review_screen(&store, &who, &id, &clock).await
    })
    .await
}

#[component]
pub fn StaffReviewPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let data = Resource::new(id, load_review_screen);
    view! {
        <DataPage title=t_string!(i18n, staff_review_title).to_string() back=BackTo::Queue staff=true data let:d>
            <ReviewBody data=d/>
        </DataPage>
    }
}

#[component]
fn ReviewBody(data: ReviewScreen) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let d = data;
    let about = match &d.about {
        Some(a) => decision_label(locale, a),
        None => t_string!(i18n, staff_review_about_none).to_string(),
    };
    let form = d.pending.then(|| {
        view! {
            <form method="post" action=format!("/staff/reviews/{}/answer", d.review_id) class="stack">
                <label for="review-answer">{t!(i18n, staff_review_answer_label)}</label>
                <textarea id="review-answer" name="note" rows="5" required maxlength=MAX_NOTE_CHARS.to_string() aria-describedby="review-answer-hint"></textarea>
                <p id="review-answer-hint" class="hint">{t!(i18n, staff_review_answer_hint)}</p>
                <div class="buttons">
                    <button type="submit" class="primary">{t!(i18n, staff_review_send)}</button>
                </div>
            </form>
        }
    });
    let currency = d.claim.currency;
    view! {
        <ToDecision target=decision_target(d.pending, "review-answer")/>
        <StaffBar header=d.header/>
        <ItemHeading title=t_string!(i18n, staff_review_title).to_string() claim=d.claim.clone()/>
        <div class="item-screen">
            <div class="item-main">
                <section class="card" aria-labelledby="review-request-title">
                    <h2 id="review-request-title">{t!(i18n, staff_review_request_title)}</h2>
                    <dl class="facts">
                        <dt>{t!(i18n, staff_review_sent)}</dt><dd>{format::date_time(locale, d.sent_at)}</dd>
                        <dt>{t!(i18n, staff_review_about)}</dt><dd data-testid="review-about">{about}</dd>
                    </dl>
                    <p class="explanation" data-testid="review-explanation">{d.explanation}</p>
                </section>
                <section class="card" id=DECISION_SECTION tabindex="-1" aria-labelledby="decision-title">
                    <h2 id="decision-title">{t!(i18n, staff_review_answer_title)}</h2>
                    <DecisionStatus decision=d.decision currency/>
                    {form}
                </section>
            </div>
            <ItemContext statement=d.statement currency hardship=d.hardship history=d.history/>
        </div>
    }
}
