//! `debtor-portal seed-load`, run as operations staff would, on SQLite and PostgreSQL: the data is the
//! same for the same number of claims and day (the counts below are that data's, from its fixed
//! seed), a printed sample letter signs in and its claim page, the API and `debtor-portal statement`
//! show one balance, the printed staff see their queue, and a database with data is refused with
//! nothing changed.
#![cfg(feature = "ssr")]

#[path = "support/api_client.rs"]
mod api_client;
#[path = "support/app.rs"]
mod app;
#[path = "support/cli.rs"]
mod cli;
#[path = "support/plan_forms.rs"]
mod plan_forms;
#[path = "support/staff_pages.rs"]
mod staff_pages;

use api_client::key_for;
use app::db::TestDb;
use cli::{run, staff_of, DOCUMENT_KEYS};
use serde_json::Value;
use staff_pages::{en, staff_session, text};

const CLAIMS: &str = "300";

async fn spawn(db: TestDb) -> app::App {
    app::spawn_app_with(db, &[("DOCUMENT_KEYS", DOCUMENT_KEYS)]).await
}

fn seed_load(url: &str) -> String {
    let out = cli::seed_load(url, CLAIMS);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("rows/s"), "the time it took, on standard error: {err}");
    String::from_utf8(out.stdout).unwrap()
}

/// The printed sample letters: (case number, access code, payment reference).
fn letters(out: &str) -> Vec<(String, String, String)> {
    out.lines()
        .filter_map(|l| {
            let w: Vec<&str> = l.split_whitespace().collect();
            (w.len() > 6 && w[0] == "case" && w[2] == "code" && w[4] == "reference")
                .then(|| (w[1].to_owned(), w[3].to_owned(), w[5].to_owned()))
        })
        .collect()
}

/// Rows of one text column.
async fn strings(app: &app::App, sql: &str) -> Vec<String> {
    let rows: Vec<(String,)> = sqlx::query_as(sql).fetch_all(app.state.store.pool()).await.unwrap();
    rows.into_iter().map(|(s,)| s).collect()
}

/// Everything the load wrote but ids, hashes and sealed bytes (random by design), in a fixed order.
async fn content(app: &app::App) -> Vec<String> {
    let queries = [
        "SELECT c.case_number || '|' || cr.org_number || '|' || d.name || '|' || d.language || '|' || \
         COALESCE(d.email, '') || '|' || c.concerns || '|' || c.original_invoice || '|' || c.principal || '|' || \
         c.due_date || '|' || c.interest_kind || '|' || c.interest_rate || '|' || c.day_count || '|' || c.status || \
         '|' || c.reference_base || '|' || c.demand_sent_on \
         FROM claims c JOIN creditors cr ON cr.id = c.creditor_id JOIN debtors d ON d.id = c.debtor_id \
         ORDER BY c.case_number",
        "SELECT c.case_number || '|' || f.position || '|' || f.kind || '|' || f.amount || '|' || f.charged_on \
         FROM fees f JOIN claims c ON c.id = f.claim_id ORDER BY c.case_number, f.position",
        "SELECT c.case_number || '|' || p.position || '|' || p.amount || '|' || p.paid_on \
         FROM payments p JOIN claims c ON c.id = p.claim_id ORDER BY c.case_number, p.position",
        "SELECT c.case_number || '|' || p.state || '|' || p.mode || '|' || COALESCE(p.chosen_count, 0) || '|' || \
         p.first_due || '|' || p.plan_fee || '|' || p.installment_amount || '|' || p.total_amount || '|' || p.reasons \
         FROM plan_proposals p JOIN claims c ON c.id = p.claim_id ORDER BY c.case_number",
        "SELECT c.case_number || '|' || i.n || '|' || i.due_date || '|' || i.amount \
         FROM plan_installments i JOIN plan_proposals p ON p.id = i.proposal_id JOIN claims c ON c.id = p.claim_id \
         ORDER BY c.case_number, i.n",
        "SELECT c.case_number || '|' || s.reason || '|' || s.state || '|' || s.status_before || '|' || \
         (SELECT COUNT(*) FROM documents o WHERE o.claim_id = s.claim_id) \
         FROM disputes s JOIN claims c ON c.id = s.claim_id ORDER BY c.case_number",
        "SELECT cr.name || '|' || u.email || '|' || u.role FROM staff_users u \
         JOIN creditors cr ON cr.id = u.creditor_id ORDER BY u.email",
    ];
    let mut all = Vec::new();
    for q in queries {
        all.extend(strings(app, q).await);
    }
    all
}

async fn count(app: &app::App, table: &'static str) -> i64 {
    app.state.store.count(table).await.unwrap()
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

async fn a_load_signs_in_agrees_with_the_engine_and_is_not_loaded_twice(db: TestDb) {
    let app = spawn(db).await;
    let out = seed_load(app.db_url());

    let per_creditor = strings(
        &app,
        "SELECT cr.country || ' ' || cr.name || ' ' || COUNT(*) FROM claims c \
         JOIN creditors cr ON cr.id = c.creditor_id GROUP BY cr.country, cr.name ORDER BY cr.country, cr.name",
    )
    .await;
    assert_eq!(per_creditor, PER_CREDITOR);
    let per_status =
        strings(&app, "SELECT status || ' ' || COUNT(*) FROM claims GROUP BY status ORDER BY status").await;
    assert_eq!(per_status, PER_STATUS);
    let sizes = [
        count(&app, "debtors").await,
        count(&app, "fees").await,
        count(&app, "payments").await,
        count(&app, "disputes").await,
        count(&app, "documents").await,
    ];
    assert_eq!(sizes, SIZES, "debtors, fees, payments, disputes, documents");

    // A printed letter signs in; its page, the API and the engine's command show one balance.
    let letters = letters(&out);
    assert_eq!(letters.len(), 10, "{out}");
    let (case, code, reference) = &letters[1];
    let claim = app.claim(case).await;
    let cookie = app.session(case, code).await;
    let page = text(en(&app, &format!("/claims/{}", claim.id), &cookie).await).await;
    let on_page = marked(&page, "total-outstanding", "data-amount").expect("the balance on the claim page");
    let st = run(app.db_url(), &["statement", case]);
    assert!(st.status.success(), "{}", String::from_utf8_lossy(&st.stderr));
    let st: Value = serde_json::from_slice(&st.stdout).unwrap();
    assert_eq!(st["total_outstanding"].as_str(), Some(on_page), "debtor-portal statement");
    assert!(page.contains(reference.as_str()), "the printed payment reference is the page's");

    // The claim's creditor's printed agent signs in; the queue lists its proposals waiting.
    let creditor = app.state.store.creditor(&claim.creditor_id).await.unwrap().unwrap();
    let staff = staff_of(&out, &creditor.name);
    let (_, email, password) = staff.iter().find(|(role, _, _)| role == "agent").expect("an agent printed");
    let api = key_for(&app, email, "load test").await;
    let a = api.get(&format!("/claims/{case}")).await;
    assert_eq!(a.json["statement"]["total_outstanding"].as_str(), Some(on_page), "the API: {}", a.json);
    let staff_cookie = staff_session(&app, (email, password)).await;
    let queue = text(en(&app, "/staff/queue", &staff_cookie).await).await;
    let waiting = strings(
        &app,
        &format!(
            "SELECT c.case_number FROM plan_proposals p JOIN claims c ON c.id = p.claim_id \
             WHERE p.state = 'pending' AND c.creditor_id = '{}' ORDER BY c.case_number",
            claim.creditor_id
        ),
    )
    .await;
    assert!(!waiting.is_empty(), "proposals wait for {}", creditor.name);
    assert!(waiting.iter().all(|c| queue.contains(c.as_str())), "{waiting:?} in the queue");

    // A second load into this database: refused, and nothing changes.
    let before = (content(&app).await, count(&app, "audit_log").await, count(&app, "access_codes").await);
    let again = run(app.db_url(), &["seed-load", "--claims", CLAIMS]);
    assert_eq!(again.status.code(), Some(1));
    let err = String::from_utf8_lossy(&again.stderr);
    assert!(err.contains("already holds data") && err.contains("nothing was loaded"), "{err}");
    let after = (content(&app).await, count(&app, "audit_log").await, count(&app, "access_codes").await);
    assert!(before == after, "a refused load changed the database");
}

async fn the_same_number_of_claims_gives_the_same_data(db: TestDb) {
    let other = if db.url.starts_with("sqlite:") { app::db::sqlite().await } else { app::db::postgres().await };
    let (a, b) = (spawn(db).await, spawn(other).await);
    seed_load(a.db_url());
    seed_load(b.db_url());
    let (first, second) = (content(&a).await, content(&b).await);
    assert!(first.len() > 900, "{} rows", first.len());
    assert!(first == second, "two loads of {CLAIMS} claims differ");
}

/// The fixed seed's 300 claims: a creditor's share of them, each status's, and the rows beside them.
const PER_CREDITOR: [&str; 5] = [
    "NO Fjellsport Detalj AS 51",
    "NO Nordvik Kraft AS 35",
    "SE Hemtrygg Försäkring AB 42",
    "SE Kvikk Mobil Sverige AB 90",
    "SE Nordljus Energi AB 82",
];
const PER_STATUS: [&str; 5] = ["demand_sent 278", "disputed 3", "paid 12", "plan_active 2", "plan_proposed 5"];
const SIZES: [i64; 5] = [218, 480, 112, 3, 1];

on_both_backends!(crate::app::db;
    a_load_signs_in_agrees_with_the_engine_and_is_not_loaded_twice,
    the_same_number_of_claims_gives_the_same_data,
);
