//! Invariants of the arithmetic over generated claims (issue 3).
#![cfg(not(target_arch = "wasm32"))]

use chrono::{Days, NaiveDate};
use debtor_portal::domain::interest::{DayCount, InterestTerms, RateEntry, RateTable};
use debtor_portal::domain::plan::{plan, PlanRequest, PlanSize};
use debtor_portal::domain::statement::{statement, Claim, Fee, Payment};
use debtor_portal::domain::{DomainError, Money};
use proptest::prelude::*;

fn day(offset: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2022, 1, 1).unwrap().checked_add_days(Days::new(offset)).unwrap()
}

fn table() -> RateTable {
    let e = |y, m, r: i64| RateEntry { from: NaiveDate::from_ymd_opt(y, m, 1).unwrap(), rate: rust_decimal::Decimal::new(r, 2) };
    RateTable::new(vec![e(2022, 1, 0), e(2022, 7, 50), e(2023, 1, 250), e(2023, 7, 350), e(2024, 1, 400), e(2025, 1, 300), e(2025, 7, 200)]).unwrap()
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
        let as_of = claim.due_date.checked_add_days(Days::new(after)).unwrap();
        let s = statement(&claim, &table(), as_of).unwrap();
        prop_assert_eq!(s.total_outstanding, s.fees.outstanding + s.interest.outstanding + s.principal.outstanding);
        for m in [s.principal.paid, s.principal.outstanding, s.interest.accrued, s.interest.paid, s.interest.outstanding,
                  s.fees.charged, s.fees.paid, s.fees.outstanding, s.overpaid] {
            prop_assert!(!m.is_negative(), "{:?}", s);
        }
        prop_assert_eq!(s.principal.paid + s.principal.outstanding, s.principal.original);
        let paid_in: Money = claim.payments.iter().map(|p| p.amount).sum();
        prop_assert_eq!(paid_in, s.fees.paid + s.interest.paid + s.principal.paid + s.overpaid);
    }

    #[test]
    fn plan_invariants(claim in claims(), n in 1u32..=36, start_after in 400u64..600, first_in in 0u64..40, fee in 0i64..17_001) {
        let start = claim.due_date.checked_add_days(Days::new(start_after)).unwrap();
        let req = PlanRequest {
            start,
            first_due: start.checked_add_days(Days::new(first_in)).unwrap(),
            plan_fee: Money::from_minor(fee),
            size: PlanSize::Installments(n),
            max_installments: 120,
        };
        let p = match plan(&claim, &table(), &req) {
            Err(DomainError::NothingOutstanding) => return Ok(()),
            other => other.unwrap(),
        };
        let st = statement(&claim, &table(), start).unwrap();
        prop_assert!(p.installments.len() as u32 <= n);
        prop_assert_eq!(p.totals.amount, p.installments.iter().map(|i| i.amount).sum::<Money>());
        prop_assert_eq!(p.totals.principal, st.principal.outstanding, "all principal outstanding at the start is repaid");
        prop_assert_eq!(p.totals.amount, p.totals.fees + p.totals.interest + p.totals.principal);
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
            let less = PlanRequest { size: PlanSize::Amount(p.installment_amount - Money::from_minor(100)), max_installments: n, ..req.clone() };
            prop_assert_eq!(plan(&claim, &table(), &less), Err(DomainError::DoesNotAmortize));
        }
    }

    #[test]
    fn a_fixed_amount_plan_sums_and_ends(claim in claims(), amount in 10_000i64..2_000_000) {
        let start = claim.due_date.checked_add_days(Days::new(450)).unwrap();
        let req = PlanRequest { start, first_due: start, plan_fee: Money::ZERO, size: PlanSize::Amount(Money::from_minor(amount)), max_installments: 120 };
        match plan(&claim, &table(), &req) {
            Ok(p) => {
                prop_assert_eq!(p.totals.amount, p.start.total + p.totals.interest - p.start.interest);
                prop_assert!(p.installments.last().unwrap().balance_after.is_zero());
            }
            Err(e) => prop_assert!(matches!(e, DomainError::NothingOutstanding | DomainError::DoesNotAmortize), "{:?}", e),
        }
    }
}
