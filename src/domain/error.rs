//! The arithmetic's refusals: one code each, a contract with the UI, the API and `calc`.

use super::text_code::text_code;

text_code! {
    /// Every way the arithmetic can refuse a case. The codes are a contract with the UI, the API and
    /// the `calc` command (`docs/claim-arithmetic.md`, a copy of shared/spec), so they never change once
    /// published; the English message is only a fallback for people reading JSON by hand.
    #[derive(thiserror::Error)]
    pub enum DomainError("error code", messages) {
        #[error("an amount is negative, zero where it must be positive, has more than two decimals, or is too large")]
        InvalidAmount = "invalid_amount",
        #[error("the interest terms or the reference-rate table are not valid")]
        InvalidInterest = "invalid_interest",
        #[error("give either an installment amount or a number of installments, not both or neither")]
        AmountXorInstallments = "amount_xor_installments",
        #[error("the number of installments is outside the allowed range")]
        InvalidInstallments = "invalid_installments",
        #[error("the first installment falls due before the plan starts")]
        FirstDueBeforeStart = "first_due_before_start",
        #[error("a payment is dated after the statement date")]
        PaymentAfterAsOf = "payment_after_as_of",
        #[error("no reference rate is known for a day that earns interest")]
        NoReferenceRate = "no_reference_rate",
        #[error("nothing is outstanding on this claim")]
        NothingOutstanding = "nothing_outstanding",
        #[error("the installments do not pay off the claim within the allowed number of installments")]
        DoesNotAmortize = "does_not_amortize",
        #[error("unknown payment reference scheme")]
        InvalidReferenceScheme = "invalid_reference_scheme",
        #[error("the reference base must be one or more digits")]
        InvalidReferenceBase = "invalid_reference_base",
        #[error("the reference would be shorter than 2 or longer than 25 digits")]
        InvalidReferenceLength = "invalid_reference_length",
        #[error("this base has no MOD11 check digit; use another base")]
        KidMod11UnusableBase = "kid_mod11_unusable_base",
        #[error("the plan policy is not valid")]
        InvalidPolicy = "invalid_policy",
        #[error("a date is missing or is not a calendar date written YYYY-MM-DD")]
        InvalidDate = "invalid_date",
    }
}

impl DomainError {
    /// The `{"error":…,"message":…}` body used by `calc` and the API.
    pub fn to_json(self) -> serde_json::Value {
        serde_json::json!({ "error": self.as_str(), "message": self.to_string() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_name_matches_code() {
        assert_eq!(DomainError::KidMod11UnusableBase.as_str(), "kid_mod11_unusable_base");
        for &e in DomainError::ALL {
            assert_eq!(serde_json::to_value(e).unwrap(), serde_json::json!(e.as_str()));
        }
    }
}
