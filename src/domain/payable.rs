//! What the debtor is asked to pay now, one function for the claim page and the API so both show
//! the same number: the total outstanding less what a dispute pauses. A partial dispute pauses its
//! part only, as far as that part is still outstanding (a fee paid in part pauses what is left of
//! it; an amount of the principal no more than the principal left); the rest stays payable
//! (docs/domain.md §1.6: "collection can continue for any undisputed part"). A dispute of the
//! whole claim pauses all of it: nothing is asked for, though the debtor may still pay.

use serde::{Deserialize, Serialize};

use super::dispute_part::DisputedPart;
use super::statement::Statement;
use super::{DomainError, Money};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payable {
    /// Paused by the dispute, never more than is outstanding.
    pub disputed: Money,
    /// The total outstanding less `disputed`.
    pub now: Money,
}

/// `part` is the part a dispute pauses (an open one, or a rejected one the debtor still
/// contests); `None` when nothing is paused.
pub fn payable(st: &Statement, part: Option<DisputedPart>) -> Result<Payable, DomainError> {
    let disputed = match part {
        None => Money::ZERO,
        Some(DisputedPart::Whole) => st.total_outstanding,
        Some(DisputedPart::Amount(m)) => m.min(st.principal.outstanding),
        Some(DisputedPart::Fee(n)) => st.fees.items.get(n as usize).map_or(Money::ZERO, |f| f.outstanding),
    };
    let disputed = disputed.min(st.total_outstanding).max(Money::ZERO);
    Ok(Payable { disputed, now: st.total_outstanding.checked_sub(disputed)? })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::claim::KnownFee;
    use crate::domain::statement::{Component, FeeItem, FeesPart, InterestPart};

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    /// Principal 1,000.00 of which 400.00 left, interest 12.34 owed, fees 60.00 paid and 180.00
    /// of which 80.00 paid: 400.00 + 12.34 + 100.00 = 512.34 outstanding.
    fn st() -> Statement {
        let day = "2026-11-16".parse().unwrap();
        let fee = |amount: &str, paid: &str, left: &str| FeeItem {
            kind: KnownFee::Collection.into(),
            date: day,
            amount: m(amount),
            paid: m(paid),
            outstanding: m(left),
        };
        Statement {
            as_of: day,
            principal: Component { original: m("1000.00"), paid: m("600.00"), outstanding: m("400.00") },
            interest: InterestPart { accrued: m("12.34"), paid: Money::ZERO, outstanding: m("12.34") },
            fees: FeesPart {
                charged: m("240.00"),
                paid: m("140.00"),
                outstanding: m("100.00"),
                items: vec![fee("60.00", "60.00", "0"), fee("180.00", "80.00", "100.00")],
            },
            total_outstanding: m("512.34"),
            overpaid: Money::ZERO,
        }
    }

    #[test]
    fn a_part_is_paused_as_far_as_it_is_outstanding() {
        let st = st();
        let p = |part| payable(&st, part).unwrap();
        assert_eq!(p(None), Payable { disputed: Money::ZERO, now: m("512.34") });
        assert_eq!(p(Some(DisputedPart::Amount(m("150.00")))), Payable { disputed: m("150.00"), now: m("362.34") });
        // More than the principal left (it was disputed before a payment): what is left of it.
        assert_eq!(p(Some(DisputedPart::Amount(m("900.00")))), Payable { disputed: m("400.00"), now: m("112.34") });
        assert_eq!(p(Some(DisputedPart::Fee(1))), Payable { disputed: m("100.00"), now: m("412.34") });
        assert_eq!(p(Some(DisputedPart::Fee(0))), Payable { disputed: Money::ZERO, now: m("512.34") });
        assert_eq!(p(Some(DisputedPart::Fee(7))), Payable { disputed: Money::ZERO, now: m("512.34") });
        assert_eq!(p(Some(DisputedPart::Whole)), Payable { disputed: m("512.34"), now: Money::ZERO });
    }
}
