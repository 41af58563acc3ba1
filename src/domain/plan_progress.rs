//! Where an active plan stands, from the claim's statement and the engine's allocation of its
//! payments, never from sums compared with the schedule alone: the claim is settled exactly when its
//! statement is zero, and what each installment still asks for is what the engine says would be
//! outstanding on its due date if the installments before it were paid as agreed. So a payment
//! made early, which stops interest sooner, makes the last installment smaller (or needless), and
//! one made late makes it larger; the sum of the schedule is only the agreement, not the debt.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::claim::{Claim, Payment};
use super::interest::RateTable;
use super::plan::Installment;
use super::statement::statement;
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
    /// Earlier payments already cover everything it would have paid.
    NotNeeded,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    pub states: Vec<InstallmentState>,
    /// What each installment still asks for (zero when paid or not needed); the last one is the
    /// engine's balance on its due date.
    pub rests: Vec<Money>,
    /// What to pay next, and by when: everything overdue (dated the oldest overdue installment),
    /// or else the next installment.
    pub next: Option<(NaiveDate, Money)>,
    /// What is overdue today, and the due date of the oldest overdue installment.
    pub overdue: Money,
    pub overdue_since: Option<NaiveDate>,
    /// The whole balance today: paying it ends the plan now.
    pub payoff_today: Money,
    /// What the rest of the plan asks for if paid as agreed.
    pub remaining_by_schedule: Money,
    /// For each installment still to pay, how the engine applies it today (fees, interest,
    /// principal) and what is left after it: the schedule re-derived from the claim as it stands
    /// and the rates as published, not the split worked out when the plan was made.
    pub splits: Vec<Option<Split>>,
}

/// How one installment is applied, and the balance after it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Split {
    pub fees: Money,
    pub interest: Money,
    pub principal: Money,
    pub balance_after: Money,
}

/// A rate published for a period the plan runs into, unknown when the plan was made (the
/// schedule then assumed the latest rate would continue): the debtor is told what changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateChange {
    pub from: NaiveDate,
    pub rate: rust_decimal::Decimal,
    /// The rate the plan assumed for that period.
    pub assumed: rust_decimal::Decimal,
}

/// The rate entries dated after the plan's start and up to its last due date whose rate differs
/// from the one before them: each changed what the plan's schedule had assumed.
pub fn rate_changes(table: &RateTable, start: NaiveDate, last_due: NaiveDate) -> Vec<RateChange> {
    let entries = table.entries();
    entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.from > start && e.from <= last_due)
        .filter_map(|(k, e)| {
            let before = entries[..k]
                .iter()
                .rev()
                .find(|b| b.from <= start)
                .or_else(|| k.checked_sub(1).map(|j| &entries[j]))?;
            (before.rate != e.rate).then_some(RateChange { from: e.from, rate: e.rate, assumed: before.rate })
        })
        .collect()
}

impl Progress {
    /// What paying everything today saves compared with paying the rest as agreed (the interest not
    /// yet accrued), never negative.
    pub fn saved_by_paying_now(&self) -> Money {
        self.remaining_by_schedule
            .checked_sub(self.payoff_today)
            .ok()
            .filter(|m| m.is_positive())
            .unwrap_or(Money::ZERO)
    }

    /// Days the oldest overdue installment is past its due date.
    pub fn days_overdue(&self, today: NaiveDate) -> Option<u32> {
        self.overdue_since.map(|d| u32::try_from((today - d).num_days()).unwrap_or(0))
    }
}

/// The standing of a plan that started on `start` with `installments`, on `today`. `claim` is the
/// claim as stored: its fees include the plan fee booked when the plan became active, its payments
/// every payment. Payments dated on or after `start` pay the installments.
pub fn plan_progress(
    claim: &Claim,
    table: &RateTable,
    installments: &[Installment],
    start: NaiveDate,
    today: NaiveDate,
) -> Result<Progress, DomainError> {
    let settled = Progress {
        states: vec![InstallmentState::Paid; installments.len()],
        rests: vec![Money::ZERO; installments.len()],
        next: None,
        overdue: Money::ZERO,
        overdue_since: None,
        payoff_today: Money::ZERO,
        remaining_by_schedule: Money::ZERO,
        splits: vec![None; installments.len()],
    };
    let payoff_today = statement(claim, table, today)?.total_outstanding;
    if !payoff_today.is_positive() {
        return Ok(settled);
    }
    let paid = Money::sum(claim.payments().iter().filter(|p| p.date >= start).map(|p| p.amount))?;
    // The payments the rest of the plan would add, paid as agreed (an overdue one: today).
    let mut assumed: Vec<Payment> = claim.payments().to_vec();
    let mut agreed = Money::ZERO;
    let mut states = Vec::with_capacity(installments.len());
    let mut rests = Vec::with_capacity(installments.len());
    let (mut overdue, mut overdue_since, mut next_due) = (Money::ZERO, None, None);
    let mut remaining = Money::ZERO;
    let mut splits = Vec::with_capacity(installments.len());
    for (k, i) in installments.iter().enumerate() {
        agreed = agreed.checked_add(i.amount)?;
        let on = i.due_date.max(today);
        let with_assumed = claim.with_payments(assumed.clone())?;
        let before = statement(&with_assumed, table, on)?;
        let outstanding = before.total_outstanding;
        let last = k + 1 == installments.len();
        let unpaid_of_agreed = agreed.checked_sub(paid)?.max(Money::ZERO).min(i.amount);
        let rest = if last { outstanding } else { unpaid_of_agreed.min(outstanding) };
        let state = if !rest.is_positive() {
            if unpaid_of_agreed.is_positive() {
                InstallmentState::NotNeeded
            } else {
                InstallmentState::Paid
            }
        } else if i.due_date < today {
            overdue = overdue.checked_add(rest)?;
            overdue_since.get_or_insert(i.due_date);
            InstallmentState::Overdue
        } else if next_due.is_none() {
            next_due = Some((i.due_date, rest));
            InstallmentState::Next
        } else {
            InstallmentState::Upcoming
        };
        let mut split = None;
        if rest.is_positive() {
            remaining = remaining.checked_add(rest)?;
            assumed.push(Payment { date: on, amount: rest });
            let after = claim.with_payments(assumed.clone())?;
            let after = statement(&after, table, on)?;
            split = Some(Split {
                fees: after.fees.paid.checked_sub(before.fees.paid)?,
                interest: after.interest.paid.checked_sub(before.interest.paid)?,
                principal: after.principal.paid.checked_sub(before.principal.paid)?,
                balance_after: after.total_outstanding,
            });
        }
        states.push(state);
        rests.push(rest);
        splits.push(split);
    }
    let next = match overdue_since {
        Some(since) => Some((since, overdue)),
        None => next_due,
    };
    Ok(Progress { states, rests, next, overdue, overdue_since, payoff_today, remaining_by_schedule: remaining, splits })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::claim::{Fee, KnownFee};
    use crate::domain::interest::{DayCount, InterestTerms};
    use rust_decimal::Decimal;
    use InstallmentState::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn m(minor: i64) -> Money {
        Money::from_minor(minor)
    }

    /// 1,000.00 owed with no interest and a 170.00 plan fee booked on 2026-01-01, in three
    /// installments of 400.00, 400.00 and 370.00.
    fn plain(payments: &[(&str, i64)]) -> (Claim, Vec<Installment>) {
        let fee = Fee { kind: KnownFee::PlanFee.into(), amount: m(17_000), date: d("2026-01-01") };
        let pays = payments.iter().map(|(date, minor)| Payment { date: d(date), amount: m(*minor) }).collect();
        let claim = Claim::new(
            m(100_000),
            d("2025-12-01"),
            InterestTerms::None { day_count: DayCount::Act365 },
            vec![fee],
            pays,
        )
        .unwrap();
        let schedule = [("2026-01-31", 40_000), ("2026-02-28", 40_000), ("2026-03-31", 37_000)]
            .iter()
            .enumerate()
            .map(|(k, (due, amount))| Installment {
                n: k as u32 + 1,
                due_date: d(due),
                amount: m(*amount),
                fees: Money::ZERO,
                interest: Money::ZERO,
                principal: m(*amount),
                balance_after: Money::ZERO,
            })
            .collect();
        (claim, schedule)
    }

    fn table() -> RateTable {
        RateTable::new(vec![]).unwrap()
    }

    fn progress(payments: &[(&str, i64)], today: &str) -> Progress {
        let (claim, schedule) = plain(payments);
        plan_progress(&claim, &table(), &schedule, d("2026-01-01"), d(today)).unwrap()
    }

    #[test]
    fn installments_are_paid_in_order_and_the_last_is_the_balance() {
        let p = progress(&[], "2026-01-10");
        assert_eq!(p.states, vec![Next, Upcoming, Upcoming]);
        assert_eq!(p.next, Some((d("2026-01-31"), m(40_000))));
        assert_eq!(p.payoff_today, m(117_000));

        let p = progress(&[("2026-01-30", 70_000)], "2026-02-10");
        assert_eq!(p.states, vec![Paid, Next, Upcoming]);
        assert_eq!(p.next, Some((d("2026-02-28"), m(10_000))), "the rest of the second");
        assert_eq!(p.rests, vec![Money::ZERO, m(10_000), m(37_000)]);
    }

    #[test]
    fn what_is_overdue_is_asked_for_first_in_one_sum() {
        let p = progress(&[("2026-01-05", 10_000)], "2026-03-05");
        assert_eq!(p.states, vec![Overdue, Overdue, Next]);
        assert_eq!(p.overdue, m(70_000));
        assert_eq!(p.overdue_since, Some(d("2026-01-31")));
        assert_eq!(p.next, Some((d("2026-01-31"), m(70_000))), "the catch-up, from the oldest");
        assert_eq!(p.days_overdue(d("2026-03-05")), Some(33));
    }

    #[test]
    fn a_zero_statement_is_a_paid_plan_whatever_the_schedule_says() {
        let p = progress(&[("2026-01-10", 117_000)], "2026-01-10");
        assert_eq!(p.states, vec![Paid, Paid, Paid]);
        assert_eq!(p.next, None);
        // Less than the schedule's sum still settles the claim when it pays the statement.
        let p = progress(&[("2026-01-31", 40_000), ("2026-02-01", 77_000)], "2026-02-02");
        assert_eq!(p.states, vec![Paid, Paid, Paid]);
    }

    /// 12,000.00 at 10 % a year (act/365) due 2025-12-31, plan from 2026-01-01 of two installments.
    /// The schedule was made assuming payments on the due dates; paying the first early stops
    /// interest on it sooner, so the second asks for less. Worked out by hand:
    /// Jan 1-15 on 12,000: 12000*0.10*15/365 = 49.32; paid 6,000 on Jan 15 → 49.32 interest then
    /// 5,950.68 principal → 6,049.32 left. Jan 16-Feb 28 (44 days) on 6,049.32: 72.92 → 6,122.24.
    #[test]
    fn a_rate_published_for_the_plan_s_period_is_a_change_to_tell() {
        use crate::domain::interest::RateEntry;
        let entry = |from: &str, rate: i64| RateEntry { from: d(from), rate: Decimal::new(rate, 2) };
        let table =
            RateTable::new(vec![entry("2026-01-01", 200), entry("2026-07-01", 200), entry("2027-01-01", 300)]).unwrap();
        let changes = rate_changes(&table, d("2026-11-23"), d("2027-05-03"));
        assert_eq!(
            changes,
            vec![RateChange { from: d("2027-01-01"), rate: Decimal::new(300, 2), assumed: Decimal::new(200, 2) }]
        );
        assert!(rate_changes(&table, d("2026-11-23"), d("2026-12-31")).is_empty(), "the plan ends before it");
        assert!(rate_changes(&table, d("2026-03-01"), d("2026-12-31")).is_empty(), "the same rate again");
    }

    #[test]
    fn each_installment_still_to_pay_has_the_engine_s_split() {
        let p = progress(&[("2026-01-30", 40_000)], "2026-02-10");
        assert_eq!(p.splits[0], None, "paid");
        // Fees first (the plan fee is paid by the first 400 already), then principal; no interest.
        assert_eq!(
            p.splits[1],
            Some(Split { fees: Money::ZERO, interest: Money::ZERO, principal: m(40_000), balance_after: m(37_000) })
        );
        assert_eq!(p.splits[2].map(|s| s.balance_after), Some(Money::ZERO));
    }

    #[test]
    fn paying_early_makes_the_last_installment_smaller() {
        let terms = InterestTerms::Fixed { rate: Decimal::new(10, 0), day_count: DayCount::Act365 };
        let claim = |payments| Claim::new(m(1_200_000), d("2025-12-31"), terms.clone(), vec![], payments).unwrap();
        let schedule = vec![
            Installment {
                n: 1,
                due_date: d("2026-01-31"),
                amount: m(600_000),
                fees: Money::ZERO,
                interest: Money::ZERO,
                principal: Money::ZERO,
                balance_after: Money::ZERO,
            },
            Installment {
                n: 2,
                due_date: d("2026-02-28"),
                amount: m(600_000),
                fees: Money::ZERO,
                interest: Money::ZERO,
                principal: Money::ZERO,
                balance_after: Money::ZERO,
            },
        ];
        let early = claim(vec![Payment { date: d("2026-01-15"), amount: m(600_000) }]);
        let p = plan_progress(&early, &table(), &schedule, d("2026-01-01"), d("2026-01-20")).unwrap();
        assert_eq!(p.states, vec![Paid, Next]);
        assert_eq!(p.next, Some((d("2026-02-28"), m(612_224))));
        // Today (Jan 20): 5 more days on 6,049.32 = 8.29 → 6,057.61 ends the plan now.
        assert_eq!(p.payoff_today, m(605_761));
        assert_eq!(p.saved_by_paying_now(), m(6_463));
    }
}
