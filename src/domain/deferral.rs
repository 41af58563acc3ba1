//! A deferral (anstånd / betalingsutsettelse): the debtor asks to pay later than the pay-by date.
//! The creditor's policy grants one per claim at once, up to `max_deferral_days` later; any other
//! request waits for the creditor.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::input_error::InputError;
use super::text_code::text_code;

/// No request reaches further than this, whatever the policy: beyond it, a plan is the tool.
pub const MAX_DEFERRAL_REQUEST_DAYS: i64 = 365;

text_code! {
    /// Why a deferral waits for the creditor.
    pub enum DeferralReason("deferral reason") {
        /// Later than the policy's `max_deferral_days` after the current pay-by date.
        BeyondPolicy = "beyond_policy",
        /// The claim had its one deferral granted at once already.
        AlreadyDeferred = "already_deferred",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum DeferralVerdict {
    Granted,
    WaitsForCreditor(Vec<DeferralReason>),
}

/// Judges a request to pay by `requested` instead of `pay_by`.
pub fn judge(
    pay_by: NaiveDate,
    requested: NaiveDate,
    max_deferral_days: u32,
    deferred_before: bool,
) -> Result<DeferralVerdict, InputError> {
    let days = (requested - pay_by).num_days();
    if days <= 0 {
        return Err(InputError::DeferralNotLater);
    }
    if days > MAX_DEFERRAL_REQUEST_DAYS {
        return Err(InputError::DeferralTooFar);
    }
    let mut reasons = Vec::new();
    if days > i64::from(max_deferral_days) {
        reasons.push(DeferralReason::BeyondPolicy);
    }
    if deferred_before {
        reasons.push(DeferralReason::AlreadyDeferred);
    }
    Ok(if reasons.is_empty() { DeferralVerdict::Granted } else { DeferralVerdict::WaitsForCreditor(reasons) })
}

/// The date field of the deferral form.
pub fn requested_date(field: &str) -> Result<NaiveDate, InputError> {
    field.trim().parse().map_err(|_| InputError::DeferralDateMissing)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn within_the_policy_once_is_granted() {
        let pay_by = d("2026-11-30");
        assert_eq!(judge(pay_by, d("2026-12-30"), 30, false), Ok(DeferralVerdict::Granted));
        assert_eq!(judge(pay_by, d("2026-12-01"), 30, false), Ok(DeferralVerdict::Granted));
        assert_eq!(
            judge(pay_by, d("2026-12-31"), 30, false),
            Ok(DeferralVerdict::WaitsForCreditor(vec![DeferralReason::BeyondPolicy]))
        );
        assert_eq!(
            judge(pay_by, d("2026-12-10"), 30, true),
            Ok(DeferralVerdict::WaitsForCreditor(vec![DeferralReason::AlreadyDeferred]))
        );
        assert_eq!(
            judge(pay_by, d("2026-12-10"), 0, true),
            Ok(DeferralVerdict::WaitsForCreditor(vec![DeferralReason::BeyondPolicy, DeferralReason::AlreadyDeferred]))
        );
    }

    #[test]
    fn not_later_or_too_far_is_refused() {
        let pay_by = d("2026-11-30");
        assert_eq!(judge(pay_by, pay_by, 30, false), Err(InputError::DeferralNotLater));
        assert_eq!(judge(pay_by, d("2026-11-01"), 30, false), Err(InputError::DeferralNotLater));
        assert_eq!(judge(pay_by, d("2027-12-01"), 400, false), Err(InputError::DeferralTooFar));
        assert_eq!(requested_date("2026-12-24"), Ok(d("2026-12-24")));
        assert_eq!(requested_date("24/12"), Err(InputError::DeferralDateMissing));
    }
}
