//! Every golden case, compiled to wasm32 and run by wasm-bindgen-test under Node: proves the browser's
//! copy of the engine computes what the server's does.
#![cfg(target_arch = "wasm32")]

#[path = "support/golden_check.rs"]
mod golden_check;
use golden_check::{check_case, GOLDEN_CASES};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn every_golden_case_matches_exactly_in_wasm() {
    let failures: Vec<String> = GOLDEN_CASES.iter().filter_map(|(name, text)| check_case(name, text).err()).collect();
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), GOLDEN_CASES.len(), failures.join("\n"));
    assert!(GOLDEN_CASES.len() >= 80);
}
