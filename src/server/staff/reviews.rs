//! Requests for a person's review of an automatic decision: the screen (`/staff/reviews/{id}`) and
//! `POST /staff/reviews/{id}/answer`.

use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Form;

use super::decide::{decide_on, DecisionForm};
use super::scope::creditor_review;
use super::screen::item_frame;
use crate::domain::decision::{review_answer, ItemKind};
use crate::error::AppError;
use crate::server::auth::{Staff, StaffAccess};
use crate::server::clock::Clock;
use crate::server::decision_views::decision_view;
use crate::server::http::AppState;
use crate::server::my_data::automatic_decisions;
use crate::server::store::{ActorKind, ClaimRecord, Decider, ReviewRequest, ReviewState, Store};
use crate::staff_data::ReviewScreen;

/// The review screen: what the debtor asks about and their words, beside the claim's itemisation,
/// their situation and the decisions on the claim, as on the other item screens.
pub async fn review_screen(
    store: &Store,
    who: &StaffAccess,
    id: &str,
    clock: &Clock,
) -> Result<ReviewScreen, AppError> {
    let (review, rec) = creditor_review(store, &who.creditor_id, id).await?;
    let f = item_frame(store, who, &rec, clock).await?;
    let creditor = f.creditor;
    let about = match review.decision {
        Some(line) => {
            let audit = store.audit_by(ActorKind::Debtor, review.debtor_id.as_str()).await?;
            automatic_decisions(&audit, &[(rec.clone(), creditor.country)]).into_iter().find(|d| d.id == line)
        }
        None => None,
    };
    Ok(ReviewScreen {
        header: f.header,
        review_id: review.id.clone(),
        claim: f.claim,
        statement: f.statement,
        about,
        explanation: review.explanation.into(),
        sent_at: Clock::local_in(review.created_at, creditor.country),
        pending: review.state == ReviewState::Pending,
        decision: store
            .decision_on(ItemKind::ReviewRequest, &review.id)
            .await?
            .map(|d| decision_view(d, creditor.country)),
        hardship: f.hardship,
        history: f.history,
    })
}

pub async fn answer_review(
    State(state): State<AppState>,
    Staff(who): Staff,
    Path(id): Path<String>,
    headers: HeaderMap,
    Form(form): Form<DecisionForm>,
) -> Response {
    let (st, screen) = (&state.store, ("/staff/reviews", id.as_str()));
    let find = async |who: &StaffAccess| creditor_review(st, &who.creditor_id, &id).await;
    let check = async |_: &_| Ok(review_answer(&form.note)?);
    let store = async |who: &StaffAccess, (review, claim): &(ReviewRequest, ClaimRecord), answer| {
        st.answer_review(review, &claim.id, Decider::Staff(who.staff_id.as_str()), &answer).await
    };
    decide_on(&who, &headers, screen, find, check, store).await
}
