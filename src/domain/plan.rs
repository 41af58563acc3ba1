use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use super::interest::{RateSource, RateTable};
use super::statement::{Claim, Fee, Ledger};
use super::{DomainError, Money};

/// The law's and the spec's ceiling on the number of installments.
pub const MAX_INSTALLMENTS: u32 = 120;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanSize {
    /// A fixed amount per installment.
    Amount(Money),
    /// A number of installments; the amount is the smallest whole krona/krone that finishes in time.
    Installments(u32),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanRequest {
    pub start: NaiveDate,
    pub first_due: NaiveDate,
    pub plan_fee: Money,
    pub size: PlanSize,
    pub max_installments: u32,
}

impl PlanRequest {
    /// Checks in the spec's order of precedence, after the claim's own amount checks.
    pub fn validate(&self) -> Result<(), DomainError> {
        if self.plan_fee.is_negative() {
            return Err(DomainError::InvalidAmount);
        }
        if let PlanSize::Amount(a) = self.size {
            if !a.is_positive() {
                return Err(DomainError::InvalidAmount);
            }
        }
        if !(1..=MAX_INSTALLMENTS).contains(&self.max_installments) {
            return Err(DomainError::InvalidInstallments);
        }
        if let PlanSize::Installments(n) = self.size {
            if n < 1 || n > self.max_installments {
                return Err(DomainError::InvalidInstallments);
            }
        }
        if self.first_due < self.start {
            return Err(DomainError::FirstDueBeforeStart);
        }
        Ok(())
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
    if claim.payments.iter().any(|p| p.date > req.start) {
        return Err(DomainError::PaymentAfterAsOf);
    }
    let mut ledger = Ledger::open(claim, RateSource { terms: &claim.interest, table });
    ledger.run_to(&claim.payments, req.start)?;
    ledger.drop_fees_after(req.start);
    if ledger.total_outstanding(req.start).is_zero() {
        return Err(DomainError::NothingOutstanding);
    }
    if req.plan_fee.is_positive() {
        ledger.add_fee(Fee { kind: "plan_fee".into(), amount: req.plan_fee, date: req.start });
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
        let pay = amount.min(ledger.total_outstanding(day));
        let applied = ledger.pay(day, pay)?;
        let balance_after = ledger.total_outstanding(day);
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
        Ok(schedule(ledger.clone(), first_due, Money::whole(a), n)?.is_some())
    };
    let mut hi = ledger.total_outstanding(first_due).ceil_whole().max(1);
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
    req.validate()?;
    let ledger = opening(claim, table, req)?;
    let start = PlanStart {
        date: req.start,
        fees: ledger.fees_outstanding(req.start),
        interest: ledger.interest_outstanding(),
        principal: ledger.principal_outstanding,
        total: ledger.total_outstanding(req.start),
    };
    let amount = match req.size {
        PlanSize::Amount(a) => a,
        PlanSize::Installments(n) => Money::whole(smallest_whole_amount(&ledger, req.first_due, n)?),
    };
    let installments =
        schedule(ledger, req.first_due, amount, req.max_installments)?.ok_or(DomainError::DoesNotAmortize)?;
    let totals = PlanTotals {
        amount: installments.iter().map(|i| i.amount).sum(),
        fees: installments.iter().map(|i| i.fees).sum(),
        interest: installments.iter().map(|i| i.interest).sum(),
        principal: installments.iter().map(|i| i.principal).sum(),
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
}
