//! A creditor's rules for payment plans, evaluated by the same code in the browser (to tell the debtor
//! at once what will happen) and on the server (which decides, after recomputing the plan itself).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::claim::{Claim, FeeKind, KnownFee};
use super::plan::{Plan, MAX_INSTALLMENTS};
use super::text_code::text_code;
use super::{Country, DomainError, Money};

/// Lag (1981:739) 4 § 3: the most a Swedish creditor may charge for an installment plan.
pub const SE_PLAN_FEE_CAP: Money = Money::from_minor(17_000);

/// Missed installments: days after a due date before the plan counts as in arrears (both sides are
/// told), and before it lapses. Defaults; a creditor sets its own.
pub const DEFAULT_ARREARS_GRACE_DAYS: u32 = 10;
pub const DEFAULT_LAPSE_DAYS: u32 = 30;
/// A plan kept in arrears longer than a year is not a plan.
pub const MAX_LAPSE_DAYS: u32 = 365;

/// The numbers of a creditor's plan rules, as a creditor sets them; checked by [`PlanPolicy::new`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyTerms {
    /// Hard limit, at most 120.
    pub max_installments: u32,
    /// Hard limit on the installment amount (a plan whose whole debt is smaller is still allowed).
    pub min_installment: Money,
    /// Hard limit on the days from the start to the first installment of a plan.
    pub max_days_to_first_due: u32,
    /// Charged once, as a fee dated the plan's start.
    pub plan_fee: Money,
    /// Plans within these two limits are approved without a person looking at them.
    pub auto_approve_max_installments: u32,
    pub auto_approve_min_installment: Money,
    /// Hard limit for a deferral: one installment paying everything, postponed by at most this many days.
    pub max_deferral_days: u32,
    /// Days after an unpaid installment's due date before the plan is in arrears.
    #[serde(default = "default_grace")]
    pub arrears_grace_days: u32,
    /// Days after an unpaid installment's due date before the plan lapses (≥ the grace).
    #[serde(default = "default_lapse")]
    pub lapse_days: u32,
    /// Whether a debtor whose plan lapsed may propose a new one in the portal.
    #[serde(default)]
    pub new_plan_after_lapse: bool,
}

fn default_grace() -> u32 {
    DEFAULT_ARREARS_GRACE_DAYS
}

fn default_lapse() -> u32 {
    DEFAULT_LAPSE_DAYS
}

/// A creditor's rules for plans in one country, valid by construction: built only by
/// [`PlanPolicy::new`] (or read back through it), so the Swedish fee cap and the limits' order hold
/// wherever a policy exists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "PolicyParts", into = "PolicyParts")]
pub struct PlanPolicy {
    country: Country,
    terms: PolicyTerms,
}

#[derive(Serialize, Deserialize)]
struct PolicyParts {
    country: Country,
    #[serde(flatten)]
    terms: PolicyTerms,
}

impl TryFrom<PolicyParts> for PlanPolicy {
    type Error = DomainError;
    fn try_from(p: PolicyParts) -> Result<Self, DomainError> {
        Self::new(p.country, p.terms)
    }
}

impl From<PlanPolicy> for PolicyParts {
    fn from(p: PlanPolicy) -> Self {
        Self { country: p.country, terms: p.terms }
    }
}

impl PlanPolicy {
    pub fn new(country: Country, terms: PolicyTerms) -> Result<Self, DomainError> {
        let t = &terms;
        let ok = (1..=MAX_INSTALLMENTS).contains(&t.max_installments)
            && (1..=t.max_installments).contains(&t.auto_approve_max_installments)
            && !t.min_installment.is_negative()
            && t.auto_approve_min_installment >= t.min_installment
            && !t.plan_fee.is_negative()
            && !(country == Country::Se && t.plan_fee > SE_PLAN_FEE_CAP)
            && !(country == Country::No && t.plan_fee.is_positive())
            && t.arrears_grace_days < t.lapse_days
            && t.lapse_days <= MAX_LAPSE_DAYS;
        if ok {
            Ok(Self { country, terms })
        } else {
            Err(DomainError::InvalidPolicy)
        }
    }

    /// Conservative defaults for a new creditor: the Swedish plan fee at the legal cap, no Norwegian
    /// plan fee (the cap there depends on the number of installments and is not settled law).
    pub fn default_for(country: Country) -> Self {
        let terms = PolicyTerms {
            max_installments: 24,
            min_installment: Money::from_minor(20_000),
            max_days_to_first_due: 30,
            plan_fee: match country {
                Country::Se => SE_PLAN_FEE_CAP,
                Country::No => Money::ZERO,
            },
            auto_approve_max_installments: match country {
                Country::Se => 12,
                Country::No => 4,
            },
            auto_approve_min_installment: Money::from_minor(50_000),
            max_deferral_days: 30,
            arrears_grace_days: DEFAULT_ARREARS_GRACE_DAYS,
            lapse_days: DEFAULT_LAPSE_DAYS,
            new_plan_after_lapse: false,
        };
        Self { country, terms }
    }

    pub fn country(&self) -> Country {
        self.country
    }

    pub fn terms(&self) -> &PolicyTerms {
        &self.terms
    }

    /// The legal cap on the plan fee where the law sets one (Sweden).
    pub fn plan_fee_cap(&self) -> Option<Money> {
        (self.country == Country::Se).then_some(SE_PLAN_FEE_CAP)
    }

    /// The plan fee a new plan of `claim` carries (if it has two installments or more; one
    /// installment is a deferral and carries none). Sweden: lag 1981:739 4 § 3 allows the fee for a
    /// written plan once per claim, so a claim that already bears one gets none again (a plan made
    /// after a broken one). Norway has no separate plan fee: the policy cannot hold one.
    pub fn plan_fee_for(&self, claim: &Claim) -> Money {
        let charged = claim.fees().iter().any(|f| f.kind == FeeKind::Known(KnownFee::PlanFee));
        if charged {
            Money::ZERO
        } else {
            self.terms.plan_fee
        }
    }
}

/// What the creditor's policy makes of a proposal (not to be confused with
/// `decision::Outcome`, what a person decided).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PolicyOutcome {
    AutoApproved,
    NeedsReview,
    Rejected,
}

text_code! {
    /// Why a proposal got its outcome; stable codes that the UI translates.
    pub enum Reason("plan reason") {
        TooManyInstallments = "too_many_installments",
        InstallmentBelowMinimum = "installment_below_minimum",
        FirstDueTooLate = "first_due_too_late",
        DeferralTooLong = "deferral_too_long",
        MoreInstallmentsThanAutoApproved = "more_installments_than_auto_approved",
        InstallmentBelowAutoApproved = "installment_below_auto_approved",
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Verdict {
    pub outcome: PolicyOutcome,
    pub reasons: Vec<Reason>,
}

/// Judges a plan the engine computed. A plan of one installment is a deferral (anstånd) and is held
/// to `max_deferral_days` instead of the plan limits on count, amount and first date.
pub fn evaluate(policy: &PlanPolicy, plan: &Plan) -> Verdict {
    let policy = policy.terms();
    let count = u32::try_from(plan.installments.len()).unwrap_or(u32::MAX);
    let amount = plan.installment_amount;
    let start = plan.start.date;
    let first_due = plan.installments.first().map(|i| i.due_date).unwrap_or(start);
    let days = |d: NaiveDate| u32::try_from((d - start).num_days()).unwrap_or(u32::MAX);
    // A debt smaller than the minimum can only be paid in one go; that is never "too small".
    let below = |min: Money| amount < min && plan.start.total >= min;

    let mut hard = Vec::new();
    let mut soft = Vec::new();
    if count == 1 {
        if days(first_due) > policy.max_deferral_days {
            hard.push(Reason::DeferralTooLong);
        }
    } else {
        if count > policy.max_installments {
            hard.push(Reason::TooManyInstallments);
        }
        if below(policy.min_installment) {
            hard.push(Reason::InstallmentBelowMinimum);
        }
        if days(first_due) > policy.max_days_to_first_due {
            hard.push(Reason::FirstDueTooLate);
        }
        if count > policy.auto_approve_max_installments {
            soft.push(Reason::MoreInstallmentsThanAutoApproved);
        }
        if below(policy.auto_approve_min_installment) {
            soft.push(Reason::InstallmentBelowAutoApproved);
        }
    }
    match (hard.is_empty(), soft.is_empty()) {
        (false, _) => Verdict { outcome: PolicyOutcome::Rejected, reasons: hard },
        (true, false) => Verdict { outcome: PolicyOutcome::NeedsReview, reasons: soft },
        (true, true) => Verdict { outcome: PolicyOutcome::AutoApproved, reasons: Vec::new() },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::plan::{Installment, PlanStart, PlanTotals};
    use chrono::Days;

    fn start() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 10).unwrap()
    }

    /// A plan of `count` installments of `amount` kr, the first `first_in` days after the start.
    fn plan_of(count: u32, amount: i64, first_in: u64, total: i64) -> Plan {
        let first = start().checked_add_days(Days::new(first_in)).unwrap();
        let installments = (1..=count)
            .map(|n| Installment {
                n,
                due_date: crate::domain::plan::due_date(first, n).unwrap(),
                amount: Money::from_minor(amount * 100),
                fees: Money::ZERO,
                interest: Money::ZERO,
                principal: Money::from_minor(amount * 100),
                balance_after: Money::ZERO,
            })
            .collect();
        let t = Money::from_minor(total * 100);
        Plan {
            start: PlanStart { date: start(), fees: Money::ZERO, interest: Money::ZERO, principal: t, total: t },
            installment_amount: Money::from_minor(amount * 100),
            installments,
            totals: PlanTotals { amount: t, fees: Money::ZERO, interest: Money::ZERO, principal: t },
        }
    }

    fn policy() -> PlanPolicy {
        PlanPolicy::new(Country::Se, terms()).unwrap()
    }

    fn terms() -> PolicyTerms {
        PolicyTerms {
            max_installments: 24,
            min_installment: Money::from_minor(20_000),
            max_days_to_first_due: 30,
            plan_fee: SE_PLAN_FEE_CAP,
            auto_approve_max_installments: 12,
            auto_approve_min_installment: Money::from_minor(50_000),
            max_deferral_days: 20,
            arrears_grace_days: DEFAULT_ARREARS_GRACE_DAYS,
            lapse_days: DEFAULT_LAPSE_DAYS,
            new_plan_after_lapse: false,
        }
    }

    fn verdict(count: u32, amount: i64, first_in: u64) -> Verdict {
        evaluate(&policy(), &plan_of(count, amount, first_in, 100_000))
    }

    #[test]
    fn installment_count_limits() {
        assert_eq!(verdict(12, 600, 10).outcome, PolicyOutcome::AutoApproved);
        assert_eq!(
            verdict(13, 600, 10),
            Verdict { outcome: PolicyOutcome::NeedsReview, reasons: vec![Reason::MoreInstallmentsThanAutoApproved] }
        );
        assert_eq!(verdict(24, 600, 10).outcome, PolicyOutcome::NeedsReview);
        assert_eq!(
            verdict(25, 600, 10),
            Verdict { outcome: PolicyOutcome::Rejected, reasons: vec![Reason::TooManyInstallments] }
        );
    }

    #[test]
    fn installment_amount_limits() {
        assert_eq!(verdict(6, 500, 10).outcome, PolicyOutcome::AutoApproved);
        assert_eq!(
            verdict(6, 499, 10),
            Verdict { outcome: PolicyOutcome::NeedsReview, reasons: vec![Reason::InstallmentBelowAutoApproved] }
        );
        assert_eq!(verdict(6, 200, 10).outcome, PolicyOutcome::NeedsReview);
        assert_eq!(
            verdict(6, 199, 10),
            Verdict { outcome: PolicyOutcome::Rejected, reasons: vec![Reason::InstallmentBelowMinimum] }
        );
    }

    #[test]
    fn first_due_limit() {
        assert_eq!(verdict(6, 600, 30).outcome, PolicyOutcome::AutoApproved);
        assert_eq!(
            verdict(6, 600, 31),
            Verdict { outcome: PolicyOutcome::Rejected, reasons: vec![Reason::FirstDueTooLate] }
        );
        assert_eq!(verdict(6, 600, 0).outcome, PolicyOutcome::AutoApproved);
    }

    #[test]
    fn deferral_limit_for_a_single_installment() {
        assert_eq!(verdict(1, 1000, 20).outcome, PolicyOutcome::AutoApproved);
        assert_eq!(
            verdict(1, 1000, 21),
            Verdict { outcome: PolicyOutcome::Rejected, reasons: vec![Reason::DeferralTooLong] }
        );
    }

    #[test]
    fn small_debts_are_not_too_small_to_pay() {
        // The whole debt is 150 kr: less than the minimum installment, paid in two parts still fine.
        let v = evaluate(&policy(), &plan_of(2, 75, 10, 150));
        assert_eq!(v.outcome, PolicyOutcome::AutoApproved);
    }

    #[test]
    fn every_broken_hard_limit_is_reported() {
        let v = verdict(30, 100, 45);
        assert_eq!(v.outcome, PolicyOutcome::Rejected);
        assert_eq!(
            v.reasons,
            vec![Reason::TooManyInstallments, Reason::InstallmentBelowMinimum, Reason::FirstDueTooLate]
        );
    }

    #[test]
    fn policy_validation_and_swedish_fee_cap() {
        let over = PolicyTerms { plan_fee: SE_PLAN_FEE_CAP.checked_add(Money::from_minor(1)).unwrap(), ..terms() };
        assert_eq!(PlanPolicy::new(Country::Se, over.clone()), Err(DomainError::InvalidPolicy));
        assert_eq!(PlanPolicy::new(Country::No, over), Err(DomainError::InvalidPolicy), "no plan fee in Norway");
        let no_fee = PolicyTerms { plan_fee: Money::ZERO, ..terms() };
        assert!(PlanPolicy::new(Country::No, no_fee).is_ok());
        let refused = [
            PolicyTerms { max_installments: 121, ..terms() },
            PolicyTerms { max_installments: 0, auto_approve_max_installments: 0, ..terms() },
            PolicyTerms { auto_approve_max_installments: 25, ..terms() },
            PolicyTerms { min_installment: Money::from_minor(-1), ..terms() },
            PolicyTerms { auto_approve_min_installment: Money::from_minor(19_999), ..terms() },
            PolicyTerms { plan_fee: Money::from_minor(-1), ..terms() },
            PolicyTerms { arrears_grace_days: 31, lapse_days: 30, ..terms() },
            PolicyTerms { arrears_grace_days: 30, lapse_days: 30, ..terms() },
            PolicyTerms { lapse_days: 366, ..terms() },
        ];
        for t in refused {
            assert_eq!(PlanPolicy::new(Country::No, t.clone()), Err(DomainError::InvalidPolicy), "{t:?}");
        }
        for c in [Country::Se, Country::No] {
            let d = PlanPolicy::default_for(c);
            assert_eq!(PlanPolicy::new(c, d.terms().clone()).as_ref(), Ok(&d));
        }
        assert_eq!(PlanPolicy::default_for(Country::Se).plan_fee_cap(), Some(SE_PLAN_FEE_CAP));
        assert_eq!(PlanPolicy::default_for(Country::No).plan_fee_cap(), None);
    }

    #[test]
    fn a_policy_read_from_json_is_checked_like_a_new_one() {
        let json = serde_json::to_value(policy()).unwrap();
        assert_eq!(json["country"], "SE");
        assert_eq!(serde_json::from_value::<PlanPolicy>(json.clone()).unwrap(), policy());
        let mut over = json;
        over["plan_fee"] = "170.01".into();
        assert!(serde_json::from_value::<PlanPolicy>(over).is_err());
    }

    #[test]
    fn reason_codes_are_stable_snake_case() {
        assert_eq!(Reason::MoreInstallmentsThanAutoApproved.as_str(), "more_installments_than_auto_approved");
        for r in [Reason::TooManyInstallments, Reason::DeferralTooLong, Reason::InstallmentBelowAutoApproved] {
            assert_eq!(serde_json::to_value(r).unwrap(), serde_json::json!(r.as_str()));
        }
    }
}
