//! The HTTP server as a browser or a load balancer sees it, on a real socket, on SQLite and PostgreSQL.
#![cfg(feature = "ssr")]

#[path = "support/app.rs"]
mod app;

use app::spawn_app;
use reqwest::header;

async fn health_and_readiness(db: app::db::TestDb) {
    let app = spawn_app(db).await;
    let r = app.get("/healthz").await;
    assert_eq!(r.status(), 200);
    let ready = app.get("/readyz").await;
    assert_eq!(ready.status(), 200);
    let body = ready.text().await.unwrap();
    assert!(body.starts_with("ready\n"), "{body}");
    app.state.store.close().await;
    let r = app.get("/readyz").await;
    assert_eq!(r.status(), 503);
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"], "unavailable");
    assert_eq!(app.get("/healthz").await.status(), 200, "alive even when the database is not");
}

/// `/readyz` stays 200 without the current half-year's rate, and says so in a line of its own.
async fn readiness_names_a_half_year_without_its_rate(db: app::db::TestDb) {
    use debtor_portal::domain::interest::RateEntry;
    use debtor_portal::server::store::ActorKind;
    let app = spawn_app(db).await;
    let body = || async { app.get("/readyz").await.text().await.unwrap() };
    // 2026-11-23: the migrations' last rates are from 2026-01-01.
    assert_eq!(
        body().await,
        "ready\nwarning rate_missing se-reference 2026-07-01\nwarning rate_missing no-forsinkelsesrente 2026-07-01\n"
    );
    let entry = RateEntry { from: "2026-07-01".parse().unwrap(), rate: rust_decimal::Decimal::new(175, 2) };
    app.state.store.publish_rate("se-reference", entry, (ActorKind::System, None)).await.unwrap().unwrap();
    assert_eq!(body().await, "ready\nwarning rate_missing no-forsinkelsesrente 2026-07-01\n");
    let entry = RateEntry { from: "2026-07-01".parse().unwrap(), rate: rust_decimal::Decimal::new(1175, 2) };
    app.state.store.publish_rate("no-forsinkelsesrente", entry, (ActorKind::System, None)).await.unwrap().unwrap();
    assert_eq!(body().await, "ready\n");
    // Into 2027: the next half-year has no rate yet.
    app.state.clock.advance(40 * 86_400);
    assert!(body().await.contains("warning rate_missing se-reference 2027-01-01"));
}

async fn home_page_follows_accept_language_and_cookie(db: app::db::TestDb) {
    let app = spawn_app(db).await;
    let page = |lang: &'static str, cookie: Option<&'static str>| {
        let mut req = app.client.get(format!("{}/", app.base)).header(header::ACCEPT_LANGUAGE, lang);
        if let Some(c) = cookie {
            req = req.header(header::COOKIE, c);
        }
        async move {
            let r = req.send().await.unwrap();
            assert_eq!(r.status(), 200);
            assert_eq!(r.headers()[header::CACHE_CONTROL], "no-store");
            // Only the language links write the language cookie; a page never writes back what it
            // detected (a page once answered with another request's language that way).
            assert!(r.headers().get(header::SET_COOKIE).is_none(), "{:?}", r.headers().get(header::SET_COOKIE));
            r.text().await.unwrap()
        }
    };
    let sv = page("sv-SE,sv;q=0.9", None).await;
    assert!(sv.contains("Ditt ärende, på dina villkor"), "{sv}");
    assert!(sv.contains(r#"lang="sv""#));
    let nb = page("nb-NO,no;q=0.9,en;q=0.5", None).await;
    assert!(nb.contains("Saken din, på dine premisser"));
    let en = page("en-GB,en;q=0.9", None).await;
    assert!(en.contains("Your case, on your terms"));
    let fallback = page("de-DE", None).await;
    assert!(fallback.contains("Ditt ärende"), "Swedish is the default");
    let chosen = page("sv-SE", Some("i18n_pref_locale=en")).await;
    assert!(chosen.contains("Your case, on your terms"), "the cookie wins over the header");
}

async fn language_switch_without_javascript(db: app::db::TestDb) {
    let app = spawn_app(db).await;
    let r = app.get("/language/nb?next=%2Fsomewhere%3Fx%3D1").await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()[header::LOCATION], "/somewhere?x=1");
    let cookie = r.headers()[header::SET_COOKIE].to_str().unwrap();
    assert!(cookie.starts_with("i18n_pref_locale=nb;") && cookie.contains("SameSite=Lax"), "{cookie}");
    let r = app.get("/language/en?next=%2F%2Fevil.example").await;
    assert_eq!(r.headers()[header::LOCATION], "/", "no open redirect");
    let r = app.get("/language/xx").await;
    assert_eq!(r.status(), 400);
    assert!(r.headers().get(header::SET_COOKIE).is_none(), "a bad request changes nothing");
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["error"], "unknown_language");
}

async fn unknown_pages_are_404_in_the_right_language(db: app::db::TestDb) {
    let app = spawn_app(db).await;
    let r = app
        .client
        .get(format!("{}/no/such/page", app.base))
        .header(header::ACCEPT_LANGUAGE, "en")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404);
    assert!(r.text().await.unwrap().contains("Page not found"));
}

async fn bundles_are_compressed_and_cached_for_a_year(db: app::db::TestDb) {
    let app = spawn_app(db).await;
    let r = app
        .client
        .get(format!("{}/pkg/debtor-portal.js", app.base))
        .header(header::ACCEPT_ENCODING, "br")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()[header::CONTENT_ENCODING], "br");
    assert_eq!(r.headers()[header::CACHE_CONTROL], "public, max-age=31536000, immutable");
    let r = app
        .client
        .get(format!("{}/pkg/debtor-portal.js", app.base))
        .header(header::ACCEPT_ENCODING, "gzip")
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()[header::CONTENT_ENCODING], "gzip");
    let r = app.client.get(format!("{}/", app.base)).header(header::ACCEPT_ENCODING, "gzip").send().await.unwrap();
    assert_eq!(r.headers()[header::CONTENT_ENCODING], "gzip", "pages are compressed on the fly");
}

async fn oversized_bodies_are_refused(db: app::db::TestDb) {
    let app = spawn_app(db).await;
    let r = app.client.post(format!("{}/api/anything", app.base)).body(vec![b'x'; 10_000]).send().await.unwrap();
    assert_eq!(r.status(), 413);
}

/// Building another router (as every test and every `serve` does) while a page renders must not
/// stall that page: generating the route list switches resource loading off process-wide
/// (leptos-rs/leptos#4773), so the routes are generated once per process.
async fn building_a_router_never_stalls_a_page_in_flight(db: app::db::TestDb) {
    let app = spawn_app(db).await;
    let (state, runtime) = (app.state.clone(), tokio::runtime::Handle::current());
    let builder = std::thread::spawn(move || {
        let _inside = runtime.enter();
        for _ in 0..40 {
            drop(debtor_portal::server::http::router(state.clone()));
        }
    });
    for _ in 0..40 {
        // A page whose data is a resource (here: refused, no staff session). A stalled one would be
        // answered 408 by the request timeout instead, so the status alone tells.
        let r =
            app.client.get(format!("{}/staff/queue", app.base)).header("accept-language", "en").send().await.unwrap();
        assert_eq!(r.status(), 401);
        assert!(r.text().await.unwrap().contains("</html>"));
    }
    builder.join().unwrap();
}

on_both_backends!(
    crate::app::db;
    health_and_readiness,
    readiness_names_a_half_year_without_its_rate,
);
on_one_backend!(
    crate::app::db;
    building_a_router_never_stalls_a_page_in_flight,
    home_page_follows_accept_language_and_cookie,
    language_switch_without_javascript,
    unknown_pages_are_404_in_the_right_language,
    bundles_are_compressed_and_cached_for_a_year,
    oversized_bodies_are_refused,
);
