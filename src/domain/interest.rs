//! Interest terms (statutory, contractual, none), day counts and reference-rate tables, and the
//! accrual of interest over rate periods.

use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;

use super::text_code::text_code;
use super::{DomainError, Money};

text_code! {
    /// How a year is divided into days. Swedish practice counts every day as 1/365 of the yearly
    /// rate; Norwegian practice gives days of a leap year 1/366.
    #[derive(Default)]
    pub enum DayCount("day count") {
        #[default]
        Act365 = "act/365",
        ActAct = "act/act",
    }
}

text_code! {
    pub enum InterestKind("interest kind") {
        /// Reference rate in force on the day + margin.
        Statutory = "statutory",
        /// One agreed rate.
        Fixed = "fixed",
        None = "none",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum InterestTerms {
    /// Reference rate in force on the day + margin (räntelagen 6 §; NO forsinkelsesrente has margin 0
    /// because its table already holds the full rate).
    Statutory {
        margin: Decimal,
        day_count: DayCount,
    },
    Fixed {
        rate: Decimal,
        day_count: DayCount,
    },
    None {
        day_count: DayCount,
    },
}

impl InterestTerms {
    /// From a kind and its one number (the margin, the fixed rate, or nothing for `none`).
    pub fn from_parts(kind: InterestKind, rate: Decimal, day_count: DayCount) -> Self {
        match kind {
            InterestKind::Statutory => Self::Statutory { margin: rate, day_count },
            InterestKind::Fixed => Self::Fixed { rate, day_count },
            InterestKind::None => Self::None { day_count },
        }
    }

    pub fn kind(&self) -> InterestKind {
        match self {
            Self::Statutory { .. } => InterestKind::Statutory,
            Self::Fixed { .. } => InterestKind::Fixed,
            Self::None { .. } => InterestKind::None,
        }
    }

    /// The margin (statutory), the agreed rate (fixed) or zero.
    pub fn rate(&self) -> Decimal {
        match self {
            Self::Statutory { margin, .. } => *margin,
            Self::Fixed { rate, .. } => *rate,
            Self::None { .. } => Decimal::ZERO,
        }
    }

    pub fn day_count(&self) -> DayCount {
        match self {
            Self::Statutory { day_count, .. } | Self::Fixed { day_count, .. } | Self::None { day_count } => *day_count,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct RateEntry {
    pub from: NaiveDate,
    pub rate: Decimal,
}

/// A reference-rate table, sorted and free of duplicate dates by construction (JSON included).
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(try_from = "Vec<RateEntry>", into = "Vec<RateEntry>")]
pub struct RateTable(Vec<RateEntry>);

impl TryFrom<Vec<RateEntry>> for RateTable {
    type Error = DomainError;
    fn try_from(entries: Vec<RateEntry>) -> Result<Self, DomainError> {
        Self::new(entries)
    }
}

impl From<RateTable> for Vec<RateEntry> {
    fn from(t: RateTable) -> Self {
        t.0
    }
}

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

    /// Rates are published per half-year. When the newest entry is older than that on `today`, a
    /// newer rate should exist: the portal says it carries the latest one it has forward.
    pub fn latest_rate_assumed(&self, today: NaiveDate) -> bool {
        self.0.last().and_then(|e| e.from.checked_add_months(Months::new(6))).is_some_and(|d| d <= today)
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
            InterestTerms::Statutory { margin, .. } => {
                let entry = self.table.in_force(day).ok_or(DomainError::NoReferenceRate)?;
                entry.rate.checked_add(*margin).map(Some).ok_or(DomainError::InvalidAmount)
            }
        }
    }

    /// Interest on `principal` for the days after `after` up to and including `through`, rounded once
    /// (see `accrual`, which the ledger uses directly so the rates are prepared once per claim).
    pub fn accrue(&self, principal: Money, after: NaiveDate, through: NaiveDate) -> Result<Money, DomainError> {
        super::accrual::Rates::new(self).accrue(principal, after, through)
    }
}

/// The rate periods that touched a span, for showing a debtor which rates were used and from when.
pub fn rate_periods(
    source: &RateSource<'_>,
    after: NaiveDate,
    through: NaiveDate,
) -> Result<Vec<(NaiveDate, Decimal)>, DomainError> {
    let mut out: Vec<(NaiveDate, Decimal)> = Vec::new();
    let Some(first) = after.succ_opt() else { return Ok(out) };
    if through < first {
        return Ok(out);
    }
    match source.terms {
        InterestTerms::None { .. } => {}
        InterestTerms::Fixed { rate, .. } => out.push((first, *rate)),
        InterestTerms::Statutory { .. } => {
            if source.table.in_force(first).is_some() {
                out.push((first, source.rate_on(first)?.unwrap_or_default()));
            }
            for e in source.table.entries().iter().filter(|e| e.from > first && e.from <= through) {
                out.push((e.from, source.rate_on(e.from)?.unwrap_or_default()));
            }
        }
    }
    Ok(out)
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
    fn a_rate_table_from_json_is_sorted_and_checked() {
        let t: RateTable =
            serde_json::from_str(r#"[{"from":"2026-07-01","rate":"2.00"},{"from":"2026-01-01","rate":"2.25"}]"#)
                .unwrap();
        assert_eq!(t.entries()[0].from, d("2026-01-01"));
        let twice = r#"[{"from":"2026-07-01","rate":"2.00"},{"from":"2026-07-01","rate":"2.25"}]"#;
        assert!(serde_json::from_str::<RateTable>(twice).is_err());
        let terms = InterestTerms::Statutory { margin: dec("8"), day_count: DayCount::ActAct };
        let json = serde_json::to_value(&terms).unwrap();
        assert_eq!(json, serde_json::json!({"kind":"statutory","margin":"8","day_count":"act/act"}));
        assert_eq!(serde_json::from_value::<InterestTerms>(json).unwrap(), terms);
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
        assert_eq!(RateTable::new(vec![e("2024-01-01", "1"), e("2024-01-01", "2")]), Err(DomainError::InvalidInterest));
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
        let p = rate_periods(&src, d("2023-12-15"), d("2024-03-01")).unwrap();
        assert_eq!(p, vec![(d("2023-12-16"), dec("11.5")), (d("2024-01-01"), dec("12"))]);
    }

    #[test]
    fn absurd_rates_and_spans_are_errors_not_panics() {
        let terms = InterestTerms::Fixed { rate: Decimal::MAX, day_count: DayCount::ActAct };
        let table = RateTable::default();
        let src = RateSource { terms: &terms, table: &table };
        let max = Money::from_minor(i64::MAX);
        assert_eq!(src.accrue(max, d("2000-01-01"), d("2001-01-01")), Err(DomainError::InvalidAmount));
        let terms = InterestTerms::Fixed { rate: dec("8"), day_count: DayCount::ActAct };
        let src = RateSource { terms: &terms, table: &table };
        let far = src.accrue(Money::parse("100").unwrap(), NaiveDate::MIN, NaiveDate::MAX);
        assert!(far.is_ok(), "{far:?}");
    }

    #[test]
    fn a_table_older_than_half_a_year_is_carried_forward() {
        let t = RateTable::new(vec![RateEntry { from: d("2026-01-01"), rate: dec("2") }]).unwrap();
        assert!(!t.latest_rate_assumed(d("2026-06-30")));
        assert!(t.latest_rate_assumed(d("2026-07-01")));
        assert!(!RateTable::default().latest_rate_assumed(d("2026-07-01")));
    }
}
