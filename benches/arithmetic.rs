//! `cargo bench --bench arithmetic`: the engine as the plan calculator calls it on every change of
//! input (typed values in, typed plan out), and the same cases through the `calc` JSON adapter.
//! The claim: 250 000 kr from 2023-03-31 at the reference rate + 8 over 8 rate periods, two fees,
//! two payments, a 170 kr plan fee; plans start 2026-11-21 and fall due from 2026-12-31.

use chrono::NaiveDate;
use criterion::{black_box, criterion_group, criterion_main, Criterion};
use debtor_portal::domain::calc::run_case_json;
use debtor_portal::domain::claim::{Claim, Fee, KnownFee, Payment};
use debtor_portal::domain::interest::{DayCount, InterestTerms, RateEntry, RateTable};
use debtor_portal::domain::plan::{plan, PlanRequest};
use debtor_portal::domain::Money;
use rust_decimal::Decimal;

const RATES: [(&str, &str); 9] = [
    ("2022-01-01", "0.00"),
    ("2022-07-01", "0.50"),
    ("2023-01-01", "2.50"),
    ("2023-07-01", "3.50"),
    ("2024-01-01", "4.00"),
    ("2024-07-01", "4.00"),
    ("2025-01-01", "3.00"),
    ("2025-07-01", "2.00"),
    ("2026-01-01", "2.00"),
];

const STATEMENT: &str = r#"{"op":"statement","as_of":"2026-11-21",
 "claim":{"principal":"18750.00","due_date":"2023-03-31","interest":{"kind":"statutory","margin":"8.00"},
  "fees":[{"kind":"reminder","amount":"60.00","date":"2023-04-15"},{"kind":"collection","amount":"180.00","date":"2023-05-02"}],
  "payments":[{"date":"2024-02-10","amount":"2000.00"},{"date":"2025-09-01","amount":"1500.00"}]},
 "reference_rates":[{"from":"2022-01-01","rate":"0.00"},{"from":"2022-07-01","rate":"0.50"},{"from":"2023-01-01","rate":"2.50"},
  {"from":"2023-07-01","rate":"3.50"},{"from":"2024-01-01","rate":"4.00"},{"from":"2024-07-01","rate":"4.00"},
  {"from":"2025-01-01","rate":"3.00"},{"from":"2025-07-01","rate":"2.00"},{"from":"2026-01-01","rate":"2.00"}]}"#;

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn m(s: &str) -> Money {
    Money::parse(s).unwrap()
}

fn plan_case(size: &str) -> String {
    let mut v: serde_json::Value = serde_json::from_str(STATEMENT).unwrap();
    v["op"] = "plan".into();
    v["claim"]["principal"] = "250000.00".into();
    v["plan"] = serde_json::from_str(&format!(r#"{{"first_due":"2026-12-31","plan_fee":"170.00",{size}}}"#)).unwrap();
    v.to_string()
}

/// The same claim as `plan_case`, built as the island builds it: typed, once.
fn typed_claim() -> (Claim, RateTable) {
    let terms = InterestTerms::Statutory { margin: "8.00".parse::<Decimal>().unwrap(), day_count: DayCount::Act365 };
    let fee = |kind: KnownFee, amount, date| Fee { kind: kind.into(), amount: m(amount), date: d(date) };
    let fees = vec![fee(KnownFee::Reminder, "60.00", "2023-04-15"), fee(KnownFee::Collection, "180.00", "2023-05-02")];
    let payments = vec![
        Payment { date: d("2024-02-10"), amount: m("2000.00") },
        Payment { date: d("2025-09-01"), amount: m("1500.00") },
    ];
    let claim = Claim::new(m("250000.00"), d("2023-03-31"), terms, fees, payments).unwrap();
    let table = RateTable::new(
        RATES.iter().map(|(from, rate)| RateEntry { from: d(from), rate: rate.parse().unwrap() }).collect(),
    )
    .unwrap();
    (claim, table)
}

fn request(amount: Option<Money>, installments: Option<i64>) -> PlanRequest {
    PlanRequest::new(d("2026-11-21"), d("2026-12-31"), m("170.00"), amount, installments, None).unwrap()
}

fn bench(c: &mut Criterion) {
    let (claim, table) = typed_claim();
    let solved = request(None, Some(120));
    let result = plan(&claim, &table, &solved).unwrap();
    let amount = result.installment_amount;
    let count = result.installments.len();
    c.bench_function(&format!("engine: plan, 120 installments asked, amount solved ({amount}, {count} due)"), |b| {
        b.iter(|| plan(black_box(&claim), black_box(&table), black_box(&solved)).unwrap())
    });
    let fixed = request(Some(amount), None);
    c.bench_function(&format!("engine: plan, fixed amount {amount} ({count} installments)"), |b| {
        b.iter(|| plan(black_box(&claim), black_box(&table), black_box(&fixed)).unwrap())
    });
    let twelve = request(None, Some(12));
    c.bench_function("engine: plan, 12 installments asked, amount solved", |b| {
        b.iter(|| plan(black_box(&claim), black_box(&table), black_box(&twelve)).unwrap())
    });

    c.bench_function("calc JSON: statement (3.6 years, 8 rate periods, 2 payments)", |b| {
        b.iter(|| run_case_json(black_box(STATEMENT)).unwrap())
    });
    let solved = plan_case(r#""installments":120"#);
    c.bench_function("calc JSON: plan, 120 installments asked, amount solved", |b| {
        b.iter(|| run_case_json(black_box(&solved)).unwrap())
    });
    let fixed = plan_case(&format!(r#""amount":"{amount}""#));
    c.bench_function("calc JSON: plan, fixed amount", |b| b.iter(|| run_case_json(black_box(&fixed)).unwrap()));
}

criterion_group!(benches, bench);
criterion_main!(benches);
