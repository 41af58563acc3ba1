use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::claim::{Claim, Fee, KnownFee};
use super::interest::{RateSource, RateTable};
use super::statement::Ledger;
use super::{DomainError, Money};

/// The law's and the spec's ceiling on the number of installments.
pub const MAX_INSTALLMENTS: u32 = 120;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanSize {
    /// A fixed amount per installment.
    Amount(Money),
    /// A number of installments; the amount is the smallest whole krona/krone that finishes in time.
    Installments(u32),
}

/// A debtor's plan proposal that has passed the spec's checks; built only through [`PlanRequest::new`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRequest {
    start: NaiveDate,
    first_due: NaiveDate,
    plan_fee: Money,
    size: PlanSize,
    max_installments: u32,
}

impl PlanRequest {
    /// Checks in the spec's order of precedence: amounts, amount xor installments, the counts (a
    /// missing `max_installments` is 120), then the first due date.
    pub fn new(
        start: NaiveDate,
        first_due: NaiveDate,
        plan_fee: Money,
        amount: Option<Money>,
        installments: Option<i64>,
        max_installments: Option<i64>,
    ) -> Result<Self, DomainError> {
        Self::check_amounts(plan_fee, amount)?;
        let max = max_installments.unwrap_or(i64::from(MAX_INSTALLMENTS));
        let count = |n: i64| u32::try_from(n).ok().filter(|n| (1..=MAX_INSTALLMENTS).contains(n));
        let size = match (amount, installments) {
            (Some(a), None) => PlanSize::Amount(a),
            (None, Some(n)) => PlanSize::Installments(count(n).unwrap_or(0)),
            _ => return Err(DomainError::AmountXorInstallments),
        };
        let max = count(max).ok_or(DomainError::InvalidInstallments)?;
        if installments.is_some_and(|n| n < 1 || n > i64::from(max)) {
            return Err(DomainError::InvalidInstallments);
        }
        if first_due < start {
            return Err(DomainError::FirstDueBeforeStart);
        }
        Ok(Self { start, first_due, plan_fee, size, max_installments: max })
    }

    /// The spec's first check for a plan (`invalid_amount`): plan fee ≥ 0, installment amount > 0.
    /// Public so the `calc` adapter can run it with the claim's before the interest terms are read.
    pub fn check_amounts(plan_fee: Money, amount: Option<Money>) -> Result<(), DomainError> {
        if plan_fee.is_negative() || amount.is_some_and(|a| !a.is_positive()) {
            return Err(DomainError::InvalidAmount);
        }
        Ok(())
    }

    pub fn start(&self) -> NaiveDate {
        self.start
    }

    pub fn first_due(&self) -> NaiveDate {
        self.first_due
    }

    pub fn plan_fee(&self) -> Money {
        self.plan_fee
    }

    pub fn size(&self) -> PlanSize {
        self.size
    }

    pub fn max_installments(&self) -> u32 {
        self.max_installments
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanStart {
    pub date: NaiveDate,
    pub fees: Money,
    pub interest: Money,
    pub principal: Money,
    pub total: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Installment {
    pub n: u32,
    pub due_date: NaiveDate,
    pub amount: Money,
    pub fees: Money,
    pub interest: Money,
    pub principal: Money,
    pub balance_after: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanTotals {
    pub amount: Money,
    pub fees: Money,
    pub interest: Money,
    pub principal: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Plan {
    pub start: PlanStart,
    pub installment_amount: Money,
    pub installments: Vec<Installment>,
    pub totals: PlanTotals,
}

/// Due date of installment `n` (1-based): the same day of the month as the first, or the month's last
/// day where the month is shorter. Counted from the first due date every time, so 31 Jan gives 29 Feb
/// and then 31 Mar again.
pub fn due_date(first_due: NaiveDate, n: u32) -> Option<NaiveDate> {
    first_due.checked_add_months(Months::new(n.saturating_sub(1)))
}

/// The ledger at the plan's start: statement at S, later fees dropped, the plan fee added.
fn opening<'a>(claim: &'a Claim, table: &'a RateTable, req: &PlanRequest) -> Result<Ledger<'a>, DomainError> {
    if claim.payments().iter().any(|p| p.date > req.start) {
        return Err(DomainError::PaymentAfterAsOf);
    }
    let mut ledger = Ledger::open(claim, RateSource { terms: claim.interest(), table });
    ledger.run_to(claim.payments(), req.start)?;
    ledger.drop_fees_after(req.start);
    if ledger.total_outstanding(req.start)?.is_zero() {
        return Err(DomainError::NothingOutstanding);
    }
    if req.plan_fee.is_positive() {
        ledger.add_fee(Fee { kind: KnownFee::PlanFee.into(), amount: req.plan_fee, date: req.start });
    }
    Ok(ledger)
}

/// Runs the schedule with a fixed amount; `None` when it has not ended after `limit` installments.
fn schedule(
    mut ledger: Ledger<'_>,
    first_due: NaiveDate,
    amount: Money,
    limit: u32,
) -> Result<Option<Vec<Installment>>, DomainError> {
    let mut out = Vec::new();
    for n in 1..=limit {
        let day = due_date(first_due, n).ok_or(DomainError::DoesNotAmortize)?;
        ledger.accrue_to(day)?;
        let pay = amount.min(ledger.total_outstanding(day)?);
        let applied = ledger.pay(day, pay)?;
        let balance_after = ledger.total_outstanding(day)?;
        out.push(Installment {
            n,
            due_date: day,
            amount: pay,
            fees: applied.fees,
            interest: applied.interest,
            principal: applied.principal,
            balance_after,
        });
        if balance_after.is_zero() {
            return Ok(Some(out));
        }
    }
    Ok(None)
}

/// Smallest whole amount A ≥ 1 that finishes within `n` installments. A larger amount never needs
/// more installments, so the answer is found by doubling and then halving the search range.
fn smallest_whole_amount(ledger: &Ledger<'_>, first_due: NaiveDate, n: u32) -> Result<u64, DomainError> {
    let fits = |a: u64| -> Result<bool, DomainError> {
        Ok(schedule(ledger.clone(), first_due, Money::whole(a)?, n)?.is_some())
    };
    let mut hi = ledger.total_outstanding(first_due)?.ceil_whole().max(1);
    while !fits(hi)? {
        hi = hi.checked_mul(2).ok_or(DomainError::DoesNotAmortize)?;
    }
    let mut lo = 1;
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if fits(mid)? {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok(lo)
}

pub fn plan(claim: &Claim, table: &RateTable, req: &PlanRequest) -> Result<Plan, DomainError> {
    let ledger = opening(claim, table, req)?;
    let start = PlanStart {
        date: req.start,
        fees: ledger.fees_outstanding(req.start)?,
        interest: ledger.interest_outstanding()?,
        principal: ledger.principal_outstanding,
        total: ledger.total_outstanding(req.start)?,
    };
    let amount = match req.size {
        PlanSize::Amount(a) => a,
        PlanSize::Installments(n) => Money::whole(smallest_whole_amount(&ledger, req.first_due, n)?)?,
    };
    let installments =
        schedule(ledger, req.first_due, amount, req.max_installments)?.ok_or(DomainError::DoesNotAmortize)?;
    let totals = PlanTotals {
        amount: Money::sum(installments.iter().map(|i| i.amount))?,
        fees: Money::sum(installments.iter().map(|i| i.fees))?,
        interest: Money::sum(installments.iter().map(|i| i.interest))?,
        principal: Money::sum(installments.iter().map(|i| i.principal))?,
    };
    Ok(Plan { start, installment_amount: amount, installments, totals })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::from_str(s).unwrap()
    }

    #[test]
    fn month_end_anchor_is_kept() {
        let first = d("2024-01-31");
        let dates: Vec<_> = (1..=4).map(|n| due_date(first, n).unwrap().to_string()).collect();
        assert_eq!(dates, ["2024-01-31", "2024-02-29", "2024-03-31", "2024-04-30"]);
    }

    #[test]
    fn requests_are_checked_in_the_specs_order() {
        let (s, f) = (d("2024-03-01"), d("2024-03-10"));
        let m = |x: i64| Money::from_minor(x);
        assert_eq!(PlanRequest::new(s, f, m(-1), None, None, Some(999)), Err(DomainError::InvalidAmount));
        assert_eq!(PlanRequest::new(s, f, m(0), Some(m(0)), None, None), Err(DomainError::InvalidAmount));
        assert_eq!(PlanRequest::new(s, f, m(0), Some(m(100)), Some(2), None), Err(DomainError::AmountXorInstallments));
        assert_eq!(PlanRequest::new(s, f, m(0), None, None, None), Err(DomainError::AmountXorInstallments));
        assert_eq!(PlanRequest::new(s, f, m(0), None, Some(3), Some(121)), Err(DomainError::InvalidInstallments));
        assert_eq!(PlanRequest::new(s, f, m(0), None, Some(13), Some(12)), Err(DomainError::InvalidInstallments));
        assert_eq!(PlanRequest::new(s, f, m(0), None, Some(i64::MAX), None), Err(DomainError::InvalidInstallments));
        assert_eq!(PlanRequest::new(f, s, m(0), None, Some(3), None), Err(DomainError::FirstDueBeforeStart));
        let ok = PlanRequest::new(s, f, m(0), None, Some(3), None).unwrap();
        assert_eq!((ok.size(), ok.max_installments()), (PlanSize::Installments(3), MAX_INSTALLMENTS));
    }
}
