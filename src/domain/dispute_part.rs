//! What a dispute concerns: the whole claim, an amount of its principal, or one of its fee lines.
//! Sweden lets collection go on for any undisputed part (docs/domain.md §1.6), so a partial
//! dispute pauses only that part; Norway's objection stops collection of what is objected to (§2.5).
//! Checked against the claim's statement before anything is stored.

use serde::{Deserialize, Serialize};

use super::input_error::InputError;
use super::money::form_amount;
use super::statement::Statement;
use super::text_code::text_code;
use super::Money;

text_code! {
    /// How the part is stored (`disputes.part_kind`).
    pub enum PartKind("dispute part") {
        Whole = "whole",
        Amount = "amount",
        Fee = "fee",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum DisputedPart {
    /// The whole claim: collection of all of it pauses (the claim's status says so).
    Whole,
    /// An amount of the principal, above zero.
    Amount(Money),
    /// A fee line, by its place in the claim's list of fees (0 for the first), as the claim page
    /// lists them.
    Fee(u32),
}

impl DisputedPart {
    /// The form's fields: `part` is `whole` (or absent: a form without the choice disputes the
    /// whole claim), `amount` with `part_amount`, or `fee-N`. Only the shape is checked here;
    /// [`DisputedPart::check`] holds it against the claim.
    pub fn from_fields(part: &str, amount: &str) -> Result<Self, InputError> {
        match part.trim() {
            "" | "whole" => Ok(Self::Whole),
            "amount" => match form_amount(amount)? {
                Some(m) if m.is_positive() => Ok(Self::Amount(m)),
                _ => Err(InputError::DisputedAmountInvalid),
            },
            other => other
                .strip_prefix("fee-")
                .filter(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|n| n.parse().ok())
                .map(Self::Fee)
                .ok_or(InputError::DisputePartInvalid),
        }
    }

    /// The part holds against the claim today: an amount no larger than the principal still
    /// outstanding, a fee line that exists and is not paid.
    pub fn check(self, st: &Statement) -> Result<Self, InputError> {
        match self {
            Self::Whole => Ok(self),
            Self::Amount(m) if m.is_positive() && m <= st.principal.outstanding => Ok(self),
            Self::Amount(_) => Err(InputError::DisputedAmountAbovePrincipal),
            Self::Fee(n) => match st.fees.items.get(n as usize) {
                Some(fee) if fee.outstanding.is_positive() => Ok(self),
                _ => Err(InputError::DisputedFeeUnknown),
            },
        }
    }

    pub fn kind(self) -> PartKind {
        match self {
            Self::Whole => PartKind::Whole,
            Self::Amount(_) => PartKind::Amount,
            Self::Fee(_) => PartKind::Fee,
        }
    }

    pub fn is_whole(self) -> bool {
        self == Self::Whole
    }

    /// As stored: the kind, the amount (amount parts) and the fee line (fee parts).
    pub fn columns(self) -> (PartKind, Option<Money>, Option<u32>) {
        match self {
            Self::Whole => (PartKind::Whole, None, None),
            Self::Amount(m) => (PartKind::Amount, Some(m), None),
            Self::Fee(n) => (PartKind::Fee, None, Some(n)),
        }
    }

    /// Back from the stored columns; `None` when they do not fit together.
    pub fn from_columns(kind: PartKind, amount: Option<Money>, fee: Option<u32>) -> Option<Self> {
        match (kind, amount, fee) {
            (PartKind::Whole, None, None) => Some(Self::Whole),
            (PartKind::Amount, Some(m), None) if m.is_positive() => Some(Self::Amount(m)),
            (PartKind::Fee, None, Some(n)) => Some(Self::Fee(n)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::claim::KnownFee;
    use crate::domain::statement::{Component, FeeItem, FeesPart, InterestPart};

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    fn st() -> Statement {
        let day = "2026-11-16".parse().unwrap();
        let fee = |amount: &str, paid: &str| FeeItem {
            kind: KnownFee::Collection.into(),
            date: day,
            amount: m(amount),
            paid: m(paid),
            outstanding: m(amount).checked_sub(m(paid)).unwrap(),
        };
        Statement {
            as_of: day,
            principal: Component { original: m("2000.00"), paid: m("500.00"), outstanding: m("1500.00") },
            interest: InterestPart { accrued: m("10.00"), paid: m("10.00"), outstanding: Money::ZERO },
            fees: FeesPart {
                charged: m("240.00"),
                paid: m("60.00"),
                outstanding: m("180.00"),
                items: vec![fee("60.00", "60.00"), fee("180.00", "0")],
            },
            total_outstanding: m("1680.00"),
            overpaid: Money::ZERO,
        }
    }

    #[test]
    fn the_form_names_a_part_or_the_whole() {
        assert_eq!(DisputedPart::from_fields("", "12"), Ok(DisputedPart::Whole));
        assert_eq!(DisputedPart::from_fields("whole", ""), Ok(DisputedPart::Whole));
        assert_eq!(DisputedPart::from_fields("amount", "1 200,50"), Ok(DisputedPart::Amount(m("1200.50"))));
        assert_eq!(DisputedPart::from_fields("fee-1", ""), Ok(DisputedPart::Fee(1)));
        for (part, amount, e) in [
            ("amount", "", InputError::DisputedAmountInvalid),
            ("amount", "0", InputError::DisputedAmountInvalid),
            ("amount", "0.00", InputError::DisputedAmountInvalid),
            ("amount", "-5", InputError::AmountInvalid),
            ("amount", "12.345", InputError::AmountInvalid),
            ("fee-", "", InputError::DisputePartInvalid),
            ("fee-+1", "", InputError::DisputePartInvalid),
            ("fee-99999999999", "", InputError::DisputePartInvalid),
            ("principal", "", InputError::DisputePartInvalid),
        ] {
            assert_eq!(DisputedPart::from_fields(part, amount), Err(e), "{part} {amount}");
        }
    }

    #[test]
    fn a_part_must_be_outstanding_on_the_claim() {
        let st = st();
        assert_eq!(DisputedPart::Amount(m("1500.00")).check(&st), Ok(DisputedPart::Amount(m("1500.00"))));
        assert_eq!(DisputedPart::Amount(m("1500.01")).check(&st), Err(InputError::DisputedAmountAbovePrincipal));
        assert_eq!(DisputedPart::Fee(1).check(&st), Ok(DisputedPart::Fee(1)));
        // Paid already, and not there at all.
        assert_eq!(DisputedPart::Fee(0).check(&st), Err(InputError::DisputedFeeUnknown));
        assert_eq!(DisputedPart::Fee(2).check(&st), Err(InputError::DisputedFeeUnknown));
    }

    #[test]
    fn stored_columns_round_trip_and_refuse_mixtures() {
        for p in [DisputedPart::Whole, DisputedPart::Amount(m("1.00")), DisputedPart::Fee(3)] {
            let (k, a, f) = p.columns();
            assert_eq!(DisputedPart::from_columns(k, a, f), Some(p));
        }
        assert_eq!(DisputedPart::from_columns(PartKind::Whole, Some(m("1.00")), None), None);
        assert_eq!(DisputedPart::from_columns(PartKind::Amount, Some(Money::ZERO), None), None);
        assert_eq!(DisputedPart::from_columns(PartKind::Fee, None, None), None);
    }
}
