//! A debtor's plan proposal from their choices alone: how many installments or how much each, and
//! the first due date. The browser runs this on every change of input to show the schedule and the
//! creditor's answer before anything is sent; the server runs the very same function on the stored
//! claim when the choices arrive, and only its result counts.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::claim::Claim;
use super::interest::RateTable;
use super::plan::{plan, Plan, PlanRequest, MAX_INSTALLMENTS};
use super::policy::{evaluate, PlanPolicy, PolicyOutcome, Reason, Verdict};
use super::text_code::text_code;
use super::{DomainError, Money};

/// What the debtor chooses, and all that a proposal sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanChoice {
    pub size: ChosenSize,
    pub first_due: NaiveDate,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum ChosenSize {
    Installments { count: u32 },
    Amount { amount: Money },
}

text_code! {
    /// How a debtor sizes a plan: the form field `mode`, the stored `mode` column.
    pub enum PlanMode("plan mode") {
        Installments = "installments",
        Amount = "amount",
    }
}

impl PlanChoice {
    /// The choice as a form sends it (the page's fields, with or without JavaScript): `mode` is
    /// `installments` (then `count` counts) or `amount` (then `amount` counts); the other field is
    /// ignored. Each bad field has its own code, so the page can say which one to correct.
    pub fn from_fields(mode: &str, count: &str, amount: &str, first_due: &str) -> Result<Self, DomainError> {
        let mode = mode.parse::<PlanMode>().map_err(|_| DomainError::AmountXorInstallments)?;
        let size = match mode {
            PlanMode::Installments => {
                let count = count.trim().parse::<u32>().map_err(|_| DomainError::InvalidInstallments)?;
                if !(1..=MAX_INSTALLMENTS).contains(&count) {
                    return Err(DomainError::InvalidInstallments);
                }
                ChosenSize::Installments { count }
            }
            PlanMode::Amount => {
                let amount: String = amount.chars().filter(|c| !c.is_whitespace()).collect();
                let amount = Money::parse(&amount.replace(',', "."))?;
                if !amount.is_positive() {
                    return Err(DomainError::InvalidAmount);
                }
                ChosenSize::Amount { amount }
            }
        };
        let first_due = first_due.trim().parse::<NaiveDate>().map_err(|_| DomainError::InvalidDate)?;
        Ok(Self { size, first_due })
    }

    /// The form fields of this choice, as [`PlanChoice::from_fields`] reads them.
    pub fn mode(&self) -> PlanMode {
        match self.size {
            ChosenSize::Installments { .. } => PlanMode::Installments,
            ChosenSize::Amount { .. } => PlanMode::Amount,
        }
    }
}

/// Everything a proposal is computed from besides the choice: the claim as stored, its rate table,
/// the creditor's policy and the day the plan starts (today).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanBasis<'a> {
    pub claim: &'a Claim,
    pub table: &'a RateTable,
    pub policy: &'a PlanPolicy,
    pub today: NaiveDate,
}

/// [`PlanBasis`] owned, for the page: the server sends it to the calculator island, which computes
/// every schedule from it in the browser. Reading it back from JSON runs the same checks as building
/// it (claim, rate table, policy).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanInputs {
    pub claim: Claim,
    pub table: RateTable,
    pub policy: PlanPolicy,
    pub today: NaiveDate,
}

impl PlanInputs {
    pub fn basis(&self) -> PlanBasis<'_> {
        PlanBasis { claim: &self.claim, table: &self.table, policy: &self.policy, today: self.today }
    }
}

/// A choice computed and judged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Proposal {
    pub choice: PlanChoice,
    pub plan: Plan,
    pub verdict: Verdict,
    /// The plan fee in `plan.start`: the creditor's, unless the plan is a deferral (one
    /// installment) or the claim already bore one (`PlanPolicy::plan_fee_for`).
    pub plan_fee: Money,
}

impl PlanBasis<'_> {
    /// The first due dates the policy allows: from today through today + `max_days_to_first_due`
    /// (a single installment, a deferral, may go to `max_deferral_days` instead).
    pub fn first_due_window(&self) -> (NaiveDate, NaiveDate) {
        let t = self.policy.terms();
        let days = t.max_days_to_first_due.max(t.max_deferral_days);
        (self.today, self.today.checked_add_days(Days::new(u64::from(days))).unwrap_or(self.today))
    }

    /// The schedule of `choice` from today, with the creditor's plan fee, and the policy's verdict
    /// on it. An error is a choice the engine cannot compute at all (an amount that never pays the
    /// debt off within 120 installments, a first due date before today …).
    pub fn propose(&self, choice: PlanChoice) -> Result<Proposal, DomainError> {
        let (amount, count) = match choice.size {
            ChosenSize::Installments { count } => (None, Some(i64::from(count))),
            ChosenSize::Amount { amount } => (Some(amount), None),
        };
        // One installment is a deferral (anstånd), not a written plan of installments: no plan fee.
        // Counted without the fee, so the fee itself never makes a second installment to charge for.
        let bare = PlanRequest::new(self.today, choice.first_due, Money::ZERO, amount, count, None)?;
        let bare = plan(self.claim, self.table, &bare)?;
        let fee = self.policy.plan_fee_for(self.claim);
        let (plan, fee) = if bare.installments.len() == 1 || !fee.is_positive() {
            (bare, Money::ZERO)
        } else {
            let req = PlanRequest::new(self.today, choice.first_due, fee, amount, count, None)?;
            (plan(self.claim, self.table, &req)?, fee)
        };
        let verdict = evaluate(self.policy, &plan);
        Ok(Proposal { choice, plan, verdict, plan_fee: fee })
    }

    /// The choice closest to `choice` that the policy does not reject: the first due date moved into
    /// the window, the number of installments down to the limit (or up to the minimum amount), the
    /// amount up to the minimum (or to what pays off within the limit). `None` when even that is
    /// rejected or cannot be computed.
    pub fn nearest_acceptable(&self, choice: PlanChoice) -> Option<Proposal> {
        let t = self.policy.terms();
        let (first, last) = self.first_due_window();
        let limit = if matches!(choice.size, ChosenSize::Installments { count: 1 }) {
            t.max_deferral_days
        } else {
            t.max_days_to_first_due
        };
        let last = last.min(self.today.checked_add_days(Days::new(u64::from(limit))).unwrap_or(last));
        let first_due = choice.first_due.clamp(first, last);
        let size = match choice.size {
            ChosenSize::Installments { count } => {
                let count = count.clamp(1, t.max_installments);
                ChosenSize::Installments { count: self.most_installments_at_minimum(count, first_due)? }
            }
            ChosenSize::Amount { amount } => {
                let amount = amount.max(t.min_installment).max(Money::from_minor(100));
                let at_limit = self
                    .propose(PlanChoice { size: ChosenSize::Installments { count: t.max_installments }, first_due });
                match at_limit {
                    Ok(p) => ChosenSize::Amount { amount: amount.max(p.plan.installment_amount) },
                    Err(_) => ChosenSize::Amount { amount },
                }
            }
        };
        let nearest = self.propose(PlanChoice { size, first_due }).ok()?;
        (nearest.verdict.outcome != PolicyOutcome::Rejected).then_some(nearest)
    }

    /// The most installments, at most `count`, whose amount is not below the minimum (the amount
    /// only grows as the count falls, so halving finds it).
    fn most_installments_at_minimum(&self, count: u32, first_due: NaiveDate) -> Option<u32> {
        let below_minimum = |n: u32| -> Option<bool> {
            let p = self.propose(PlanChoice { size: ChosenSize::Installments { count: n }, first_due }).ok()?;
            Some(p.verdict.reasons.contains(&Reason::InstallmentBelowMinimum))
        };
        if !below_minimum(count)? {
            return Some(count);
        }
        let (mut lo, mut hi) = (1, count);
        while lo < hi {
            let mid = lo + (hi - lo).div_ceil(2);
            if below_minimum(mid)? {
                hi = mid - 1;
            } else {
                lo = mid;
            }
        }
        Some(lo.min(MAX_INSTALLMENTS))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::interest::{DayCount, InterestTerms};
    use crate::domain::policy::PolicyTerms;
    use crate::domain::Country;
    use rust_decimal::Decimal;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn policy() -> PlanPolicy {
        PlanPolicy::new(
            Country::Se,
            PolicyTerms {
                max_installments: 24,
                min_installment: Money::from_minor(20_000),
                max_days_to_first_due: 30,
                plan_fee: Money::from_minor(17_000),
                auto_approve_max_installments: 12,
                auto_approve_min_installment: Money::from_minor(50_000),
                max_deferral_days: 20,
                ..PlanPolicy::default_for(Country::Se).terms().clone()
            },
        )
        .unwrap()
    }

    /// 10 000 kr at 10 % fixed, due 2026-10-01.
    fn claim() -> Claim {
        let terms = InterestTerms::Fixed { rate: Decimal::new(10, 0), day_count: DayCount::Act365 };
        Claim::new(Money::from_minor(1_000_000), d("2026-10-01"), terms, vec![], vec![]).unwrap()
    }

    fn installments(count: u32, first_due: &str) -> PlanChoice {
        PlanChoice { size: ChosenSize::Installments { count }, first_due: d(first_due) }
    }

    fn with<T>(f: impl FnOnce(&PlanBasis<'_>) -> T) -> T {
        let (claim, table, policy) = (claim(), RateTable::default(), policy());
        f(&PlanBasis { claim: &claim, table: &table, policy: &policy, today: d("2026-11-24") })
    }

    #[test]
    fn each_outcome_from_the_choice_alone() {
        with(|b| {
            let ok = b.propose(installments(6, "2026-12-10")).unwrap();
            assert_eq!(ok.verdict.outcome, PolicyOutcome::AutoApproved);
            assert_eq!(ok.plan.start.fees, Money::from_minor(17_000), "the plan fee is the policy's");
            let review = b.propose(installments(18, "2026-12-10")).unwrap();
            assert_eq!(review.verdict.reasons, vec![Reason::MoreInstallmentsThanAutoApproved]);
            let small = PlanChoice {
                size: ChosenSize::Amount { amount: Money::from_minor(49_000) },
                first_due: d("2026-12-10"),
            };
            let small = b.propose(small).unwrap();
            assert_eq!(small.verdict.outcome, PolicyOutcome::NeedsReview);
            assert!(small.verdict.reasons.contains(&Reason::InstallmentBelowAutoApproved));
            assert_eq!(small.plan.installment_amount, Money::from_minor(49_000));
            let rejected = b.propose(installments(120, "2026-12-10")).unwrap();
            assert_eq!(rejected.verdict.outcome, PolicyOutcome::Rejected);
            assert_eq!(rejected.verdict.reasons, vec![Reason::TooManyInstallments, Reason::InstallmentBelowMinimum]);
            let late = b.propose(installments(6, "2027-01-10")).unwrap();
            assert_eq!(late.verdict.reasons, vec![Reason::FirstDueTooLate]);
            assert_eq!(b.propose(installments(6, "2026-11-23")), Err(DomainError::FirstDueBeforeStart));
            let tiny =
                PlanChoice { size: ChosenSize::Amount { amount: Money::from_minor(100) }, first_due: d("2026-12-10") };
            assert_eq!(b.propose(tiny), Err(DomainError::DoesNotAmortize));
        });
    }

    #[test]
    fn the_nearest_acceptable_choice_fixes_what_was_wrong() {
        with(|b| {
            let n = b.nearest_acceptable(installments(60, "2027-02-01")).unwrap();
            assert_eq!(n.choice.first_due, d("2026-12-24"), "moved into the 30-day window");
            let ChosenSize::Installments { count } = n.choice.size else { panic!() };
            assert!(count <= 24 && n.plan.installment_amount >= Money::from_minor(20_000), "{n:?}");
            let more = b.propose(installments(count + 1, "2026-12-24")).unwrap();
            assert_eq!(more.verdict.outcome, PolicyOutcome::Rejected, "{count} is the most the policy allows");

            let small = PlanChoice {
                size: ChosenSize::Amount { amount: Money::from_minor(5_000) },
                first_due: d("2026-12-10"),
            };
            let n = b.nearest_acceptable(small).unwrap();
            // 200 kr a month, the minimum, would take more than 24 months: the amount that pays
            // off in 24 is the nearest allowed.
            let at_limit = b.propose(installments(24, "2026-12-10")).unwrap().plan.installment_amount;
            assert!(at_limit > Money::from_minor(20_000));
            assert_eq!(n.choice.size, ChosenSize::Amount { amount: at_limit });
            assert_ne!(n.verdict.outcome, PolicyOutcome::Rejected);

            let deferral = b.nearest_acceptable(installments(1, "2026-12-30")).unwrap();
            assert_eq!(deferral.choice.first_due, d("2026-12-14"), "a deferral is held to 20 days");
        });
    }

    #[test]
    fn form_fields_make_a_choice_or_say_which_field_is_wrong() {
        let c = PlanChoice::from_fields("installments", " 6 ", "", "2026-12-10").unwrap();
        assert_eq!(c, installments(6, "2026-12-10"));
        let a = PlanChoice::from_fields("amount", "x", "750,50", "2026-12-10").unwrap();
        assert_eq!(a.size, ChosenSize::Amount { amount: Money::from_minor(75_050) });
        let spaced = PlanChoice::from_fields("amount", "", "1\u{202f}234,50", "2026-12-10").unwrap();
        assert_eq!(spaced.size, ChosenSize::Amount { amount: Money::from_minor(123_450) });
        assert_eq!(a.mode(), PlanMode::Amount);
        let err = |m, n, a, d| PlanChoice::from_fields(m, n, a, d).unwrap_err();
        assert_eq!(err("installments", "0", "", "2026-12-10"), DomainError::InvalidInstallments);
        assert_eq!(err("installments", "121", "", "2026-12-10"), DomainError::InvalidInstallments);
        assert_eq!(err("installments", "six", "", "2026-12-10"), DomainError::InvalidInstallments);
        assert_eq!(err("amount", "", "0", "2026-12-10"), DomainError::InvalidAmount);
        assert_eq!(err("amount", "", "1.005", "2026-12-10"), DomainError::InvalidAmount);
        assert_eq!(err("both", "6", "100", "2026-12-10"), DomainError::AmountXorInstallments);
        assert_eq!(err("installments", "6", "", "2026-02-30"), DomainError::InvalidDate);
        assert_eq!(err("installments", "6", "", ""), DomainError::InvalidDate);
    }

    #[test]
    fn the_fingerprint_follows_the_schedule() {
        with(|b| {
            let six = b.propose(installments(6, "2026-12-10")).unwrap().plan;
            assert_eq!(six.fingerprint(), b.propose(installments(6, "2026-12-10")).unwrap().plan.fingerprint());
            assert_ne!(six.fingerprint(), b.propose(installments(7, "2026-12-10")).unwrap().plan.fingerprint());
            assert_ne!(six.fingerprint(), b.propose(installments(6, "2026-12-11")).unwrap().plan.fingerprint());
            let later = PlanBasis { today: d("2026-11-25"), ..b.clone() };
            let next_day = later.propose(installments(6, "2026-12-10")).unwrap().plan;
            assert_ne!(six.fingerprint(), next_day.fingerprint(), "a day's interest changes it");
        });
    }

    #[test]
    fn the_calculator_inputs_read_back_from_json() {
        let inputs =
            PlanInputs { claim: claim(), table: RateTable::default(), policy: policy(), today: d("2026-11-24") };
        let json = serde_json::to_string(&inputs).unwrap();
        let back: PlanInputs = serde_json::from_str(&json).unwrap();
        assert_eq!(back, inputs);
        let choice = installments(6, "2026-12-10");
        assert_eq!(back.basis().propose(choice), inputs.basis().propose(choice));
    }

    #[test]
    fn a_choice_travels_as_tagged_json() {
        let c = installments(6, "2026-12-10");
        let json = serde_json::to_value(c).unwrap();
        assert_eq!(json, serde_json::json!({"size":{"mode":"installments","count":6},"first_due":"2026-12-10"}));
        assert_eq!(serde_json::from_value::<PlanChoice>(json).unwrap(), c);
    }
}
