use serde::{Deserialize, Serialize};

/// Every way the arithmetic can refuse a case. The codes are a contract with the UI, the API and the
/// `calc` command (`../shared/spec/claim-arithmetic.md`), so they never change once published; the
/// English message is only a fallback for people reading JSON by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, thiserror::Error)]
#[serde(rename_all = "snake_case")]
pub enum DomainError {
    #[error("an amount is negative, zero where it must be positive, or has more than two decimals")]
    InvalidAmount,
    #[error("the interest terms or the reference-rate table are not valid")]
    InvalidInterest,
    #[error("give either an installment amount or a number of installments, not both or neither")]
    AmountXorInstallments,
    #[error("the number of installments is outside the allowed range")]
    InvalidInstallments,
    #[error("the first installment falls due before the plan starts")]
    FirstDueBeforeStart,
    #[error("a payment is dated after the statement date")]
    PaymentAfterAsOf,
    #[error("no reference rate is known for a day that earns interest")]
    NoReferenceRate,
    #[error("nothing is outstanding on this claim")]
    NothingOutstanding,
    #[error("the installments do not pay off the claim within the allowed number of installments")]
    DoesNotAmortize,
    #[error("unknown payment reference scheme")]
    InvalidReferenceScheme,
    #[error("the reference base must be one or more digits")]
    InvalidReferenceBase,
    #[error("the reference would be shorter than 2 or longer than 25 digits")]
    InvalidReferenceLength,
    #[error("this base has no MOD11 check digit; use another base")]
    KidMod11UnusableBase,
    #[error("the plan policy is not valid")]
    InvalidPolicy,
}

impl DomainError {
    pub fn code(self) -> &'static str {
        match self {
            Self::InvalidAmount => "invalid_amount",
            Self::InvalidInterest => "invalid_interest",
            Self::AmountXorInstallments => "amount_xor_installments",
            Self::InvalidInstallments => "invalid_installments",
            Self::FirstDueBeforeStart => "first_due_before_start",
            Self::PaymentAfterAsOf => "payment_after_as_of",
            Self::NoReferenceRate => "no_reference_rate",
            Self::NothingOutstanding => "nothing_outstanding",
            Self::DoesNotAmortize => "does_not_amortize",
            Self::InvalidReferenceScheme => "invalid_reference_scheme",
            Self::InvalidReferenceBase => "invalid_reference_base",
            Self::InvalidReferenceLength => "invalid_reference_length",
            Self::KidMod11UnusableBase => "kid_mod11_unusable_base",
            Self::InvalidPolicy => "invalid_policy",
        }
    }

    /// The `{"error":…,"message":…}` body used by `calc` and the API.
    pub fn to_json(self) -> serde_json::Value {
        serde_json::json!({ "error": self.code(), "message": self.to_string() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_name_matches_code() {
        for e in [
            DomainError::InvalidAmount,
            DomainError::NoReferenceRate,
            DomainError::KidMod11UnusableBase,
            DomainError::InvalidPolicy,
        ] {
            assert_eq!(serde_json::to_value(e).unwrap(), serde_json::json!(e.code()));
        }
    }
}
