//! Stable codes from the server (statuses, fee kinds, process steps, error codes) in the reader's
//! language. Unknown codes fall back to something honest rather than to nothing.

use leptos_i18n::I18nContext;

use crate::domain::timeline::StepKind;
use crate::i18n::*;

type Ctx = I18nContext<Locale>;

pub fn status(i18n: Ctx, code: &str) -> String {
    match code {
        "demand_sent" => t_string!(i18n, status_demand_sent).to_string(),
        "plan_proposed" => t_string!(i18n, status_plan_proposed).to_string(),
        "plan_active" => t_string!(i18n, status_plan_active).to_string(),
        "disputed" => t_string!(i18n, status_disputed).to_string(),
        "paid" => t_string!(i18n, status_paid).to_string(),
        "closed" => t_string!(i18n, status_closed).to_string(),
        other => other.to_string(),
    }
}

/// The fee's legal name (påminnelseavgift, inkassoavgift, purregebyr, inkassosalær …).
pub fn fee(i18n: Ctx, kind: &str) -> String {
    match kind {
        "reminder" => t_string!(i18n, fee_reminder).to_string(),
        "collection" => t_string!(i18n, fee_collection).to_string(),
        "plan_fee" => t_string!(i18n, fee_plan_fee).to_string(),
        "purregebyr" => t_string!(i18n, fee_purregebyr).to_string(),
        "inkassovarsel" => t_string!(i18n, fee_inkassovarsel).to_string(),
        "inkassosalaer" => t_string!(i18n, fee_inkassosalaer).to_string(),
        _ => t_string!(i18n, fee_other).to_string(),
    }
}

pub fn step(i18n: Ctx, kind: StepKind) -> String {
    match kind {
        StepKind::InvoiceDue => t_string!(i18n, step_invoice_due).to_string(),
        StepKind::ReminderSent => t_string!(i18n, step_reminder_sent).to_string(),
        StepKind::CollectionWarningSent => t_string!(i18n, step_collection_warning_sent).to_string(),
        StepKind::DemandSent => t_string!(i18n, step_demand_sent).to_string(),
        StepKind::PaymentReceived => t_string!(i18n, step_payment_received).to_string(),
        StepKind::DeadlineToPayOrDispute => t_string!(i18n, step_deadline_to_pay_or_dispute).to_string(),
        StepKind::EarliestKronofogden => t_string!(i18n, step_earliest_kronofogden).to_string(),
        StepKind::LegalCollectionMayStart => t_string!(i18n, step_legal_collection_may_start).to_string(),
        StepKind::CollectionPaused => t_string!(i18n, step_collection_paused).to_string(),
    }
}

/// Error codes a debtor can meet on these pages.
pub fn error(i18n: Ctx, code: &str, minutes: i64) -> String {
    match code {
        "invalid_credentials" => t_string!(i18n, error_invalid_credentials).to_string(),
        "missing_credentials" => t_string!(i18n, error_missing_credentials).to_string(),
        "too_many_attempts" => t_string!(i18n, error_too_many_attempts, minutes = minutes).to_string(),
        "unauthenticated" => t_string!(i18n, error_unauthenticated).to_string(),
        "not_found" => t_string!(i18n, error_not_found).to_string(),
        _ => t_string!(i18n, error_internal).to_string(),
    }
}
