//! A creditor's plan rules as an administrator types them, checked field by field so the page can
//! say what to correct (the Swedish plan fee cap, the order of the limits), and the example
//! schedule the settings page shows under them.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use super::claim::Claim;
use super::input_error::InputError;
use super::interest::{InterestTerms, RateTable};
use super::money::form_amount;
use super::plan::MAX_INSTALLMENTS;
use super::policy::{PlanPolicy, PolicyTerms};
use super::proposal::{ChosenSize, PlanBasis, PlanChoice, Proposal};
use super::{Country, DomainError, Money};

/// The longest wait a policy may allow, in days: to a plan's first installment or a deferral.
pub const MAX_POLICY_DAYS: u32 = 365;

/// The example debt the settings page plans with: 10 000 kronor / kroner, no interest, no fees.
pub const EXAMPLE_DEBT: Money = Money::from_minor(1_000_000);

/// The settings form's fields, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyFields {
    #[serde(default)]
    pub max_installments: String,
    #[serde(default)]
    pub min_installment: String,
    #[serde(default)]
    pub max_days_to_first_due: String,
    #[serde(default)]
    pub plan_fee: String,
    #[serde(default)]
    pub auto_approve_max_installments: String,
    #[serde(default)]
    pub auto_approve_min_installment: String,
    #[serde(default)]
    pub max_deferral_days: String,
    #[serde(default)]
    pub arrears_grace_days: String,
    #[serde(default)]
    pub lapse_days: String,
    /// A checkbox: "on" when ticked, absent otherwise.
    #[serde(default)]
    pub new_plan_after_lapse: String,
}

impl PolicyFields {
    /// The fields of terms in force, to fill the form with.
    pub fn of(t: &PolicyTerms) -> Self {
        Self {
            max_installments: t.max_installments.to_string(),
            min_installment: t.min_installment.to_string(),
            max_days_to_first_due: t.max_days_to_first_due.to_string(),
            plan_fee: t.plan_fee.to_string(),
            auto_approve_max_installments: t.auto_approve_max_installments.to_string(),
            auto_approve_min_installment: t.auto_approve_min_installment.to_string(),
            max_deferral_days: t.max_deferral_days.to_string(),
            arrears_grace_days: t.arrears_grace_days.to_string(),
            lapse_days: t.lapse_days.to_string(),
            new_plan_after_lapse: if t.new_plan_after_lapse { "on".into() } else { String::new() },
        }
    }

    /// The policy these fields describe for a creditor in `country`, or what to correct first.
    pub fn policy(&self, country: Country) -> Result<PlanPolicy, InputError> {
        let count = |s: &str| {
            s.trim()
                .parse::<u32>()
                .ok()
                .filter(|n| (1..=MAX_INSTALLMENTS).contains(n))
                .ok_or(InputError::PolicyCountInvalid)
        };
        let days = |s: &str| {
            s.trim().parse::<u32>().ok().filter(|n| *n <= MAX_POLICY_DAYS).ok_or(InputError::PolicyDaysInvalid)
        };
        let amount = |s: &str| form_amount(s)?.ok_or(InputError::AmountInvalid);
        let terms = PolicyTerms {
            max_installments: count(&self.max_installments)?,
            min_installment: amount(&self.min_installment)?,
            max_days_to_first_due: days(&self.max_days_to_first_due)?,
            plan_fee: amount(&self.plan_fee)?,
            auto_approve_max_installments: count(&self.auto_approve_max_installments)?,
            auto_approve_min_installment: amount(&self.auto_approve_min_installment)?,
            max_deferral_days: days(&self.max_deferral_days)?,
            arrears_grace_days: days(&self.arrears_grace_days)?,
            lapse_days: days(&self.lapse_days)?,
            new_plan_after_lapse: !self.new_plan_after_lapse.is_empty(),
        };
        if terms.arrears_grace_days >= terms.lapse_days {
            return Err(InputError::PolicyGraceAboveLapse);
        }
        if country == Country::No && terms.plan_fee.is_positive() {
            return Err(InputError::PlanFeeNotInNorway);
        }
        if terms.auto_approve_max_installments > terms.max_installments {
            return Err(InputError::PolicyAutoAboveMax);
        }
        if terms.auto_approve_min_installment < terms.min_installment {
            return Err(InputError::PolicyAutoBelowMin);
        }
        if PlanPolicy::default_for(country).plan_fee_cap().is_some_and(|cap| terms.plan_fee > cap) {
            return Err(InputError::PlanFeeAboveCap);
        }
        // Every rule of the type itself is checked above; this cannot refuse what passed them.
        PlanPolicy::new(country, terms).map_err(|_| InputError::PolicyCountInvalid)
    }
}

/// The plan a debtor owing [`EXAMPLE_DEBT`] (no interest) gets under `policy` when asking for as
/// many installments as are approved at once, the first due as late as allowed (at most 30 days).
pub fn example_plan(policy: &PlanPolicy, today: NaiveDate) -> Result<Proposal, DomainError> {
    let claim = Claim::new(EXAMPLE_DEBT, today, InterestTerms::None { day_count: Default::default() }, vec![], vec![])?;
    let table = RateTable::new(Vec::new())?;
    let basis = PlanBasis { claim: &claim, table: &table, policy, today };
    let t = policy.terms();
    let first_due = today.checked_add_days(Days::new(u64::from(t.max_days_to_first_due.min(30)))).unwrap_or(today);
    basis.propose(PlanChoice { size: ChosenSize::Installments { count: t.auto_approve_max_installments }, first_due })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::policy::PolicyOutcome;

    fn fields(t: &PolicyTerms, change: impl FnOnce(&mut PolicyFields)) -> PolicyFields {
        let mut f = PolicyFields::of(t);
        change(&mut f);
        f
    }

    #[test]
    fn each_bad_field_says_what_to_correct() {
        let t = PlanPolicy::default_for(Country::Se).terms().clone();
        assert_eq!(fields(&t, |_| ()).policy(Country::Se).map(|p| p.terms().clone()), Ok(t.clone()));
        type Change = fn(&mut PolicyFields);
        let cases: [(Change, InputError); 11] = [
            (|f| f.max_installments = "0".into(), InputError::PolicyCountInvalid),
            (|f| f.max_installments = "121".into(), InputError::PolicyCountInvalid),
            (|f| f.max_deferral_days = "366".into(), InputError::PolicyDaysInvalid),
            (|f| f.min_installment = "-1".into(), InputError::AmountInvalid),
            (|f| f.plan_fee = "".into(), InputError::AmountInvalid),
            (|f| f.auto_approve_max_installments = "30".into(), InputError::PolicyAutoAboveMax),
            (|f| f.auto_approve_min_installment = "100".into(), InputError::PolicyAutoBelowMin),
            (|f| f.arrears_grace_days = "31".into(), InputError::PolicyGraceAboveLapse),
            (|f| f.arrears_grace_days = "30".into(), InputError::PolicyGraceAboveLapse),
            (|f| f.lapse_days = "".into(), InputError::PolicyDaysInvalid),
            (|f| f.lapse_days = "366".into(), InputError::PolicyDaysInvalid),
        ];
        for (change, err) in cases {
            assert_eq!(fields(&t, change).policy(Country::Se), Err(err));
        }
        // The Swedish cap (lag 1981:739 4 §) holds in Sweden only.
        let fee = fields(&t, |f| f.plan_fee = "170,01".into());
        assert_eq!(fee.policy(Country::Se), Err(InputError::PlanFeeAboveCap));
        // Norway has no separate plan fee at all; the salær rules cover a plan.
        assert_eq!(fee.policy(Country::No), Err(InputError::PlanFeeNotInNorway));
        let none =
            fields(&PlanPolicy::default_for(Country::No).terms().clone(), |f| f.new_plan_after_lapse = "on".into());
        assert!(none.policy(Country::No).is_ok_and(|p| p.terms().new_plan_after_lapse));
    }

    #[test]
    fn the_example_is_what_a_debtor_gets_at_once() {
        let policy = PlanPolicy::default_for(Country::Se);
        let today = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
        let p = example_plan(&policy, today).unwrap();
        assert_eq!(p.plan.installments.len(), 12);
        assert_eq!(p.verdict.outcome, PolicyOutcome::AutoApproved);
        assert_eq!(p.plan.totals.amount, Money::from_minor(1_017_000), "the debt and the 170 kr plan fee");
    }
}
