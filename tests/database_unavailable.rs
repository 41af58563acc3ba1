//! The database out of reach: pages, the API and `/readyz` answer 503 with `Retry-After` (the
//! client may try again), never a 500 that says something broke, and nothing is half-done. On
//! SQLite and PostgreSQL; the pool is closed under the running server.
#![cfg(feature = "ssr")]

#[path = "support/app.rs"]
mod app;

use app::db::TestDb;

async fn a_database_out_of_reach_is_503_with_retry_after(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let cookie = app.session("40010001", "K7QM-4TXP").await;
    let id = app.claim_id("40010001").await;
    assert_eq!(app.get("/readyz").await.status(), 200);

    app.state.store.close().await;
    for path in ["/readyz".to_owned(), "/claims".to_owned(), format!("/claims/{id}")] {
        let r = app.get_with_cookie(&path, &cookie).await;
        assert_eq!(r.status(), 503, "{path}");
        assert!(r.headers().contains_key("retry-after"), "{path}: {:?}", r.headers());
    }
    let r = app.client.get(format!("{}/api/v1/claims", app.base)).bearer_auth("dp_nokey").send().await.unwrap();
    assert_eq!(r.status(), 503);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"], "unavailable", "{body}");
}

on_both_backends!(crate::app::db; a_database_out_of_reach_is_503_with_retry_after);
