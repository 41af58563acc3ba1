//! The account an overpaid claim is paid back to (issue 23, deliverable 9), over real HTTP on SQLite
//! and PostgreSQL: the debtor of an overpaid claim gives it on the claim page (a plain form); it is
//! kept sealed, audited without the number, shown masked to the debtor and in full to the
//! creditor's staff and API. Anything wrong is refused with a translated error and nothing stored.
//!
//! The claims are imported through the API (12,000.00, as `claim_json`) and overpaid by a reported
//! payment of 20,000.00, far above anything they can have grown to by today.
#![cfg(feature = "ssr")]

#[path = "support/api_client.rs"]
mod api_client;
#[path = "support/app.rs"]
mod app;
#[path = "support/plan_forms.rs"]
mod plan_forms;
#[path = "support/staff_pages.rs"]
mod staff_pages;

use api_client::{claim_json, key_for, Api, NORDLJUS_ADMIN};
use app::db::TestDb;
use debtor_portal::domain::ids::ClaimId;
use debtor_portal::server::store::{ActorKind, AuditAction};
use plan_forms::{in_days, installments, propose};
use serde_json::json;
use staff_pages::{en, staff_session, text, NORDLJUS_AGENT};

/// Fjellsport Detalj AS, the demo's Norwegian creditor.
const FJELLSPORT: &str = "kreditt@fjellsport.example";

struct Case {
    number: String,
    code: String,
    id: ClaimId,
}

async fn import(app: &app::App, api: &Api<'_>, invoice: &str, debtor: &str) -> Case {
    let a = api.post("/claims", &claim_json(invoice, debtor, "12000.00")).await;
    assert_eq!(a.status, 201, "{}", a.json);
    let c = &a.json["claims"][0];
    let number = c["case_number"].as_str().unwrap().to_owned();
    let id = app.claim_id(&number).await;
    Case { number, code: c["access_code"].as_str().unwrap().to_owned(), id }
}

async fn overpay(app: &app::App, api: &Api<'_>, case: &Case) {
    let body = json!({ "amount": "20000.00", "paid_on": app.today().to_string() });
    let a = api.post(&format!("/claims/{}/payments", case.number), &body).await;
    assert_eq!(a.status, 201, "{}", a.json);
}

async fn give(app: &app::App, case: &Case, cookie: &str, fields: &[(&str, &str)]) -> reqwest::Response {
    app.post_form(&format!("/claims/{}/refund-account", case.id), fields, &[("cookie", cookie)]).await
}

/// The claim page the redirect points to, in English.
async fn page_after(app: &app::App, r: &reqwest::Response, cookie: &str) -> String {
    assert_eq!(r.status(), 303);
    text(en(app, &app::App::location(r), cookie).await).await
}

/// What the database column holds for the claim, as stored.
async fn stored_column(app: &app::App, claim_id: &ClaimId) -> Vec<String> {
    let rows: Vec<(String,)> = sqlx::query_as("SELECT account FROM refund_accounts WHERE claim_id = $1")
        .bind(claim_id)
        .fetch_all(app.state.store.pool())
        .await
        .unwrap();
    rows.into_iter().map(|(a,)| a).collect()
}

async fn refund_lines(app: &app::App, claim_id: &ClaimId) -> Vec<serde_json::Value> {
    let audit = app.state.store.audit_for(claim_id.as_str()).await.unwrap();
    audit.into_iter().filter(|e| e.action == AuditAction::RefundAccountGiven).map(|e| e.detail).collect()
}

async fn a_swedish_account_is_kept_sealed_and_shown_to_debtor_staff_and_api(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let api = key_for(&app, NORDLJUS_ADMIN, "ERP").await;
    let case = import(&app, &api, "R-1001", "Sara Lind").await;
    let cookie = app.session(&case.number, &case.code).await;
    // A proposal gives the creditor's staff a screen of this claim to look at.
    let (r, _) = propose(&app, &case.number, &cookie, &installments(3, in_days(&app, 10))).await;
    assert_eq!(r.status(), 303);
    let proposal = app.state.store.proposals_of_claim(&case.id).await.unwrap().remove(0).id;
    overpay(&app, &api, &case).await;

    let before = text(en(&app, &format!("/claims/{}", case.id), &cookie).await).await;
    assert!(before.contains(r#"data-testid="overpaid""#), "{before}");
    assert!(before.contains(r#"action="/claims/"#) && before.contains(r#"name="clearing""#), "the form: {before}");

    let r = give(&app, &case, &cookie, &[("clearing", "8327-9"), ("account", "123 456 789")]).await;
    assert_eq!(app::App::location(&r), format!("/claims/{}?refund_account=1#refund-account", case.id));
    let page = page_after(&app, &r, &cookie).await;
    assert!(page.contains("We have your account; the creditor pays the overpaid amount back to it."), "{page}");
    assert!(page.contains("•••• 6789"), "masked: {page}");
    assert!(!page.contains("123456789"), "the debtor's page shows only the last digits");

    // The debtor's copy of their data has it whole: it is theirs.
    let export = text(app.get_with_cookie("/my-data/export.json", &cookie).await).await;
    assert!(export.contains(r#""account":"83279, 123456789""#), "{export}");

    let column = stored_column(&app, &case.id).await;
    assert_eq!(column.len(), 1);
    assert!(column[0].starts_with("sealed:") && !column[0].contains("123456789") && !column[0].contains("83279"));

    let debtor = app.claim(&case.number).await.debtor_id;
    let lines = refund_lines(&app, &case.id).await;
    assert_eq!(lines.len(), 1);
    assert!(!lines[0].to_string().contains("123456789"), "{}", lines[0]);
    let by_debtor = app.state.store.audit_by(ActorKind::Debtor, debtor.as_str()).await.unwrap();
    assert!(by_debtor.iter().any(|e| e.action == AuditAction::RefundAccountGiven));

    let staff = staff_session(&app, NORDLJUS_AGENT).await;
    let screen = text(en(&app, &format!("/staff/proposals/{proposal}"), &staff).await).await;
    assert!(
        screen.contains("Overpaid: pay the overpayment back to the debtor&#x27;s account 83279, 123456789.")
            || screen.contains("Overpaid: pay the overpayment back to the debtor's account 83279, 123456789."),
        "{screen}"
    );
    let view = api.get(&format!("/claims/{}", case.number)).await;
    assert_eq!(view.status, 200);
    assert_eq!(view.json["refund_account"], "83279, 123456789");
    // Another creditor's key does not see the claim at all.
    let kvikk = key_for(&app, api_client::KVIKK_AGENT_EMAIL, "Kvikk ERP").await;
    assert_eq!(kvikk.get(&format!("/claims/{}", case.number)).await.status, 404);

    // A new account replaces the first: one row, two audit lines.
    let r = give(&app, &case, &cookie, &[("clearing", "6000"), ("account", "1234567")]).await;
    assert_eq!(app::App::location(&r), format!("/claims/{}?refund_account=1#refund-account", case.id));
    assert_eq!(stored_column(&app, &case.id).await.len(), 1);
    assert_eq!(refund_lines(&app, &case.id).await.len(), 2);
    assert_eq!(api.get(&format!("/claims/{}", case.number)).await.json["refund_account"], "6000, 1234567");
}

async fn bad_accounts_unpaid_claims_strangers_and_no_session_store_nothing(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let api = key_for(&app, NORDLJUS_ADMIN, "ERP").await;
    let over = import(&app, &api, "R-2001", "Sara Lind").await;
    let unpaid = import(&app, &api, "R-2002", "Per Holm").await;
    assert_ne!(app.claim(&over.number).await.debtor_id, app.claim(&unpaid.number).await.debtor_id);
    overpay(&app, &api, &over).await;
    let cookie = app.session(&over.number, &over.code).await;

    let cases = [
        (
            vec![("clearing", "0600"), ("account", "1234567")],
            "refund_clearing_invalid",
            "The clearing number is 4 digits (Swedbank: 5, starting with 8). Nothing was saved.",
        ),
        (vec![("clearing", "6000"), ("account", "123456")], "refund_account_invalid", "That is not an account number"),
        (vec![("account", "1234567")], "refund_clearing_invalid", "The clearing number is 4 digits"),
    ];
    for (fields, code, words) in cases {
        let r = give(&app, &over, &cookie, &fields).await;
        assert_eq!(app::App::location(&r), format!("/claims/{}?refund_error={code}#refund-account", over.id));
        let page = page_after(&app, &r, &cookie).await;
        assert!(page.contains(r#"data-testid="refund-account-error""#) && page.contains(words), "{code}: {page}");
    }

    // The other claim's own debtor: not overpaid, nothing to pay back.
    let other = app.session(&unpaid.number, &unpaid.code).await;
    let r = give(&app, &unpaid, &other, &[("clearing", "6000"), ("account", "1234567")]).await;
    assert_eq!(app::App::location(&r), format!("/claims/{}?refund_error=nothing_to_refund#refund-account", unpaid.id));
    let page = page_after(&app, &r, &other).await;
    assert!(page.contains("This claim is not overpaid, so there is nothing to pay back. Nothing was saved."), "{page}");
    assert!(!page.contains(r#"name="clearing""#), "no form for a claim that is not overpaid");

    // Someone else's claim is not found; without a session, the way to sign in.
    let r = give(&app, &over, &other, &[("clearing", "6000"), ("account", "1234567")]).await;
    assert_eq!(r.status(), 404);
    let r = app
        .post_form(&format!("/claims/{}/refund-account", over.id), &[("clearing", "6000"), ("account", "1234567")], &[])
        .await;
    assert_eq!(app::App::location(&r), "/?error=unauthenticated#sign-in");

    for case in [&over, &unpaid] {
        assert!(stored_column(&app, &case.id).await.is_empty(), "nothing stored for {}", case.number);
        assert!(refund_lines(&app, &case.id).await.is_empty());
        assert_eq!(api.get(&format!("/claims/{}", case.number)).await.json["refund_account"], json!(null));
    }
}

async fn a_norwegian_account_needs_its_mod11_check_digit(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let api = key_for(&app, FJELLSPORT, "Fjellsport ERP").await;
    let case = import(&app, &api, "KV-3001", "Ola Nordmann").await;
    overpay(&app, &api, &case).await;
    let cookie = app.session(&case.number, &case.code).await;

    let page = text(en(&app, &format!("/claims/{}", case.id), &cookie).await).await;
    assert!(page.contains(r#"name="account""#) && !page.contains(r#"name="clearing""#), "{page}");

    // 1234567890 weighs 195; 195 mod 11 = 8, so the check digit is 3, not 4.
    let r = give(&app, &case, &cookie, &[("account", "1234.56.78904")]).await;
    assert_eq!(
        app::App::location(&r),
        format!("/claims/{}?refund_error=refund_account_invalid#refund-account", case.id)
    );
    assert!(stored_column(&app, &case.id).await.is_empty());

    let r = give(&app, &case, &cookie, &[("account", "1234.56.78903")]).await;
    let page = page_after(&app, &r, &cookie).await;
    assert!(page.contains("•••• 8903") && !page.contains("12345678903"), "{page}");
    assert_eq!(api.get(&format!("/claims/{}", case.number)).await.json["refund_account"], "1234.56.78903");
    assert_eq!(refund_lines(&app, &case.id).await.len(), 1);
}

on_both_backends!(
    crate::app::db;
    a_swedish_account_is_kept_sealed_and_shown_to_debtor_staff_and_api,
    bad_accounts_unpaid_claims_strangers_and_no_session_store_nothing,
    a_norwegian_account_needs_its_mod11_check_digit,
);
