use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::interest::{InterestTerms, RateSource, RateTable};
use super::{DomainError, Money};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fee {
    pub kind: String,
    pub amount: Money,
    pub date: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Payment {
    pub date: NaiveDate,
    pub amount: Money,
}

/// A claim as the creditor registered it. Built only through [`Claim::new`], so every value the
/// engine sees has passed the spec's checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claim {
    pub principal: Money,
    pub due_date: NaiveDate,
    pub interest: InterestTerms,
    pub fees: Vec<Fee>,
    pub payments: Vec<Payment>,
}

impl Claim {
    pub fn new(
        principal: Money,
        due_date: NaiveDate,
        interest: InterestTerms,
        fees: Vec<Fee>,
        payments: Vec<Payment>,
    ) -> Result<Self, DomainError> {
        if principal.is_negative()
            || fees.iter().any(|f| !f.amount.is_positive())
            || payments.iter().any(|p| !p.amount.is_positive())
        {
            return Err(DomainError::InvalidAmount);
        }
        Ok(Self { principal, due_date, interest, fees, payments })
    }
}

/// The running state of a claim while events are applied in date order.
#[derive(Debug, Clone)]
pub(crate) struct Ledger<'a> {
    rates: RateSource<'a>,
    due_date: NaiveDate,
    last_event: NaiveDate,
    pub principal_original: Money,
    pub principal_outstanding: Money,
    pub interest_accrued: Money,
    pub interest_paid: Money,
    /// In input order; `fee_order` holds the order they are paid in.
    pub fees: Vec<(Fee, Money)>,
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

impl<'a> Ledger<'a> {
    pub fn open(claim: &'a Claim, rates: RateSource<'a>) -> Self {
        let mut ledger = Self {
            rates,
            due_date: claim.due_date,
            last_event: claim.due_date,
            principal_original: claim.principal,
            principal_outstanding: claim.principal,
            interest_accrued: Money::ZERO,
            interest_paid: Money::ZERO,
            fees: Vec::new(),
            fee_order: Vec::new(),
            overpaid: Money::ZERO,
        };
        for fee in &claim.fees {
            ledger.add_fee(fee.clone());
        }
        ledger
    }

    pub fn add_fee(&mut self, fee: Fee) {
        self.fees.push((fee, Money::ZERO));
        self.order_fees();
    }

    pub fn drop_fees_after(&mut self, day: NaiveDate) {
        self.fees.retain(|(f, _)| f.date <= day);
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
            self.interest_accrued += interest;
        }
        self.last_event = self.last_event.max(day);
        Ok(())
    }

    pub fn fees_outstanding(&self, through: NaiveDate) -> Money {
        self.fees.iter().filter(|(f, _)| f.date <= through).map(|(f, paid)| f.amount - *paid).sum()
    }

    pub fn interest_outstanding(&self) -> Money {
        self.interest_accrued - self.interest_paid
    }

    pub fn total_outstanding(&self, through: NaiveDate) -> Money {
        self.fees_outstanding(through) + self.interest_outstanding() + self.principal_outstanding
    }

    /// Accrues to the payment's date, then pays fees (only those already charged), interest and
    /// principal in that order; the rest is a credit, never negative principal.
    pub fn pay(&mut self, day: NaiveDate, amount: Money) -> Result<Applied, DomainError> {
        self.accrue_to(day)?;
        let mut left = amount;
        let mut applied = Applied::default();
        for &i in &self.fee_order {
            let (fee, paid) = &mut self.fees[i];
            if fee.date > day || left.is_zero() {
                continue;
            }
            let take = (fee.amount - *paid).min(left);
            *paid += take;
            left -= take;
            applied.fees += take;
        }
        let take = self.interest_outstanding().min(left);
        self.interest_paid += take;
        left -= take;
        applied.interest = take;
        let take = self.principal_outstanding.min(left);
        self.principal_outstanding -= take;
        left -= take;
        applied.principal = take;
        self.overpaid += left;
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
    pub kind: String,
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
    if claim.payments.iter().any(|p| p.date > as_of) {
        return Err(DomainError::PaymentAfterAsOf);
    }
    let mut ledger = Ledger::open(claim, RateSource { terms: &claim.interest, table });
    ledger.run_to(&claim.payments, as_of)?;
    Ok(ledger.statement(as_of))
}

impl Ledger<'_> {
    pub fn statement(&self, as_of: NaiveDate) -> Statement {
        let items: Vec<FeeItem> = self
            .fees
            .iter()
            .filter(|(f, _)| f.date <= as_of)
            .map(|(f, paid)| FeeItem {
                kind: f.kind.clone(),
                date: f.date,
                amount: f.amount,
                paid: *paid,
                outstanding: f.amount - *paid,
            })
            .collect();
        let fees = FeesPart {
            charged: items.iter().map(|i| i.amount).sum(),
            paid: items.iter().map(|i| i.paid).sum(),
            outstanding: items.iter().map(|i| i.outstanding).sum(),
            items,
        };
        let principal = Component {
            original: self.principal_original,
            paid: self.principal_original - self.principal_outstanding,
            outstanding: self.principal_outstanding,
        };
        let interest = InterestPart {
            accrued: self.interest_accrued,
            paid: self.interest_paid,
            outstanding: self.interest_outstanding(),
        };
        Statement {
            as_of,
            total_outstanding: fees.outstanding + interest.outstanding + principal.outstanding,
            principal,
            interest,
            fees,
            overpaid: self.overpaid,
        }
    }
}
