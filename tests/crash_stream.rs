//! A server killed (SIGKILL) in the middle of a stream of state changes leaves each of them whole or
//! absent, and a creditor's system that then sends its requests again with the same
//! `Idempotency-Key`s gets each exactly once. Runs the real binary on each backend. Each round
//! sends at once: claims registered through the API, payments reported, decisions on proposals
//! and debtors' plan proposals; the server is killed when a seeded-random number of the answers
//! has arrived (an event, not a time, so the machine's speed moves nothing), then each submission
//! is checked: a registration with both its claims and its audit line, or nothing; a payment with
//! its audit line once, or nothing; a decision with the proposal's new state, the claim's status
//! and its audit line, or nothing; a proposal with all its instalments, or nothing. Every answer
//! that arrived as a success is in the database. After the rounds, a server half an hour later
//! (past the time a cut-off request holds its key) takes every API request again.
#![cfg(all(feature = "ssr", unix))]

#[path = "support/db.rs"]
mod db;

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use debtor_portal::domain::proposal::{ChosenSize, PlanChoice, PlanInputs};
use debtor_portal::server::api::{generate_key, key_hash, KEY_PREFIX_CHARS};
use debtor_portal::server::store::Store;
use rand::{Rng, SeedableRng};
use serde_json::{json, Value};

const BIN: &str = env!("CARGO_BIN_EXE_debtor-portal");
const KEY: &str = "3b7e0c5a9f1d2e4b6a8c0e2f4a6b8d0c1e3f5a7b9c1d3e5f7a9b1c3d5e7f9a1b";
const T0: &str = "2026-11-23T12:00:00Z";
/// Half an hour on: a request cut off by the kill no longer holds its key.
const T1: &str = "2026-11-23T12:30:00Z";
const ROUNDS: usize = 4;
/// Of each kind, per round.
const EACH: usize = 4;

struct Server {
    child: Child,
    base: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn command(url: &str, dir: &Path, clock: &str) -> Command {
    let mut c = Command::new(BIN);
    c.current_dir(dir)
        .env("DATABASE_URL", url)
        .env("DATA_DIR", dir.join("data"))
        .env("SECRET_KEY", KEY)
        .env("DOCUMENT_KEYS", format!("crash:{KEY}"))
        .env("LEPTOS_SITE_ROOT", dir.join("site"))
        .env("LEPTOS_OUTPUT_NAME", "debtor-portal")
        .env("RUST_LOG", "warn")
        .env("FIXED_CLOCK", clock)
        .env("TRUSTED_PROXIES", "127.0.0.1")
        .env_remove("PUBLIC_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

async fn start(url: &str, dir: &Path, clock: &str) -> Server {
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let child = command(url, dir, clock).arg("serve").env("LISTEN_ADDR", format!("127.0.0.1:{port}")).spawn().unwrap();
    let server = Server { child, base: format!("http://127.0.0.1:{port}") };
    let until = std::time::Instant::now() + Duration::from_secs(120);
    while std::time::Instant::now() < until {
        if reqwest::get(format!("{}/healthz", server.base)).await.is_ok_and(|r| r.status() == 200) {
            return server;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not start");
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// One state change of the stream, as it is sent again after the kill.
#[derive(Clone, Debug)]
enum Submission {
    Claims { key: String, invoices: [String; 2] },
    Payment { key: String, case: String, reference: String },
    Decision { key: String, proposal: String, case: String },
    Proposal { case: String, cookie: String, form: Vec<(&'static str, String)> },
}

fn claims_body(invoices: &[String; 2]) -> Value {
    let one = |invoice: &str| {
        json!({
            "debtor_name": format!("Gäldenär {invoice}"), "concerns": "Elavtal oktober 2026",
            "original_invoice": invoice, "principal": "12000.00", "due_date": "2026-09-30",
            "collection_fee": "180.00", "demand_sent_on": "2026-10-15",
        })
    };
    json!([one(&invoices[0]), one(&invoices[1])])
}

async fn api_post(
    base: &str,
    api_key: &str,
    path: &str,
    body: &Value,
    key: &str,
) -> reqwest::Result<reqwest::Response> {
    client()
        .post(format!("{base}/api/v1{path}"))
        .bearer_auth(api_key)
        .header("idempotency-key", key)
        .json(body)
        .send()
        .await
}

/// Sends the submission; true when it was answered as done.
async fn send(base: &str, api_key: &str, s: &Submission) -> bool {
    let answer = match s {
        Submission::Claims { key, invoices } => api_post(base, api_key, "/claims", &claims_body(invoices), key).await,
        Submission::Payment { key, case, reference } => {
            let body = json!({ "amount": "25.00", "paid_on": "2026-11-23", "reference": reference });
            api_post(base, api_key, &format!("/claims/{case}/payments"), &body, key).await
        }
        Submission::Decision { key, proposal, .. } => {
            let body = json!({ "outcome": "approved" });
            api_post(base, api_key, &format!("/plan-proposals/{proposal}/decision"), &body, key).await
        }
        Submission::Proposal { case: _, cookie, form } => {
            let (path, form) = (form[0].1.clone(), &form[1..]);
            client().post(format!("{base}{path}")).header("cookie", cookie).form(form).send().await
        }
    };
    match answer {
        Ok(r) => match s {
            Submission::Proposal { .. } => {
                r.headers().get("location").is_some_and(|l| l.to_str().unwrap().contains("sent=1"))
            }
            _ => r.status().is_success(),
        },
        Err(_) => false,
    }
}

async fn one(store: &Store, sql: &str, arg: &str) -> i64 {
    let n: (i64,) = sqlx::query_as(sql).bind(arg).fetch_one(store.pool()).await.unwrap();
    n.0
}

/// Whether the submission's effect is in the database; panics when it is there only in part.
async fn stored(store: &Store, s: &Submission) -> bool {
    match s {
        Submission::Claims { invoices, .. } => {
            let n = |i| one(store, "SELECT COUNT(*) FROM claims WHERE original_invoice = $1", i);
            let (a, b) = (n(&invoices[0]).await, n(&invoices[1]).await);
            assert!((a, b) == (0, 0) || (a, b) == (1, 1), "{s:?}: {a} and {b} claims");
            let pattern = format!("%Gäldenär {}%", invoices[0]);
            let debtors = one(store, "SELECT COUNT(*) FROM debtors WHERE name LIKE $1", &pattern).await;
            assert_eq!(debtors, a, "{s:?}: the debtor with the claim, or neither");
            if a == 1 {
                let case: (String,) = sqlx::query_as("SELECT case_number FROM claims WHERE original_invoice = $1")
                    .bind(&invoices[0])
                    .fetch_one(store.pool())
                    .await
                    .unwrap();
                let audit = format!("%{}%", case.0);
                let lines = one(
                    store,
                    "SELECT COUNT(*) FROM audit_log WHERE action = 'claims_imported' AND detail LIKE $1",
                    &audit,
                );
                assert_eq!(lines.await, 1, "{s:?}: one audit line");
            }
            a == 1
        }
        Submission::Payment { reference, .. } => {
            let n = one(store, "SELECT COUNT(*) FROM payments WHERE reference = $1", reference).await;
            assert!(n <= 1, "{s:?}: recorded {n} times");
            let audit = format!("%\"reference\":\"{reference}\"%");
            let lines = one(
                store,
                "SELECT COUNT(*) FROM audit_log WHERE action = 'payment_recorded' AND detail LIKE $1",
                &audit,
            );
            assert_eq!(lines.await, n, "{s:?}: an audit line with the payment, or neither");
            n == 1
        }
        Submission::Decision { proposal, case, .. } => {
            let decisions = one(store, "SELECT COUNT(*) FROM decisions WHERE item_id = $1", proposal).await;
            let active =
                one(store, "SELECT COUNT(*) FROM plan_proposals WHERE id = $1 AND state = 'active'", proposal).await;
            let status =
                one(store, "SELECT COUNT(*) FROM claims WHERE case_number = $1 AND status = 'plan_active'", case).await;
            let audit = format!("%{proposal}%");
            let lines =
                one(store, "SELECT COUNT(*) FROM audit_log WHERE action = 'plan_approved' AND detail LIKE $1", &audit)
                    .await;
            assert_eq!([decisions, active, status, lines], [decisions; 4], "{s:?}: all of the decision or none");
            assert!(decisions <= 1, "{s:?}");
            decisions == 1
        }
        Submission::Proposal { case, .. } => {
            let proposals =
                "SELECT COUNT(*) FROM plan_proposals p JOIN claims c ON c.id = p.claim_id WHERE c.case_number = $1";
            let n = one(store, proposals, case).await;
            let instalments = "SELECT COUNT(*) FROM plan_installments i JOIN plan_proposals p ON p.id = i.proposal_id \
                               JOIN claims c ON c.id = p.claim_id WHERE c.case_number = $1";
            let i = one(store, instalments, case).await;
            let status =
                one(store, "SELECT COUNT(*) FROM claims WHERE case_number = $1 AND status = 'plan_proposed'", case)
                    .await;
            assert!(
                (n, i, status) == (0, 0, 0) || (n, i, status) == (1, 13, 1),
                "{s:?}: {n} proposals, {i} instalments"
            );
            n == 1
        }
    }
}

/// The plan page's form for 13 monthly instalments (Nordljus leaves those to a person), with the
/// digest of the schedule the engine makes for it.
async fn plan_form(store: &Store, case: &str) -> Vec<(&'static str, String)> {
    let rec = store.claim_by_case_number(case).await.unwrap().unwrap();
    let (creditor, table, claim) = store.engine_inputs(&rec).await.unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let first_due = chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
    let choice = PlanChoice { size: ChosenSize::Installments { count: 13 }, first_due };
    let inputs = PlanInputs { claim, table, policy: creditor.policy, today };
    let shown = inputs.basis().propose(choice).unwrap().plan.fingerprint();
    vec![
        ("path", format!("/claims/{}/plan", rec.id)),
        ("mode", choice.mode().to_string()),
        ("first_due", first_due.to_string()),
        ("count", "13".to_owned()),
        ("shown", shown),
    ]
}

/// Registers a claim through the API; its case number and access code.
async fn letter(base: &str, api_key: &str, invoice: &str) -> (String, String) {
    let invoices = [invoice.to_owned(), format!("{invoice}-b")];
    let r = api_post(base, api_key, "/claims", &claims_body(&invoices), &format!("setup-{invoice}")).await.unwrap();
    let json: Value = r.json().await.unwrap();
    let c = &json["claims"][0];
    (c["case_number"].as_str().unwrap().to_owned(), c["access_code"].as_str().unwrap().to_owned())
}

/// Signs in from an address of the letter's own (through the trusted proxy), so the many sign-ins
/// of the setup are not one client's to throttle.
async fn sign_in(base: &str, case: &str, code: &str) -> String {
    let from = format!("198.18.{}.{}", &case[4..6], &case[6..8]);
    let req = client().post(format!("{base}/sign-in")).header("x-forwarded-for", from);
    let r = req.form(&[("case_number", case), ("access_code", code)]).send().await.unwrap();
    assert_eq!(r.headers()["location"], "/claims", "sign-in with {case}");
    r.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned()
}

async fn each_change_is_whole_or_absent_after_a_kill_and_once_after_a_retry(db: db::TestDb) {
    let dir = tempfile::tempdir().unwrap();
    assert!(command(&db.url, dir.path(), T0).arg("seed-demo").status().unwrap().success());
    let staff = db.store.staff_user_by_email("admin@nordljus.example").await.unwrap().unwrap();
    let api_key = generate_key();
    let prefix: String = api_key.chars().take(KEY_PREFIX_CHARS).collect();
    db.store.add_api_key(&staff.id, &staff.creditor_id, "ERP", &key_hash(&api_key), &prefix).await.unwrap();
    // What the stream works on: claims to pay, letters whose debtors propose, proposals waiting.
    let server = start(&db.url, dir.path(), T0).await;
    let mut to_propose = Vec::new();
    let mut to_decide = Vec::new();
    for n in 0..ROUNDS * EACH {
        let (case, code) = letter(&server.base, &api_key, &format!("P-{n}")).await;
        let cookie = sign_in(&server.base, &case, &code).await;
        to_propose.push(Submission::Proposal { form: plan_form(&db.store, &case).await, case, cookie });
        let (case, code) = letter(&server.base, &api_key, &format!("D-{n}")).await;
        let cookie = sign_in(&server.base, &case, &code).await;
        let proposal = Submission::Proposal { form: plan_form(&db.store, &case).await, case: case.clone(), cookie };
        assert!(send(&server.base, &api_key, &proposal).await);
        let rec = db.store.claim_by_case_number(&case).await.unwrap().unwrap();
        let id = db.store.open_proposal(&rec.id).await.unwrap().unwrap().id;
        to_decide.push(Submission::Decision { key: format!("decide-{n}"), proposal: id.to_string(), case });
    }
    let (payee, _) = letter(&server.base, &api_key, "PAY-1").await;
    drop(server);

    let mut rng = rand::rngs::StdRng::seed_from_u64(25_06);
    let mut everything = Vec::new();
    for round in 0..ROUNDS {
        let mut stream: Vec<Submission> = Vec::new();
        for i in 0..EACH {
            let n = round * EACH + i;
            stream.push(Submission::Claims {
                key: format!("claims-{n}"),
                invoices: [format!("C-{n}-a"), format!("C-{n}-b")],
            });
            stream.push(Submission::Payment {
                key: format!("pay-{n}"),
                case: payee.clone(),
                reference: format!("R-{n}"),
            });
            stream.push(to_decide[n].clone());
            stream.push(to_propose[n].clone());
        }
        let server = start(&db.url, dir.path(), T0).await;
        // Killed when this many answers have arrived: never all, so some are still in flight.
        let kill_after = rng.gen_range(0..stream.len() - 1);
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        for (i, s) in stream.iter().enumerate() {
            let (base, api_key, s, tx) = (server.base.clone(), api_key.clone(), s.clone(), tx.clone());
            tokio::spawn(async move {
                let done = send(&base, &api_key, &s).await;
                let _ = tx.send((i, done));
            });
        }
        let mut acknowledged = Vec::new();
        for _ in 0..kill_after {
            let (i, done) = rx.recv().await.unwrap();
            if done {
                acknowledged.push(i);
            }
        }
        drop(server);
        let mut whole = 0;
        for (i, s) in stream.iter().enumerate() {
            let there = stored(&db.store, s).await;
            assert!(there || !acknowledged.contains(&i), "{s:?} was answered as done but is not stored");
            whole += usize::from(there);
        }
        eprintln!("round {round}: killed after {kill_after} answers; {whole} of {} stored whole", stream.len());
        everything.extend(stream);
    }

    // Half an hour later every API request is sent again with its key: each is there exactly once.
    let server = start(&db.url, dir.path(), T1).await;
    for s in everything.iter().filter(|s| !matches!(s, Submission::Proposal { .. })) {
        send(&server.base, &api_key, s).await;
        assert!(stored(&db.store, s).await, "{s:?} is not stored after its retry");
    }
    assert_eq!(reqwest::get(format!("{}/readyz", server.base)).await.unwrap().status(), 200);
}

on_both_backends!(crate::db; each_change_is_whole_or_absent_after_a_kill_and_once_after_a_retry);
