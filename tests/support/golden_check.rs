//! Shared by the native and the wasm32 golden tests: compares a result with the expected JSON, where
//! every key present in the expectation must be equal and an error only has to match its code.

use serde_json::Value;

include!(concat!(env!("OUT_DIR"), "/golden_cases.rs"));

pub fn check_case(name: &str, text: &str) -> Result<(), String> {
    let case: Value = serde_json::from_str(text).map_err(|e| format!("{name}: not JSON: {e}"))?;
    let input = case["input"].clone();
    let expected = &case["expected"];
    let actual = match debtor_portal::domain::calc::run_case_value(input) {
        Ok(v) => v,
        Err(debtor_portal::domain::calc::CaseError::Domain(e)) => e.to_json(),
        Err(e) => return Err(format!("{name}: the engine refused the input as not a case: {e}")),
    };
    contains(expected, &actual, "$").map_err(|m| format!("{name}: {m}\nactual: {actual}"))
}

fn contains(expected: &Value, actual: &Value, path: &str) -> Result<(), String> {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (k, ev) in e {
                let av = a.get(k).ok_or_else(|| format!("{path}.{k} missing"))?;
                contains(ev, av, &format!("{path}.{k}"))?;
            }
            Ok(())
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                return Err(format!("{path}: {} items expected, {} found", e.len(), a.len()));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                contains(ev, av, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        _ if expected == actual => Ok(()),
        _ => Err(format!("{path}: expected {expected}, got {actual}")),
    }
}
