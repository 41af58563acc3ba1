//! Every staff decision and administrator's change sent 50 times at once, identical (one staff
//! session, one body), on SQLite and PostgreSQL, makes exactly one effect: one decision with its
//! one audit line and the claim's status moved once, one counter-proposal, one plan ended, one
//! answer to a review, one audited policy change, one imported file's claims. Every copy is
//! answered with the success or a clear "already done" code, never a 500; the audit chain is whole.
#![cfg(feature = "ssr")]

#[path = "support/app.rs"]
mod app;
#[path = "support/double.rs"]
mod double;
#[path = "support/files.rs"]
mod files;
#[path = "support/plan_forms.rs"]
mod plan_forms;
#[path = "support/staff_pages.rs"]
mod staff_pages;

use app::db::TestDb;
use chrono::Days;
use debtor_portal::domain::ClaimStatus;
use double::{audited, chain_intact, fire, only, rows};
use plan_forms::refused_plan;
use reqwest::multipart::{Form, Part};
use staff_pages::{pending_proposal, staff_session, ANNA, NORDLJUS_AGENT};

const ADMIN: (&str, &str) = ("admin@nordljus.example", "demo-nordljus-admin-2026");

/// Fires `form` at `path` 50 times with `cookie`.
async fn fire_form(app: &app::App, path: &str, cookie: &str, form: &[(&str, &str)]) -> Vec<double::Answer> {
    let url = format!("{}{path}", app.base);
    fire(|| app.client.post(&url).header("cookie", cookie).form(form)).await
}

fn decided(a: &double::Answer) -> bool {
    a.location.contains("decided=1")
}

async fn fifty_approvals_of_a_proposal_decide_it_once(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let id = pending_proposal(&app).await;
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    let before = audited(&app, "plan_approved").await;
    let answers = fire_form(&app, &format!("/staff/proposals/{id}/decision"), &agent, &[("outcome", "approved")]).await;
    only(&answers, decided, &["already_decided"], 1);
    assert_eq!(answers.iter().filter(|a| decided(a)).count(), 1, "one decision");
    assert_eq!(rows(&app, "decisions", "item_id = $1", id.as_str()).await, 1);
    assert_eq!(audited(&app, "plan_approved").await - before, 1);
    // The plan fee is booked once with it.
    assert_eq!(rows(&app, "audit_log", "action = 'plan_fee_booked' AND detail LIKE $1", &format!("%{id}%")).await, 1);
    assert_eq!(app.status(ANNA.0).await, ClaimStatus::PlanActive);
    chain_intact(&app).await;
}

async fn fifty_counter_proposals_make_one(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let id = pending_proposal(&app).await;
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    let before = audited(&app, "plan_countered").await;
    let form = [("count", "10"), ("amount", ""), ("note", "Tio månader går bra.")];
    let answers = fire_form(&app, &format!("/staff/proposals/{id}/counter"), &agent, &form).await;
    only(&answers, decided, &["already_decided"], 1);
    assert_eq!(answers.iter().filter(|a| decided(a)).count(), 1);
    assert_eq!(rows(&app, "plan_proposals", "answers = $1", id.as_str()).await, 1, "one counter-proposal");
    let counter = "proposal_id IN (SELECT id FROM plan_proposals WHERE answers = $1)";
    assert_eq!(rows(&app, "plan_installments", counter, id.as_str()).await, 10, "its ten instalments, once");
    assert_eq!(rows(&app, "decisions", "item_id = $1", id.as_str()).await, 1);
    assert_eq!(audited(&app, "plan_countered").await - before, 1);
    chain_intact(&app).await;
}

async fn fifty_ends_of_a_plan_end_it_once(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let id = pending_proposal(&app).await;
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    let approve = format!("/staff/proposals/{id}/decision");
    let r = app.post_form(&approve, &[("outcome", "approved")], &[("cookie", &agent)]).await;
    assert!(app::App::location(&r).contains("decided=1"));
    let before = audited(&app, "plan_lapsed").await;
    let answers = fire_form(&app, &format!("/staff/proposals/{id}/end"), &agent, &[("confirm", "end")]).await;
    let ended = |a: &double::Answer| a.location.contains("ended=1");
    only(&answers, ended, &["plan_not_active"], 1);
    assert_eq!(answers.iter().filter(|a| ended(a)).count(), 1);
    assert_eq!(audited(&app, "plan_lapsed").await - before, 1);
    assert_eq!(app.status(ANNA.0).await, ClaimStatus::DemandSent);
    chain_intact(&app).await;
}

async fn fifty_answers_to_a_dispute_decide_it_once(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let anna = app.session(ANNA.0, ANNA.1).await;
    let claim_id = app.claim_id(ANNA.0).await;
    let receipt = Part::bytes(files::pdf()).file_name("kvitto.pdf").mime_str("application/pdf").unwrap();
    let dispute =
        Form::new().text("reason", "already_paid").text("explanation", "Betalt i oktober.").part("files", receipt);
    assert_eq!(app.post_multipart(&format!("/claims/{claim_id}/dispute"), dispute, &anna).await.status(), 303);
    let d = app.state.store.dispute_of_claim(&claim_id).await.unwrap().unwrap();
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    let before = audited(&app, "dispute_rejected").await;
    let form = [("outcome", "rejected"), ("note", "Vår leveransnota visar att fakturan stämmer.")];
    let answers = fire_form(&app, &format!("/staff/disputes/{}/decision", d.id), &agent, &form).await;
    only(&answers, decided, &["already_decided"], 1);
    assert_eq!(answers.iter().filter(|a| decided(a)).count(), 1);
    assert_eq!(rows(&app, "decisions", "item_id = $1", d.id.as_str()).await, 1);
    assert_eq!(audited(&app, "dispute_rejected").await - before, 1);
    assert_eq!(app.status(ANNA.0).await, ClaimStatus::Contested);
    chain_intact(&app).await;
}

async fn fifty_grants_of_a_deferral_grant_it_once(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let anna = app.session(ANNA.0, ANNA.1).await;
    let claim_id = app.claim_id(ANNA.0).await;
    let date = app.today().checked_add_days(Days::new(200)).unwrap().to_string();
    let r = app.post_form(&format!("/claims/{claim_id}/deferral"), &[("date", &date)], &[("cookie", &anna)]).await;
    assert!(app::App::location(&r).contains("deferral_sent=1"));
    let id = app.state.store.deferrals_of_claim(&claim_id).await.unwrap().remove(0).id;
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    let before = audited(&app, "deferral_granted").await;
    let form = [("outcome", "granted"), ("note", "")];
    let answers = fire_form(&app, &format!("/staff/deferrals/{id}/decision"), &agent, &form).await;
    only(&answers, decided, &["already_decided"], 1);
    assert_eq!(answers.iter().filter(|a| decided(a)).count(), 1);
    assert_eq!(rows(&app, "decisions", "item_id = $1", &id).await, 1);
    assert_eq!(rows(&app, "deferrals", "state = 'granted' AND id = $1", &id).await, 1);
    assert_eq!(audited(&app, "deferral_granted").await - before, 1);
    chain_intact(&app).await;
}

async fn fifty_answers_to_a_review_answer_it_once(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let anna = app.session(ANNA.0, ANNA.1).await;
    let line = refused_plan(&app, ANNA.0, &anna).await;
    let form = [("decision", line.to_string()), ("explanation", "Jag klarar bara 300 kr i månaden.".to_owned())];
    let r = plan_forms::post(&app, "/my-data/review", &form, &anna).await;
    assert_eq!(app::App::location(&r), "/my-data?sent=1#reviews");
    let id = app.state.store.review_requests_of(&app.claim(ANNA.0).await.debtor_id).await.unwrap().remove(0).id;
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    let before = audited(&app, "review_answered").await;
    let answers =
        fire_form(&app, &format!("/staff/reviews/{id}/answer"), &agent, &[("note", "24 månader går bra.")]).await;
    only(&answers, decided, &["already_decided"], 1);
    assert_eq!(answers.iter().filter(|a| decided(a)).count(), 1);
    assert_eq!(rows(&app, "decisions", "item_id = $1", &id).await, 1);
    assert_eq!(rows(&app, "review_requests", "state = 'answered' AND id = $1", &id).await, 1);
    assert_eq!(audited(&app, "review_answered").await - before, 1);
    chain_intact(&app).await;
}

async fn fifty_saves_of_one_policy_change_it_once(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let admin = staff_session(&app, ADMIN).await;
    let creditor = app.claim(ANNA.0).await.creditor_id;
    let t = app.state.store.creditor(&creditor).await.unwrap().unwrap().policy.terms().clone();
    let (max, min, first) = (t.max_installments.to_string(), t.min_installment.to_string(), t.max_days_to_first_due);
    let (fee, auto_min) = (t.plan_fee.to_string(), t.auto_approve_min_installment.to_string());
    let (first, deferral) = (first.to_string(), t.max_deferral_days.to_string());
    let (grace, lapse) = (t.arrears_grace_days.to_string(), t.lapse_days.to_string());
    // One change: plans of up to 8 instalments are approved at once (the demo's rule is lower).
    let form = [
        ("intent", "save"),
        ("max_installments", max.as_str()),
        ("min_installment", min.as_str()),
        ("max_days_to_first_due", first.as_str()),
        ("plan_fee", fee.as_str()),
        ("auto_approve_max_installments", "8"),
        ("auto_approve_min_installment", auto_min.as_str()),
        ("max_deferral_days", deferral.as_str()),
        ("arrears_grace_days", grace.as_str()),
        ("lapse_days", lapse.as_str()),
        ("new_plan_after_lapse", if t.new_plan_after_lapse { "on" } else { "" }),
    ];
    assert_ne!(t.auto_approve_max_installments, 8);
    let before = audited(&app, "policy_changed").await;
    let answers = fire_form(&app, "/staff/policy", &admin, &form).await;
    // Saving the rules the creditor has is done, whoever's copy wrote them.
    only(&answers, |a| a.location == "/staff/policy?saved=1#policy", &[], COPIES_ALL);
    assert_eq!(audited(&app, "policy_changed").await - before, 1, "one change, audited once");
    let now = app.state.store.creditor(&creditor).await.unwrap().unwrap().policy.terms().clone();
    assert_eq!(now.auto_approve_max_installments, 8);
    chain_intact(&app).await;
}

const COPIES_ALL: usize = double::COPIES;

const FILE: &str = "debtor_name,debtor_address,concerns,original_invoice,principal,due_date\n\
Eva Berg,\"Storgatan 1, 111 22 Stockholm\",Elräkning oktober,NE-9001,\"1 250,50\",2026-10-01\n\
Olle Ek,Byvägen 3,Elräkning oktober,NE-9003,455,2026-10-01\n";

async fn fifty_imports_of_one_file_store_it_once(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let admin = staff_session(&app, ADMIN).await;
    let claims_before = app.state.store.count("claims").await.unwrap();
    let before = audited(&app, "claims_imported").await;
    let url = format!("{}/staff/import", app.base);
    let answers = fire(|| {
        let file = Part::bytes(FILE.as_bytes().to_vec()).file_name("claims.csv").mime_str("text/csv").unwrap();
        let req = app.client.post(&url).header("cookie", &admin).header("origin", &app.base);
        req.multipart(Form::new().part("file", file))
    })
    .await;
    // The letters come back once; every other copy is told the invoices are registered already.
    let letters = |a: &double::Answer| a.status == 200 && a.body.starts_with("case_number,access_code");
    for a in answers.iter().filter(|a| !letters(a)) {
        assert!(a.location.contains("invoice_registered"), "{a:?}");
    }
    assert_eq!(answers.iter().filter(|a| letters(a)).count(), 1, "one copy stored the file");
    assert_eq!(app.state.store.count("claims").await.unwrap() - claims_before, 2);
    assert_eq!(audited(&app, "claims_imported").await - before, 1);
    chain_intact(&app).await;
}

on_both_backends!(crate::app::db;
    fifty_approvals_of_a_proposal_decide_it_once,
    fifty_counter_proposals_make_one,
    fifty_ends_of_a_plan_end_it_once,
    fifty_answers_to_a_dispute_decide_it_once,
    fifty_grants_of_a_deferral_grant_it_once,
    fifty_answers_to_a_review_answer_it_once,
    fifty_saves_of_one_policy_change_it_once,
    fifty_imports_of_one_file_store_it_once,
);
