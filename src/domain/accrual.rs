//! Interest in whole numbers. The spec's accrual is
//! `P × (366 × R365 + 365 × R366) / (100 × 365 × 366)`, rounded once, half away from zero. With every
//! rate written as an integer at one common scale (8.00 % at scale 2 is 800) the sums R365 and R366
//! are exact integers, and so is the numerator: one integer division and its remainder give the
//! rounding exactly, where a 28-digit decimal quotient could still land on the wrong side of a half
//! öre. It is also what makes a plan of 120 installments cheap enough to recompute on every keystroke
//! in a phone's browser: no decimal arithmetic is left in the loop, and the weight of a span between
//! two due dates (`Weight`) does not depend on the principal, so it is computed once per plan and
//! reused by every amount the plan search tries.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::interest::{DayCount, InterestTerms, RateSource};
use super::{DomainError, Money};

/// Too large to compute with is too large to be an amount.
fn overflow() -> DomainError {
    DomainError::InvalidAmount
}

/// `366 × R365 + 365 × R366` of a span, rates at the scale of its [`Rates`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Weight(i128);

/// How the rate of a day is found, every rate an integer at `Rates::scale`.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    None,
    Fixed(i128),
    /// `(from, reference rate + margin)`, sorted by date.
    Statutory(Vec<(NaiveDate, i128)>),
    /// A rate whose digits do not fit an integer at the common scale: any use of it is an overflow,
    /// as the same rate is for the decimal arithmetic.
    Unrepresentable,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Rates {
    kind: Kind,
    day_count: DayCount,
    /// `100 × 365 × 366 × 10^scale`, and the same in 64 bits where it fits.
    denominator: i128,
    denominator64: Option<i64>,
}

fn scaled(d: Decimal, scale: u32) -> Option<i128> {
    10i128.checked_pow(scale.checked_sub(d.scale())?)?.checked_mul(d.mantissa())
}

impl Rates {
    pub fn new(source: &RateSource<'_>) -> Self {
        let day_count = source.terms.day_count();
        let (kind, scale) = match source.terms {
            InterestTerms::None { .. } => (Kind::None, 0),
            InterestTerms::Fixed { rate, .. } => {
                let scale = rate.scale();
                (scaled(*rate, scale).map_or(Kind::Unrepresentable, Kind::Fixed), scale)
            }
            InterestTerms::Statutory { margin, .. } => {
                let entries = source.table.entries();
                let scale = entries.iter().map(|e| e.rate.scale()).chain([margin.scale()]).max().unwrap_or(0);
                let m = scaled(*margin, scale);
                let table: Option<Vec<_>> =
                    entries.iter().map(|e| Some((e.from, scaled(e.rate, scale)?.checked_add(m?)?))).collect();
                (table.map_or(Kind::Unrepresentable, Kind::Statutory), scale)
            }
        };
        let denominator = 10i128.checked_pow(scale).and_then(|p| p.checked_mul(100 * 365 * 366));
        match denominator {
            Some(denominator) => {
                let denominator64 = i64::try_from(denominator).ok();
                Self { kind, day_count, denominator, denominator64 }
            }
            None => Self { kind: Kind::Unrepresentable, day_count, denominator: 1, denominator64: None },
        }
    }

    /// The rate on `day` and the last day it holds, no later than `through`.
    fn rate_run(&self, day: NaiveDate, through: NaiveDate) -> Result<(i128, NaiveDate), DomainError> {
        match &self.kind {
            Kind::None => Ok((0, through)),
            Kind::Fixed(r) => Ok((*r, through)),
            Kind::Unrepresentable => Err(overflow()),
            Kind::Statutory(table) => {
                let idx = table.partition_point(|(from, _)| *from <= day);
                let (_, rate) = idx.checked_sub(1).map(|i| table[i]).ok_or(DomainError::NoReferenceRate)?;
                let end = match table.get(idx).and_then(|(next, _)| next.pred_opt()) {
                    Some(last) => last.min(through),
                    None => through,
                };
                Ok((rate, end))
            }
        }
    }

    /// The one rate of every day from `day` on, when no change of rate can follow: a fixed rate, or
    /// the last entry of the table once it is in force. The common case of a plan's future.
    fn rate_from_now_on(&self, day: NaiveDate) -> Option<i128> {
        match &self.kind {
            Kind::Fixed(r) => Some(*r),
            Kind::Statutory(table) => table.last().filter(|(from, _)| *from <= day).map(|(_, r)| *r),
            Kind::None | Kind::Unrepresentable => None,
        }
    }

    /// [`Rates::weight`] for a caller that already knows the number of days (`through − after`).
    pub fn weight_of_days(&self, after: NaiveDate, through: NaiveDate, days: i64) -> Result<Weight, DomainError> {
        if self.day_count == DayCount::Act365 {
            if let Some(rate) = self.rate_from_now_on(after) {
                // A checked 128-bit multiplication is a library call; 64 bits suffice for any real rate.
                if let Some(w) = i64::try_from(rate).ok().and_then(|r| r.checked_mul(days.checked_mul(366)?)) {
                    return Ok(Weight(i128::from(w)));
                }
                return rate.checked_mul(366 * i128::from(days)).map(Weight).ok_or_else(overflow);
            }
        }
        self.weight_by_runs(after, through)
    }

    /// The weight of the days after `after` up to and including `through`.
    pub fn weight(&self, after: NaiveDate, through: NaiveDate) -> Result<Weight, DomainError> {
        if through <= after || self.kind == Kind::None {
            return Ok(Weight(0));
        }
        self.weight_of_days(after, through, (through - after).num_days())
    }

    /// Days a run at a time (one rate, and under act/act one length of year), so the work grows with
    /// the number of rate changes, not of days. Callers have ruled out empty spans and no interest.
    fn weight_by_runs(&self, after: NaiveDate, through: NaiveDate) -> Result<Weight, DomainError> {
        let (mut r365, mut r366) = (0i128, 0i128);
        let mut day = after.succ_opt().ok_or_else(overflow)?;
        loop {
            let (rate, mut end) = self.rate_run(day, through)?;
            let leap = self.day_count == DayCount::ActAct && day.leap_year();
            if self.day_count == DayCount::ActAct {
                if let Some(year_end) = NaiveDate::from_ymd_opt(day.year(), 12, 31) {
                    end = end.min(year_end);
                }
            }
            let days = i128::from((end - day).num_days() + 1);
            let part = rate.checked_mul(days).ok_or_else(overflow)?;
            let sum = if leap { &mut r366 } else { &mut r365 };
            *sum = sum.checked_add(part).ok_or_else(overflow)?;
            match end.succ_opt() {
                Some(next) if end < through => day = next,
                _ => break,
            }
        }
        r365.checked_mul(366)
            .zip(r366.checked_mul(365))
            .and_then(|(a, b)| a.checked_add(b))
            .map(Weight)
            .ok_or_else(overflow)
    }

    /// `principal × weight / denominator`, rounded half away from zero to the öre. In 64 bits where
    /// the numbers allow (a wasm32 128-bit division is a long software routine), else in 128.
    #[inline]
    pub fn interest(&self, principal: Money, weight: Weight) -> Result<Money, DomainError> {
        let p = principal.minor();
        if let (Ok(w), Some(den)) = (i64::try_from(weight.0), self.denominator64) {
            if let Some(n) = p.checked_mul(w) {
                let (q, r) = (n / den, n % den);
                let q = if r.unsigned_abs() >= den.unsigned_abs() - r.unsigned_abs() { q + n.signum() } else { q };
                return Ok(Money::from_minor(q));
            }
        }
        let n = i128::from(p).checked_mul(weight.0).ok_or_else(overflow)?;
        let den = self.denominator;
        let (q, r) = (n / den, n % den);
        let q = if r.unsigned_abs() >= den.unsigned_abs() - r.unsigned_abs() { q + n.signum() } else { q };
        i64::try_from(q).map(Money::from_minor).map_err(|_| overflow())
    }

    /// Interest on `principal` for the days after `after` through `through`. No rate is looked up
    /// when there is no principal to earn it.
    pub fn accrue(&self, principal: Money, after: NaiveDate, through: NaiveDate) -> Result<Money, DomainError> {
        if principal.is_zero() || through <= after {
            return Ok(Money::ZERO);
        }
        self.interest(principal, self.weight(after, through)?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::interest::{RateEntry, RateTable};
    use std::str::FromStr;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::from_str(s).unwrap()
    }
    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn half_an_ore_rounds_away_from_zero_both_ways() {
        // 1.00 kr at 36.5 % for one day under act/365 is 0.1 öre; 5 kr is exactly half an öre.
        let terms = InterestTerms::Fixed { rate: dec("36.5"), day_count: DayCount::Act365 };
        let table = RateTable::default();
        let rates = Rates::new(&RateSource { terms: &terms, table: &table });
        let one_day = |p| rates.accrue(Money::from_minor(p), d("2025-01-01"), d("2025-01-02")).unwrap().minor();
        assert_eq!(one_day(500), 1);
        assert_eq!(one_day(499), 0);
        let terms = InterestTerms::Fixed { rate: dec("-36.5"), day_count: DayCount::Act365 };
        let rates = Rates::new(&RateSource { terms: &terms, table: &table });
        assert_eq!(rates.accrue(Money::from_minor(500), d("2025-01-01"), d("2025-01-02")).unwrap().minor(), -1);
    }

    #[test]
    fn rates_of_different_scales_share_one_scale() {
        let terms = InterestTerms::Statutory { margin: dec("8"), day_count: DayCount::Act365 };
        let table = RateTable::new(vec![RateEntry { from: d("2024-01-01"), rate: dec("3.125") }]).unwrap();
        let rates = Rates::new(&RateSource { terms: &terms, table: &table });
        // 365 days of 11.125 % on 1000 kr = 111.25 kr.
        assert_eq!(rates.accrue(Money::from_minor(100_000), d("2024-12-31"), d("2025-12-31")).unwrap().minor(), 11_125);
    }

    #[test]
    fn a_large_numerator_takes_the_wide_path() {
        let terms = InterestTerms::Fixed { rate: dec("10"), day_count: DayCount::Act365 };
        let table = RateTable::default();
        let rates = Rates::new(&RateSource { terms: &terms, table: &table });
        let p = Money::from_minor(9_000_000_000_000_000);
        let ten_years = rates.accrue(p, d("2000-01-01"), d("2010-01-01")).unwrap();
        // 3653 days at 10 % / 365 on 9e15 öre, rounded: 9 007 397 260 273 972.60 öre.
        assert_eq!(ten_years.minor(), 9_007_397_260_273_973);
    }
}
