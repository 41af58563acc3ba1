//! The reference rates page over real HTTP, on SQLite and PostgreSQL: an administrator publishes a
//! half-year's rate (audited as them), a bad or repeated one changes nothing, agents and debtors
//! cannot; the queue says when the current half-year has no rate.
#![cfg(feature = "ssr")]

#[path = "support/app.rs"]
mod app;
#[path = "support/plan_forms.rs"]
mod plan_forms;
#[path = "support/staff_pages.rs"]
mod staff_pages;

use app::db::TestDb;
use debtor_portal::domain::interest::RateTable;
use debtor_portal::server::store::{ActorKind, AuditAction};
use staff_pages::{en, staff_session, text, ANNA, NORDLJUS_AGENT};

const ADMIN: (&str, &str) = ("admin@nordljus.example", "demo-nordljus-admin-2026");

async fn se_table(app: &app::App) -> RateTable {
    app.state.store.rate_table("se-reference").await.unwrap()
}

async fn publish(app: &app::App, cookie: &str, from: &str, rate: &str) -> reqwest::Response {
    app.post_form("/staff/rates", &[("valid_from", from), ("rate", rate)], &[("cookie", cookie)]).await
}

/// Nordljus stands in for the agency here: its administrators publish the national rates.
const AGENCY: (&str, &str) = ("RATE_PUBLISHERS", "556677-1234");

async fn an_administrator_publishes_the_missing_half_year_once(db: TestDb) {
    let app = app::spawn_seeded_with(db, &[AGENCY]).await;
    let admin = staff_session(&app, ADMIN).await;
    // 2026-11-23: the half-year from 2026-07-01 has no rate; page and queue say so.
    let page = text(en(&app, "/staff/rates", &admin).await).await;
    assert!(page.contains("No reference rate is published for the half-year from 2026-07-01"), "{page}");
    assert!(
        page.contains("The Riksbank&#x27;s reference rate (Sweden)")
            || page.contains("The Riksbank's reference rate (Sweden)"),
        "{page}"
    );
    assert!(page.contains("2.00 %"), "{page}");
    let queue = text(en(&app, "/staff/queue", &admin).await).await;
    assert!(queue.contains(r#"data-testid="rate-missing""#) && queue.contains(r#"href="/staff/rates""#), "{queue}");
    let before = se_table(&app).await;
    for (from, rate, code) in [
        ("2026-07-02", "1.75", "rate_date_invalid"),
        ("", "1.75", "rate_date_invalid"),
        ("2026-07-01", "1.755", "rate_invalid"),
        ("2026-07-01", "", "rate_invalid"),
        ("2026-01-01", "1.75", "rate_exists"),
    ] {
        let r = publish(&app, &admin, from, rate).await;
        assert_eq!(app::App::location(&r), format!("/staff/rates?error={code}#rates"), "{from} {rate}");
        assert_eq!(se_table(&app).await, before, "{from} {rate}: nothing changed");
    }
    let page = text(en(&app, "/staff/rates?error=rate_exists#rates", &admin).await).await;
    assert!(page.contains("A rate is already published for that half-year."), "{page}");
    let r = publish(&app, &admin, "2026-07-01", "1,75").await;
    assert_eq!(app::App::location(&r), "/staff/rates?published=1#rates");
    let after = se_table(&app).await;
    assert_eq!(after.entries().len(), before.entries().len() + 1);
    assert_eq!(after.entries().last().unwrap().rate, rust_decimal::Decimal::new(175, 2));
    let page = text(en(&app, "/staff/rates?published=1", &admin).await).await;
    assert!(
        page.contains("The rate is published.") && page.contains("1.75 %") && !page.contains("rate-missing"),
        "{page}"
    );
    assert!(!text(en(&app, "/staff/queue", &admin).await).await.contains("rate-missing"));
    let admin_id = app.state.store.staff_user_by_email(ADMIN.0).await.unwrap().unwrap().id;
    let audit = app.state.store.audit_by(ActorKind::Staff, admin_id.as_str()).await.unwrap();
    let line = audit.iter().find(|a| a.action == AuditAction::RatePublished).expect("audited");
    assert_eq!((line.detail["valid_from"].as_str(), line.detail["rate"].as_str()), (Some("2026-07-01"), Some("1.75")));
    // Published once: the same half-year again is refused and the first rate stands.
    let r = publish(&app, &admin, "2026-07-01", "2.00").await;
    assert_eq!(app::App::location(&r), "/staff/rates?error=rate_exists#rates");
    assert_eq!(se_table(&app).await, after);
}

async fn only_an_administrator_sees_or_publishes_rates(db: TestDb) {
    let app = app::spawn_seeded_with(db, &[AGENCY]).await;
    let before = se_table(&app).await;
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    assert_eq!(en(&app, "/staff/rates", &agent).await.status(), 403);
    assert_eq!(publish(&app, &agent, "2026-07-01", "1.75").await.status(), 403);
    let anna = app.session(ANNA.0, ANNA.1).await;
    assert_eq!(
        app::App::location(&publish(&app, &anna, "2026-07-01", "1.75").await),
        "/staff?error=unauthenticated#sign-in"
    );
    assert_eq!(en(&app, "/staff/rates", &anna).await.status(), 401);
    assert_eq!(se_table(&app).await, before);
    assert!(!text(en(&app, "/staff/queue", &agent).await).await.contains(r#"href="/staff/rates""#));
    let admin = staff_session(&app, ADMIN).await;
    let sv = text(app.get_with_cookie("/staff/rates", &format!("{admin}; i18n_pref_locale=sv")).await).await;
    assert!(sv.contains("Referensräntor") && sv.contains("Publicera räntan"), "{sv}");
}

/// The tables are shared by every creditor of a country: an administrator of a creditor that is
/// not the agency reads them and cannot change them (another creditor's claims would move).
async fn a_creditors_administrator_cannot_change_the_national_rates(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let before = se_table(&app).await;
    let admin = staff_session(&app, ADMIN).await;
    let page = text(en(&app, "/staff/rates", &admin).await).await;
    assert!(page.contains("rates-by-operations") && !page.contains(r#"action="/staff/rates""#), "{page}");
    let r = publish(&app, &admin, "2026-07-01", "1.75").await;
    assert_eq!(app::App::location(&r), "/staff/rates?error=forbidden#rates");
    assert_eq!(se_table(&app).await, before);
}

on_both_backends!(crate::app::db;
    a_creditors_administrator_cannot_change_the_national_rates,
    an_administrator_publishes_the_missing_half_year_once,
    only_an_administrator_sees_or_publishes_rates,
);
