//! What a debtor's form can be refused for beside the arithmetic's own codes.

use super::text_code::text_code;

text_code! {
    /// What a debtor's form can be refused for, beside the arithmetic's own codes: a missing or
    /// too long text, a file the portal does not take, a date that is no deferral. Each has its
    /// words in every language (`components::labels::error`).
    #[derive(thiserror::Error)]
    pub enum InputError("error code", messages) {
        #[error("choose why you dispute the claim")]
        ReasonMissing = "reason_missing",
        #[error("write an explanation")]
        ExplanationMissing = "explanation_missing",
        #[error("the explanation is longer than 5,000 characters")]
        ExplanationTooLong = "explanation_too_long",
        #[error("only PDF, JPEG and PNG files are accepted")]
        FileTypeNotAllowed = "file_type_not_allowed",
        #[error("a file is larger than 10 MB")]
        FileTooLarge = "file_too_large",
        #[error("at most 5 files can be sent at a time")]
        TooManyFiles = "too_many_files",
        #[error("a file is empty")]
        FileEmpty = "file_empty",
        #[error("choose the situation that describes yours")]
        SituationMissing = "situation_missing",
        #[error("an amount is not a number of kronor / kroner")]
        AmountInvalid = "amount_invalid",
        #[error("the household is 1 to 20 people")]
        HouseholdInvalid = "household_invalid",
        #[error("a Swedish clearing number is 4 digits (Swedbank: 5, starting with 8)")]
        RefundClearingInvalid = "refund_clearing_invalid",
        #[error("not an account number (Sweden: 7 to 10 digits; Norway: 11 digits with a valid check digit)")]
        RefundAccountInvalid = "refund_account_invalid",
        #[error("the consent box must be ticked for the information to be used")]
        ConsentMissing = "consent_missing",
        #[error("choose at least one claim")]
        ClaimsMissing = "claims_missing",
        #[error("choose the new pay-by date")]
        DeferralDateMissing = "deferral_date_missing",
        #[error("the new pay-by date must be later than the current one")]
        DeferralNotLater = "deferral_not_later",
        #[error("the new pay-by date is more than a year away")]
        DeferralTooFar = "deferral_too_far",
        #[error("choose approve or decline")]
        OutcomeMissing = "outcome_missing",
        #[error("choose why the proposal is declined")]
        DeclineReasonMissing = "decline_reason_missing",
        #[error("write the reason to the debtor")]
        NoteMissing = "note_missing",
        #[error("the note is longer than 2,000 characters")]
        NoteTooLong = "note_too_long",
        #[error("write the claim's new principal")]
        NewPrincipalMissing = "new_principal_missing",
        #[error("the new principal must be above zero and below the current one")]
        NewPrincipalNotLower = "new_principal_not_lower",
        #[error("explain to the debtor why the claim stands")]
        RejectionExplanationMissing = "rejection_explanation_missing",
        #[error("tell the debtor why the later date is not granted")]
        DeferralNoteMissing = "deferral_note_missing",
        #[error("write the answer to the debtor")]
        AnswerMissing = "answer_missing",
        #[error("a number of installments is 1 to 120")]
        PolicyCountInvalid = "policy_count_invalid",
        #[error("a number of days is 0 to 365")]
        PolicyDaysInvalid = "policy_days_invalid",
        #[error("the grace before arrears must be shorter than the days before a plan lapses")]
        PolicyGraceAboveLapse = "policy_grace_above_lapse",
        #[error("Norway has no separate plan fee")]
        PlanFeeNotInNorway = "plan_fee_not_in_norway",
        #[error("plans approved at once cannot have more installments than the most allowed")]
        PolicyAutoAboveMax = "policy_auto_above_max",
        #[error("the smallest installment approved at once cannot be below the smallest allowed")]
        PolicyAutoBelowMin = "policy_auto_below_min",
        #[error("the plan fee is above the legal cap")]
        PlanFeeAboveCap = "plan_fee_above_cap",
        #[error("a rate applies from 1 January or 1 July, written YYYY-MM-DD")]
        RateDateInvalid = "rate_date_invalid",
        #[error("a rate is a percentage from -10 to 100 with at most two decimals")]
        RateInvalid = "rate_invalid",
        #[error("a rate is published for that half-year already")]
        RateExists = "rate_exists",
        #[error("write the person's name (at most 100 characters)")]
        StaffNameInvalid = "staff_name_invalid",
        #[error("name the key after the system that will use it (at most 100 characters)")]
        KeyNameInvalid = "key_name_invalid",
        #[error("write a whole email address")]
        EmailInvalid = "email_invalid",
        #[error("choose agent or administrator")]
        RoleMissing = "role_missing",
        #[error("the password is shorter than 12 characters")]
        PasswordTooShort = "password_too_short",
        #[error("the dispute holds as many additions as it takes")]
        DisputeFull = "dispute_full",
        #[error("choose the whole claim, an amount or a fee line")]
        DisputePartInvalid = "dispute_part_invalid",
        #[error("write the amount you dispute, above zero")]
        DisputedAmountInvalid = "disputed_amount_invalid",
        #[error("the amount disputed is more than the principal outstanding")]
        DisputedAmountAbovePrincipal = "disputed_amount_above_principal",
        #[error("the claim has no such fee line left to pay")]
        DisputedFeeUnknown = "disputed_fee_unknown",
        #[error("a new dispute after a rejection needs new information")]
        DisputeNotNew = "dispute_not_new",
        #[error("as many review requests as may wait at once are waiting")]
        ReviewsPending = "reviews_pending",
        #[error("the password is on the list of common or leaked passwords")]
        PasswordCommon = "password_common",
        #[error("the new password and its repetition differ")]
        PasswordMismatch = "password_mismatch",
        #[error("the new password is the current one")]
        PasswordUnchanged = "password_unchanged",
        #[error("the code from the authenticator app is not right")]
        TotpInvalid = "totp_invalid",
        #[error("a search is one line of at most 100 characters")]
        SearchInvalid = "search_invalid",
        #[error("this page's link is out of date; start again from the first page")]
        PageLinkStale = "page_link_stale",
        #[error("choose a kind of item from the list")]
        QueueKindInvalid = "queue_kind_invalid",
        #[error("choose a waiting time from the list")]
        WaitedInvalid = "waited_invalid",
        #[error("the lowest amount is above the highest")]
        AmountRangeInverted = "amount_range_inverted",
    }
}
