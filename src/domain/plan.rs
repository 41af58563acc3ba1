//! An installment plan's schedule: equal installments on monthly due dates, each split into fees,
//! interest and principal by the spec's allocation.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::accrual::{Rates, Weight};
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

impl Plan {
    /// A short digest of everything the debtor is shown of this plan (each installment's date and
    /// amounts, the totals). The page sends the digest of the schedule it showed beside the choice;
    /// when the server's own schedule has another digest (a payment arrived, the day turned), the
    /// server shows its schedule to confirm instead of recording it. FNV-1a: the same on every
    /// target, and no secret is involved: a forged digest can only skip a confirmation step, since
    /// what is stored is always the server's schedule.
    pub fn fingerprint(&self) -> String {
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        let mut eat = |v: i64| {
            for b in v.to_le_bytes() {
                h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
        };
        eat(self.start.total.minor());
        eat(self.totals.amount.minor());
        for i in &self.installments {
            eat(i64::from(i.due_date.num_days_from_ce()));
            for m in [i.amount, i.fees, i.interest, i.principal, i.balance_after] {
                eat(m.minor());
            }
        }
        format!("{h:016x}")
    }
}

/// What was owed on a plan's start day without the plan: its start total less the creditor's plan
/// fee (which `start` includes). Both pages that show a plan take it from here.
pub fn owed_without_plan(start_total: Money, plan_fee: Money) -> Result<Money, DomainError> {
    start_total.checked_sub(plan_fee)
}

/// What a plan costs on top of paying today's total at once: everything its installments pay, less
/// what was owed without it.
pub fn plan_cost(total_paid: Money, start_total: Money, plan_fee: Money) -> Result<Money, DomainError> {
    total_paid.checked_sub(owed_without_plan(start_total, plan_fee)?)
}

/// Due date of installment `n` (1-based): the same day of the month as the first, or the month's last
/// day where the month is shorter. Counted from the first due date every time, so 31 Jan gives 29 Feb
/// and then 31 Mar again.
pub fn due_date(first_due: NaiveDate, n: u32) -> Option<NaiveDate> {
    let (year, month, day) = due_ymd(first_due, n)?;
    NaiveDate::from_ymd_opt(year, month, day)
}

/// Year, month and day of installment `n`, by plain month arithmetic (no calendar look-ups: the plan
/// calculator computes up to 120 of these on every change of input).
fn due_ymd(first_due: NaiveDate, n: u32) -> Option<(i32, u32, u32)> {
    let months = i64::from(first_due.month0()) + i64::from(n.saturating_sub(1));
    let year = i32::try_from(i64::from(first_due.year()) + months.div_euclid(12)).ok()?;
    let month = u32::try_from(months.rem_euclid(12)).ok()? + 1;
    Some((year, month, first_due.day().min(days_in_month(year, month))))
}

/// Days since 1 March of year 0 of the proleptic Gregorian calendar (H. Hinnant's
/// `days_from_civil`): differences of these are day counts, without a calendar type.
fn day_number(year: i32, month: u32, day: u32) -> i64 {
    let y = i64::from(year) - i64::from(month <= 2);
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The ledger at the plan's start: statement at S, later fees dropped, the plan fee added.
fn opening(claim: &Claim, table: &RateTable, req: &PlanRequest) -> Result<Ledger, DomainError> {
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

/// What is owed while a plan runs. Every fee is dated on or before the start, so every fee can be
/// paid on every due date, and paying them oldest first comes to paying their sum.
#[derive(Debug, Clone, Copy)]
struct Owed {
    fees: Money,
    interest: Money,
    principal: Money,
}

impl Owed {
    fn total(&self) -> Result<Money, DomainError> {
        self.fees.checked_add(self.interest)?.checked_add(self.principal)
    }
}

/// The due dates of a plan and the interest weight of the span before each, computed as far as any
/// amount tried so far has needed them and shared by all the amounts a search tries.
struct Calendar<'r> {
    rates: &'r Rates,
    first_due: NaiveDate,
    /// Interest has been accrued through this day at the start (the start, or a later due date).
    accrued_through: NaiveDate,
    /// Day numbers (`day_number`) of `accrued_through` and of the last due date in `steps`.
    accrued_number: i64,
    last_number: i64,
    steps: Vec<Step>,
}

/// One due date and the weight of the days before it. A plain struct, written and read field by
/// field: as a `(NaiveDate, Result<Weight, _>)` tuple it was assembled on the stack and copied, and
/// those copies were a third of a fixed-amount schedule's time (perf, 2026-11-24).
#[derive(Clone, Copy)]
struct Step {
    weight: Weight,
    day: NaiveDate,
    /// Why the weight could not be had (no reference rate); then `weight` is zero.
    refused: Option<DomainError>,
}

impl<'r> Calendar<'r> {
    fn new(ledger: &'r Ledger, first_due: NaiveDate, limit: u32) -> Self {
        let steps = Vec::with_capacity(limit.min(MAX_INSTALLMENTS) as usize);
        let accrued_through = ledger.accrued_through();
        let accrued_number = day_number(accrued_through.year(), accrued_through.month(), accrued_through.day());
        let rates = ledger.rates();
        Self { rates, first_due, accrued_through, accrued_number, last_number: accrued_number, steps }
    }

    /// Due date of installment `k + 1` and the weight of the days since the previous event. A
    /// weight that cannot be had (no reference rate) is an error only when some principal earns it.
    fn step(&mut self, k: usize) -> Result<(NaiveDate, Result<Weight, DomainError>), DomainError> {
        while self.steps.len() <= k {
            let n = u32::try_from(self.steps.len() + 1).map_err(|_| DomainError::DoesNotAmortize)?;
            let (y, m, d) = due_ymd(self.first_due, n).ok_or(DomainError::DoesNotAmortize)?;
            let day = NaiveDate::from_ymd_opt(y, m, d).ok_or(DomainError::DoesNotAmortize)?;
            let number = day_number(y, m, d);
            let after = self.steps.last().map_or(self.accrued_through, |s| s.day.max(self.accrued_through));
            let days = number - self.last_number.max(self.accrued_number);
            let weight = if days > 0 { self.rates.weight_of_days(after, day, days) } else { Ok(Weight::default()) };
            self.last_number = number;
            let (weight, refused) = match weight {
                Ok(w) => (w, None),
                Err(e) => (Weight::default(), Some(e)),
            };
            self.steps.push(Step { weight, day, refused });
        }
        let s = self.steps[k];
        Ok((s.day, s.refused.map_or(Ok(s.weight), Err)))
    }
}

/// How a run of installments of one amount ended.
#[derive(Debug, Clone, Copy)]
enum End {
    /// Nothing left after installment `count`, which was `last`.
    Paid { count: u32, last: Money },
    /// `left` still owed after the last installment allowed.
    Short { left: Money },
}

/// Installments of `amount` (the last one smaller where less is owed), at most `limit` of them;
/// each is recorded in `out` when given.
fn run(
    cal: &mut Calendar<'_>,
    start: Owed,
    amount: Money,
    limit: u32,
    mut out: Option<&mut Vec<Installment>>,
) -> Result<End, DomainError> {
    let rates = cal.rates;
    let mut owed = start;
    for n in 1..=limit {
        let (day, weight) = cal.step(n as usize - 1)?;
        if owed.principal.is_positive() {
            let interest = rates.interest(owed.principal, weight?)?;
            owed.interest = owed.interest.checked_add(interest)?;
        }
        let pay = amount.min(owed.total()?);
        let fees = pay.min(owed.fees);
        let left = pay.checked_sub(fees)?;
        let interest = left.min(owed.interest);
        let left = left.checked_sub(interest)?;
        let principal = left.min(owed.principal);
        owed.fees = owed.fees.checked_sub(fees)?;
        owed.interest = owed.interest.checked_sub(interest)?;
        owed.principal = owed.principal.checked_sub(principal)?;
        let balance_after = owed.total()?;
        if let Some(out) = out.as_deref_mut() {
            out.push(Installment { n, due_date: day, amount: pay, fees, interest, principal, balance_after });
        }
        if balance_after.is_zero() {
            return Ok(End::Paid { count: n, last: pay });
        }
    }
    Ok(End::Short { left: owed.total()? })
}

/// How far an amount is from finishing in exactly `n` installments, in öre: what is still owed after
/// the n-th (> 0), or minus what the finished plan did not use of its n installments (≤ 0). Close to
/// a straight line in the amount, which is what lets the search below take few steps.
fn miss(cal: &mut Calendar<'_>, start: Owed, whole: u64, n: u32) -> Result<i128, DomainError> {
    let amount = Money::whole(whole)?;
    Ok(match run(cal, start, amount, n, None)? {
        End::Short { left } => i128::from(left.minor()),
        End::Paid { count, last } => {
            let unused = i128::from(n - count) * i128::from(amount.minor());
            -(unused + i128::from(amount.minor() - last.minor()))
        }
    })
}

/// Smallest whole amount A ≥ 1 that finishes within `n` installments (a larger amount never needs
/// more). Paying the total in n parts is a lower bound; adding what that leaves owed, spread over n,
/// is an upper bound (each extra krona pays a krona and saves interest). Between the two the answer
/// is bracketed (`fail` does not finish, `fit` does) and found by interpolation, falling back to
/// halving whenever an interpolation leaves the same end standing twice.
fn smallest_whole_amount(cal: &mut Calendar<'_>, start: Owed, n: u32) -> Result<u64, DomainError> {
    let per = u64::from(n) * 100;
    let total = u64::try_from(start.total()?.minor()).unwrap_or(0);
    let low = total.div_ceil(per).max(1);
    let low_miss = miss(cal, start, low, n)?;
    if low_miss <= 0 {
        return Ok(low);
    }
    let (mut fail, mut fail_miss) = (low, low_miss);
    let step = u64::try_from(low_miss).unwrap_or(u64::MAX).div_ceil(per).max(1);
    let mut fit = low.checked_add(step).ok_or(DomainError::DoesNotAmortize)?;
    let mut fit_miss = miss(cal, start, fit, n)?;
    while fit_miss > 0 {
        (fail, fail_miss) = (fit, fit_miss);
        fit = fit.checked_mul(2).ok_or(DomainError::DoesNotAmortize)?;
        fit_miss = miss(cal, start, fit, n)?;
    }
    // Interpolation lands next to the answer and then moves one end a step at a time; when the
    // same end has moved twice in a row, halve instead.
    let mut last_moved_fail: Option<bool> = None;
    let mut same_end_twice = false;
    while fit - fail > 1 {
        let width = fit - fail;
        let guess = if same_end_twice {
            fail + width / 2
        } else {
            let den = fail_miss - fit_miss;
            let root = (fail_miss * i128::from(width) + den - 1) / den;
            fail.saturating_add(u64::try_from(root).unwrap_or(u64::MAX))
        };
        let guess = guess.clamp(fail + 1, fit - 1);
        let m = miss(cal, start, guess, n)?;
        let moved_fail = m > 0;
        if moved_fail {
            (fail, fail_miss) = (guess, m);
        } else {
            (fit, fit_miss) = (guess, m);
        }
        same_end_twice = last_moved_fail == Some(moved_fail);
        last_moved_fail = Some(moved_fail);
    }
    Ok(fit)
}

pub fn plan(claim: &Claim, table: &RateTable, req: &PlanRequest) -> Result<Plan, DomainError> {
    let ledger = opening(claim, table, req)?;
    let owed = Owed {
        fees: ledger.fees_outstanding(req.start)?,
        interest: ledger.interest_outstanding()?,
        principal: ledger.principal_outstanding,
    };
    let start = PlanStart {
        date: req.start,
        fees: owed.fees,
        interest: owed.interest,
        principal: owed.principal,
        total: owed.total()?,
    };
    let mut cal = Calendar::new(&ledger, req.first_due, req.max_installments);
    let amount = match req.size {
        PlanSize::Amount(a) => a,
        PlanSize::Installments(n) => Money::whole(smallest_whole_amount(&mut cal, owed, n)?)?,
    };
    let mut installments = Vec::with_capacity(cal.steps.capacity());
    match run(&mut cal, owed, amount, req.max_installments, Some(&mut installments))? {
        End::Paid { .. } => {}
        End::Short { .. } => return Err(DomainError::DoesNotAmortize),
    }
    let sum = |part: fn(&Installment) -> Money| Money::sum(installments.iter().map(part));
    let totals = PlanTotals {
        amount: sum(|i| i.amount)?,
        fees: sum(|i| i.fees)?,
        interest: sum(|i| i.interest)?,
        principal: sum(|i| i.principal)?,
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
    fn a_plan_costs_what_it_pays_beyond_todays_total() {
        let m = Money::from_minor;
        assert_eq!(owed_without_plan(m(1_017_000), m(17_000)), Ok(m(1_000_000)));
        assert_eq!(plan_cost(m(1_040_000), m(1_017_000), m(17_000)), Ok(m(40_000)));
    }

    #[test]
    fn due_dates_agree_with_calendar_month_arithmetic() {
        for first in ["2024-01-31", "2023-01-29", "2024-02-29", "2025-12-31", "2026-11-30", "2000-03-31"] {
            let first = d(first);
            for n in 1..=MAX_INSTALLMENTS {
                assert_eq!(due_date(first, n), first.checked_add_months(chrono::Months::new(n - 1)), "{first} {n}");
            }
        }
        assert_eq!(due_date(NaiveDate::MAX, 2), None);
        let epoch = day_number(1970, 1, 1);
        for day in [d("1900-02-28"), d("2000-02-29"), d("2024-03-01"), d("2026-11-24"), d("9999-12-31")] {
            let n = day_number(day.year(), day.month(), day.day()) - epoch;
            assert_eq!(n, (day - d("1970-01-01")).num_days(), "{day}");
        }
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod search_tests {
    use super::*;
    use crate::domain::claim::Claim;
    use crate::domain::interest::{DayCount, InterestTerms};
    use proptest::prelude::*;
    use rust_decimal::Decimal;

    /// The spec's own definition, by halving over every whole amount from 1 to the total.
    fn by_halving(cal: &mut Calendar<'_>, start: Owed, n: u32) -> u64 {
        let (mut lo, mut hi) = (1u64, start.total().unwrap().ceil_whole().max(1));
        while miss(cal, start, hi, n).unwrap() > 0 {
            hi *= 2;
        }
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if miss(cal, start, mid, n).unwrap() <= 0 {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        lo
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(300))]
        #[test]
        fn the_interpolating_search_finds_the_smallest_amount(
            principal in 1i64..50_000_000,
            rate_hundredths in 0i64..4_000,
            n in 1u32..=120,
            first_in in 0u64..60,
            fee in 0i64..17_000,
            act_act in any::<bool>(),
        ) {
            let start_day = NaiveDate::from_ymd_opt(2026, 11, 21).unwrap();
            let day_count = if act_act { DayCount::ActAct } else { DayCount::Act365 };
            let terms = InterestTerms::Fixed { rate: Decimal::new(rate_hundredths, 2), day_count };
            let claim = Claim::new(Money::from_minor(principal), NaiveDate::from_ymd_opt(2025, 5, 31).unwrap(), terms, vec![], vec![]).unwrap();
            let table = RateTable::default();
            let first_due = start_day + chrono::Days::new(first_in);
            let req = PlanRequest::new(start_day, first_due, Money::from_minor(fee), None, Some(i64::from(n)), None).unwrap();
            let ledger = opening(&claim, &table, &req).unwrap();
            let owed = Owed {
                fees: ledger.fees_outstanding(start_day).unwrap(),
                interest: ledger.interest_outstanding().unwrap(),
                principal: ledger.principal_outstanding,
            };
            let mut cal = Calendar::new(&ledger, first_due, n);
            let fast = smallest_whole_amount(&mut cal, owed, n).unwrap();
            prop_assert_eq!(fast, by_halving(&mut cal, owed, n));
        }
    }
}
