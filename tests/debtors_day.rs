//! "Today" is the day in the claim's country, not the server's: half an hour before midnight UTC
//! on 30 November it is already 1 December in Stockholm and Oslo, and the claim page says so.
#![cfg(feature = "ssr")]

#[path = "support/app.rs"]
mod app;

use app::db::TestDb;

/// 2026-11-30T23:30:00Z, worked out once: `date -ud 2026-11-30T23:30:00Z +%s`.
const HALF_AN_HOUR_BEFORE_UTC_MIDNIGHT: i64 = 1_796_081_400;

async fn page_in(app: &app::App, path: &str, cookie: &str, language: &str) -> String {
    let r = app
        .client
        .get(format!("{}{path}", app.base))
        .header("cookie", cookie)
        .header("accept-language", language)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "{path}");
    r.text().await.unwrap()
}

async fn the_claim_page_is_worked_out_as_of_the_debtors_day(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    app.state.clock.advance(HALF_AN_HOUR_BEFORE_UTC_MIDNIGHT - app::TEST_NOW);
    assert_eq!(app.today_in(debtor_portal::domain::Country::Se).to_string(), "2026-12-01");

    // Anna's claim is Swedish.
    let cookie = app.session("40010001", "K7QM-4TXP").await;
    let path = format!("/claims/{}", app.claim_id("40010001").await);
    let sv = page_in(&app, &path, &cookie, "sv").await;
    assert!(sv.contains("Beräknat per 2026-12-01"), "Stockholm's day");
    assert!(!sv.contains("Beräknat per 2026-11-30"), "not the UTC day");

    // A Norwegian claim, in Norwegian: Oslo's day.
    let cookie = app.session("40020001", "T8BV-3MRA").await;
    let path = format!("/claims/{}", app.claim_id("40020001").await);
    let nb = page_in(&app, &path, &cookie, "nb").await;
    assert!(nb.contains("Beregnet per 01.12.2026"), "Oslo's day");
    assert!(!nb.contains("Beregnet per 30.11.2026"), "not the UTC day");

    // One hour earlier (22:30 UTC, 23:30 in Oslo) it is still 30 November there.
    app.state.clock.advance(-3600);
    let cookie = app.session("40020001", "T8BV-3MRA").await;
    let nb = page_in(&app, &path, &cookie, "nb").await;
    assert!(nb.contains("Beregnet per 30.11.2026"), "before midnight in Oslo");
}

on_both_backends!(
    crate::app::db;
    the_claim_page_is_worked_out_as_of_the_debtors_day,
);
