//! Two app nodes on one PostgreSQL database, as behind a proxy: whatever one node opens (a debtor's
//! session, a staff session with its second factor, an API key) works on the other and ends on
//! both, because every node keeps its state in the database and is given the same `SECRET_KEY` and
//! `DOCUMENT_KEYS`. And the daily job, run by two processes at once, makes each change once.
//! PostgreSQL only: SQLite is one file on one machine, never shared by two nodes.
#![cfg(feature = "ssr")]

#[path = "support/api_client.rs"]
mod api_client;
#[path = "support/app.rs"]
mod app;
#[path = "support/plan_forms.rs"]
mod plan_forms;
#[path = "support/staff_pages.rs"]
mod staff_pages;
#[path = "support/totp_pages.rs"]
mod totp_pages;

use api_client::{claim_json, key_for, Api, NORDLJUS_ADMIN};
use app::db::TestDb;
use app::App;
use chrono::NaiveDate;
use debtor_portal::domain::ids::ClaimId;
use debtor_portal::server::daily_job::run_once;
use debtor_portal::server::store::{AuditAction, ProposalState, Store};
use plan_forms::{installments, propose};
use serde_json::json;
use staff_pages::{en, staff_sign_in, text, ANNA, NORDLJUS_AGENT};
use totp_pages::{attribute, element, totp_code};

/// What every node of the cluster is configured with (the values are test keys, nothing more).
fn shared_keys() -> [(&'static str, String); 2] {
    [("SECRET_KEY", "7".repeat(64)), ("DOCUMENT_KEYS", format!("2026:{}", "3".repeat(64)))]
}

/// Node A (migrated, with the demo data) and node B on the same database, both configured alike.
async fn two_nodes(db: TestDb) -> (App, App) {
    let keys = shared_keys();
    let mut vars: Vec<(&str, &str)> = keys.iter().map(|(k, v)| (*k, v.as_str())).collect();
    // Letters' codes stay good for the weeks the daily job's story takes.
    vars.push(("CODE_LIFETIME_DAYS", "365"));
    let a = app::spawn_seeded_with(db, &vars).await;
    let b = app::spawn_node(&a, &vars).await;
    (a, b)
}

fn new_cookie(r: &reqwest::Response) -> String {
    r.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned()
}

async fn post(node: &App, path: &str, form: &[(&str, &str)], cookie: &str) -> reqwest::Response {
    node.post_form(path, form, &[("cookie", cookie), ("origin", &node.base)]).await
}

async fn a_debtor_session_opened_on_one_node_works_on_the_other(db: TestDb) {
    let (a, b) = two_nodes(db).await;
    let anna = a.session(ANNA.0, ANNA.1).await;
    let id = a.claim_id(ANNA.0).await;
    let r = en(&b, &format!("/claims/{id}"), &anna).await;
    assert_eq!(r.status(), 200);
    // 2,485.00 + 20.42 interest + 60.00 + 180.00 fees (tests/debtor_access.rs works it out).
    assert!(text(r).await.contains(r#"data-testid="total-outstanding" data-amount="2745.42""#));

    // A node given other keys (its own, generated in its data folder) knows no such session: the
    // shared configuration is what makes the session good on every node.
    let stranger = app::spawn_node(&a, &[]).await;
    assert_eq!(stranger.get_with_cookie("/claims", &anna).await.status(), 401);

    let r = post(&b, "/sign-out", &[], &anna).await;
    assert_eq!(r.status(), 303);
    assert_eq!(a.get_with_cookie("/claims", &anna).await.status(), 401, "signed out on B ends it on A");
    assert_eq!(b.get_with_cookie("/claims", &anna).await.status(), 401);
}

async fn a_staff_session_with_its_second_factor_spans_the_nodes(db: TestDb) {
    let (a, b) = two_nodes(db).await;
    // Two-step sign-in turned on: the key shown (and sealed) by A, confirmed on B.
    let agent = new_cookie(&staff_sign_in(&a, NORDLJUS_AGENT.0, NORDLJUS_AGENT.1).await);
    let page = text(en(&a, "/staff/account", &agent).await).await;
    let key = element(&page, "data-testid=\"totp-key\"").1.to_owned();
    let sealed = attribute(element(&page, "name=\"setup\"").0, "value").to_owned();
    let now = a.state.clock.now().unix();
    let first = totp_code(&key, now - 30);
    let form = [("setup", sealed.as_str()), ("code", first.as_str()), ("current_password", NORDLJUS_AGENT.1)];
    let r = post(&b, "/staff/two-factor", &form, &agent).await;
    assert_eq!(App::location(&r), "/staff/account?two_factor=1#two-factor");

    // The password on A, the code on B, the queue on A.
    let r = staff_sign_in(&a, NORDLJUS_AGENT.0, NORDLJUS_AGENT.1).await;
    assert_eq!(App::location(&r), "/staff/second-factor");
    let half = new_cookie(&r);
    let code = totp_code(&key, now);
    let r = post(&b, "/staff/second-factor", &[("code", code.as_str())], &half).await;
    assert_eq!(App::location(&r), "/staff/queue");
    let full = new_cookie(&r);
    assert_eq!(en(&a, "/staff/queue", &full).await.status(), 200);
    assert_eq!(en(&b, "/staff/queue", &full).await.status(), 200);
    // The code used on B is used up on A too.
    let again = new_cookie(&staff_sign_in(&a, NORDLJUS_AGENT.0, NORDLJUS_AGENT.1).await);
    let r = post(&a, "/staff/second-factor", &[("code", code.as_str())], &again).await;
    assert_eq!(App::location(&r), "/staff/second-factor?error=totp_invalid#second-factor");

    assert_eq!(post(&b, "/staff/sign-out", &[], &full).await.status(), 303);
    assert_eq!(en(&a, "/staff/queue", &full).await.status(), 401, "signed out on B ends it on A");
}

async fn an_api_key_made_on_one_node_works_on_the_other(db: TestDb) {
    let (a, b) = two_nodes(db).await;
    let on_a = key_for(&a, NORDLJUS_ADMIN, "ERP").await;
    let on_b = Api { app: &b, key: on_a.key.clone() };
    let made = on_b.post("/claims", &claim_json("F-3101", "Sara Lind", "12000.00")).await;
    assert_eq!(made.status, 201, "{}", made.json);
    let case = made.json["claims"][0]["case_number"].as_str().unwrap().to_owned();
    let read = on_a.get(&format!("/claims/{case}")).await;
    assert_eq!((read.status, read.json["case_number"].as_str()), (200, Some(case.as_str())), "{}", read.json);
    let other = Api { app: &b, key: format!("{}x", on_a.key) };
    assert_eq!(other.get(&format!("/claims/{case}")).await.status, 401);
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Moves the clock both nodes share to `day` (noon UTC).
fn to_day(node: &App, day: &str) {
    node.advance_days((d(day) - node.today()).num_days());
}

async fn pay(api: &Api<'_>, node: &App, case: &str, amount: &str) {
    let body = json!({ "amount": amount, "paid_on": node.today().to_string() });
    let r = api.post(&format!("/claims/{case}/payments"), &body).await;
    assert_eq!(r.status, 201, "{}", r.json);
}

/// Each action's lines in the audit log of the claim.
async fn count(node: &App, id: &ClaimId, action: AuditAction) -> usize {
    node.state.store.audit_for(id.as_str()).await.unwrap().iter().filter(|l| l.action == action).count()
}

/// Three plans of 3 × 4,223.00 from 2026-12-03 (12,000.00 at 10 % plus the fee, tests/claim_life.rs),
/// made through both nodes; on 2027-01-14 one is unpaid since 2026-12-03 (past the lapse limit),
/// one is eleven days late with its second installment (in arrears), one is paid on time. The
/// job runs from two stores, each with its own pool, at once: each change is made, and audited, once.
async fn the_daily_job_run_by_two_processes_at_once(db: TestDb) {
    let (a, b) = two_nodes(db).await;
    let api = key_for(&a, NORDLJUS_ADMIN, "ERP").await;
    let mut cases = Vec::new();
    for (node, invoice) in [(&a, "F-2101"), (&b, "F-2102"), (&a, "F-2103")] {
        let r = api.post("/claims", &claim_json(invoice, "Sara Lind", "12000.00")).await;
        assert_eq!(r.status, 201, "{}", r.json);
        let c = &r.json["claims"][0];
        let (number, code) = (c["case_number"].as_str().unwrap().to_owned(), c["access_code"].as_str().unwrap());
        let cookie = node.session(&number, code).await;
        let (r, _) = propose(node, &number, &cookie, &installments(3, d("2026-12-03"))).await;
        assert_eq!(r.status(), 303);
        let id = a.claim_id(&number).await;
        cases.push((number, id));
    }
    let [lapses, behind, kept] = [&cases[0], &cases[1], &cases[2]];
    to_day(&a, "2026-12-03");
    pay(&api, &a, &behind.0, "4223.00").await;
    pay(&api, &a, &kept.0, "4223.00").await;
    to_day(&a, "2027-01-03");
    pay(&api, &a, &kept.0, "4223.00").await;
    to_day(&a, "2027-01-14");

    let process = || async {
        let store = Store::connect(a.db_url()).await.unwrap().with_clock(a.state.clock.clone());
        run_once(&store, &a.state.clock).await.unwrap()
    };
    let (one, other) = tokio::join!(process(), process());
    assert_eq!(one.failed + other.failed, 0, "{one:?} {other:?}");

    // Every claim with a plan, the demo's included: what the two runs say they did is what the log
    // holds, and no claim has a change twice.
    let mut ids: Vec<ClaimId> = cases.iter().map(|(_, id)| id.clone()).collect();
    for login in debtor_portal::server::demo::logins() {
        ids.push(a.claim_id(login.case_number).await);
    }
    let (mut arrears, mut lapsed) = (0, 0);
    for id in &ids {
        let (x, l) = (count(&a, id, AuditAction::PlanInArrears).await, count(&a, id, AuditAction::PlanLapsed).await);
        assert!(x <= 1 && l <= 1, "claim {id}: {x} arrears lines, {l} lapse lines");
        (arrears, lapsed) = (arrears + x as u64, lapsed + l as u64);
    }
    assert_eq!((one.arrears_marked + other.arrears_marked, one.plans_lapsed + other.plans_lapsed), (arrears, lapsed));
    assert_eq!(count(&a, &lapses.1, AuditAction::PlanLapsed).await, 1);
    assert_eq!(count(&a, &behind.1, AuditAction::PlanInArrears).await, 1);
    assert_eq!(count(&a, &kept.1, AuditAction::PlanInArrears).await, 0);
    let store = &a.state.store;
    let p = store.proposals_of_claim(&lapses.1).await.unwrap().remove(0);
    assert_eq!((p.state, p.ended.map(|(on, _)| on)), (ProposalState::Lapsed, Some(d("2027-01-14"))));
    let p = store.proposals_of_claim(&behind.1).await.unwrap().remove(0);
    assert_eq!((p.state, p.arrears_since), (ProposalState::Active, Some(d("2027-01-03"))));

    // Run again, from both at once: nothing is left to change.
    let (one, other) = tokio::join!(process(), process());
    for r in [one, other] {
        assert_eq!((r.arrears_marked, r.arrears_cleared, r.plans_lapsed, r.failed), (0, 0, 0, 0), "{r:?}");
    }
    for id in &ids {
        let (x, l) = (count(&a, id, AuditAction::PlanInArrears).await, count(&a, id, AuditAction::PlanLapsed).await);
        assert!(x <= 1 && l <= 1, "claim {id} after the second run: {x}, {l}");
    }
    assert_eq!(count(&b, &lapses.1, AuditAction::PlanLapsed).await, 1);
}

mod postgres_backend {
    use super::app::db;

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_debtor_session_opened_on_one_node_works_on_the_other() {
        super::a_debtor_session_opened_on_one_node_works_on_the_other(db::postgres().await).await
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn a_staff_session_with_its_second_factor_spans_the_nodes() {
        super::a_staff_session_with_its_second_factor_spans_the_nodes(db::postgres().await).await
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn an_api_key_made_on_one_node_works_on_the_other() {
        super::an_api_key_made_on_one_node_works_on_the_other(db::postgres().await).await
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn the_daily_job_run_by_two_processes_at_once() {
        super::the_daily_job_run_by_two_processes_at_once(db::postgres().await).await
    }
}
