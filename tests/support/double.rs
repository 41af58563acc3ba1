//! Firing one request many times at once, as a double click, a retrying phone or a creditor's system
//! that resends does, and reading what each copy was answered and how many effects the database holds.

#![allow(dead_code)]

use std::collections::BTreeMap;

use super::app;

/// How many identical copies of each request are in flight together.
pub const COPIES: usize = 50;

/// What one copy was answered: its status, where a redirect points (empty otherwise), its body.
#[derive(Debug, Clone)]
pub struct Answer {
    pub status: u16,
    pub location: String,
    /// The cookie a `Set-Cookie` hands out (`name=value`), if any.
    pub cookie: String,
    pub body: String,
}

impl Answer {
    /// The error code a redirect or a JSON answer names, if any.
    pub fn error(&self) -> Option<String> {
        if let Some((_, rest)) = self.location.split_once("error=") {
            return Some(rest.split(['&', '#']).next().unwrap_or_default().to_owned());
        }
        let json: serde_json::Value = serde_json::from_str(&self.body).ok()?;
        json["error"].as_str().map(str::to_owned)
    }
}

/// Sends `COPIES` requests made by `request` all at once (each spawned before any is awaited) and
/// returns every answer.
pub async fn fire(request: impl Fn() -> reqwest::RequestBuilder) -> Vec<Answer> {
    let sends: Vec<_> = (0..COPIES)
        .map(|_| {
            let req = request();
            tokio::spawn(async move {
                let r = req.send().await.unwrap();
                let status = r.status().as_u16();
                let location = r.headers().get("location").map(|l| l.to_str().unwrap().to_owned()).unwrap_or_default();
                let cookie = r
                    .headers()
                    .get("set-cookie")
                    .map_or(String::new(), |c| c.to_str().unwrap().split(';').next().unwrap_or_default().to_owned());
                let body = r.text().await.unwrap();
                Answer { status, location, cookie, body }
            })
        })
        .collect();
    let mut answers = Vec::new();
    for s in sends {
        answers.push(s.await.unwrap());
    }
    answers
}

/// How many copies got each kind of answer: `ok` for `success`, else the error code (or the status).
pub fn tally(answers: &[Answer], success: impl Fn(&Answer) -> bool) -> BTreeMap<String, usize> {
    let mut t = BTreeMap::new();
    for a in answers {
        // `busy` (503 with `Retry-After`) is the hashing slots' "try again in a moment", not a failure.
        assert!(a.status < 500 || a.error().as_deref() == Some("busy"), "a copy failed on the server: {a:?}");
        let kind = if success(a) {
            "ok".to_owned()
        } else {
            a.error().unwrap_or_else(|| format!("status {} at {:?}", a.status, a.location))
        };
        *t.entry(kind).or_insert(0) += 1;
    }
    t
}

/// Every copy is the success or one of the `done` codes ("already done"); at least `min_ok` succeed.
pub fn only(answers: &[Answer], success: impl Fn(&Answer) -> bool, done: &[&str], min_ok: usize) {
    let t = tally(answers, success);
    let ok = t.get("ok").copied().unwrap_or(0);
    assert!(ok >= min_ok, "too few copies succeeded: {t:?}");
    for kind in t.keys().filter(|k| *k != "ok") {
        assert!(done.contains(&kind.as_str()), "a copy got {kind}, not the success nor {done:?}: {t:?}");
    }
}

/// Rows of `table` matching `filter` (SQL, `$1` bound to `arg`).
pub async fn rows(app: &app::App, table: &str, filter: &str, arg: &str) -> i64 {
    let sql = format!("SELECT COUNT(*) FROM {table} WHERE {filter}");
    let n: (i64,) = sqlx::query_as(&sql).bind(arg).fetch_one(app.state.store.pool()).await.unwrap();
    n.0
}

/// Audit lines of `action` (its stored code).
pub async fn audited(app: &app::App, action: &str) -> i64 {
    rows(app, "audit_log", "action = $1", action).await
}

/// The audit chain is whole: concurrent writers did not fork it.
pub async fn chain_intact(app: &app::App) {
    let report = app.state.store.verify_audit_chain().await.unwrap();
    assert!(matches!(report, debtor_portal::server::store::ChainReport::Intact { .. }), "{report:?}");
}
