//! The fees a creditor may charge a debtor, per country and per date (`docs/domain.md` §1.3,
//! §2.2): Sweden's fixed maximums (lag 1981:739 4 §), Norway's fees as fractions of the inkassosats
//! in force on the fee's day (inkassoforskriften). A fee the law does not name is refused: no cost
//! beyond the act may be added by contract, and a portal that showed one would show a debt the
//! debtor does not owe.

use chrono::{Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::claim::{Fee, FeeKind, KnownFee};
use super::text_code::text_code;
use super::{Country, Money};

text_code! {
    /// Who the debtor is, for Norway's salær (a business pays up to 1.5 times a consumer's).
    pub enum DebtorKind("debtor kind") {
        Consumer = "consumer",
        Business = "business",
    }
}

text_code! {
    /// The provision a fee is checked against, as the refusal cites it.
    pub enum FeeRule("fee rule") {
        /// Lag (1981:739) 4 § 1: påminnelseavgift, 60 kr.
        SeReminder = "se_reminder",
        /// Lag (1981:739) 4 § 2: inkassoavgift, 180 kr.
        SeCollection = "se_collection",
        /// Lag (1981:739) 4 § 3: a written amorteringsplan, 170 kr.
        SePlanFee = "se_plan_fee",
        /// Inkassoforskriften § 1-2: purregebyr, 1/20 of the sats.
        NoPurregebyr = "no_purregebyr",
        /// Inkassoforskriften § 1-2: the inkassovarsel's fee, 1/20 of the sats.
        NoInkassovarsel = "no_inkassovarsel",
        /// Inkassoforskriften § 1-3: at most two fee-bearing notices, one of them an inkassovarsel.
        NoNotices = "no_notices",
        /// Inkassoforskriften § 2-2: light salær by the claim's size.
        NoSalaerLight = "no_salaer_light",
        /// Inkassoforskriften § 2-3: heavy salær, from 42 days after the betalingsoppfordring.
        NoSalaerHeavy = "no_salaer_heavy",
        /// No provision of the country's law allows a fee of this kind.
        NotInLaw = "not_in_law",
    }
}

impl FeeRule {
    /// The provision in its own words, for messages in English (the API's, the CLI's).
    pub fn citation(self) -> &'static str {
        match self {
            Self::SeReminder => "lag (1981:739) 4 § 1, påminnelseavgift",
            Self::SeCollection => "lag (1981:739) 4 § 2, inkassoavgift",
            Self::SePlanFee => "lag (1981:739) 4 § 3, amorteringsplan",
            Self::NoPurregebyr => "inkassoforskriften § 1-2, purregebyr",
            Self::NoInkassovarsel => "inkassoforskriften § 1-2, inkassovarsel",
            Self::NoNotices => "inkassoforskriften § 1-3, fee-bearing notices",
            Self::NoSalaerLight => "inkassoforskriften § 2-2, light salær",
            Self::NoSalaerHeavy => "inkassoforskriften § 2-3, heavy salær",
            Self::NotInLaw => "no provision allows this fee",
        }
    }
}

/// Why a fee is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FeeReason {
    AboveCap,
    /// One more of a kind than the law allows per claim.
    TooMany,
    /// A kind the country's law does not allow.
    NotAllowed,
    /// Dated before the first rule of its kind.
    NoRuleForDate,
}

/// The law a refusal rests on: the provision, and the cap and sats when there is one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeLimit {
    pub rule: FeeRule,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cap: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sats: Option<Money>,
}

impl FeeLimit {
    /// `inkassoforskriften § 2-2, light salær at sats 700.00`: the rule, in English.
    pub fn describe(&self) -> String {
        match self.sats {
            Some(sats) => format!("{} at sats {sats}", self.rule.citation()),
            None => self.rule.citation().to_owned(),
        }
    }
}

/// The first refused fee of a claim: its place in the list, why, and the law.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FeeRefusal {
    pub index: usize,
    pub reason: FeeReason,
    pub limit: FeeLimit,
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

/// When lag (1981:739) 4 § took its present form (SFS 2013:56).
fn se_in_force() -> NaiveDate {
    day(2013, 3, 16)
}

/// When the present salær table applies (the 2020 reform).
fn no_salaer_in_force() -> NaiveDate {
    day(2020, 10, 1)
}

/// Days after the betalingsoppfordring from which the heavy salær may be charged.
pub const HEAVY_SALAER_AFTER_DAYS: u64 = 42;

/// The inkassosats in force on `date`, `None` before the first one the portal knows.
pub fn no_sats_on(date: NaiveDate) -> Option<Money> {
    [(day(2026, 1, 1), 75_000), (day(2017, 1, 1), 70_000)]
        .into_iter()
        .find(|(from, _)| date >= *from)
        .map(|(_, minor)| Money::from_minor(minor))
}

/// The highest salær for a Norwegian plan of more than four installments: 1.5 × sats (§2.2).
pub fn no_plan_salaer_cap(date: NaiveDate) -> Option<Money> {
    no_sats_on(date).and_then(|s| Money::round(s.decimal() * Decimal::new(15, 1)).ok())
}

/// The Swedish cap on a written plan's fee, `None` before the rule.
pub fn se_plan_fee_cap(date: NaiveDate) -> Option<Money> {
    se_cap(KnownFee::PlanFee, date)
}

/// A Swedish fee's cap on `date`, `None` before the rule or for a kind Sweden does not allow.
pub fn se_cap(kind: KnownFee, date: NaiveDate) -> Option<Money> {
    let minor = match kind {
        KnownFee::Reminder => 6_000,
        KnownFee::Collection => 18_000,
        KnownFee::PlanFee => 17_000,
        _ => return None,
    };
    (date >= se_in_force()).then_some(Money::from_minor(minor))
}

/// Hundredths of the sats, light salær, by claim size (upper bound of each band in öre).
const SALAER_BANDS: [(i64, i64); 6] =
    [(50_000, 25), (100_000, 35), (250_000, 40), (1_000_000, 80), (5_000_000, 160), (25_000_000, 360)];
const SALAER_ABOVE: i64 = 720;

/// The salær's cap on `date` for a claim of `principal`: light, or heavy (twice light), times 1.5
/// for a business. `None` before the salær table applies.
pub fn no_salaer_cap(date: NaiveDate, principal: Money, debtor: DebtorKind, heavy: bool) -> Option<Money> {
    if date < no_salaer_in_force() {
        return None;
    }
    let sats = no_sats_on(date)?;
    let hundredths = SALAER_BANDS.iter().find(|(upto, _)| principal.minor() <= *upto).map_or(SALAER_ABOVE, |(_, f)| *f);
    let mut cap = sats.decimal() * Decimal::from(hundredths) / Decimal::ONE_HUNDRED;
    if heavy {
        cap *= Decimal::TWO;
    }
    if debtor == DebtorKind::Business {
        cap = cap * Decimal::from(3) / Decimal::TWO;
    }
    Money::round(cap).ok()
}

/// Checks a claim's fees against the law of `country`, in their order; the first refused one.
/// `principal` sizes the salær, `demand_sent_on` (the betalingsoppfordring) decides whether the
/// heavy salær may already be charged.
pub fn check_fees(
    country: Country,
    fees: &[Fee],
    principal: Money,
    debtor: DebtorKind,
    demand_sent_on: NaiveDate,
) -> Result<(), FeeRefusal> {
    let mut seen: Vec<KnownFee> = Vec::new();
    for (index, fee) in fees.iter().enumerate() {
        let refuse = |reason, rule, cap, sats| FeeRefusal { index, reason, limit: FeeLimit { rule, cap, sats } };
        let not_allowed = refuse(FeeReason::NotAllowed, FeeRule::NotInLaw, None, None);
        let FeeKind::Known(kind) = fee.kind else { return Err(not_allowed) };
        let count = |k: KnownFee| seen.iter().filter(|s| **s == k).count();
        match (country, kind) {
            (Country::Se, KnownFee::Reminder | KnownFee::Collection | KnownFee::PlanFee) => {
                let rule = match kind {
                    KnownFee::Reminder => FeeRule::SeReminder,
                    KnownFee::Collection => FeeRule::SeCollection,
                    _ => FeeRule::SePlanFee,
                };
                let Some(cap) = se_cap(kind, fee.date) else {
                    return Err(refuse(FeeReason::NoRuleForDate, rule, None, None));
                };
                if count(kind) >= 1 {
                    return Err(refuse(FeeReason::TooMany, rule, None, None));
                }
                if fee.amount > cap {
                    return Err(refuse(FeeReason::AboveCap, rule, Some(cap), None));
                }
            }
            (Country::No, KnownFee::Purregebyr | KnownFee::Inkassovarsel) => {
                let rule = if kind == KnownFee::Purregebyr { FeeRule::NoPurregebyr } else { FeeRule::NoInkassovarsel };
                let Some(sats) = no_sats_on(fee.date) else {
                    return Err(refuse(FeeReason::NoRuleForDate, rule, None, None));
                };
                let notices = count(KnownFee::Purregebyr) + count(KnownFee::Inkassovarsel);
                if notices >= 2 || (kind == KnownFee::Inkassovarsel && count(KnownFee::Inkassovarsel) >= 1) {
                    return Err(refuse(FeeReason::TooMany, FeeRule::NoNotices, None, None));
                }
                let cap = Money::round(sats.decimal() / Decimal::from(20)).unwrap_or(sats);
                if fee.amount > cap {
                    return Err(refuse(FeeReason::AboveCap, rule, Some(cap), Some(sats)));
                }
            }
            (Country::No, KnownFee::Inkassosalaer) => {
                let heavy = demand_sent_on
                    .checked_add_days(Days::new(HEAVY_SALAER_AFTER_DAYS))
                    .is_some_and(|from| fee.date >= from);
                let rule = if heavy { FeeRule::NoSalaerHeavy } else { FeeRule::NoSalaerLight };
                let Some(cap) = no_salaer_cap(fee.date, principal, debtor, heavy) else {
                    return Err(refuse(FeeReason::NoRuleForDate, rule, None, None));
                };
                if count(kind) >= 1 {
                    return Err(refuse(FeeReason::TooMany, rule, None, None));
                }
                if fee.amount > cap {
                    return Err(refuse(FeeReason::AboveCap, rule, Some(cap), no_sats_on(fee.date)));
                }
            }
            _ => return Err(not_allowed),
        }
        seen.push(kind);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn m(minor: i64) -> Money {
        Money::from_minor(minor)
    }

    fn fee(kind: &str, minor: i64, date: &str) -> Fee {
        Fee { kind: kind.into(), amount: m(minor), date: d(date) }
    }

    fn se(fees: &[Fee]) -> Result<(), FeeRefusal> {
        check_fees(Country::Se, fees, m(100_000), DebtorKind::Consumer, d("2026-10-01"))
    }

    fn no(fees: &[Fee], principal: i64, debtor: DebtorKind) -> Result<(), FeeRefusal> {
        check_fees(Country::No, fees, m(principal), debtor, d("2025-06-01"))
    }

    fn above(index: usize, rule: FeeRule, cap: i64, sats: Option<i64>) -> Result<(), FeeRefusal> {
        Err(FeeRefusal {
            index,
            reason: FeeReason::AboveCap,
            limit: FeeLimit { rule, cap: Some(m(cap)), sats: sats.map(m) },
        })
    }

    #[test]
    fn swedish_caps_hold_to_the_ore() {
        for (kind, cap, rule) in [
            ("reminder", 6_000, FeeRule::SeReminder),
            ("collection", 18_000, FeeRule::SeCollection),
            ("plan_fee", 17_000, FeeRule::SePlanFee),
        ] {
            assert_eq!(se(&[fee(kind, cap, "2026-10-01")]), Ok(()), "{kind}");
            assert_eq!(se(&[fee(kind, cap + 1, "2026-10-01")]), above(0, rule, cap, None), "{kind}");
        }
        assert_eq!(se_plan_fee_cap(d("2013-03-16")), Some(m(17_000)));
        assert_eq!(se_plan_fee_cap(d("2013-03-15")), None);
    }

    #[test]
    fn sweden_allows_one_of_each_and_only_its_own_kinds_from_2013() {
        let all = [
            fee("reminder", 6_000, "2026-09-01"),
            fee("collection", 18_000, "2026-10-01"),
            fee("plan_fee", 17_000, "2026-10-02"),
        ];
        assert_eq!(se(&all), Ok(()));
        let twice = [fee("reminder", 6_000, "2026-09-01"), fee("reminder", 100, "2026-09-15")];
        assert_eq!(
            se(&twice).unwrap_err(),
            FeeRefusal {
                index: 1,
                reason: FeeReason::TooMany,
                limit: FeeLimit { rule: FeeRule::SeReminder, cap: None, sats: None }
            }
        );
        for kind in ["purregebyr", "inkassosalaer", "porto"] {
            assert_eq!(se(&[fee(kind, 100, "2026-10-01")]).unwrap_err().reason, FeeReason::NotAllowed, "{kind}");
        }
        let early = se(&[fee("collection", 100, "2013-03-15")]).unwrap_err();
        assert_eq!((early.reason, early.limit.rule), (FeeReason::NoRuleForDate, FeeRule::SeCollection));
    }

    #[test]
    fn the_sats_changes_on_1_january_2026() {
        assert_eq!(no_sats_on(d("2016-12-31")), None);
        assert_eq!(no_sats_on(d("2017-01-01")), Some(m(70_000)));
        assert_eq!(no_sats_on(d("2025-12-31")), Some(m(70_000)));
        assert_eq!(no_sats_on(d("2026-01-01")), Some(m(75_000)));
        assert_eq!(no_plan_salaer_cap(d("2025-12-31")), Some(m(105_000)));
        assert_eq!(no_plan_salaer_cap(d("2026-01-01")), Some(m(112_500)));
    }

    #[test]
    fn notices_cost_a_twentieth_of_the_sats_on_their_day() {
        for kind in ["purregebyr", "inkassovarsel"] {
            let rule = if kind == "purregebyr" { FeeRule::NoPurregebyr } else { FeeRule::NoInkassovarsel };
            assert_eq!(no(&[fee(kind, 3_500, "2025-12-31")], 100_000, DebtorKind::Consumer), Ok(()));
            assert_eq!(
                no(&[fee(kind, 3_501, "2025-12-31")], 100_000, DebtorKind::Consumer),
                above(0, rule, 3_500, Some(70_000))
            );
            assert_eq!(no(&[fee(kind, 3_750, "2026-01-01")], 100_000, DebtorKind::Consumer), Ok(()));
            assert_eq!(
                no(&[fee(kind, 3_751, "2026-01-01")], 100_000, DebtorKind::Consumer),
                above(0, rule, 3_750, Some(75_000))
            );
            let early = no(&[fee(kind, 100, "2016-12-31")], 100_000, DebtorKind::Consumer).unwrap_err();
            assert_eq!(early.reason, FeeReason::NoRuleForDate);
        }
    }

    #[test]
    fn at_most_two_notices_and_one_inkassovarsel() {
        let too_many =
            |fees: &[Fee]| no(fees, 100_000, DebtorKind::Consumer).map_err(|r| (r.index, r.reason, r.limit.rule));
        let p = |date| fee("purregebyr", 3_500, date);
        let v = |date| fee("inkassovarsel", 3_500, date);
        assert_eq!(too_many(&[p("2025-01-01"), p("2025-02-01")]), Ok(()));
        assert_eq!(too_many(&[p("2025-01-01"), v("2025-02-01")]), Ok(()));
        assert_eq!(
            too_many(&[p("2025-01-01"), p("2025-02-01"), v("2025-03-01")]),
            Err((2, FeeReason::TooMany, FeeRule::NoNotices))
        );
        assert_eq!(too_many(&[v("2025-01-01"), v("2025-02-01")]), Err((1, FeeReason::TooMany, FeeRule::NoNotices)));
        assert_eq!(too_many(&[fee("plan_fee", 100, "2025-01-01")]), Err((0, FeeReason::NotAllowed, FeeRule::NotInLaw)));
    }

    #[test]
    fn every_salaer_band_light_and_heavy_at_both_sats() {
        // Upper bound of each band, and the light caps at 700 and 750 (domain.md §2.2).
        let bands = [
            (50_000, 17_500, 18_750),
            (100_000, 24_500, 26_250),
            (250_000, 28_000, 30_000),
            (1_000_000, 56_000, 60_000),
            (5_000_000, 112_000, 120_000),
            (25_000_000, 252_000, 270_000),
            (25_000_001, 504_000, 540_000),
        ];
        for (principal, at_700, at_750) in bands {
            for (date, light, sats) in [("2025-12-31", at_700, 70_000), ("2026-01-01", at_750, 75_000)] {
                let demand = d(date) - Days::new(41);
                let salaer = |minor, demand| {
                    check_fees(
                        Country::No,
                        &[fee("inkassosalaer", minor, date)],
                        m(principal),
                        DebtorKind::Consumer,
                        demand,
                    )
                };
                assert_eq!(salaer(light, demand), Ok(()), "{principal} {date}");
                assert_eq!(salaer(light + 1, demand), above(0, FeeRule::NoSalaerLight, light, Some(sats)));
                // 42 days after the demand the heavy salær, twice the light.
                let demand = d(date) - Days::new(42);
                assert_eq!(salaer(2 * light, demand), Ok(()), "{principal} {date}");
                assert_eq!(salaer(2 * light + 1, demand), above(0, FeeRule::NoSalaerHeavy, 2 * light, Some(sats)));
            }
        }
        // The next band starts one öre above each bound.
        assert_eq!(no_salaer_cap(d("2025-01-01"), m(1_000_001), DebtorKind::Consumer, false), Some(m(112_000)));
    }

    #[test]
    fn a_business_pays_up_to_one_and_a_half_times() {
        let salaer = |minor| {
            check_fees(
                Country::No,
                &[fee("inkassosalaer", minor, "2026-01-01")],
                m(50_000),
                DebtorKind::Business,
                d("2026-01-01"),
            )
        };
        // 0.25 × 750 × 1.5 = 281.25
        assert_eq!(salaer(28_125), Ok(()));
        assert_eq!(salaer(28_126), above(0, FeeRule::NoSalaerLight, 28_125, Some(75_000)));
        assert_eq!(no_salaer_cap(d("2025-01-01"), m(589_000), DebtorKind::Business, true), Some(m(168_000)));
    }

    #[test]
    fn salaer_before_the_2020_table_and_twice_are_refused() {
        let one = |date| {
            check_fees(
                Country::No,
                &[fee("inkassosalaer", 100, date)],
                m(100_000),
                DebtorKind::Consumer,
                d("2020-01-01"),
            )
        };
        assert_eq!(one("2020-10-01"), Ok(()));
        assert_eq!(one("2020-09-30").unwrap_err().reason, FeeReason::NoRuleForDate);
        let twice = [fee("inkassosalaer", 100, "2025-01-01"), fee("inkassosalaer", 100, "2025-02-01")];
        assert_eq!(no(&twice, 100_000, DebtorKind::Consumer).unwrap_err().reason, FeeReason::TooMany);
        assert_eq!(
            above(0, FeeRule::NoSalaerLight, 56_000, Some(70_000)).unwrap_err().limit.describe(),
            "inkassoforskriften § 2-2, light salær at sats 700.00"
        );
    }
}
