//! API keys over real HTTP, on SQLite and PostgreSQL: an administrator makes a key, sees it once
//! (never in an address, and never again after that page), lists and revokes it; the key works on
//! the API until revoked; bad names, other creditors' keys and agents change nothing.
#![cfg(feature = "ssr")]

#[path = "support/app.rs"]
mod app;
#[path = "support/plan_forms.rs"]
mod plan_forms;
#[path = "support/staff_pages.rs"]
mod staff_pages;

use app::db::TestDb;
use debtor_portal::server::api::key_hash;
use debtor_portal::server::store::{ActorKind, AuditAction};
use staff_pages::{en, staff_session, text, ANNA, KVIKK_AGENT, NORDLJUS_AGENT};

const ADMIN: (&str, &str) = ("admin@nordljus.example", "demo-nordljus-admin-2026");

/// The `name=value` of the cookie a response sets with `name`.
fn set_cookie(r: &reqwest::Response, name: &str) -> Option<String> {
    r.headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .map(str::to_owned)
}

async fn api_status(app: &app::App, key: &str) -> u16 {
    let url = format!("{}/api/v1/claims/{}", app.base, ANNA.0);
    app.client.get(url).bearer_auth(key).send().await.unwrap().status().as_u16()
}

async fn a_key_is_shown_once_listed_and_revoked(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let admin = staff_session(&app, ADMIN).await;
    let page = text(en(&app, "/staff/api-keys", &admin).await).await;
    assert!(page.contains("API keys") && page.contains("No keys yet."), "{page}");
    let r = app
        .post_form(
            "/staff/api-keys",
            &[("name", "  Ledger sync "), ("current_password", ADMIN.1)],
            &[("cookie", &admin)],
        )
        .await;
    assert_eq!(app::App::location(&r), "/staff/api-keys#new-key", "the key is in no address");
    let carried = set_cookie(&r, "dp_new_api_key").expect("carried to the page");
    assert!(
        carried.contains("HttpOnly") && carried.contains("SameSite=Strict") && carried.contains("Path=/staff/api-keys")
    );
    let key = carried.split(';').next().unwrap().trim_start_matches("dp_new_api_key=").to_owned();
    assert!(key.starts_with("dpk_") && key.len() == 68, "{key}");
    // The page shows it once and clears the cookie; the store has only its hash.
    let r = en(&app, "/staff/api-keys", &format!("{admin}; dp_new_api_key={key}")).await;
    let cleared = set_cookie(&r, "dp_new_api_key").expect("cleared");
    assert!(cleared.starts_with("dp_new_api_key=;") && cleared.contains("Max-Age=0"), "{cleared}");
    let page = text(r).await;
    assert!(page.contains(&key) && page.contains("Your new key") && page.contains("Ledger sync"), "{page}");
    assert!(page.contains(&key[..12]) && page.contains("by Per Ek") && page.contains("Never"), "{page}");
    assert!(!text(en(&app, "/staff/api-keys", &admin).await).await.contains(&key), "not shown again");
    let creditor = app.claim(ANNA.0).await.creditor_id;
    let stored = app.state.store.api_keys_of(&creditor).await.unwrap();
    assert_eq!((stored.len(), stored[0].name.as_str(), stored[0].prefix.as_str()), (1, "Ledger sync", &key[..12]));
    assert!(app.state.store.api_client(&key_hash(&key)).await.unwrap().is_some());
    // The key works on the API, and its use shows in the list.
    assert_eq!(api_status(&app, &key).await, 200);
    let page = text(en(&app, "/staff/api-keys", &admin).await).await;
    assert!(!page.contains("Never"), "last used now: {page}");
    // Revoked, it is refused at once, stays listed as revoked, and cannot be revoked twice.
    let id = stored[0].id.clone();
    let r = app.post_form(&format!("/staff/api-keys/{id}/revoke"), &[], &[("cookie", &admin)]).await;
    assert_eq!(app::App::location(&r), "/staff/api-keys?revoked=1#keys");
    assert_eq!(api_status(&app, &key).await, 401);
    let page = text(en(&app, "/staff/api-keys?revoked=1", &admin).await).await;
    assert!(
        page.contains("The key is revoked") && page.contains("Revoked ") && !page.contains("Revoke the key"),
        "{page}"
    );
    let r = app.post_form(&format!("/staff/api-keys/{id}/revoke"), &[], &[("cookie", &admin)]).await;
    assert_eq!(r.status(), 404);
    let per = app.state.store.staff_user_by_email(ADMIN.0).await.unwrap().unwrap().id;
    let audit = app.state.store.audit_by(ActorKind::Staff, per.as_str()).await.unwrap();
    for action in [AuditAction::ApiKeyCreated, AuditAction::ApiKeyRevoked] {
        let line = audit.iter().find(|l| l.action == action).expect("audited");
        assert!(!line.detail.to_string().contains(&key), "never the key in the log");
    }
}

async fn bad_names_other_creditors_and_agents_change_nothing(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let admin = staff_session(&app, ADMIN).await;
    let creditor = app.claim(ANNA.0).await.creditor_id;
    let keys = || async { app.state.store.api_keys_of(&creditor).await.unwrap().len() };
    for name in ["", "   ", &"x".repeat(101)] {
        let r = app
            .post_form("/staff/api-keys", &[("name", name), ("current_password", ADMIN.1)], &[("cookie", &admin)])
            .await;
        assert_eq!(app::App::location(&r), "/staff/api-keys?error=key_name_invalid#make-key");
        assert!(set_cookie(&r, "dp_new_api_key").is_none());
    }
    let page = text(en(&app, "/staff/api-keys?error=key_name_invalid", &admin).await).await;
    assert!(page.contains("Name the key after the system"), "translated: {page}");
    assert_eq!(keys().await, 0);
    // Another creditor's key: not theirs to see or revoke.
    let kvikk = app.state.store.staff_user_by_email(KVIKK_AGENT.0).await.unwrap().unwrap();
    let id = app
        .state
        .store
        .add_api_key(&kvikk.id, &kvikk.creditor_id, "Kvikk ERP", &key_hash("dpk_kvikk"), "dpk_kvikk")
        .await
        .unwrap();
    assert!(!text(en(&app, "/staff/api-keys", &admin).await).await.contains("Kvikk ERP"));
    let r = app.post_form(&format!("/staff/api-keys/{id}/revoke"), &[], &[("cookie", &admin)]).await;
    assert_eq!(r.status(), 404);
    assert!(app.state.store.api_client(&key_hash("dpk_kvikk")).await.unwrap().is_some(), "still works");
    // Agents may not see, make or revoke keys; debtors are sent to sign in.
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    assert_eq!(en(&app, "/staff/api-keys", &agent).await.status(), 403);
    let r = app.post_form("/staff/api-keys", &[("name", "Mallory")], &[("cookie", &agent)]).await;
    assert_eq!(r.status(), 403);
    let anna = app.session(ANNA.0, ANNA.1).await;
    let r = app.post_form("/staff/api-keys", &[("name", "Mallory")], &[("cookie", &anna)]).await;
    assert_eq!(app::App::location(&r), "/staff?error=unauthenticated#sign-in");
    assert_eq!(keys().await, 0);
    // A forged cookie is no key: the page shows nothing that is not `dpk_…`.
    let page = text(en(&app, "/staff/api-keys", &format!("{admin}; dp_new_api_key=<script>")).await).await;
    assert!(!page.contains("Your new key"), "{page}");
}

/// A refused key is audited with the client and what it began with (never the key), once a minute
/// per client at most, so a flood of bad keys is no flood of writes.
async fn refused_keys_are_audited_without_the_key(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let refused = || async {
        let rows: Vec<(String,)> = sqlx::query_as("SELECT detail FROM audit_log WHERE action = 'api_key_refused'")
            .fetch_all(app.state.store.pool())
            .await
            .unwrap();
        rows
    };
    let guess = format!("dpk_{}", "ab".repeat(32));
    for _ in 0..5 {
        assert_eq!(api_status(&app, &guess).await, 401);
    }
    let rows = refused().await;
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert!(rows[0].0.contains("127.0.0.1") && rows[0].0.contains(&guess[..12]) && !rows[0].0.contains(&guess));
    app.state.clock.advance(61);
    assert_eq!(api_status(&app, "not-a-key-of-ours").await, 401);
    let rows = refused().await;
    assert_eq!(rows.len(), 2, "a minute later, again");
    assert!(rows[1].0.contains("\"prefix\":null"), "{}", rows[1].0);
}

on_both_backends!(crate::app::db;
    a_key_is_shown_once_listed_and_revoked,
    bad_names_other_creditors_and_agents_change_nothing,
    refused_keys_are_audited_without_the_key,
);
