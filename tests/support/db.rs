//! A fresh, migrated database per test, on either backend. PostgreSQL comes from the cluster that
//! `.ci/test` starts on a free loopback port and passes in `TEST_POSTGRES_URL`.

#![allow(dead_code)]

use debtor_portal::server::store::Store;

pub struct TestDb {
    pub store: Store,
    pub url: String,
    _dir: Option<tempfile::TempDir>,
}

pub async fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}?mode=rwc", dir.path().join("t.db").display());
    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    TestDb { store, url, _dir: Some(dir) }
}

pub fn postgres_admin_url() -> String {
    std::env::var("TEST_POSTGRES_URL")
        .expect("TEST_POSTGRES_URL is not set: run the whole suite with `bash .ci/test`, which starts PostgreSQL")
}

pub async fn postgres() -> TestDb {
    let admin_url = postgres_admin_url();
    let admin = Store::connect(&admin_url).await.unwrap();
    let name = format!("t_{}", debtor_portal::server::ids::new_id());
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(admin.pool()).await.unwrap();
    admin.close().await;
    let base = admin_url.rsplit_once('/').map(|(b, _)| b).unwrap_or(&admin_url);
    let url = format!("{base}/{name}");
    let store = Store::connect(&url).await.unwrap();
    store.migrate().await.unwrap();
    TestDb { store, url, _dir: None }
}

/// A database that exists already (a restored backup), as it is.
pub async fn existing(url: &str) -> TestDb {
    let store = Store::connect(url).await.unwrap();
    TestDb { store, url: url.to_owned(), _dir: None }
}

/// Declares each test once for SQLite and once for PostgreSQL. `$db` is the path of this module as
/// the test file names it (`db`, or `app::db` where it comes with `spawn_app`).
#[macro_export]
macro_rules! on_both_backends {
    ($db:path; $($name:ident),* $(,)?) => {
        mod sqlite_backend {
            use $db as db;
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)] async fn $name() { super::$name(db::sqlite().await).await })*
        }
        mod postgres_backend {
            use $db as db;
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)] async fn $name() { super::$name(db::postgres().await).await })*
        }
    };
}

/// Declares tests that look at HTTP and HTML only (headers, languages, bundles, limits, scripts): they
/// run once, on SQLite, as the backend under them changes nothing they check. Storage itself is
/// tested on both backends elsewhere.
#[macro_export]
macro_rules! on_one_backend {
    ($db:path; $($name:ident),* $(,)?) => {
        mod html_only {
            use $db as db;
            $(#[tokio::test(flavor = "multi_thread", worker_threads = 2)] async fn $name() { super::$name(db::sqlite().await).await })*
        }
    };
}
