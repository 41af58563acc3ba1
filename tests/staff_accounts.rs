//! Staff accounts over real HTTP, on SQLite and PostgreSQL: an administrator adds an account that
//! can sign in at once and removes one whose sessions end at once; bad fields, a taken address,
//! removing oneself or another creditor's account change nothing; agents cannot do any of it.
#![cfg(feature = "ssr")]

#[path = "support/app.rs"]
mod app;
#[path = "support/plan_forms.rs"]
mod plan_forms;
#[path = "support/staff_pages.rs"]
mod staff_pages;

use app::db::TestDb;
use debtor_portal::server::store::{ActorKind, AuditAction, StaffRole};
use staff_pages::{en, staff_session, staff_sign_in, text, ANNA, KVIKK_AGENT, NORDLJUS_AGENT};

const ADMIN: (&str, &str) = ("admin@nordljus.example", "demo-nordljus-admin-2026");
const EVA: (&str, &str) = ("eva.berg@nordljus.example", "ett-långt-lösen-2026");

/// Adds an account as the administrator, who confirms with their own password.
async fn add(app: &app::App, cookie: &str, form: &[(&str, &str)]) -> String {
    let mut form = form.to_vec();
    form.push(("current_password", ADMIN.1));
    app::App::location(&app.post_form("/staff/accounts", &form, &[("cookie", cookie)]).await)
}

async fn an_administrator_adds_and_removes_accounts(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let admin = staff_session(&app, ADMIN).await;
    let page = text(en(&app, "/staff/accounts", &admin).await).await;
    assert!(
        page.contains("Staff accounts") && page.contains(NORDLJUS_AGENT.0) && !page.contains(KVIKK_AGENT.0),
        "{page}"
    );
    let form = [("name", "Eva Berg"), ("email", "Eva.Berg@Nordljus.example"), ("role", "agent"), ("password", EVA.1)];
    assert_eq!(add(&app, &admin, &form).await, "/staff/accounts?added=1#accounts");
    let eva = app.state.store.staff_user_by_email(EVA.0).await.unwrap().expect("added");
    assert_eq!((eva.name.as_str(), eva.role), ("Eva Berg", StaffRole::Agent));
    assert!(!eva.password_hash.contains(EVA.1) && eva.password_hash.starts_with("$argon2id$"));
    let admin_id = app.state.store.staff_user_by_email(ADMIN.0).await.unwrap().unwrap().id;
    let audit = app.state.store.audit_by(ActorKind::Staff, admin_id.as_str()).await.unwrap();
    let line = audit.iter().find(|a| a.action == AuditAction::StaffAccountAdded).expect("audited");
    assert!(!line.detail.to_string().contains("argon2"), "no hash in the log");
    // Eva signs in, chooses her own password (the administrator knows the first) and works;
    // removed, her session ends at once and she cannot sign in again.
    let r = staff_sign_in(&app, EVA.0, EVA.1).await;
    assert_eq!(app::App::location(&r), "/staff/account");
    let half = r.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let own = [
        ("current_password", EVA.1),
        ("new_password", "evas-eget-lösen-2026"),
        ("repeat_password", "evas-eget-lösen-2026"),
    ];
    let r = app.post_form("/staff/password", &own, &[("cookie", &half)]).await;
    assert_eq!(app::App::location(&r), "/staff/queue?password_changed=1");
    let session = r.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    assert_eq!(en(&app, "/staff/queue", &session).await.status(), 200);
    let r = app.post_form(&format!("/staff/accounts/{}/remove", eva.id), &[], &[("cookie", &admin)]).await;
    assert_eq!(app::App::location(&r), "/staff/accounts?removed=1#accounts");
    assert_eq!(en(&app, "/staff/queue", &session).await.status(), 401);
    let r = staff_sign_in(&app, EVA.0, "evas-eget-lösen-2026").await;
    assert_eq!(app::App::location(&r), "/staff?error=invalid_staff_credentials#sign-in");
    assert!(!text(en(&app, "/staff/accounts", &admin).await).await.contains(EVA.0));
    // Removing her twice finds nothing; her address can be given to a new account.
    let r = app.post_form(&format!("/staff/accounts/{}/remove", eva.id), &[], &[("cookie", &admin)]).await;
    assert_eq!(r.status(), 404);
    assert_eq!(add(&app, &admin, &form).await, "/staff/accounts?added=1#accounts");
}

async fn bad_fields_and_foreign_or_own_accounts_change_nothing(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let admin = staff_session(&app, ADMIN).await;
    let count =
        || async { app.state.store.staff_of_creditor(&app.claim(ANNA.0).await.creditor_id).await.unwrap().len() };
    let before = count().await;
    for (form, code) in [
        (vec![("name", ""), ("email", "x@y.se"), ("role", "agent"), ("password", EVA.1)], "staff_name_invalid"),
        (vec![("name", "X"), ("email", "x@y"), ("role", "agent"), ("password", EVA.1)], "email_invalid"),
        (vec![("name", "X"), ("email", "x@y.se"), ("role", "owner"), ("password", EVA.1)], "role_missing"),
        (vec![("name", "X"), ("email", "x@y.se"), ("role", "agent"), ("password", "kort")], "password_too_short"),
        (vec![("name", "X"), ("email", NORDLJUS_AGENT.0), ("role", "agent"), ("password", EVA.1)], "email_taken"),
        (vec![("name", "X"), ("email", "x@y.se"), ("role", "agent"), ("password", "password1234")], "password_common"),
    ] {
        assert_eq!(add(&app, &admin, &form).await, format!("/staff/accounts?error={code}#add-account"));
        assert_eq!(count().await, before, "{code}");
    }
    let me = app.state.store.staff_user_by_email(ADMIN.0).await.unwrap().unwrap().id;
    let r = app.post_form(&format!("/staff/accounts/{me}/remove"), &[], &[("cookie", &admin)]).await;
    assert_eq!(app::App::location(&r), "/staff/accounts?error=cannot_remove_self#accounts");
    let kvikk = app.state.store.staff_user_by_email(KVIKK_AGENT.0).await.unwrap().unwrap().id;
    let r = app.post_form(&format!("/staff/accounts/{kvikk}/remove"), &[], &[("cookie", &admin)]).await;
    assert_eq!(r.status(), 404, "another creditor's account is not found");
    assert!(app.state.store.staff_user(&kvikk).await.unwrap().is_some());
    assert_eq!(count().await, before);
}

async fn agents_cannot_manage_accounts(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    assert_eq!(en(&app, "/staff/accounts", &agent).await.status(), 403);
    let form = [("name", "Mallory"), ("email", "m@nordljus.example"), ("role", "admin"), ("password", EVA.1)];
    let r = app.post_form("/staff/accounts", &form, &[("cookie", &agent)]).await;
    assert_eq!(r.status(), 403);
    assert!(app.state.store.staff_user_by_email("m@nordljus.example").await.unwrap().is_none());
    let admin = app.state.store.staff_user_by_email(ADMIN.0).await.unwrap().unwrap().id;
    let r = app.post_form(&format!("/staff/accounts/{admin}/remove"), &[], &[("cookie", &agent)]).await;
    assert_eq!(r.status(), 403);
    assert!(app.state.store.staff_user(&admin).await.unwrap().is_some());
    let anna = app.session(ANNA.0, ANNA.1).await;
    let r = app.post_form("/staff/accounts", &form, &[("cookie", &anna)]).await;
    assert_eq!(app::App::location(&r), "/staff?error=unauthenticated#sign-in");
}

on_both_backends!(crate::app::db;
    an_administrator_adds_and_removes_accounts,
    bad_fields_and_foreign_or_own_accounts_change_nothing,
    agents_cannot_manage_accounts,
);
