//! A claim's statement on a day: principal, interest and fees charged, paid and outstanding, with
//! payments applied in the spec's order.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::accrual::Rates;
use super::claim::{Claim, Fee, FeeKind, Payment};
use super::interest::{RateSource, RateTable};
use super::{DomainError, Money};

/// The running state of a claim while events are applied in date order. Every sum is checked: an
/// amount that would not fit is `invalid_amount`, not a panic.
#[derive(Debug, Clone)]
pub(crate) struct Ledger {
    rates: Rates,
    due_date: NaiveDate,
    last_event: NaiveDate,
    pub principal_original: Money,
    pub principal_outstanding: Money,
    pub interest_accrued: Money,
    pub interest_paid: Money,
    /// In input order with what is paid of each; `fee_order` holds the order they are paid in.
    pub fees: Vec<(Fee, Money)>,
    /// Beside `fees`: a fee a dispute pauses takes no payment.
    paused: Vec<bool>,
    fee_order: Vec<usize>,
    pub overpaid: Money,
}

/// What one payment covered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Applied {
    pub fees: Money,
    pub interest: Money,
    pub principal: Money,
}

impl Ledger {
    pub fn open(claim: &Claim, rates: RateSource<'_>) -> Self {
        let mut ledger = Self {
            rates: Rates::new(&rates),
            due_date: claim.due_date(),
            last_event: claim.due_date(),
            principal_original: claim.principal(),
            principal_outstanding: claim.principal(),
            interest_accrued: Money::ZERO,
            interest_paid: Money::ZERO,
            fees: Vec::new(),
            paused: Vec::new(),
            fee_order: Vec::new(),
            overpaid: Money::ZERO,
        };
        for (k, fee) in claim.fees().iter().enumerate() {
            ledger.push_fee(fee.clone(), claim.fee_paused(k));
        }
        ledger
    }

    pub fn add_fee(&mut self, fee: Fee) {
        self.push_fee(fee, false);
    }

    fn push_fee(&mut self, fee: Fee, paused: bool) {
        self.fees.push((fee, Money::ZERO));
        self.paused.push(paused);
        self.order_fees();
    }

    pub fn drop_fees_after(&mut self, day: NaiveDate) {
        let kept: Vec<bool> = self.fees.iter().map(|(f, _)| f.date <= day).collect();
        let mut k = kept.iter();
        self.paused.retain(|_| *k.next().unwrap_or(&false));
        let mut k = kept.iter();
        self.fees.retain(|_| *k.next().unwrap_or(&false));
        self.order_fees();
    }

    /// Oldest date first, same date in the order given: a stable sort keeps the given order.
    fn order_fees(&mut self) {
        let mut order: Vec<usize> = (0..self.fees.len()).collect();
        order.sort_by_key(|&i| self.fees[i].0.date);
        self.fee_order = order;
    }

    /// Interest for the days after the later of the previous event and the due date, through `day`.
    pub fn accrue_to(&mut self, day: NaiveDate) -> Result<(), DomainError> {
        let after = self.last_event.max(self.due_date);
        if day > after {
            let interest = self.rates.accrue(self.principal_outstanding, after, day)?;
            self.interest_accrued = self.interest_accrued.checked_add(interest)?;
        }
        self.last_event = self.last_event.max(day);
        Ok(())
    }

    /// The rates, prepared once, for a plan that goes on from here without the ledger.
    pub fn rates(&self) -> &Rates {
        &self.rates
    }

    /// Interest runs from the day after this date: the later of the last event and the due date.
    pub fn accrued_through(&self) -> NaiveDate {
        self.last_event.max(self.due_date)
    }

    pub fn fees_outstanding(&self, through: NaiveDate) -> Result<Money, DomainError> {
        let mut sum = Money::ZERO;
        for (f, paid) in self.fees.iter().filter(|(f, _)| f.date <= through) {
            sum = sum.checked_add(f.amount.checked_sub(*paid)?)?;
        }
        Ok(sum)
    }

    pub fn interest_outstanding(&self) -> Result<Money, DomainError> {
        self.interest_accrued.checked_sub(self.interest_paid)
    }

    pub fn total_outstanding(&self, through: NaiveDate) -> Result<Money, DomainError> {
        Money::sum([self.fees_outstanding(through)?, self.interest_outstanding()?, self.principal_outstanding])
    }

    /// Accrues to the payment's date, then pays fees (only those already charged), interest and
    /// principal in that order; the rest is a credit, never negative principal.
    pub fn pay(&mut self, day: NaiveDate, amount: Money) -> Result<Applied, DomainError> {
        self.accrue_to(day)?;
        let mut left = amount;
        let mut applied = Applied::default();
        for &i in &self.fee_order {
            let paused = self.paused[i];
            let (fee, paid) = &mut self.fees[i];
            if fee.date > day || left.is_zero() || paused {
                continue;
            }
            let take = fee.amount.checked_sub(*paid)?.min(left);
            *paid = paid.checked_add(take)?;
            left = left.checked_sub(take)?;
            applied.fees = applied.fees.checked_add(take)?;
        }
        let take = self.interest_outstanding()?.min(left);
        self.interest_paid = self.interest_paid.checked_add(take)?;
        left = left.checked_sub(take)?;
        applied.interest = take;
        let take = self.principal_outstanding.min(left);
        self.principal_outstanding = self.principal_outstanding.checked_sub(take)?;
        left = left.checked_sub(take)?;
        applied.principal = take;
        self.overpaid = self.overpaid.checked_add(left)?;
        Ok(applied)
    }

    /// Applies the claim's payments in date order (same date: as given), then accrues to `as_of`.
    pub fn run_to(&mut self, payments: &[Payment], as_of: NaiveDate) -> Result<(), DomainError> {
        let mut ordered: Vec<&Payment> = payments.iter().collect();
        ordered.sort_by_key(|p| p.date);
        for p in ordered {
            self.pay(p.date, p.amount)?;
        }
        self.accrue_to(as_of)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Component {
    pub original: Money,
    pub paid: Money,
    pub outstanding: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InterestPart {
    pub accrued: Money,
    pub paid: Money,
    pub outstanding: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeItem {
    pub kind: FeeKind,
    pub date: NaiveDate,
    pub amount: Money,
    pub paid: Money,
    pub outstanding: Money,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeesPart {
    pub charged: Money,
    pub paid: Money,
    pub outstanding: Money,
    pub items: Vec<FeeItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Statement {
    pub as_of: NaiveDate,
    pub principal: Component,
    pub interest: InterestPart,
    pub fees: FeesPart,
    pub total_outstanding: Money,
    pub overpaid: Money,
}

/// The claim as of `as_of`: every payment applied and interest accrued through that day.
pub fn statement(claim: &Claim, table: &RateTable, as_of: NaiveDate) -> Result<Statement, DomainError> {
    if claim.payments().iter().any(|p| p.date > as_of) {
        return Err(DomainError::PaymentAfterAsOf);
    }
    let mut ledger = Ledger::open(claim, RateSource { terms: claim.interest(), table });
    ledger.run_to(claim.payments(), as_of)?;
    ledger.statement(as_of)
}

impl Ledger {
    pub fn statement(&self, as_of: NaiveDate) -> Result<Statement, DomainError> {
        let items = self
            .fees
            .iter()
            .filter(|(f, _)| f.date <= as_of)
            .map(|(f, paid)| {
                Ok(FeeItem {
                    kind: f.kind.clone(),
                    date: f.date,
                    amount: f.amount,
                    paid: *paid,
                    outstanding: f.amount.checked_sub(*paid)?,
                })
            })
            .collect::<Result<Vec<FeeItem>, DomainError>>()?;
        let fees = FeesPart {
            charged: Money::sum(items.iter().map(|i| i.amount))?,
            paid: Money::sum(items.iter().map(|i| i.paid))?,
            outstanding: Money::sum(items.iter().map(|i| i.outstanding))?,
            items,
        };
        let principal = Component {
            original: self.principal_original,
            paid: self.principal_original.checked_sub(self.principal_outstanding)?,
            outstanding: self.principal_outstanding,
        };
        let interest = InterestPart {
            accrued: self.interest_accrued,
            paid: self.interest_paid,
            outstanding: self.interest_outstanding()?,
        };
        Ok(Statement {
            as_of,
            total_outstanding: Money::sum([fees.outstanding, interest.outstanding, principal.outstanding])?,
            principal,
            interest,
            fees,
            overpaid: self.overpaid,
        })
    }
}
