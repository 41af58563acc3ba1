//! What a session opened with a letter may reach, from the security review: hardship information
//! stays with the letters it was shared through (F1); a session is re-keyed when a letter widens
//! it and cut when its letter's code is reissued, and a household member cannot push the debtor's
//! sessions out (F7); another person's letter typed into "add a letter" signs nobody in, and what
//! was typed as a case number is logged only when it is one (F8); only the routes that take files
//! get the upload budget (F2). Over real HTTP, on SQLite and PostgreSQL.
#![cfg(feature = "ssr")]

#[path = "support/app.rs"]
mod app;
#[path = "support/files.rs"]
mod files;

use app::db::TestDb;
use debtor_portal::domain::ids::ClaimId;
use debtor_portal::server::auth::{hash_secret, Subject, MAX_SESSIONS_PER_SUBJECT};
use debtor_portal::server::store::{ActorKind, AuditAction};
use reqwest::multipart::{Form, Part};

/// Lars has two letters: 40010005 (Nordljus Energi) and 40010010 (another creditor).
const LARS_5: (&str, &str) = ("40010005", "M2HS-7CJW");
const LARS_10: (&str, &str) = ("40010010", "V9AM-5TZQ");
const ANNA: (&str, &str) = ("40010001", "K7QM-4TXP");
const ERIK: (&str, &str) = ("40010002", "R3WZ-8HNC");

fn statement(claim_id: &ClaimId, words: &str, file: bool) -> Form {
    let form = Form::new()
        .text("situation", "illness")
        .text("explanation", words.to_owned())
        .text("claims", claim_id.to_string())
        .text("consent", "yes");
    if file {
        form.part("files", Part::bytes(files::pdf()).file_name("läkarintyg.pdf"))
    } else {
        form
    }
}

/// Adds a letter to the session behind `cookie`; returns the session's new cookie.
async fn add_letter(app: &app::App, cookie: &str, letter: (&str, &str)) -> String {
    let r = app
        .post_form(
            "/sign-in/add-letter",
            &[("case_number", letter.0), ("access_code", letter.1)],
            &[("cookie", cookie)],
        )
        .await;
    assert_eq!(app::App::location(&r), "/claims?added=1");
    let set = r.headers()["set-cookie"].to_str().unwrap();
    assert!(set.contains("HttpOnly") && !set.contains("Max-Age"), "{set}");
    set.split(';').next().unwrap().to_owned()
}

async fn page(app: &app::App, path: &str, cookie: &str) -> String {
    let r = app.get_with_cookie(path, cookie).await;
    assert_eq!(r.status(), 200, "{path}");
    r.text().await.unwrap()
}

async fn hardship_stays_with_the_letters_it_was_shared_through(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let lars = app.claim(LARS_10.0).await.debtor_id;
    assert_eq!(app.claim(LARS_5.0).await.debtor_id, lars, "one person, two letters");
    let (claim_5, claim_10) = (app.claim_id(LARS_5.0).await, app.claim_id(LARS_10.0).await);
    let through_10 = app.session(LARS_10.0, LARS_10.1).await;
    let secret = "Diagnosis shared through letter ten only";
    let r = app.post_multipart("/hardship", statement(&claim_10, secret, true), &through_10).await;
    assert_eq!(app::App::location(&r), "/hardship?sent=1#current");
    let shared = app.state.store.hardships_of(&lars).await.unwrap().pop().unwrap();
    assert_eq!(shared.letters, [claim_10.as_str()]);
    // At rest the words are sealed like the files, bound to their row.
    let raw: (String,) =
        sqlx::query_as("SELECT explanation FROM hardship").fetch_one(app.state.store.pool()).await.unwrap();
    assert!(raw.0.starts_with("sealed:") && !raw.0.contains("Diagnosis"), "{}", raw.0);
    let doc = shared.documents[0].id.clone();
    assert!(page(&app, "/hardship", &through_10).await.contains(secret));
    assert_eq!(app.get_with_cookie(&format!("/documents/{doc}"), &through_10).await.status(), 200);

    // A session opened with the other letter (a household member's, say) reaches none of it.
    let through_5 = app.session(LARS_5.0, LARS_5.1).await;
    assert!(!page(&app, "/hardship", &through_5).await.contains(secret));
    assert_eq!(app.get_with_cookie(&format!("/documents/{doc}"), &through_5).await.status(), 404);
    let export = page(&app, "/my-data/export.json", &through_5).await;
    assert!(!export.contains(secret) && !export.contains(doc.as_str()), "{export}");
    let v: serde_json::Value = serde_json::from_str(&export).unwrap();
    assert_eq!(v["hardship"], serde_json::json!([]));
    let r = app.post_form("/hardship/withdraw", &[("hardship", &shared.id)], &[("cookie", &through_5)]).await;
    assert_eq!(app::App::location(&r), "/hardship?error=not_found");
    assert_eq!(app.state.store.hardships_of(&lars).await.unwrap().len(), 1, "not withdrawn");
    assert!(app.state.store.document(&doc).await.unwrap().is_some(), "not deleted");
    // It may share its own, and is not told that another exists.
    let own = "Own words through letter five";
    let r = app.post_multipart("/hardship", statement(&claim_5, own, false), &through_5).await;
    assert_eq!(app::App::location(&r), "/hardship?sent=1#current");
    let five = page(&app, "/hardship", &through_5).await;
    assert!(five.contains(own) && !five.contains(secret));
    assert!(!page(&app, "/hardship", &through_10).await.contains(own), "and the other way round");

    // A session holding both letters sees both statements and their documents.
    let both = add_letter(&app, &through_10, LARS_5).await;
    let all = page(&app, "/hardship", &both).await;
    assert!(all.contains(secret) && all.contains(own));
    assert_eq!(app.get_with_cookie(&format!("/documents/{doc}"), &both).await.status(), 200);
    let v: serde_json::Value = serde_json::from_str(&page(&app, "/my-data/export.json", &both).await).unwrap();
    assert_eq!(v["hardship"].as_array().unwrap().len(), 2);
    let r = app.post_form("/hardship/withdraw", &[("hardship", &shared.id)], &[("cookie", &both)]).await;
    assert_eq!(app::App::location(&r), "/hardship?withdrawn=1");
    let left = app.state.store.hardships_of(&lars).await.unwrap();
    assert_eq!((left.len(), left[0].statement.explanation.as_str()), (1, own));
    assert!(app.state.store.document(&doc).await.unwrap().is_none());
}

/// Review requests and the sign-in history in "My data" stay with the letters too, and what the
/// request says is sealed at rest.
async fn reviews_and_sign_ins_stay_with_their_letters(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let through_10 = app.session(LARS_10.0, LARS_10.1).await;
    let words = "Lost my job in November, please look again";
    let r =
        app.post_form("/my-data/review", &[("decision", ""), ("explanation", words)], &[("cookie", &through_10)]).await;
    assert_eq!(app::App::location(&r), "/my-data?sent=1#reviews");
    let raw: (String,) =
        sqlx::query_as("SELECT explanation FROM review_requests").fetch_one(app.state.store.pool()).await.unwrap();
    assert!(raw.0.starts_with("sealed:") && !raw.0.contains("Lost my job"), "{}", raw.0);
    assert!(page(&app, "/my-data", &through_10).await.contains(words));
    let through_5 = app.session(LARS_5.0, LARS_5.1).await;
    assert!(!page(&app, "/my-data", &through_5).await.contains(words));
    let export = page(&app, "/my-data/export.json", &through_5).await;
    assert!(!export.contains(words), "{export}");
    let v: serde_json::Value = serde_json::from_str(&export).unwrap();
    let claim_10 = app.claim_id(LARS_10.0).await;
    assert!(!export.contains(claim_10.as_str()), "nothing of letter 10, its sign-ins neither");
    assert!(!v["sign_ins"].as_array().unwrap().is_empty(), "its own sign-in is listed");
}

async fn a_widened_session_gets_a_new_token_and_a_reissued_code_ends_its_sessions(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let lars = app.claim(LARS_10.0).await.debtor_id;
    let old = app.session(LARS_10.0, LARS_10.1).await;
    let widened = add_letter(&app, &old, LARS_5).await;
    assert_ne!(old, widened);
    // The old cookie is worth nothing now: a copy of it never gains the added letter.
    assert_eq!(app.get_with_cookie("/my-data/export.json", &old).await.status(), 401);
    let v: serde_json::Value = serde_json::from_str(&page(&app, "/my-data/export.json", &widened).await).unwrap();
    assert_eq!(v["claims"].as_array().unwrap().len(), 2);
    let audit = app.state.store.audit_by(ActorKind::Debtor, lars.as_str()).await.unwrap();
    assert_eq!(audit.iter().filter(|a| a.action == AuditAction::LetterAdded).count(), 1);

    // Letter 5's code is reissued: every session holding letter 5 ends, the others go on.
    let only_10 = app.session(LARS_10.0, LARS_10.1).await;
    let only_5 = app.session(LARS_5.0, LARS_5.1).await;
    let claim_5 = app.claim_id(LARS_5.0).await;
    let hash = hash_secret("NEWCODE5").unwrap();
    app.state.store.replace_access_code(&claim_5, &hash, app.state.clock.now() + 3600).await.unwrap();
    for (cookie, what) in [(&widened, "widened with letter 5"), (&only_5, "opened with letter 5")] {
        assert_eq!(app.get_with_cookie("/my-data/export.json", cookie).await.status(), 401, "{what}");
    }
    assert_eq!(app.get_with_cookie("/my-data/export.json", &only_10).await.status(), 200);
    assert_eq!(app::App::location(&app.sign_in(LARS_5.0, LARS_5.1).await), "/?error=code_expired#sign-in");
    assert_eq!(app::App::location(&app.sign_in(LARS_5.0, "NEWCODE5").await), "/claims");
}

async fn a_household_member_cannot_push_the_debtor_out(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let lars = Subject::Debtor(app.claim(LARS_10.0).await.debtor_id);
    let debtors_own = app.session(LARS_10.0, LARS_10.1).await;
    // Whoever holds letter 5 signs in again and again: only letter 5's oldest sessions end.
    let mut fives = Vec::new();
    for _ in 0..MAX_SESSIONS_PER_SUBJECT + 2 {
        // A second apart, so "oldest" is well defined (the test clock stands still otherwise).
        app.state.clock.advance(1);
        fives.push(app.session(LARS_5.0, LARS_5.1).await);
    }
    assert_eq!(app.get_with_cookie("/my-data/export.json", &debtors_own).await.status(), 200);
    assert_eq!(app.get_with_cookie("/my-data/export.json", &fives[0]).await.status(), 401, "oldest of letter 5");
    assert_eq!(app.get_with_cookie("/my-data/export.json", fives.last().unwrap()).await.status(), 200);
    assert_eq!(app.state.store.session_count(&lars).await.unwrap(), MAX_SESSIONS_PER_SUBJECT + 1);
}

async fn another_persons_letter_signs_nobody_in_and_codes_stay_out_of_the_log(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let anna = app.session(ANNA.0, ANNA.1).await;
    let erik = app.claim(ERIK.0).await.debtor_id;
    let r = app
        .post_form("/sign-in/add-letter", &[("case_number", ERIK.0), ("access_code", ERIK.1)], &[("cookie", &anna)])
        .await;
    assert_eq!(app::App::location(&r), "/claims?error=letter_of_someone_else#add-letter");
    let eriks = app.state.store.audit_by(ActorKind::Debtor, erik.as_str()).await.unwrap();
    assert!(!eriks.iter().any(|a| a.action == AuditAction::SignedIn), "Erik did not sign in: {eriks:?}");
    // It is written against Erik's letter, with the session's owner, never as a sign-in of his.
    let on_his_claim = app.state.store.audit_for(app.claim_id(ERIK.0).await.as_str()).await.unwrap();
    let refused = on_his_claim.iter().find(|a| a.action == AuditAction::LetterRefused).expect("audited");
    assert!(refused.actor_id.is_none() && refused.detail["session_of"] == app.claim(ANNA.0).await.debtor_id.as_str());
    // A code typed into the case-number box is not written to the log; a real case number is.
    for case in ["K7QM4TXP", ANNA.0] {
        let r = app.sign_in(case, "WRONG-CODE").await;
        assert_eq!(app::App::location(&r), "/?error=invalid_credentials#sign-in");
    }
    let rows: Vec<(String,)> = sqlx::query_as("SELECT detail FROM audit_log WHERE action = 'sign_in_failed'")
        .fetch_all(app.state.store.pool())
        .await
        .unwrap();
    assert!(rows.iter().all(|(d,)| !d.contains("K7QM")), "{rows:?}");
    assert!(rows.iter().any(|(d,)| d.contains(ANNA.0)), "{rows:?}");
    // Signing in is still audited as a sign-in.
    let annas = app.state.store.audit_by(ActorKind::Debtor, app.claim(ANNA.0).await.debtor_id.as_str()).await.unwrap();
    assert_eq!(annas.iter().filter(|a| a.action == AuditAction::SignedIn).count(), 1);
}

/// A body that says `multipart/form-data` gets the upload budget only on a route that takes files;
/// elsewhere (server functions, the API, plain forms) the small limit holds, whatever it says.
async fn uploads_get_their_budget_only_where_files_are_taken(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    // Over the tests' 4 KiB limit, and small enough to be written whole before the answer comes.
    let big = vec![b'x'; 10_000];
    for path in ["/api/my_claims", "/api/v1/claims", "/sign-in", "/my-data/review", "/hardship/withdraw"] {
        let r = app
            .client
            .post(format!("{}{path}", app.base))
            .header("cookie", &cookie)
            .header("origin", &app.base)
            .header("content-type", "multipart/form-data; boundary=x")
            .body(big.clone())
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 413, "{path}");
    }
    // A larger body to a route that takes files is read, and the dispute stored.
    let id = app.claim_id(ANNA.0).await;
    let form = Form::new()
        .text("reason", "wrong_amount")
        .text("explanation", "x".repeat(100))
        .part("files", Part::bytes([files::pdf(), vec![b' '; 64 * 1024]].concat()).file_name("kvitto.pdf"));
    let r = app.post_multipart(&format!("/claims/{id}/dispute"), form, &cookie).await;
    assert_eq!(r.status(), 303);
    let dispute = app.state.store.dispute_of_claim(&id).await.unwrap().expect("stored");
    assert_eq!(dispute.entries[0].explanation.as_str(), "x".repeat(100));
    let raw: (String,) =
        sqlx::query_as("SELECT explanation FROM dispute_entries").fetch_one(app.state.store.pool()).await.unwrap();
    assert!(raw.0.starts_with("sealed:") && !raw.0.contains("xxxx"), "sealed at rest: {}", raw.0);
}

/// A dispute takes at most 10 entries, however many additions arrive at once (the bound is counted
/// in the transaction that adds), and the rest are refused for what they are.
async fn a_dispute_takes_only_so_much_even_at_once(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let id = app.claim_id(ANNA.0).await;
    let first = Form::new().text("reason", "wrong_amount").text("explanation", "The fee is too high.");
    assert_eq!(app.post_multipart(&format!("/claims/{id}/dispute"), first, &cookie).await.status(), 303);
    let tasks: Vec<_> = (0..15)
        .map(|i| {
            let (client, url, cookie, origin) =
                (app.client.clone(), format!("{}/claims/{id}/dispute/add", app.base), cookie.clone(), app.base.clone());
            tokio::spawn(async move {
                let form = Form::new().text("explanation", format!("Addition {i}."));
                let r = client.post(url).header("cookie", cookie).header("origin", origin).multipart(form);
                app::App::location(&r.send().await.unwrap())
            })
        })
        .collect();
    let mut refused = 0;
    for t in tasks {
        let location = t.await.unwrap();
        refused += usize::from(location.contains("error=dispute_full"));
    }
    let dispute = app.state.store.dispute_of_claim(&id).await.unwrap().unwrap();
    assert_eq!((dispute.entries.len(), refused), (10, 6), "the first and nine additions; six refused");
}

on_both_backends!(
    crate::app::db;
    hardship_stays_with_the_letters_it_was_shared_through,
    reviews_and_sign_ins_stay_with_their_letters,
    a_widened_session_gets_a_new_token_and_a_reissued_code_ends_its_sessions,
    a_household_member_cannot_push_the_debtor_out,
    another_persons_letter_signs_nobody_in_and_codes_stay_out_of_the_log,
    uploads_get_their_budget_only_where_files_are_taken,
    a_dispute_takes_only_so_much_even_at_once,
);
