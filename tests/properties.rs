//! Invariants of the arithmetic over generated claims (issue 3).
#![cfg(not(target_arch = "wasm32"))]

use chrono::{Days, NaiveDate};
use debtor_portal::domain::claim::{Claim, Fee, Payment};
use debtor_portal::domain::interest::{DayCount, InterestTerms, RateEntry, RateSource, RateTable};
use debtor_portal::domain::plan::{plan, PlanRequest};
use debtor_portal::domain::statement::statement;
use debtor_portal::domain::{DomainError, Money};
use proptest::prelude::*;

fn day(offset: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 1, 1).unwrap().checked_add_days(Days::new(offset)).unwrap()
}

fn table() -> RateTable {
    let e = |y, m, r: i64| RateEntry {
        from: NaiveDate::from_ymd_opt(y, m, 1).unwrap(),
        rate: rust_decimal::Decimal::new(r, 2),
    };
    RateTable::new(vec![
        e(2022, 1, 0),
        e(2022, 7, 50),
        e(2023, 1, 250),
        e(2023, 7, 350),
        e(2024, 1, 400),
        e(2025, 1, 300),
        e(2025, 7, 200),
    ])
    .unwrap()
}

prop_compose! {
    fn claims()(
        principal in 0i64..5_000_000,
        due in 0u64..900,
        statutory in any::<bool>(),
        act_act in any::<bool>(),
        fixed in 0i64..3_000,
        fees in prop::collection::vec((1i64..50_000, 0u64..400), 0..4),
        payments in prop::collection::vec((1i64..300_000, 0u64..400), 0..4),
    ) -> Claim {
        let day_count = if act_act { DayCount::ActAct } else { DayCount::Act365 };
        let interest = if statutory {
            InterestTerms::Statutory { margin: 8.into(), day_count }
        } else {
            InterestTerms::Fixed { rate: rust_decimal::Decimal::new(fixed, 2), day_count }
        };
        Claim::new(
            Money::from_minor(principal),
            day(due),
            interest,
            fees.into_iter().map(|(a, o)| Fee { kind: "fee".into(), amount: Money::from_minor(a), date: day(due + o) }).collect(),
            payments.into_iter().map(|(a, o)| Payment { date: day(due + o), amount: Money::from_minor(a) }).collect(),
        ).unwrap()
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn statement_total_is_its_parts_and_nothing_is_negative(claim in claims(), after in 400u64..800) {
        let as_of = claim.due_date().checked_add_days(Days::new(after)).unwrap();
        let s = statement(&claim, &table(), as_of).unwrap();
        prop_assert_eq!(s.total_outstanding, Money::sum([s.fees.outstanding, s.interest.outstanding, s.principal.outstanding]).unwrap());
        for m in [s.principal.paid, s.principal.outstanding, s.interest.accrued, s.interest.paid, s.interest.outstanding,
                  s.fees.charged, s.fees.paid, s.fees.outstanding, s.overpaid] {
            prop_assert!(!m.is_negative(), "{:?}", s);
        }
        prop_assert_eq!(s.principal.paid.checked_add(s.principal.outstanding).unwrap(), s.principal.original);
        let paid_in = Money::sum(claim.payments().iter().map(|p| p.amount)).unwrap();
        prop_assert_eq!(paid_in, Money::sum([s.fees.paid, s.interest.paid, s.principal.paid, s.overpaid]).unwrap());
    }

    #[test]
    fn plan_invariants(claim in claims(), n in 1u32..=36, start_after in 400u64..600, first_in in 0u64..40, fee in 0i64..17_001) {
        let start = claim.due_date().checked_add_days(Days::new(start_after)).unwrap();
        let first_due = start.checked_add_days(Days::new(first_in)).unwrap();
        let req = PlanRequest::new(start, first_due, Money::from_minor(fee), None, Some(i64::from(n)), None).unwrap();
        let p = match plan(&claim, &table(), &req) {
            Err(DomainError::NothingOutstanding) => return Ok(()),
            other => other.unwrap(),
        };
        let st = statement(&claim, &table(), start).unwrap();
        prop_assert!(p.installments.len() as u32 <= n);
        prop_assert_eq!(p.totals.amount, Money::sum(p.installments.iter().map(|i| i.amount)).unwrap());
        prop_assert_eq!(p.totals.principal, st.principal.outstanding, "all principal outstanding at the start is repaid");
        prop_assert_eq!(p.totals.amount, Money::sum([p.totals.fees, p.totals.interest, p.totals.principal]).unwrap());
        let last = p.installments.len() - 1;
        for (k, i) in p.installments.iter().enumerate() {
            if k < last {
                prop_assert_eq!(i.amount, p.installment_amount);
            } else {
                prop_assert!(i.amount <= p.installment_amount);
            }
            prop_assert!(!i.fees.is_negative() && !i.interest.is_negative() && !i.principal.is_negative());
            if k > 0 {
                prop_assert!(i.balance_after < p.installments[k - 1].balance_after, "balance strictly decreases");
            }
        }
        prop_assert!(p.installments[last].balance_after.is_zero());
        // One whole unit less does not finish within n installments.
        let whole = p.installment_amount.decimal();
        prop_assert_eq!(whole.fract(), rust_decimal::Decimal::ZERO);
        if whole > rust_decimal::Decimal::ONE {
            let one_less = p.installment_amount.checked_sub(Money::from_minor(100)).unwrap();
            let less = PlanRequest::new(start, first_due, Money::from_minor(fee), Some(one_less), None, Some(i64::from(n))).unwrap();
            prop_assert_eq!(plan(&claim, &table(), &less), Err(DomainError::DoesNotAmortize));
        }
    }

    #[test]
    fn a_fixed_amount_plan_sums_and_ends(claim in claims(), amount in 10_000i64..2_000_000) {
        let start = claim.due_date().checked_add_days(Days::new(450)).unwrap();
        let req = PlanRequest::new(start, start, Money::ZERO, Some(Money::from_minor(amount)), None, None).unwrap();
        match plan(&claim, &table(), &req) {
            Ok(p) => {
                let expected = p.start.total.checked_add(p.totals.interest).and_then(|m| m.checked_sub(p.start.interest)).unwrap();
                prop_assert_eq!(p.totals.amount, expected);
                prop_assert!(p.installments.last().unwrap().balance_after.is_zero());
            }
            Err(e) => prop_assert!(matches!(e, DomainError::NothingOutstanding | DomainError::DoesNotAmortize), "{:?}", e),
        }
    }

    /// Accrual takes days a run at a time; summing every day one by one must give the very same öre.
    #[test]
    fn accrual_by_runs_equals_accrual_day_by_day(
        principal in 0i64..50_000_000,
        start in 0u64..1500,
        len in 0u64..1200,
        statutory in any::<bool>(),
        act_act in any::<bool>(),
        fixed in -500i64..5_000,
    ) {
        let day_count = if act_act { DayCount::ActAct } else { DayCount::Act365 };
        let terms = if statutory {
            InterestTerms::Statutory { margin: 8.into(), day_count }
        } else {
            InterestTerms::Fixed { rate: rust_decimal::Decimal::new(fixed, 2), day_count }
        };
        let table = table();
        let source = RateSource { terms: &terms, table: &table };
        let (after, through) = (day(start), day(start + len));
        let fast = source.accrue(Money::from_minor(principal), after, through).unwrap();
        let (mut r365, mut r366) = (rust_decimal::Decimal::ZERO, rust_decimal::Decimal::ZERO);
        let mut d = after;
        while d < through {
            d = d.succ_opt().unwrap();
            let rate = source.rate_on(d).unwrap().unwrap_or_default();
            if act_act && d.leap_year() { r366 += rate } else { r365 += rate }
        }
        let slow = Money::round(Money::from_minor(principal).decimal() * (rust_decimal::Decimal::from(366) * r365 + rust_decimal::Decimal::from(365) * r366) / rust_decimal::Decimal::from(100 * 365 * 366)).unwrap();
        prop_assert_eq!(fast, slow);
    }
}
