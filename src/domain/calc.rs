//! The `calc` adapter: the spec's JSON cases (`"op"`: `statement`, `plan`, `reference`), as read by
//! `debtor-portal calc` and checked against the golden files. Parsing is in two steps so that the two
//! kinds of failure stay apart: input of the wrong shape is not a case at all, while a well-formed
//! case with a bad value is a domain error with a code, reported in the spec's order of precedence.
//! The values are checked by the domain's own constructors (`Money`, `Claim`, `PlanRequest`), the
//! same ones the server uses; this file only calls the amount checks early, where the order says.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::Value;

use super::claim::{Claim, Fee, FeeKind, Payment};
use super::interest::{DayCount, InterestKind, InterestTerms, RateEntry, RateTable};
use super::plan::{plan, PlanRequest};
use super::reference::{reference, ReferenceScheme};
use super::statement::statement;
use super::{DomainError, Money};

#[derive(Debug, thiserror::Error, PartialEq)]
pub enum CaseError {
    /// Not a case: a missing key, a wrong JSON type, an unparseable date or number.
    #[error("not a valid case: {0}")]
    Shape(String),
    #[error(transparent)]
    Domain(#[from] DomainError),
}

/// Numbers travel as JSON strings; a string that is not a number is a shape error.
#[derive(Debug, Deserialize)]
#[serde(transparent)]
struct Num(String);

impl Num {
    fn decimal(&self) -> Result<Decimal, CaseError> {
        self.0.trim().parse::<Decimal>().map_err(|_| CaseError::Shape(format!("not a number: {:?}", self.0)))
    }
    fn money(&self) -> Result<Money, CaseError> {
        Ok(Money::from_decimal(self.decimal()?)?)
    }
}

#[derive(Debug, Deserialize)]
struct RawInterest {
    kind: String,
    margin: Option<Num>,
    rate: Option<Num>,
    day_count: Option<String>,
}

#[derive(Debug, Deserialize)]
struct RawFee {
    kind: FeeKind,
    amount: Num,
    date: NaiveDate,
}

#[derive(Debug, Deserialize)]
struct RawPayment {
    date: NaiveDate,
    amount: Num,
}

#[derive(Debug, Deserialize)]
struct RawClaim {
    principal: Num,
    due_date: NaiveDate,
    interest: RawInterest,
    #[serde(default)]
    fees: Vec<RawFee>,
    #[serde(default)]
    payments: Vec<RawPayment>,
}

#[derive(Debug, Deserialize)]
struct RawRate {
    from: NaiveDate,
    rate: Num,
}

#[derive(Debug, Deserialize)]
struct RawPlan {
    first_due: NaiveDate,
    plan_fee: Option<Num>,
    amount: Option<Num>,
    installments: Option<i64>,
    max_installments: Option<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
enum RawCase {
    Statement {
        as_of: NaiveDate,
        claim: RawClaim,
        #[serde(default)]
        reference_rates: Vec<RawRate>,
    },
    Plan {
        as_of: NaiveDate,
        claim: RawClaim,
        #[serde(default)]
        reference_rates: Vec<RawRate>,
        plan: RawPlan,
    },
    Reference {
        scheme: String,
        base: String,
        #[serde(default)]
        length_digit: bool,
    },
}

struct Amounts {
    principal: Money,
    fees: Vec<Fee>,
    payments: Vec<Payment>,
}

/// Precedence 1: every amount of the claim (and of the plan, checked by the caller) before anything else.
fn claim_amounts(raw: &RawClaim) -> Result<Amounts, CaseError> {
    let principal = raw.principal.money()?;
    let fees = raw
        .fees
        .iter()
        .map(|f| Ok(Fee { kind: f.kind.clone(), amount: f.amount.money()?, date: f.date }))
        .collect::<Result<Vec<_>, CaseError>>()?;
    let payments = raw
        .payments
        .iter()
        .map(|p| Ok(Payment { date: p.date, amount: p.amount.money()? }))
        .collect::<Result<Vec<_>, CaseError>>()?;
    Claim::check_amounts(principal, &fees, &payments)?;
    Ok(Amounts { principal, fees, payments })
}

/// Precedence 2: interest terms and the rate table.
fn interest(raw: &RawInterest, rates: &[RawRate]) -> Result<(InterestTerms, RateTable), CaseError> {
    let missing = |key: &str| CaseError::Shape(format!("interest of kind {:?} needs {key:?}", raw.kind));
    let day_count = match &raw.day_count {
        Some(s) => s.parse::<DayCount>().map_err(|_| DomainError::InvalidInterest)?,
        None => DayCount::default(),
    };
    let kind: InterestKind = raw.kind.parse().map_err(|_| DomainError::InvalidInterest)?;
    let rate = match kind {
        InterestKind::Statutory => raw.margin.as_ref().ok_or_else(|| missing("margin"))?.decimal()?,
        InterestKind::Fixed => raw.rate.as_ref().ok_or_else(|| missing("rate"))?.decimal()?,
        InterestKind::None => Decimal::ZERO,
    };
    let entries = rates
        .iter()
        .map(|r| Ok(RateEntry { from: r.from, rate: r.rate.decimal()? }))
        .collect::<Result<Vec<_>, CaseError>>()?;
    Ok((InterestTerms::from_parts(kind, rate, day_count), RateTable::new(entries)?))
}

fn build_claim(raw: &RawClaim, amounts: Amounts, terms: InterestTerms) -> Result<Claim, CaseError> {
    Ok(Claim::new(amounts.principal, raw.due_date, terms, amounts.fees, amounts.payments)?)
}

/// The plan's own amounts, part of precedence 1: `(plan_fee, amount)`.
fn plan_amounts(raw: &RawPlan) -> Result<(Money, Option<Money>), CaseError> {
    let plan_fee = raw.plan_fee.as_ref().map(Num::money).transpose()?.unwrap_or(Money::ZERO);
    let amount = raw.amount.as_ref().map(Num::money).transpose()?;
    PlanRequest::check_amounts(plan_fee, amount)?;
    Ok((plan_fee, amount))
}

/// Runs one case given as JSON and returns the spec's result JSON.
pub fn run_case_json(input: &str) -> Result<Value, CaseError> {
    let raw: RawCase = serde_json::from_str(input).map_err(|e| CaseError::Shape(e.to_string()))?;
    run_case(raw)
}

/// Same as [`run_case_json`] for an already parsed JSON value (the golden tests).
pub fn run_case_value(input: Value) -> Result<Value, CaseError> {
    let raw: RawCase = serde_json::from_value(input).map_err(|e| CaseError::Shape(e.to_string()))?;
    run_case(raw)
}

/// What `debtor-portal calc` does with its standard input, as a value: the exit code and what goes
/// to standard output and standard error. Kept apart from the process so that the property test and
/// the fuzz target drive exactly what the command runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CalcOutcome {
    /// 0: a result; 1: a domain error `{"error":…,"message":…}`; 2: not a case.
    pub exit_code: u8,
    pub stdout: String,
    pub stderr: String,
}

pub fn calc(input: &[u8]) -> CalcOutcome {
    let outcome = |exit_code, stdout: String, stderr: String| CalcOutcome { exit_code, stdout, stderr };
    let Ok(text) = std::str::from_utf8(input) else {
        return outcome(2, String::new(), "not a case: the input is not UTF-8".into());
    };
    match run_case_json(text) {
        Ok(v) => outcome(0, v.to_string(), String::new()),
        Err(CaseError::Domain(e)) => outcome(1, e.to_json().to_string(), String::new()),
        Err(CaseError::Shape(msg)) => outcome(2, String::new(), format!("not a case: {msg}")),
    }
}

fn to_json<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).expect("domain results always serialise")
}

fn run_case(raw: RawCase) -> Result<Value, CaseError> {
    match raw {
        RawCase::Statement { as_of, claim, reference_rates } => {
            let amounts = claim_amounts(&claim)?;
            let (terms, table) = interest(&claim.interest, &reference_rates)?;
            let claim = build_claim(&claim, amounts, terms)?;
            Ok(to_json(&statement(&claim, &table, as_of)?))
        }
        RawCase::Plan { as_of, claim, reference_rates, plan: raw_plan } => {
            let amounts = claim_amounts(&claim)?;
            let (plan_fee, amount) = plan_amounts(&raw_plan)?;
            let (terms, table) = interest(&claim.interest, &reference_rates)?;
            let claim = build_claim(&claim, amounts, terms)?;
            let req = PlanRequest::new(
                as_of,
                raw_plan.first_due,
                plan_fee,
                amount,
                raw_plan.installments,
                raw_plan.max_installments,
            )?;
            Ok(to_json(&plan(&claim, &table, &req)?))
        }
        RawCase::Reference { scheme, base, length_digit } => {
            let scheme = ReferenceScheme::for_case(&scheme, length_digit)?;
            Ok(serde_json::json!({ "reference": reference(scheme, &base)? }))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shape_errors_are_not_domain_errors() {
        assert!(matches!(run_case_json("{}"), Err(CaseError::Shape(_))));
        assert!(matches!(run_case_json(r#"{"op":"reference","scheme":"se-ocr"}"#), Err(CaseError::Shape(_))));
        let bad_date = r#"{"op":"statement","as_of":"2024-02-30","claim":{"principal":"1","due_date":"2024-01-01","interest":{"kind":"none"}}}"#;
        assert!(matches!(run_case_json(bad_date), Err(CaseError::Shape(_))));
        let bad_num = r#"{"op":"statement","as_of":"2024-02-01","claim":{"principal":"x","due_date":"2024-01-01","interest":{"kind":"none"}}}"#;
        assert!(matches!(run_case_json(bad_num), Err(CaseError::Shape(_))));
    }

    #[test]
    fn invalid_amount_wins_over_invalid_interest() {
        let case = r#"{"op":"statement","as_of":"2024-02-01","claim":{"principal":"1.001","due_date":"2024-01-01","interest":{"kind":"weird"}}}"#;
        assert_eq!(run_case_json(case), Err(CaseError::Domain(DomainError::InvalidAmount)));
    }

    #[test]
    fn huge_amounts_and_odd_references_are_errors_not_panics() {
        let huge = r#"{"op":"statement","as_of":"2024-02-01","claim":{"principal":"1000000000000000000000000","due_date":"2024-01-01","interest":{"kind":"fixed","rate":"8"}}}"#;
        assert_eq!(calc(huge.as_bytes()).exit_code, 1);
        let big = r#"{"op":"statement","as_of":"9999-12-31","claim":{"principal":"92233720368547758.07","due_date":"0001-01-01","interest":{"kind":"fixed","rate":"79228162514264337593543950335"}}}"#;
        assert_eq!(
            calc(big.as_bytes()),
            CalcOutcome {
                exit_code: 1,
                stdout: DomainError::InvalidAmount.to_json().to_string(),
                stderr: String::new()
            }
        );
        let odd = r#"{"op":"reference","scheme":"no-kid-mod10","base":"12é4"}"#;
        assert_eq!(calc(odd.as_bytes()).exit_code, 1);
        assert_eq!(calc(&[0xff, 0xfe]).exit_code, 2);
    }

    #[test]
    fn a_plan_without_fees_prints_every_amount_with_two_decimals() {
        let case = r#"{"op":"plan","as_of":"2024-02-01","claim":{"principal":"100","due_date":"2024-01-01","interest":{"kind":"none"}},"plan":{"first_due":"2024-03-01","installments":2}}"#;
        let out = calc(case.as_bytes());
        assert_eq!(out.exit_code, 0, "{out:?}");
        let v: Value = serde_json::from_str(&out.stdout).unwrap();
        assert_eq!(v["installment_amount"], "50.00");
        assert_eq!(v["installments"][0]["fees"], "0.00");
        assert_eq!(v["totals"]["fees"], "0.00");
        assert_eq!(v["start"]["interest"], "0.00");
    }

    #[test]
    fn non_integer_installments_is_a_shape_error() {
        let case = r#"{"op":"plan","as_of":"2024-02-01","claim":{"principal":"100","due_date":"2024-01-01","interest":{"kind":"none"}},"plan":{"first_due":"2024-03-01","installments":2.5}}"#;
        assert!(matches!(run_case_json(case), Err(CaseError::Shape(_))));
    }
}
