//! A creditor's system sending each state-changing API request 50 times at once, on SQLite and
//! PostgreSQL, identical (one API key, one body), once without an `Idempotency-Key` and once with
//! the same key on every copy. Exactly one effect each: one registration of the claims, one
//! decision on a proposal, one answer to a dispute, one payment with its idempotency record; every
//! copy is answered with the success (or its replay), or a clear code — `invoice_registered`,
//! `already_decided`, `request_in_progress` — never a 500.
//!
//! A payment without a key is the one exception, by design: two equal payments on one day are
//! ordinary (two instalments paid at once), and nothing in the body tells a resend from a second
//! payment, so the API documents the key as the way to send a payment safely again. Without it,
//! 50 copies are 50 payments: the test proves each is recorded exactly once, none lost between
//! writers at the same moment, and the claim's balance is the sum of them.
#![cfg(feature = "ssr")]

#[path = "support/api_client.rs"]
mod api_client;
#[path = "support/app.rs"]
mod app;
#[path = "support/double.rs"]
mod double;
#[path = "support/plan_forms.rs"]
mod plan_forms;
#[path = "support/staff_pages.rs"]
mod staff_pages;

use api_client::{claim_json, key_for, Api, NORDLJUS_ADMIN};
use app::db::TestDb;
use debtor_portal::domain::ClaimStatus;
use double::{audited, chain_intact, fire, only, rows, Answer, COPIES};
use reqwest::multipart::Form;
use serde_json::{json, Value};
use staff_pages::{pending_proposal, ANNA};

/// Fires `body` at the API's `path` 50 times, each copy with `key` as its `Idempotency-Key` if any.
async fn fire_api(api: &Api<'_>, path: &str, body: &Value, key: Option<&str>) -> Vec<Answer> {
    let url = format!("{}/api/v1{path}", api.app.base);
    let body = body.to_string();
    fire(|| {
        let req = api.app.client.post(&url).bearer_auth(&api.key).header("content-type", "application/json");
        let req = req.body(body.clone());
        match key {
            Some(k) => req.header("idempotency-key", k),
            None => req,
        }
    })
    .await
}

/// With a key, the first copy's answer is the answer of every copy that comes after it; a copy
/// that comes while the first is still being answered is told so.
fn replayed_or_in_progress(answers: &[Answer], success: u16) {
    only(answers, |a| a.status == success, &["request_in_progress"], 1);
    let bodies: std::collections::BTreeSet<&str> =
        answers.iter().filter(|a| a.status == success).map(|a| a.body.as_str()).collect();
    assert_eq!(bodies.len(), 1, "every success is the first answer, replayed: {bodies:?}");
}

fn two_claims() -> Value {
    json!([claim_json("F-5001", "Sara Lind", "1200.00"), claim_json("F-5002", "Olle Berg", "900.00")])
}

async fn fifty_registrations_without_a_key_store_the_claims_once(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let api = key_for(&app, NORDLJUS_ADMIN, "ERP").await;
    let before = app.state.store.count("claims").await.unwrap();
    let answers = fire_api(&api, "/claims", &two_claims(), None).await;
    only(&answers, |a| a.status == 201, &["claims_invalid"], 1);
    assert_eq!(answers.iter().filter(|a| a.status == 201).count(), 1, "one copy registered them");
    for a in answers.iter().filter(|a| a.status != 201) {
        let json: Value = serde_json::from_str(&a.body).unwrap();
        let codes: Vec<&str> =
            json["problems"].as_array().unwrap().iter().map(|p| p["code"].as_str().unwrap()).collect();
        assert_eq!(codes, ["invoice_registered", "invoice_registered"], "{json}");
    }
    assert_eq!(app.state.store.count("claims").await.unwrap() - before, 2);
    assert_eq!(rows(&app, "claims", "original_invoice = $1", "F-5001").await, 1);
    chain_intact(&app).await;
}

async fn fifty_registrations_with_one_key_store_the_claims_once(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let api = key_for(&app, NORDLJUS_ADMIN, "ERP").await;
    let before = app.state.store.count("claims").await.unwrap();
    let answers = fire_api(&api, "/claims", &two_claims(), Some("batch-2026-11-23")).await;
    replayed_or_in_progress(&answers, 201);
    assert_eq!(app.state.store.count("claims").await.unwrap() - before, 2);
    assert_eq!(rows(&app, "idempotency_keys", "idem_key = $1 AND status = 201", "batch-2026-11-23").await, 1);
    chain_intact(&app).await;
}

/// A claim registered through the API, with its case number.
async fn registered(api: &Api<'_>) -> String {
    let a = api.post("/claims", &claim_json("F-6001", "Pia Ek", "12000.00")).await;
    assert_eq!(a.status, 201, "{}", a.json);
    a.json["claims"][0]["case_number"].as_str().unwrap().to_owned()
}

async fn fifty_payments_with_one_key_record_one_payment(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let api = key_for(&app, NORDLJUS_ADMIN, "ERP").await;
    let case = registered(&api).await;
    let id = app.claim_id(&case).await;
    let before = audited(&app, "payment_recorded").await;
    let pay = json!({ "amount": "500.00", "paid_on": app.today().to_string(), "reference": "OCR 1" });
    let answers = fire_api(&api, &format!("/claims/{case}/payments"), &pay, Some("pay-77")).await;
    replayed_or_in_progress(&answers, 201);
    assert_eq!(rows(&app, "payments", "claim_id = $1", id.as_str()).await, 1, "one payment");
    assert_eq!(audited(&app, "payment_recorded").await - before, 1);
    assert_eq!(rows(&app, "idempotency_keys", "idem_key = $1 AND status = 201", "pay-77").await, 1);
    chain_intact(&app).await;
}

async fn fifty_payments_without_a_key_are_fifty_payments_each_recorded_once(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let api = key_for(&app, NORDLJUS_ADMIN, "ERP").await;
    let case = registered(&api).await;
    let id = app.claim_id(&case).await;
    let pay = json!({ "amount": "10.00", "paid_on": app.today().to_string() });
    let answers = fire_api(&api, &format!("/claims/{case}/payments"), &pay, None).await;
    only(&answers, |a| a.status == 201, &[], COPIES);
    assert_eq!(rows(&app, "payments", "claim_id = $1", id.as_str()).await, COPIES as i64);
    let paid: (i64,) = sqlx::query_as("SELECT CAST(SUM(amount) AS BIGINT) FROM payments WHERE claim_id = $1")
        .bind(id.as_str())
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    assert_eq!(paid.0, 50 * 1000, "50 × 10.00, in öre");
    chain_intact(&app).await;
}

async fn decisions_on_a_proposal(db: TestDb, key: Option<&str>) {
    let app = app::spawn_seeded(db).await;
    let api = key_for(&app, NORDLJUS_ADMIN, "ERP").await;
    let id = pending_proposal(&app).await;
    let before = audited(&app, "plan_approved").await;
    let answers =
        fire_api(&api, &format!("/plan-proposals/{id}/decision"), &json!({ "outcome": "approved" }), key).await;
    match key {
        None => only(&answers, |a| a.status == 200, &["already_decided"], 1),
        Some(_) => replayed_or_in_progress(&answers, 200),
    }
    assert_eq!(rows(&app, "decisions", "item_id = $1", id.as_str()).await, 1);
    assert_eq!(audited(&app, "plan_approved").await - before, 1);
    assert_eq!(app.status(ANNA.0).await, ClaimStatus::PlanActive);
    chain_intact(&app).await;
}

async fn fifty_decisions_on_a_proposal_without_a_key_decide_it_once(db: TestDb) {
    decisions_on_a_proposal(db, None).await;
}

async fn fifty_decisions_on_a_proposal_with_one_key_decide_it_once(db: TestDb) {
    decisions_on_a_proposal(db, Some("decide-1")).await;
}

async fn answers_to_a_dispute(db: TestDb, key: Option<&str>) {
    let app = app::spawn_seeded(db).await;
    let api = key_for(&app, NORDLJUS_ADMIN, "ERP").await;
    let anna = app.session(ANNA.0, ANNA.1).await;
    let claim = app.claim_id(ANNA.0).await;
    let form = Form::new().text("reason", "wrong_amount").text("explanation", "Fakturan var 800, inte 1 200.");
    assert_eq!(app.post_multipart(&format!("/claims/{claim}/dispute"), form, &anna).await.status(), 303);
    let d = app.state.store.dispute_of_claim(&claim).await.unwrap().unwrap();
    let before = audited(&app, "dispute_rejected").await;
    let body = json!({ "outcome": "rejected", "note": "Vår leveransnota visar 1 200." });
    let answers = fire_api(&api, &format!("/disputes/{}/resolution", d.id), &body, key).await;
    match key {
        None => only(&answers, |a| a.status == 200, &["already_decided"], 1),
        Some(_) => replayed_or_in_progress(&answers, 200),
    }
    assert_eq!(rows(&app, "decisions", "item_id = $1", d.id.as_str()).await, 1);
    assert_eq!(audited(&app, "dispute_rejected").await - before, 1);
    assert_eq!(app.status(ANNA.0).await, ClaimStatus::Contested);
    chain_intact(&app).await;
}

async fn fifty_answers_to_a_dispute_without_a_key_answer_it_once(db: TestDb) {
    answers_to_a_dispute(db, None).await;
}

async fn fifty_answers_to_a_dispute_with_one_key_answer_it_once(db: TestDb) {
    answers_to_a_dispute(db, Some("answer-1")).await;
}

on_both_backends!(crate::app::db;
    fifty_registrations_without_a_key_store_the_claims_once,
    fifty_registrations_with_one_key_store_the_claims_once,
    fifty_payments_with_one_key_record_one_payment,
    fifty_payments_without_a_key_are_fifty_payments_each_recorded_once,
    fifty_decisions_on_a_proposal_without_a_key_decide_it_once,
    fifty_decisions_on_a_proposal_with_one_key_decide_it_once,
    fifty_answers_to_a_dispute_without_a_key_answer_it_once,
    fifty_answers_to_a_dispute_with_one_key_answer_it_once,
);
