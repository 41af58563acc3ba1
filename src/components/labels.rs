//! Stable codes from the server (statuses, fee kinds, process steps, error codes) in the reader's
//! language. Every match is over an enum, so a new code does not compile until it has its words.

use leptos_i18n::I18nContext;

use crate::domain::claim::{FeeKind, KnownFee};
use crate::domain::decision::DeclineReason;
use crate::domain::deferral::DeferralReason;
use crate::domain::dispute::DisputeReason;
use crate::domain::hardship::Situation;
use crate::domain::policy::{PolicyTerms, Reason};
use crate::domain::timeline::StepKind;
use crate::domain::{ClaimStatus, Currency, DomainError, InputError};
use crate::error::{ErrorCode, PortalCode};
use crate::i18n::*;

type Ctx = I18nContext<Locale>;

pub fn status(i18n: Ctx, status: ClaimStatus) -> String {
    match status {
        ClaimStatus::DemandSent => t_string!(i18n, status_demand_sent).to_string(),
        ClaimStatus::PlanProposed => t_string!(i18n, status_plan_proposed).to_string(),
        ClaimStatus::PlanActive => t_string!(i18n, status_plan_active).to_string(),
        ClaimStatus::Disputed => t_string!(i18n, status_disputed).to_string(),
        ClaimStatus::Contested => t_string!(i18n, status_contested).to_string(),
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
        StepKind::PartPaused => t_string!(i18n, step_part_paused).to_string(),
        StepKind::ConciliationBoardMayFollow => t_string!(i18n, step_conciliation_board_may_follow).to_string(),
        StepKind::CourtOrKronofogdenMayFollow => t_string!(i18n, step_court_or_kronofogden_may_follow).to_string(),
        StepKind::DisputeSent => t_string!(i18n, step_dispute_sent).to_string(),
        StepKind::DisputeInformationAdded => t_string!(i18n, step_dispute_information_added).to_string(),
        StepKind::DeferralRequested => t_string!(i18n, step_deferral_requested).to_string(),
        StepKind::DeferralGranted => t_string!(i18n, step_deferral_granted).to_string(),
        StepKind::DeferralDeclined => t_string!(i18n, step_deferral_declined).to_string(),
        StepKind::ReviewAnswered => t_string!(i18n, step_review_answered).to_string(),
        StepKind::PlanApproved => t_string!(i18n, step_plan_approved).to_string(),
        StepKind::PlanDeclined => t_string!(i18n, step_plan_declined).to_string(),
        StepKind::PlanCountered => t_string!(i18n, step_plan_countered).to_string(),
        StepKind::ClaimWithdrawn => t_string!(i18n, step_claim_withdrawn).to_string(),
        StepKind::ClaimReduced => t_string!(i18n, step_claim_reduced).to_string(),
        StepKind::DisputeRejected => t_string!(i18n, step_dispute_rejected).to_string(),
        StepKind::InstallmentDue => t_string!(i18n, step_installment_due).to_string(),
        StepKind::PlanLapsed => t_string!(i18n, step_plan_lapsed).to_string(),
    }
}

/// What a dispute concerns, as a phrase ("SEK 1,200.00 of the principal", "The fee …").
pub fn disputed_part(i18n: Ctx, part: &crate::dispute_data::PartView, currency: Currency) -> String {
    use crate::dispute_data::PartView;
    let money = |m| super::format::money(i18n.get_locale(), m, currency);
    match part {
        PartView::Whole => t_string!(i18n, dispute_part_whole).to_string(),
        PartView::Amount(m) => t_string!(i18n, dispute_part_of_principal, amount = money(*m)).to_string(),
        PartView::Fee { kind, amount } => {
            t_string!(i18n, dispute_part_named_fee, fee = fee(i18n, kind), amount = money(*amount)).to_string()
        }
    }
}

/// The dispute form's reasons, in the words the form shows.
pub fn dispute_reason(locale: Locale, r: DisputeReason) -> String {
    match r {
        DisputeReason::AlreadyPaid => td_string!(locale, dispute_reason_already_paid).to_string(),
        DisputeReason::WrongAmount => td_string!(locale, dispute_reason_wrong_amount).to_string(),
        DisputeReason::NotReceived => td_string!(locale, dispute_reason_not_received).to_string(),
        DisputeReason::NotMyDebt => td_string!(locale, dispute_reason_not_my_debt).to_string(),
        DisputeReason::Other => td_string!(locale, dispute_reason_other).to_string(),
    }
}

/// Why the creditor declined a plan proposal, in the decision form's words and the debtor's.
pub fn decline_reason(locale: Locale, r: DeclineReason) -> String {
    match r {
        DeclineReason::AmountTooLow => td_string!(locale, decline_reason_amount_too_low).to_string(),
        DeclineReason::TooLong => td_string!(locale, decline_reason_too_long).to_string(),
        DeclineReason::EarlierPlanBroken => td_string!(locale, decline_reason_earlier_plan_broken).to_string(),
        DeclineReason::PayInFull => td_string!(locale, decline_reason_pay_in_full).to_string(),
        DeclineReason::Other => td_string!(locale, decline_reason_other).to_string(),
    }
}

/// What has happened, in the hardship form's words.
pub fn situation(locale: Locale, s: Situation) -> String {
    match s {
        Situation::Unemployment => td_string!(locale, situation_unemployment).to_string(),
        Situation::Illness => td_string!(locale, situation_illness).to_string(),
        Situation::Separation => td_string!(locale, situation_separation).to_string(),
        Situation::Bereavement => td_string!(locale, situation_bereavement).to_string(),
        Situation::ReducedIncome => td_string!(locale, situation_reduced_income).to_string(),
        Situation::Other => td_string!(locale, situation_other).to_string(),
    }
}

/// A form field or file the debtor can correct, with what to do.
pub fn input_error(locale: Locale, e: InputError) -> String {
    match e {
        InputError::ReasonMissing => td_string!(locale, error_reason_missing).to_string(),
        InputError::ExplanationMissing => td_string!(locale, error_explanation_missing).to_string(),
        InputError::ExplanationTooLong => td_string!(locale, error_explanation_too_long).to_string(),
        InputError::FileTypeNotAllowed => td_string!(locale, error_file_type_not_allowed).to_string(),
        InputError::FileTooLarge => td_string!(locale, error_file_too_large).to_string(),
        InputError::TooManyFiles => td_string!(locale, error_too_many_files).to_string(),
        InputError::FileEmpty => td_string!(locale, error_file_empty).to_string(),
        InputError::SituationMissing => td_string!(locale, error_situation_missing).to_string(),
        InputError::AmountInvalid => td_string!(locale, error_amount_invalid).to_string(),
        InputError::HouseholdInvalid => td_string!(locale, error_household_invalid).to_string(),
        InputError::RefundClearingInvalid => td_string!(locale, error_refund_clearing_invalid).to_string(),
        InputError::RefundAccountInvalid => td_string!(locale, error_refund_account_invalid).to_string(),
        InputError::ConsentMissing => td_string!(locale, error_consent_missing).to_string(),
        InputError::ClaimsMissing => td_string!(locale, error_claims_missing).to_string(),
        InputError::DeferralDateMissing => td_string!(locale, error_deferral_date_missing).to_string(),
        InputError::DeferralNotLater => td_string!(locale, error_deferral_not_later).to_string(),
        InputError::DeferralTooFar => td_string!(locale, error_deferral_too_far).to_string(),
        InputError::OutcomeMissing => td_string!(locale, error_outcome_missing).to_string(),
        InputError::DeclineReasonMissing => td_string!(locale, error_decline_reason_missing).to_string(),
        InputError::NoteMissing => td_string!(locale, error_note_missing).to_string(),
        InputError::NoteTooLong => td_string!(locale, error_note_too_long).to_string(),
        InputError::NewPrincipalMissing => td_string!(locale, error_new_principal_missing).to_string(),
        InputError::NewPrincipalNotLower => td_string!(locale, error_new_principal_not_lower).to_string(),
        InputError::RejectionExplanationMissing => td_string!(locale, error_rejection_explanation_missing).to_string(),
        InputError::DeferralNoteMissing => td_string!(locale, error_deferral_note_missing).to_string(),
        InputError::AnswerMissing => td_string!(locale, error_answer_missing).to_string(),
        InputError::PolicyCountInvalid => td_string!(locale, error_policy_count_invalid).to_string(),
        InputError::PolicyDaysInvalid => td_string!(locale, error_policy_days_invalid).to_string(),
        InputError::SearchInvalid => td_string!(locale, error_search_invalid).to_string(),
        InputError::PageLinkStale => td_string!(locale, error_page_link_stale).to_string(),
        InputError::QueueKindInvalid => td_string!(locale, error_queue_kind_invalid).to_string(),
        InputError::WaitedInvalid => td_string!(locale, error_waited_invalid).to_string(),
        InputError::AmountRangeInverted => td_string!(locale, error_amount_range_inverted).to_string(),
        InputError::PolicyGraceAboveLapse => td_string!(locale, error_policy_grace_above_lapse).to_string(),
        InputError::PlanFeeNotInNorway => td_string!(locale, error_plan_fee_not_in_norway).to_string(),
        InputError::PolicyAutoAboveMax => td_string!(locale, error_policy_auto_above_max).to_string(),
        InputError::PolicyAutoBelowMin => td_string!(locale, error_policy_auto_below_min).to_string(),
        InputError::PlanFeeAboveCap => td_string!(locale, error_plan_fee_above_cap).to_string(),
        InputError::RateDateInvalid => td_string!(locale, error_rate_date_invalid).to_string(),
        InputError::RateInvalid => td_string!(locale, error_rate_invalid).to_string(),
        InputError::RateExists => td_string!(locale, error_rate_exists).to_string(),
        InputError::StaffNameInvalid => td_string!(locale, error_staff_name_invalid).to_string(),
        InputError::KeyNameInvalid => td_string!(locale, error_key_name_invalid).to_string(),
        InputError::EmailInvalid => td_string!(locale, error_email_invalid).to_string(),
        InputError::RoleMissing => td_string!(locale, error_role_missing).to_string(),
        InputError::PasswordTooShort => td_string!(locale, error_password_too_short).to_string(),
        InputError::DisputeFull => td_string!(locale, error_dispute_full).to_string(),
        InputError::DisputePartInvalid => td_string!(locale, error_dispute_part_invalid).to_string(),
        InputError::DisputedAmountInvalid => td_string!(locale, error_disputed_amount_invalid).to_string(),
        InputError::DisputedAmountAbovePrincipal => {
            td_string!(locale, error_disputed_amount_above_principal).to_string()
        }
        InputError::DisputedFeeUnknown => td_string!(locale, error_disputed_fee_unknown).to_string(),
        InputError::DisputeNotNew => td_string!(locale, error_dispute_not_new).to_string(),
        InputError::ReviewsPending => td_string!(locale, error_reviews_pending).to_string(),
        InputError::PasswordCommon => td_string!(locale, error_password_common).to_string(),
        InputError::PasswordMismatch => td_string!(locale, error_password_mismatch).to_string(),
        InputError::PasswordUnchanged => td_string!(locale, error_password_unchanged).to_string(),
        InputError::TotpInvalid => td_string!(locale, error_totp_invalid).to_string(),
    }
}

/// Error codes a debtor can meet on these pages. Arithmetic codes a debtor's choice cannot cause read as
/// the calm "something went wrong". Takes the locale, not the reactive context, so the server's own
/// error pages (the same-origin refusal, `busy`) use it too.
pub fn error(locale: Locale, code: ErrorCode, minutes: i64) -> String {
    let code = match code {
        ErrorCode::Portal(code) => code,
        ErrorCode::Domain(e) => return plan_error(locale, e),
        ErrorCode::Input(e) => return input_error(locale, e),
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
        PortalCode::ClaimDisputed => td_string!(locale, error_claim_disputed).to_string(),
        PortalCode::ClaimContested => td_string!(locale, error_claim_contested).to_string(),
        PortalCode::NothingToPay => td_string!(locale, error_nothing_to_pay).to_string(),
        PortalCode::NothingToRefund => td_string!(locale, error_nothing_to_refund).to_string(),
        PortalCode::PlanAlreadyOpen => td_string!(locale, error_plan_already_open).to_string(),
        PortalCode::PlanRejected => td_string!(locale, error_plan_rejected).to_string(),
        PortalCode::NoPendingProposal => td_string!(locale, error_no_pending_proposal).to_string(),
        PortalCode::AlreadyDisputed => td_string!(locale, error_already_disputed).to_string(),
        PortalCode::DisputeAnswered => td_string!(locale, error_dispute_answered).to_string(),
        PortalCode::CounterOutsidePolicy => td_string!(locale, error_counter_outside_policy).to_string(),
        PortalCode::EmailTaken => td_string!(locale, error_email_taken).to_string(),
        PortalCode::CannotRemoveSelf => td_string!(locale, error_cannot_remove_self).to_string(),
        PortalCode::ClaimClosed => td_string!(locale, error_claim_closed).to_string(),
        PortalCode::NoPlanAfterLapse => td_string!(locale, error_no_plan_after_lapse).to_string(),
        PortalCode::PlanNotActive => td_string!(locale, error_plan_not_active).to_string(),
        PortalCode::EndNotConfirmed => td_string!(locale, error_end_not_confirmed).to_string(),
        PortalCode::DeferralPending => td_string!(locale, error_deferral_pending).to_string(),
        PortalCode::HardshipExists => td_string!(locale, error_hardship_exists).to_string(),
        PortalCode::ReviewAlreadyRequested => td_string!(locale, error_review_already_requested).to_string(),
        PortalCode::PayloadTooLarge => td_string!(locale, error_payload_too_large).to_string(),
        PortalCode::InvalidStaffCredentials => td_string!(locale, error_invalid_staff_credentials).to_string(),
        PortalCode::AlreadyDecided => td_string!(locale, error_already_decided).to_string(),
        PortalCode::NotPending => td_string!(locale, error_not_pending).to_string(),
        PortalCode::Forbidden => td_string!(locale, error_forbidden).to_string(),
        // The API's own codes answer creditors' systems; no page shows them.
        PortalCode::InvalidApiKey
        | PortalCode::InvalidBody
        | PortalCode::InvalidQuery
        | PortalCode::ClaimsInvalid
        | PortalCode::IdempotencyKeyInvalid
        | PortalCode::IdempotencyKeyReused
        | PortalCode::RequestInProgress
        | PortalCode::UnknownLanguage
        | PortalCode::RequestFailed
        | PortalCode::Unavailable
        | PortalCode::Internal => td_string!(locale, error_internal).to_string(),
    }
}

/// What a debtor's plan choice can be refused for by the arithmetic, with what to do instead.
pub fn plan_error(locale: Locale, e: DomainError) -> String {
    match e {
        DomainError::InvalidInstallments | DomainError::AmountXorInstallments => {
            td_string!(locale, plan_error_installments).to_string()
        }
        DomainError::InvalidAmount => td_string!(locale, plan_error_amount).to_string(),
        DomainError::InvalidDate => td_string!(locale, plan_error_date).to_string(),
        DomainError::FirstDueBeforeStart => td_string!(locale, plan_error_before_start).to_string(),
        DomainError::DoesNotAmortize => td_string!(locale, plan_error_does_not_amortize).to_string(),
        DomainError::InvalidInterest
        | DomainError::PaymentAfterAsOf
        | DomainError::NoReferenceRate
        | DomainError::NothingOutstanding
        | DomainError::InvalidReferenceScheme
        | DomainError::InvalidReferenceBase
        | DomainError::InvalidReferenceLength
        | DomainError::KidMod11UnusableBase
        | DomainError::InvalidPolicy => td_string!(locale, error_internal).to_string(),
    }
}

/// Why a deferral request waits for a person.
pub fn deferral_reason(locale: Locale, r: DeferralReason, terms: &PolicyTerms) -> String {
    match r {
        DeferralReason::BeyondPolicy => {
            td_string!(locale, deferral_reason_beyond_policy, days = terms.max_deferral_days).to_string()
        }
        DeferralReason::AlreadyDeferred => td_string!(locale, deferral_reason_already_deferred).to_string(),
    }
}

/// Why a plan waits for the creditor or is refused, with the policy's numbers filled in.
pub fn reason(locale: Locale, r: Reason, terms: &PolicyTerms, currency: Currency) -> String {
    let money = |m| crate::components::format::money(locale, m, currency);
    match r {
        Reason::TooManyInstallments => {
            td_string!(locale, reason_too_many_installments, max = terms.max_installments).to_string()
        }
        Reason::InstallmentBelowMinimum => {
            td_string!(locale, reason_installment_below_minimum, min = money(terms.min_installment)).to_string()
        }
        Reason::FirstDueTooLate => {
            td_string!(locale, reason_first_due_too_late, days = terms.max_days_to_first_due).to_string()
        }
        Reason::DeferralTooLong => {
            td_string!(locale, reason_deferral_too_long, days = terms.max_deferral_days).to_string()
        }
        Reason::MoreInstallmentsThanAutoApproved => {
            td_string!(locale, reason_more_installments_than_auto_approved, max = terms.auto_approve_max_installments)
                .to_string()
        }
        Reason::InstallmentBelowAutoApproved => {
            td_string!(locale, reason_installment_below_auto_approved, min = money(terms.auto_approve_min_installment))
                .to_string()
        }
    }
}
