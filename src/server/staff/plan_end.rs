//! `POST /staff/proposals/{id}/end`: an agent ends an active plan that is not kept (the daily job
//! does the same after the creditor's limit). The claim goes back to collection with its balance;
//! the plan's row, the claim's status and the audit line change in one transaction, and only the
//! first of two clicks (or of the agent and the job) ends it.

use crate::domain::ids::ProposalId;
use crate::server::path_id::PathId;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::Response;
use axum::Form;

use super::scope::creditor_proposal;
use crate::error::PortalCode;
use crate::server::auth::Staff;
use crate::server::http::AppState;
use crate::server::redirect::see_other;
use crate::server::store::{ActorKind, PlanEnd, ProposalState};

/// The agent ticks that the plan is to end: a plan is not ended by a stray click.
#[derive(serde::Deserialize)]
pub struct EndForm {
    #[serde(default)]
    confirm: String,
}

pub async fn end_plan(
    State(state): State<AppState>,
    Staff(who): Staff,
    PathId(id): PathId<ProposalId>,
    headers: HeaderMap,
    Form(form): Form<EndForm>,
) -> Response {
    let (proposal, rec) = match creditor_proposal(&state.store, &who.creditor_id, &id).await {
        Ok(found) => found,
        Err(e) => return crate::server::error_page::respond(&headers, e),
    };
    let screen = format!("/staff/proposals/{}", proposal.id);
    let not_active = || see_other(&format!("{screen}?error={}#plan-standing", PortalCode::PlanNotActive), None);
    if proposal.state != ProposalState::Active {
        return not_active();
    }
    if form.confirm != "end" {
        return see_other(&format!("{screen}?error={}#plan-standing", PortalCode::EndNotConfirmed), None);
    }
    let country = match state.store.creditor(&who.creditor_id).await {
        Ok(Some(c)) => c.country,
        Ok(None) => return crate::server::error_page::respond(&headers, crate::error::AppError::internal()),
        Err(e) => return crate::server::error_page::respond(&headers, e.into()),
    };
    let today = state.clock.today_in(country);
    let by = (ActorKind::Staff, Some(who.staff_id.as_str()));
    match state.store.lapse_plan(&proposal.id, &rec.id, today, PlanEnd::Agent, by).await {
        Ok(true) => see_other(&format!("{screen}?ended=1#plan-standing"), None),
        Ok(false) => not_active(),
        Err(e) => crate::server::error_page::respond(&headers, e.into()),
    }
}
