//! The security baseline over real HTTP, on SQLite and PostgreSQL: headers on every kind of answer,
//! the same-origin check, the throttle under parallel guessing and against a victim lockout, busy
//! hashing, the client address behind proxies, the session cookie, audit lines and code lifetime.
#![cfg(feature = "ssr")]

#[path = "support/app.rs"]
mod app;

use app::db::TestDb;
use app::{spawn_app, spawn_app_with, App};
use debtor_portal::server::auth::throttle::FREE_TRIES;
use debtor_portal::server::demo;
use debtor_portal::server::store::{AuditAction, ThrottleScope};

const ANNA: (&str, &str) = ("40010001", "K7QM-4TXP");
const ERIK: (&str, &str) = ("40010002", "R3WZ-8HNC");

async fn seeded(app: App) -> App {
    demo::seed(&app.state.store, app.today()).await.unwrap();
    app
}

fn assert_security_headers(r: &reqwest::Response, what: &str) {
    let h = r.headers();
    let csp = h.get("content-security-policy").unwrap_or_else(|| panic!("{what}: no CSP")).to_str().unwrap();
    assert!(csp.contains("script-src 'nonce-") && csp.contains("'strict-dynamic'"), "{what}: {csp}");
    assert!(!csp.contains("unsafe-inline"), "{what}: {csp}");
    assert_eq!(h["x-content-type-options"], "nosniff", "{what}");
    assert_eq!(h["referrer-policy"], "same-origin", "{what}");
    assert_eq!(h["cross-origin-opener-policy"], "same-origin", "{what}");
    assert!(h["permissions-policy"].to_str().unwrap().contains("camera=()"), "{what}");
}

async fn every_kind_of_answer_carries_the_security_headers(db: TestDb) {
    let app = seeded(spawn_app(db).await).await;
    let page = app.get("/").await;
    assert_security_headers(&page, "page");
    assert!(page.headers().get("strict-transport-security").is_none(), "no HSTS over plain http");
    assert_security_headers(&app.get("/no-such-page").await, "404");
    assert_security_headers(&app.get("/pkg/debtor-portal.js").await, "static file");
    let api = app.client.post(format!("{}/api/my_claims", app.base)).send().await.unwrap();
    assert_security_headers(&api, "server function");
    assert_security_headers(&app.sign_in(ANNA.0, "WRONG").await, "sign-in redirect");
    // The page's inline scripts carry the nonce of its own header, and it changes per request.
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let id = app.state.store.claim_by_case_number(ANNA.0).await.unwrap().unwrap().id;
    let r = app.get_with_cookie(&format!("/claims/{id}"), &cookie).await;
    let csp = r.headers()["content-security-policy"].to_str().unwrap().to_owned();
    let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap().to_owned();
    let body = r.text().await.unwrap();
    assert!(body.contains(&format!("nonce=\"{nonce}\"")), "the island loader carries the header's nonce");
    let again = app.get_with_cookie(&format!("/claims/{id}"), &cookie).await;
    assert!(!again.headers()["content-security-policy"].to_str().unwrap().contains(&nonce), "a fresh nonce");
}

async fn behind_tls_the_cookie_is_host_prefixed_and_hsts_is_sent(db: TestDb) {
    let app = seeded(spawn_app_with(db, &[("PUBLIC_URL", "https://portal.example.se")]).await).await;
    assert_eq!(app.get("/").await.headers()["strict-transport-security"], "max-age=31536000; includeSubDomains");
    let origin = [("origin", "https://portal.example.se")];
    let r = app.post_form("/sign-in", &[("case_number", ANNA.0), ("access_code", ANNA.1)], &origin).await;
    let set = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(set.starts_with("__Host-portal_session="), "{set}");
    for attr in ["Secure", "HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(set.contains(attr), "{set}");
    }
    assert!(!set.contains("Domain") && !set.contains("Max-Age"), "a browser-session cookie: {set}");
    let cookie = set.split(';').next().unwrap();
    assert_eq!(app.get_with_cookie("/claims", cookie).await.status(), 200);
    // The plain name means nothing here.
    let plain = cookie.replace("__Host-portal_session", "portal_session");
    assert_eq!(app.get_with_cookie("/claims", &plain).await.status(), 401);
    // Our own page's origin; anyone else's is refused.
    let r =
        app.post_form("/sign-in", &[("case_number", ANNA.0), ("access_code", ANNA.1)], &[("origin", &app.base)]).await;
    assert_eq!(r.status(), 403, "http://127.0.0.1 is not https://portal.example.se");
}

async fn over_plain_http_the_cookie_is_loopback_only_and_keep_me_signed_in_lasts(db: TestDb) {
    let app = seeded(spawn_app(db).await).await;
    let r = app.sign_in(ANNA.0, ANNA.1).await;
    let set = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(set.starts_with("portal_session=") && !set.contains("Secure") && !set.contains("Max-Age"), "{set}");
    // A client header does not make the cookie Secure: only PUBLIC_URL does.
    let r = app
        .post_form("/sign-in", &[("case_number", ANNA.0), ("access_code", ANNA.1)], &[("x-forwarded-proto", "https")])
        .await;
    assert!(!r.headers()["set-cookie"].to_str().unwrap().contains("Secure"));
    let r = app.post_form("/sign-in", &[("case_number", ANNA.0), ("access_code", ANNA.1), ("keep", "on")], &[]).await;
    assert!(r.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=43200"), "kept for the session's 12 hours");
}

async fn cross_site_state_changes_are_refused_and_change_nothing(db: TestDb) {
    let app = seeded(spawn_app(db).await).await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let creds = [("case_number", ANNA.0), ("access_code", ANNA.1)];
    let evil = [("origin", "https://evil.example"), ("accept", "text/html")];
    let r = app.post_form("/sign-in", &creds, &evil).await;
    assert_eq!(r.status(), 403);
    assert!(r.headers().get("set-cookie").is_none());
    assert_security_headers(&r, "refusal");
    let body = r.text().await.unwrap();
    assert!(body.contains("lang=\"sv\"") && body.contains("kom från en annan webbplats"), "{body}");
    // Sign-out from another site leaves the session alone.
    let r = app.post_form("/sign-out", &[], &[("origin", "https://evil.example"), ("cookie", &cookie)]).await;
    assert_eq!(r.status(), 403);
    assert_eq!(app.get_with_cookie("/claims", &cookie).await.status(), 200, "still signed in");
    // A server function gets the JSON error.
    let r = app
        .client
        .post(format!("{}/api/my_claims", app.base))
        .header("cookie", &cookie)
        .header("sec-fetch-site", "cross-site")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let v: serde_json::Value = r.json().await.unwrap();
    assert_eq!(v["error"], "cross_site_request");
    let r = app
        .post_form("/sign-in/add-letter", &creds, &[("origin", "null"), ("cookie", &cookie), ("accept", "text/html")])
        .await;
    assert_eq!(r.status(), 403);
    // The same page's requests, a typed address, and clients that send neither header pass.
    let ours = [("origin", app.base.as_str())];
    assert_eq!(App::location(&app.post_form("/sign-in", &creds, &ours).await), "/claims");
    assert_eq!(
        App::location(&app.post_form("/sign-in", &creds, &[("sec-fetch-site", "same-origin")]).await),
        "/claims"
    );
    assert_eq!(App::location(&app.post_form("/sign-in", &creds, &[]).await), "/claims");
    let r =
        app.client.post(format!("{}/api/my_claims", app.base)).header("cookie", &cookie).header("origin", &app.base);
    assert!(r.send().await.unwrap().status().is_success());
    // GET is never refused: links from other sites still open the portal.
    let r = app.client.get(format!("{}/", app.base)).header("origin", "https://evil.example").send().await.unwrap();
    assert_eq!(r.status(), 200);
}

/// 200 wrong guesses at once for one case number from one client: exactly the free tries are checked;
/// every other answer is "wait", and the counters hold exactly that many.
async fn a_burst_of_parallel_guesses_is_counted_exactly(db: TestDb) {
    // 200 connections from one address: more than a client may hold open, or hash at once, in
    // production, so both limits are raised here to count the guesses themselves.
    let vars = [("SIGN_IN_CONCURRENCY", "512"), ("CONNECTIONS_PER_CLIENT", "256")];
    let app = seeded(spawn_app_with(db, &vars).await).await;
    let guesses: Vec<_> = (0..200)
        .map(|i| {
            let (client, url) = (app.client.clone(), format!("{}/sign-in", app.base));
            tokio::spawn(async move {
                let code = format!("WRONG-{i:04}");
                let r = client.post(url).form(&[("case_number", ANNA.0), ("access_code", code.as_str())]);
                App::location(&r.send().await.unwrap())
            })
        })
        .collect();
    let (mut wrong, mut wait) = (0, 0);
    for g in guesses {
        match g.await.unwrap().as_str() {
            "/?error=invalid_credentials#sign-in" => wrong += 1,
            l if l.starts_with("/?error=too_many_attempts") => wait += 1,
            other => panic!("unexpected answer {other}"),
        }
    }
    assert_eq!((wrong, wait), (FREE_TRIES, 200 - FREE_TRIES));
    let store = &app.state.store;
    let key = debtor_portal::server::store::case_client_key(ANNA.0, "127.0.0.1");
    assert_eq!(store.throttle_attempts(ThrottleScope::CaseClient, &key).await.unwrap(), FREE_TRIES);
    assert_eq!(store.throttle_attempts(ThrottleScope::Client, "127.0.0.1").await.unwrap(), FREE_TRIES);
    let claim = store.claim_by_case_number(ANNA.0).await.unwrap().unwrap();
    let failed = store.audit_for(claim.id.as_str()).await.unwrap();
    let count = |a: AuditAction| failed.iter().filter(|e| e.action == a).count() as i64;
    assert_eq!(count(AuditAction::SignInFailed), FREE_TRIES, "every checked guess is audited");
    assert_eq!(count(AuditAction::SignInLocked), 1, "the lock once");
}

/// An attacker hammering Anna's case number from many addresses does not keep Anna out.
async fn an_attackers_failures_do_not_keep_the_right_debtor_out(db: TestDb) {
    let app = seeded(spawn_app_with(db, &[("TRUSTED_PROXIES", "127.0.0.1")]).await).await;
    for attacker in 1..=6 {
        let from = format!("198.51.100.{attacker}");
        for i in 0..8 {
            let code = format!("GUESS-{i}");
            let r = app
                .post_form(
                    "/sign-in",
                    &[("case_number", ANNA.0), ("access_code", &code)],
                    &[("x-forwarded-for", &from)],
                )
                .await;
            let l = App::location(&r);
            assert!(l.contains("invalid_credentials") || l.contains("too_many_attempts"), "{l}");
        }
    }
    // Every attacker address now waits for this case number …
    let r = app
        .post_form(
            "/sign-in",
            &[("case_number", ANNA.0), ("access_code", ANNA.1)],
            &[("x-forwarded-for", "198.51.100.1")],
        )
        .await;
    assert!(App::location(&r).contains("too_many_attempts"));
    // … but Anna, from her own phone, signs in with her letter at once.
    let r = app
        .post_form(
            "/sign-in",
            &[("case_number", ANNA.0), ("access_code", ANNA.1)],
            &[("x-forwarded-for", "203.0.113.50")],
        )
        .await;
    assert_eq!(App::location(&r), "/claims");
    // The audit log names the attackers' addresses, not the proxy's.
    let claim = app.state.store.claim_by_case_number(ANNA.0).await.unwrap().unwrap();
    let log = app.state.store.audit_for(claim.id.as_str()).await.unwrap();
    let failed: Vec<_> = log.iter().filter(|e| e.action == AuditAction::SignInFailed).collect();
    assert_eq!(failed.len(), 6 * FREE_TRIES as usize);
    assert!(failed.iter().all(|e| e.detail["client"].as_str().unwrap().starts_with("198.51.100.")));
    let signed_in = log.iter().find(|e| e.action == AuditAction::SignedIn).unwrap();
    assert_eq!(signed_in.detail["client"], "203.0.113.50");
}

/// Without a trusted proxy, X-Forwarded-For is the client's own words and changes nothing.
async fn forwarded_for_from_an_untrusted_peer_is_ignored(db: TestDb) {
    let app = seeded(spawn_app(db).await).await;
    for i in 0..FREE_TRIES {
        let from = format!("203.0.113.{i}");
        app.post_form("/sign-in", &[("case_number", ANNA.0), ("access_code", "NOPE")], &[("x-forwarded-for", &from)])
            .await;
    }
    let r = app
        .post_form(
            "/sign-in",
            &[("case_number", ANNA.0), ("access_code", ANNA.1)],
            &[("x-forwarded-for", "203.0.113.99")],
        )
        .await;
    assert!(App::location(&r).contains("too_many_attempts"), "a new header does not buy new guesses");
}

/// When every hashing slot is taken the answer is an immediate 503 `busy` with Retry-After, and a busy
/// answer counts nothing against anyone.
async fn a_full_hashing_pool_answers_busy_and_counts_nothing(db: TestDb) {
    let app = seeded(spawn_app_with(db, &[("SIGN_IN_CONCURRENCY", "1")]).await).await;
    let held = app.state.sign_in_permits.semaphore().clone().try_acquire_owned().unwrap();
    let r = app
        .post_form("/sign-in", &[("case_number", ANNA.0), ("access_code", "NOPE")], &[("accept", "text/html")])
        .await;
    assert_eq!(r.status(), 503);
    assert_eq!(r.headers()["retry-after"], "2");
    assert!(r.text().await.unwrap().contains("Många loggar in just nu"));
    let key = debtor_portal::server::store::case_client_key(ANNA.0, "127.0.0.1");
    assert_eq!(app.state.store.throttle_attempts(ThrottleScope::CaseClient, &key).await.unwrap(), 0);
    drop(held);
    assert_eq!(App::location(&app.sign_in(ANNA.0, ANNA.1).await), "/claims");
}

/// Sign-in replaces the browser's earlier session; sign-out is audited with the client's address.
async fn a_new_sign_in_ends_the_old_session_and_sign_out_is_audited(db: TestDb) {
    let app = seeded(spawn_app(db).await).await;
    let first = app.session(ANNA.0, ANNA.1).await;
    let r = app.post_form("/sign-in", &[("case_number", ERIK.0), ("access_code", ERIK.1)], &[("cookie", &first)]).await;
    assert_eq!(App::location(&r), "/claims");
    assert_eq!(app.get_with_cookie("/claims", &first).await.status(), 401, "the earlier session ended");
    let second = r.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let page = app.get_with_cookie("/claims", &second).await.text().await.unwrap();
    assert!(page.contains(ERIK.0) && !page.contains(ANNA.0));
    app.post_form("/sign-out", &[], &[("cookie", &second)]).await;
    let erik = app.state.store.claim_by_case_number(ERIK.0).await.unwrap().unwrap();
    let rows: Vec<(String, String)> =
        sqlx::query_as("SELECT action, detail FROM audit_log WHERE actor_id = $1 ORDER BY id")
            .bind(&erik.debtor_id)
            .fetch_all(app.state.store.pool())
            .await
            .unwrap();
    let out = rows.iter().find(|(a, _)| a == "signed_out").expect("sign-out audited");
    assert!(out.1.contains("127.0.0.1"), "{}", out.1);
}

/// An expired or replaced code says so (the right person with an old letter) and counts nothing.
async fn an_old_code_is_told_apart_and_not_counted(db: TestDb) {
    let app = seeded(spawn_app(db).await).await;
    let claim = app.state.store.claim_by_case_number(ANNA.0).await.unwrap().unwrap();
    let hash = debtor_portal::server::auth::hash_secret("NEWCODE1").unwrap();
    app.state.store.replace_access_code(&claim.id, &hash, app.state.clock.now() + 3600).await.unwrap();
    for _ in 0..FREE_TRIES + 1 {
        assert_eq!(App::location(&app.sign_in(ANNA.0, ANNA.1).await), "/?error=code_expired#sign-in");
    }
    let page = app.get("/?error=code_expired").await.text().await.unwrap();
    assert!(page.contains("Koden gäller inte längre"));
    assert_eq!(App::location(&app.sign_in(ANNA.0, "new-code1").await), "/claims", "not locked by old-code tries");
    app.state.clock.advance(3600);
    assert_eq!(App::location(&app.sign_in(ANNA.0, "NEWCODE1").await), "/?error=code_expired#sign-in", "expired");
}

/// A flood of sign-ins is bounded by the hashing pool, and the server keeps answering other requests.
/// The figures for the closing note come from `cargo bench --bench sign_in_flood`; this only guards
/// against the flood stalling everything.
async fn healthz_keeps_answering_during_a_sign_in_flood(db: TestDb) {
    let vars = [("SIGN_IN_CONCURRENCY", "2"), ("TRUSTED_PROXIES", "127.0.0.1")];
    let app = seeded(spawn_app_with(db, &vars).await).await;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let answered = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let flood: Vec<_> = (0..32)
        .map(|i| {
            let (client, url, stop) = (app.client.clone(), format!("{}/sign-in", app.base), stop.clone());
            let answered = answered.clone();
            tokio::spawn(async move {
                let mut n = 0;
                while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                    // Every request from another address, so each one reaches the hashing pool.
                    let from = format!("10.{i}.{}.{}", n / 256 % 256, n % 256);
                    let form = [("case_number", ANNA.0), ("access_code", "FLOOD")];
                    let _ = client.post(&url).header("x-forwarded-for", from).form(&form).send().await;
                    answered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    n += 1;
                }
            })
        })
        .collect();
    // The flood is under way once some of its attempts have been answered.
    let until = std::time::Instant::now() + std::time::Duration::from_secs(120);
    while answered.load(std::sync::atomic::Ordering::Relaxed) < 8 && std::time::Instant::now() < until {
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    // Every health check is answered during the flood. The deadline is generous (a slow machine may
    // be slow, never red); a stalled server would not answer at all before the request timeout.
    for _ in 0..40 {
        let answer = tokio::time::timeout(std::time::Duration::from_secs(20), app.get("/healthz")).await;
        assert_eq!(answer.expect("healthz answered during the flood").status(), 200);
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for f in flood {
        f.await.unwrap();
    }
}

on_both_backends!(
    crate::app::db;
    over_plain_http_the_cookie_is_loopback_only_and_keep_me_signed_in_lasts,
    cross_site_state_changes_are_refused_and_change_nothing,
    a_burst_of_parallel_guesses_is_counted_exactly,
    an_attackers_failures_do_not_keep_the_right_debtor_out,
    forwarded_for_from_an_untrusted_peer_is_ignored,
    a_full_hashing_pool_answers_busy_and_counts_nothing,
    a_new_sign_in_ends_the_old_session_and_sign_out_is_audited,
    an_old_code_is_told_apart_and_not_counted,
    healthz_keeps_answering_during_a_sign_in_flood,
);
on_one_backend!(
    crate::app::db;
    every_kind_of_answer_carries_the_security_headers,
    behind_tls_the_cookie_is_host_prefixed_and_hsts_is_sent,
);
