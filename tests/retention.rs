//! Kept no longer than promised, on SQLite and PostgreSQL with the movable clock: a hardship
//! statement and its documents go on the day the consent's period ends (not the day before), or as
//! soon as its claims are settled; a decided dispute's evidence goes on the day its stated period
//! ends; each deletion is audited with ids and dates only; a second run, and two runs at once on
//! two connections, delete and audit nothing more.
#![cfg(feature = "ssr")]

#[path = "support/app.rs"]
mod app;
#[path = "support/files.rs"]
mod files;
#[path = "support/plan_forms.rs"]
mod plan_forms;
#[path = "support/staff_pages.rs"]
mod staff_pages;

use app::db::TestDb;
use debtor_portal::domain::ids::DisputeId;
use debtor_portal::domain::ClaimStatus;
use debtor_portal::server::retention::{run, RetentionReport};
use debtor_portal::server::store::Store;
use reqwest::multipart::{Form, Part};

const ANNA: (&str, &str) = ("40010001", "K7QM-4TXP");

/// Consent given at TEST_NOW, 2026-11-23 13:00 in Stockholm: kept through 2029-11-22, deleted on
/// 2029-11-23, whose first second is 2029-11-22T23:00:00Z (CET). `date -ud 2029-11-22T23:00:00Z +%s`.
const HARDSHIP_DAY_STARTS: i64 = 1_890_082_800;
/// A dispute answered on 2026-11-24 (12:00 UTC): its evidence is deleted on 2029-11-24, from
/// 2029-11-23T23:00:00Z. `date -ud 2029-11-23T23:00:00Z +%s`, `date -ud 2026-11-24T12:00:00Z +%s`.
const EVIDENCE_DAY_STARTS: i64 = 1_890_169_200;
const ANSWERED_AT: i64 = 1_795_521_600;

async fn seeded(db: TestDb) -> app::App {
    app::spawn_seeded(db).await
}

/// Anna's letter reissued with the same code as of now (as `reissue-code` would), so her pages
/// can be read three years on.
async fn anna_signs_in_again(app: &app::App) -> String {
    use debtor_portal::server::auth::{canonical_code, hash_secret};
    let claim = app.claim_id(ANNA.0).await;
    let hash = hash_secret(&canonical_code(ANNA.1)).unwrap();
    app.state.store.replace_access_code(&claim, &hash, app.state.clock.now() + 24 * 60 * 60).await.unwrap();
    app.session(ANNA.0, ANNA.1).await
}

fn move_to(app: &app::App, at: i64) {
    app.state.clock.advance(at - app.state.clock.now().unix());
}

async fn count(store: &Store, sql: &str) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).fetch_one(store.pool()).await.unwrap();
    n
}

/// The audit lines of `action`, as their detail JSON.
async fn audited(store: &Store, action: &str) -> Vec<serde_json::Value> {
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT actor_kind, detail FROM audit_log WHERE action = $1 ORDER BY id")
            .bind(action)
            .fetch_all(store.pool())
            .await
            .unwrap();
    rows.into_iter()
        .map(|(actor, d)| {
            assert_eq!(actor, "system", "the job deletes, not a person");
            serde_json::from_str(&d).unwrap()
        })
        .collect()
}

fn keys(v: &serde_json::Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

/// Anna tells about her situation for her claim, with a doctor's certificate.
async fn share_hardship(app: &app::App) -> String {
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let claim = app.claim_id(ANNA.0).await;
    let form = Form::new()
        .text("situation", "illness")
        .text("explanation", "Sjukskriven sedan september.")
        .text("claims", claim.to_string())
        .text("consent", "yes")
        .part("files", Part::bytes(files::pdf()).file_name("läkarintyg.pdf"));
    let r = app.post_multipart("/hardship", form, &cookie).await;
    assert_eq!(app::App::location(&r), "/hardship?sent=1#current");
    let anna = app.claim(ANNA.0).await.debtor_id;
    app.state.store.hardships_of(&anna).await.unwrap().pop().unwrap().id
}

/// Anna disputes with a receipt; Nordljus's agent rejects it at ANSWERED_AT.
async fn decided_dispute_with_evidence(app: &app::App) -> DisputeId {
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let claim = app.claim_id(ANNA.0).await;
    let form = Form::new()
        .text("reason", "already_paid")
        .text("explanation", "Betalt med Swish, kvitto bifogat.")
        .part("files", Part::bytes(files::png()).file_name("kvitto.png"));
    assert_eq!(app.post_multipart(&format!("/claims/{claim}/dispute"), form, &cookie).await.status(), 303);
    let dispute = app.state.store.dispute_of_claim(&claim).await.unwrap().unwrap();
    move_to(app, ANSWERED_AT);
    let agent = staff_pages::staff_session(app, staff_pages::NORDLJUS_AGENT).await;
    let form = [("outcome", "rejected"), ("note", "Ingen betalning har kommit in.")];
    let r = app.post_form(&format!("/staff/disputes/{}/decision", dispute.id), &form, &[("cookie", &agent)]).await;
    assert_eq!(r.status(), 303);
    assert_ne!(app.status(ANNA.0).await, ClaimStatus::Disputed, "answered");
    dispute.id
}

const HARDSHIP_DOCS: &str = "SELECT COUNT(*) FROM documents WHERE owner_kind = 'hardship'";
const EVIDENCE_DOCS: &str = "SELECT COUNT(*) FROM documents WHERE owner_kind = 'dispute_entry'";

async fn a_statement_goes_on_the_day_its_period_ends_and_not_the_day_before(db: TestDb) {
    let app = seeded(db).await;
    let id = share_hardship(&app).await;
    let store = &app.state.store;

    move_to(&app, HARDSHIP_DAY_STARTS - 1);
    let report = run(store, app.state.clock.now()).await.unwrap();
    assert_eq!((report.hardships, report.hardship_documents), (0, 0), "23:59:59 on the last day it is kept");
    assert!(store.hardship(&id).await.unwrap().is_some());
    assert_eq!(count(store, HARDSHIP_DOCS).await, 1);

    move_to(&app, HARDSHIP_DAY_STARTS);
    let report = run(store, app.state.clock.now()).await.unwrap();
    assert_eq!((report.hardships, report.hardship_documents), (1, 1));
    assert!(store.hardship(&id).await.unwrap().is_none());
    assert_eq!(count(store, HARDSHIP_DOCS).await, 0, "its documents with it");
    for table in ["hardship_claims", "hardship_letters"] {
        assert_eq!(count(store, &format!("SELECT COUNT(*) FROM {table}")).await, 0, "{table}");
    }
    let lines = audited(store, "hardship_retention_ended").await;
    assert_eq!(lines.len(), 1);
    assert_eq!(keys(&lines[0]), ["claims", "consent_at", "documents", "hardship", "retention_ended_on", "why"]);
    assert_eq!(lines[0]["hardship"], id.as_str());
    assert_eq!(lines[0]["why"], "period_ended");
    assert_eq!(lines[0]["retention_ended_on"], "2029-11-23");
    assert_eq!(lines[0]["consent_at"], app::TEST_NOW);
    assert_eq!(lines[0]["documents"].as_array().unwrap().len(), 1);
    let line = lines[0].to_string();
    assert!(!line.contains("Sjukskriven") && !line.contains("läkarintyg") && !line.contains("illness"), "{line}");

    // The debtor's pages: nothing to show, and no error.
    let cookie = anna_signs_in_again(&app).await;
    let page = app.get_with_cookie("/hardship", &cookie).await;
    assert_eq!(page.status(), 200);
    assert!(!page.text().await.unwrap().contains("Sjukskriven"));
    let export: serde_json::Value = app.get_with_cookie("/my-data/export.json", &cookie).await.json().await.unwrap();
    assert_eq!(export["hardship"], serde_json::json!([]));
    assert!(!export.to_string().contains("läkarintyg"));

    // A second run finds nothing more; the chain of the log still holds.
    let before = count(store, "SELECT COUNT(*) FROM audit_log").await;
    let again = run(store, app.state.clock.now()).await.unwrap();
    assert_eq!(again, RetentionReport::default());
    assert_eq!(count(store, "SELECT COUNT(*) FROM audit_log").await, before, "nothing more audited");
    assert!(matches!(
        store.verify_audit_chain().await.unwrap(),
        debtor_portal::server::store::ChainReport::Intact { .. }
    ));
}

async fn a_statement_goes_when_its_claims_are_settled(db: TestDb) {
    let app = seeded(db).await;
    let id = share_hardship(&app).await;
    let store = &app.state.store;
    assert_eq!(run(store, app.state.clock.now()).await.unwrap().hardships, 0, "the claim is open");
    // The creditor closes the claim (agreeing with a dispute withdraws it).
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let claim = app.claim_id(ANNA.0).await;
    let form = Form::new().text("reason", "not_my_debt").text("explanation", "Inte min skuld.");
    assert_eq!(app.post_multipart(&format!("/claims/{claim}/dispute"), form, &cookie).await.status(), 303);
    let dispute = store.dispute_of_claim(&claim).await.unwrap().unwrap();
    let agent = staff_pages::staff_session(&app, staff_pages::NORDLJUS_AGENT).await;
    let r = app
        .post_form(
            &format!("/staff/disputes/{}/decision", dispute.id),
            &[("outcome", "withdrawn")],
            &[("cookie", &agent)],
        )
        .await;
    assert_eq!(r.status(), 303);
    assert_eq!(app.status(ANNA.0).await, ClaimStatus::Closed);

    let report = run(store, app.state.clock.now()).await.unwrap();
    assert_eq!((report.hardships, report.hardship_documents), (1, 1));
    assert!(store.hardship(&id).await.unwrap().is_none());
    let lines = audited(store, "hardship_retention_ended").await;
    assert_eq!((lines.len(), &lines[0]["why"]), (1, &serde_json::json!("claims_settled")));
    assert_eq!(lines[0]["retention_ended_on"], "2026-11-23");
}

async fn dispute_evidence_goes_on_the_day_its_period_ends_and_not_the_day_before(db: TestDb) {
    let app = seeded(db).await;
    let dispute = decided_dispute_with_evidence(&app).await;
    let store = &app.state.store;
    assert_eq!(count(store, EVIDENCE_DOCS).await, 1);

    move_to(&app, EVIDENCE_DAY_STARTS - 1);
    let report = run(store, app.state.clock.now()).await.unwrap();
    assert_eq!((report.disputes, report.dispute_documents), (0, 0));
    assert_eq!(count(store, EVIDENCE_DOCS).await, 1, "kept through the last day");
    // Sessions that ended long ago go in the same run, audited by number only.
    assert!(report.sessions > 0);
    let purged = audited(store, "sessions_purged").await;
    assert_eq!(keys(purged.last().unwrap()), ["created_before", "idle_before", "sessions"]);

    move_to(&app, EVIDENCE_DAY_STARTS);
    let report = run(store, app.state.clock.now()).await.unwrap();
    assert_eq!((report.disputes, report.dispute_documents), (1, 1));
    assert_eq!(count(store, EVIDENCE_DOCS).await, 0);
    let kept = store.dispute(&dispute).await.unwrap().unwrap();
    assert!(kept.entries[0].documents.is_empty(), "the dispute itself stays, without its files");
    let lines = audited(store, "dispute_evidence_retention_ended").await;
    assert_eq!(lines.len(), 1);
    assert_eq!(keys(&lines[0]), ["claim", "decided_at", "dispute", "documents", "retention_ended_on"]);
    assert_eq!(lines[0]["dispute"], dispute.as_str());
    assert_eq!(lines[0]["decided_at"], ANSWERED_AT);
    assert_eq!(lines[0]["retention_ended_on"], "2029-11-24");
    assert!(!lines[0].to_string().contains("kvitto") && !lines[0].to_string().contains("Swish"));

    // The dispute page shows the dispute without files, and no error.
    let cookie = anna_signs_in_again(&app).await;
    let claim = app.claim_id(ANNA.0).await;
    let page = app.get_with_cookie(&format!("/claims/{claim}/dispute"), &cookie).await;
    assert_eq!(page.status(), 200);
    let page = page.text().await.unwrap();
    assert!(page.contains("Betalt med Swish") && !page.contains("kvitto.png"), "{page}");

    let before = count(store, "SELECT COUNT(*) FROM audit_log").await;
    assert_eq!(run(store, app.state.clock.now()).await.unwrap().dispute_documents, 0);
    assert_eq!(count(store, "SELECT COUNT(*) FROM audit_log").await, before);
}

async fn two_runs_at_once_delete_and_audit_each_thing_once(db: TestDb) {
    let url = db.url.clone();
    let app = seeded(db).await;
    share_hardship(&app).await;
    decided_dispute_with_evidence(&app).await;
    // Both periods over.
    move_to(&app, EVIDENCE_DAY_STARTS);
    let other = Store::connect(&url).await.unwrap().with_clock(app.state.clock.clone());
    let now = app.state.clock.now();
    let (a, b) = tokio::join!(run(&app.state.store, now), run(&other, now));
    let (a, b) = (a.unwrap(), b.unwrap());
    assert_eq!(a.hardships + b.hardships, 1);
    assert_eq!(a.hardship_documents + b.hardship_documents, 1);
    assert_eq!(a.disputes + b.disputes, 1);
    assert_eq!(a.dispute_documents + b.dispute_documents, 1);
    let store = &app.state.store;
    assert_eq!(audited(store, "hardship_retention_ended").await.len(), 1);
    assert_eq!(audited(store, "dispute_evidence_retention_ended").await.len(), 1);
    assert_eq!(count(store, "SELECT COUNT(*) FROM hardship").await, 0);
    assert_eq!(count(store, "SELECT COUNT(*) FROM documents").await, 0);
    assert!(matches!(
        store.verify_audit_chain().await.unwrap(),
        debtor_portal::server::store::ChainReport::Intact { .. }
    ));
}

on_both_backends!(
    crate::app::db;
    a_statement_goes_on_the_day_its_period_ends_and_not_the_day_before,
    a_statement_goes_when_its_claims_are_settled,
    dispute_evidence_goes_on_the_day_its_period_ends_and_not_the_day_before,
    two_runs_at_once_delete_and_audit_each_thing_once,
);
