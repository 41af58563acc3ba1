//! The `debtor-portal` binary run as operations staff would, on a test's database, at the test
//! servers' instant.
#![allow(dead_code)]
use std::process::{Command, Output};

pub const BIN: &str = env!("CARGO_BIN_EXE_debtor-portal");
/// The document key the commands and the server share (a PostgreSQL node needs it named).
pub const DOCUMENT_KEYS: &str = "2026:1111111111111111111111111111111111111111111111111111111111111111";

/// The binary with `args` on `url`'s database.
pub fn run(url: &str, args: &[&str]) -> Output {
    let data = tempfile::tempdir().unwrap();
    let now = chrono::DateTime::from_timestamp(crate::app::TEST_NOW, 0).unwrap().to_rfc3339();
    Command::new(BIN)
        .args(args)
        .env("DATA_DIR", data.path())
        .env("DATABASE_URL", url)
        .env("FIXED_CLOCK", now)
        .env("RUST_LOG", "error")
        .env("SECRET_KEY", "0".repeat(64))
        .env("DOCUMENT_KEYS", DOCUMENT_KEYS)
        .output()
        .unwrap()
}

/// `seed-load --claims <claims>`, which must succeed.
pub fn seed_load(url: &str, claims: &str) -> Output {
    let out = run(url, &["seed-load", "--claims", claims]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out
}

/// The staff accounts `seed-load` printed for a creditor: (role, email, password).
pub fn staff_of(out: &str, creditor: &str) -> Vec<(String, String, String)> {
    out.lines()
        .filter(|l| l.trim_start().starts_with(creditor) && l.contains("password"))
        .map(|l| {
            let w: Vec<&str> = l[l.find(creditor).unwrap() + creditor.len()..].split_whitespace().collect();
            (w[0].to_owned(), w[1].to_owned(), w[3].to_owned())
        })
        .collect()
}
