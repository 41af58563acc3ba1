//! Amounts, rates and dates the way each language writes them. Only formatting: every value was
//! computed by `crate::domain` on the server.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use rust_decimal::Decimal;

use crate::domain::{format_amount, Currency, Language, Money};
use crate::i18n::Locale;

/// The portal's language as the translations name it, and back.
pub fn locale_of(language: Language) -> Locale {
    match language {
        Language::Sv => Locale::sv,
        Language::Nb => Locale::nb,
        Language::En => Locale::en,
    }
}

pub fn language_of(locale: Locale) -> Language {
    match locale {
        Locale::sv => Language::Sv,
        Locale::nb => Language::Nb,
        Locale::en => Language::En,
    }
}

/// `1 234,50 kr` where the currency is the reader's own, else the ISO code (a Swede reading a NOK
/// claim must not take it for SEK); `SEK 1,234.50` in English.
pub fn money(locale: Locale, m: Money, currency: Currency) -> String {
    match (locale, currency) {
        (Locale::en, _) => format!("{currency} {}", format_amount(m, false)),
        (Locale::sv, Currency::Sek) | (Locale::nb, Currency::Nok) => format!("{} kr", format_amount(m, true)),
        _ => format!("{} {currency}", format_amount(m, true)),
    }
}

/// The amount alone, where a heading already names the currency.
pub fn number(locale: Locale, m: Money) -> String {
    format_amount(m, locale != Locale::en)
}

/// `12,50` / `12.50`: at least two decimals, more if the rate has them.
pub fn rate(locale: Locale, r: Decimal) -> String {
    let mut r = r.normalize();
    if r.scale() < 2 {
        r.rescale(2);
    }
    let s = r.to_string();
    if locale == Locale::en {
        s
    } else {
        s.replace('.', ",")
    }
}

/// ISO dates in Swedish and English (as Swedish letters print them), `21.11.2026` in Norwegian.
/// Written by hand, not with `format`: chrono's pattern interpreter would be in the islands bundle,
/// and this runs for every row of a schedule on every change in the plan calculator.
pub fn date(locale: Locale, d: NaiveDate) -> String {
    let (y, m, day) = (d.year(), d.month(), d.day());
    match locale {
        Locale::nb => format!("{day:02}.{m:02}.{y:04}"),
        _ => format!("{y:04}-{m:02}-{day:02}"),
    }
}

/// A date and the time of day to the minute: `2026-11-23 14:05`, `23.11.2026 kl. 14.05`.
pub fn date_time(locale: Locale, t: NaiveDateTime) -> String {
    let (h, m) = (t.hour(), t.minute());
    match locale {
        Locale::nb => format!("{} kl. {h:02}.{m:02}", date(locale, t.date())),
        _ => format!("{} {h:02}:{m:02}", date(locale, t.date())),
    }
}

/// A file's size in whole kilobytes, at least 1.
pub fn kilobytes(bytes: u64) -> u64 {
    bytes.div_ceil(1024).max(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_to_the_minute() {
        let t = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap().and_hms_opt(14, 5, 59).unwrap();
        assert_eq!(date_time(Locale::sv, t), "2026-11-23 14:05");
        assert_eq!(date_time(Locale::nb, t), "23.11.2026 kl. 14.05");
        assert_eq!((kilobytes(1), kilobytes(1024), kilobytes(1025)), (1, 1, 2));
    }

    #[test]
    fn money_names_a_foreign_currency() {
        let m = Money::parse("1234.5").unwrap();
        assert_eq!(money(Locale::sv, m, Currency::Sek), "1\u{202f}234,50 kr");
        assert_eq!(money(Locale::sv, m, Currency::Nok), "1\u{202f}234,50 NOK");
        assert_eq!(money(Locale::nb, m, Currency::Nok), "1\u{202f}234,50 kr");
        assert_eq!(money(Locale::en, m, Currency::Nok), "NOK 1,234.50");
    }

    #[test]
    fn rates_and_dates() {
        assert_eq!(rate(Locale::sv, Decimal::new(12, 0)), "12,00");
        assert_eq!(rate(Locale::en, Decimal::new(1175, 2)), "11.75");
        assert_eq!(rate(Locale::nb, Decimal::new(11875, 3)), "11,875");
        let d = NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
        assert_eq!(date(Locale::nb, d), "01.11.2026");
        assert_eq!(date(Locale::sv, d), "2026-11-01");
    }
}
