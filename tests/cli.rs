//! The binary's subcommands, run as operations staff would run them.
#![cfg(feature = "ssr")]

use std::io::Write;
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_debtor-portal");

fn calc(input: &str) -> (i32, String, String) {
    let mut child = Command::new(BIN)
        .arg("calc")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(input.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    (out.status.code().unwrap(), String::from_utf8(out.stdout).unwrap(), String::from_utf8(out.stderr).unwrap())
}

fn golden_input(name: &str) -> String {
    let text = std::fs::read_to_string(format!("{}/tests/golden/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    v["input"].to_string()
}

#[test]
fn calc_prints_the_result_and_exits_0() {
    let (code, out, _) = calc(&golden_input("se-statement-basic.json"));
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["total_outstanding"], "10490.96");
}

#[test]
fn calc_domain_error_exits_1_with_code_and_message() {
    let (code, out, _) = calc(&golden_input("duplicate-rate-date.json"));
    assert_eq!(code, 1);
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["error"], "invalid_interest");
    assert!(!v["message"].as_str().unwrap().is_empty());
}

#[test]
fn calc_refuses_what_is_not_a_case_with_exit_2() {
    for bad in ["", "not json", r#"{"op":"dance"}"#, r#"{"op":"reference","scheme":"se-ocr"}"#] {
        let (code, out, err) = calc(bad);
        assert_eq!(code, 2, "{bad}");
        assert!(out.is_empty(), "nothing on stdout for {bad:?}");
        assert!(err.contains("not a case"), "{err}");
    }
}

#[test]
fn migrate_and_seed_demo_on_a_fresh_data_dir() {
    let dir = tempfile::tempdir().unwrap();
    let run = |cmd: &str| {
        Command::new(BIN)
            .arg(cmd)
            .env("DATA_DIR", dir.path())
            .env_remove("DATABASE_URL")
            .env_remove("SECRET_KEY")
            .output()
            .unwrap()
    };
    let m = run("migrate");
    assert!(m.status.success(), "{}", String::from_utf8_lossy(&m.stderr));
    assert!(dir.path().join("portal.db").exists());
    assert!(dir.path().join("secret.key").exists());
    let first = run("seed-demo");
    assert!(first.status.success());
    let out = String::from_utf8(first.stdout).unwrap();
    assert!(out.contains("demo data loaded") && out.contains("40010001") && out.contains("K7QM-4TXP"), "{out}");
    let again = String::from_utf8(run("seed-demo").stdout).unwrap();
    assert!(again.contains("nothing was loaded"));
}

#[test]
fn unknown_command_is_a_usage_error() {
    let out = Command::new(BIN).arg("frobnicate").output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("usage"));
}
