//! Stable codes from the server (statuses, fee kinds, process steps, error codes) in the reader's
//! language. Every match is over an enum, so a new code does not compile until it has its words.

use leptos_i18n::I18nContext;

use crate::domain::claim::{FeeKind, KnownFee};
use crate::domain::timeline::StepKind;
use crate::domain::ClaimStatus;
use crate::error::{ErrorCode, PortalCode};
use crate::i18n::*;

type Ctx = I18nContext<Locale>;

pub fn status(i18n: Ctx, status: ClaimStatus) -> String {
    match status {
        ClaimStatus::DemandSent => t_string!(i18n, status_demand_sent).to_string(),
        ClaimStatus::PlanProposed => t_string!(i18n, status_plan_proposed).to_string(),
        ClaimStatus::PlanActive => t_string!(i18n, status_plan_active).to_string(),
        ClaimStatus::Disputed => t_string!(i18n, status_disputed).to_string(),
        ClaimStatus::Paid => t_string!(i18n, status_paid).to_string(),
        ClaimStatus::Closed => t_string!(i18n, status_closed).to_string(),
    }
}

/// The fee's legal name (påminnelseavgift, inkassoavgift, purregebyr, inkassosalær …); a kind the
/// portal does not know is an "other fee".
pub fn fee(i18n: Ctx, kind: &FeeKind) -> String {
    let FeeKind::Known(known) = kind else {
        return t_string!(i18n, fee_other).to_string();
    };
    match known {
        KnownFee::Reminder => t_string!(i18n, fee_reminder).to_string(),
        KnownFee::Collection => t_string!(i18n, fee_collection).to_string(),
        KnownFee::PlanFee => t_string!(i18n, fee_plan_fee).to_string(),
        KnownFee::Purregebyr => t_string!(i18n, fee_purregebyr).to_string(),
        KnownFee::Inkassovarsel => t_string!(i18n, fee_inkassovarsel).to_string(),
        KnownFee::Inkassosalaer => t_string!(i18n, fee_inkassosalaer).to_string(),
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

/// Error codes a debtor can meet on these pages. Codes these pages cannot produce (the arithmetic's,
/// which only the plan pages will show) read as the calm "something went wrong". Takes the locale, not
/// the reactive context, so the server's own error pages (the same-origin refusal, `busy`) use it too.
pub fn error(locale: Locale, code: ErrorCode, minutes: i64) -> String {
    let ErrorCode::Portal(code) = code else {
        return td_string!(locale, error_internal).to_string();
    };
    match code {
        PortalCode::InvalidCredentials => td_string!(locale, error_invalid_credentials).to_string(),
        PortalCode::MissingCredentials => td_string!(locale, error_missing_credentials).to_string(),
        PortalCode::TooManyAttempts => td_string!(locale, error_too_many_attempts, minutes = minutes).to_string(),
        PortalCode::Unauthenticated => td_string!(locale, error_unauthenticated).to_string(),
        PortalCode::NotFound => td_string!(locale, error_not_found).to_string(),
        PortalCode::CrossSiteRequest => td_string!(locale, error_cross_site_request).to_string(),
        PortalCode::Busy => td_string!(locale, error_busy).to_string(),
        PortalCode::CodeExpired => td_string!(locale, error_code_expired).to_string(),
        PortalCode::LetterOfSomeoneElse => td_string!(locale, error_letter_of_someone_else).to_string(),
        PortalCode::Forbidden
        | PortalCode::PayloadTooLarge
        | PortalCode::UnknownLanguage
        | PortalCode::RequestFailed
        | PortalCode::Unavailable
        | PortalCode::Internal => td_string!(locale, error_internal).to_string(),
    }
}
