//! Sign-in, sessions and authorization of the debtor pages, over real HTTP (issue 4).
#![cfg(feature = "ssr")]

#[path = "support/app.rs"]
mod app;

use app::spawn_app;
use debtor_portal::server::auth::{Method, Sessions, Subject, ABSOLUTE_TIMEOUT_SECS, IDLE_TIMEOUT_SECS};
use debtor_portal::server::demo;
use debtor_portal::server::ids::{now, today};

/// Anna: cases 40010001 and 40010009. Erik: 40010002.
const ANNA: (&str, &str) = ("40010001", "K7QM-4TXP");
const ERIK: (&str, &str) = ("40010002", "R3WZ-8HNC");

async fn seeded() -> app::App {
    let app = spawn_app().await;
    demo::seed(&app.state.store, today()).await.unwrap();
    app
}

async fn claim_id(app: &app::App, case: &str) -> String {
    app.state.store.claim_by_case_number(case).await.unwrap().unwrap().0.id
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_sets_a_safe_session_cookie_and_shows_only_own_claims() {
    let app = seeded().await;
    let r = app.sign_in(ANNA.0, "k7qm 4txp").await;
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/claims");
    let set = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    for attr in ["HttpOnly", "SameSite=Lax", "Path=/"] {
        assert!(set.contains(attr), "{set}");
    }
    let cookie = set.split(';').next().unwrap();
    let page = app.get_with_cookie("/claims", cookie).await.text().await.unwrap();
    assert!(page.contains("40010001") && page.contains("40010009"), "both of Anna's claims, across creditors");
    assert!(!page.contains("40010002"), "not Erik's");
    assert!(page.contains("Nordljus Energi AB") && page.contains("Kvikk Mobil Sverige AB"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_debtor_can_never_read_another_debtors_claim() {
    let app = seeded().await;
    let anna = app.session(ANNA.0, ANNA.1).await;
    let eriks = claim_id(&app, ERIK.0).await;
    let own = claim_id(&app, ANNA.0).await;

    let r = app.get_with_cookie(&format!("/claims/{eriks}"), &anna).await;
    assert_eq!(r.status(), 404);
    let body = r.text().await.unwrap();
    assert!(!body.contains("Mobilabonnemang, 3 månader") && !body.contains("4\u{202f}890"), "nothing of Erik's claim leaks");

    let own_page = app.get_with_cookie(&format!("/claims/{own}"), &anna).await;
    assert_eq!(own_page.status(), 200);
    assert!(own_page.text().await.unwrap().contains("Elräkning januari"));

    // The server functions behind the pages, called directly.
    let api = |path: &str| format!("{}/api/{path}", app.base);
    let r = app.client.post(api("claim_details")).header("cookie", &anna).form(&[("id", &eriks)]).send().await.unwrap();
    assert!(!r.status().is_success());
    let body = r.text().await.unwrap();
    assert!(body.contains("not_found") && !body.contains("Mobilabonnemang"), "{body}");
    let r = app.client.post(api("my_claims")).header("cookie", &anna).send().await.unwrap();
    assert!(r.status().is_success());
    let list: serde_json::Value = r.json().await.unwrap();
    let cases: Vec<&str> = list.as_array().unwrap().iter().map(|c| c["case_number"].as_str().unwrap()).collect();
    assert_eq!(cases.len(), 2);
    assert!(!cases.contains(&ERIK.0));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn without_a_session_nothing_is_shown() {
    let app = seeded().await;
    let own = claim_id(&app, ANNA.0).await;
    let r = app.get(&format!("/claims/{own}")).await;
    assert_eq!(r.status(), 401);
    assert!(!r.text().await.unwrap().contains("Elräkning januari"));
    assert_eq!(app.get("/claims").await.status(), 401);
    let forged = app.get_with_cookie("/claims", &format!("portal_session={}", "ab".repeat(32))).await;
    assert_eq!(forged.status(), 401);
    let r = app.client.post(format!("{}/api/my_claims", app.base)).send().await.unwrap();
    assert!(r.text().await.unwrap().contains("unauthenticated"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wrong_code_and_unknown_case_get_the_same_answer() {
    let app = seeded().await;
    let wrong_code = app.sign_in(ANNA.0, "AAAA-BBBB").await;
    let unknown_case = app.sign_in("49999999", ANNA.1).await;
    for r in [wrong_code, unknown_case] {
        assert_eq!(r.status(), 303);
        assert_eq!(r.headers()["location"], "/?error=invalid_credentials#sign-in");
        assert!(r.headers().get("set-cookie").is_none());
    }
    let empty = app.sign_in("", "").await;
    assert_eq!(empty.headers()["location"], "/?error=missing_credentials#sign-in");
    let page = app.get("/?error=invalid_credentials").await.text().await.unwrap();
    assert!(page.contains("Ärendenumret eller koden stämmer inte"), "the error is shown, translated");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_failures_lock_the_case_number_and_the_client() {
    let app = seeded().await;
    for _ in 0..5 {
        app.sign_in(ANNA.0, "WRONG-CODE").await;
    }
    let r = app.sign_in(ANNA.0, ANNA.1).await;
    let location = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/?error=too_many_attempts&minutes=15"), "{location}");
    assert!(r.headers().get("set-cookie").is_none(), "the right code does not get through a lock");
    // The same address is locked for other case numbers too.
    let r = app.sign_in(ERIK.0, ERIK.1).await;
    assert!(r.headers()["location"].to_str().unwrap().contains("too_many_attempts"));
    let page = app.get("/?error=too_many_attempts&minutes=15").await.text().await.unwrap();
    assert!(page.contains("spärrad i 15 minuter"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn lock_per_case_number_lifts_after_fifteen_minutes() {
    use debtor_portal::server::auth::{sign_in_with_letter, SignInError};
    let app = seeded().await;
    let store = &app.state.store;
    let t0 = now();
    for i in 0..5 {
        // Five different addresses: only the case number's own limit applies.
        let r = sign_in_with_letter(store, ANNA.0, "nope", &format!("10.0.0.{i}"), t0 + i).await;
        assert_eq!(r, Err(SignInError::Invalid));
    }
    let r = sign_in_with_letter(store, ANNA.0, ANNA.1, "10.0.0.9", t0 + 10).await;
    assert_eq!(r, Err(SignInError::Locked { minutes: 15 }));
    let later = sign_in_with_letter(store, ANNA.0, ANNA.1, "10.0.0.9", t0 + 4 + 15 * 60).await;
    assert!(later.is_ok(), "{later:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sessions_expire_when_idle_and_absolutely() {
    let app = seeded().await;
    let sessions: &Sessions = &app.state.sessions;
    let who = Subject::Debtor("d".into());
    let t0 = 1_000_000;

    let idle = sessions.start(&who, Method::LetterCode, t0).await.unwrap();
    assert!(sessions.resolve(&idle, t0 + IDLE_TIMEOUT_SECS - 1).await.unwrap().is_some());
    let t1 = t0 + IDLE_TIMEOUT_SECS - 1;
    assert!(sessions.resolve(&idle, t1 + IDLE_TIMEOUT_SECS - 1).await.unwrap().is_some(), "use keeps it alive");
    let t2 = t1 + IDLE_TIMEOUT_SECS - 1;
    assert!(sessions.resolve(&idle, t2 + IDLE_TIMEOUT_SECS).await.unwrap().is_none(), "30 minutes idle ends it");
    assert!(sessions.resolve(&idle, t2 + 1).await.unwrap().is_none(), "an ended session stays ended");

    let busy = sessions.start(&who, Method::LetterCode, t0).await.unwrap();
    let mut t = t0;
    while t + 20 * 60 < t0 + ABSOLUTE_TIMEOUT_SECS {
        t += 20 * 60;
        assert!(sessions.resolve(&busy, t).await.unwrap().is_some());
    }
    assert!(sessions.resolve(&busy, t0 + ABSOLUTE_TIMEOUT_SECS).await.unwrap().is_none(), "12 hours is the limit");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_out_ends_the_session() {
    let app = seeded().await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    assert_eq!(app.get_with_cookie("/claims", &cookie).await.status(), 200);
    let r = app.client.post(format!("{}/sign-out", app.base)).header("cookie", &cookie).send().await.unwrap();
    assert_eq!(r.status(), 303);
    assert!(r.headers()["set-cookie"].to_str().unwrap().contains("Max-Age=0"));
    assert_eq!(app.get_with_cookie("/claims", &cookie).await.status(), 401, "the old cookie is worthless");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_claim_page_shows_the_engines_statement_and_reference() {
    use debtor_portal::domain::reference::{reference, ReferenceScheme};
    use debtor_portal::domain::statement::statement;
    let app = seeded().await;
    let cookie = app.session(ANNA.0, ANNA.1).await;
    let store = &app.state.store;
    let (rec, _) = store.claim_by_case_number(ANNA.0).await.unwrap().unwrap();
    let table = store.rate_table("se-reference").await.unwrap();
    let st = statement(&store.domain_claim(&rec).await.unwrap(), &table, today()).unwrap();
    let page = app.get_with_cookie(&format!("/claims/{}", rec.id), &cookie).await.text().await.unwrap();
    for (id, m) in [
        ("principal-outstanding", st.principal.outstanding),
        ("interest-accrued", st.interest.accrued),
        ("fees-outstanding", st.fees.outstanding),
        ("total-outstanding", st.total_outstanding),
    ] {
        let needle = format!(r#"data-testid="{id}" data-amount="{m}""#);
        assert!(page.contains(&needle), "{needle} not on the page");
    }
    let ocr = reference(ReferenceScheme::SeOcr { length_digit: true }, ANNA.0).unwrap();
    assert!(page.contains(&ocr), "OCR {ocr} from the engine");
    assert!(page.contains("Påminnelseavgift") && page.contains("Inkassoavgift"), "fees by their legal names");
    assert!(page.contains("Kronofogden") && page.contains("Finansinspektionen"));
}
