//! Disputes, their evidence and deferrals over real HTTP, on SQLite and PostgreSQL: a dispute
//! pauses the claim at once and shows a receipt; documents are checked by content, sealed in the
//! database and served only to their debtor; every refused submission changes nothing.
#![cfg(feature = "ssr")]

#[path = "support/app.rs"]
mod app;
#[path = "support/files.rs"]
mod files;

use app::db::TestDb;
use chrono::{Days, NaiveDate};
use debtor_portal::domain::dispute::DisputeReason;
use debtor_portal::domain::timeline::pay_by;
use debtor_portal::domain::ClaimStatus;
use debtor_portal::server::store::{AuditAction, DeferralState, DisputeState, ProposalState};
use reqwest::multipart::{Form, Part};

/// Anna (Swedish): 40010001. Erik: 40010002. Paid in full: 40010007.
const ANNA: (&str, &str) = ("40010001", "K7QM-4TXP");
const ERIK: (&str, &str) = ("40010002", "R3WZ-8HNC");
const PAID: (&str, &str) = ("40010007", "C3JE-5WYU");

fn file(name: &str, content: Vec<u8>, declared: &str) -> Part {
    Part::bytes(content).file_name(name.to_owned()).mime_str(declared).unwrap()
}

fn dispute_form(reason: &str, explanation: &str, parts: Vec<Part>) -> Form {
    let mut form = Form::new().text("reason", reason.to_owned()).text("explanation", explanation.to_owned());
    for p in parts {
        form = form.part("files", p);
    }
    form
}

async fn dispute(app: &app::App, case: &str, form: Form, cookie: &str) -> reqwest::Response {
    let id = app.claim_id(case).await;
    app.post_multipart(&format!("/claims/{id}/dispute"), form, cookie).await
}

async fn page(app: &app::App, path: &str, cookie: &str) -> String {
    let r = app
        .client
        .get(format!("{}{path}", app.base))
        .header("cookie", cookie)
        .header("accept-language", "en")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{path}");
    r.text().await.unwrap()
}

async fn disputes_stored(app: &app::App) -> i64 {
    let row: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM disputes").fetch_one(app.state.store.pool()).await.unwrap();
    row.0
}

async fn a_dispute_pauses_the_claim_at_once_and_its_receipt_says_what_was_sent(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let id = app.claim_id(ANNA.0).await;
    let explanation = "I paid this on 3 October; the receipt is attached.\r\nKvittot är från Swish.";
    let form = dispute_form(
        "already_paid",
        explanation,
        vec![
            file("kvitto oktober.pdf", files::pdf(), "application/pdf"),
            file("../skärmbild.PNG", files::png(), "image/png"),
        ],
    );
    let r = dispute(&app, ANNA.0, form, &cookie).await;
    assert_eq!(r.status(), 303);
    assert_eq!(app::App::location(&r), format!("/claims/{id}/dispute?sent=1#receipt"));
    assert_eq!(app.status(ANNA.0).await, ClaimStatus::Disputed);

    let d = app.state.store.dispute_of_claim(&id).await.unwrap().unwrap();
    assert_eq!(
        (d.reason, d.state, d.status_before),
        (DisputeReason::AlreadyPaid, DisputeState::Open, ClaimStatus::DemandSent)
    );
    assert_eq!(d.entries.len(), 1);
    assert_eq!(
        d.entries[0].explanation.as_str(),
        "I paid this on 3 October; the receipt is attached.\nKvittot är från Swish."
    );
    let names: Vec<_> = d.entries[0].documents.iter().map(|doc| doc.name.as_str()).collect();
    assert_eq!(names, ["kvitto oktober.pdf", "skärmbild.png"]);
    let stored = app.get_with_cookie(&format!("/documents/{}", d.entries[0].documents[0].id), &cookie).await;
    assert_eq!(stored.bytes().await.unwrap().as_ref(), files::pdf().as_slice(), "the file as it was sent");

    let receipt = page(&app, &format!("/claims/{id}/dispute?sent=1"), &cookie).await;
    for shown in [
        d.reference.as_str(),
        "Your dispute has been received",
        "Already paid",
        "kvitto oktober.pdf",
        "district court",
        "Kvittot är från Swish.",
    ] {
        assert!(receipt.contains(shown), "the receipt shows {shown}");
    }
    assert!(!receipt.contains("Send dispute"), "no second dispute is offered");
    let claim = page(&app, &format!("/claims/{id}"), &cookie).await;
    assert!(claim.contains("Disputed – collection paused") && claim.contains(&d.reference));
    assert!(claim.contains("You disputed the claim"), "the timeline shows the step");
    assert!(!claim.contains("Propose an installment plan") && !claim.contains("Ask for more time"));
    assert!(page(&app, "/claims", &cookie).await.contains("Disputed – collection paused"));

    let audit = app.state.store.audit_for(id.as_str()).await.unwrap();
    let line = audit.iter().find(|a| a.action == AuditAction::DisputeOpened).expect("audited");
    assert_eq!(line.detail["reference"], d.reference.as_str());
    assert!(!line.detail.to_string().contains("Swish"), "what the debtor wrote stays out of the log");
}

async fn documents_are_sealed_and_open_only_for_their_debtor(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let anna = app.session(ANNA.0, ANNA.1).await;
    let form =
        dispute_form("wrong_amount", "The fee is wrong.", vec![file("räkning.pdf", files::pdf(), "application/pdf")]);
    assert_eq!(dispute(&app, ANNA.0, form, &anna).await.status(), 303);
    let d = app.state.store.dispute_of_claim(&app.claim_id(ANNA.0).await).await.unwrap().unwrap();
    let doc = &d.entries[0].documents[0];

    let stored: (Vec<u8>, String) = sqlx::query_as("SELECT ciphertext, key_id FROM documents WHERE id = $1")
        .bind(&doc.id)
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    assert!(!stored.0.windows(5).any(|w| w == b"%PDF-"), "the database holds no plain content");
    assert_eq!(stored.1, "local");

    let r = app.get_with_cookie(&format!("/documents/{}", doc.id), &anna).await;
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/pdf");
    assert_eq!(r.headers()["x-content-type-options"], "nosniff");
    let disposition = r.headers()["content-disposition"].to_str().unwrap().to_owned();
    assert!(disposition.starts_with("attachment;") && disposition.contains("r%C3%A4kning.pdf"), "{disposition}");
    assert_eq!(r.bytes().await.unwrap().to_vec(), files::pdf());

    let erik = app.session(ERIK.0, ERIK.1).await;
    let r = app.get_with_cookie(&format!("/documents/{}", doc.id), &erik).await;
    assert_eq!(r.status(), 404, "another debtor cannot read it by its address");
    assert_eq!(app.get(&format!("/documents/{}", doc.id)).await.status(), 401);
    assert_eq!(app.get_with_cookie("/documents/nonexistent", &anna).await.status(), 404);
}

async fn refused_submissions_are_explained_and_change_nothing(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let pdf = || file("a.pdf", files::pdf(), "application/pdf");
    let six: Vec<Part> = (0..6).map(|_| pdf()).collect();
    let cases: Vec<(&str, Form)> = vec![
        ("reason_missing", dispute_form("", "Wrong.", vec![])),
        ("reason_missing", dispute_form("because", "Wrong.", vec![])),
        ("explanation_missing", dispute_form("other", " \n ", vec![])),
        ("explanation_too_long", dispute_form("other", &"å".repeat(5001), vec![])),
        (
            "file_type_not_allowed",
            dispute_form("other", "See file.", vec![file("faktura.pdf", files::html_named_pdf(), "application/pdf")]),
        ),
        (
            "file_type_not_allowed",
            dispute_form("other", "See file.", vec![file("bild.svg", files::svg(), "image/svg+xml")]),
        ),
        (
            "file_type_not_allowed",
            dispute_form("other", "See file.", vec![pdf(), file("kvitton.zip", files::zip(), "application/zip")]),
        ),
        ("file_empty", dispute_form("other", "See file.", vec![file("tom.pdf", Vec::new(), "application/pdf")])),
        ("too_many_files", dispute_form("other", "See files.", six)),
        (
            "file_too_large",
            dispute_form("other", "See file.", vec![file("stor.pdf", files::oversized_pdf(), "application/pdf")]),
        ),
    ];
    let id = app.claim_id(ANNA.0).await;
    for (code, form) in cases {
        let r = dispute(&app, ANNA.0, form, &cookie).await;
        assert_eq!(r.status(), 303, "{code}");
        assert_eq!(app::App::location(&r), format!("/claims/{id}/dispute?error={code}#dispute-form"));
        assert_eq!(app.status(ANNA.0).await, ClaimStatus::DemandSent, "{code}");
        assert_eq!((disputes_stored(&app).await, app.state.store.document_count().await.unwrap()), (0, 0), "{code}");
    }
    let shown = page(&app, &format!("/claims/{id}/dispute?error=file_type_not_allowed"), &cookie).await;
    assert!(shown.contains("is not a PDF, JPEG or PNG") && shown.contains("Nothing was sent"));
    let sv = app
        .client
        .get(format!("{}/claims/{id}/dispute?error=too_many_files", app.base))
        .header("cookie", &cookie)
        .header("accept-language", "sv")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(sv.contains("Du kan skicka högst 5 filer"), "translated");

    // Not a multipart form at all, and one from another site.
    let r = app
        .post_form(
            &format!("/claims/{id}/dispute"),
            &[("reason", "other"), ("explanation", "x")],
            &[("cookie", &cookie)],
        )
        .await;
    assert_eq!(app::App::location(&r), format!("/claims/{id}/dispute?error=request_failed#dispute-form"));
    let r = app
        .client
        .post(format!("{}/claims/{id}/dispute", app.base))
        .header("cookie", &cookie)
        .header("origin", "https://evil.example")
        .multipart(dispute_form("other", "x", vec![]))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(disputes_stored(&app).await, 0);
}

async fn only_the_debtor_can_dispute_and_only_an_open_claim(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let erik = app.session(ERIK.0, ERIK.1).await;
    let r = dispute(&app, ANNA.0, dispute_form("not_my_debt", "Not mine.", vec![]), &erik).await;
    assert_eq!(r.status(), 404, "Anna's claim does not exist for Erik");
    let r = app
        .client
        .post(format!("{}/claims/{}/dispute", app.base, app.claim_id(ANNA.0).await))
        .multipart(dispute_form("not_my_debt", "Not mine.", vec![]))
        .send()
        .await
        .unwrap();
    assert_eq!(app::App::location(&r), "/?error=unauthenticated#sign-in");
    let paid = app.session(PAID.0, PAID.1).await;
    let r = dispute(&app, PAID.0, dispute_form("other", "Closed?", vec![]), &paid).await;
    assert!(app::App::location(&r).contains("error=claim_closed"));
    assert_eq!(disputes_stored(&app).await, 0);

    let anna = app.session(ANNA.0, ANNA.1).await;
    assert_eq!(dispute(&app, ANNA.0, dispute_form("other", "First.", vec![]), &anna).await.status(), 303);
    let r = dispute(&app, ANNA.0, dispute_form("other", "Again.", vec![]), &anna).await;
    assert!(app::App::location(&r).contains("error=already_disputed"));
    assert_eq!(disputes_stored(&app).await, 1);
}

async fn information_and_files_can_be_added_later(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let id = app.claim_id(ANNA.0).await;
    assert_eq!(
        dispute(&app, ANNA.0, dispute_form("not_received", "Never delivered.", vec![]), &cookie).await.status(),
        303
    );
    app.state.clock.advance(20 * 60);
    let add = |parts| {
        let mut f = Form::new().text("explanation", "The shop confirms it was never sent.");
        for p in parts {
            f = f.part("files", p);
        }
        f
    };
    let r = app
        .post_multipart(
            &format!("/claims/{id}/dispute/add"),
            add(vec![file("mejl.jpg", files::jpeg(), "image/jpeg")]),
            &cookie,
        )
        .await;
    assert_eq!(app::App::location(&r), format!("/claims/{id}/dispute?added=1#receipt"));
    let d = app.state.store.dispute_of_claim(&id).await.unwrap().unwrap();
    assert_eq!(d.entries.len(), 2);
    assert_eq!(d.entries[1].documents[0].name, "mejl.jpg");
    let claim = page(&app, &format!("/claims/{id}"), &cookie).await;
    assert!(claim.contains("You added information to your dispute"));
    let r = app
        .post_multipart(
            &format!("/claims/{id}/dispute/add"),
            add(vec![file("x.pdf", files::svg(), "application/pdf")]),
            &cookie,
        )
        .await;
    assert!(app::App::location(&r).contains("error=file_type_not_allowed#add-form"));
    assert_eq!(app.state.store.dispute_of_claim(&id).await.unwrap().unwrap().entries.len(), 2);
    // Erik's claim has no dispute to add to.
    let erik = app.session(ERIK.0, ERIK.1).await;
    let erik_claim = app.claim_id(ERIK.0).await;
    let r = app.post_multipart(&format!("/claims/{erik_claim}/dispute/add"), add(vec![]), &erik).await;
    assert!(app::App::location(&r).contains("error=not_found"));
}

async fn a_dispute_pauses_plans_and_deferrals(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ERIK.0, ERIK.1).await;
    let id = app.claim_id(ERIK.0).await;
    // A proposal waiting for the creditor (18 installments is beyond the automatic 12).
    let first = app.today().checked_add_days(Days::new(14)).unwrap();
    let r = app
        .post_form(
            &format!("/claims/{id}/plan"),
            &[("mode", "installments"), ("count", "18"), ("first_due", &first.to_string()), ("shown", "")],
            &[("cookie", &cookie)],
        )
        .await;
    let review = app::App::location(&r);
    assert!(review.contains("review=1"), "{review}");
    let rec = app.claim(ERIK.0).await;
    let (_, table, claim) = app.state.store.engine_inputs(&rec).await.unwrap();
    let creditor = app.state.store.creditor(&rec.creditor_id).await.unwrap().unwrap();
    let inputs =
        debtor_portal::domain::proposal::PlanInputs { claim, table, policy: creditor.policy, today: app.today() };
    let choice = debtor_portal::domain::proposal::PlanChoice {
        size: debtor_portal::domain::proposal::ChosenSize::Installments { count: 18 },
        first_due: first,
    };
    let shown = inputs.basis().propose(choice).unwrap().plan.fingerprint();
    app.post_form(
        &format!("/claims/{id}/plan"),
        &[("mode", "installments"), ("count", "18"), ("first_due", &first.to_string()), ("shown", &shown)],
        &[("cookie", &cookie)],
    )
    .await;
    assert_eq!(app.status(ERIK.0).await, ClaimStatus::PlanProposed);

    assert_eq!(dispute(&app, ERIK.0, dispute_form("wrong_amount", "Too much.", vec![]), &cookie).await.status(), 303);
    let d = app.state.store.dispute_of_claim(&id).await.unwrap().unwrap();
    assert_eq!(d.status_before, ClaimStatus::DemandSent, "what the claim was before the proposal");
    let proposals = app.state.store.proposals_of_claim(&id).await.unwrap();
    assert_eq!(proposals[0].state, ProposalState::Withdrawn, "the waiting proposal is moot");

    let r = app
        .post_form(
            &format!("/claims/{id}/plan"),
            &[("mode", "installments"), ("count", "6"), ("first_due", &first.to_string()), ("shown", "")],
            &[("cookie", &cookie)],
        )
        .await;
    assert!(app::App::location(&r).contains("error=claim_disputed"));
    let later = app.today().checked_add_days(Days::new(20)).unwrap().to_string();
    let r = app.post_form(&format!("/claims/{id}/deferral"), &[("date", &later)], &[("cookie", &cookie)]).await;
    assert_eq!(app::App::location(&r), format!("/claims/{id}?deferral_error=claim_disputed#deferral"));
    assert!(app.state.store.deferrals_of_claim(&id).await.unwrap().is_empty());
    assert_eq!(app.state.store.proposals_of_claim(&id).await.unwrap().len(), 1);
}

async fn current_pay_by(app: &app::App, case: &str) -> NaiveDate {
    let rec = app.claim(case).await;
    let creditor = app.state.store.creditor(&rec.creditor_id).await.unwrap().unwrap();
    let granted = app
        .state
        .store
        .deferrals_of_claim(&rec.id)
        .await
        .unwrap()
        .into_iter()
        .filter(|d| d.state == DeferralState::Granted)
        .map(|d| d.requested_date)
        .max();
    pay_by(creditor.country, rec.demand_sent_on, granted, app.today())
}

async fn one_deferral_within_the_policy_is_granted_at_once(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let id = app.claim_id(ANNA.0).await;
    let path = format!("/claims/{id}/deferral");
    let ask = |date: String| {
        let (app, path, cookie) = (&app, &path, &cookie);
        async move { app::App::location(&app.post_form(path, &[("date", &date)], &[("cookie", cookie)]).await) }
    };
    let before = current_pay_by(&app, ANNA.0).await;
    let max_days = app
        .state
        .store
        .creditor(&app.state.store.claim(&id).await.unwrap().unwrap().creditor_id)
        .await
        .unwrap()
        .unwrap()
        .policy
        .terms()
        .max_deferral_days;
    for (date, code) in [
        (String::new(), "deferral_date_missing"),
        ("31/12".to_owned(), "deferral_date_missing"),
        (before.to_string(), "deferral_not_later"),
        (before.checked_add_days(Days::new(400)).unwrap().to_string(), "deferral_too_far"),
    ] {
        assert_eq!(ask(date).await, format!("/claims/{id}?deferral_error={code}#deferral"));
    }
    assert!(app.state.store.deferrals_of_claim(&id).await.unwrap().is_empty(), "refusals change nothing");

    let granted = before.checked_add_days(Days::new(u64::from(max_days))).unwrap();
    assert_eq!(ask(granted.to_string()).await, format!("/claims/{id}?deferral_granted=1#deferral"));
    assert_eq!(current_pay_by(&app, ANNA.0).await, granted);
    let claim = page(&app, &format!("/claims/{id}"), &cookie).await;
    assert!(claim.contains(&format!("datetime=\"{granted}\"")), "the timeline's deadline moved");
    assert!(claim.contains("A later pay-by date was granted"));

    // The one automatic deferral is used: the next request waits for the creditor, and only one may wait.
    let again = granted.checked_add_days(Days::new(5)).unwrap();
    app.state.clock.advance(60);
    assert_eq!(ask(again.to_string()).await, format!("/claims/{id}?deferral_sent=1#deferral"));
    let all = app.state.store.deferrals_of_claim(&id).await.unwrap();
    assert_eq!(all.iter().map(|d| d.state).collect::<Vec<_>>(), [DeferralState::Granted, DeferralState::Pending]);
    assert_eq!(current_pay_by(&app, ANNA.0).await, granted, "a pending request moves nothing");
    assert_eq!(ask(again.to_string()).await, format!("/claims/{id}?deferral_error=deferral_pending#deferral"));
    assert!(page(&app, &format!("/claims/{id}"), &cookie).await.contains("waits for the creditor"));
    let audit = app.state.store.audit_for(id.as_str()).await.unwrap();
    assert!(audit.iter().any(|a| a.action == AuditAction::DeferralGranted));
    assert!(audit.iter().any(|a| a.action == AuditAction::DeferralRequested));
}

async fn a_deferral_beyond_the_policy_waits_for_the_creditor(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session(ERIK.0, ERIK.1).await;
    let id = app.claim_id(ERIK.0).await;
    let before = current_pay_by(&app, ERIK.0).await;
    let far = before.checked_add_days(Days::new(200)).unwrap();
    let r =
        app.post_form(&format!("/claims/{id}/deferral"), &[("date", &far.to_string())], &[("cookie", &cookie)]).await;
    assert_eq!(app::App::location(&r), format!("/claims/{id}?deferral_sent=1#deferral"));
    assert_eq!(current_pay_by(&app, ERIK.0).await, before);
    let anna = app.session(ANNA.0, ANNA.1).await;
    let r = app.post_form(&format!("/claims/{id}/deferral"), &[("date", &far.to_string())], &[("cookie", &anna)]).await;
    assert_eq!(r.status(), 404, "not Anna's claim");
}

on_both_backends!(
    crate::app::db;
    a_dispute_pauses_the_claim_at_once_and_its_receipt_says_what_was_sent,
    documents_are_sealed_and_open_only_for_their_debtor,
    refused_submissions_are_explained_and_change_nothing,
    only_the_debtor_can_dispute_and_only_an_open_claim,
    information_and_files_can_be_added_later,
    a_dispute_pauses_plans_and_deferrals,
    one_deferral_within_the_policy_is_granted_at_once,
    a_deferral_beyond_the_policy_waits_for_the_creditor,
);
