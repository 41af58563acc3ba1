//! Where an active plan stands: which installments the payments made since the plan started have
//! covered, which are overdue, and which is next. Payments are applied to installments in order, so
//! a payment larger than one installment pays the following ones too.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::claim::Payment;
use super::plan::Installment;
use super::{DomainError, Money};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InstallmentState {
    Paid,
    /// Due before today and not (fully) paid.
    Overdue,
    /// The first unpaid installment that is not yet overdue.
    Next,
    Upcoming,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub states: Vec<InstallmentState>,
    /// What to pay next, and by when: what is still unpaid of the first installment that is not
    /// fully paid (an overdue one first).
    pub next: Option<(NaiveDate, Money)>,
}

/// A plan that started on `start`, from the claim's payments: those dated on or after the start
/// pay its installments (earlier ones were in the balance the plan was made for).
pub fn plan_progress(
    installments: &[Installment],
    start: NaiveDate,
    payments: &[Payment],
    today: NaiveDate,
) -> Result<Progress, DomainError> {
    let paid = Money::sum(payments.iter().filter(|p| p.date >= start).map(|p| p.amount))?;
    Ok(progress(installments, paid, today))
}

/// `paid` is the sum of the payments dated on or after the plan's start.
pub fn progress(installments: &[Installment], paid: Money, today: NaiveDate) -> Progress {
    let mut covered = paid;
    let mut states = Vec::with_capacity(installments.len());
    let mut next = None;
    let mut next_marked = false;
    for i in installments {
        if covered >= i.amount {
            covered = Money::from_minor(covered.minor() - i.amount.minor());
            states.push(InstallmentState::Paid);
            continue;
        }
        if next.is_none() {
            next = Some((i.due_date, Money::from_minor(i.amount.minor() - covered.minor())));
        }
        covered = Money::ZERO;
        if i.due_date < today {
            states.push(InstallmentState::Overdue);
        } else if !next_marked {
            next_marked = true;
            states.push(InstallmentState::Next);
        } else {
            states.push(InstallmentState::Upcoming);
        }
    }
    Progress { states, next }
}

#[cfg(test)]
mod tests {
    use super::*;
    use InstallmentState::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn three() -> Vec<Installment> {
        ["2026-01-31", "2026-02-28", "2026-03-31"]
            .iter()
            .enumerate()
            .map(|(k, due)| Installment {
                n: k as u32 + 1,
                due_date: d(due),
                amount: Money::from_minor(50_000),
                fees: Money::ZERO,
                interest: Money::ZERO,
                principal: Money::from_minor(50_000),
                balance_after: Money::from_minor(100_000 - 50_000 * k as i64),
            })
            .collect()
    }

    #[test]
    fn payments_cover_installments_in_order() {
        let p = progress(&three(), Money::ZERO, d("2026-01-10"));
        assert_eq!(p.states, vec![Next, Upcoming, Upcoming]);
        assert_eq!(p.next, Some((d("2026-01-31"), Money::from_minor(50_000))));

        let p = progress(&three(), Money::from_minor(70_000), d("2026-02-10"));
        assert_eq!(p.states, vec![Paid, Next, Upcoming]);
        assert_eq!(p.next, Some((d("2026-02-28"), Money::from_minor(30_000))), "the rest of the second");

        let p = progress(&three(), Money::from_minor(10_000), d("2026-03-05"));
        assert_eq!(p.states, vec![Overdue, Overdue, Next]);
        assert_eq!(p.next, Some((d("2026-01-31"), Money::from_minor(40_000))), "the overdue one first");

        let p = progress(&three(), Money::from_minor(150_000), d("2026-04-01"));
        assert_eq!(p.states, vec![Paid, Paid, Paid]);
        assert_eq!(p.next, None);
    }

    #[test]
    fn only_payments_since_the_plan_started_pay_its_installments() {
        let pay = |date: &str, minor| Payment { date: d(date), amount: Money::from_minor(minor) };
        let payments = [pay("2025-12-20", 90_000), pay("2026-01-05", 50_000), pay("2026-02-01", 10_000)];
        let p = plan_progress(&three(), d("2026-01-01"), &payments, d("2026-02-10")).unwrap();
        assert_eq!(p.states, vec![Paid, Next, Upcoming], "the December payment was before the plan");
        assert_eq!(p.next, Some((d("2026-02-28"), Money::from_minor(40_000))));
    }
}
