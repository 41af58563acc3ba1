//! `spawn_app(db)`: the whole HTTP application on a free loopback port with a fresh database (SQLite
//! or PostgreSQL) and a fixed clock, so a test computes with exactly the instant the server uses.

#![allow(dead_code)]

use debtor_portal::server::clock::Clock;
use debtor_portal::server::config::Config;
use debtor_portal::server::http::{router, AppState};
use debtor_portal::server::serve::{serve_with, ConnectionLimits};
use leptos::config::LeptosOptions;

#[path = "db.rs"]
pub mod db;

pub struct App {
    pub base: String,
    pub client: reqwest::Client,
    pub state: AppState,
    _site: tempfile::TempDir,
    _data: tempfile::TempDir,
    _db: db::TestDb,
}

/// The instant every test server starts at: 2026-11-23 12:00 UTC.
pub const TEST_NOW: i64 = 1_795_435_200;

/// The site folder holds a stand-in bundle with the precompressed copies a release build writes
/// beside it, so `/pkg` can be checked without a wasm build.
pub async fn spawn_app(db: db::TestDb) -> App {
    spawn_app_with(db, &[]).await
}

/// As `spawn_app`, with the demo data loaded as of the server's today.
pub async fn spawn_seeded(db: db::TestDb) -> App {
    let app = spawn_app(db).await;
    debtor_portal::server::demo::seed(&app.state.store, app.today()).await.unwrap();
    app
}

/// As `spawn_seeded`, with configuration variables set.
pub async fn spawn_seeded_with(db: db::TestDb, vars: &[(&str, &str)]) -> App {
    let app = spawn_app_with(db, vars).await;
    debtor_portal::server::demo::seed(&app.state.store, app.today()).await.unwrap();
    app
}

/// As `spawn_app`, with configuration variables (`PUBLIC_URL`, `TRUSTED_PROXIES` …) set. `PUBLIC_URL`
/// defaults to the server's own address.
pub async fn spawn_app_with(db: db::TestDb, vars: &[(&str, &str)]) -> App {
    serve_on(db, vars, Clock::fixed(TEST_NOW)).await
}

/// A second node on `first`'s database (already migrated, so not migrated again), with its own
/// pool, its own data folder and `first`'s clock, as another process behind the same proxy would
/// run. Production nodes share `SECRET_KEY` and `DOCUMENT_KEYS` through their configuration: pass
/// the same `vars` as `first` was given.
pub async fn spawn_node(first: &App, vars: &[(&str, &str)]) -> App {
    let db = db::existing(first.db_url()).await;
    serve_on(db, vars, first.state.clock.clone()).await
}

async fn serve_on(db: db::TestDb, vars: &[(&str, &str)], clock: Clock) -> App {
    let site = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(site.path().join("pkg")).unwrap();
    std::fs::write(site.path().join("pkg/debtor-portal.js"), "export function hydrate() {}\n".repeat(200)).unwrap();
    std::fs::write(site.path().join("pkg/debtor-portal.js.br"), "brotli stand-in").unwrap();
    std::fs::write(site.path().join("pkg/debtor-portal.js.gz"), "gzip stand-in").unwrap();
    let options = LeptosOptions::builder()
        .output_name("debtor-portal")
        .site_root(site.path().to_str().unwrap())
        .site_pkg_dir("pkg")
        .build();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let data = tempfile::tempdir().unwrap();
    let data_dir = data.path().to_str().unwrap().to_owned();
    let mut config = Config::from_lookup(|k| match k {
        "DATA_DIR" => Some(data_dir.clone()),
        _ => vars
            .iter()
            .find(|(name, _)| *name == k)
            .map(|(_, v)| (*v).to_owned())
            .or_else(|| (k == "PUBLIC_URL").then(|| base.clone())),
    })
    .unwrap();
    config.body_limit = 4096;
    // The same connection limits as `debtor-portal serve` takes from the configuration.
    let limits = ConnectionLimits::of(&config);
    let state = AppState::new(options, db.store.clone(), config, clock);
    let app = router(state.clone());
    tokio::spawn(async move {
        serve_with(listener, app, limits, std::future::pending()).await.unwrap();
    });
    let client = reqwest::Client::builder().redirect(reqwest::redirect::Policy::none()).build().unwrap();
    App { base, client, state, _site: site, _data: data, _db: db }
}

impl App {
    /// The database the server uses, for a command run beside it.
    pub fn db_url(&self) -> &str {
        &self._db.url
    }

    /// Moves the server's clock on by whole days.
    pub fn advance_days(&self, days: i64) {
        self.state.clock.advance(days * 86_400);
    }

    /// Moves the server's clock on by seconds.
    pub fn advance_secs(&self, secs: i64) {
        self.state.clock.advance(secs);
    }

    /// The server's "today" for a Swedish claim; Oslo keeps the same offset all year, so it is a
    /// Norwegian claim's today too.
    pub fn today(&self) -> chrono::NaiveDate {
        self.today_in(debtor_portal::domain::Country::Se)
    }

    /// The server's "today" for a claim of `country`.
    pub fn today_in(&self, country: debtor_portal::domain::Country) -> chrono::NaiveDate {
        self.state.clock.today_in(country)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(format!("{}{path}", self.base)).send().await.unwrap()
    }

    pub async fn get_with_cookie(&self, path: &str, cookie: &str) -> reqwest::Response {
        self.client.get(format!("{}{path}", self.base)).header("cookie", cookie).send().await.unwrap()
    }

    /// Posts the sign-in form; returns the response (a 303).
    pub async fn sign_in(&self, case: &str, code: &str) -> reqwest::Response {
        self.client
            .post(format!("{}/sign-in", self.base))
            .form(&[("case_number", case), ("access_code", code)])
            .send()
            .await
            .unwrap()
    }

    /// Posts a form as the browser would from our own page (with our `Origin`) plus `headers`.
    pub async fn post_form(&self, path: &str, form: &[(&str, &str)], headers: &[(&str, &str)]) -> reqwest::Response {
        let mut req = self.client.post(format!("{}{path}", self.base)).form(form);
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        req.send().await.unwrap()
    }

    /// Posts a multipart form (text fields and files) from our own page, with the session `cookie`.
    pub async fn post_multipart(&self, path: &str, form: reqwest::multipart::Form, cookie: &str) -> reqwest::Response {
        self.client
            .post(format!("{}{path}", self.base))
            .header("cookie", cookie)
            .header("origin", &self.base)
            .multipart(form)
            .send()
            .await
            .unwrap()
    }

    /// The stored claim with this case number.
    pub async fn claim(&self, case: &str) -> debtor_portal::server::store::ClaimRecord {
        self.state.store.claim_by_case_number(case).await.unwrap().unwrap()
    }

    pub async fn claim_id(&self, case: &str) -> debtor_portal::domain::ClaimId {
        self.claim(case).await.id
    }

    pub async fn status(&self, case: &str) -> debtor_portal::domain::ClaimStatus {
        self.claim(case).await.status
    }

    /// Where a 303 points.
    pub fn location(r: &reqwest::Response) -> String {
        r.headers()["location"].to_str().unwrap().to_owned()
    }

    /// Signs in and returns the `Cookie` header value for the new session.
    pub async fn session(&self, case: &str, code: &str) -> String {
        let r = self.sign_in(case, code).await;
        assert_eq!(r.headers()["location"], "/claims", "sign-in with {case} failed");
        let set = r.headers()["set-cookie"].to_str().unwrap();
        set.split(';').next().unwrap().to_string()
    }
}
