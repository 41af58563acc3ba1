//! Every golden case, natively. The same embedded list runs under wasm32 in `golden_wasm.rs`.
#![cfg(not(target_arch = "wasm32"))]

#[path = "support/golden_check.rs"]
mod golden_check;
use golden_check::{check_case, GOLDEN_CASES};

#[test]
fn every_golden_case_matches_exactly() {
    let failures: Vec<String> = GOLDEN_CASES.iter().filter_map(|(name, text)| check_case(name, text).err()).collect();
    assert!(failures.is_empty(), "{} of {} cases failed:\n{}", failures.len(), GOLDEN_CASES.len(), failures.join("\n"));
}

#[test]
fn embedded_list_is_the_whole_folder() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden");
    let on_disk = std::fs::read_dir(dir)
        .unwrap()
        .filter(|e| e.as_ref().unwrap().file_name().to_string_lossy().ends_with(".json"));
    assert_eq!(on_disk.count(), GOLDEN_CASES.len());
    assert!(GOLDEN_CASES.len() >= 80, "the golden folder lost cases");
}
