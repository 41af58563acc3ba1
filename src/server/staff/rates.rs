//! The reference rates for administrators: the page's data (the table the creditor's claims use,
//! and the half-year that lacks its rate, if any) and `POST /staff/rates`, which publishes one
//! half-year's rate, checked as `debtor-portal rates add` checks it, audited as the administrator.

use crate::server::clock::Clock;
use axum::extract::State;
use axum::response::Response;
use axum::Form;

use super::screen::{admin_creditor, staff_header};
use crate::domain::rate_publication::{missing_half_year, new_rate};
use crate::domain::InputError;
use crate::error::{AppError, PortalCode};
use crate::server::auth::{Admin, StaffAccess};
use crate::server::config::Config;
use crate::server::http::AppState;
use crate::server::redirect::see_other;
use crate::server::store::CreditorRecord;
use crate::server::store::{ActorKind, Store};
use crate::staff_data::RatesPageData;

/// Whether `creditor`'s administrators may publish the national rates (`RATE_PUBLISHERS`).
fn may_publish(config: &Config, creditor: &CreditorRecord) -> bool {
    config.rate_publishers.contains(&creditor.org_number)
}

pub async fn rates_page(
    store: &Store,
    who: &StaffAccess,
    clock: &Clock,
    config: &Config,
) -> Result<RatesPageData, AppError> {
    let creditor = admin_creditor(store, who).await?;
    let today = clock.today_in(creditor.country);
    let table = store.rate_table(&creditor.rate_table).await?;
    Ok(RatesPageData {
        header: staff_header(who, &creditor),
        country: creditor.country,
        can_publish: may_publish(config, &creditor),
        missing: missing_half_year(&table, today),
        entries: table.entries().to_vec(),
    })
}

#[derive(serde::Deserialize)]
pub struct RateForm {
    #[serde(default)]
    valid_from: String,
    #[serde(default)]
    rate: String,
}

pub async fn publish_rate(State(state): State<AppState>, Admin(who): Admin, Form(form): Form<RateForm>) -> Response {
    let published = async {
        let creditor = state.store.creditor(&who.creditor_id).await?.ok_or_else(AppError::internal)?;
        if !may_publish(&state.config, &creditor) {
            return Err(AppError::new(PortalCode::Forbidden, "the national rates are published by the agency"));
        }
        let table = state.store.rate_table(&creditor.rate_table).await?;
        let entry = new_rate(&table, &form.valid_from, &form.rate)?;
        let actor = (ActorKind::Staff, Some(who.staff_id.as_str()));
        state.store.publish_rate(&creditor.rate_table, entry, actor).await?.ok_or(InputError::RateExists)?;
        Ok::<_, AppError>(())
    };
    match published.await {
        Ok(()) => see_other("/staff/rates?published=1#rates", None),
        Err(e) => see_other(&format!("/staff/rates?error={}#rates", e.code), None),
    }
}
