//! A claim's life after the debtor acts, over months with the movable clock, on SQLite and
//! PostgreSQL: a plan paid on time to the end, paid early in one sum, missed once and caught up,
//! missed until it lapses, a one-installment plan (a deferral), a Norwegian plan of six
//! installments. In each, the claim page, the API and `debtor-portal statement` show the same
//! balance. Every amount is a literal worked out once from docs/claim-arithmetic.md by an
//! independent reading of it (Python's Decimal), never by the code under test.
//!
//! The claims: 12,000.00 due 2026-09-30, a 180.00 fee dated 2026-10-15; Sweden: reference rate
//! 2.00 + 8 (10 %, act/365), Norway: forsinkelsesrente 12.00 (act/act). Today is 2026-11-23.
#![cfg(feature = "ssr")]

#[path = "support/api_client.rs"]
mod api_client;
#[path = "support/app.rs"]
mod app;
#[path = "support/plan_forms.rs"]
mod plan_forms;
#[path = "support/staff_pages.rs"]
mod staff_pages;

use std::process::Command;

use api_client::{claim_json, key_for, Api, NORDLJUS_ADMIN};
use app::db::TestDb;
use chrono::NaiveDate;
use debtor_portal::domain::ids::ClaimId;
use debtor_portal::domain::policy::PolicyOutcome;
use debtor_portal::domain::ClaimStatus;
use debtor_portal::server::daily_job::{run_once, DailyReport};
use debtor_portal::server::store::{AuditAction, ProposalState};
use plan_forms::{installments, propose};
use serde_json::{json, Value};
use staff_pages::{en, staff_session, text, NORDLJUS_AGENT};

const BIN: &str = env!("CARGO_BIN_EXE_debtor-portal");
/// Fjellsport Detalj AS, the demo's Norwegian creditor.
const FJELLSPORT: &str = "kreditt@fjellsport.example";

struct Case {
    number: String,
    code: String,
    id: ClaimId,
}

fn d(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

async fn spawn(db: TestDb) -> app::App {
    // Letters' codes stay good for the months these stories take; a rate published by
    // `rates add` (another process) is read at once, not after the cache's time to live.
    app::spawn_seeded_with(db, &[("CODE_LIFETIME_DAYS", "365"), ("REFERENCE_CACHE_SECS", "0")]).await
}

async fn import(app: &app::App, api: &Api<'_>, invoice: &str) -> Case {
    let a = api.post("/claims", &claim_json(invoice, "Sara Lind", "12000.00")).await;
    assert_eq!(a.status, 201, "{}", a.json);
    let c = &a.json["claims"][0];
    let number = c["case_number"].as_str().unwrap().to_owned();
    let id = app.claim_id(&number).await;
    Case { number, code: c["access_code"].as_str().unwrap().to_owned(), id }
}

/// The value of `attribute` on the element marked `data-testid="testid"`.
fn marked<'a>(page: &'a str, testid: &str, attribute: &str) -> Option<&'a str> {
    let at = page.find(&format!(r#"data-testid="{testid}""#))?;
    let start = page[..at].rfind('<')?;
    let end = at + page[at..].find('>')?;
    let tag = &page[start..end];
    let key = format!(r#"{attribute}=""#);
    let from = tag.find(&key)? + key.len();
    Some(&tag[from..from + tag[from..].find('"')?])
}

/// The binary with `args`, on the server's database at the server's instant.
fn command(app: &app::App, data: &tempfile::TempDir, args: &[&str]) -> Command {
    let now = chrono::DateTime::from_timestamp(app.state.clock.now().unix(), 0).unwrap().to_rfc3339();
    let mut cmd = Command::new(BIN);
    cmd.args(args)
        .env("DATA_DIR", data.path())
        .env("DATABASE_URL", app.db_url())
        .env("FIXED_CLOCK", now)
        .env("RUST_LOG", "error")
        // A PostgreSQL node needs the keys every node shares; only the statement is read here.
        .env("SECRET_KEY", "0".repeat(64))
        .env("DOCUMENT_KEYS", format!("2026:{}", "1".repeat(64)));
    cmd
}

/// The balance the engine's `statement` command prints for the case, as of the server's instant.
fn cli_total(app: &app::App, case: &str) -> String {
    let data = tempfile::tempdir().unwrap();
    let out = command(app, &data, &["statement", case]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["total_outstanding"].as_str().unwrap().to_owned()
}

/// The claim page, the API and `statement` agree on the balance, which is `expected`; the API's
/// answer is returned.
async fn all_say(app: &app::App, api: &Api<'_>, case: &Case, expected: &str) -> Value {
    let a = api.get(&format!("/claims/{}", case.number)).await;
    assert_eq!(a.json["statement"]["total_outstanding"], expected, "the API: {}", a.json);
    let page = claim_page(app, case).await;
    assert_eq!(marked(&page, "total-outstanding", "data-amount"), Some(expected), "the claim page");
    assert_eq!(cli_total(app, &case.number), expected, "debtor-portal statement");
    a.json
}

async fn claim_page(app: &app::App, case: &Case) -> String {
    let cookie = app.session(&case.number, &case.code).await;
    text(en(app, &format!("/claims/{}", case.id), &cookie).await).await
}

async fn pay(api: &Api<'_>, app: &app::App, case: &Case, amount: &str) -> Value {
    let body = json!({ "amount": amount, "paid_on": app.today().to_string() });
    let a = api.post(&format!("/claims/{}/payments", case.number), &body).await;
    assert_eq!(a.status, 201, "{}", a.json);
    a.json
}

/// The debtor proposes `count` installments, the first on 2026-12-03.
async fn proposes(app: &app::App, case: &Case, count: u32) -> PolicyOutcome {
    let cookie = app.session(&case.number, &case.code).await;
    let (r, expected) = propose(app, &case.number, &cookie, &installments(count, d("2026-12-03"))).await;
    assert_eq!(r.status(), 303);
    expected.verdict.outcome
}

/// Moves the clock to `day` (noon UTC, as the tests start).
fn to_day(app: &app::App, day: &str) {
    let days = (d(day) - app.today()).num_days();
    assert!(days >= 0, "the clock only moves on");
    app.advance_days(days);
}

/// The claim's newest plan.
async fn plan_of(app: &app::App, case: &Case) -> debtor_portal::server::store::ProposalRecord {
    app.state.store.proposals_of_claim(&case.id).await.unwrap().remove(0)
}

/// Every follow-up line the audit log holds, over the demo's claims and `cases`: (in arrears, lapsed).
async fn follow_ups_everywhere(app: &app::App, cases: &[&Case]) -> (u64, u64) {
    let mut ids: Vec<ClaimId> = cases.iter().map(|c| c.id.clone()).collect();
    for login in debtor_portal::server::demo::logins() {
        ids.push(app.claim_id(login.case_number).await);
    }
    let (mut arrears, mut lapsed) = (0, 0);
    for id in ids {
        for line in app.state.store.audit_for(id.as_str()).await.unwrap() {
            arrears += u64::from(line.action == AuditAction::PlanInArrears);
            lapsed += u64::from(line.action == AuditAction::PlanLapsed);
        }
    }
    (arrears, lapsed)
}

async fn daily(app: &app::App) -> DailyReport {
    run_once(&app.state.store, &app.state.clock).await.unwrap()
}

fn fee_kinds(api_claim: &Value) -> String {
    api_claim["statement"]["fees"]["original"].as_str().unwrap().to_owned()
}

async fn a_plan_paid_on_time_to_the_end(db: TestDb) {
    let app = spawn(db).await;
    let api = key_for(&app, NORDLJUS_ADMIN, "ERP").await;
    let case = import(&app, &api, "F-2001").await;
    all_say(&app, &api, &case, "12357.53").await;
    assert_eq!(proposes(&app, &case, 3).await, PolicyOutcome::AutoApproved);
    // The 170.00 plan fee is on the claim now, dated today, so every screen shows the plan's figure.
    let a = all_say(&app, &api, &case, "12527.53").await;
    assert_eq!(fee_kinds(&a), "350.00");
    assert_eq!(a["status"], "plan_active");
    assert_eq!(a["plan"]["next"], json!({ "due_date": "2026-12-03", "amount": "4223.00" }));
    let audit = app.state.store.audit_for(case.id.as_str()).await.unwrap();
    assert_eq!(audit.iter().filter(|l| l.action == AuditAction::PlanFeeBooked).count(), 1);
    // The payment box asks for the first installment, with the claim's reference; no Kronofogden.
    let page = claim_page(&app, &case).await;
    assert_eq!(marked(&page, "pay-amount", "data-amount"), Some("4223.00"));
    assert_eq!(marked(&page, "headline-next", "data-date"), Some("2026-12-03"));
    assert!(page.contains(r#"data-kind="InstallmentDue""#), "the plan's steps are the timeline's");
    assert!(!page.contains(r#"data-kind="EarliestKronofogden""#), "no legal step while the plan is kept");

    to_day(&app, "2026-12-03");
    let a = pay(&api, &app, &case, "4223.00").await;
    assert_eq!(
        (a["plan"]["paid_installments"].as_u64(), a["statement"]["total_outstanding"].as_str()),
        (Some(1), Some("8337.41"))
    );
    to_day(&app, "2027-01-03");
    let a = pay(&api, &app, &case, "4223.00").await;
    assert_eq!(a["plan"]["paid_installments"], 2);
    to_day(&app, "2027-02-03");
    // The last installment is the balance on its date: exactly what the statement says.
    let a = all_say(&app, &api, &case, "4220.77").await;
    assert_eq!(a["plan"]["next"], json!({ "due_date": "2027-02-03", "amount": "4220.77" }));
    let a = pay(&api, &app, &case, "4220.77").await;
    assert_eq!((a["status"].as_str(), a["statement"]["total_outstanding"].as_str()), (Some("paid"), Some("0.00")));
    assert_eq!((a["plan"]["paid_installments"].as_u64(), a["plan"]["next"].is_null()), (Some(3), true));
    daily(&app).await;
    assert_eq!(
        (plan_of(&app, &case).await.state, app.status(&case.number).await),
        (ProposalState::Active, ClaimStatus::Paid)
    );
}

async fn a_plan_paid_early_in_one_sum(db: TestDb) {
    let app = spawn(db).await;
    let api = key_for(&app, NORDLJUS_ADMIN, "ERP").await;
    let case = import(&app, &api, "F-2002").await;
    proposes(&app, &case, 3).await;
    to_day(&app, "2026-12-01");
    // Everything today: 203.84 of interest so far instead of what the plan would have added.
    let a = all_say(&app, &api, &case, "12553.84").await;
    assert_eq!(a["plan"]["payoff_today"], "12553.84");
    let page = claim_page(&app, &case).await;
    let saves = marked(&page, "plan-payoff", "data-saves");
    assert_eq!(saves, Some("112.93"), "12,666.77 by the plan's dates");
    let a = pay(&api, &app, &case, "12553.84").await;
    assert_eq!(a["status"], "paid");
    assert_eq!(a["plan"]["paid_installments"], 3, "a zero statement pays every installment");
}

async fn an_installment_missed_then_caught_up(db: TestDb) {
    let app = spawn(db).await;
    let api = key_for(&app, NORDLJUS_ADMIN, "ERP").await;
    let case = import(&app, &api, "F-2003").await;
    proposes(&app, &case, 3).await;
    // Ten days after the due date the grace still holds: overdue on the schedule, no notice.
    to_day(&app, "2026-12-13");
    daily(&app).await;
    assert_eq!(plan_of(&app, &case).await.arrears_since, None);
    let page = claim_page(&app, &case).await;
    assert!(page.contains(r#"class="installment overdue""#) && !page.contains("plan-arrears"));
    // The eleventh day: in arrears on both sides.
    to_day(&app, "2026-12-14");
    daily(&app).await;
    let plan = plan_of(&app, &case).await;
    assert_eq!((plan.state, plan.arrears_since), (ProposalState::Active, Some(d("2026-12-03"))));
    let page = claim_page(&app, &case).await;
    assert_eq!(marked(&page, "plan-arrears", "data-amount"), Some("4223.00"), "what to pay to catch up");
    assert_eq!(marked(&page, "pay-amount", "data-amount"), Some("4223.00"));
    let a = all_say(&app, &api, &case, "12596.58").await;
    assert_eq!(
        (a["plan"]["arrears_since"].as_str(), a["plan"]["overdue_amount"].as_str()),
        (Some("2026-12-03"), Some("4223.00"))
    );
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    let queue = text(en(&app, "/staff/queue", &agent).await).await;
    assert!(queue.contains(&format!(r#"data-case="{}""#, case.number)) && queue.contains("plan in arrears since"));
    // The catch-up payment clears the arrears at once, without waiting for the job.
    let a = pay(&api, &app, &case, "4223.00").await;
    assert!(a["plan"]["arrears_since"].is_null(), "{a}");
    assert_eq!(a["statement"]["total_outstanding"], "8373.58");
    assert_eq!(a["plan"]["next"], json!({ "due_date": "2027-01-03", "amount": "4223.00" }));
    let queue = text(en(&app, "/staff/queue", &agent).await).await;
    assert!(!queue.contains(&format!(r#"data-case="{}""#, case.number)));
    let audit = app.state.store.audit_for(case.id.as_str()).await.unwrap();
    assert!(audit.iter().any(|l| l.action == AuditAction::PlanArrearsCleared));
    // Eleven days late cost interest: the last installment is now 4,232.10, not 4,220.77.
    to_day(&app, "2027-01-03");
    pay(&api, &app, &case, "4223.00").await;
    to_day(&app, "2027-02-03");
    let a = all_say(&app, &api, &case, "4232.10").await;
    assert_eq!(a["plan"]["next"]["amount"], "4232.10");
}

async fn missed_until_the_plan_lapses(db: TestDb) {
    let app = spawn(db).await;
    let api = key_for(&app, NORDLJUS_ADMIN, "ERP").await;
    let case = import(&app, &api, "F-2004").await;
    proposes(&app, &case, 3).await;
    to_day(&app, "2026-12-14");
    daily(&app).await;
    assert_eq!(plan_of(&app, &case).await.arrears_since, Some(d("2026-12-03")));
    // Thirty days after the first due date: still a plan in arrears.
    to_day(&app, "2027-01-02");
    daily(&app).await;
    assert_eq!(plan_of(&app, &case).await.state, ProposalState::Active);
    // The thirty-first: the plan lapses; the claim is back in collection with its balance, the plan
    // fee booked stays and interest runs on.
    to_day(&app, "2027-01-03");
    daily(&app).await;
    assert_eq!(app.status(&case.number).await, ClaimStatus::DemandSent);
    let a = all_say(&app, &api, &case, "12662.33").await;
    assert_eq!((fee_kinds(&a).as_str(), a["plan"].is_null()), ("350.00", true));
    let plans = app.state.store.proposals_of_claim(&case.id).await.unwrap();
    assert_eq!(plans[0].state, ProposalState::Lapsed);
    assert_eq!(plans[0].ended.map(|(on, _)| on), Some(d("2027-01-03")));
    let follow_ups = async || {
        let audit = app.state.store.audit_for(case.id.as_str()).await.unwrap();
        let of = |action| audit.iter().filter(|l| l.action == action).count();
        (of(AuditAction::PlanInArrears), of(AuditAction::PlanLapsed))
    };
    assert_eq!(follow_ups().await, (1, 1));
    // The debtor sees why, the whole balance asked for by a new deadline, and no new plan (the
    // creditor's default after a broken plan).
    let page = claim_page(&app, &case).await;
    assert!(page.contains("Your plan ended unpaid"), "the timeline says why");
    assert_eq!(marked(&page, "pay-amount", "data-amount"), Some("12662.33"));
    assert_eq!(marked(&page, "pay-by", "data-date"), Some("2027-01-11"), "8 days from the day it lapsed");
    assert!(page.contains("no-plan-after-lapse"));
    // Run again, the same day: nothing more changes.
    let again = daily(&app).await;
    assert_eq!((again.plans_lapsed, again.arrears_marked, again.arrears_cleared), (0, 0, 0));
    assert_eq!(follow_ups().await, (1, 1));
    // A creditor that allows a new plan after a broken one: no second plan fee (once per claim).
    let rec = app.claim(&case.number).await;
    let creditor = app.state.store.creditor(&rec.creditor_id).await.unwrap().unwrap();
    let mut terms = creditor.policy.terms().clone();
    terms.new_plan_after_lapse = true;
    let policy = debtor_portal::domain::policy::PlanPolicy::new(creditor.country, terms).unwrap();
    let admin = app.state.store.staff_user_by_email(NORDLJUS_ADMIN).await.unwrap().unwrap();
    app.state.store.update_policy(&creditor.id, &policy, &admin.id).await.unwrap();
    let cookie = app.session(&case.number, &case.code).await;
    let (r, expected) = propose(&app, &case.number, &cookie, &installments(3, d("2027-01-13"))).await;
    assert_eq!(r.status(), 303);
    assert_eq!(expected.plan_fee, debtor_portal::domain::Money::ZERO);
    let a = all_say(&app, &api, &case, "12662.33").await;
    assert_eq!((fee_kinds(&a).as_str(), a["status"].as_str()), ("350.00", Some("plan_active")));
}

async fn a_one_installment_plan_is_a_deferral_without_fee(db: TestDb) {
    let app = spawn(db).await;
    let api = key_for(&app, NORDLJUS_ADMIN, "ERP").await;
    let case = import(&app, &api, "F-2005").await;
    assert_eq!(proposes(&app, &case, 1).await, PolicyOutcome::AutoApproved);
    let a = all_say(&app, &api, &case, "12357.53").await;
    assert_eq!(fee_kinds(&a), "180.00", "no plan fee for a deferral");
    assert_eq!(a["plan"]["next"], json!({ "due_date": "2026-12-03", "amount": "12390.41" }));
}

async fn a_norwegian_plan_of_six_installments(db: TestDb) {
    let app = spawn(db).await;
    let api = key_for(&app, FJELLSPORT, "Fjellsport ERP").await;
    let case = import(&app, &api, "KV-2006").await;
    all_say(&app, &api, &case, "12393.04").await;
    // More than Fjellsport's four at once: an agent decides; no plan fee in Norway.
    assert_eq!(proposes(&app, &case, 6).await, PolicyOutcome::NeedsReview);
    let pending = api.get("/plan-proposals?status=pending").await;
    let id =
        pending.json["items"].as_array().unwrap().iter().find(|p| p["case_number"] == case.number.as_str()).unwrap()
            ["id"]
            .as_str()
            .unwrap()
            .to_owned();
    let amounts: Vec<&str> = pending.json["items"].as_array().unwrap().iter().find(|p| p["id"] == id.as_str()).unwrap()
        ["schedule"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["amount"].as_str().unwrap())
        .collect();
    assert_eq!(amounts, ["2124.00", "2124.00", "2124.00", "2124.00", "2124.00", "2122.94"]);
    let a = api.post(&format!("/plan-proposals/{id}/decision"), &json!({ "outcome": "approved" })).await;
    assert_eq!(a.status, 200, "{}", a.json);
    let a = all_say(&app, &api, &case, "12393.04").await;
    assert_eq!(fee_kinds(&a), "180.00");
    let page = claim_page(&app, &case).await;
    assert!(!page.contains(r#"data-kind="LegalCollectionMayStart""#), "no legal step under a plan");
    for (day, amount, left) in [
        ("2026-12-03", "2124.00", "10308.49"),
        ("2027-01-03", "2124.00", "8289.55"),
        ("2027-02-03", "2124.00", "6250.04"),
        ("2027-03-03", "2124.00", "4183.57"),
        ("2027-04-03", "2124.00", "2102.21"),
    ] {
        to_day(&app, day);
        let a = pay(&api, &app, &case, amount).await;
        assert_eq!(a["statement"]["total_outstanding"], left, "{day}");
    }
    to_day(&app, "2027-05-03");
    all_say(&app, &api, &case, "2122.94").await;
    let a = pay(&api, &app, &case, "2122.94").await;
    assert_eq!((a["status"].as_str(), a["plan"]["paid_installments"].as_u64()), (Some("paid"), Some(6)));
}

/// What each installment row asks for, in order.
fn row_amounts(page: &str) -> Vec<&str> {
    page.split(r#"data-testid="plan-row""#)
        .skip(1)
        .filter_map(|row| {
            let at = row.find(r#"data-field="amount" data-amount=""#)? + r#"data-field="amount" data-amount=""#.len();
            Some(&row[at..at + row[at..].find('"')?])
        })
        .collect()
}

/// A plan of six made on 2026-11-23 assumed the 2.00 reference rate would go on; on 2027-01-20 the
/// rate for 2027H1 (3.00, so 11 %) is published, twenty days late. From 2027-01-01 interest follows
/// it on every screen; what was paid stays, the installments still to pay are worked out again.
async fn a_rate_published_late_during_a_plan(db: TestDb) {
    let app = spawn(db).await;
    let api = key_for(&app, NORDLJUS_ADMIN, "ERP").await;
    let case = import(&app, &api, "F-2008").await;
    assert_eq!(proposes(&app, &case, 6).await, PolicyOutcome::AutoApproved);
    to_day(&app, "2026-12-03");
    pay(&api, &app, &case, "2137.00").await;
    to_day(&app, "2027-01-03");
    pay(&api, &app, &case, "2137.00").await;
    to_day(&app, "2027-01-20");
    all_say(&app, &api, &case, "8413.95").await;
    let page = claim_page(&app, &case).await;
    assert_eq!(row_amounts(&page), ["2137.00", "2137.00", "2137.00", "2137.00", "2137.00", "2136.74"]);
    assert!(!page.contains("plan-rate-changed"));

    let data = tempfile::tempdir().unwrap();
    let out = command(&app, &data, &["rates", "add", "SE", "2027-01-01", "3.00"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let a = all_say(&app, &api, &case, "8418.70").await;
    assert_eq!(a["plan"]["next"], json!({ "due_date": "2027-02-03", "amount": "2137.00" }));
    let page = claim_page(&app, &case).await;
    assert_eq!(marked(&page, "plan-rate-changed", "data-from"), Some("2027-01-01"), "the debtor is told why");
    assert_eq!(row_amounts(&page), ["2137.00", "2137.00", "2137.00", "2137.00", "2137.00", "2155.21"]);
}

/// Two installments missed; a payment catches up the older only: the plan is still in arrears,
/// now since the later one's due date (what the queue and the debtor see follow it).
async fn arrears_move_on_when_the_older_installment_is_caught_up(db: TestDb) {
    let app = spawn(db).await;
    let api = key_for(&app, NORDLJUS_ADMIN, "ERP").await;
    let case = import(&app, &api, "F-2009").await;
    proposes(&app, &case, 3).await;
    to_day(&app, "2026-12-14");
    daily(&app).await;
    assert_eq!(plan_of(&app, &case).await.arrears_since, Some(d("2026-12-03")));
    to_day(&app, "2027-01-20");
    let a = pay(&api, &app, &case, "4223.00").await;
    assert_eq!(a["plan"]["arrears_since"], "2027-01-03", "{a}");
    assert_eq!(a["plan"]["next"]["due_date"], "2027-01-03");
    let audit = app.state.store.audit_for(case.id.as_str()).await.unwrap();
    assert_eq!(audit.iter().filter(|l| l.action == AuditAction::PlanInArrears).count(), 2);
    daily(&app).await;
    assert_eq!(plan_of(&app, &case).await.arrears_since, Some(d("2027-01-03")), "a second run moves nothing");
}

async fn an_agent_ends_a_plan_in_arrears(db: TestDb) {
    let app = spawn(db).await;
    let api = key_for(&app, NORDLJUS_ADMIN, "ERP").await;
    let case = import(&app, &api, "F-2007").await;
    proposes(&app, &case, 3).await;
    to_day(&app, "2026-12-20");
    daily(&app).await;
    let plan = plan_of(&app, &case).await;
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    let screen = format!("/staff/proposals/{}", plan.id);
    let page = text(en(&app, &screen, &agent).await).await;
    assert_eq!(marked(&page, "plan-standing", "data-state"), Some("arrears"), "{page}");
    assert!(page.contains("Plan in arrears since 2026-12-03"), "{page}");
    // Not ticked: nothing happens.
    let end = format!("{screen}/end");
    let r = app.post_form(&end, &[], &[("cookie", &agent)]).await;
    assert_eq!(app::App::location(&r), format!("{screen}?error=end_not_confirmed#plan-standing"));
    assert_eq!(plan_of(&app, &case).await.state, ProposalState::Active);
    // Ticked: the plan ends, by a person, and says so on both sides.
    let r = app.post_form(&end, &[("confirm", "end")], &[("cookie", &agent)]).await;
    assert_eq!(app::App::location(&r), format!("{screen}?ended=1#plan-standing"));
    let plan = plan_of(&app, &case).await;
    assert_eq!(
        (plan.state, plan.ended.map(|(on, why)| (on, why.as_str()))),
        (ProposalState::Lapsed, Some((d("2026-12-20"), "agent")))
    );
    assert_eq!(app.status(&case.number).await, ClaimStatus::DemandSent);
    let page = text(en(&app, &screen, &agent).await).await;
    assert_eq!(marked(&page, "plan-standing", "data-state"), Some("lapsed"));
    // Twice: the plan is no longer active, nothing more is written.
    let r = app.post_form(&end, &[("confirm", "end")], &[("cookie", &agent)]).await;
    assert_eq!(app::App::location(&r), format!("{screen}?error=plan_not_active#plan-standing"));
    let audit = app.state.store.audit_for(case.id.as_str()).await.unwrap();
    assert_eq!(audit.iter().filter(|l| l.action == AuditAction::PlanLapsed).count(), 1);
    // Another creditor's agent cannot see or end it.
    let kvikk = staff_session(&app, staff_pages::KVIKK_AGENT).await;
    let r = app.post_form(&end, &[("confirm", "end")], &[("cookie", &kvikk)]).await;
    assert_eq!(r.status(), 404);
}

/// Three plans on 2027-01-14: one unpaid since 2026-12-03 (lapses), one whose second installment
/// is eleven days late (in arrears), one paid on time (kept). The job from two processes at once,
/// then twice more at once in this one, ends as one run would, each change audited once.
async fn the_daily_job_twice_and_from_two_processes_at_once(db: TestDb) {
    let app = spawn(db).await;
    let api = key_for(&app, NORDLJUS_ADMIN, "ERP").await;
    let (lapses, behind, kept) =
        (import(&app, &api, "F-2101").await, import(&app, &api, "F-2102").await, import(&app, &api, "F-2103").await);
    for case in [&lapses, &behind, &kept] {
        proposes(&app, case, 3).await;
    }
    to_day(&app, "2026-12-03");
    pay(&api, &app, &behind, "4223.00").await;
    pay(&api, &app, &kept, "4223.00").await;
    to_day(&app, "2027-01-03");
    pay(&api, &app, &kept, "4223.00").await;
    to_day(&app, "2027-01-14");

    let data = tempfile::tempdir().unwrap();
    let runs: Vec<_> = (0..2).map(|_| command(&app, &data, &["daily"]).output_spawned()).collect();
    let reports: Vec<Value> = runs.into_iter().map(wait_report).collect();
    let sum = |key: &str| reports.iter().map(|r| r[key].as_u64().unwrap()).sum::<u64>();
    // The demo's own plans are followed too: what the two runs say they did is what the log holds,
    // each change made by one of them only.
    let (arrears, lapsed) = follow_ups_everywhere(&app, &[&lapses, &behind, &kept]).await;
    assert_eq!((sum("plans_lapsed"), sum("arrears_marked")), (lapsed, arrears), "{reports:?}");

    let again = || async {
        let store = debtor_portal::server::store::Store::connect(app.db_url()).await.unwrap();
        run_once(&store.with_clock(app.state.clock.clone()), &app.state.clock).await.unwrap()
    };
    let (a, b) = tokio::join!(again(), again());
    for report in [a, b] {
        assert_eq!((report.plans_lapsed, report.arrears_marked, report.arrears_cleared), (0, 0, 0));
    }
    assert_eq!(follow_ups_everywhere(&app, &[&lapses, &behind, &kept]).await, (arrears, lapsed));

    let p = plan_of(&app, &lapses).await;
    assert_eq!((p.state, p.ended.map(|(on, _)| on)), (ProposalState::Lapsed, Some(d("2027-01-14"))));
    let p = plan_of(&app, &behind).await;
    assert_eq!((p.state, p.arrears_since), (ProposalState::Active, Some(d("2027-01-03"))));
    let p = plan_of(&app, &kept).await;
    assert_eq!((p.state, p.arrears_since), (ProposalState::Active, None));
    assert_eq!(
        (app.status(&lapses.number).await, app.status(&behind.number).await),
        (ClaimStatus::DemandSent, ClaimStatus::PlanActive)
    );
    for (case, action) in [(&lapses, AuditAction::PlanLapsed), (&behind, AuditAction::PlanInArrears)] {
        let audit = app.state.store.audit_for(case.id.as_str()).await.unwrap();
        assert_eq!(audit.iter().filter(|l| l.action == action).count(), 1, "{action:?} once");
    }
}

trait Spawned {
    fn output_spawned(self) -> std::process::Child;
}

impl Spawned for Command {
    /// Started now, read later: both runs are under way at once.
    fn output_spawned(mut self) -> std::process::Child {
        self.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::piped()).spawn().unwrap()
    }
}

fn wait_report(child: std::process::Child) -> Value {
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

on_both_backends!(
    crate::app::db;
    a_plan_paid_on_time_to_the_end,
    a_plan_paid_early_in_one_sum,
    an_installment_missed_then_caught_up,
    missed_until_the_plan_lapses,
    a_one_installment_plan_is_a_deferral_without_fee,
    a_norwegian_plan_of_six_installments,
    the_daily_job_twice_and_from_two_processes_at_once,
    an_agent_ends_a_plan_in_arrears,
    a_rate_published_late_during_a_plan,
    arrears_move_on_when_the_older_installment_is_caught_up,
);
