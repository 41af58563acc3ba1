//! The creditor's plan rules for administrators: the settings page's data (the rules in force, or
//! the ones typed, with the example schedule under them) and `POST /staff/policy`, which previews
//! (back to the page with the typed rules in the address) or saves. Agents read nothing here.

use crate::server::clock::Clock;
use axum::extract::State;
use axum::response::Response;
use axum::Form;

use super::screen::{admin_creditor, staff_header};
use crate::domain::policy_form::{example_plan, PolicyFields};
use crate::error::AppError;
use crate::query_encoding::encode_component;
use crate::server::auth::{Admin, StaffAccess};
use crate::server::http::AppState;
use crate::server::redirect::see_other;
use crate::server::store::Store;
use crate::staff_data::PolicyPageData;

/// The settings page: `typed` are the rules from the address (a preview, or a refused save);
/// without them, the rules in force.
pub async fn policy_page(
    store: &Store,
    who: &StaffAccess,
    typed: Option<PolicyFields>,
    clock: &Clock,
) -> Result<PolicyPageData, AppError> {
    let creditor = admin_creditor(store, who).await?;
    // The example plan starts from today in the staff member's creditor's country.
    let today = clock.today_in(creditor.country);
    let current = creditor.policy.clone();
    // The example follows the typed rules when they hold, else the rules in force.
    let shown = typed.as_ref().and_then(|f| f.policy(creditor.country).ok()).unwrap_or_else(|| current.clone());
    let example = example_plan(&shown, today).ok();
    Ok(PolicyPageData {
        header: staff_header(who, &creditor),
        country: creditor.country,
        currency: creditor.currency,
        fee_cap: current.plan_fee_cap(),
        preview: typed.is_some(),
        fields: typed.unwrap_or_else(|| PolicyFields::of(current.terms())),
        current: current.terms().clone(),
        shown: shown.terms().clone(),
        example,
    })
}

#[derive(serde::Deserialize)]
pub struct PolicyForm {
    /// `preview` or `save`.
    #[serde(default)]
    intent: String,
    #[serde(flatten)]
    fields: PolicyFields,
}

/// The typed fields as the page's address carries them.
fn fields_query(f: &PolicyFields) -> String {
    let pairs = [
        ("max_installments", &f.max_installments),
        ("min_installment", &f.min_installment),
        ("max_days_to_first_due", &f.max_days_to_first_due),
        ("plan_fee", &f.plan_fee),
        ("auto_approve_max_installments", &f.auto_approve_max_installments),
        ("auto_approve_min_installment", &f.auto_approve_min_installment),
        ("max_deferral_days", &f.max_deferral_days),
        ("arrears_grace_days", &f.arrears_grace_days),
        ("lapse_days", &f.lapse_days),
        ("new_plan_after_lapse", &f.new_plan_after_lapse),
    ];
    pairs.iter().map(|(k, v)| format!("{k}={}", encode_component(v))).collect::<Vec<_>>().join("&")
}

pub async fn save_policy(State(state): State<AppState>, Admin(who): Admin, Form(form): Form<PolicyForm>) -> Response {
    let typed = fields_query(&form.fields);
    if form.intent != "save" {
        return see_other(&format!("/staff/policy?preview=1&{typed}#example"), None);
    }
    let saved = async {
        let creditor = state.store.creditor(&who.creditor_id).await?.ok_or_else(AppError::internal)?;
        let policy = form.fields.policy(creditor.country)?;
        state.store.update_policy(&creditor.id, &policy, &who.staff_id).await?;
        Ok::<_, AppError>(())
    };
    match saved.await {
        Ok(()) => see_other("/staff/policy?saved=1#policy", None),
        Err(e) => see_other(&format!("/staff/policy?error={}&preview=1&{typed}#policy", e.code), None),
    }
}
