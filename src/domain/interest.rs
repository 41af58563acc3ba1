use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{DomainError, Money};

/// How a year is divided into days. Swedish practice counts every day as 1/365 of the yearly rate;
/// Norwegian practice gives days of a leap year 1/366.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum DayCount {
    #[default]
    #[serde(rename = "act/365")]
    Act365,
    #[serde(rename = "act/act")]
    ActAct,
}

impl DayCount {
    pub fn parse(s: &str) -> Result<Self, DomainError> {
        match s {
            "act/365" => Ok(Self::Act365),
            "act/act" => Ok(Self::ActAct),
            _ => Err(DomainError::InvalidInterest),
        }
    }

    fn is_366(self, d: NaiveDate) -> bool {
        self == Self::ActAct && d.leap_year()
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum InterestTerms {
    /// Reference rate in force on the day + margin (räntelagen 6 §; NO forsinkelsesrente has margin 0
    /// because its table already holds the full rate).
    Statutory {
        margin: Decimal,
        #[serde(default)]
        day_count: DayCount,
    },
    Fixed {
        rate: Decimal,
        #[serde(default)]
        day_count: DayCount,
    },
    None {
        #[serde(default)]
        day_count: DayCount,
    },
}

impl InterestTerms {
    pub fn day_count(&self) -> DayCount {
        match self {
            Self::Statutory { day_count, .. } | Self::Fixed { day_count, .. } | Self::None { day_count } => {
                *day_count
            }
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RateEntry {
    pub from: NaiveDate,
    pub rate: Decimal,
}

/// A reference-rate table, sorted and free of duplicate dates by construction.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct RateTable(Vec<RateEntry>);

impl RateTable {
    pub fn new(mut entries: Vec<RateEntry>) -> Result<Self, DomainError> {
        entries.sort_by_key(|e| e.from);
        if entries.windows(2).any(|w| w[0].from == w[1].from) {
            return Err(DomainError::InvalidInterest);
        }
        Ok(Self(entries))
    }

    pub fn entries(&self) -> &[RateEntry] {
        &self.0
    }

    /// The entry with the latest `from` on or before `day`.
    pub fn in_force(&self, day: NaiveDate) -> Option<&RateEntry> {
        let idx = self.0.partition_point(|e| e.from <= day);
        idx.checked_sub(1).map(|i| &self.0[i])
    }
}

/// Interest terms with their table: everything needed to price a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateSource<'a> {
    pub terms: &'a InterestTerms,
    pub table: &'a RateTable,
}

impl RateSource<'_> {
    pub fn rate_on(&self, day: NaiveDate) -> Result<Option<Decimal>, DomainError> {
        match self.terms {
            InterestTerms::None { .. } => Ok(None),
            InterestTerms::Fixed { rate, .. } => Ok(Some(*rate)),
            InterestTerms::Statutory { margin, .. } => self
                .table
                .in_force(day)
                .map(|e| Some(e.rate + margin))
                .ok_or(DomainError::NoReferenceRate),
        }
    }

    /// Interest on `principal` for the days after `after` up to and including `through`, rounded once.
    /// Sums the rates per day class and divides once at the end: summing per-day quotients in 28
    /// digits can land on the wrong side of a half öre.
    pub fn accrue(&self, principal: Money, after: NaiveDate, through: NaiveDate) -> Result<Money, DomainError> {
        if principal.is_zero() || through <= after || matches!(self.terms, InterestTerms::None { .. }) {
            return Ok(Money::ZERO);
        }
        let day_count = self.terms.day_count();
        let (mut r365, mut r366) = (Decimal::ZERO, Decimal::ZERO);
        let mut day = after;
        while day < through {
            day = day.succ_opt().ok_or(DomainError::InvalidInterest)?;
            let rate = self.rate_on(day)?.unwrap_or_default();
            if day_count.is_366(day) {
                r366 += rate;
            } else {
                r365 += rate;
            }
        }
        let numerator = principal.decimal() * (Decimal::from(366) * r365 + Decimal::from(365) * r366);
        let denominator = Decimal::from(100 * 365 * 366);
        Ok(Money::round(numerator / denominator))
    }
}

/// The rate periods that touched a span, for showing a debtor which rates were used and from when.
pub fn rate_periods(source: &RateSource<'_>, after: NaiveDate, through: NaiveDate) -> Vec<(NaiveDate, Decimal)> {
    let mut out: Vec<(NaiveDate, Decimal)> = Vec::new();
    let Some(first) = after.succ_opt() else { return out };
    if through < first {
        return out;
    }
    match source.terms {
        InterestTerms::None { .. } => {}
        InterestTerms::Fixed { rate, .. } => out.push((first, *rate)),
        InterestTerms::Statutory { margin, .. } => {
            if let Some(e) = source.table.in_force(first) {
                out.push((first, e.rate + margin));
            }
            for e in source.table.entries().iter().filter(|e| e.from > first && e.from <= through) {
                out.push((e.from, e.rate + margin));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::from_str(s).unwrap()
    }
    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn kronofogden_example_is_reproduced() {
        // 6 780 kr at 8 %, 2021-01-01 to 2021-04-20 counting both ends = 110 days → 163.46, which Kronofogden shows as 163 kr.
        let terms = InterestTerms::Fixed { rate: dec("8"), day_count: DayCount::Act365 };
        let table = RateTable::default();
        let src = RateSource { terms: &terms, table: &table };
        let m = src.accrue(Money::parse("6780").unwrap(), d("2020-12-31"), d("2021-04-20")).unwrap();
        assert_eq!(m.to_string(), "163.46");
    }

    #[test]
    fn table_rejects_duplicate_dates_and_finds_rate_in_force() {
        let e = |f: &str, r: &str| RateEntry { from: d(f), rate: dec(r) };
        assert_eq!(
            RateTable::new(vec![e("2024-01-01", "1"), e("2024-01-01", "2")]),
            Err(DomainError::InvalidInterest)
        );
        let t = RateTable::new(vec![e("2024-07-01", "4"), e("2024-01-01", "3")]).unwrap();
        assert_eq!(t.in_force(d("2023-12-31")), None);
        assert_eq!(t.in_force(d("2024-01-01")).unwrap().rate, dec("3"));
        assert_eq!(t.in_force(d("2030-01-01")).unwrap().rate, dec("4"));
    }

    #[test]
    fn act_act_gives_leap_days_a_366th() {
        let terms = InterestTerms::Fixed { rate: dec("36.6"), day_count: DayCount::ActAct };
        let table = RateTable::default();
        let src = RateSource { terms: &terms, table: &table };
        // One day in 2024 at 36.6 % on 1000 = 1000 × 36.6 / 36600 = 1.00
        let m = src.accrue(Money::parse("1000").unwrap(), d("2024-03-01"), d("2024-03-02")).unwrap();
        assert_eq!(m.to_string(), "1.00");
    }

    #[test]
    fn periods_list_rate_changes_inside_span() {
        let terms = InterestTerms::Statutory { margin: dec("8"), day_count: DayCount::Act365 };
        let e = |f: &str, r: &str| RateEntry { from: d(f), rate: dec(r) };
        let table = RateTable::new(vec![e("2023-07-01", "3.5"), e("2024-01-01", "4"), e("2024-07-01", "4")]).unwrap();
        let src = RateSource { terms: &terms, table: &table };
        let p = rate_periods(&src, d("2023-12-15"), d("2024-03-01"));
        assert_eq!(p, vec![(d("2023-12-16"), dec("11.5")), (d("2024-01-01"), dec("12"))]);
    }
}
