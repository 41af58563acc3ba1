//! The one error type of the portal. Its `code` is a stable snake_case [`ErrorCode`] (a
//! [`DomainError`] or one of the portal's own) and is what the UI translates; `message` is English
//! for logs and API users. The HTTP status of every code is decided in one `match`
//! ([`ErrorCode::status`]).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::domain::{DomainError, InputError, UnknownCode};

mod portal_code {
    use crate::domain::text_code::text_code;

    text_code! {
        /// The portal's own codes, beside the arithmetic's.
        pub enum PortalCode("error code") {
            NotFound = "not_found",
            Unauthenticated = "unauthenticated",
            Forbidden = "forbidden",
            PayloadTooLarge = "payload_too_large",
            TooManyAttempts = "too_many_attempts",
            InvalidCredentials = "invalid_credentials",
            MissingCredentials = "missing_credentials",
            UnknownLanguage = "unknown_language",
            /// A state change sent by another site's page (the same-origin check).
            CrossSiteRequest = "cross_site_request",
            /// Every access-code check is busy; try again in a moment.
            Busy = "busy",
            /// The letter's code was right once but has expired or was replaced.
            CodeExpired = "code_expired",
            /// "Add another letter" with a letter addressed to another person.
            LetterOfSomeoneElse = "letter_of_someone_else",
            /// A plan proposed for a disputed claim: the dispute is answered first.
            ClaimDisputed = "claim_disputed",
            /// A plan proposed for a claim whose dispute was rejected: the creditor's way on is the
            /// court (or the conciliation board), not ordinary collection; the debtor may still pay.
            ClaimContested = "claim_contested",
            /// A plan proposed for a claim with nothing left to pay.
            NothingToPay = "nothing_to_pay",
            /// A refund account given for a claim that is not overpaid: there is nothing to pay back.
            NothingToRefund = "nothing_to_refund",
            /// The claim already has a pending proposal or an active plan (another choice).
            PlanAlreadyOpen = "plan_already_open",
            /// The creditor's rules do not allow the plan; the page says which rule and what would do.
            PlanRejected = "plan_rejected",
            /// "Withdraw" with no pending proposal (decided, or withdrawn already).
            NoPendingProposal = "no_pending_proposal",
            /// The claim has an open dispute already (another tab, a double click).
            AlreadyDisputed = "already_disputed",
            /// A staff account with that email address exists (perhaps removed: addresses stay taken).
            EmailTaken = "email_taken",
            /// An administrator removing their own account.
            CannotRemoveSelf = "cannot_remove_self",
            /// A counter-proposal the creditor's own rules (with the legal caps) refuse.
            CounterOutsidePolicy = "counter_outside_policy",
            /// The creditor answered the claim's dispute; what is left is the route the answer names.
            DisputeAnswered = "dispute_answered",
            /// A paid or closed claim: nothing to dispute or defer.
            ClaimClosed = "claim_closed",
            NoPlanAfterLapse = "no_plan_after_lapse",
            PlanNotActive = "plan_not_active",
            EndNotConfirmed = "end_not_confirmed",
            /// A deferral asked while another waits for the creditor.
            DeferralPending = "deferral_pending",
            /// A hardship statement sent while one is kept already (withdraw it first).
            HardshipExists = "hardship_exists",
            /// A review of a decision asked while the same request waits already (a double submit).
            ReviewAlreadyRequested = "review_already_requested",
            /// Staff sign-in with a wrong email or password (the two are never told apart).
            InvalidStaffCredentials = "invalid_staff_credentials",
            /// A decision on an item another person decided first.
            AlreadyDecided = "already_decided",
            /// The item is no longer waiting for a decision (the debtor withdrew it).
            NotPending = "not_pending",
            /// A request the server could not read (a server function's arguments, say).
            RequestFailed = "request_failed",
            /// The API: an `Authorization: Bearer` key that is unknown or revoked.
            InvalidApiKey = "invalid_api_key",
            /// The API: a body that is not the JSON the endpoint documents.
            InvalidBody = "invalid_body",
            /// The API: a list's `status`, `cursor` or `limit` that it does not know.
            InvalidQuery = "invalid_query",
            /// The API: claims with something to correct (the answer lists each, by index and field).
            ClaimsInvalid = "claims_invalid",
            /// The API: an `Idempotency-Key` that is empty, too long or not printable ASCII.
            IdempotencyKeyInvalid = "idempotency_key_invalid",
            /// The API: an `Idempotency-Key` used before with another request.
            IdempotencyKeyReused = "idempotency_key_reused",
            /// The API: the first request with this `Idempotency-Key` is still being answered.
            RequestInProgress = "request_in_progress",
            Unavailable = "unavailable",
            Internal = "internal",
        }
    }
}
pub use portal_code::PortalCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// The arithmetic refused what the request asked for.
    Domain(DomainError),
    /// A form field or file the debtor can correct.
    Input(InputError),
    Portal(PortalCode),
}

impl ErrorCode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Domain(e) => e.as_str(),
            Self::Input(e) => e.as_str(),
            Self::Portal(c) => c.as_str(),
        }
    }
}

impl ErrorCode {
    /// A code a form post came back with in the address (`?error=code`): the address can be edited,
    /// so anything that is not a code reads as "something went wrong".
    pub fn returned(text: &str) -> Self {
        text.parse().unwrap_or(Self::Portal(PortalCode::Internal))
    }
}

impl std::str::FromStr for ErrorCode {
    type Err = UnknownCode;
    fn from_str(s: &str) -> Result<Self, UnknownCode> {
        s.parse().map(Self::Portal).or_else(|_| s.parse().map(Self::Domain)).or_else(|_| s.parse().map(Self::Input))
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        crate::domain::text_code::deserialize_text(d)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{code}: {message}")]
pub struct AppError {
    #[serde(rename = "error")]
    pub code: ErrorCode,
    pub message: String,
}

impl AppError {
    pub fn new(code: PortalCode, message: impl Into<String>) -> Self {
        Self { code: ErrorCode::Portal(code), message: message.into() }
    }

    pub fn not_found() -> Self {
        Self::new(PortalCode::NotFound, "there is nothing at this address")
    }

    pub fn unavailable() -> Self {
        Self::new(PortalCode::Unavailable, "the service cannot reach its database")
    }

    /// Details go to the log, never to the client.
    pub fn internal() -> Self {
        Self::new(PortalCode::Internal, "something went wrong on our side; nothing was changed")
    }

    pub fn unauthenticated() -> Self {
        Self::new(PortalCode::Unauthenticated, "sign in to see this page")
    }

    pub fn is(&self, code: PortalCode) -> bool {
        self.code == ErrorCode::Portal(code)
    }
}

/// A domain error caused by what the request asked for. One caused by stored data is a fault of
/// ours instead: the server maps those with `AppError::stored_data`, which logs and answers 500.
impl From<DomainError> for AppError {
    fn from(e: DomainError) -> Self {
        Self { code: ErrorCode::Domain(e), message: e.to_string() }
    }
}

/// A text that cannot be an id names nothing: 404, exactly like an id nobody has.
impl From<crate::domain::BadId> for AppError {
    fn from(_: crate::domain::BadId) -> Self {
        AppError::not_found()
    }
}

/// A form the debtor can correct: 400 (413 for a file too large), with the field's own code.
impl From<InputError> for AppError {
    fn from(e: InputError) -> Self {
        Self { code: ErrorCode::Input(e), message: e.to_string() }
    }
}

/// Lets server functions return `AppError` itself, so the browser gets the same code the server chose.
impl leptos::server_fn::error::FromServerFnError for AppError {
    type Encoder = leptos::server_fn::codec::JsonEncoding;

    fn from_server_fn_error(e: leptos::server_fn::error::ServerFnErrorErr) -> Self {
        Self::new(PortalCode::RequestFailed, e.to_string())
    }
}

#[cfg(feature = "ssr")]
mod http {
    use super::{AppError, ErrorCode, InputError, PortalCode};
    use axum::http::StatusCode;
    use axum::response::{IntoResponse, Response};

    impl ErrorCode {
        /// Every code's HTTP status, here and nowhere else. No wildcard: a new code must be placed.
        pub fn status(self) -> StatusCode {
            match self {
                ErrorCode::Domain(_) => StatusCode::BAD_REQUEST,
                ErrorCode::Input(e) => match e {
                    InputError::FileTooLarge | InputError::TooManyFiles => StatusCode::PAYLOAD_TOO_LARGE,
                    InputError::FileTypeNotAllowed => StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    InputError::ReasonMissing
                    | InputError::ExplanationMissing
                    | InputError::ExplanationTooLong
                    | InputError::FileEmpty
                    | InputError::SituationMissing
                    | InputError::AmountInvalid
                    | InputError::HouseholdInvalid
                    | InputError::RefundClearingInvalid
                    | InputError::RefundAccountInvalid
                    | InputError::ConsentMissing
                    | InputError::ClaimsMissing
                    | InputError::DeferralDateMissing
                    | InputError::DeferralNotLater
                    | InputError::DeferralTooFar
                    | InputError::OutcomeMissing
                    | InputError::DeclineReasonMissing
                    | InputError::NoteMissing
                    | InputError::NoteTooLong
                    | InputError::NewPrincipalMissing
                    | InputError::NewPrincipalNotLower
                    | InputError::RejectionExplanationMissing
                    | InputError::DeferralNoteMissing
                    | InputError::AnswerMissing
                    | InputError::PolicyCountInvalid
                    | InputError::PolicyDaysInvalid
                    | InputError::PolicyGraceAboveLapse
                    | InputError::PlanFeeNotInNorway
                    | InputError::PolicyAutoAboveMax
                    | InputError::PolicyAutoBelowMin
                    | InputError::PlanFeeAboveCap
                    | InputError::RateDateInvalid
                    | InputError::RateInvalid
                    | InputError::StaffNameInvalid
                    | InputError::EmailInvalid
                    | InputError::RoleMissing
                    | InputError::PasswordTooShort
                    | InputError::PasswordCommon
                    | InputError::PasswordMismatch
                    | InputError::PasswordUnchanged
                    | InputError::TotpInvalid
                    | InputError::SearchInvalid
                    | InputError::PageLinkStale
                    | InputError::QueueKindInvalid
                    | InputError::WaitedInvalid
                    | InputError::AmountRangeInverted
                    | InputError::KeyNameInvalid
                    | InputError::DisputePartInvalid
                    | InputError::DisputedAmountInvalid
                    | InputError::DisputedAmountAbovePrincipal
                    | InputError::DisputedFeeUnknown
                    | InputError::DisputeNotNew => StatusCode::BAD_REQUEST,
                    InputError::DisputeFull | InputError::ReviewsPending | InputError::RateExists => {
                        StatusCode::CONFLICT
                    }
                },
                ErrorCode::Portal(code) => match code {
                    PortalCode::NotFound => StatusCode::NOT_FOUND,
                    PortalCode::Unauthenticated => StatusCode::UNAUTHORIZED,
                    PortalCode::Forbidden | PortalCode::CrossSiteRequest => StatusCode::FORBIDDEN,
                    PortalCode::Busy => StatusCode::SERVICE_UNAVAILABLE,
                    PortalCode::CodeExpired | PortalCode::InvalidApiKey => StatusCode::UNAUTHORIZED,
                    PortalCode::InvalidBody | PortalCode::InvalidQuery | PortalCode::IdempotencyKeyInvalid => {
                        StatusCode::BAD_REQUEST
                    }
                    PortalCode::ClaimsInvalid | PortalCode::IdempotencyKeyReused => StatusCode::UNPROCESSABLE_ENTITY,
                    PortalCode::RequestInProgress => StatusCode::CONFLICT,
                    PortalCode::LetterOfSomeoneElse
                    | PortalCode::ClaimDisputed
                    | PortalCode::ClaimContested
                    | PortalCode::NothingToPay
                    | PortalCode::NothingToRefund
                    | PortalCode::PlanAlreadyOpen
                    | PortalCode::NoPendingProposal
                    | PortalCode::AlreadyDisputed
                    | PortalCode::DisputeAnswered
                    | PortalCode::ClaimClosed
                    | PortalCode::NoPlanAfterLapse
                    | PortalCode::PlanNotActive
                    | PortalCode::EndNotConfirmed
                    | PortalCode::DeferralPending
                    | PortalCode::HardshipExists
                    | PortalCode::ReviewAlreadyRequested
                    | PortalCode::AlreadyDecided
                    | PortalCode::NotPending => StatusCode::CONFLICT,
                    PortalCode::PlanRejected | PortalCode::CounterOutsidePolicy => StatusCode::UNPROCESSABLE_ENTITY,
                    PortalCode::EmailTaken | PortalCode::CannotRemoveSelf => StatusCode::CONFLICT,
                    PortalCode::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
                    PortalCode::TooManyAttempts => StatusCode::TOO_MANY_REQUESTS,
                    PortalCode::InvalidCredentials
                    | PortalCode::MissingCredentials
                    | PortalCode::InvalidStaffCredentials
                    | PortalCode::UnknownLanguage
                    | PortalCode::RequestFailed => StatusCode::BAD_REQUEST,
                    PortalCode::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
                    PortalCode::Internal => StatusCode::INTERNAL_SERVER_ERROR,
                },
            }
        }
    }

    /// How long a client should wait before trying again after `busy` or `unavailable`.
    pub const RETRY_AFTER_SECS: u32 = 2;

    impl AppError {
        pub fn status(&self) -> StatusCode {
            self.code.status()
        }

        /// Adds what the code tells a client besides the status: `Retry-After` for `busy` and
        /// `unavailable`. Used by every way an `AppError` becomes a response (JSON here, the
        /// server's HTML error page, `ErrorNotice` on a page).
        pub fn add_headers(&self, res: &mut Response) {
            if let Some(secs) = self.retry_after_secs() {
                res.headers_mut().insert(axum::http::header::RETRY_AFTER, secs.into());
            }
        }

        /// Seconds to wait before trying again, for the codes that say "later".
        pub fn retry_after_secs(&self) -> Option<u32> {
            (self.is(PortalCode::Busy) || self.is(PortalCode::Unavailable)).then_some(RETRY_AFTER_SECS)
        }

        /// The engine refused data we stored (a claim, a rate table): our fault, not the reader's.
        /// The detail goes to the log; the reader gets the calm `internal` message.
        pub fn stored_data(what: &str, e: crate::domain::DomainError) -> AppError {
            tracing::error!(code = e.as_str(), error = %e, what, "stored data refused by the engine");
            AppError::internal()
        }
    }

    impl IntoResponse for AppError {
        fn into_response(self) -> Response {
            let mut res = (self.status(), axum::Json(&self)).into_response();
            self.add_headers(&mut res);
            res
        }
    }

    impl From<crate::server::store::StoreError> for AppError {
        fn from(e: crate::server::store::StoreError) -> Self {
            tracing::error!(error = %e, "storage failed");
            // The database down or restarting: the client may try again shortly (503,
            // `Retry-After`); the node recovers by itself when it is back.
            if e.is_unavailable() {
                AppError::unavailable()
            } else {
                AppError::internal()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_as_error_and_message() {
        let v = serde_json::to_value(AppError::from(DomainError::InvalidAmount)).unwrap();
        assert_eq!(v["error"], "invalid_amount");
        assert!(v["message"].as_str().unwrap().contains("amount"));
        let back: AppError = serde_json::from_value(v).unwrap();
        assert_eq!(back.code, ErrorCode::Domain(DomainError::InvalidAmount));
    }

    #[test]
    fn every_code_reads_back_and_no_spelling_is_shared() {
        let all: Vec<ErrorCode> = PortalCode::ALL
            .iter()
            .map(|c| ErrorCode::Portal(*c))
            .chain(DomainError::ALL.iter().map(|e| ErrorCode::Domain(*e)))
            .chain(InputError::ALL.iter().map(|e| ErrorCode::Input(*e)))
            .collect();
        for c in &all {
            assert_eq!(c.as_str().parse::<ErrorCode>(), Ok(*c));
        }
        let mut spellings: Vec<&str> = all.iter().map(|c| c.as_str()).collect();
        spellings.sort_unstable();
        spellings.dedup();
        assert_eq!(spellings.len(), all.len());
        assert!("no_such_code".parse::<ErrorCode>().is_err());
        assert_eq!(ErrorCode::returned("file_too_large"), ErrorCode::Input(InputError::FileTooLarge));
        assert_eq!(ErrorCode::returned("<script>"), ErrorCode::Portal(PortalCode::Internal));
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn statuses() {
        use axum::http::StatusCode;
        assert_eq!(AppError::from(DomainError::InvalidAmount).status(), StatusCode::BAD_REQUEST);
        assert_eq!(AppError::not_found().status(), StatusCode::NOT_FOUND);
        assert_eq!(AppError::internal().status(), StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(AppError::unavailable().status(), StatusCode::SERVICE_UNAVAILABLE);
    }
}
