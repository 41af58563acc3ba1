//! `cargo bench --bench arithmetic`: a statement over several rate periods and a 120-installment plan.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use debtor_portal::domain::calc::run_case_json;

const STATEMENT: &str = r#"{"op":"statement","as_of":"2026-11-21",
 "claim":{"principal":"18750.00","due_date":"2023-03-31","interest":{"kind":"statutory","margin":"8.00"},
  "fees":[{"kind":"reminder","amount":"60.00","date":"2023-04-15"},{"kind":"collection","amount":"180.00","date":"2023-05-02"}],
  "payments":[{"date":"2024-02-10","amount":"2000.00"},{"date":"2025-09-01","amount":"1500.00"}]},
 "reference_rates":[{"from":"2022-01-01","rate":"0.00"},{"from":"2022-07-01","rate":"0.50"},{"from":"2023-01-01","rate":"2.50"},
  {"from":"2023-07-01","rate":"3.50"},{"from":"2024-01-01","rate":"4.00"},{"from":"2024-07-01","rate":"4.00"},
  {"from":"2025-01-01","rate":"3.00"},{"from":"2025-07-01","rate":"2.00"},{"from":"2026-01-01","rate":"2.00"}]}"#;

fn plan_case(size: &str) -> String {
    let mut v: serde_json::Value = serde_json::from_str(STATEMENT).unwrap();
    v["op"] = "plan".into();
    v["claim"]["principal"] = "250000.00".into();
    v["plan"] = serde_json::from_str(&format!(r#"{{"first_due":"2026-12-31","plan_fee":"170.00",{size}}}"#)).unwrap();
    v.to_string()
}

fn bench(c: &mut Criterion) {
    c.bench_function("statement (3.6 years, 8 rate periods, 2 payments)", |b| {
        b.iter(|| run_case_json(black_box(STATEMENT)).unwrap())
    });
    let solved = plan_case(r#""installments":120"#);
    let result = run_case_json(&solved).unwrap();
    let amount = result["installment_amount"].as_str().unwrap().to_owned();
    let count = result["installments"].as_array().unwrap().len();
    c.bench_function(&format!("plan, 120 installments asked, amount solved ({amount}, {count} due)"), |b| {
        b.iter(|| run_case_json(black_box(&solved)).unwrap())
    });
    let fixed = plan_case(&format!(r#""amount":"{amount}""#));
    c.bench_function(&format!("plan, fixed amount {amount} ({count} installments)"), |b| {
        b.iter(|| run_case_json(black_box(&fixed)).unwrap())
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
