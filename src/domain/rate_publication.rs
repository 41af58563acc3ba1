//! Publishing a half-year's reference rate without a migration (`debtor-portal rates add`, the
//! administrators' rates page): which table a country's claims use, what a new entry must be, and
//! whether the half-year the clock is in has its rate yet.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use super::interest::{RateEntry, RateTable};
use super::{Country, InputError};

/// The rate table a country's statutory interest reads.
pub fn rate_table_name(country: Country) -> &'static str {
    match country {
        Country::Se => "se-reference",
        Country::No => "no-forsinkelsesrente",
    }
}

/// 1 January or 1 July: the first day of `day`'s half-year, when rates change (räntelagen 9 §,
/// forsinkelsesrenteloven § 3).
pub fn half_year_start(day: NaiveDate) -> NaiveDate {
    let month = if day.month() < 7 { 1 } else { 7 };
    NaiveDate::from_ymd_opt(day.year(), month, 1).unwrap_or(day)
}

/// The half-year `today` is in, when `table` has no rate published from its first day: the
/// portal then carries the latest rate forward, and operations should publish the new one.
pub fn missing_half_year(table: &RateTable, today: NaiveDate) -> Option<NaiveDate> {
    let start = half_year_start(today);
    (!table.entries().iter().any(|e| e.from == start)).then_some(start)
}

/// The lowest and highest rate taken: the Riksbank's rate has been negative (-0.50 in 2016).
const LOWEST: Decimal = Decimal::from_parts(10, 0, 0, true, 0);
const HIGHEST: Decimal = Decimal::ONE_HUNDRED;

/// A new entry for `table` from the typed date (YYYY-MM-DD, a 1 January or 1 July) and rate
/// (percent, at most two decimals, a comma allowed), refused if the half-year has one already.
pub fn new_rate(table: &RateTable, from: &str, rate: &str) -> Result<RateEntry, InputError> {
    let from: NaiveDate = from.trim().parse().map_err(|_| InputError::RateDateInvalid)?;
    if from != half_year_start(from) || from.day() != 1 {
        return Err(InputError::RateDateInvalid);
    }
    let rate: Decimal = rate.trim().replace(',', ".").parse().map_err(|_| InputError::RateInvalid)?;
    if rate.normalize().scale() > 2 || !(LOWEST..=HIGHEST).contains(&rate) {
        return Err(InputError::RateInvalid);
    }
    if table.entries().iter().any(|e| e.from == from) {
        return Err(InputError::RateExists);
    }
    Ok(RateEntry { from, rate: rate.round_dp(2) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn table() -> RateTable {
        RateTable::new(vec![RateEntry { from: d("2026-01-01"), rate: Decimal::TWO }]).unwrap()
    }

    #[test]
    fn only_the_first_day_of_a_half_year_and_never_twice() {
        assert_eq!(
            new_rate(&table(), "2026-07-01", "1,75"),
            Ok(RateEntry { from: d("2026-07-01"), rate: Decimal::new(175, 2) })
        );
        assert_eq!(new_rate(&table(), "2027-01-01", "-0.5").unwrap().rate, Decimal::new(-5, 1));
        for bad in ["2026-07-02", "2026-06-01", "2026-13-01", "1 juli", ""] {
            assert_eq!(new_rate(&table(), bad, "2"), Err(InputError::RateDateInvalid), "{bad}");
        }
        for bad in ["", "x", "2.001", "100.01", "-10.01"] {
            assert_eq!(new_rate(&table(), "2026-07-01", bad), Err(InputError::RateInvalid), "{bad}");
        }
        assert_eq!(new_rate(&table(), "2026-01-01", "3"), Err(InputError::RateExists));
    }

    #[test]
    fn the_current_half_year_without_its_rate_is_named() {
        assert_eq!(half_year_start(d("2026-06-30")), d("2026-01-01"));
        assert_eq!(half_year_start(d("2026-07-01")), d("2026-07-01"));
        assert_eq!(missing_half_year(&table(), d("2026-06-30")), None);
        assert_eq!(missing_half_year(&table(), d("2026-07-01")), Some(d("2026-07-01")));
        assert_eq!(rate_table_name(Country::No), "no-forsinkelsesrente");
    }
}
