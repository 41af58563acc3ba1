//! `debtor-portal calc` on anything JSON-shaped: it never panics and always ends with 0, 1 or 2, with
//! the documented output for each. Inputs are cases with their values swapped for hostile ones (huge,
//! tiny and malformed numbers, far-apart dates, long and non-ASCII text), whole JSON values of any
//! shape, deep nesting, and raw bytes. `CALC_PROPTEST_CASES` sets the number of cases (default 400);
//! the long run outside CI is in the README ("Fuzzing calc").
#![cfg(not(target_arch = "wasm32"))]

use debtor_portal::domain::calc::calc;
use debtor_portal::domain::DomainError;
use proptest::prelude::*;
use serde_json::{json, Value};

fn cases() -> u32 {
    std::env::var("CALC_PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(400)
}

/// Checks one run against the contract of `calc`.
fn check(input: &[u8]) -> Result<(), TestCaseError> {
    let out = calc(input);
    if std::env::var_os("CALC_PROPTEST_SHOW").is_some() {
        eprintln!(
            "exit {} {}{}",
            out.exit_code,
            out.stdout.chars().take(60).collect::<String>(),
            out.stderr.chars().take(70).collect::<String>()
        );
    }
    match out.exit_code {
        0 => {
            let v: Value = serde_json::from_str(&out.stdout).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert!(v.is_object(), "{}", out.stdout);
            prop_assert!(out.stderr.is_empty());
        }
        1 => {
            let v: Value = serde_json::from_str(&out.stdout).map_err(|e| TestCaseError::fail(e.to_string()))?;
            let code = v["error"].as_str().unwrap_or_default();
            prop_assert!(code.parse::<DomainError>().is_ok(), "unknown code in {}", out.stdout);
            prop_assert!(!v["message"].as_str().unwrap_or_default().is_empty());
        }
        2 => {
            prop_assert!(out.stdout.is_empty());
            prop_assert!(out.stderr.starts_with("not a case"), "{}", out.stderr);
        }
        other => prop_assert!(false, "exit code {}", other),
    }
    Ok(())
}

fn number_text() -> impl Strategy<Value = String> {
    prop_oneof![
        100 => (0i64..10_000_000).prop_map(|n| format!("{}.{:02}", n / 100, n % 100)),
        3 => any::<i64>().prop_map(|n| format!("{}.{:02}", n / 100, (n % 100).abs())),
        1 => any::<i64>().prop_map(|n| n.to_string()),
        1 => any::<u128>().prop_map(|n| n.to_string()),
        1 => Just("92233720368547758.07".to_owned()),
        1 => Just("92233720368547758.08".to_owned()),
        1 => Just("-92233720368547758.08".to_owned()),
        1 => Just("79228162514264337593543950335".to_owned()),
        1 => Just("0.0000000000000000000000000001".to_owned()),
        1 => Just("1000000000000000000000000".to_owned()),
        1 => Just("1e24".to_owned()),
        1 => Just("-0".to_owned()),
        1 => Just("0.005".to_owned()),
        1 => "[0-9]{1,60}(\\.[0-9]{0,30})?",
        1 => "\\PC{0,12}",
    ]
}

fn date_text() -> impl Strategy<Value = String> {
    prop_oneof![
        120 => (2015i32..2030, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        3 => (1900i32..2200, 1u32..=12, 1u32..=28).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        1 => (-262_000i32..262_000, 1u32..=12, 1u32..=31).prop_map(|(y, m, d)| format!("{y:04}-{m:02}-{d:02}")),
        1 => Just("+262142-12-31".to_owned()),
        1 => Just("-262143-01-01".to_owned()),
        1 => Just("2024-02-30".to_owned()),
        1 => "\\PC{0,12}",
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z_/0-9-]{0,16}",
        "\\PC{0,40}",
        Just("se-ocr".to_owned()),
        Just("no-kid-mod11".to_owned()),
        Just("act/act".to_owned()),
        "[0-9]{0,40}",
        "[0-9١٢٣é]{1,30}",
    ]
}

/// Any JSON value, a few levels deep.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        text().prop_map(Value::from),
        number_text().prop_map(Value::from),
    ];
    leaf.prop_recursive(4, 48, 6, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(text(), inner, 0..6).prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// A value for a case field: usually the right kind of thing, sometimes anything at all.
fn field(usual: BoxedStrategy<Value>) -> BoxedStrategy<Value> {
    prop_oneof![200 => usual, 1 => any_json(), 1 => Just(Value::Null)].boxed()
}

fn num() -> BoxedStrategy<Value> {
    field(number_text().prop_map(Value::from).boxed())
}

fn date() -> BoxedStrategy<Value> {
    field(date_text().prop_map(Value::from).boxed())
}

fn claim() -> impl Strategy<Value = Value> {
    let kind = field(
        prop_oneof![4 => Just("statutory"), 4 => Just("fixed"), 1 => Just("none"), 1 => Just("weird")]
            .prop_map(Value::from)
            .boxed(),
    );
    let day_count = field(prop_oneof![Just("act/365"), Just("act/act"), Just("30/360")].prop_map(Value::from).boxed());
    let fee = (field(text().prop_map(Value::from).boxed()), num(), date())
        .prop_map(|(kind, amount, date)| json!({"kind": kind, "amount": amount, "date": date}));
    let payment = (date(), num()).prop_map(|(date, amount)| json!({"date": date, "amount": amount}));
    (num(), date(), kind, num(), day_count, prop::collection::vec(fee, 0..4), prop::collection::vec(payment, 0..4))
        .prop_map(|(principal, due_date, kind, rate, day_count, fees, payments)| {
            json!({
                "principal": principal, "due_date": due_date,
                "interest": {"kind": kind, "margin": rate, "rate": rate, "day_count": day_count},
                "fees": fees, "payments": payments,
            })
        })
}

fn case() -> impl Strategy<Value = Value> {
    let rates =
        prop::collection::vec((date(), num()).prop_map(|(from, rate)| json!({"from": from, "rate": rate})), 0..5);
    let count =
        field(prop_oneof![8 => (-5i64..130).prop_map(Value::from), 1 => any::<i64>().prop_map(Value::from)].boxed());
    let plan = (date(), num(), prop::option::of(num()), prop::option::of(count.clone()), prop::option::of(count))
        .prop_map(|(first_due, plan_fee, amount, installments, max)| {
            let mut p = json!({"first_due": first_due, "plan_fee": plan_fee});
            for (k, v) in [("amount", amount), ("installments", installments), ("max_installments", max)] {
                if let Some(v) = v {
                    p[k] = v;
                }
            }
            p
        });
    let op = prop_oneof![6 => Just("statement"), 6 => Just("plan"), 2 => Just("reference"), 1 => Just("dance")];
    (op, date(), claim(), rates, plan, field(text().prop_map(Value::from).boxed()), text(), any::<bool>()).prop_map(
        |(op, as_of, claim, rates, plan, scheme, base, length_digit)| {
            json!({
                "op": op, "as_of": as_of, "claim": claim, "reference_rates": rates, "plan": plan,
                "scheme": scheme, "base": base, "length_digit": length_digit,
            })
        },
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn hostile_cases(v in case()) {
        check(v.to_string().as_bytes())?;
    }

    #[test]
    fn any_json_value(v in any_json()) {
        check(v.to_string().as_bytes())?;
    }

    #[test]
    fn deep_nesting_within_the_body_limit(depth in 0usize..20_000, object in any::<bool>()) {
        let (open, close) = if object { ("{\"a\":", "}") } else { ("[", "]") };
        let text = format!("{}1{}", open.repeat(depth), close.repeat(depth));
        check(text.as_bytes())?;
    }

    #[test]
    fn raw_bytes(bytes in prop::collection::vec(any::<u8>(), 0..512)) {
        check(&bytes)?;
    }
}
