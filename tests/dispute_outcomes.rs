//! How disputes end, over real HTTP on SQLite and PostgreSQL (issue 23, deliverable 4): a rejected
//! dispute of the whole claim leaves it contested (no ordinary collection, no fee, no plan; the
//! page names the conciliation board in Norway and the court or Kronofogden in Sweden); a debtor
//! may dispute again with new information; a partial dispute pauses only its part, and the page
//! and the API ask for the same rest; a part that does not hold is refused and nothing is stored.
//!
//! Amounts at the test clock (2026-11-23), worked out by hand:
//! - Anna, 40010001 (SE, reference rate 2.00 + 8 = 10 %, act/365): principal 2,485.00 due
//!   2026-10-24, 30 days of interest 2485 × 10 × 30 / 36500 = 20.42; fees reminder 60.00 (line 0)
//!   and collection fee 180.00 (line 1): total 2,745.42.
//! - 40020001 (NO, forsinkelsesrente 12.00, act/act): principal 3,499.00 due 2026-10-14, 40 days
//!   3499 × 12 × 40 / 36500 = 46.01; fees purregebyr 35.00 and salær 560.00: total 4,140.01.
#![cfg(feature = "ssr")]

#[path = "support/api_client.rs"]
mod api_client;
#[path = "support/app.rs"]
mod app;
#[path = "support/plan_forms.rs"]
mod plan_forms;
#[path = "support/staff_pages.rs"]
mod staff_pages;

use api_client::{key_for, NORDLJUS_ADMIN};
use app::db::TestDb;
use debtor_portal::domain::dispute_part::DisputedPart;
use debtor_portal::domain::ids::ClaimId;
use debtor_portal::domain::{ClaimStatus, Money};
use debtor_portal::server::store::{AuditAction, DisputeState};
use reqwest::multipart::Form;
use staff_pages::{en, staff_session, text, ANNA, NORDLJUS_AGENT};

const NORA: (&str, &str) = ("40020001", "T8BV-3MRA");
const FJELLSPORT_AGENT: (&str, &str) = ("kreditt@fjellsport.example", "demo-fjellsport-2026");
const FJELLSPORT_AGENT_EMAIL: &str = "kreditt@fjellsport.example";

fn form(reason: &str, explanation: &str, part: Option<(&str, &str)>) -> Form {
    let form = Form::new().text("reason", reason.to_owned()).text("explanation", explanation.to_owned());
    match part {
        Some((part, amount)) => form.text("part", part.to_owned()).text("part_amount", amount.to_owned()),
        None => form,
    }
}

/// Sends a dispute; returns where the server sent the browser.
async fn dispute(app: &app::App, case: &str, cookie: &str, form: Form) -> String {
    let id = app.claim_id(case).await;
    let r = app.post_multipart(&format!("/claims/{id}/dispute"), form, cookie).await;
    assert_eq!(r.status(), 303);
    app::App::location(&r)
}

/// The agent rejects the claim's open dispute through the staff screen.
async fn reject(app: &app::App, case: &str, agent: (&str, &str), why: &str) {
    let staff = staff_session(app, agent).await;
    let d = app.state.store.dispute_of_claim(&app.claim_id(case).await).await.unwrap().unwrap();
    let form = [("outcome", "rejected"), ("note", why)];
    let r = app.post_form(&format!("/staff/disputes/{}/decision", d.id), &form, &[("cookie", &staff)]).await;
    assert_eq!(app::App::location(&r), format!("/staff/disputes/{}?decided=1#decision", d.id));
}

async fn page_in(app: &app::App, path: &str, cookie: &str, locale: &str) -> String {
    let r = en(app, path, &format!("{cookie}; i18n_pref_locale={locale}")).await;
    assert_eq!(r.status(), 200, "{path}");
    text(r).await
}

async fn count(app: &app::App, sql: &str, claim_id: &ClaimId) -> i64 {
    let (n,): (i64,) = sqlx::query_as(sql).bind(claim_id).fetch_one(app.state.store.pool()).await.unwrap();
    n
}

async fn fees_of(app: &app::App, claim_id: &ClaimId) -> i64 {
    count(app, "SELECT COUNT(*) FROM fees WHERE claim_id = $1", claim_id).await
}

async fn disputes_of(app: &app::App, claim_id: &ClaimId) -> i64 {
    count(app, "SELECT COUNT(*) FROM disputes WHERE claim_id = $1", claim_id).await
}

fn shows_amount(page: &str, test_id: &str, amount: &str) -> bool {
    page.contains(&format!(r#"data-testid="{test_id}" data-amount="{amount}""#))
}

async fn a_norwegian_rejected_dispute_leaves_the_claim_contested_before_the_conciliation_board(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let nora = app.session(NORA.0, NORA.1).await;
    let id = app.claim_id(NORA.0).await;
    let sent = dispute(&app, NORA.0, &nora, form("not_received", "Sykkelen ble aldri levert.", None)).await;
    assert_eq!(sent, format!("/claims/{id}/dispute?sent=1#receipt"));
    assert_eq!(app.status(NORA.0).await, ClaimStatus::Disputed);
    reject(&app, NORA.0, FJELLSPORT_AGENT, "Sporingen viser levering 12. oktober.").await;

    assert_eq!(app.status(NORA.0).await, ClaimStatus::Contested);
    assert_eq!(fees_of(&app, &id).await, 2, "no fee is booked on a contested claim");
    let claim_en = page_in(&app, &format!("/claims/{id}"), &nora, "en").await;
    assert!(shows_amount(&claim_en, "total-outstanding", "4140.01"), "{claim_en}");
    assert!(claim_en.contains(r#"data-testid="contested-notice" data-country="NO""#), "{claim_en}");
    assert!(claim_en.contains("conciliation board (forliksrådet)"), "{claim_en}");
    assert!(claim_en.contains("Dispute rejected – the creditor maintains the claim"), "the status says so");
    // The timeline: the way on, and no ordinary collection step.
    assert!(claim_en
        .contains("Ordinary collection stays stopped. The creditor may bring the claim to the conciliation board"));
    for ordinary in ["Last day to pay or dispute the claim", "Legal collection may start", "Collection is paused while"]
    {
        assert!(!claim_en.contains(ordinary), "no step '{ordinary}'");
    }
    assert!(claim_en.contains("no plan can be proposed here"), "{claim_en}");
    assert!(claim_en.contains("You can still pay."), "paying is explained");
    let claim_nb = page_in(&app, &format!("/claims/{id}"), &nora, "nb").await;
    assert!(claim_nb.contains("kreditor bringe kravet inn for forliksrådet"), "{claim_nb}");
    let dispute_nb = page_in(&app, &format!("/claims/{id}/dispute"), &nora, "nb").await;
    assert!(dispute_nb.contains("forliksrådet") && dispute_nb.contains("Sporingen viser levering"), "{dispute_nb}");
    assert!(page_in(&app, "/claims", &nora, "en").await.contains("conciliation board"), "My claims: next step");

    // No plan: the form is refused with its own code, nothing stored.
    let choice = plan_forms::installments(3, plan_forms::in_days(&app, 10));
    let r = plan_forms::post(&app, &format!("/claims/{id}/plan"), &plan_forms::form(&choice, "-"), &nora).await;
    assert!(app::App::location(&r).contains("claim_contested"), "{}", app::App::location(&r));
    assert!(app.state.store.open_proposal(&id).await.unwrap().is_none());

    // The staff side and the API show the state.
    let agent = staff_session(&app, FJELLSPORT_AGENT).await;
    let d = app.state.store.dispute_of_claim(&id).await.unwrap().unwrap();
    let screen = text(en(&app, &format!("/staff/disputes/{}", d.id), &agent).await).await;
    assert!(screen.contains("Dispute rejected – the creditor maintains the claim"), "{screen}");
    let api = key_for(&app, FJELLSPORT_AGENT_EMAIL, "outcomes").await;
    let a = api.get(&format!("/claims/{}", NORA.0)).await;
    assert_eq!(a.status, 200, "{}", a.json);
    assert_eq!(
        (a.json["status"].as_str(), a.json["disputed_amount"].as_str(), a.json["payable_now"].as_str()),
        (Some("contested"), Some("4140.01"), Some("0.00")),
        "{}",
        a.json
    );
}

async fn a_swedish_rejected_dispute_names_court_or_kronofogden_and_may_be_disputed_anew(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let anna = app.session(ANNA.0, ANNA.1).await;
    let id = app.claim_id(ANNA.0).await;
    dispute(&app, ANNA.0, &anna, form("already_paid", "Betalt med Swish 3 oktober.", None)).await;
    reject(&app, ANNA.0, NORDLJUS_AGENT, "Swish-betalningen gällde en annan faktura.").await;
    assert_eq!(app.status(ANNA.0).await, ClaimStatus::Contested);
    assert_eq!(fees_of(&app, &id).await, 2);

    let claim = page_in(&app, &format!("/claims/{id}"), &anna, "en").await;
    assert!(claim.contains(r#"data-testid="contested-notice" data-country="SE""#), "{claim}");
    assert!(claim.contains("apply to Kronofogden for a payment order, where you can dispute it again"), "{claim}");
    assert!(!claim.contains("From this day at the earliest the creditor may apply to Kronofogden"), "no ordinary step");
    assert!(shows_amount(&claim, "pay-amount", "2745.42"), "the whole amount settles it");
    let claim_sv = page_in(&app, &format!("/claims/{id}"), &anna, "sv").await;
    assert!(claim_sv.contains("betalningsföreläggande hos Kronofogden"), "{claim_sv}");
    let page = page_in(&app, &format!("/claims/{id}/dispute"), &anna, "en").await;
    assert!(page.contains(r#"data-testid="dispute-again""#) && page.contains("Send dispute"), "{page}");
    assert!(page.contains("interest keeps running on the amount until it is paid"), "{page}");

    // The same words again are no new information: refused, nothing stored.
    let same = form("already_paid", "betalt med  swish 3 OKTOBER.", None);
    assert_eq!(
        dispute(&app, ANNA.0, &anna, same).await,
        format!("/claims/{id}/dispute?error=dispute_not_new#dispute-form")
    );
    assert_eq!((disputes_of(&app, &id).await, app.status(ANNA.0).await), (1, ClaimStatus::Contested));
    let shown = page_in(&app, &format!("/claims/{id}/dispute?error=dispute_not_new"), &anna, "en").await;
    assert!(shown.contains("tell us something new"), "translated");

    // New information opens a new dispute, which pauses the claim again for the creditor to decide.
    let new = form("already_paid", "Bifogar kontoutdrag: betalningen avsåg just denna faktura.", None);
    assert_eq!(dispute(&app, ANNA.0, &anna, new).await, format!("/claims/{id}/dispute?sent=1#receipt"));
    assert_eq!((disputes_of(&app, &id).await, app.status(ANNA.0).await), (2, ClaimStatus::Disputed));
    let second = app.state.store.dispute_of_claim(&id).await.unwrap().unwrap();
    assert_eq!(
        (second.state, second.status_before, second.part),
        (DisputeState::Open, ClaimStatus::Contested, DisputedPart::Whole)
    );
    let audit = app.state.store.audit_for(id.as_str()).await.unwrap();
    assert_eq!(audit.iter().filter(|a| a.action == AuditAction::DisputeOpened).count(), 2);
    reject(&app, ANNA.0, NORDLJUS_AGENT, "Kontoutdraget visar en annan mottagare.").await;
    assert_eq!(app.status(ANNA.0).await, ClaimStatus::Contested);
    assert_eq!(fees_of(&app, &id).await, 2, "still no fee");
}

async fn a_disputed_fee_line_is_paused_and_the_rest_stays_payable(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let anna = app.session(ANNA.0, ANNA.1).await;
    let id = app.claim_id(ANNA.0).await;
    let form_page = page_in(&app, &format!("/claims/{id}/dispute"), &anna, "en").await;
    assert!(form_page.contains(r#"value="fee-1""#) && form_page.contains("SEK 180.00 left to pay"), "{form_page}");
    let sent = dispute(&app, ANNA.0, &anna, form("wrong_amount", "Inkassoavgiften är fel.", Some(("fee-1", "")))).await;
    assert_eq!(sent, format!("/claims/{id}/dispute?sent=1#receipt"));
    assert_eq!(app.status(ANNA.0).await, ClaimStatus::DemandSent, "only the part is paused");
    let d = app.state.store.dispute_of_claim(&id).await.unwrap().unwrap();
    assert_eq!((d.state, d.part), (DisputeState::Open, DisputedPart::Fee(1)));

    // 2,745.42 − 180.00 = 2,565.42, on the page and in the API.
    let claim = page_in(&app, &format!("/claims/{id}"), &anna, "en").await;
    assert!(shows_amount(&claim, "total-outstanding", "2745.42"), "{claim}");
    assert!(shows_amount(&claim, "pay-amount", "2565.42"), "{claim}");
    assert!(
        claim.contains("The fee “Collection fee (inkassoavgift)” (SEK 180.00) is paused by your dispute"),
        "{claim}"
    );
    assert!(claim.contains("Last day to pay or dispute the claim"), "the rest goes on as before");
    assert!(claim.contains("The part you disputed is paused"), "{claim}");
    let api = key_for(&app, NORDLJUS_ADMIN, "outcomes").await;
    let a = api.get(&format!("/claims/{}", ANNA.0)).await;
    assert_eq!(
        (a.json["status"].as_str(), a.json["disputed_amount"].as_str(), a.json["payable_now"].as_str()),
        (Some("demand_sent"), Some("180.00"), Some("2565.42")),
        "{}",
        a.json
    );
    let a = api.get("/disputes?status=open").await;
    let mine = a.json["items"].as_array().unwrap().iter().find(|x| x["case_number"] == ANNA.0).unwrap().clone();
    assert_eq!((mine["part"].as_str(), mine["part_fee_position"].as_u64()), (Some("fee"), Some(1)), "{mine}");

    // Rejected, the part stays contested and paused; the claim's status is left as it was.
    reject(&app, ANNA.0, NORDLJUS_AGENT, "Avgiften följer inkassolagen.").await;
    assert_eq!(app.status(ANNA.0).await, ClaimStatus::DemandSent);
    let a = api.get(&format!("/claims/{}", ANNA.0)).await;
    assert_eq!(a.json["payable_now"].as_str(), Some("2565.42"), "{}", a.json);
    assert_eq!(fees_of(&app, &id).await, 2);

    // Paying what is payable pays everything but the disputed fee, which stays owed and paused.
    let paid = serde_json::json!({ "amount": "2565.42", "paid_on": app.today().to_string() });
    let a = api.post(&format!("/claims/{}/payments", ANNA.0), &paid).await;
    assert_eq!(a.status, 201, "{}", a.json);
    assert_eq!(
        (a.json["statement"]["total_outstanding"].as_str(), a.json["statement"]["fees"]["outstanding"].as_str()),
        (Some("180.00"), Some("180.00")),
        "{}",
        a.json
    );
    assert_eq!((a.json["disputed_amount"].as_str(), a.json["payable_now"].as_str()), (Some("180.00"), Some("0.00")));
    let claim = page_in(&app, &format!("/claims/{id}"), &anna, "en").await;
    assert!(shows_amount(&claim, "total-outstanding", "180.00"), "{claim}");
    assert!(claim.contains("is paused by your dispute"), "the fee is still the disputed part: {claim}");
}

async fn a_disputed_amount_is_paused_and_the_rest_stays_payable(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let anna = app.session(ANNA.0, ANNA.1).await;
    let id = app.claim_id(ANNA.0).await;
    let part = Some(("amount", "1 200,00"));
    dispute(&app, ANNA.0, &anna, form("wrong_amount", "Jag bestrider 1 200 kr av kapitalbeloppet.", part)).await;
    assert_eq!(app.status(ANNA.0).await, ClaimStatus::DemandSent);
    let d = app.state.store.dispute_of_claim(&id).await.unwrap().unwrap();
    assert_eq!(d.part, DisputedPart::Amount(Money::from_minor(120_000)));

    // 2,745.42 − 1,200.00 = 1,545.42.
    let claim = page_in(&app, &format!("/claims/{id}"), &anna, "en").await;
    assert!(shows_amount(&claim, "pay-amount", "1545.42"), "{claim}");
    assert!(claim.contains("SEK 1,200.00 of the principal is paused by your dispute"), "{claim}");
    assert!(claim.contains(r#"data-part="partial""#), "the notice says a part is disputed");
    let receipt = page_in(&app, &format!("/claims/{id}/dispute"), &anna, "sv").await;
    assert!(receipt.contains("1\u{202f}200,00 kr av kapitalbeloppet"), "{receipt}");
    let api = key_for(&app, NORDLJUS_ADMIN, "outcomes").await;
    let a = api.get(&format!("/claims/{}", ANNA.0)).await;
    assert_eq!(
        (a.json["disputed_amount"].as_str(), a.json["payable_now"].as_str()),
        (Some("1200.00"), Some("1545.42")),
        "{}",
        a.json
    );
    // The staff screen shows the part.
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    let screen = text(en(&app, &format!("/staff/disputes/{}", d.id), &agent).await).await;
    assert!(screen.contains(r#"data-testid="dispute-part">SEK 1,200.00 of the principal"#), "{screen}");
}

async fn a_part_that_does_not_hold_is_refused_and_nothing_is_stored(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let anna = app.session(ANNA.0, ANNA.1).await;
    let id = app.claim_id(ANNA.0).await;
    for ((part, amount), code) in [
        (("amount", "0"), "disputed_amount_invalid"),
        (("amount", ""), "disputed_amount_invalid"),
        (("amount", "2485.01"), "disputed_amount_above_principal"),
        (("amount", "12.345"), "amount_invalid"),
        (("amount", "tolv"), "amount_invalid"),
        (("fee-2", ""), "disputed_fee_unknown"),
        (("fee-x", ""), "dispute_part_invalid"),
        (("everything", ""), "dispute_part_invalid"),
    ] {
        let location = dispute(&app, ANNA.0, &anna, form("wrong_amount", "Fel belopp.", Some((part, amount)))).await;
        assert_eq!(location, format!("/claims/{id}/dispute?error={code}#dispute-form"), "{part} {amount}");
        assert_eq!(disputes_of(&app, &id).await, 0, "{code}");
        assert_eq!(app.status(ANNA.0).await, ClaimStatus::DemandSent, "{code}");
    }
    let audit = app.state.store.audit_for(id.as_str()).await.unwrap();
    assert!(!audit.iter().any(|a| a.action == AuditAction::DisputeOpened));
    for (locale, words) in [
        ("en", "more than the principal still to pay"),
        ("sv", "större än det kapitalbelopp som återstår"),
        ("nb", "større enn hovedstolen som gjenstår"),
    ] {
        let path = format!("/claims/{id}/dispute?error=disputed_amount_above_principal");
        assert!(page_in(&app, &path, &anna, locale).await.contains(words), "{locale}");
    }
    // The whole principal is a part that holds.
    let location = dispute(&app, ANNA.0, &anna, form("wrong_amount", "Fel belopp.", Some(("amount", "2485.00")))).await;
    assert_eq!(location, format!("/claims/{id}/dispute?sent=1#receipt"));
}

on_both_backends!(crate::app::db;
    a_norwegian_rejected_dispute_leaves_the_claim_contested_before_the_conciliation_board,
    a_swedish_rejected_dispute_names_court_or_kronofogden_and_may_be_disputed_anew,
    a_disputed_fee_line_is_paused_and_the_rest_stays_payable,
    a_disputed_amount_is_paused_and_the_rest_stays_payable,
    a_part_that_does_not_hold_is_refused_and_nothing_is_stored,
);
