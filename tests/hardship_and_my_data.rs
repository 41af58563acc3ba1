//! Hardship under consent, withdrawal that deletes, "My data" as one file, and reviews of automatic
//! decisions, over real HTTP on SQLite and PostgreSQL.
#![cfg(feature = "ssr")]

#[path = "support/app.rs"]
mod app;
#[path = "support/files.rs"]
mod files;

use app::db::TestDb;
use chrono::Days;
use debtor_portal::domain::hardship::{Situation, CONSENT_VERSION};
use debtor_portal::domain::ids::{ClaimId, DebtorId};
use debtor_portal::domain::Money;
use debtor_portal::server::store::{ActorKind, AuditAction, ReviewState};
use reqwest::multipart::{Form, Part};
use sha2::{Digest, Sha256};

const ANNA: (&str, &str) = ("40010001", "K7QM-4TXP");
const ANNAS_OTHER: &str = "40010009";
const ERIK: (&str, &str) = ("40010002", "R3WZ-8HNC");

async fn debtor_of(app: &app::App, case: &str) -> DebtorId {
    app.claim(case).await.debtor_id
}

fn hardship_form(fields: &[(&str, &str)], files: Vec<(&str, Vec<u8>)>) -> Form {
    let mut form = Form::new();
    for (k, v) in fields {
        form = form.text(k.to_string(), v.to_string());
    }
    for (name, content) in files {
        form = form.part("files", Part::bytes(content).file_name(name.to_owned()));
    }
    form
}

async fn hardship_documents(app: &app::App) -> i64 {
    let row: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM documents WHERE owner_kind = 'hardship'")
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    row.0
}

async fn a_statement_is_kept_under_consent_and_withdrawing_deletes_it(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let (first, second) = (app.claim_id(ANNA.0).await, app.claim_id(ANNAS_OTHER).await);
    let anna = debtor_of(&app, ANNA.0).await;
    // Anna's session from her first letter sees only that letter's claim: add the second letter
    // (the session goes on under a new cookie).
    let added = app
        .post_form(
            "/sign-in/add-letter",
            &[("case_number", ANNAS_OTHER), ("access_code", "L6DW-9KEC")],
            &[("cookie", &cookie)],
        )
        .await;
    let cookie = added.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let fields = [
        ("situation", "illness"),
        ("monthly_income", "14 250,50"),
        ("monthly_expenses", "12000"),
        ("household_size", "2"),
        ("explanation", "On sick leave since September; the certificate is attached."),
        ("claims", first.as_str()),
        ("claims", second.as_str()),
        ("consent", "yes"),
    ];
    let r =
        app.post_multipart("/hardship", hardship_form(&fields, vec![("läkarintyg.pdf", files::pdf())]), &cookie).await;
    assert_eq!(app::App::location(&r), "/hardship?sent=1#current");
    let h = app.state.store.hardships_of(&anna).await.unwrap().pop().expect("stored");
    assert_eq!(h.statement.situation, Situation::Illness);
    assert_eq!(h.statement.monthly_income, Some(Money::from_minor(1_425_050)));
    assert_eq!(h.statement.household_size, Some(2));
    let mut claims = h.claim_ids.clone();
    claims.sort();
    let mut expected = vec![first.clone(), second.clone()];
    expected.sort();
    assert_eq!(claims, expected);
    assert_eq!((h.consent_version.as_str(), h.documents.len()), (CONSENT_VERSION, 1));
    let doc = h.documents[0].clone();
    let page = app.get_with_cookie("/hardship", &cookie).await.text().await.unwrap();
    assert!(page.contains("On sick leave since September") && page.contains(CONSENT_VERSION));
    let shared = app.state.store.audit_by(ActorKind::Debtor, anna.as_str()).await.unwrap();
    let line = shared.iter().find(|a| a.action == AuditAction::HardshipShared).expect("audited");
    assert!(!line.detail.to_string().contains("sick"), "what was told stays out of the log");
    assert_eq!(app.get_with_cookie(&format!("/documents/{}", doc.id), &cookie).await.status(), 200);

    // Without the statement's id, or with one that is not theirs, nothing is withdrawn.
    for id in ["", "no-such-statement"] {
        let r = app.post_form("/hardship/withdraw", &[("hardship", id)], &[("cookie", &cookie)]).await;
        assert_eq!(app::App::location(&r), "/hardship?error=not_found", "{id:?}");
    }
    assert_eq!(app.state.store.hardships_of(&anna).await.unwrap().len(), 1);
    let r = app.post_form("/hardship/withdraw", &[("hardship", &h.id)], &[("cookie", &cookie)]).await;
    assert_eq!(app::App::location(&r), "/hardship?withdrawn=1");
    assert!(app.state.store.hardships_of(&anna).await.unwrap().is_empty());
    assert_eq!(hardship_documents(&app).await, 0, "its documents are deleted with it");
    assert_eq!(app.get_with_cookie(&format!("/documents/{}", doc.id), &cookie).await.status(), 404);
    for table in ["hardship_claims", "hardship_letters"] {
        let rows: (i64,) =
            sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}")).fetch_one(app.state.store.pool()).await.unwrap();
        assert_eq!(rows.0, 0, "{table}");
    }
    let audit = app.state.store.audit_by(ActorKind::Debtor, anna.as_str()).await.unwrap();
    let line = audit.iter().find(|a| a.action == AuditAction::HardshipWithdrawn).expect("audited as withdrawn");
    assert_eq!(line.detail.as_object().unwrap().keys().collect::<Vec<_>>(), ["hardship"], "no content");
}

async fn a_statement_without_consent_or_with_bad_fields_stores_nothing(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let mine = app.claim_id(ANNA.0).await;
    let eriks = app.claim_id(ERIK.0).await;
    let base = |extra: &[(&'static str, &str)]| {
        let mut f: Vec<(&str, String)> = vec![
            ("situation", "unemployment".into()),
            ("explanation", "Laid off in October.".into()),
            ("claims", mine.to_string()),
            ("consent", "yes".into()),
        ];
        for (k, v) in extra {
            f.retain(|(name, _)| name != k);
            if !v.is_empty() {
                f.push((k, v.to_string()));
            }
        }
        f
    };
    type Fields<'a> = Vec<(&'a str, String)>;
    type Files<'a> = Vec<(&'a str, Vec<u8>)>;
    let cases: Vec<(&str, Fields, Files)> = vec![
        ("consent_missing", base(&[("consent", "")]), vec![]),
        ("claims_missing", base(&[("claims", "")]), vec![]),
        ("not_found", base(&[("claims", eriks.as_str())]), vec![]),
        ("situation_missing", base(&[("situation", "bored")]), vec![]),
        ("amount_invalid", base(&[("monthly_income", "a lot")]), vec![]),
        ("household_invalid", base(&[("household_size", "0")]), vec![]),
        ("explanation_missing", base(&[("explanation", "")]), vec![]),
        ("file_type_not_allowed", base(&[]), vec![("intyg.pdf", files::html_named_pdf())]),
    ];
    for (code, fields, files) in cases {
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = app.post_multipart("/hardship", hardship_form(&pairs, files), &cookie).await;
        assert_eq!(app::App::location(&r), format!("/hardship?error={code}#hardship-form"), "{code}");
        assert!(app.state.store.hardships_of(&debtor_of(&app, ANNA.0).await).await.unwrap().is_empty(), "{code}");
        assert_eq!(hardship_documents(&app).await, 0, "{code}");
    }
    let pairs: Vec<(&str, String)> = base(&[]);
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        app::App::location(&app.post_multipart("/hardship", hardship_form(&pairs, vec![]), &cookie).await),
        "/hardship?sent=1#current"
    );
    let again = app.post_multipart("/hardship", hardship_form(&pairs, vec![]), &cookie).await;
    assert_eq!(app::App::location(&again), "/hardship?error=hardship_exists#hardship-form");
    let sv = app
        .client
        .get(format!("{}/hardship?error=consent_missing", app.base))
        .header("cookie", &cookie)
        .header("accept-language", "sv")
        .send()
        .await
        .unwrap();
    assert!(sv.text().await.unwrap().contains("Kryssa i rutan för samtycke"));
}

async fn my_data_is_one_file_with_everything_and_only_mine(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let id = app.claim_id(ANNA.0).await;
    let dispute = Form::new()
        .text("reason", "wrong_amount")
        .text("explanation", "The fee is too high.")
        .part("files", Part::bytes(files::png()).file_name("faktura.png"));
    assert_eq!(app.post_multipart(&format!("/claims/{id}/dispute"), dispute, &cookie).await.status(), 303);

    let r = app.get_with_cookie("/my-data/export.json", &cookie).await;
    assert_eq!(r.status(), 200);
    assert!(r.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["debtor"]["name"], "Anna Lindqvist");
    assert_eq!(v["controller"]["name"], "Demo Inkasso AB");
    let claims = v["claims"].as_array().unwrap();
    assert_eq!(claims.len(), 1, "a session from one letter exports that letter's claim only");
    assert_eq!(claims[0]["case_number"], ANNA.0);
    assert_eq!(claims[0]["dispute"]["reason"], "wrong_amount");
    assert_eq!(claims[0]["dispute"]["entries"][0]["explanation"], "The fee is too high.");
    assert_eq!(v["documents"][0]["sha256"], hex::encode(Sha256::digest(files::png())));
    assert!(claims[0]["statement_today"]["total_outstanding"].is_string());
    assert!(!v["sign_ins"].as_array().unwrap().is_empty(), "the sign-in history");
    assert_eq!(v["hardship"], serde_json::json!([]));

    let erik = app.session(ERIK.0, ERIK.1).await;
    let theirs: serde_json::Value = app.get_with_cookie("/my-data/export.json", &erik).await.json().await.unwrap();
    assert!(!theirs.to_string().contains("Anna") && !theirs.to_string().contains("The fee is too high"));
    assert_eq!(app.get("/my-data/export.json").await.status(), 401);
}

async fn an_automatic_decision_can_be_sent_to_a_person(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let id = app.claim_id(ANNA.0).await;
    let anna = debtor_of(&app, ANNA.0).await;
    // 60 installments: beyond the creditor's 24, refused by the rules and audited.
    let first = app.today().checked_add_days(Days::new(14)).unwrap().to_string();
    let rec = app.state.store.claim(&id).await.unwrap().unwrap();
    let (creditor, table, claim) = app.state.store.engine_inputs(&rec).await.unwrap();
    let inputs =
        debtor_portal::domain::proposal::PlanInputs { claim, table, policy: creditor.policy, today: app.today() };
    let choice = debtor_portal::domain::proposal::PlanChoice {
        size: debtor_portal::domain::proposal::ChosenSize::Installments { count: 60 },
        first_due: first.parse().unwrap(),
    };
    let shown = inputs.basis().propose(choice).unwrap().plan.fingerprint();
    let r = app
        .post_form(
            &format!("/claims/{id}/plan"),
            &[("mode", "installments"), ("count", "60"), ("first_due", &first), ("shown", &shown)],
            &[("cookie", &cookie)],
        )
        .await;
    assert!(app::App::location(&r).contains("error=plan_rejected"));
    let decision = app
        .state
        .store
        .audit_by(ActorKind::Debtor, anna.as_str())
        .await
        .unwrap()
        .into_iter()
        .find(|a| a.action == AuditAction::PlanRejected)
        .unwrap()
        .id;
    let page = app.get_with_cookie("/my-data", &cookie).await.text().await.unwrap();
    assert!(page.contains(&format!("value=\"{decision}\"")), "the refusal is offered for review");

    let ask = |decision: String, explanation: &'static str| {
        let (app, cookie) = (&app, &cookie);
        async move {
            let r = app
                .post_form(
                    "/my-data/review",
                    &[("decision", &decision), ("explanation", explanation)],
                    &[("cookie", cookie)],
                )
                .await;
            app::App::location(&r)
        }
    };
    assert_eq!(ask(decision.to_string(), " ").await, "/my-data?error=explanation_missing#review");
    assert_eq!(ask("999999".into(), "Please look.").await, "/my-data?error=not_found#review");
    assert!(app.state.store.review_requests_of(&anna).await.unwrap().is_empty());
    assert_eq!(ask(decision.to_string(), "I can pay 100 kr a month, no more.").await, "/my-data?sent=1#reviews");
    let queued = app.state.store.review_requests_of(&anna).await.unwrap();
    assert_eq!(queued.len(), 1);
    assert_eq!(
        (queued[0].decision, queued[0].claim_id.as_ref().map(ClaimId::as_str), queued[0].state),
        (Some(decision), Some(id.as_str()), ReviewState::Pending)
    );
    // Someone else's decision is not theirs to send.
    let erik = app.session(ERIK.0, ERIK.1).await;
    let r = app
        .post_form(
            "/my-data/review",
            &[("decision", &decision.to_string()), ("explanation", "Mine?")],
            &[("cookie", &erik)],
        )
        .await;
    assert_eq!(app::App::location(&r), "/my-data?error=not_found#review");
    let page = app.get_with_cookie("/my-data", &cookie).await.text().await.unwrap();
    assert!(page.contains("Waiting for a person") || page.contains("Väntar på en person"));
    assert!(page.contains("IMY") && page.contains("Datatilsynet") && page.contains("Demo Inkasso AB"));
}

/// The same-origin check covers every state change this issue added, and a refusal changes nothing.
async fn another_sites_page_changes_nothing(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let id = app.claim_id(ANNA.0).await;
    let anna = debtor_of(&app, ANNA.0).await;
    let pairs: Vec<(&str, String)> = vec![
        ("situation", "other".into()),
        ("explanation", "x".into()),
        ("claims", id.to_string()),
        ("consent", "yes".into()),
    ];
    let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        app::App::location(&app.post_multipart("/hardship", hardship_form(&pairs, vec![]), &cookie).await),
        "/hardship?sent=1#current"
    );
    let hardship_id = app.state.store.hardships_of(&anna).await.unwrap()[0].id.clone();
    let audit_before = app.state.store.audit_by(ActorKind::Debtor, anna.as_str()).await.unwrap().len();
    let evil = [("origin", "https://evil.example"), ("cookie", cookie.as_str())];
    let later = app.today().checked_add_days(Days::new(10)).unwrap().to_string();
    for (path, form) in [
        (format!("/claims/{id}/deferral"), vec![("date", later.as_str())]),
        ("/hardship/withdraw".to_owned(), vec![("hardship", hardship_id.as_str())]),
        ("/my-data/review".to_owned(), vec![("decision", ""), ("explanation", "Look again.")]),
    ] {
        let r = app.post_form(&path, &form, &evil).await;
        assert_eq!(r.status(), 403, "{path}");
    }
    for path in [format!("/claims/{id}/dispute"), format!("/claims/{id}/dispute/add"), "/hardship".to_owned()] {
        let r = app
            .client
            .post(format!("{}{path}", app.base))
            .header("cookie", &cookie)
            .header("sec-fetch-site", "cross-site")
            .multipart(Form::new().text("reason", "other").text("explanation", "x"))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{path}");
    }
    assert_eq!(app.state.store.hardships_of(&anna).await.unwrap().len(), 1, "not withdrawn");
    assert!(app.state.store.deferrals_of_claim(&id).await.unwrap().is_empty());
    assert!(app.state.store.dispute_of_claim(&id).await.unwrap().is_none());
    assert!(app.state.store.review_requests_of(&anna).await.unwrap().is_empty());
    assert_eq!(app.state.store.audit_by(ActorKind::Debtor, anna.as_str()).await.unwrap().len(), audit_before);
}

on_both_backends!(
    crate::app::db;
    another_sites_page_changes_nothing,
    a_statement_is_kept_under_consent_and_withdrawing_deletes_it,
    a_statement_without_consent_or_with_bad_fields_stores_nothing,
    my_data_is_one_file_with_everything_and_only_mine,
    an_automatic_decision_can_be_sent_to_a_person,
);
