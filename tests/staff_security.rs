//! Staff accounts after the security review (F5), over real HTTP on SQLite and PostgreSQL: a first
//! password set by an administrator is changed before anything else opens; a password change ends
//! the account's other sessions and refuses common, repeated or mistyped passwords; two-step
//! sign-in with a TOTP app, each code good once; the password asked again before an API key or an
//! account is made; addresses unique per creditor only.
#![cfg(feature = "ssr")]

#[path = "support/app.rs"]
mod app;
#[path = "support/plan_forms.rs"]
mod plan_forms;
#[path = "support/staff_pages.rs"]
mod staff_pages;
#[path = "support/totp_pages.rs"]
mod totp_pages;

use app::db::TestDb;
use debtor_portal::server::store::{ActorKind, AuditAction};
use staff_pages::{en, staff_session, staff_sign_in, text, KVIKK_AGENT, NORDLJUS_AGENT};
use totp_pages::{attribute, element, totp_code as code};
use totp_rs::Secret;

const NORDLJUS_ADMIN: (&str, &str) = ("admin@nordljus.example", "demo-nordljus-admin-2026");

/// The cookie a redirect set (a new token after each step of a sign-in).
fn new_cookie(r: &reqwest::Response) -> String {
    let set = r.headers()["set-cookie"].to_str().unwrap();
    set.split(';').next().unwrap().to_owned()
}

async fn post(app: &app::App, path: &str, form: &[(&str, &str)], cookie: &str) -> reqwest::Response {
    app.post_form(path, form, &[("cookie", cookie), ("origin", &app.base)]).await
}

async fn add_account(app: &app::App, admin: &str, email: &str, confirm: &str) -> String {
    let form = [
        ("name", "Eva Berg"),
        ("email", email),
        ("role", "agent"),
        ("password", "given-by-admin-2026"),
        ("current_password", confirm),
    ];
    app::App::location(&post(app, "/staff/accounts", &form, admin).await)
}

async fn a_first_password_is_changed_before_anything_else(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let admin = staff_session(&app, NORDLJUS_ADMIN).await;
    assert_eq!(
        add_account(&app, &admin, "eva@nordljus.example", NORDLJUS_ADMIN.1).await,
        "/staff/accounts?added=1#accounts"
    );
    let r = staff_sign_in(&app, "eva@nordljus.example", "given-by-admin-2026").await;
    assert_eq!(app::App::location(&r), "/staff/account");
    let half = new_cookie(&r);
    // Half-open: the account page only; the queue and every staff action answer "sign in".
    assert_eq!(en(&app, "/staff/queue", &half).await.status(), 401);
    let page = text(en(&app, "/staff/account", &half).await).await;
    assert!(page.contains("Choose your own password before you go on"), "{page}");
    // Each bad new password is refused for what it is, and nothing changes.
    let tries: [(&str, &str, &str, &str); 5] = [
        ("given-by-admin-2026", "my-own-pass-2026", "my-own-pass-2027", "password_mismatch"),
        ("given-by-admin-2026", "short", "short", "password_too_short"),
        ("given-by-admin-2026", "given-by-admin-2026", "given-by-admin-2026", "password_unchanged"),
        ("given-by-admin-2026", "Password1234", "Password1234", "password_common"),
        ("wrong-current-pass", "my-own-pass-2026", "my-own-pass-2026", "invalid_staff_credentials"),
    ];
    for (current, new, again, code) in tries {
        let form = [("current_password", current), ("new_password", new), ("repeat_password", again)];
        let r = post(&app, "/staff/password", &form, &half).await;
        assert_eq!(app::App::location(&r), format!("/staff/account?error={code}#password"), "{code}");
        assert_eq!(en(&app, "/staff/queue", &half).await.status(), 401, "{code}: still half-open");
    }
    let sv = app.client.get(format!("{}/staff/account?error=password_common", app.base));
    let sv = sv.header("cookie", &half).header("accept-language", "sv").send().await.unwrap().text().await.unwrap();
    assert!(sv.contains("vanliga eller läckta lösenord"), "translated");
    let form = [
        ("current_password", "given-by-admin-2026"),
        ("new_password", "my-own-pass-2026"),
        ("repeat_password", "my-own-pass-2026"),
    ];
    let r = post(&app, "/staff/password", &form, &half).await;
    assert_eq!(app::App::location(&r), "/staff/queue?password_changed=1");
    let full = new_cookie(&r);
    assert_eq!(en(&app, "/staff/queue", &full).await.status(), 200);
    assert_eq!(en(&app, "/staff/queue", &half).await.status(), 401, "the half-open token is gone");
    // The administrator's password no longer opens the account; the owner's does, straight to work.
    assert_eq!(
        app::App::location(&staff_sign_in(&app, "eva@nordljus.example", "given-by-admin-2026").await),
        "/staff?error=invalid_staff_credentials#sign-in"
    );
    assert_eq!(
        app::App::location(&staff_sign_in(&app, "eva@nordljus.example", "my-own-pass-2026").await),
        "/staff/queue"
    );
}

async fn a_password_change_ends_the_other_sessions(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let desk = staff_session(&app, NORDLJUS_AGENT).await;
    let laptop = staff_session(&app, NORDLJUS_AGENT).await;
    let form = [
        ("current_password", NORDLJUS_AGENT.1),
        ("new_password", "a-new-agent-pass-9"),
        ("repeat_password", "a-new-agent-pass-9"),
    ];
    let r = post(&app, "/staff/password", &form, &desk).await;
    assert_eq!(app::App::location(&r), "/staff/account?password_changed=1");
    let desk = new_cookie(&r);
    assert_eq!(en(&app, "/staff/queue", &desk).await.status(), 200);
    assert_eq!(en(&app, "/staff/queue", &laptop).await.status(), 401, "the other session ended");
    let agent = app.state.store.staff_user_by_email(NORDLJUS_AGENT.0).await.unwrap().unwrap();
    let audit = app.state.store.audit_by(ActorKind::Staff, agent.id.as_str()).await.unwrap();
    let line = audit.iter().find(|a| a.action == AuditAction::StaffPasswordChanged).expect("audited");
    assert!(!line.detail.to_string().contains("a-new-agent-pass"), "never the password");
}

async fn two_step_sign_in_asks_for_a_code_good_once(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let agent = staff_session(&app, NORDLJUS_AGENT).await;
    let page = text(en(&app, "/staff/account", &agent).await).await;
    assert!(page.contains("totp-key"), "{page}");
    let key = element(&page, "data-testid=\"totp-key\"").1.to_owned();
    let sealed = attribute(element(&page, "name=\"setup\"").0, "value").to_owned();
    let now = app.state.clock.now();
    // A wrong code, a wrong password or a key other than the one the server sealed: nothing changes.
    let attempts: [(&str, String, &str, &str); 3] = [
        (sealed.as_str(), "000000".into(), NORDLJUS_AGENT.1, "totp_invalid"),
        (sealed.as_str(), code(&key, now.unix()), "not-my-password", "invalid_staff_credentials"),
        ("k.00.00", code(&key, now.unix()), NORDLJUS_AGENT.1, "totp_invalid"),
    ];
    for (setup, c, password, error) in attempts {
        let form = [("setup", setup), ("code", c.as_str()), ("current_password", password)];
        let r = post(&app, "/staff/two-factor", &form, &agent).await;
        assert_eq!(app::App::location(&r), format!("/staff/account?error={error}#two-factor"));
    }
    let account = app.state.store.staff_user_by_email(NORDLJUS_AGENT.0).await.unwrap().unwrap();
    assert!(account.totp.is_none());
    // The code of the previous time step still counts (clocks drift); it is then used up.
    let first = code(&key, (now - 30).unix());
    let form = [("setup", sealed.as_str()), ("code", first.as_str()), ("current_password", NORDLJUS_AGENT.1)];
    let other_desk = staff_session(&app, NORDLJUS_AGENT).await;
    let r = post(&app, "/staff/two-factor", &form, &agent).await;
    assert_eq!(app::App::location(&r), "/staff/account?two_factor=1#two-factor");
    // The session goes on under a new token; every other session of the account has ended.
    let renewed = new_cookie(&r);
    assert!(text(en(&app, "/staff/account?two_factor=1", &renewed).await).await.contains("Two-step sign-in is now on"));
    assert_eq!(en(&app, "/staff/queue", &agent).await.status(), 401);
    assert_eq!(en(&app, "/staff/queue", &other_desk).await.status(), 401);
    let stored = app.state.store.staff_user_by_email(NORDLJUS_AGENT.0).await.unwrap().unwrap().totp.unwrap();
    let raw = Secret::try_from_base32(key.replace(' ', "")).unwrap();
    let raw: &[u8] = raw.as_ref();
    assert!(!stored.ciphertext.windows(raw.len()).any(|w| w == raw), "the key is kept sealed");

    // Signing in now takes the password, then a code.
    let r = staff_sign_in(&app, NORDLJUS_AGENT.0, NORDLJUS_AGENT.1).await;
    assert_eq!(app::App::location(&r), "/staff/second-factor");
    let half = new_cookie(&r);
    assert_eq!(en(&app, "/staff/queue", &half).await.status(), 401);
    assert_eq!(en(&app, "/staff/account", &half).await.status(), 401, "not even the account page");
    for (c, why) in
        [(first.clone(), "used already"), ("123456".into(), "wrong"), (code(&key, (now + 90).unix()), "too far ahead")]
    {
        let r = post(&app, "/staff/second-factor", &[("code", c.as_str())], &half).await;
        assert_eq!(app::App::location(&r), "/staff/second-factor?error=totp_invalid#second-factor", "{why}");
    }
    let now_code = code(&key, now.unix());
    let r = post(&app, "/staff/second-factor", &[("code", now_code.as_str())], &half).await;
    assert_eq!(app::App::location(&r), "/staff/queue");
    let full = new_cookie(&r);
    assert_eq!(en(&app, "/staff/queue", &full).await.status(), 200);
    assert_eq!(en(&app, "/staff/queue", &half).await.status(), 401, "the half-open token is gone");
    // The same code on another sign-in is refused: each code is good once.
    let again = new_cookie(&staff_sign_in(&app, NORDLJUS_AGENT.0, NORDLJUS_AGENT.1).await);
    let r = post(&app, "/staff/second-factor", &[("code", now_code.as_str())], &again).await;
    assert_eq!(app::App::location(&r), "/staff/second-factor?error=totp_invalid#second-factor");
    // Guessing is throttled like a password.
    let mut last = String::new();
    for _ in 0..8 {
        last = app::App::location(&post(&app, "/staff/second-factor", &[("code", "999999")], &again).await);
    }
    assert!(last.contains("error=too_many_attempts"), "{last}");
}

async fn keys_and_accounts_need_the_password_again(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let admin = staff_session(&app, NORDLJUS_ADMIN).await;
    let keys_before = app.state.store.count("api_keys").await.unwrap();
    for confirm in ["", "not-the-password"] {
        let r = post(&app, "/staff/api-keys", &[("name", "ERP"), ("current_password", confirm)], &admin).await;
        assert_eq!(app::App::location(&r), "/staff/api-keys?error=invalid_staff_credentials#make-key");
        assert_eq!(
            add_account(&app, &admin, "new@nordljus.example", confirm).await,
            "/staff/accounts?error=invalid_staff_credentials#add-account"
        );
    }
    assert_eq!(app.state.store.count("api_keys").await.unwrap(), keys_before);
    assert!(app.state.store.staff_user_by_email("new@nordljus.example").await.unwrap().is_none());
    let r = post(&app, "/staff/api-keys", &[("name", "ERP"), ("current_password", NORDLJUS_ADMIN.1)], &admin).await;
    assert_eq!(app::App::location(&r), "/staff/api-keys#new-key");
    assert_eq!(app.state.store.count("api_keys").await.unwrap(), keys_before + 1);
    let admin_account = app.state.store.staff_user_by_email(NORDLJUS_ADMIN.0).await.unwrap().unwrap();
    let audit = app.state.store.audit_by(ActorKind::Staff, admin_account.id.as_str()).await.unwrap();
    assert!(audit.iter().any(|a| a.action == AuditAction::StaffReauthenticated));
}

async fn addresses_are_unique_per_creditor_only(db: TestDb) {
    let app = app::spawn_seeded(db).await;
    let admin = staff_session(&app, NORDLJUS_ADMIN).await;
    // Kvikk Mobil's agent's address at Nordljus too: another creditor's accounts are not probed.
    assert_eq!(add_account(&app, &admin, KVIKK_AGENT.0, NORDLJUS_ADMIN.1).await, "/staff/accounts?added=1#accounts");
    assert_eq!(
        add_account(&app, &admin, KVIKK_AGENT.0, NORDLJUS_ADMIN.1).await,
        "/staff/accounts?error=email_taken#add-account"
    );
    // Each password opens its own account: Kvikk's agent still works Kvikk's claims.
    let kvikk = staff_session(&app, KVIKK_AGENT).await;
    assert!(text(en(&app, "/staff/queue", &kvikk).await).await.contains("Kvikk"));
    let r = staff_sign_in(&app, KVIKK_AGENT.0, "given-by-admin-2026").await;
    assert_eq!(app::App::location(&r), "/staff/account", "the Nordljus account, first password to change");
    // A removed account's address can be given again.
    let ids = app.state.store.staff_users_by_email(KVIKK_AGENT.0).await.unwrap();
    let nordljus = app.claim(staff_pages::ANNA.0).await.creditor_id;
    let at_nordljus = ids.iter().find(|a| a.creditor_id == nordljus).unwrap().id.clone();
    let r = post(&app, &format!("/staff/accounts/{at_nordljus}/remove"), &[], &admin).await;
    assert_eq!(app::App::location(&r), "/staff/accounts?removed=1#accounts");
    assert_eq!(add_account(&app, &admin, KVIKK_AGENT.0, NORDLJUS_ADMIN.1).await, "/staff/accounts?added=1#accounts");
}

on_both_backends!(
    crate::app::db;
    a_first_password_is_changed_before_anything_else,
    a_password_change_ends_the_other_sessions,
    two_step_sign_in_asks_for_a_code_good_once,
    keys_and_accounts_need_the_password_again,
    addresses_are_unique_per_creditor_only,
);
