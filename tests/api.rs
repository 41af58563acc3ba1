//! The creditors' API over real HTTP, on SQLite and PostgreSQL: the journey (claims in, a debtor
//! signs in with the code the API gave, proposes and disputes; the creditor's system lists, decides,
//! records payments that move the debtor's statement and plan), creditor isolation on every
//! endpoint, errors that change nothing, idempotent retries, concurrent decisions, and the OpenAPI
//! document checked against the live router.
#![cfg(feature = "ssr")]

#[path = "support/api_client.rs"]
mod api_client;
#[path = "support/app.rs"]
mod app;
#[path = "support/plan_forms.rs"]
mod plan_forms;
#[path = "support/staff_pages.rs"]
mod staff_pages;

use api_client::{claim_json, key_for, Api, KVIKK_AGENT_EMAIL, NORDLJUS_ADMIN};
use app::db::TestDb;
use debtor_portal::domain::decision::ItemKind;
use debtor_portal::domain::policy::PolicyOutcome as Verdict;
use debtor_portal::domain::ClaimStatus;
use debtor_portal::server::store::{ActorKind, AuditAction, Reserved};
use plan_forms::{in_days, installments, propose};
use reqwest::multipart::Form;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use staff_pages::{en, staff_session, text, ANNA, NORDLJUS_AGENT};

/// Registers one claim through the API; returns its case number and access code.
async fn new_claim(api: &Api<'_>, invoice: &str, debtor: &str) -> (String, String) {
    let a = api.post("/claims", &claim_json(invoice, debtor, "12000.00")).await;
    assert_eq!(a.status, 201, "{}", a.json);
    let c = &a.json["claims"][0];
    (c["case_number"].as_str().unwrap().to_owned(), c["access_code"].as_str().unwrap().to_owned())
}

/// The debtor of `case` proposes 13 installments, which Nordljus's policy leaves to a person.
async fn proposes_for_review(app: &app::App, case: &str, code: &str) {
    let debtor = app.session(case, code).await;
    let (r, expected) = propose(app, case, &debtor, &installments(13, in_days(app, 14))).await;
    assert_eq!((r.status().as_u16(), expected.verdict.outcome), (303, Verdict::NeedsReview));
}

/// The debtor of `case` disputes it.
async fn disputes(app: &app::App, case: &str, code: &str) {
    let debtor = app.session(case, code).await;
    let form = Form::new().text("reason", "wrong_amount").text("explanation", "The invoice was 8 000, not 12 000.");
    let r = app.post_multipart(&format!("/claims/{}/dispute", app.claim_id(case).await), form, &debtor).await;
    assert_eq!(r.status(), 303);
}

async fn the_api_journey(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let api = key_for(&app, NORDLJUS_ADMIN, "Nordljus ERP").await;
    // One claim, then two in one request; each gets a case number, a code and a reference.
    let (case, code) = new_claim(&api, "F-1001", "Sara Lind").await;
    let many = json!([claim_json("F-1002", "Olle Berg", "900.00"), claim_json("F-1003", "Pia Ek", "450.50")]);
    let a = api.post("/claims", &many).await;
    assert_eq!(a.status, 201, "{}", a.json);
    let created = a.json["claims"].as_array().unwrap();
    assert_eq!(created.len(), 2);
    assert_eq!(created[1]["original_invoice"], "F-1003");
    assert!(created.iter().all(|c| c["payment_reference"].as_str().is_some_and(|r| !r.is_empty())));
    let (other_case, other_code) = (
        created[0]["case_number"].as_str().unwrap().to_owned(),
        created[0]["access_code"].as_str().unwrap().to_owned(),
    );
    // The claim as the API reads it: itemised today, the collection fee charged.
    let a = api.get(&format!("/claims/{case}")).await;
    assert_eq!(a.status, 200, "{}", a.json);
    assert_eq!(
        (a.json["status"].as_str(), a.json["statement"]["principal"]["original"].as_str()),
        (Some("demand_sent"), Some("12000.00"))
    );
    assert_eq!(a.json["statement"]["fees"]["original"], "180.00");
    assert!(a.json["plan"].is_null());
    // The debtor signs in with the API's code and proposes a plan that needs a person.
    proposes_for_review(&app, &case, &code).await;
    let a = api.get("/plan-proposals?status=pending").await;
    assert_eq!(a.status, 200, "{}", a.json);
    let items = a.json["items"].as_array().unwrap();
    let mine: Vec<&Value> = items.iter().filter(|p| p["case_number"] == case.as_str()).collect();
    assert_eq!(mine.len(), 1, "{items:?}");
    assert_eq!(mine[0]["schedule"].as_array().unwrap().len(), 13);
    assert!(mine[0]["reasons"].as_array().unwrap().iter().any(|r| r == "more_installments_than_auto_approved"));
    let proposal = mine[0]["id"].as_str().unwrap().to_owned();
    // Approved through the API: recorded as the key's decision, the debtor's plan is active.
    let a = api.post(&format!("/plan-proposals/{proposal}/decision"), &json!({ "outcome": "approved" })).await;
    assert_eq!(a.status, 200, "{}", a.json);
    assert_eq!((a.json["outcome"].as_str(), a.json["decided_by"].as_str()), (Some("approved"), Some("Nordljus ERP")));
    assert_eq!(app.status(&case).await, ClaimStatus::PlanActive);
    let decision = app.state.store.decision_on(ItemKind::PlanProposal, &proposal).await.unwrap().unwrap();
    assert!(decision.staff_id.is_none() && decision.api_key_id.is_some(), "the key's decision, no person's");
    let debtor = app.session(&case, &code).await;
    let claim_id = app.claim_id(&case).await;
    let plan_page = text(en(&app, &format!("/claims/{claim_id}/plan"), &debtor).await).await;
    assert!(
        plan_page.contains(r#"data-active="true""#) && !plan_page.contains(r#"class="installment paid""#),
        "active, nothing paid"
    );
    // A payment of the first installment: the plan's progress and the debtor's statement follow.
    let a = api.get(&format!("/claims/{case}")).await;
    let (first, total_before) = (
        a.json["plan"]["next"]["amount"].as_str().unwrap().to_owned(),
        a.json["statement"]["total_outstanding"].as_str().unwrap().to_owned(),
    );
    assert_eq!(a.json["plan"]["paid_installments"], 0);
    let paid = json!({ "amount": first, "paid_on": app.today().to_string(), "reference": "OCR 123" });
    let a = api.post(&format!("/claims/{case}/payments"), &paid).await;
    assert_eq!(a.status, 201, "{}", a.json);
    assert_eq!(a.json["plan"]["paid_installments"], 1, "{}", a.json);
    assert_eq!(a.json["payments"].as_array().unwrap().len(), 1);
    let total_after = a.json["statement"]["total_outstanding"].as_str().unwrap();
    let (before, after): (f64, f64) = (total_before.parse().unwrap(), total_after.parse().unwrap());
    let paid_amount: f64 = first.parse().unwrap();
    assert!((before - after - paid_amount).abs() < 0.005, "{before} - {paid_amount} = {after}");
    let plan_page = text(en(&app, &format!("/claims/{claim_id}/plan"), &debtor).await).await;
    assert_eq!(
        plan_page.matches(r#"class="installment paid""#).count(),
        1,
        "the debtor sees the first installment paid"
    );
    let claim_page = text(en(&app, &format!("/claims/{claim_id}"), &debtor).await).await;
    assert!(
        claim_page.contains(&format!(r#"data-testid="total-outstanding" data-amount="{total_after}""#)),
        "{claim_page}"
    );
    let key_id = app.state.store.api_keys_of(&app.claim(&case).await.creditor_id).await.unwrap()[0].id.clone();
    let audit = app.state.store.audit_by(ActorKind::ApiKey, key_id.as_str()).await.unwrap();
    for action in [AuditAction::ClaimsImported, AuditAction::PlanApproved, AuditAction::PaymentRecorded] {
        assert!(audit.iter().any(|l| l.action == action), "{action:?} audited as the key's");
    }
    // The rest paid: the claim is paid, and a further payment is refused.
    let rest = json!({ "amount": total_after, "paid_on": app.today().to_string() });
    let a = api.post(&format!("/claims/{case}/payments"), &rest).await;
    assert_eq!((a.status, a.json["status"].as_str()), (201, Some("paid")), "{}", a.json);
    let a = api.post(&format!("/claims/{case}/payments"), &rest).await;
    assert_eq!((a.status, a.error()), (409, "claim_closed"));
    // Another debtor disputes; the system lists it and rejects it with an explanation they read.
    disputes(&app, &other_case, &other_code).await;
    let a = api.get("/disputes?status=open").await;
    let open: Vec<&Value> =
        a.json["items"].as_array().unwrap().iter().filter(|d| d["case_number"] == other_case.as_str()).collect();
    assert_eq!(open.len(), 1, "{}", a.json);
    assert_eq!(open[0]["explanations"][0], "The invoice was 8 000, not 12 000.");
    let dispute = open[0]["id"].as_str().unwrap().to_owned();
    let reject = json!({ "outcome": "rejected", "note": "Our delivery note shows 900 kr was agreed." });
    let a = api.post(&format!("/disputes/{dispute}/resolution"), &reject).await;
    assert_eq!((a.status, a.json["outcome"].as_str()), (200, Some("rejected")), "{}", a.json);
    assert_eq!(app.status(&other_case).await, ClaimStatus::Contested, "no ordinary collection after a rejection");
    let debtor = app.session(&other_case, &other_code).await;
    let page = text(en(&app, &format!("/claims/{}/dispute", app.claim_id(&other_case).await), &debtor).await).await;
    assert!(page.contains("Our delivery note shows 900 kr was agreed."), "{page}");
    let a = api.get("/disputes?status=rejected").await;
    assert!(a.json["items"].as_array().unwrap().iter().any(|d| d["id"] == dispute.as_str()));
}

async fn lists_are_paginated_by_cursor(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let api = key_for(&app, NORDLJUS_ADMIN, "ERP").await;
    for n in 0..3 {
        let (case, code) = new_claim(&api, &format!("P-{n}"), &format!("Debtor {n}")).await;
        proposes_for_review(&app, &case, &code).await;
        app.state.clock.advance(60);
    }
    let all = api.get("/plan-proposals").await;
    let every: Vec<Value> = all.json["items"].as_array().unwrap().clone();
    assert!(every.len() >= 3 && all.json["next_cursor"].is_null(), "{}", all.json);
    let mut seen = Vec::new();
    let mut path = "/plan-proposals?status=pending&limit=2".to_owned();
    loop {
        let page = api.get(&path).await;
        assert_eq!(page.status, 200, "{}", page.json);
        let items = page.json["items"].as_array().unwrap();
        assert!(items.len() <= 2);
        seen.extend(items.iter().map(|p| p["id"].clone()));
        match page.json["next_cursor"].as_str() {
            Some(c) => path = format!("/plan-proposals?limit=2&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(seen, every.iter().map(|p| p["id"].clone()).collect::<Vec<_>>(), "each once, oldest first");
    for bad in ["status=maybe", "limit=0", "limit=101", "cursor=nonsense"] {
        let a = api.get(&format!("/plan-proposals?{bad}")).await;
        assert_eq!((a.status, a.error()), (400, "invalid_query"), "{bad}");
        let a = api.get(&format!("/disputes?{bad}")).await;
        assert_eq!((a.status, a.error()), (400, "invalid_query"), "{bad}");
    }
}

async fn another_creditors_key_reaches_nothing(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let nordljus = key_for(&app, NORDLJUS_ADMIN, "ERP").await;
    let kvikk = key_for(&app, KVIKK_AGENT_EMAIL, "Kvikk ERP").await;
    let (case, code) = new_claim(&nordljus, "I-1", "Ida Holm").await;
    proposes_for_review(&app, &case, &code).await;
    let proposal = app.state.store.open_proposal(&app.claim_id(&case).await).await.unwrap().unwrap().id;
    let (disputed_case, disputed_code) = new_claim(&nordljus, "I-2", "Jon Holm").await;
    disputes(&app, &disputed_case, &disputed_code).await;
    let dispute = app.state.store.dispute_of_claim(&app.claim_id(&disputed_case).await).await.unwrap().unwrap().id;
    for case in [case.as_str(), ANNA.0] {
        assert_eq!(kvikk.get(&format!("/claims/{case}")).await.status, 404);
        let pay = json!({ "amount": "10.00", "paid_on": app.today().to_string() });
        let a = kvikk.post(&format!("/claims/{case}/payments"), &pay).await;
        assert_eq!((a.status, a.error()), (404, "not_found"));
        assert!(app.state.store.domain_claim(&app.claim(case).await).await.unwrap().payments().is_empty());
    }
    let a = kvikk.post(&format!("/plan-proposals/{proposal}/decision"), &json!({ "outcome": "approved" })).await;
    assert_eq!(a.status, 404);
    let a = kvikk.post(&format!("/disputes/{dispute}/resolution"), &json!({ "outcome": "withdrawn" })).await;
    assert_eq!(a.status, 404);
    assert_eq!(app.status(&case).await, ClaimStatus::PlanProposed);
    assert_eq!(app.status(&disputed_case).await, ClaimStatus::Disputed);
    let listed = kvikk.get("/plan-proposals").await.json.to_string() + &kvikk.get("/disputes").await.json.to_string();
    assert!(
        !listed.contains(proposal.as_str()) && !listed.contains(dispute.as_str()) && !listed.contains(&case),
        "{listed}"
    );
    // And Nordljus's own key sees both.
    assert!(nordljus.get("/plan-proposals").await.json.to_string().contains(proposal.as_str()));
    assert!(nordljus.get("/disputes").await.json.to_string().contains(dispute.as_str()));
}

async fn keys_and_bad_requests_are_refused_and_change_nothing(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let api = key_for(&app, NORDLJUS_ADMIN, "ERP").await;
    let claims = || async { app.state.store.count("claims").await.unwrap() };
    let before = claims().await;
    let url = format!("{}/api/v1/claims", app.base);
    let body = claim_json("K-1", "Kim Ek", "100.00").to_string();
    let r = app.client.post(&url).body(body.clone()).send().await.unwrap();
    assert_eq!(r.status(), 401);
    assert!(r.headers()["www-authenticate"].to_str().unwrap().starts_with("Bearer"));
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "unauthenticated");
    for auth in ["Bearer dpk_0000", "Basic abc", "Bearer ", &api.key, &format!("Basic {}", api.key)] {
        let r = app.client.post(&url).header("authorization", auth).body(body.clone()).send().await.unwrap();
        assert_eq!(r.status(), 401, "{auth}");
        assert_eq!(r.json::<Value>().await.unwrap()["error"], "invalid_api_key", "{auth}");
    }
    assert_eq!(claims().await, before);
    let lower = format!("bearer {}", api.key);
    let r = app
        .client
        .get(format!("{}/api/v1/claims/{}", app.base, ANNA.0))
        .header("authorization", lower)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "the scheme's name is case-insensitive");
    // Bodies that are not the documented JSON, and claims with something to correct.
    for (raw, code) in [
        ("not json".to_owned(), "invalid_body"),
        (json!({ "debtor_name": "X" }).to_string(), "invalid_body"),
        (json!([claim_json("A", "X", "1.00"), { "surprise": 1 }]).to_string(), "invalid_body"),
    ] {
        let a = api.post_raw("/claims", raw.clone(), None).await;
        assert_eq!((a.status, a.error()), (400, code), "{raw}");
    }
    let mut future = claim_json("B", "Y", "100.00");
    future["due_date"] = json!("2099-01-01");
    let many = json!([claim_json("A", "X", "12,5x"), claim_json("A", "Z", "10.00"), future]);
    let a = api.post("/claims", &many).await;
    assert_eq!((a.status, a.error()), (422, "claims_invalid"), "{}", a.json);
    let problems: Vec<(u64, &str, &str)> = a.json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["index"].as_u64().unwrap(), p["field"].as_str().unwrap_or(""), p["code"].as_str().unwrap()))
        .collect();
    assert_eq!(problems, vec![(0, "principal", "amount_invalid"), (2, "due_date", "date_order")]);
    let a = api.post("/claims", &json!([])).await;
    assert_eq!((a.status, a.json["problems"][0]["code"].as_str()), (422, Some("empty")));
    assert_eq!(claims().await, before, "nothing stored");
    // Payments the claim cannot take.
    let anna = format!("/claims/{}/payments", ANNA.0);
    let tomorrow = in_days(&app, 1).to_string();
    for (body, code) in [
        (json!({ "amount": "0", "paid_on": "2026-11-20" }), "amount_invalid"),
        (json!({ "amount": "10.001", "paid_on": "2026-11-20" }), "amount_invalid"),
        (json!({ "amount": "10.00", "paid_on": tomorrow }), "payment_after_as_of"),
        (json!({ "amount": "10.00", "paid_on": "20 Nov" }), "invalid_body"),
        (json!({ "amount": "10.00", "paid_on": "2026-11-20", "reference": "x".repeat(51) }), "invalid_body"),
    ] {
        let a = api.post(&anna, &body).await;
        assert_eq!((a.status, a.error()), (400, code), "{body}");
    }
    assert!(app.state.store.domain_claim(&app.claim(ANNA.0).await).await.unwrap().payments().is_empty());
    assert_eq!(api.get("/claims/99999999").await.status, 404);
    let a = api.get("/nothing/here").await;
    assert_eq!((a.status, a.error()), (404, "not_found"));
    // A path whose id cannot be one (a space, a letter outside the id's alphabet, 65 characters)
    // names nothing: the same 404 as an id nobody has, and no decision is written.
    let decided = app.state.store.count("decisions").await.unwrap();
    let decision = json!({ "outcome": "approved" });
    for id in ["x%20y", "%C3%A4", &"a".repeat(65)] {
        let a = api.post(&format!("/plan-proposals/{id}/decision"), &decision).await;
        assert_eq!((a.status, a.error()), (404, "not_found"), "{id}");
        let a = api.post(&format!("/disputes/{id}/resolution"), &json!({ "outcome": "rejected" })).await;
        assert_eq!((a.status, a.error()), (404, "not_found"), "{id}");
    }
    assert_eq!(app.state.store.count("decisions").await.unwrap(), decided);
    // The API answers JSON, even to a client that would rather read a page.
    let r = app
        .client
        .post(format!("{}/api/v1/plan-proposals/%20/decision", app.base))
        .header("authorization", format!("Bearer {}", api.key))
        .header("accept", "text/html")
        .json(&decision)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(r.json::<Value>().await.unwrap()["error"], "not_found");
    // A revoked key opens nothing more.
    let admin = app.state.store.staff_user_by_email(NORDLJUS_ADMIN).await.unwrap().unwrap();
    let key = app.state.store.api_keys_of(&admin.creditor_id).await.unwrap()[0].id.clone();
    assert!(app.state.store.revoke_api_key(&admin.id, &admin.creditor_id, key.as_str()).await.unwrap());
    let a = api.get(&format!("/claims/{}", ANNA.0)).await;
    assert_eq!((a.status, a.error()), (401, "invalid_api_key"));
}

async fn a_decision_already_made_is_409_with_who_and_when(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let api = key_for(&app, NORDLJUS_ADMIN, "ERP").await;
    let (case, code) = new_claim(&api, "D-1", "Dan Ek").await;
    proposes_for_review(&app, &case, &code).await;
    let proposal = app.state.store.open_proposal(&app.claim_id(&case).await).await.unwrap().unwrap().id;
    let path = format!("/plan-proposals/{proposal}/decision");
    for (body, code) in [
        (json!({ "outcome": "maybe" }), "outcome_missing"),
        (json!({ "outcome": "declined" }), "decline_reason_missing"),
        (json!({ "outcome": "declined", "reason": "other" }), "note_missing"),
    ] {
        let a = api.post(&path, &body).await;
        assert_eq!((a.status, a.error()), (400, code), "{body}");
    }
    // An agent decides in the portal first; the API is told who and when, and changes nothing.
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    let form = [("outcome", "declined"), ("reason", "too_long"), ("note", "")];
    let r = app.post_form(&format!("/staff/proposals/{proposal}/decision"), &form, &[("cookie", &agent)]).await;
    assert!(app::App::location(&r).contains("decided=1"));
    let a = api.post(&path, &json!({ "outcome": "approved" })).await;
    assert_eq!((a.status, a.error()), (409, "already_decided"));
    assert!(a.json["message"].as_str().unwrap().contains("Karin Lund"), "{}", a.json);
    assert_eq!(app.status(&case).await, ClaimStatus::DemandSent);
    // Two calls at once on a new proposal: exactly one decides.
    let (case, code) = new_claim(&api, "D-2", "Eva Ek").await;
    proposes_for_review(&app, &case, &code).await;
    let proposal = app.state.store.open_proposal(&app.claim_id(&case).await).await.unwrap().unwrap().id;
    let path = format!("/plan-proposals/{proposal}/decision");
    let approve = json!({ "outcome": "approved" });
    let decline = json!({ "outcome": "declined", "reason": "pay_in_full" });
    let (a, b) = tokio::join!(api.post(&path, &approve), api.post(&path, &decline));
    let mut statuses = [a.status, b.status];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409], "{} / {}", a.json, b.json);
    let won = if a.status == 200 { a.json["outcome"].clone() } else { b.json["outcome"].clone() };
    let expected = if won == "approved" { ClaimStatus::PlanActive } else { ClaimStatus::DemandSent };
    assert_eq!(app.status(&case).await, expected);
}

async fn retries_with_an_idempotency_key_answer_the_first_answer(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let api = key_for(&app, NORDLJUS_ADMIN, "ERP").await;
    let claims = || async { app.state.store.count("claims").await.unwrap() };
    let before = claims().await;
    let body = claim_json("R-1", "Rut Ek", "300.00");
    let first = api.post_once("/claims", &body, "import-2026-11-23-1").await;
    assert_eq!(first.status, 201);
    let again = api.post_once("/claims", &body, "import-2026-11-23-1").await;
    assert_eq!((again.status, &again.json), (201, &first.json), "the same case number and code again");
    assert_eq!(again.headers["idempotent-replayed"], "true");
    assert_eq!(claims().await, before + 1, "stored once");
    // The kept answer holds the letter's access code, so it is sealed, never kept in clear.
    let code = first.json["claims"][0]["access_code"].as_str().unwrap().to_owned();
    let kept: Vec<(Option<String>,)> =
        sqlx::query_as("SELECT body FROM idempotency_keys").fetch_all(app.state.store.pool()).await.unwrap();
    assert!(!kept.is_empty() && kept.iter().all(|(b,)| b.as_deref().is_some_and(|b| !b.contains(&code))));
    assert!(kept.iter().all(|(b,)| !b.as_deref().unwrap_or_default().contains("case_number")));
    // Another key of the same creditor cannot have that answer (and its code) replayed.
    let second_key = key_for(&app, NORDLJUS_ADMIN, "ERP 2").await;
    let stolen = second_key.post_once("/claims", &body, "import-2026-11-23-1").await;
    assert_eq!((stolen.status, stolen.error()), (422, "idempotency_key_reused"));
    assert!(!stolen.json.to_string().contains(&code));
    assert_eq!(claims().await, before + 1);
    let other = api.post_once("/claims", &claim_json("R-2", "Rut Ek", "300.00"), "import-2026-11-23-1").await;
    assert_eq!((other.status, other.error()), (422, "idempotency_key_reused"));
    assert_eq!(claims().await, before + 1);
    // A refusal is an answer too: replayed, not tried again.
    let bad = api.post_once("/claims", &claim_json("R-3", "X", "-1"), "bad-1").await;
    let bad_again = api.post_once("/claims", &claim_json("R-3", "X", "-1"), "bad-1").await;
    assert_eq!((bad.status, bad_again.status, &bad_again.json), (422, 422, &bad.json));
    // Payments: a retry records nothing more.
    let case = first.json["claims"][0]["case_number"].as_str().unwrap().to_owned();
    let pay = json!({ "amount": "50.00", "paid_on": app.today().to_string() });
    let path = format!("/claims/{case}/payments");
    let (a, b) = tokio::join!(api.post_once(&path, &pay, "pay-1"), api.post_once(&path, &pay, "pay-1"));
    let mut statuses = [a.status, b.status];
    statuses.sort_unstable();
    assert!(statuses == [201, 201] || statuses == [201, 409], "{statuses:?}: {} / {}", a.json, b.json);
    let c = api.post_once(&path, &pay, "pay-1").await;
    assert_eq!(c.status, 201);
    assert_eq!(app.state.store.domain_claim(&app.claim(&case).await).await.unwrap().payments().len(), 1);
    // Keys are each creditor's own, and a bad key is refused before anything runs.
    let kvikk = key_for(&app, KVIKK_AGENT_EMAIL, "Kvikk").await;
    let k = kvikk.post_once("/claims", &claim_json("R-1", "Rut Ek", "300.00"), "import-2026-11-23-1").await;
    assert_eq!(k.status, 201, "{}", k.json);
    assert_ne!(k.json["claims"][0]["case_number"], first.json["claims"][0]["case_number"]);
    let a = api.post_once("/claims", &claim_json("R-9", "X", "1.00"), "två ord").await;
    assert_eq!((a.status, a.error()), (400, "idempotency_key_invalid"));
    assert_eq!(claims().await, before + 2);
    // A first request cut off mid-way (its node stopped) holds its key only for a while.
    let body = claim_json("R-5", "Stina Ek", "10.00").to_string();
    let key_id: (String,) = sqlx::query_as("SELECT id FROM api_keys WHERE key_hash = $1")
        .bind(debtor_portal::server::api::key_hash(&api.key))
        .fetch_one(app.state.store.pool())
        .await
        .unwrap();
    let hash = hex::encode(Sha256::digest(format!("{}\nPOST /api/v1/claims\n{body}", key_id.0)));
    let creditor = app.claim(ANNA.0).await.creditor_id;
    let reserved = app.state.store.reserve_idempotency_key(&creditor, "stuck-1", &hash).await.unwrap();
    assert_eq!(reserved, Reserved::New);
    let a = api.post_raw("/claims", body.clone(), Some("stuck-1")).await;
    assert_eq!((a.status, a.error()), (409, "request_in_progress"));
    app.state.clock.advance(10 * 60 + 1);
    assert_eq!(api.post_raw("/claims", body, Some("stuck-1")).await.status, 201);
    assert_eq!(claims().await, before + 3);
    // A day later the key is forgotten (housekeeping purges it) and may name a new request.
    app.state.clock.advance(24 * 60 * 60 + 1);
    assert!(app.state.store.purge_idempotency_keys(app.state.clock.now()).await.unwrap() >= 3);
    let later = api.post_once("/claims", &claim_json("R-2", "Rut Ek", "300.00"), "import-2026-11-23-1").await;
    assert_eq!(later.status, 201, "{}", later.json);
    assert_eq!(claims().await, before + 4);
}

/// Every documented operation answers on the live router (with real ids, never the 404 of an
/// unknown address), every route the API has is in the document, and nothing else is.
async fn the_openapi_document_matches_the_live_router(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let doc: Value = app.get("/api/v1/openapi.json").await.json().await.unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc, serde_json::to_value(debtor_portal::server::api::openapi()).unwrap(), "served as generated");
    let api = key_for(&app, NORDLJUS_ADMIN, "ERP").await;
    let (case, code) = new_claim(&api, "O-1", "Ola Ek").await;
    proposes_for_review(&app, &case, &code).await;
    let proposal = app.state.store.open_proposal(&app.claim_id(&case).await).await.unwrap().unwrap().id;
    let (disputed, code) = new_claim(&api, "O-2", "Ulla Ek").await;
    disputes(&app, &disputed, &code).await;
    let dispute = app.state.store.dispute_of_claim(&app.claim_id(&disputed).await).await.unwrap().unwrap().id;
    let mut operations = Vec::new();
    for (path, item) in doc["paths"].as_object().unwrap() {
        for method in item.as_object().unwrap().keys() {
            operations.push(format!("{} {path}", method.to_uppercase()));
            let real = path
                .replace("{case_number}", &case)
                .replace("{id}", if path.contains("dispute") { dispute.as_str() } else { proposal.as_str() });
            let url = format!("{}{real}", app.base);
            let r = match method.as_str() {
                "get" => app.client.get(&url).bearer_auth(&api.key).send().await.unwrap(),
                // `{}` is no valid body anywhere: the handler itself answers 400 invalid_body.
                "post" => app.client.post(&url).bearer_auth(&api.key).body("{}").send().await.unwrap(),
                other => panic!("{other} {path}: the API has only GET and POST"),
            };
            let status = r.status().as_u16();
            let body: Value = r.json().await.unwrap();
            let expected = if method == "get" { 200 } else { 400 };
            assert_eq!(status, expected, "{method} {real}: {body}");
        }
    }
    operations.sort();
    assert_eq!(
        operations,
        [
            "GET /api/v1/claims/{case_number}",
            "GET /api/v1/disputes",
            "GET /api/v1/openapi.json",
            "GET /api/v1/plan-proposals",
            "POST /api/v1/claims",
            "POST /api/v1/claims/{case_number}/payments",
            "POST /api/v1/disputes/{id}/resolution",
            "POST /api/v1/plan-proposals/{id}/decision",
        ]
    );
    // An address or method the document does not list is not served.
    for (method, path) in [
        ("GET", "/api/v1/claims"),
        ("GET", "/api/v1/payments"),
        ("DELETE", "/api/v1/claims/1"),
        ("POST", "/api/v1/openapi.json"),
    ] {
        let r = app
            .client
            .request(method.parse().unwrap(), format!("{}{path}", app.base))
            .bearer_auth(&api.key)
            .send()
            .await
            .unwrap();
        assert!([404, 405].contains(&r.status().as_u16()), "{method} {path}: {}", r.status());
    }
    // Every operation but the document's own needs the key.
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            let secured = op["security"].as_array().is_some_and(|s| !s.is_empty());
            assert_eq!(secured, path != "/api/v1/openapi.json", "{method} {path}");
        }
    }
    assert_eq!(doc["components"]["securitySchemes"]["api_key"]["scheme"], "bearer");
}

/// A Norwegian claim for Fjellsport's key: 5 890 kr (the 2 500–10 000 band), no salær unless given.
fn no_claim(invoice: &str, fees: Value) -> Value {
    let mut c = claim_json(invoice, "Kari Nord", "5890.00");
    c["collection_fee"] = Value::Null;
    c["fees"] = fees;
    c
}

async fn every_norwegian_fee_above_the_law_is_refused_with_its_cap_and_rule(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let api = key_for(&app, "kreditt@fjellsport.example", "Fjellsport ERP").await;
    let before = app.state.store.count("claims").await.unwrap();
    let fee = |kind: &str, amount: &str, date: &str| json!({ "kind": kind, "amount": amount, "date": date });
    let mut light = no_claim("N-5", json!([]));
    light["collection_fee"] = json!("600.01");
    let mut business = no_claim("N-7", json!([]));
    business["collection_fee"] = json!("900.01");
    business["debtor_kind"] = json!("business");
    let mut heavy = no_claim("N-6", json!([fee("inkassosalaer", "1200.01", "2026-11-12")]));
    heavy["demand_sent_on"] = json!("2026-10-01");
    let mut early = no_claim("N-8", json!([fee("inkassosalaer", "100.00", "2020-09-30")]));
    early["due_date"] = json!("2020-08-01");
    let many = json!([
        no_claim("N-1", json!([fee("purregebyr", "37.51", "2026-10-10")])),
        no_claim("N-2", json!([fee("inkassovarsel", "35.01", "2025-12-31")])),
        no_claim(
            "N-3",
            json!([
                fee("purregebyr", "37.50", "2026-10-01"),
                fee("purregebyr", "37.50", "2026-10-05"),
                fee("inkassovarsel", "37.50", "2026-10-10")
            ])
        ),
        no_claim(
            "N-4",
            json!([fee("inkassovarsel", "37.50", "2026-10-01"), fee("inkassovarsel", "37.50", "2026-10-05")])
        ),
        light,
        heavy,
        business,
        early,
        no_claim("N-9", json!([fee("plan_fee", "100.00", "2026-10-10")])),
        no_claim(
            "N-10",
            json!([fee("inkassosalaer", "100.00", "2026-10-10"), fee("inkassosalaer", "100.00", "2026-10-11")])
        ),
    ]);
    let a = api.post("/claims", &many).await;
    assert_eq!((a.status, a.error()), (422, "claims_invalid"), "{}", a.json);
    let problems: Vec<(u64, &str, &str, &str, &str, &str)> = a.json["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| {
            let s = |k: &str| p[k].as_str().unwrap_or("");
            (p["index"].as_u64().unwrap(), s("field"), s("code"), s("rule"), s("cap"), s("law"))
        })
        .collect();
    let purre = "inkassoforskriften § 1-2, purregebyr at sats 750.00";
    let varsel = "inkassoforskriften § 1-2, inkassovarsel at sats 700.00";
    let notices = "inkassoforskriften § 1-3, fee-bearing notices";
    let light_law = "inkassoforskriften § 2-2, light salær at sats 750.00";
    assert_eq!(
        problems,
        vec![
            (0, "fee_1_amount", "fee_above_cap", "no_purregebyr", "37.50", purre),
            (1, "fee_1_amount", "fee_above_cap", "no_inkassovarsel", "35.00", varsel),
            (2, "fee_3_kind", "fee_too_many", "no_notices", "", notices),
            (3, "fee_2_kind", "fee_too_many", "no_notices", "", notices),
            (4, "collection_fee", "fee_above_cap", "no_salaer_light", "600.00", light_law),
            (
                5,
                "fee_1_amount",
                "fee_above_cap",
                "no_salaer_heavy",
                "1200.00",
                "inkassoforskriften § 2-3, heavy salær at sats 750.00"
            ),
            (6, "collection_fee", "fee_above_cap", "no_salaer_light", "900.00", light_law),
            (7, "fee_1_date", "fee_no_rule_for_date", "no_salaer_light", "", "inkassoforskriften § 2-2, light salær"),
            (8, "fee_1_kind", "fee_not_allowed", "not_in_law", "", "no provision allows this fee"),
            (9, "fee_2_kind", "fee_too_many", "no_salaer_light", "", "inkassoforskriften § 2-2, light salær"),
        ]
    );
    let five = no_claim("N-11", Value::Array(vec![fee("purregebyr", "1.00", "2026-10-01"); 5]));
    let a = api.post("/claims", &five).await;
    assert_eq!((a.status, a.json["problems"][0]["code"].as_str()), (422, Some("fee_too_many")), "{}", a.json);
    assert_eq!(app.state.store.count("claims").await.unwrap(), before);
    // Every fee at its cap is taken, and the claim charges them all.
    let mut lawful = no_claim(
        "N-12",
        json!([
            fee("purregebyr", "37.50", "2026-10-01"),
            fee("inkassovarsel", "37.50", "2026-10-05"),
            fee("inkassosalaer", "1200.00", "2026-11-12")
        ]),
    );
    lawful["demand_sent_on"] = json!("2026-10-01");
    let a = api.post("/claims", &lawful).await;
    assert_eq!(a.status, 201, "{}", a.json);
    let case = a.json["claims"][0]["case_number"].as_str().unwrap().to_owned();
    let got = api.get(&format!("/claims/{case}")).await;
    assert_eq!(got.json["statement"]["fees"]["original"], "1275.00", "{}", got.json);
}

on_both_backends!(crate::app::db;
    every_norwegian_fee_above_the_law_is_refused_with_its_cap_and_rule,
    the_api_journey,
    lists_are_paginated_by_cursor,
    another_creditors_key_reaches_nothing,
    keys_and_bad_requests_are_refused_and_change_nothing,
    a_decision_already_made_is_409_with_who_and_when,
    retries_with_an_idempotency_key_answer_the_first_answer,
    the_openapi_document_matches_the_live_router,
);
