//! How many SQL statements a debtor's read pages cost, counted from sqlx's own log of every
//! statement it runs (target `sqlx::query`), and that a read writes nothing: the claim page, My
//! claims and the plan page within their budget of statements (`BUDGET`), the session touched at
//! most once a minute (issue 25). On SQLite and PostgreSQL.
#![cfg(feature = "ssr")]

#[path = "support/app.rs"]
mod app;

use std::sync::{Arc, Mutex, OnceLock};

use app::db::TestDb;
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
    the_session_is_touched_once_a_minute_and_still_times_out,
);
