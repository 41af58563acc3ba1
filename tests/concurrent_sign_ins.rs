//! Debtors signing in at the same moment all get in. Each sign-in writes (the session, the throttle's
//! counters, the audit chain) in a transaction that reads first; on SQLite such a transaction, when
//! another write committed meanwhile, used to fail at once with "database is locked" (a 500 to the
//! debtor), which parallel browser journeys hit in every run. Write transactions now take SQLite's
//! write lock when they begin (`Store::begin_write`).
#![cfg(feature = "ssr")]

#[path = "support/app.rs"]
mod app;

use app::db::TestDb;
use debtor_portal::server::demo;

async fn every_debtor_signing_in_at_once_gets_in(db: TestDb) {
    // Each sign-in comes from an address of its own (through a trusted proxy), so no client's share
    // of the hashing slots or throttle stops one; sixteen argon2 hashes may run at once.
    let app = app::spawn_app_with(db, &[("TRUSTED_PROXIES", "127.0.0.1"), ("SIGN_IN_CONCURRENCY", "16")]).await;
    demo::seed(&app.state.store, app.today()).await.unwrap();
    let logins = demo::logins();
    for round in 0..3 {
        let attempts = logins.iter().enumerate().map(|(i, login)| {
            let request = app
                .client
                .post(format!("{}/sign-in", app.base))
                .header("x-forwarded-for", format!("198.18.{round}.{}", i + 1))
                .form(&[("case_number", login.case_number), ("access_code", login.access_code)]);
            async move { (login.case_number, request.send().await.unwrap()) }
        });
        for (case, r) in futures_util::future::join_all(attempts).await {
            assert_eq!(r.status(), 303, "round {round}: {case} was not let in");
            assert_eq!(r.headers()["location"], "/claims", "round {round}: {case}");
        }
    }
}

on_both_backends!(crate::app::db; every_debtor_signing_in_at_once_gets_in);
