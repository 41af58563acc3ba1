//! Every debtor's state change sent 50 times at once (a double click, a phone that resends, two tabs),
//! identical (one session cookie, one body), on SQLite and PostgreSQL, makes exactly one effect:
//! one proposal with its instalments, one dispute with its files, one hardship statement, one
//! deferral request, one review request, one answer to a counter-proposal, one withdrawal, each
//! with one audit line; every copy is answered either with the success or with a clear "already
//! done" code, never a 500, and the audit chain stays whole.
//!
//! Sign-in has no single stored effect: each right code may open a session. For 50 identical
//! sign-ins of one letter from one address, "one effect" means: no copy fails on the server; the
//! copies the throttle does not stop each get a session, and only those (`signed_in` audit lines
//! equal the number let in; sessions too, up to the number one letter may hold at once, beyond
//! which the oldest end, so exactly that many cookies work); the others are refused with the
//! throttle's code; the address's counter holds each attempt exactly once (none lost between
//! concurrent writers); and the audit chain is whole.
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
use debtor_portal::server::auth::MAX_SESSIONS_PER_SUBJECT;
use debtor_portal::server::store::{Subject, ThrottleScope};
use double::{audited, chain_intact, fire, only, rows};
use plan_forms::{form, in_days, inputs, installments, refused_plan};
use reqwest::multipart::{Form, Part};
use staff_pages::{pending_proposal, staff_session, ANNA, NORDLJUS_AGENT};

const ANNAS_OTHER: (&str, &str) = ("40010009", "L6DW-9KEC");

async fn fifty_sign_ins_of_one_letter_each_give_a_working_session_or_the_throttles_answer(db: TestDb) {
    // Enough hashing slots that none of the copies waits for one: the throttle alone decides.
    let app = app::spawn_seeded_with(db, &[("SIGN_IN_CONCURRENCY", "64")]).await;
    let url = format!("{}/sign-in", app.base);
    let answers = fire(|| app.client.post(&url).form(&[("case_number", ANNA.0), ("access_code", ANNA.1)])).await;
    let let_in: Vec<&double::Answer> = answers.iter().filter(|a| a.location == "/claims").collect();
    only(&answers, |a| a.location == "/claims", &["too_many_attempts", "busy"], 1);
    let debtor = app.claim(ANNA.0).await.debtor_id;
    let sessions = app.state.store.session_count(&Subject::Debtor(debtor)).await.unwrap();
    // A right code clears the case number's count, so how many copies pass depends on how the
    // copies interleave: more than the session limit may pass, and then the oldest sessions end.
    let kept = (let_in.len() as i64).min(MAX_SESSIONS_PER_SUBJECT);
    assert_eq!(sessions, kept, "a session for each copy let in, up to the limit, and only those");
    assert_eq!(audited(&app, "signed_in").await, let_in.len() as i64);
    let attempts = app.state.store.throttle_attempts(ThrottleScope::Client, "127.0.0.1").await.unwrap();
    // The copies refused for the case number roll back, the ones let in stay counted: the address's
    // counter holds each of those once, none lost between writers at the same moment.
    assert_eq!(attempts, let_in.len() as i64, "each attempt let through counted once for the address");
    // Each cookie handed out whose session was kept opens the debtor's claims.
    let mut working = 0;
    for a in &let_in {
        if app.get_with_cookie("/claims", &a.cookie).await.status() == 200 {
            working += 1;
        }
    }
    assert_eq!(working, kept, "the cookies of the kept sessions, and only those, open the claims");
    chain_intact(&app).await;
}

async fn fifty_added_letters_move_the_session_once(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let url = format!("{}/sign-in/add-letter", app.base);
    let before = audited(&app, "letter_added").await;
    let answers = fire(|| {
        let form = [("case_number", ANNAS_OTHER.0), ("access_code", ANNAS_OTHER.1)];
        app.client.post(&url).form(&form).header("cookie", &cookie)
    })
    .await;
    // The first copy moves the session to a new cookie; the old one then signs nobody in.
    only(&answers, |a| a.location == "/claims?added=1", &["unauthenticated", "busy"], 1);
    let ok = answers.iter().filter(|a| a.location == "/claims?added=1").count();
    assert_eq!(ok, 1, "one copy moved the session");
    let debtor = app.claim(ANNA.0).await.debtor_id;
    assert_eq!(app.state.store.session_count(&Subject::Debtor(debtor)).await.unwrap(), 1, "one session, not a fork");
    assert_eq!(audited(&app, "letter_added").await - before, 1);
    chain_intact(&app).await;
}

async fn fifty_proposals_make_one_plan(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let id = app.claim_id(ANNA.0).await;
    let choice = installments(4, in_days(&app, 10));
    let shown = inputs(&app, ANNA.0).await.basis().propose(choice).unwrap().plan.fingerprint();
    let body = form(&choice, &shown);
    let url = format!("{}/claims/{id}/plan", app.base);
    let before = audited(&app, "plan_approved").await;
    let answers = fire(|| app.client.post(&url).form(&body).header("cookie", &cookie)).await;
    let sent = format!("/claims/{id}/plan?sent=1#plan");
    only(&answers, |a| a.location == sent, &["plan_already_open"], 1);
    assert_eq!(rows(&app, "plan_proposals", "claim_id = $1", id.as_str()).await, 1);
    let instalments = "proposal_id IN (SELECT id FROM plan_proposals WHERE claim_id = $1)";
    assert_eq!(rows(&app, "plan_installments", instalments, id.as_str()).await, 4, "its four instalments, once");
    assert_eq!(audited(&app, "plan_approved").await - before, 1);
    chain_intact(&app).await;
}

async fn fifty_withdrawals_withdraw_once(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    pending_proposal(&app).await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let id = app.claim_id(ANNA.0).await;
    let url = format!("{}/claims/{id}/plan/withdraw", app.base);
    let before = audited(&app, "plan_withdrawn").await;
    let answers = fire(|| app.client.post(&url).header("cookie", &cookie).form(&[("x", "")])).await;
    let done = format!("/claims/{id}/plan?withdrawn=1#plan");
    only(&answers, |a| a.location == done, &["no_pending_proposal"], 1);
    assert_eq!(answers.iter().filter(|a| a.location == done).count(), 1, "one withdrawal");
    assert_eq!(audited(&app, "plan_withdrawn").await - before, 1);
    assert_eq!(rows(&app, "plan_proposals", "state = 'withdrawn' AND claim_id = $1", id.as_str()).await, 1);
    chain_intact(&app).await;
}

async fn fifty_acceptances_of_a_counter_proposal_accept_it_once(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let proposal = pending_proposal(&app).await;
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    let r = app
        .post_form(
            &format!("/staff/proposals/{proposal}/counter"),
            &[("count", "10"), ("amount", ""), ("note", "Tio månader.")],
            &[("cookie", &agent)],
        )
        .await;
    assert!(app::App::location(&r).contains("decided=1"), "{r:?}");
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let id = app.claim_id(ANNA.0).await;
    let url = format!("{}/claims/{id}/plan/counter/accept", app.base);
    let before = audited(&app, "counter_proposal_accepted").await;
    let answers = fire(|| app.client.post(&url).header("cookie", &cookie).form(&[("x", "")])).await;
    let done = format!("/claims/{id}/plan?counter_accepted=1#plan");
    only(&answers, |a| a.location == done, &["no_pending_proposal"], 1);
    assert_eq!(answers.iter().filter(|a| a.location == done).count(), 1);
    assert_eq!(audited(&app, "counter_proposal_accepted").await - before, 1);
    assert_eq!(rows(&app, "plan_proposals", "state = 'active' AND claim_id = $1", id.as_str()).await, 1);
    chain_intact(&app).await;
}

async fn fifty_deferral_requests_make_one(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let id = app.claim_id(ANNA.0).await;
    // Beyond what the policy grants at once, so it waits for the creditor.
    let date = app.today().checked_add_days(Days::new(200)).unwrap().to_string();
    let url = format!("{}/claims/{id}/deferral", app.base);
    let before = audited(&app, "deferral_requested").await;
    let answers = fire(|| app.client.post(&url).header("cookie", &cookie).form(&[("date", &date)])).await;
    let sent = format!("/claims/{id}?deferral_sent=1#deferral");
    only(&answers, |a| a.location == sent, &["deferral_pending"], 1);
    assert_eq!(rows(&app, "deferrals", "claim_id = $1", id.as_str()).await, 1);
    assert_eq!(audited(&app, "deferral_requested").await - before, 1);
    chain_intact(&app).await;
}

fn dispute_form() -> Form {
    let receipt = Part::bytes(files::pdf()).file_name("kvitto.pdf").mime_str("application/pdf").unwrap();
    let photo = Part::bytes(files::png()).file_name("skärmbild.png").mime_str("image/png").unwrap();
    Form::new()
        .text("reason", "already_paid")
        .text("explanation", "Betalt 3 oktober med Swish, kvitto bifogat.")
        .part("files", receipt)
        .part("files", photo)
}

async fn fifty_disputes_with_files_make_one_with_its_files(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let id = app.claim_id(ANNA.0).await;
    let url = format!("{}/claims/{id}/dispute", app.base);
    let before = audited(&app, "dispute_opened").await;
    let answers = fire(|| {
        let req = app.client.post(&url).header("cookie", &cookie).header("origin", &app.base);
        req.multipart(dispute_form())
    })
    .await;
    let sent = |a: &double::Answer| a.status == 303 && a.location.contains("sent=1");
    only(&answers, sent, &["already_disputed"], 1);
    assert_eq!(rows(&app, "disputes", "claim_id = $1", id.as_str()).await, 1);
    assert_eq!(
        rows(&app, "dispute_entries", "dispute_id IN (SELECT id FROM disputes WHERE claim_id = $1)", id.as_str()).await,
        1
    );
    assert_eq!(rows(&app, "documents", "claim_id = $1", id.as_str()).await, 2, "its two files, once");
    assert_eq!(audited(&app, "dispute_opened").await - before, 1);
    chain_intact(&app).await;
}

async fn fifty_hardship_statements_keep_one(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let id = app.claim_id(ANNA.0).await;
    let url = format!("{}/hardship", app.base);
    let before = audited(&app, "hardship_shared").await;
    let answers = fire(|| {
        let mut form = Form::new();
        for (k, v) in [
            ("situation", "illness"),
            ("monthly_income", "14 250,50"),
            ("monthly_expenses", "12000"),
            ("household_size", "2"),
            ("explanation", "Sjukskriven sedan september; intyget bifogat."),
            ("claims", id.as_str()),
            ("consent", "yes"),
        ] {
            form = form.text(k, v.to_owned());
        }
        let certificate = Part::bytes(files::pdf()).file_name("läkarintyg.pdf").mime_str("application/pdf").unwrap();
        let form = form.part("files", certificate);
        app.client.post(&url).header("cookie", &cookie).header("origin", &app.base).multipart(form)
    })
    .await;
    only(&answers, |a| a.location == "/hardship?sent=1#current", &["hardship_exists"], 1);
    let debtor = app.claim(ANNA.0).await.debtor_id;
    assert_eq!(rows(&app, "hardship", "debtor_id = $1", debtor.as_str()).await, 1);
    assert_eq!(rows(&app, "documents", "owner_kind = $1", "hardship").await, 1, "its one file, once");
    assert_eq!(audited(&app, "hardship_shared").await - before, 1);
    chain_intact(&app).await;
}

async fn fifty_review_requests_of_one_decision_make_one(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let line = refused_plan(&app, ANNA.0, &cookie).await.to_string();
    let url = format!("{}/my-data/review", app.base);
    let before = audited(&app, "review_requested").await;
    let answers = fire(|| {
        let form = [("decision", line.as_str()), ("explanation", "Jag klarar bara 300 kr i månaden.")];
        app.client.post(&url).header("cookie", &cookie).form(&form)
    })
    .await;
    only(&answers, |a| a.location == "/my-data?sent=1#reviews", &["review_already_requested"], 1);
    assert_eq!(rows(&app, "review_requests", "debtor_id = $1", app.claim(ANNA.0).await.debtor_id.as_str()).await, 1);
    assert_eq!(audited(&app, "review_requested").await - before, 1);
    chain_intact(&app).await;
}

/// Twelve different requests at once, none waiting before: the limit of five waiting requests
/// holds (counted inside the transaction that stores each), the others are refused with its code.
async fn twelve_different_review_requests_at_once_store_five(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let url = format!("{}/my-data/review", app.base);
    let before = audited(&app, "review_requested").await;
    let sends: Vec<_> = (0..12)
        .map(|n| {
            let explanation = format!("Fråga {n}: kan en person titta på mitt ärende?");
            let req = app
                .client
                .post(&url)
                .header("cookie", &cookie)
                .form(&[("decision", ""), ("explanation", &explanation)]);
            tokio::spawn(async move {
                let r = req.send().await.unwrap();
                r.headers().get("location").map(|l| l.to_str().unwrap().to_owned()).unwrap_or_default()
            })
        })
        .collect();
    let mut answers = Vec::new();
    for s in sends {
        answers.push(s.await.unwrap());
    }
    let sent = answers.iter().filter(|a| *a == "/my-data?sent=1#reviews").count();
    let refused = answers.iter().filter(|a| *a == "/my-data?error=reviews_pending#review").count();
    assert_eq!((sent, refused), (5, 7), "{answers:?}");
    assert_eq!(rows(&app, "review_requests", "debtor_id = $1", app.claim(ANNA.0).await.debtor_id.as_str()).await, 5);
    assert_eq!(audited(&app, "review_requested").await - before, 5);
    chain_intact(&app).await;
}

on_both_backends!(crate::app::db;
    fifty_sign_ins_of_one_letter_each_give_a_working_session_or_the_throttles_answer,
    fifty_added_letters_move_the_session_once,
    fifty_proposals_make_one_plan,
    fifty_withdrawals_withdraw_once,
    fifty_acceptances_of_a_counter_proposal_accept_it_once,
    fifty_deferral_requests_make_one,
    fifty_disputes_with_files_make_one_with_its_files,
    fifty_hardship_statements_keep_one,
    fifty_review_requests_of_one_decision_make_one,
    twelve_different_review_requests_at_once_store_five,
);
