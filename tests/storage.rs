//! The storage API against a real SQLite file and a real PostgreSQL: the same tests on both.
#![cfg(feature = "ssr")]

#[path = "support/db.rs"]
mod db;

use chrono::NaiveDate;
use db::TestDb;
use debtor_portal::domain::claim::{Claim, Fee, KnownFee, Payment};
use debtor_portal::domain::interest::{DayCount, InterestTerms};
use debtor_portal::domain::policy::PlanPolicy;
use debtor_portal::domain::reference::ReferenceScheme;
use debtor_portal::domain::statement::statement;
use debtor_portal::domain::{ClaimStatus, Country, Language, Money};
use debtor_portal::server::demo;
use debtor_portal::server::store::{ActorKind, AuditAction, CreditorRecord, NewClaim};

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn sample_claim() -> Claim {
    Claim::new(
        Money::parse("10000.00").unwrap(),
        d("2023-12-15"),
        InterestTerms::Statutory { margin: 8.into(), day_count: DayCount::Act365 },
        vec![
            Fee { kind: KnownFee::Reminder.into(), amount: Money::parse("60").unwrap(), date: d("2024-01-05") },
            Fee { kind: KnownFee::Collection.into(), amount: Money::parse("180").unwrap(), date: d("2024-01-20") },
        ],
        vec![Payment { date: d("2024-02-01"), amount: Money::parse("500.01").unwrap() }],
    )
    .unwrap()
}

async fn setup_claim(db: &TestDb) -> (String, String, Claim) {
    let s = &db.store;
    let creditor = CreditorRecord::new(
        "Test Energi AB",
        "556000-0000",
        Country::Se,
        (Some("123-4567"), None),
        ReferenceScheme::SeOcrLength,
        &PlanPolicy::default_for(Country::Se),
    );
    s.insert_creditor(&creditor).await.unwrap();
    let debtor = s.insert_debtor("Test Person", Language::Sv, Some("t@example.se"), None, None).await.unwrap();
    let claim = sample_claim();
    let id = s
        .insert_claim(NewClaim {
            case_number: "90000001",
            creditor_id: &creditor.id,
            debtor_id: &debtor.id,
            concerns: "Elräkning",
            original_invoice: "INV-1",
            claim: &claim,
            status: ClaimStatus::DemandSent,
            reference_base: "90000001",
            access_code_hash: "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA",
            demand_sent_on: d("2024-01-20"),
        })
        .await
        .unwrap();
    (id, debtor.id, claim)
}

async fn claim_round_trips_to_the_ore(db: TestDb) {
    let (id, debtor_id, claim) = setup_claim(&db).await;
    let rec = db.store.claim(&id).await.unwrap().expect("stored");
    assert_eq!(rec.principal, Money::from_minor(1_000_000));
    assert_eq!(rec.status, ClaimStatus::DemandSent);
    assert_eq!(rec.demand_sent_on, d("2024-01-20"));
    let raw: (i64,) = sqlx::query_as("SELECT principal FROM claims WHERE id = $1")
        .bind(&id)
        .fetch_one(db.store.pool())
        .await
        .unwrap();
    assert_eq!(raw.0, 1_000_000, "money is stored as minor units");
    let back = db.store.domain_claim(&rec).await.unwrap();
    assert_eq!(back, claim);
    let table = db.store.rate_table("se-reference").await.unwrap();
    let st = statement(&back, &table, d("2024-03-01")).unwrap();
    assert_eq!(st.total_outstanding, statement(&claim, &table, d("2024-03-01")).unwrap().total_outstanding);
    assert_eq!(db.store.claims_of_debtor(&debtor_id).await.unwrap().len(), 1);
    assert!(db.store.claims_of_debtor("someone-else").await.unwrap().is_empty());
    let (by_case, hash) = db.store.claim_by_case_number("90000001").await.unwrap().unwrap();
    assert_eq!(by_case.id, id);
    assert!(hash.starts_with("$argon2id$"));
    assert!(db.store.claim_by_case_number("90000002").await.unwrap().is_none());
}

async fn identifiers_are_not_guessable(db: TestDb) {
    let (a, _, _) = setup_claim(&db).await;
    assert_eq!(a.len(), 32);
    assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
    assert!(db.store.claim("1").await.unwrap().is_none());
}

async fn reference_rate_tables_are_loaded(db: TestDb) {
    let se = db.store.rate_table("se-reference").await.unwrap();
    let no = db.store.rate_table("no-forsinkelsesrente").await.unwrap();
    assert_eq!(se.entries().len(), 9);
    assert_eq!(no.entries().len(), 9);
    assert_eq!(se.in_force(d("2023-03-01")).unwrap().rate.to_string(), "2.50");
    assert_eq!(no.in_force(d("2026-11-21")).unwrap().rate.to_string(), "12.00");
}

async fn audit_log_is_append_only(db: TestDb) {
    db.store
        .audit(
            ActorKind::Debtor,
            Some("d1"),
            AuditAction::SignedIn,
            Some("c1"),
            &serde_json::json!({"ip": "127.0.0.1"}),
        )
        .await
        .unwrap();
    let entries = db.store.audit_for("c1").await.unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].action, AuditAction::SignedIn);
    assert_eq!(entries[0].detail["ip"], "127.0.0.1");
    let update = sqlx::query("UPDATE audit_log SET action = 'x'").execute(db.store.pool()).await;
    assert!(update.is_err(), "an audit entry was rewritten");
    let delete = sqlx::query("DELETE FROM audit_log").execute(db.store.pool()).await;
    assert!(delete.is_err(), "an audit entry was deleted");
    assert_eq!(db.store.audit_for("c1").await.unwrap().len(), 1);
}

async fn schema_refuses_bad_money(db: TestDb) {
    let (id, _, _) = setup_claim(&db).await;
    let neg = sqlx::query("INSERT INTO fees (id, claim_id, position, kind, amount, charged_on) VALUES ('x', $1, 9, 'k', -5, '2024-01-01')")
        .bind(&id)
        .execute(db.store.pool())
        .await;
    assert!(neg.is_err(), "a negative fee was stored");
    assert_eq!(db.store.fees_of(&id).await.unwrap().len(), 2);
}

async fn demo_data_loads_once(db: TestDb) {
    let today = d("2026-11-21");
    assert!(db.store.is_empty().await.unwrap());
    assert!(demo::seed(&db.store, today).await.unwrap());
    assert!(!demo::seed(&db.store, today).await.unwrap(), "a second load must change nothing");
    assert_eq!(db.store.count("creditors").await.unwrap(), 3);
    assert_eq!(db.store.count("debtors").await.unwrap(), 10);
    assert_eq!(db.store.count("claims").await.unwrap(), demo::logins().len() as i64);
    assert_eq!(db.store.count("staff_users").await.unwrap(), 3);
    // Every demo claim is a valid engine input and has something to show.
    for login in demo::logins() {
        let (rec, hash) = db.store.claim_by_case_number(login.case_number).await.unwrap().unwrap();
        assert!(hash.starts_with("$argon2id$"), "access codes are stored only as argon2id hashes");
        assert!(!hash.contains(login.access_code));
        let creditor = db.store.creditor(&rec.creditor_id).await.unwrap().unwrap();
        creditor.policy.validate(creditor.country).unwrap();
        let table = db.store.rate_table(&creditor.rate_table).await.unwrap();
        let claim = db.store.domain_claim(&rec).await.unwrap();
        let st = statement(&claim, &table, today).unwrap();
        assert!(st.total_outstanding.is_positive() || rec.status == ClaimStatus::Paid, "{}", login.case_number);
    }
    let staff = db.store.staff_user_by_email(demo::STAFF[0].email).await.unwrap().unwrap();
    assert!(staff.password_hash.starts_with("$argon2id$"));
}

/// A value the program does not know, written into a code column behind its back, is reported as
/// corrupt data by the store, never handed upwards as text.
async fn unknown_codes_in_stored_rows_are_corrupt_data(db: TestDb) {
    use debtor_portal::server::store::StoreError;
    let (id, _, _) = setup_claim(&db).await;
    // Ten characters, so the schema's length check lets it in.
    sqlx::query("UPDATE fees SET charged_on = 'not a date' WHERE claim_id = $1")
        .bind(&id)
        .execute(db.store.pool())
        .await
        .unwrap();
    let rec = db.store.claim(&id).await.unwrap().unwrap();
    assert!(matches!(db.store.domain_claim(&rec).await, Err(StoreError::Corrupt(_))));
    sqlx::query("UPDATE claims SET interest_rate = 'eight' WHERE id = $1")
        .bind(&id)
        .execute(db.store.pool())
        .await
        .unwrap();
    assert!(matches!(db.store.claim(&id).await, Err(StoreError::Corrupt(_))));
}

async fn migrations_are_idempotent(db: TestDb) {
    db.store.migrate().await.unwrap();
    db.store.ping().await.unwrap();
}

on_both_backends!(
    crate::db;
    claim_round_trips_to_the_ore,
    identifiers_are_not_guessable,
    reference_rate_tables_are_loaded,
    audit_log_is_append_only,
    schema_refuses_bad_money,
    demo_data_loads_once,
    unknown_codes_in_stored_rows_are_corrupt_data,
    migrations_are_idempotent,
);
