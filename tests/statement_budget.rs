//! How many SQL statements a debtor's read pages cost, counted from sqlx's own log of every
//! statement it runs (target `sqlx::query`), and that a read writes nothing: the claim page, My
//! claims and the plan page within their budget of statements (`BUDGET`), the session touched at
//! most once a minute (issue 25). Also with everything a claim can carry, and for a debtor with
//! several claims; and that the two statements behind them (`Store::claim_file`) read the same
//! records as the single reads the API, the staff pages and `statement` use. On SQLite and
//! PostgreSQL.
#![cfg(feature = "ssr")]

#[path = "support/api_client.rs"]
mod api_client;
#[path = "support/app.rs"]
mod app;

use std::sync::{Arc, Mutex, OnceLock};

use app::db::TestDb;
use debtor_portal::domain::decision::{DeferralDecision, Note};
use debtor_portal::domain::deferral::{DeferralReason, DeferralVerdict};
use debtor_portal::domain::dispute::{DisputeReason, Explanation};
use debtor_portal::domain::dispute_part::DisputedPart;
use debtor_portal::domain::interest::RateEntry;
use debtor_portal::domain::refund_account::RefundAccount;
use debtor_portal::domain::{Country, Money};
use debtor_portal::server::store::{
    ActorKind, ClaimRecord, Decided, Decider, DeferralRecorded, DisputeAddition, DisputeOpened, NewDeferral,
    NewDispute, PlanEnd, ProposalState,
};
use tracing::field::{Field, Visit};
use tracing_subscriber::layer::{Context, SubscriberExt};
use tracing_subscriber::Layer;

/// Every statement sqlx ran since the last `take`, process-wide.
#[derive(Clone, Default)]
struct Statements(Arc<Mutex<Vec<String>>>);

impl Statements {
    fn take(&self) -> Vec<String> {
        std::mem::take(&mut self.0.lock().unwrap())
    }
}

/// The statement's text: sqlx gives the whole of it in `db.statement` when it is longer than its
/// `summary`, else only the summary.
#[derive(Default)]
struct Logged {
    summary: String,
    statement: String,
}

impl Visit for Logged {
    fn record_str(&mut self, field: &Field, value: &str) {
        match field.name() {
            "summary" => self.summary = value.trim().to_owned(),
            "db.statement" => self.statement = value.trim().to_owned(),
            _ => {}
        }
    }
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.record_str(field, &format!("{value:?}"));
    }
}

impl<S: tracing::Subscriber> Layer<S> for Statements {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        if event.metadata().target() == "sqlx::query" {
            let mut logged = Logged::default();
            event.record(&mut logged);
            let text = if logged.statement.is_empty() { logged.summary } else { logged.statement };
            // A new connection's set-up (SQLite's PRAGMAs) is the pool's, not the page's.
            if !text.starts_with("PRAGMA") {
                self.0.lock().unwrap().push(text);
            }
        }
    }
}

/// The one recorder of this test binary, and a lock so that its tests count one at a time.
fn recorder() -> &'static (Statements, tokio::sync::Mutex<()>) {
    static RECORDER: OnceLock<(Statements, tokio::sync::Mutex<()>)> = OnceLock::new();
    RECORDER.get_or_init(|| {
        let statements = Statements::default();
        let subscriber =
            tracing_subscriber::registry().with(statements.clone().with_filter(
                tracing_subscriber::filter::Targets::new().with_target("sqlx::query", tracing::Level::TRACE),
            ));
        tracing::subscriber::set_global_default(subscriber).unwrap();
        (statements, tokio::sync::Mutex::new(()))
    })
}

/// The statements one GET ran, after its answer was read whole.
async fn statements_of(app: &app::App, path: &str, cookie: &str) -> Vec<String> {
    let (statements, _) = recorder();
    statements.take();
    let r = app.get_with_cookie(path, cookie).await;
    assert_eq!(r.status(), 200, "{path}");
    r.text().await.unwrap();
    statements.take()
}

fn writes(statements: &[String]) -> Vec<&String> {
    statements
        .iter()
        .filter(|s| {
            let head = s.trim_start().to_ascii_uppercase();
            ["INSERT", "UPDATE", "DELETE", "BEGIN", "REPLACE"].iter().any(|w| head.starts_with(w))
        })
        .collect()
}

/// The statements each page may run, for one claim with no dispute, plan or deferral (Anna's):
/// issue 25's 3. The session with its letters; the claims with their dispute, current proposal
/// and refund account; then every line of those claims at once (`Store::claim_file`). The
/// creditor and the rate table come from the reference cache (My claims ran 16 before, 9 after
/// the cache).
const BUDGET: [(&str, usize); 3] = [("/claims", 3), ("/claims/{id}", 3), ("/claims/{id}/plan", 3)];

async fn debtor_read_pages_keep_their_statement_budget_and_write_nothing(db: TestDb) {
    let _one_at_a_time = recorder().1.lock().await;
    let app = app::spawn_seeded(db).await;
    let cookie = app.session("40010001", "K7QM-4TXP").await;
    let id = app.claim_id("40010001").await;
    let mut over = Vec::new();
    for (page, budget) in BUDGET {
        let path = page.replace("{id}", id.as_str());
        // The first view may touch the session; the ones after it within the minute do not.
        statements_of(&app, &path, &cookie).await;
        let ran = statements_of(&app, &path, &cookie).await;
        assert!(writes(&ran).is_empty(), "{path} wrote:\n{}", ran.join("\n"));
        if ran.len() > budget {
            over.push(format!("{page}: {} statements, budget {budget}:\n{}", ran.len(), ran.join("\n")));
        }
    }
    assert!(over.is_empty(), "{}", over.join("\n\n"));
}

/// The demo's claim with an active plan (40010011), given a partial dispute with an addition, a
/// deferral request an agent declined, a refund account and a rate published after its plan was
/// made; the demo's other plan (40010012) lapsed by an agent. Through the store, as the pages'
/// own forms are tested elsewhere.
async fn give_claims_everything(app: &app::App) -> (ClaimRecord, ClaimRecord) {
    let store = &app.state.store;
    let rec = app.claim("40010011").await;
    let debtor = &rec.debtor_id;
    let why = Explanation::new("The amount is more than I was billed.").unwrap();
    let opened = store
        .open_dispute(NewDispute {
            claim_id: &rec.id,
            debtor_id: debtor,
            reason: DisputeReason::WrongAmount,
            explanation: &why,
            status_before: rec.status,
            part: DisputedPart::Amount(Money::from_minor(10_000)),
            documents: &[],
        })
        .await
        .unwrap();
    assert!(matches!(opened, DisputeOpened::Created(_)));
    app.advance_secs(5);
    let more = Explanation::new("Here is the invoice number.").unwrap();
    assert!(matches!(store.add_to_dispute(&rec.id, debtor, &more, &[]).await.unwrap(), DisputeAddition::Added(_)));
    let today = app.today_in(Country::Se);
    let verdict = DeferralVerdict::WaitsForCreditor(vec![DeferralReason::BeyondPolicy]);
    let asked = NewDeferral {
        claim_id: &rec.id,
        debtor_id: debtor,
        pay_by_before: today,
        requested: today + chrono::Days::new(60),
        verdict: &verdict,
    };
    let DeferralRecorded::Created(deferral) = store.record_deferral(asked).await.unwrap() else { panic!("recorded") };
    let (staff,): (String,) =
        sqlx::query_as("SELECT id FROM staff_users ORDER BY id LIMIT 1").fetch_one(store.pool()).await.unwrap();
    let no = DeferralDecision::Decline { note: Note::new("Not this time.").unwrap() };
    assert!(matches!(store.decide_deferral(&deferral, Decider::Staff(&staff), &no).await.unwrap(), Decided::Done(_)));
    let account = RefundAccount::Se { clearing: "83279".into(), account: "123456789".into() };
    store.save_refund_account(&rec.id, debtor, &account).await.unwrap();
    app.advance_secs(5);
    let creditor = store.creditor(&rec.creditor_id).await.unwrap().unwrap();
    let later = RateEntry { from: chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(), rate: "2.75".parse().unwrap() };
    store.publish_rate(&creditor.rate_table, later, (ActorKind::System, None)).await.unwrap().expect("published");

    let lapsing = app.claim("40010012").await;
    let plan = store.open_proposal(&lapsing.id).await.unwrap().expect("the demo's plan in arrears");
    let agent = (ActorKind::Staff, Some(staff.as_str()));
    assert!(store.lapse_plan(&plan.id, &lapsing.id, today, PlanEnd::Agent, agent).await.unwrap());
    (app.claim("40010011").await, app.claim("40010012").await)
}

async fn a_claim_with_everything_and_a_debtor_with_several_claims_keep_the_budget(db: TestDb) {
    let _one_at_a_time = recorder().1.lock().await;
    let app = app::spawn_seeded(db).await;
    let (rec, _) = give_claims_everything(&app).await;
    let cookie = app.session("40010011", "H4PR-6NWE").await;
    for page in ["/claims", "/claims/{id}", "/claims/{id}/plan"] {
        let path = page.replace("{id}", rec.id.as_str());
        statements_of(&app, &path, &cookie).await;
        let ran = statements_of(&app, &path, &cookie).await;
        assert!(ran.len() <= 3 && writes(&ran).is_empty(), "{path}: {} statements:\n{}", ran.len(), ran.join("\n"));
    }
    // Anna with both her letters: My claims shows both and costs what it cost with one.
    let one = app.session("40010001", "K7QM-4TXP").await;
    let r = app
        .post_form(
            "/sign-in/add-letter",
            &[("case_number", "40010009"), ("access_code", "L6DW-9KEC")],
            &[("cookie", &one)],
        )
        .await;
    assert_eq!(app::App::location(&r), "/claims?added=1");
    let both = r.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    statements_of(&app, "/claims", &both).await;
    let ran = statements_of(&app, "/claims", &both).await;
    assert!(ran.len() <= 3, "My claims with two claims: {} statements:\n{}", ran.len(), ran.join("\n"));
    let page = app.get_with_cookie("/claims", &both).await.text().await.unwrap();
    assert!(page.contains("40010001") && page.contains("40010009"), "both claims listed");
}

/// The API's lists read a page of items with everything listed of each in one statement, however
/// many items the page holds (before, each item was read on its own: one more set per item).
async fn the_api_lists_read_a_page_in_one_statement(db: TestDb) {
    let _one_at_a_time = recorder().1.lock().await;
    let app = app::spawn_seeded(db).await;
    let (rec, _) = give_claims_everything(&app).await;
    let store = &app.state.store;
    // A second open dispute of the same creditor's, so the page holds two.
    let other: (String,) = sqlx::query_as(
        "SELECT case_number FROM claims WHERE creditor_id = $1 AND id <> $2 AND status = 'demand_sent' \
         ORDER BY case_number LIMIT 1",
    )
    .bind(rec.creditor_id.as_str())
    .bind(rec.id.as_str())
    .fetch_one(store.pool())
    .await
    .unwrap();
    let second = app.claim(&other.0).await;
    let why = Explanation::new("I never had this contract.").unwrap();
    let whole = NewDispute {
        claim_id: &second.id,
        debtor_id: &second.debtor_id,
        reason: DisputeReason::NotMyDebt,
        explanation: &why,
        status_before: second.status,
        part: DisputedPart::Whole,
        documents: &[],
    };
    assert!(matches!(store.open_dispute(whole).await.unwrap(), DisputeOpened::Created(_)));
    let (email,): (String,) =
        sqlx::query_as("SELECT email FROM staff_users WHERE creditor_id = $1 ORDER BY email LIMIT 1")
            .bind(rec.creditor_id.as_str())
            .fetch_one(store.pool())
            .await
            .unwrap();
    let api = api_client::key_for(&app, &email, "lists").await;
    let (statements, _) = recorder();
    for (path, tables, listed) in [
        ("/disputes?status=open", ["disputes", "dispute_entries"], 2),
        ("/plan-proposals?status=active", ["plan_proposals", "plan_installments"], 1),
    ] {
        statements.take();
        let answer = api.get(path).await;
        let ran = statements.take();
        assert_eq!(answer.status, 200, "{path}");
        assert!(answer.json["items"].as_array().unwrap().len() >= listed, "{path}: {}", answer.json);
        let reading: Vec<&String> = ran.iter().filter(|s| tables.iter().any(|t| s.contains(t))).collect();
        assert_eq!(reading.len(), 1, "{path}: {}", ran.join("\n"));
    }
}

/// What the pages read in two statements is what the single reads give, claim by claim.
async fn a_claim_file_holds_what_the_single_reads_give(db: TestDb) {
    // Its statements would count in the other tests' pages.
    let _one_at_a_time = recorder().1.lock().await;
    let app = app::spawn_seeded(db).await;
    let (rec, lapsed) = give_claims_everything(&app).await;
    let store = &app.state.store;
    let file = store.claim_file(&rec.id, |_| true).await.unwrap().expect("the claim");
    assert_eq!(file.record, rec);
    assert_eq!(file.claim, store.domain_claim(&rec).await.unwrap());
    let dispute = store.dispute_of_claim(&rec.id).await.unwrap().expect("its dispute");
    let head = file.dispute.clone().expect("its dispute");
    assert_eq!(
        (head.id, head.reference, head.state, head.part, head.created_at),
        (dispute.id, dispute.reference, dispute.state, dispute.part, dispute.created_at)
    );
    assert_eq!(head.entries_at, dispute.entries.iter().map(|e| e.created_at).collect::<Vec<_>>());
    assert_eq!(head.entries_at.len(), 2);
    assert_eq!(file.deferrals, store.deferrals_of_claim(&rec.id).await.unwrap());
    assert_eq!(file.deferrals.len(), 1);
    assert_eq!(file.decisions, store.decisions_on_claim(&rec.id).await.unwrap());
    assert_eq!(file.decisions.len(), 1);
    let open = store.open_proposal(&rec.id).await.unwrap().expect("its plan");
    assert_eq!(open.installments.len(), 6);
    assert_eq!(file.proposal.as_ref(), Some(&open));
    let creditor = store.creditor(&rec.creditor_id).await.unwrap().unwrap();
    let later = store.rates_published_after(&creditor.rate_table, open.created_at).await.unwrap();
    assert_eq!(file.rates_published_later, later);
    assert_eq!(file.rates_published_later, [chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()]);
    assert_eq!(file.refund_account, store.refund_account_of_claim(&rec.id).await.unwrap());
    assert!(file.refund_account.is_some());
    assert!(file.lapse_dates.is_empty());

    // The lapsed plan: the newest proposal, its day among the lapses, no rates (it is not open).
    let ended = store.claim_file(&lapsed.id, |_| true).await.unwrap().expect("the claim");
    let newest = store.proposals_of_claim(&lapsed.id).await.unwrap().into_iter().next().expect("its plan");
    assert_eq!(newest.state, ProposalState::Lapsed);
    assert_eq!(ended.lapse_dates, [newest.ended.expect("ended").0]);
    assert_eq!(ended.proposal, Some(newest));
    assert!(ended.rates_published_later.is_empty() && ended.dispute.is_none() && ended.refund_account.is_none());

    // A debtor's claims all at once are each claim's file, in the order My claims lists them;
    // a claim the reader may not see is left out.
    let anna = app.claim("40010001").await;
    let all = store.claim_files_of_debtor(&anna.debtor_id, |_| true).await.unwrap();
    let cases: Vec<&str> = all.iter().map(|f| f.record.case_number.as_str()).collect();
    let listed = store.claims_of_debtor(&anna.debtor_id).await.unwrap();
    assert_eq!(cases, listed.iter().map(|c| c.case_number.as_str()).collect::<Vec<_>>());
    assert_eq!(cases.len(), 2);
    for f in &all {
        assert_eq!(Some(f), store.claim_file(&f.record.id, |_| true).await.unwrap().as_ref());
        assert_eq!(f.claim, store.domain_claim(&f.record).await.unwrap());
    }
    let only = store.claim_files_of_debtor(&anna.debtor_id, |c| c.id == anna.id).await.unwrap();
    assert_eq!(only.iter().map(|f| &f.record).collect::<Vec<_>>(), [&anna]);
    assert_eq!(store.claim_file(&anna.id, |_| false).await.unwrap(), None);
}

async fn the_session_is_touched_once_a_minute_and_still_times_out(db: TestDb) {
    let _one_at_a_time = recorder().1.lock().await;
    let app = app::spawn_seeded(db).await;
    let cookie = app.session("40010001", "K7QM-4TXP").await;
    statements_of(&app, "/claims", &cookie).await;
    app.advance_secs(59);
    assert!(writes(&statements_of(&app, "/claims", &cookie).await).is_empty(), "touched within the minute");
    app.advance_secs(1);
    let ran = statements_of(&app, "/claims", &cookie).await;
    assert_eq!(writes(&ran).len(), 1, "a minute on, the view touches the session once:\n{}", ran.join("\n"));
    // The touch counted: 29 minutes after it (the idle timeout is 30), the session is alive …
    app.advance_secs(29 * 60);
    assert_eq!(app.get_with_cookie("/claims", &cookie).await.status(), 200);
    // … and 30 minutes of nothing after that last view ends it.
    app.advance_secs(30 * 60);
    let r = app.get_with_cookie("/claims", &cookie).await;
    assert_eq!(r.status(), 401, "idle for 30 minutes: signed out");
}

on_both_backends!(
    crate::app::db;
    debtor_read_pages_keep_their_statement_budget_and_write_nothing,
    a_claim_with_everything_and_a_debtor_with_several_claims_keep_the_budget,
    a_claim_file_holds_what_the_single_reads_give,
    the_session_is_touched_once_a_minute_and_still_times_out,
    the_api_lists_read_a_page_in_one_statement,
);
